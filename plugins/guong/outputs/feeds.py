"""Feeds for the press: RSS 2.0 and Atom 1.0 (feedgen) and JSON Feed 1.1, from one item model.

One `Item` per published profile, built at most once per build; one `Channel` per feed page
(the whole site and every field, level, kind and campaign page). Everything written here is
a pure function of the catalog, the rendered stories and the published files: no clock, so
the same content gives the same bytes.
"""

from __future__ import annotations

import functools
import html
import json
import mimetypes
import posixpath
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import urljoin, urlsplit

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from lxml import html as lxml_html
from lxml.html import builder as E
from PIL import Image

from ..content.catalog import Catalog, check_audio
from ..content.model import VN_TZ, Profile
from . import feedstyle
from .sections import PageSpec

FORMATS = ("rss.xml", "atom.xml", "feed.json")
MIME = {
    "rss.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "feed.json": "application/feed+json",
}
FORMAT_LABEL = {"rss.xml": "RSS", "atom.xml": "Atom", "feed.json": "JSON Feed"}
AUDIO_MIME = {".mp3": "audio/mpeg", ".m4a": "audio/x-m4a"}
IMAGE_MIME = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
SUBSCRIBE_URL = "dang-ky/"
ARTWORK_URI = "assets/guong/podcast-artwork.png"
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=VN_TZ)  # an empty site still needs a fixed date

NS = {
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
}


# --- site facts -------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteInfo:
    """What feeds need from mkdocs.yml; `site_url` is required (checked in on_config)."""

    site_url: str
    name: str
    description: str = ""
    author: str = ""
    copyright: str = ""
    directory_urls: bool = True
    limit: int = 50
    guid_authority: str = ""  # tag: URI authority; defaults to the host of site_url
    artwork: str = ""  # docs-relative square image, or "" to generate one
    podcast_title: str = ""
    podcast_author: str = ""
    owner_name: str = ""
    owner_email: str = ""

    def __post_init__(self) -> None:
        if not self.site_url:
            raise ValueError("cần 'site_url' để tạo liên kết tuyệt đối trong nguồn tin")
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")
        if not self.guid_authority:
            object.__setattr__(self, "guid_authority", urlsplit(self.site_url).hostname or "localhost")

    def absolute(self, path: str) -> str:
        """A site-relative path ('linh-vuc/y-te/rss.xml') as an absolute URL."""
        return urljoin(self.site_url, path)

    def page(self, path: str) -> str:
        """Absolute URL of the generated page whose folder is `path` ('' for the home page)."""
        return self.absolute(path if self.directory_urls else path + "index.html")

    def file_page(self, path: str) -> str:
        """Profiles and campaigns come from `<slug>.md`: `<slug>.html` without directory URLs."""
        return self.absolute(path if self.directory_urls else path.rstrip("/") + ".html")

    @property
    def artwork_uri(self) -> str:
        return self.artwork or ARTWORK_URI


# --- the item model ---------------------------------------------------------------------


@dataclass(frozen=True)
class Media:
    """A published file attached to an item: its absolute URL and its real size."""

    url: str
    mime: str
    length: int
    width: int = 0
    height: int = 0
    duration: float = 0.0  # seconds, audio only


@dataclass(frozen=True)
class Category:
    term: str
    label: str
    scheme: str  # the chuyên mục page, so a newsroom can follow it


@dataclass(frozen=True)
class Item:
    """One profile as the press sees it: plain text where text is meant, absolute URLs."""

    slug: str
    guid: str
    url: str
    title: str
    summary: str
    content_html: str
    published: datetime
    updated: datetime
    categories: tuple[Category, ...]
    author: str
    image: Media | None = None
    image_alt: str = ""
    image_credit: str = ""
    audio: Media | None = None
    transcript_url: str = ""

    @property
    def summary_html(self) -> str:
        """The plain-text summary for HTML fields (RSS item description)."""
        return text_html(self.summary)

    @property
    def body_html(self) -> str:
        """The full content as HTML: the rendered story, else the summary or title as text."""
        return self.content_html or text_html(self.summary or self.title)


def text_html(text: str) -> str:
    """Plain text as the HTML that shows exactly that text, for every field a format defines
    as HTML: RSS `description` (items and channels), `content:encoded`, Atom `type="html"`,
    JSON Feed `content_html`. Frontmatter and configuration values are plain text, so `<`,
    `>` and `&` in them are characters to show, never markup (XML escaping is the writer's
    job on top of this; it does not make a value HTML-safe by itself)."""
    return html.escape(text, quote=False)


def tag_uri(authority: str, profile: Profile) -> str:
    """A GUID that survives a change of host or URL: tag:authority,first-date:slug (RFC 4151)."""
    return f"tag:{authority},{profile.date:%Y-%m-%d}:guong/{profile.slug}"


_URL_ATTRIBUTES = ("href", "src", "poster", "cite")


def absolute_html(fragment: str, base: str) -> str:
    """Story HTML with every link and image URL absolute against its page, permalinks gone."""
    if not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for anchor in root.xpath(".//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"):
        anchor.drop_tree()
    for element in root.iter(etree.Element):
        for name in _URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                element.set(name, urljoin(base, value.strip()))
        srcset = element.get("srcset")
        if srcset:
            parts = []
            for candidate in srcset.split(","):
                bits = candidate.strip().split(None, 1)
                if bits:
                    parts.append(" ".join([urljoin(base, bits[0])] + bits[1:]))
            element.set("srcset", ", ".join(parts))
    return _inner_html(root)


def _inner_html(root) -> str:
    text = html.escape(root.text, quote=False) if root.text else ""
    return text + "".join(lxml_html.tostring(child, encoding="unicode") for child in root)


def story_text(fragment: str) -> str:
    """The story as plain text, one block per paragraph (for transcripts read on air)."""
    if not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for anchor in root.xpath(".//a[contains(@class, 'headerlink')]"):
        anchor.drop_tree()
    blocks = [" ".join(child.text_content().split()) for child in root]
    return "\n\n".join(b for b in blocks if b)


def distinct_updates(profiles: Iterable[Profile]) -> dict[str, datetime]:
    """slug -> the `updated` time its feed entries carry: the profile's own time (`updated`,
    else `date`), moved on by whole seconds where it would repeat an earlier one, so no two
    entries of the site share a value (the Atom validators' "same updated" warning) while
    the value stays a pure function of the content: profiles of the same time take
    +0 s, +1 s, … in the order of their slugs (the lists' order, newest = last slug first),
    never the clock. A value, once moved, only moves again when a profile with the same
    time and an earlier slug is added."""
    out: dict[str, datetime] = {}
    previous: datetime | None = None
    for p in sorted(profiles, key=lambda p: (p.modified, p.slug)):
        when = p.modified
        if previous is not None and when <= previous:
            when = previous + timedelta(seconds=1)
        out[p.slug] = previous = when
    return out


def _media(site: SiteInfo, site_dir: Path, docs_dir: Path, rel: str, mimes: dict[str, str],
           read: Callable[[Path], dict[str, Any]]) -> Media | None:
    """Describe a published file; its length is the size of the file a reader downloads."""
    if not rel:
        return None
    path = site_dir / rel
    if not path.is_file():
        path = docs_dir / rel
    suffix = posixpath.splitext(rel)[1].lower()
    mime = mimes.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"
    return Media(url=site.absolute(rel), mime=mime, length=path.stat().st_size, **read(path))


def _image_facts(path: Path) -> dict[str, Any]:
    with Image.open(path) as img:
        return {"width": img.width, "height": img.height}


class Items:
    """Builds each profile's Item once, on first use; shared by every feed of the build."""

    def __init__(self, catalog: Catalog, site: SiteInfo, story_html: dict[str, str],
                 site_dir: Path, docs_dir: Path,
                 published_photo: Callable[[str], str] = lambda uri: uri):
        self.catalog, self.site, self.story_html = catalog, site, story_html
        self.site_dir, self.docs_dir = Path(site_dir), Path(docs_dir)
        self.published_photo = published_photo
        self._cache: dict[str, Item] = {}

    def categories(self, profile: Profile) -> tuple[Category, ...]:
        """The profile's term in each taxonomy registered with `categories`, linking its page."""
        cat = self.catalog
        return tuple(
            Category(key, cat.term_of(spec, key).label, self.site.page(spec.url(key)))
            for spec in cat.taxonomies.with_flag("categories")
            for key in cat.term_keys(spec, profile)
        )

    def __getitem__(self, slug: str) -> Item:
        if slug not in self._cache:
            self._cache[slug] = self._build(self.catalog.by_slug[slug])
        return self._cache[slug]

    @functools.cached_property
    def updates(self) -> dict[str, datetime]:
        """Distinct entry `updated` values over the whole site, the same in every feed."""
        return distinct_updates(self.catalog.profiles)

    def _build(self, p: Profile) -> Item:
        site = self.site
        url = site.file_page(p.url)
        photo = self.published_photo(p.image) if p.image else ""
        image = _media(site, self.site_dir, self.docs_dir, photo, IMAGE_MIME, _image_facts)
        # The duration is the one check_audio found when the catalog was loaded (cached).
        audio = _media(site, self.site_dir, self.docs_dir, p.audio, AUDIO_MIME,
                       lambda _: {"duration": check_audio(self.docs_dir / p.audio)})
        content = absolute_html(self.story_html.get(p.slug, ""), url)
        if image is not None:  # readers that ignore enclosures still show the photo
            figure = E.FIGURE(E.IMG(src=image.url, alt=p.image_alt))
            if p.image_credit:
                figure.append(E.FIGCAPTION(f"Ảnh: {p.image_credit}"))
            content = lxml_html.tostring(figure, encoding="unicode") + content
        return Item(
            slug=p.slug, guid=tag_uri(site.guid_authority, p), url=url, title=p.title,
            summary=p.summary, content_html=content, published=p.date,
            updated=self.updates.get(p.slug, p.modified),
            categories=self.categories(p), author=p.author or site.author, image=image,
            image_alt=p.image_alt, image_credit=p.image_credit, audio=audio,
            transcript_url=site.absolute(transcript_path(p.slug)) if audio else "",
        )


def transcript_path(slug: str) -> str:
    return f"podcast/{slug}.txt"


# --- channels and the directory of feeds ------------------------------------------------


@dataclass(frozen=True)
class FeedLink:
    title: str
    type: str
    url: str  # absolute, for the press to copy
    label: str
    path: str = ""  # site-relative, for <head> (Material fetches sitemap.xml beside each alternate)


@dataclass(frozen=True)
class Channel:
    """One feed page: the folder its feeds sit in is the folder of its HTML page."""

    kind: str  # site, field, level, kind, campaign
    key: str
    group: str  # heading on the subscription page
    label: str  # short name in lists
    title: str  # feed title
    description: str
    path: str  # '' or 'linh-vuc/y-te/'
    slugs: tuple[str, ...]  # newest first, limited
    total: int
    page_url: str  # absolute URL of the HTML page (the channel <link>)

    def links(self, site: SiteInfo) -> tuple[FeedLink, ...]:
        return tuple(
            FeedLink(f"{self.title} ({FORMAT_LABEL[f]})", MIME[f], site.absolute(self.path + f),
                     FORMAT_LABEL[f], self.path + f)
            for f in FORMATS
        )


@dataclass(frozen=True)
class Group:
    title: str
    channels: tuple[Channel, ...]


@dataclass
class Directory:
    """Every feed of the site, for discovery tags, the OPML list and the subscription page."""

    site: SiteInfo
    channels: tuple[Channel, ...]
    podcast_slugs: tuple[str, ...]
    _by_key: dict[tuple[str, str], Channel] = field(default_factory=dict)
    _links: dict[tuple[str, str], tuple[FeedLink, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_key = {(c.kind, c.key): c for c in self.channels}

    @property
    def home(self) -> Channel:
        return self.channels[0]

    @property
    def groups(self) -> tuple[Group, ...]:
        order: list[str] = []
        members: dict[str, list[Channel]] = {}
        for channel in self.channels[1:]:
            if channel.group not in members:
                order.append(channel.group)
                members[channel.group] = []
            members[channel.group].append(channel)
        return tuple(Group(g, tuple(members[g])) for g in order)

    @property
    def podcast(self) -> FeedLink:
        title = self.site.podcast_title or f"{self.site.name} – Phát thanh"
        return FeedLink(title, "application/rss+xml", self.site.absolute("podcast.xml"), "Podcast",
                        "podcast.xml")

    @property
    def opml_url(self) -> str:
        return self.site.absolute("feeds.opml")

    def channel_for(self, view: Any) -> Channel | None:
        """The section channel of a page's view model (a Listing), if it has feeds."""
        kind, key = getattr(view, "kind", None), getattr(view, "key", None)
        if kind == "all":
            return None
        return self._by_key.get((kind, str(key))) if kind else None

    def links_for(self, view: Any = None) -> tuple[FeedLink, ...]:
        """<link rel=alternate> for a page: the site feeds, then its own section feeds."""
        channel = self.channel_for(view) or self.home
        key = (channel.kind, channel.key)
        if key not in self._links:  # every page asks: compute each channel's links once
            links = self.home.links(self.site)
            self._links[key] = links if channel is self.home else links + channel.links(self.site)
        return self._links[key]


def _limited(profiles: Sequence[Profile], limit: int) -> tuple[str, ...]:
    return tuple(p.slug for p in profiles[: max(0, limit)])


def directory(catalog: Catalog, site: SiteInfo) -> Directory:
    """Plan every channel: the site, then each term of each taxonomy registered with
    `feeds`, in registry order (fields, levels, kinds, campaigns, units...)."""
    channels = [Channel(
        "site", "", "Toàn trang", "Tất cả gương điển hình", site.name,
        site.description or "Gương điển hình tiên tiến, mới nhất trước.", "",
        _limited(catalog.profiles, site.limit), len(catalog.profiles), site.page(""),
    )]
    for spec in catalog.taxonomies.with_flag("feeds"):
        groups = catalog.by[spec.name]
        # a campaign's page is its own file (<slug>.html without directory URLs)
        link = site.file_page if spec.terms == "files" else site.page
        for term in catalog.terms[spec.name]:
            profiles = groups.get(term.key, ())
            url = spec.url(term.key)
            channels.append(Channel(
                spec.name, term.key, spec.title, term.label,
                f"{site.name} – {spec.label}: {term.label}",
                spec.describe(term),
                url, _limited(profiles, site.limit), len(profiles), link(url),
            ))
    podcast = tuple(p.slug for p in catalog.profiles if p.audio)[: max(0, site.limit)]
    return Directory(site, tuple(channels), podcast)


def subscription_spec(feeds: Directory, existing: Iterable[str]) -> PageSpec:
    """The /dang-ky/ page: every feed by chuyên mục, with how-to for newsrooms and radio."""
    src = f"{SUBSCRIBE_URL}index.md"
    return PageSpec(
        src_uri=src, title="Đăng ký nhận tin", template="guong/subscribe.html", view=feeds,
        description="Nguồn tin RSS, Atom, JSON Feed và podcast của từng chuyên mục, để báo chí "
                    "và đài phát thanh nhận bài tự động.",
        generated=src not in set(existing),
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
            content = etree.SubElement(entry, f"{{{NS['media']}}}content", url=img.url, type=img.mime,
                                       medium="image", fileSize=str(img.length),
                                       width=str(img.width), height=str(img.height))
            if item.image_alt:  # plain text, said explicitly: feedparser takes it as HTML otherwise
                etree.SubElement(content, f"{{{NS['media']}}}description",
                                 type="plain").text = item.image_alt
            if item.image_credit:
                etree.SubElement(content, f"{{{NS['media']}}}credit").text = item.image_credit
            etree.SubElement(entry, f"{{{NS['media']}}}thumbnail", url=img.url,
                             width=str(img.width), height=str(img.height))
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


def generator(site: SiteInfo, title: str, description: str, page_url: str, feed_url: str,
              items: Sequence[Item], updated: datetime) -> FeedGenerator:
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


def json_feed(site: SiteInfo, title: str, description: str, page_url: str, feed_url: str,
              items: Sequence[Item]) -> bytes:
    """JSON Feed 1.1 (feedgen has none) from the same items."""
    def one(item: Item) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": item.guid, "url": item.url, "title": item.title,
            "content_html": item.body_html,
        }
        if item.summary:
            out["summary"] = item.summary  # plain text in JSON Feed
        if item.image is not None:
            out["image"] = item.image.url
        out["date_published"] = item.published.isoformat()
        out["date_modified"] = item.updated.isoformat()
        if item.author:
            out["authors"] = [{"name": item.author}]
        out["tags"] = [c.label for c in item.categories]
        out["language"] = "vi"
        attachments = []
        for media in (item.image, item.audio):
            if media is not None:
                att: dict[str, Any] = {"url": media.url, "mime_type": media.mime,
                                       "size_in_bytes": media.length}
                if media.duration:
                    att["duration_in_seconds"] = media.duration
                attachments.append(att)
        if attachments:
            out["attachments"] = attachments
        return out

    feed: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": page_url,
        "feed_url": feed_url,
        "description": description,
        "icon": site.absolute(site.artwork_uri),
        "language": "vi",
    }
    if site.author:
        feed["authors"] = [{"name": site.author}]
    feed["items"] = [one(i) for i in items]
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_channel(channel: Channel, items: Items, site_dir: Path) -> None:
    site = items.site
    entries = [items[s] for s in channel.slugs]
    page_url = channel.page_url
    urls = {f: site.absolute(channel.path + f) for f in FORMATS}
    # An empty chuyên mục still needs a date: the newest of the site, never the clock.
    updated = newest(entries) if entries else max(
        (p.modified for p in items.catalog.profiles), default=EMPTY_FEED_DATE)
    folder = site_dir / channel.path
    rss = generator(site, channel.title, channel.description, page_url, urls["rss.xml"], entries, updated)
    _write(folder / "rss.xml", feedstyle.with_stylesheet(rss.rss_str(pretty=True), channel.path + "rss.xml"))
    atom = generator(site, channel.title, channel.description, page_url, urls["atom.xml"], entries, updated)
    _write(folder / "atom.xml", feedstyle.with_stylesheet(atom.atom_str(pretty=True),
                                                          channel.path + "atom.xml"))
    _write(folder / "feed.json", json_feed(site, channel.title, channel.description, page_url,
                                           urls["feed.json"], entries))


def publish(feeds: Directory, catalog: Catalog, story_html: dict[str, str], site_dir: Path,
            docs_dir: Path, published_photo: Callable[[str], str] = lambda uri: uri) -> None:
    """Every syndication file of the build: section feeds, the podcast and the OPML list.

    `published_photo` maps a profile's `image` (docs-relative) to the file the site serves
    in its place (the image pipeline publishes resized copies, never the original)."""
    from . import opml, podcast  # both build on this module

    site_dir, docs_dir = Path(site_dir), Path(docs_dir)
    items = Items(catalog, feeds.site, story_html, site_dir, docs_dir, published_photo)
    for channel in feeds.channels:
        write_channel(channel, items, site_dir)
    podcast.write(feeds, items, site_dir, docs_dir)
    opml.write(feeds, site_dir)
    site = feeds.site  # the page a browser shows for every RSS/Atom file above
    feedstyle.write(site_dir, site.name, urlsplit(site.page("")).path or "/",
                    urlsplit(site.page(SUBSCRIBE_URL)).path)
