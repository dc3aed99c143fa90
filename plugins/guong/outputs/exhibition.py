"""Exhibitions and embedding: the slideshow pages for screens and kiosks (/trien-lam/…), the
JS-free lists for an <iframe> on another portal (/nhung/…), and the QR codes the slides show.

URLs (content contract): `/trien-lam/` holds every published exemplar; a term of a taxonomy
gets `/trien-lam/<prefix>/<term>/` with the registry's URL prefix (`linh-vuc/y-te`,
`phong-trao/<slug>`); a year (the year of the profile's quarter, as in yearbooks) is
`/trien-lam/nam/<yyyy>/`. Embeds are `/nhung/<prefix>/<term>/` for units, fields and
campaigns. Both kinds of page are standalone templates (no Material header, nav, footer or
search), stay out of the nav, the search index and the sitemap. No MkDocs imports here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..content.catalog import Catalog
from ..content.model import Profile
from . import images
from .sections import PageSpec, src_for
from .yearbook import QR_KIND, qr_key, write_qr

EXHIBIT_ROOT = "trien-lam/"
EMBED_ROOT = "nhung/"
YEAR_PREFIX = "nam"
QR_DIR = "trien-lam/qr"
CSS_URI = "assets/guong/exhibition.css"
JS_URI = "assets/guong/exhibition.js"
EXHIBIT_TAXONOMIES = ("field", "campaign")  # plus years
EMBED_TAXONOMIES = ("unit", "field", "campaign")
HIDDEN = {"search": {"exclude": True}, "guong_sitemap": False}  # meta: no search, no sitemap
SUMMARY_CHARS = 320


def qr_path(profile: Profile) -> str:
    """Site-relative QR code PNG of a profile (leads to its absolute URL)."""
    return f"{QR_DIR}/qr-{profile.slug}.png"  # like the yearbook's: never mistaken for a photo


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url.lstrip("/")


def poster_name(size: str) -> str:
    return f"ap-phich-{size.lower()}.pdf"


@dataclass(frozen=True)
class Show:
    """One slideshow page: its title, the profiles it cycles through, where it came from."""

    title: str
    url: str
    back_url: str  # the section page it belongs to
    profiles: tuple[Profile, ...]
    seconds: int
    site_url: str

    def online(self, profile: Profile) -> str:
        return absolute(self.site_url, profile.url)

    def qr(self, profile: Profile) -> str:
        return qr_path(profile)


@dataclass(frozen=True)
class Embed:
    """One compact list for an <iframe>: links open on the site itself (target=_top)."""

    title: str
    url: str
    section_url: str
    profiles: tuple[Profile, ...]
    total: int
    site_url: str
    site_name: str

    def online(self, url: str) -> str:
        return absolute(self.site_url, url)


@dataclass(frozen=True)
class Links:
    """What a section page offers: its slideshow and its embed (either may be empty)."""

    exhibit: str = ""
    embed: str = ""
    embed_absolute: str = ""
    title: str = ""

    @property
    def snippet(self) -> str:
        return (
            f'<iframe src="{html.escape(self.embed_absolute)}" title="{html.escape(self.title)}" '
            'width="100%" height="600" '
            'style="border:0" loading="lazy"></iframe>'
        )


class Planner:
    """The exhibition and embed pages of one catalog, and the links section pages show."""

    def __init__(
        self,
        catalog: Catalog,
        site_url: str,
        site_name: str,
        seconds: int = 12,
        embed_limit: int = 20,
    ):
        self.catalog = catalog
        self.site_url = site_url
        self.site_name = site_name
        self.seconds = max(1, seconds)
        self.embed_limit = max(1, embed_limit)
        self.links: dict[str, Links] = {}  # section URL -> its links

    def _link(self, section_url: str, **values: str) -> None:
        current = self.links.get(section_url, Links())
        self.links[section_url] = Links(**{**current.__dict__, **values})

    def _show(self, title: str, url: str, back: str, profiles: Sequence[Profile]) -> PageSpec:
        show = Show(title, url, back, tuple(profiles), self.seconds, self.site_url)
        self._link(back, exhibit=url)
        return PageSpec(
            src_for(url),
            f"Trình chiếu: {title}",
            "guong/exhibition.html",
            show,
            f"Trình chiếu gương điển hình: {title}",
            in_nav=False,
            extra_meta=dict(HIDDEN),
        )

    def _embed(self, title: str, url: str, section: str, profiles: Sequence[Profile]) -> PageSpec:
        view = Embed(
            title,
            url,
            section,
            tuple(profiles[: self.embed_limit]),
            len(profiles),
            self.site_url,
            self.site_name,
        )
        self._link(section, embed=url, embed_absolute=absolute(self.site_url, url), title=title)
        return PageSpec(
            src_for(url),
            title,
            "guong/embed.html",
            view,
            f"Gương điển hình: {title}",
            in_nav=False,
            extra_meta=dict(HIDDEN),
        )

    def _terms(self, name: str) -> Iterable[tuple[str, str, str, tuple[Profile, ...]]]:
        """(key, label, section URL, profiles) of every term of a taxonomy that has profiles."""
        cat = self.catalog
        spec = cat.taxonomies.spec(name)
        groups = cat.by[name]
        if spec.terms == "files":
            for campaign in cat.campaigns_in_order():
                if groups.get(campaign.slug):
                    yield campaign.slug, campaign.title, campaign.url, groups[campaign.slug]
            return
        for term in spec.ordered(cat.terms[name]):
            if groups.get(term.key):
                yield term.key, term.label, spec.url(term.key), groups[term.key]

    def plan(self) -> list[PageSpec]:
        cat = self.catalog
        if not cat.profiles:
            return []
        specs = [self._show("Tất cả gương điển hình", EXHIBIT_ROOT, "guong/", cat.profiles)]
        for name in EXHIBIT_TAXONOMIES:
            prefix = cat.taxonomies.spec(name).prefix
            for key, label, section, profiles in self._terms(name):
                specs.append(self._show(label, f"{EXHIBIT_ROOT}{prefix}/{key}/", section, profiles))
        years: dict[int, list[Profile]] = {}
        for profile in cat.profiles:
            years.setdefault(profile.quarter.year, []).append(profile)
        for year in sorted(years, reverse=True):
            specs.append(
                self._show(
                    f"Năm {year}", f"{EXHIBIT_ROOT}{YEAR_PREFIX}/{year}/", f"ky-yeu/{year}/", years[year]
                )
            )
        for name in EMBED_TAXONOMIES:
            prefix = cat.taxonomies.spec(name).prefix
            for key, label, section, profiles in self._terms(name):
                specs.append(self._embed(label, f"{EMBED_ROOT}{prefix}/{key}/", section, profiles))
        return specs

    def qr_jobs(self) -> dict[str, str]:
        """site-relative QR PNG -> the absolute profile URL it encodes."""
        return {qr_path(p): absolute(self.site_url, p.url) for p in self.catalog.profiles}


def publish_qr(jobs: dict[str, str], site_dir: Path, cache: images.Cache) -> None:
    """The slides' QR codes, through the yearbook's QR writer and cache entries: a profile's
    code in the yearbook is the same PNG, made once. The caller prunes QR_KIND."""
    for target, url in sorted(jobs.items()):

        def make(tmp: Path, url: str = url) -> None:
            write_qr(url, tmp / "f")

        cache.entry(QR_KIND, qr_key(url), make).place("f", site_dir / target)
