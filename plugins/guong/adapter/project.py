"""A site's settings read from mkdocs.yml without building, for the staff command line.

MkDocs' own `load_config` is used (not a bare YAML loader) so `!!python/name:` tags, defaults
and option types are exactly what the build sees; the plugin's typed config comes with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..content.catalog import Settings
from ..content.clock import build_now
from ..content.taxonomy import Taxonomies
from .config import GuongConfig


class ProjectError(Exception):
    """mkdocs.yml is missing, broken or does not enable the guong plugin."""


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path
    site_url: str
    options: GuongConfig
    taxonomies: Taxonomies
    site_name: str = ""

    def settings(self) -> Settings:
        """The same 'today' as the build (build_date, SOURCE_DATE_EPOCH, then the clock)."""
        return Settings(self.taxonomies, build_now(self.options.build_date), self.options.max_image_pixels)


def load_project(config_file: str | Path = "mkdocs.yml") -> Project:
    """Read mkdocs.yml and the guong plugin options; raise ProjectError in Vietnamese."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    path = Path(config_file)
    if not path.is_file():
        raise ProjectError(f"không tìm thấy '{path}'; chạy lệnh ở thư mục gốc của trang hoặc dùng --config")
    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        config = load_config(str(path))
    except (MkDocsException, SystemExit, OSError) as exc:  # load_config aborts with SystemExit
        raise ProjectError(f"'{path}' không hợp lệ: {exc}") from None
    finally:
        quiet.setLevel(level)
    plugin = config.plugins.get("guong")
    if plugin is None:
        raise ProjectError(f"'{path}' không bật plugin 'guong' (mục plugins)")
    options = plugin.config
    try:
        taxonomies = options.build_taxonomies()
    except ValueError as exc:
        raise ProjectError(f"cấu hình plugin guong trong mkdocs.yml: {exc}") from None
    return Project(
        path.resolve().parent,
        Path(config.docs_dir),
        config.site_url or "",
        options,
        taxonomies,
        config.site_name or "",
    )
