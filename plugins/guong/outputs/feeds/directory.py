"""The directory of feeds: one channel per chuyên mục with feeds, grouped as on /dang-ky/."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...content.catalog import Catalog
from ...content.model import Profile
from ..sections import PageSpec
from .model import (
    FORMAT_LABEL,
    FORMATS,
    MIME,
    SUBSCRIBE_URL,
    SiteInfo,
)

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
            FeedLink(
                f"{self.title} ({FORMAT_LABEL[f]})",
                MIME[f],
                site.absolute(self.path + f),
                FORMAT_LABEL[f],
                self.path + f,
            )
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
        return FeedLink(
            title, "application/rss+xml", self.site.absolute("podcast.xml"), "Podcast", "podcast.xml"
        )

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


def _limited(profiles: Sequence[Profile], limit: int, withdrawn: Sequence[Profile] = ()) -> tuple[str, ...]:
    """Newest first; a withdrawn profile keeps its item (the notice), placed by the date it
    was withdrawn so subscribers see the change near the top."""
    if withdrawn:
        profiles = sorted([*profiles, *withdrawn], key=lambda p: (notice_date(p), p.slug), reverse=True)
    return tuple(p.slug for p in profiles[: max(0, limit)])


def notice_date(profile: Profile):
    return profile.withdrawal.date if profile.withdrawal is not None else profile.date


def directory(catalog: Catalog, site: SiteInfo) -> Directory:
    """Plan every channel: the site, then each term of each taxonomy registered with
    `feeds`, in registry order (fields, levels, kinds, campaigns, units...)."""
    channels = [
        Channel(
            "site",
            "",
            "Toàn trang",
            "Tất cả gương điển hình",
            site.name,
            site.description or "Gương điển hình tiên tiến, mới nhất trước.",
            "",
            _limited(catalog.profiles, site.limit, catalog.withdrawn),
            len(catalog.profiles),
            site.page(""),
        )
    ]
    for spec in catalog.taxonomies.with_flag("feeds"):
        groups = catalog.by[spec.name]
        # a campaign's page is its own file (<slug>.html without directory URLs)
        link = site.file_page if spec.terms == "files" else site.page
        for term in catalog.terms[spec.name]:
            profiles = groups.get(term.key, ())
            url = spec.url(term.key)
            gone = [p for p in catalog.withdrawn if term.key in catalog.term_keys(spec, p)]
            channels.append(
                Channel(
                    spec.name,
                    term.key,
                    spec.title,
                    term.label,
                    f"{site.name} – {spec.label}: {term.label}",
                    spec.describe(term),
                    url,
                    _limited(profiles, site.limit, gone),
                    len(profiles),
                    link(url),
                )
            )
    podcast = tuple(p.slug for p in catalog.profiles if p.audio)[: max(0, site.limit)]
    return Directory(site, tuple(channels), podcast)


def subscription_spec(feeds: Directory, existing: Iterable[str]) -> PageSpec:
    """The /dang-ky/ page: every feed by chuyên mục, with how-to for newsrooms and radio."""
    src = f"{SUBSCRIBE_URL}index.md"
    return PageSpec(
        src_uri=src,
        title="Đăng ký nhận tin",
        template="guong/subscribe.html",
        view=feeds,
        description="Nguồn tin RSS, Atom, JSON Feed và podcast của từng chuyên mục, để báo chí "
        "và đài phát thanh nhận bài tự động.",
        generated=src not in set(existing),
    )
