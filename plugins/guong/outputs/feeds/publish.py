"""Writing every syndication file of a build: section feeds, the podcast, the OPML list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from ...content.catalog import Catalog
from ..news_sitemap import SITEMAP_NS
from . import opml, podcast, style
from .directory import Channel, Directory
from .jsonfeed import json_feed
from .model import (
    EMPTY_FEED_DATE,
    FORMATS,
    SUBSCRIBE_URL,
    Items,
)
from .rss_atom import generator, newest


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def section_sitemap(page_url: str) -> bytes:
    """The sitemap beside a chuyên mục's feeds, listing its page.

    Why it exists: Material's bundle (setupAlternate, its language and version selector) runs
    on every page whatever the features or `hreflang`, and fetches `sitemap.xml` resolved
    against the href of every `<link rel="alternate">`, feed discovery links included. The
    site feeds sit at the root, beside /sitemap.xml; a chuyên mục's sit in its folder, so each
    of its pages made one 404 per feed. Feed discovery must keep `rel="alternate"` (readers and
    browser extensions match that exact value), so the folder gets the file Material asks for:
    a valid sitemap of the chuyên mục's page (robots.txt names only the site's sitemaps)."""
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
    etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page_url
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_channel(channel: Channel, items: Items, site_dir: Path) -> None:
    site = items.site
    entries = [items[s] for s in channel.slugs]
    page_url = channel.page_url
    urls = {f: site.absolute(channel.path + f) for f in FORMATS}
    # An empty chuyên mục still needs a date: the newest of the site, never the clock.
    updated = (
        newest(entries)
        if entries
        else max((p.modified for p in items.catalog.profiles), default=EMPTY_FEED_DATE)
    )
    folder = site_dir / channel.path
    rss = generator(site, channel.title, channel.description, page_url, urls["rss.xml"], entries, updated)
    _write(folder / "rss.xml", style.with_stylesheet(rss.rss_str(pretty=True), channel.path + "rss.xml"))
    atom = generator(site, channel.title, channel.description, page_url, urls["atom.xml"], entries, updated)
    _write(folder / "atom.xml", style.with_stylesheet(atom.atom_str(pretty=True), channel.path + "atom.xml"))
    _write(
        folder / "feed.json",
        json_feed(site, channel.title, channel.description, page_url, urls["feed.json"], entries),
    )
    if channel.path:  # the site's feeds are beside MkDocs' own /sitemap.xml
        _write(folder / "sitemap.xml", section_sitemap(page_url))


def publish(
    feeds: Directory,
    catalog: Catalog,
    story_html: dict[str, str],
    site_dir: Path,
    docs_dir: Path,
    published_photo: Callable[[str], str] = lambda uri: uri,
) -> None:
    """Every syndication file of the build: section feeds, the podcast and the OPML list.

    `published_photo` maps a profile's `image` (docs-relative) to the file the site serves
    in its place (the image pipeline publishes resized copies, never the original)."""
    site_dir, docs_dir = Path(site_dir), Path(docs_dir)
    items = Items(catalog, feeds.site, story_html, site_dir, docs_dir, published_photo)
    for channel in feeds.channels:
        write_channel(channel, items, site_dir)
    podcast.write(feeds, items, site_dir, docs_dir)
    opml.write(feeds, site_dir)
    site = feeds.site  # the page a browser shows for every RSS/Atom file above
    style.write(
        site_dir, site.name, urlsplit(site.page("")).path or "/", urlsplit(site.page(SUBSCRIBE_URL)).path
    )
