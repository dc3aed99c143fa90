"""RSS 2.0 and Atom 1.0 through feedgen, with the few extensions our items need."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .model import (
    EMPTY_FEED_DATE,
    NS,
    Item,
    SiteInfo,
    text_html,
)

# --- writing RSS and Atom with feedgen --------------------------------------------------


class _ChannelExtension(BaseExtension):
    """Namespaces and channel-level tags feedgen lacks (podcast tags live in podcast.py).

    feedgen writes one value as Atom `subtitle` (plain text) and RSS `description` (HTML,
    as readers take it): the RSS one is replaced here by the text as HTML."""

    def __init__(self) -> None:
        self.namespaces = {k: NS[k] for k in ("media", "dc")}
        self.rss_hook: Callable[[Any], None] | None = None
        self.description = ""  # plain text

    def extend_ns(self) -> dict[str, str]:
        return self.namespaces

    def extend_rss(self, feed):
        channel = feed[0]
        description = channel.find("description")
        if description is not None and self.description:
            description.text = text_html(self.description)
        if self.rss_hook is not None:
            self.rss_hook(channel)
        return feed


class _ItemExtension(BaseEntryExtension):
    """dc:creator and Media RSS for one item (feedgen's media extension has no credit)."""

    def __init__(self) -> None:
        self.item: Item | None = None
        self.rss_hook: Callable[[Any, Item], None] | None = None

    def _media(self, entry, rss: bool) -> None:
        item = self.item
        assert item is not None
        if rss and item.summary:
            # feedgen puts the Atom summary (plain text) in RSS description, which is HTML.
            description = entry.find("description")
            if description is not None:
                description.text = item.summary_html
        if rss and item.author:
            etree.SubElement(entry, f"{{{NS['dc']}}}creator").text = item.author
        if item.image is not None:
            img = item.image
            content = etree.SubElement(
                entry,
                f"{{{NS['media']}}}content",
                url=img.url,
                type=img.mime,
                medium="image",
                fileSize=str(img.length),
                width=str(img.width),
                height=str(img.height),
            )
            if item.image_alt:  # plain text, said explicitly: feedparser takes it as HTML otherwise
                etree.SubElement(content, f"{{{NS['media']}}}description", type="plain").text = item.image_alt
            if item.image_credit:
                etree.SubElement(content, f"{{{NS['media']}}}credit").text = item.image_credit
            etree.SubElement(
                entry,
                f"{{{NS['media']}}}thumbnail",
                url=img.url,
                width=str(img.width),
                height=str(img.height),
            )
        if rss and self.rss_hook is not None:
            self.rss_hook(entry, item)

    def extend_rss(self, entry):
        self._media(entry, rss=True)
        return entry

    def extend_atom(self, entry):
        # feedgen 1.0 drops rel/type/length of entry links: restore the enclosure's.
        image = self.item.image if self.item is not None else None
        for link in entry.findall("link"):  # feedgen builds entries without a namespace
            if image is not None and link.get("href") == image.url and not link.get("rel"):
                link.attrib.update({"rel": "enclosure", "type": image.mime, "length": str(image.length)})
        self._media(entry, rss=False)
        return entry


def newest(items: Sequence[Item]) -> datetime:
    """lastBuildDate / Atom updated: the newest item's date, never the build clock."""
    return max((i.updated for i in items), default=EMPTY_FEED_DATE)


def generator(
    site: SiteInfo,
    title: str,
    description: str,
    page_url: str,
    feed_url: str,
    items: Sequence[Item],
    updated: datetime,
) -> FeedGenerator:
    """A feedgen FeedGenerator for one channel, entries in the given (newest first) order."""
    fg = FeedGenerator()
    fg.register_extension("guong", _ChannelExtension, _ItemExtension)
    fg.id(page_url)
    fg.title(title)
    fg.subtitle(description or title)  # Atom subtitle, plain text; also RSS description:
    fg.guong.description = description or title  # ... written there as HTML by the extension
    # feedgen 1.0: RSS <link> is the LAST link added, so self first, then the HTML page.
    fg.link(href=feed_url, rel="self")
    fg.link(href=page_url, rel="alternate")
    fg.language("vi")
    if site.copyright:
        fg.rights(site.copyright)
    fg.author({"name": site.author or site.name})  # Atom needs an author for the feed
    fg.image(url=site.absolute(site.artwork_uri), title=title, link=page_url)
    fg.icon(site.absolute(site.artwork_uri))
    fg.generator("guong", uri=site.site_url)
    fg.updated(updated)  # also rss lastBuildDate; feedgen would use the clock otherwise
    for item in items:
        entry = fg.add_entry(order="append")
        entry.id(item.guid)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate")
        entry.published(item.published)
        entry.updated(item.updated)  # feedgen would use the clock otherwise
        entry.content(item.body_html, type="html")
        if item.summary:
            entry.summary(item.summary)  # Atom type="text"; RSS description gets summary_html
        if item.author:
            entry.author({"name": item.author})
        for cat in item.categories:
            entry.category(term=cat.term, label=cat.label, scheme=cat.scheme)
        if item.image is not None:
            entry.enclosure(item.image.url, str(item.image.length), item.image.mime)
        entry.guong.item = item
    return fg
