"""Typed configuration of the `guong` plugin (mkdocs.yml -> plugins -> guong)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from .content.sanitize import DEFAULT_VIDEO_HOSTS


class SearchConfig(Config):
    fold = c.Type(bool, default=True)
    """Vietnamese search without diacritics: "nong thon moi" finds "nông thôn mới". Adds
    folded twins of marked words to Material's search index and a small query script."""


class GuongConfig(Config):
    page_size = c.Type(int, default=12)
    """Entries per page on chuyên mục pages; page 2 is at `<section>/page/2/`."""

    home_latest = c.Type(int, default=8)
    """How many of the newest exemplars the home page shows."""

    upcoming_days = c.Type(int, default=60)
    """The home page shows the occasions (dịp kỷ niệm) of this many days from the build date."""

    search = c.SubConfig(SearchConfig)
    """Search options (Material's search plugin must be enabled too)."""

    related_count = c.Type(int, default=4)
    """How many related exemplars a profile page shows."""

    fields = c.Optional(c.Type(dict))
    """Lĩnh vực `key: "Label"`, merged over the defaults (a null label removes a default)."""

    levels = c.Optional(c.Type(dict))
    """Cấp công nhận, lowest first, merged over the defaults."""

    kinds = c.Optional(c.Type(dict))
    """Đối tượng, merged over the defaults."""

    occasions = c.Optional(c.Type(dict))
    """Ngày kỷ niệm `key: {date: "11/6", label: "..."}`, merged over the defaults."""

    replace_default_taxonomies = c.Type(bool, default=False)
    """Use only the configured taxonomy values, dropping the defaults."""

    video_hosts = c.ListOfItems(c.Type(str), default=list(DEFAULT_VIDEO_HOSTS))
    """Hosts from which story iframes may load; every other iframe loses its `src`."""

    build_date = c.Optional(c.Type(str))
    """Pretend today is this date (e.g. `2025-06-01`) for scheduled profiles; also read from
    SOURCE_DATE_EPOCH. Default: the clock."""

    max_image_pixels = c.Type(int, default=50_000_000)
    """Photos with more pixels are refused (decompression bombs)."""
