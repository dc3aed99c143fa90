"""Exhibitions of one build between MkDocs events and outputs/exhibition.py, outputs/posters.py:
planned with the pages (slideshows, embeds), installed in the Jinja environment (the links
section and profile pages show), published last (QR codes, then posters when asked)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..content.catalog import Catalog
from ..outputs import exhibition, images, pdf, posters
from ..outputs.sections import PageSpec
from .config import ExhibitionConfig
from .files import add_assets

log = get_plugin_logger(__name__)


class Exhibits:
    """Made in on_pre_build: poster fonts are checked there, before anything is written."""

    def __init__(self, options: ExhibitionConfig, config: MkDocsConfig, catalog: Catalog, font: str | None):
        self.options = options
        self.catalog = catalog
        self.planner = exhibition.Planner(
            catalog, config.site_url or "", config.site_name, options.seconds, options.embed_limit
        )
        self.fonts: pdf.FontSet | None = None
        if options.posters is not False and catalog.profiles:
            problem = pdf.weasyprint_problem()
            if problem is not None:
                if options.posters is True:
                    raise PluginError(f"Áp phích PDF (exhibition.posters: true): {problem}")
                log.info(f"Áp phích: chưa tạo vì {problem}.")
            else:
                try:
                    self.fonts = posters.poster_fonts(font, Path(config.config_file_path or ".").parent)
                except pdf.FontError as exc:
                    raise PluginError(f"Áp phích PDF: {exc}") from None

    @property
    def posters(self) -> bool:
        """Whether this build publishes posters (profile pages link them)."""
        return self.fonts is not None

    @property
    def links(self) -> dict[str, exhibition.Links]:
        return self.planner.links

    def plan(self, files: Files, config: MkDocsConfig) -> list[PageSpec]:
        specs = self.planner.plan()
        if specs:
            add_assets(files, config, [exhibition.CSS_URI, exhibition.JS_URI])
        return specs

    def install(self, env: Environment) -> None:
        env.globals["guong_exhibits"] = self

    def publish(
        self, config: MkDocsConfig, env: Environment, cache: images.Cache, photos: images.Photos
    ) -> None:
        site = Path(config.site_dir)
        exhibition.publish_qr(self.planner.qr_jobs(), site, cache)
        if self.fonts is None:
            return

        def photo_of(profile) -> str:
            return photos.picture(profile.image).largest.jpeg if profile.image else ""

        for complaint in posters.publish(
            self.catalog.profiles,
            photo_of,
            site,
            config.site_url or "",
            config.site_name,
            self.fonts,
            cache,
            env,
        ):
            log.info(f"Áp phích PDF {complaint}")
