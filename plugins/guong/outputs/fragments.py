"""HTML fragments (a rendered story) parsed, changed and written back one way for every
output: the photo pipeline's <picture>, the feeds' absolute links, the yearbook's rebased
links. lxml only; no HTML is assembled by hand."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

URL_ATTRIBUTES = ("href", "src", "poster", "cite")


def parse(fragment: str) -> HtmlElement:
    """The fragment under one wrapping <div> (a story has many top-level blocks)."""
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def serialize(root: HtmlElement) -> str:
    """The wrapper's content as HTML. libxml2 does not know <source> is void; browsers ignore
    the stray end tag it writes, we drop it."""
    text = html.escape(root.text, quote=False) if root.text else ""
    inner = text + "".join(lxml_html.tostring(child, encoding="unicode") for child in root)
    return inner.replace("</source>", "")


def drop_permalinks(root: HtmlElement) -> None:
    """The ¶ anchors of headings (toc's permalink): noise outside the page."""
    for anchor in root.xpath(".//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"):
        anchor.drop_tree()


def map_urls(
    root: HtmlElement, move: Callable[[str], str], attributes: Iterable[str] = URL_ATTRIBUTES
) -> None:
    """Apply `move` to every URL in the fragment: the given attributes and each candidate of
    a srcset ("url 480w, url 960w")."""
    names = tuple(attributes)
    for element in root.iter(etree.Element):
        for name in names:
            value = element.get(name)
            if value:
                element.set(name, move(value.strip()))
        srcset = element.get("srcset")
        if srcset:
            parts = []
            for candidate in srcset.split(","):
                bits = candidate.strip().split(None, 1)
                if bits:
                    parts.append(" ".join([move(bits[0]), *bits[1:]]))
            element.set("srcset", ", ".join(parts))
