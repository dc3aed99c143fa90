"""MkDocs' side of the page cache (outputs/page_cache.py): the facts of a page MkDocs hands
the theme, a cached page rendered through a one-line template, and a rendered one stored.

On a hit, `page.meta["template"]` becomes `guong/cached.html`, which prints the stored
output; every other step of MkDocs' page loop still runs (the search plugin indexes the
page, `on_post_page` of every plugin sees the same text), so the site is the same bytes as
a build without the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from ..content.model import Profile
from ..outputs import images
from ..outputs.page_cache import (
    Fingerprint,
    PageCache,
    Unfingerprintable,
    config_digest,
    folder_digest,
)

TEMPLATE = "guong/cached.html"
CONTEXT_KEY = "guong_cached_html"
FALLBACK_KEY = "guong_cached_template"


def _toc(links: list[AnchorLink]) -> list:
    return [(a.title, a.id, a.level, _toc(a.children)) for a in links]


def _nav(items: list) -> list:
    return [
        (
            type(item).__name__,
            item.title,
            getattr(item, "url", None),
            _nav(getattr(item, "children", None) or []),
        )
        for item in items
    ]


def _neighbour(page: Any) -> tuple | None:
    return None if page is None else (page.title, page.url)


class CachedPages:
    """This build's page cache: one build key (code, theme, config, nav, catalog-wide facts),
    then a key per page from what its render sees."""

    def __init__(self, cache: images.Cache, photos: images.Photos, site_facts: Callable[[], Any], code: str):
        self.cache = cache
        self.code = code  # outputs/page_cache.code_digest(), once per build (the feeds use it too)
        self.photos = photos
        self.site_facts = site_facts  # catalog-wide values templates read (terms, campaigns, links)
        self.fingerprint = Fingerprint(self._extra)
        self.pages: PageCache | None = None  # made at the first page, once the nav is known
        self.pending: dict[str, str] = {}  # src_uri -> key of a page to render and store
        # src_uri -> (key, real template) of a page found in the cache; its text is read when
        # the page is written, so the outputs of a whole site are never in memory at once
        self.hits: dict[str, tuple[str, str]] = {}
        self.keys: dict[str, str] = {}  # src_uri -> key of each page looked up (placed_pages.py)

    def _extra(self, value: Any) -> Any:
        """Templates ask for a profile photo's variants: its content hash is part of the key."""
        if isinstance(value, Profile) and value.image:
            try:
                return self.photos.picture(value.image).key
            except images.ImageProblem as exc:
                raise Unfingerprintable(str(exc)) from None
        return None

    def start(self, config: MkDocsConfig, nav: Navigation, derived: dict[str, Any]) -> PageCache:
        """This build's page cache, made once the nav is known."""
        if self.pages is None:
            self.pages = self._start(config, nav, derived)
        return self.pages

    def _start(self, config: MkDocsConfig, nav: Navigation, derived: dict[str, Any]) -> PageCache:
        custom = config.theme.custom_dir
        derived = {
            **derived,
            "site_url": config.site_url,
            "use_directory_urls": config.use_directory_urls,
            "extra_css": [str(x) for x in config.extra_css],
            "extra_javascript": [str(x) for x in config.extra_javascript],
            "theme_dirs": [str(d) for d in config.theme.dirs],
            # the resolved values templates print, for a mkdocs.yml that INHERITs another
            # file (its own bytes are in the key too): theme options, extra, site facts
            "theme": {k: config.theme[k] for k in config.theme},
            "extra": dict(config.extra),
            "site": [
                config.site_name,
                config.site_description,
                config.site_author,
                config.copyright,
                config.repo_url,
                config.repo_name,
                config.edit_uri,
            ],
        }
        try:
            facts = self.fingerprint.digest(self.site_facts())
        except Unfingerprintable:  # every page is rendered
            facts = None
        build_key = "|".join(
            [
                self.code,
                folder_digest(Path(custom)) if custom else "-",
                config_digest(config.config_file_path, derived),
                self.fingerprint.digest(_nav(nav.items)),
                facts or "uncacheable",
            ]
        )
        pages = PageCache(self.cache, build_key)
        pages.disabled = facts is None
        return pages

    def lookup(
        self, page: Page, config: MkDocsConfig, nav: Navigation, view_facts: Any, derived: dict
    ) -> None:
        """Look the page up once its content is final; on a hit its template becomes the
        one-line `guong/cached.html` (MkDocs picks the template before `on_page_context`)."""
        pages = self.start(config, nav, derived)
        if pages.disabled:
            return
        facts = (
            page.url,
            page.file.src_uri,
            page.file.dest_uri,
            page.title,
            page.meta,
            page.content,
            _toc(list(page.toc)),
            page.canonical_url,
            page.edit_url,
            page.is_homepage,
            _neighbour(page.previous_page),
            _neighbour(page.next_page),
            [(a.title, getattr(a, "url", None)) for a in page.ancestors],
            view_facts,
        )
        key = pages.key(self.fingerprint, facts)
        if key is None:
            return
        self.keys[page.file.src_uri] = key
        if not pages.has(key):
            self.pending[page.file.src_uri] = key
            return
        self.hits[page.file.src_uri] = (key, page.meta.get("template", "main.html"))
        page.meta["template"] = TEMPLATE

    def context(self, context: Any, page: Page) -> None:
        """A hit's stored text for `guong/cached.html` to print; if the entry turned out
        damaged, the page's own template for it to include (and the output is stored)."""
        hit = self.hits.pop(page.file.src_uri, None)
        if hit is None or self.pages is None:
            return
        key, template = hit
        page.meta["template"] = template  # what every later reader of the meta expects
        stored = self.pages.get(key)
        if stored is not None:
            context[CONTEXT_KEY] = stored
        else:
            context[FALLBACK_KEY] = template
            self.pending[page.file.src_uri] = key

    def after_render(self, output: str, page: Page, store: bool = True) -> None:
        """Store what the theme rendered for a page looked up and missed (unless its output
        is kept with the page's placing record instead: adapter/placed_pages.py)."""
        key = self.pending.pop(page.file.src_uri, None)
        if key is not None and self.pages is not None:
            if store:
                self.pages.put(key, output)
            else:
                self.pages.rendered += 1

    def summary(self) -> str:
        if self.pages is None:
            return ""
        p = self.pages
        return f"trang: dựng {p.rendered}, dùng lại {p.reused} từ bộ nhớ đệm, {p.uncacheable} không lưu được"
