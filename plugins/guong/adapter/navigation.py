"""Navigation generated from content: nobody edits a nav list to publish a profile.

Material renders the whole tree into every page, so its cost is (nav items × pages): the
tree holds only the index of each taxonomy; profiles, chuyên mục pages and campaigns are
reached from those indexes (40 items instead of 10 made a 1,000-profile build 25% slower).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..content.taxonomy import BUILTIN, TaxonomySpec
from ..outputs.sections import PageSpec

YEARBOOK_SECTION = ("Kỷ yếu", "ky-yeu/")


def sections(registry: tuple[TaxonomySpec, ...] = BUILTIN) -> tuple[tuple[str, str], ...]:
    """(title of the nav section, URL prefix of the pages it holds), in menu order: each
    taxonomy registered with a `menu` position, then the yearbooks."""
    specs = sorted((s for s in registry if s.pages and s.menu), key=lambda s: s.menu)
    return (*tuple((s.title, s.index_url) for s in specs), YEARBOOK_SECTION)


SECTIONS = sections()  # the built-in menu
_SAFE_META_KEYS = {"title", "description", "template", "hide", "search"}


def safe_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Meta of staff pages: only keys Material needs, text escaped, `private` gone."""
    clean: dict[str, Any] = {}
    for key, value in meta.items():
        if key not in _SAFE_META_KEYS:
            continue
        if isinstance(value, str):
            clean[key] = html.escape(value)
        elif key in ("hide", "search") and isinstance(value, (list, dict)):
            clean[key] = value
    return clean


def build(
    nav: Navigation, files: Files, specs: dict[str, PageSpec], registry: tuple[TaxonomySpec, ...] = BUILTIN
) -> Navigation:
    """Replace MkDocs' automatic nav with home, sections per taxonomy, then staff pages."""
    in_nav = [
        f.page for f in files.documentation_pages() if f.inclusion.is_in_nav() and isinstance(f.page, Page)
    ]
    by_src = {p.file.src_uri: p for p in in_nav}
    items: list = []
    used: set[str] = set()

    def take(src: str) -> Page | None:
        page = by_src.get(src)
        if page is not None and src not in used:
            used.add(src)
            return page
        return None

    for src in ("index.md", "guong/index.md"):
        if page := take(src):
            items.append(page)
    for title, prefix in sections(registry):
        children = []
        if index := take(f"{prefix}index.md"):
            children.append(index)
        for spec in specs.values():
            if spec.in_nav and spec.src_uri.startswith(prefix) and (page := take(spec.src_uri)):
                children.append(page)
        if len(children) == 1:
            items.append(children[0])  # a lone index page is a plain link: cheaper to render
        elif children:
            items.append(Section(title, list(children)))
    items += [p for p in in_nav if p.file.src_uri not in used]  # staff pages, in file order

    pages: list[Page] = []
    _link(items, None, pages)
    for previous, current in zip([None, *pages[:-1]], pages, strict=True):
        current.previous_page = previous
        if previous is not None:
            previous.next_page = current
    if pages:
        pages[-1].next_page = None
    return Navigation(items, pages)


def _link(items: list, parent: Section | None, pages: list[Page]) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item, pages)
        elif isinstance(item, Page):
            pages.append(item)
