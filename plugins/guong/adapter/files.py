"""MkDocs' file list for one build: what is dropped (the allowlist), what is added (our
assets, generated pages, /admin/), and where profiles are written."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..content.catalog import Catalog, Settings, campaign_titles
from ..content.paths import PathProblem, resolve_local
from ..content.publication import Publication
from ..content.taxonomy import Taxonomies
from ..outputs import cms
from ..outputs.sections import PageSpec
from .config import AdminConfig

log = get_plugin_logger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parent.parent
ASSETS = PACKAGE_DIR / "assets"
CSS_URI = "assets/guong/guong.css"
SHARE_JS_URI = "assets/guong/share.js"
PAGEFIND_JS_URI = "assets/guong/pagefind-search.js"  # only with search.engine: pagefind
FOLD_JS_URI = "assets/guong/fold.js"  # shared by both search scripts, loaded before them
SCRIPTS = ("assets/guong/search.js", "assets/guong/filters.js")
YEARBOOK_CSS_URI = "assets/guong/yearbook.css"


class ProcessedImage(File):
    """A photo MkDocs knows (links to it resolve) but never copies: images.Photos publishes
    cleaned variants instead, and pages are rewritten to point at them."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


def inside_docs(config: MkDocsConfig, key: str, value: str) -> Path:
    """A path from mkdocs.yml that must lie inside the content folder."""
    try:
        return Path(config.docs_dir) / resolve_local(Path(config.docs_dir), "", value)
    except PathProblem as exc:
        raise PluginError(f"Cấu hình {key} trong mkdocs.yml: {exc}") from None


def keep_allowlisted(files: Files, config: MkDocsConfig, catalog: Catalog) -> None:
    """Keep only what the allowlist names from the docs folder: pages are rendered, photos
    become ProcessedImage (known to link checks, never copied), audio and attachments are
    copied; everything else (backups, scans, unreferenced files, HTML, SVG) is dropped."""
    publication: Publication = catalog.publication
    configured = configured_files(config)
    for profile in catalog.unpublished:  # drafts and scheduled: not even a page
        if file := files.get_file_from_path(profile.source):
            files.remove(file)
    docs = os.path.realpath(config.docs_dir)
    for file in list(files):
        if file.src_dir is None or os.path.realpath(file.src_dir) != docs:
            continue  # theme assets and generated files
        src = unicodedata.normalize("NFC", file.src_uri)
        path = os.path.join(docs, file.src_uri)
        if not os.path.realpath(path).startswith(docs + os.sep):
            files.remove(file)  # a symlink leading outside: never read, never copied
        elif os.path.realpath(os.path.dirname(path)) != os.path.dirname(path):
            files.remove(file)  # inside a symlinked folder, which the core does not read
        elif file.is_documentation_page() or src in configured:
            continue
        elif src in publication.photos:
            files.remove(file)
            files.append(
                ProcessedImage(
                    file.src_uri,
                    file.src_dir,
                    file.dest_dir,
                    file.use_directory_urls,
                    inclusion=file.inclusion,
                )
            )
        elif src not in publication.copied:
            files.remove(file)
    log.info(publication.summary())


def configured_files(config: MkDocsConfig) -> set[str]:
    """Files that mkdocs.yml itself names (theme logo and favicon, extra CSS and scripts):
    site machinery chosen by whoever runs the site, published like the theme's assets."""
    named = [
        config.theme.get("logo"),
        config.theme.get("favicon"),
        *config.extra_css,
        *(str(script) for script in config.extra_javascript),
    ]
    return {
        unicodedata.normalize("NFC", str(uri).lstrip("/")) for uri in named if uri and "://" not in str(uri)
    }


def add_assets(files: Files, config: MkDocsConfig, uris: list[str]) -> None:
    """Our CSS and scripts, from the package's assets folder."""
    for uri in uris:
        files.append(File.generated(config, uri, abs_src_path=str(ASSETS / Path(uri).name)))


def add_pages(files: Files, config: MkDocsConfig, specs: dict[str, PageSpec]) -> None:
    """Generated pages get an empty source; profiles keep theirs but go to /guong/<slug>/."""
    for spec in specs.values():
        inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
        if spec.generated:
            files.append(File.generated(config, spec.src_uri, content="", inclusion=inclusion))
            continue
        original = files.get_file_from_path(spec.src_uri)
        if original is None:
            continue
        original.inclusion = inclusion
        if spec.dest_url is not None:  # profiles: /guong/<slug>/ whatever the sub-folder
            files.remove(original)
            dest = (
                f"{spec.dest_url}index.html"
                if config.use_directory_urls
                else f"{spec.dest_url.rstrip('/')}.html"
            )
            files.append(
                File(
                    original.src_uri,
                    original.src_dir,
                    original.dest_dir,
                    original.use_directory_urls,
                    dest_uri=dest,
                    inclusion=inclusion,
                )
            )


EDIT_API_ENV = "GUONG_EDIT_API"  # set by `guong edit` for its `mkdocs serve` (editserver.py)


def edit_api(admin: AdminConfig, serving: bool) -> str | None:
    """The local file API of a running `guong edit`, honoured only under `mkdocs serve`: a
    published build never points /admin/ at 127.0.0.1."""
    if not (serving and admin.local_backend):
        return None
    return os.environ.get(EDIT_API_ENV) or None


def add_admin(
    files: Files,
    config: MkDocsConfig,
    admin: AdminConfig,
    taxonomies: Taxonomies,
    campaigns: dict[str, str],
    serving: bool,
) -> None:
    """/admin/: Decap CMS served from the site, its config from our taxonomies; or the page
    saying that no git server is configured (cms.admin_outputs)."""
    if not admin.enabled:
        return
    api = edit_api(admin, serving)
    if (api or admin.backend) and not cms.vendored_files():
        log.info("Chưa có Decap CMS (chạy scripts/vendor-decap.sh hoặc make): bỏ qua /admin/.")
        return
    root = Path(config.config_file_path or ".").resolve().parent
    docs = Path(config.docs_dir).resolve()
    docs_rel = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else "content"
    try:
        outputs = cms.admin_outputs(
            taxonomies,
            campaigns,
            config.site_name,
            config.site_url or "",
            docs_rel,
            admin.backend,
            api,
            PACKAGE_DIR / "templates",
            config.theme.get("favicon") or "",
        )
    except ValueError as exc:
        raise PluginError(f"/admin/: {exc}") from None
    for uri, content in outputs.items():
        if isinstance(content, Path):
            files.append(File.generated(config, uri, abs_src_path=str(content)))
        else:
            files.append(File.generated(config, uri, content=content))


def add_admin_to_fix(
    files: Files, config: MkDocsConfig, options: Any, taxonomies: Taxonomies, now: Any
) -> None:
    """Under `guong edit` with a content error: /admin/ beside the error page, so staff can
    fix the file in the editor (campaigns read on their own: the catalog did not load)."""
    settings = Settings(taxonomies, now, options.max_image_pixels)
    campaigns = campaign_titles(config.docs_dir, settings)
    add_admin(files, config, options.admin, taxonomies, campaigns, True)
