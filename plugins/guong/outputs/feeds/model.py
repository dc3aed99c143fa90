"""The item model of the feeds for the press: site facts, one `Item` per published profile.

One `Item` per published profile, built at most once per build; one `Channel` per feed page
(the whole site and every field, level, kind and campaign page). Everything written here is
a pure function of the catalog, the rendered stories and the published files: no clock, so
the same content gives the same bytes.
"""

from __future__ import annotations

import functools
import html
import mimetypes
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from lxml import html as lxml_html
from lxml.html import builder as E
from PIL import Image

from ...content.catalog import Catalog
from ...content.media import check_audio
from ...content.model import VN_TZ, Profile
from .. import fragments
from ..sections import withdrawal_text
from ..site import SiteInfo

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
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=VN_TZ)  # an empty site still needs a fixed date

NS = {
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
}


# --- site facts -------------------------------------------------------------------------


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
    # Public facts of the profile for the JSON Feed's `_guong` extension (guong -> guong
    # import is lossless): field, level, kind, campaigns, unit, locality... Never `private`.
    facts: tuple[tuple[str, Any], ...] = ()

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


def absolute_html(fragment: str, base: str) -> str:
    """Story HTML with every link and image URL absolute against its page, permalinks gone."""
    if not fragment.strip():
        return ""
    root = fragments.parse(fragment)
    fragments.drop_permalinks(root)
    fragments.map_urls(root, lambda value: urljoin(base, value))
    return fragments.serialize(root)


def story_text(fragment: str) -> str:
    """The story as plain text, one block per paragraph (for transcripts read on air)."""
    if not fragment.strip():
        return ""
    root = fragments.parse(fragment)
    fragments.drop_permalinks(root)
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


def _media(
    site: SiteInfo,
    site_dir: Path,
    docs_dir: Path,
    rel: str,
    mimes: dict[str, str],
    read: Callable[[Path], dict[str, Any]],
) -> Media | None:
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

    def __init__(
        self,
        catalog: Catalog,
        site: SiteInfo,
        story_html: dict[str, str],
        site_dir: Path,
        docs_dir: Path,
        published_photo: Callable[[str], str] = lambda uri: uri,
    ):
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
            gone = self.catalog.withdrawn_by_slug.get(slug)
            self._cache[slug] = self._notice(gone) if gone else self._build(self.catalog.by_slug[slug])
        return self._cache[slug]

    @functools.cached_property
    def updates(self) -> dict[str, datetime]:
        """Distinct entry `updated` values over the whole site, the same in every feed."""
        return distinct_updates([*self.catalog.profiles, *self.catalog.withdrawn])

    def _notice(self, p: Profile) -> Item:
        """A withdrawn profile's item: same GUID and URL, the notice as its content, updated
        on the withdrawal date; no photo, no story, no categories."""
        text = withdrawal_text(p)
        return Item(
            slug=p.slug,
            guid=tag_uri(self.site.guid_authority, p),
            url=self.site.file_page(p.url),
            title=f"[Đã thu hồi] {p.title}",
            summary=text,
            content_html=f"<p>{text_html(text)}</p>",
            published=p.date,
            updated=self.updates.get(p.slug, p.modified),
            categories=(),
            author=p.author or self.site.author,
        )

    def _build(self, p: Profile) -> Item:
        site = self.site
        url = site.file_page(p.url)
        photo = self.published_photo(p.image) if p.image else ""
        image = _media(site, self.site_dir, self.docs_dir, photo, IMAGE_MIME, _image_facts)
        # The duration is the one check_audio found when the catalog was loaded (cached).
        audio = _media(
            site,
            self.site_dir,
            self.docs_dir,
            p.audio,
            AUDIO_MIME,
            lambda _: {"duration": check_audio(self.docs_dir / p.audio)},
        )
        content = absolute_html(self.story_html.get(p.slug, ""), url)
        if image is not None:  # readers that ignore enclosures still show the photo
            figure = E.FIGURE(E.IMG(src=image.url, alt=p.image_alt))
            if p.image_credit:
                figure.append(E.FIGCAPTION(f"Ảnh: {p.image_credit}"))
            content = lxml_html.tostring(figure, encoding="unicode") + content
        return Item(
            slug=p.slug,
            guid=tag_uri(site.guid_authority, p),
            url=url,
            title=p.title,
            summary=p.summary,
            content_html=content,
            published=p.date,
            updated=self.updates.get(p.slug, p.modified),
            categories=self.categories(p),
            author=p.author or site.author,
            image=image,
            image_alt=p.image_alt,
            image_credit=p.image_credit,
            audio=audio,
            transcript_url=site.absolute(transcript_path(p.slug)) if audio else "",
            facts=public_facts(p),
        )


def public_facts(p: Profile) -> tuple[tuple[str, Any], ...]:
    """The profile's taxonomy keys and public descriptive keys, empty ones left out."""
    facts: list[tuple[str, Any]] = [
        ("field", p.field),
        ("level", p.level),
        ("kind", p.kind),
        ("campaigns", list(p.campaigns)),
        ("quarter", p.quarter.key),
        ("unit", p.unit),
        ("locality", p.locality),
        ("occasion", p.occasion),
        ("image_alt", p.image_alt if p.image else ""),
        ("image_credit", p.image_credit if p.image else ""),
        ("awards", [str(a) for a in p.awards]),
        ("tags", list(p.tags)),
    ]
    return tuple((k, v) for k, v in facts if v not in ("", [], None))


def transcript_path(slug: str) -> str:
    return f"podcast/{slug}.txt"
