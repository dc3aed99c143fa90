"""Writing every syndication file of a build: section feeds, the podcast, the OPML list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from ...content.catalog import Catalog
from ..images import Cache
from ..news_sitemap import SITEMAP_NS
from ..page_cache import Fingerprint, Unfingerprintable, code_digest
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


FILES = ("rss.xml", "atom.xml", "feed.json")
KIND = "nguon-tin"  # cache entries: one channel's three files


def channel_files(channel: Channel, items: Items) -> dict[str, bytes]:
    """A channel's RSS, Atom and JSON Feed files."""
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
    rss = generator(site, channel.title, channel.description, page_url, urls["rss.xml"], entries, updated)
    atom = generator(site, channel.title, channel.description, page_url, urls["atom.xml"], entries, updated)
    return {
        "rss.xml": style.with_stylesheet(rss.rss_str(pretty=True), channel.path + "rss.xml"),
        "atom.xml": style.with_stylesheet(atom.atom_str(pretty=True), channel.path + "atom.xml"),
        "feed.json": json_feed(
            site, channel.title, channel.description, page_url, urls["feed.json"], entries
        ),
    }


def write_channel(
    channel: Channel, items: Items, site_dir: Path, cache: Cache | None = None, key: str | None = None
) -> None:
    """Write a channel's files; with a cache and a key, the files of an earlier build whose
    inputs (channel, items, site, code) were the same are placed instead of generated."""
    folder = site_dir / channel.path
    if channel.path:  # the site's feeds are beside MkDocs' own /sitemap.xml
        _write(folder / "sitemap.xml", section_sitemap(channel.page_url))
    if cache is None or key is None:
        for name, data in channel_files(channel, items).items():
            _write(folder / name, data)
        return
    entry = cache.entry(
        KIND,
        key,
        lambda tmp: [(tmp / name).write_bytes(data) for name, data in channel_files(channel, items).items()],
        check=lambda files: set(files) == set(FILES),
    )
    for name in FILES:
        entry.place(name, folder / name)


def channel_key(fingerprint: Fingerprint, code: str, channel: Channel, items: Items) -> str | None:
    """Everything a channel's files are made from; None when a value cannot be fingerprinted."""
    try:
        entries = [items[s] for s in channel.slugs]
        empty_date = None if entries else max((p.modified for p in items.catalog.profiles), default=None)
        return fingerprint.digest((code, channel, entries, items.site, empty_date))[:40]
    except Unfingerprintable:
        return None


def publish(
    feeds: Directory,
    catalog: Catalog,
    story_html: dict[str, str],
    site_dir: Path,
    docs_dir: Path,
    published_photo: Callable[[str], str] = lambda uri: uri,
    cache: Cache | None = None,
    code: str = "",
) -> None:
    """Every syndication file of the build: section feeds, the podcast and the OPML list.

    `published_photo` maps a profile's `image` (docs-relative) to the file the site serves
    in its place (the image pipeline publishes resized copies, never the original). With a
    `cache`, a channel whose inputs (items, site, and `code`: our code's digest) did not
    change is placed from it (hundreds of channels on a big site; the items are still
    built, they are the key)."""
    site_dir, docs_dir = Path(site_dir), Path(docs_dir)
    items = Items(catalog, feeds.site, story_html, site_dir, docs_dir, published_photo)
    fingerprint = Fingerprint()
    if cache is not None and not code:
        code = code_digest()  # the caller has not computed it for this build
    for channel in feeds.channels:
        key = channel_key(fingerprint, code, channel, items) if cache is not None else None
        write_channel(channel, items, site_dir, cache, key)
    if cache is not None:
        cache.prune(KIND)
    podcast.write(feeds, items, site_dir, docs_dir)
    opml.write(feeds, site_dir)
    site = feeds.site  # the page a browser shows for every RSS/Atom file above
    style.write(
        site_dir, site.name, urlsplit(site.page("")).path or "/", urlsplit(site.page(SUBSCRIBE_URL)).path
    )
