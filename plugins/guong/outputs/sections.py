"""Plan every generated page: an index and term pages for each registered taxonomy (see
`TaxonomySpec` in content/taxonomy.py), /guong/ and the home page, each with its view model.

Paths follow the public URL contract; pagination puts page n at `<section>/page/<n>/`.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ..content.catalog import Catalog
from ..content.model import Campaign, Profile
from ..content.places import province
from ..content.taxonomy import TaxonomySpec, Term, slugify, vi_sort_key

SECTION_TEMPLATE = "guong/section.html"


@dataclass(frozen=True)
class Badge:
    """A link from a profile to one of its chuyên mục pages."""

    kind: str  # field, level, kind, quarter, campaign
    kind_label: str
    label: str
    url: str


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail; the last step is the current page."""

    label: str
    url: str


def trail(*steps: tuple[str, str]) -> tuple[Crumb, ...]:
    return (Crumb("Trang chủ", ""), *tuple(Crumb(label, url) for label, url in steps))


@dataclass(frozen=True)
class Choice:
    """An option of a filter on /guong/: the value in the URL and the label shown."""

    value: str
    label: str


@dataclass(frozen=True)
class Filters:
    """What the filter form on /guong/ offers, and the static links that work without JS."""

    years: tuple[int, ...]
    localities: tuple[Choice, ...]
    indexes: tuple[TaxonomyIndex, ...]
    data_url: str = "guong/index.json"


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str


@dataclass(frozen=True)
class Listing:
    """One page of a paginated list of profiles."""

    kind: str
    key: str
    title: str
    description: str
    section_url: str
    url: str
    entries: tuple[Profile, ...]
    number: int
    pages: tuple[PageLink, ...]
    total: int
    campaign: Campaign | None = None
    breadcrumbs: tuple[Crumb, ...] = ()
    filters: Filters | None = None

    @property
    def previous(self) -> PageLink | None:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def window(self) -> tuple[PageLink | None, ...]:
        """Page links worth showing: first, last and two either side of this page; None
        marks a gap. Linking every page from every page grew as pages² (417 pages of
        /guong/ at 5,000 profiles)."""
        count = len(self.pages)
        keep = sorted({1, count, *range(max(1, self.number - 2), min(count, self.number + 2) + 1)})
        shown: list[PageLink | None] = []
        for previous, number in zip([0, *keep[:-1]], keep, strict=False):
            if number - previous > 1:
                shown.append(None)
            shown.append(self.pages[number - 1])
        return tuple(shown)

    @property
    def next(self) -> PageLink | None:
        return self.pages[self.number] if self.number < len(self.pages) else None


@dataclass(frozen=True)
class IndexEntry:
    label: str
    url: str
    count: int
    note: str = ""


@dataclass(frozen=True)
class TaxonomyIndex:
    """/linh-vuc/, /cap/, /doi-tuong/, /quy/, /phong-trao/: every value with its count."""

    kind: str
    title: str
    description: str
    url: str
    entries: tuple[IndexEntry, ...]
    campaigns: tuple[Campaign, ...] = ()
    breadcrumbs: tuple[Crumb, ...] = ()


@dataclass(frozen=True)
class Upcoming:
    """An occasion in the coming weeks, with the stories tied to it (home page)."""

    term: Term
    on: date
    days: int
    url: str
    profiles: tuple[Profile, ...]


@dataclass(frozen=True)
class Home:
    latest: tuple[Profile, ...]
    campaigns: tuple[Campaign, ...]
    indexes: tuple[TaxonomyIndex, ...]
    upcoming: tuple[Upcoming, ...] = ()


@dataclass(frozen=True)
class ProfileView:
    profile: Profile
    badges: tuple[Badge, ...]
    campaigns: tuple[Campaign, ...]
    related: tuple[Profile, ...]
    occasion_label: str = ""
    breadcrumbs: tuple[Crumb, ...] = ()
    timeline: tuple[Milestone, ...] = ()  # every story of the `follows` chain, oldest first


@dataclass(frozen=True)
class Milestone:
    """One story of an exemplar's chain (`follows`), for the timeline on the profile."""

    year: int
    level_label: str
    award: str
    title: str
    url: str
    current: bool


@dataclass(frozen=True)
class WithdrawnView:
    """/guong/<slug>/ of a withdrawn profile: the notice only (no story, no photo)."""

    profile: Profile
    breadcrumbs: tuple[Crumb, ...] = ()


@dataclass(frozen=True)
class Notice:
    """One line of /dinh-chinh/: a correction or a withdrawal."""

    date: Any
    kind: str  # correction | withdrawal
    title: str
    url: str
    note: str


@dataclass(frozen=True)
class CorrectionsView:
    title: str
    description: str
    notices: tuple[Notice, ...]
    breadcrumbs: tuple[Crumb, ...] = ()


CORRECTIONS_URL = "dinh-chinh/"


@dataclass
class PageSpec:
    """A page the plugin owns: where it lives, how it renders, what its template sees."""

    src_uri: str
    title: str
    template: str
    view: Any
    description: str = ""
    generated: bool = True
    in_nav: bool = True
    dest_url: str | None = None  # profiles: moved out of their sub-folder
    body: str = ""
    extra_meta: dict = field(default_factory=dict)
    replaces_source: bool = False  # render `body` even when empty (a withdrawn profile's notice)

    def meta(self) -> dict:
        """page.meta for MkDocs and Material: values escaped, since Jinja does not autoescape."""
        meta: dict[str, Any] = {"title": html.escape(self.title), "template": self.template}
        if self.description:
            meta["description"] = html.escape(self.description)
        meta.update(self.extra_meta)
        if (self.generated or self.body) and not _HEADING.search(self.body):
            # Nothing for a table of contents: Material drops that column, lists get the width.
            hide = list(meta.get("hide") or [])
            meta["hide"] = hide if "toc" in hide else [*hide, "toc"]
        return meta


def withdrawal_text(profile: Profile) -> str:
    """The notice as one plain-text sentence (page description, feed summary)."""
    w = profile.withdrawal
    if w is None:
        return ""
    return f"Gương điển hình này đã bị thu hồi ngày {w.date:%d/%m/%Y}. Lý do: {w.reason}"


_HEADING = re.compile(r"^(?:#{1,6}\s|<h[1-6][\s>])", re.MULTILINE)


def src_for(url: str) -> str:
    """`linh-vuc/y-te/` -> `linh-vuc/y-te/index.md`; `` -> `index.md`."""
    return f"{url}index.md" if url else "index.md"


def badges_for(catalog: Catalog, profile: Profile, flag: str) -> tuple[Badge, ...]:
    """One badge per term of each taxonomy registered with `flag` (`badges` on the profile
    page, `cards` on its card in lists), in registry order."""
    return tuple(
        Badge(spec.name, spec.label, catalog.term_of(spec, key).label, spec.url(key))
        for spec in catalog.taxonomies.with_flag(flag)
        for key in catalog.term_keys(spec, profile)
    )


class Planner:
    """Turns a catalog into PageSpecs; holds only the catalog and settings."""

    def __init__(
        self,
        catalog: Catalog,
        page_size: int = 12,
        related_count: int = 4,
        home_latest: int = 8,
        existing: frozenset[str] = frozenset(),
        upcoming_days: int = 60,
        provinces: Mapping[str, str] | None = None,
    ):
        self.catalog = catalog
        self.page_size = max(1, page_size)
        self.related_count = related_count
        self.home_latest = home_latest
        self.existing = existing  # src_uris of real files in the docs folder
        self.upcoming_days = upcoming_days
        self.provinces = provinces or {}  # locality -> province overrides (content/places.py)

    # -- badges and profile views --

    def badges(self, profile: Profile) -> tuple[Badge, ...]:
        return badges_for(self.catalog, profile, "badges")

    def profile_view(self, profile: Profile) -> ProfileView:
        tax = self.catalog.taxonomies
        field_term = tax.fields[profile.field]
        return ProfileView(
            profile=profile,
            badges=self.badges(profile),
            campaigns=tuple(self.catalog.campaigns[s] for s in profile.campaigns),
            related=tuple(self.catalog.related(profile, self.related_count)),
            occasion_label=tax.occasions[profile.occasion].label if profile.occasion else "",
            timeline=self.timeline(profile),
            breadcrumbs=trail(
                ("Gương điển hình", "guong/"),
                (field_term.label, tax.fields.url(profile.field)),
                (profile.title, profile.url),
            ),
        )

    def timeline(self, profile: Profile) -> tuple[Milestone, ...]:
        levels = self.catalog.taxonomies.levels
        return tuple(
            Milestone(
                p.quarter.year,
                levels[p.level].label,
                p.awards[0].title if p.awards else "",
                p.title,
                p.url,
                p.slug == profile.slug,
            )
            for p in self.catalog.chain(profile)
        )

    def withdrawn_pages(self) -> list[PageSpec]:
        """Each withdrawn profile keeps its URL with a notice: no story, no photo, noindex,
        out of search and of sitemap.xml."""
        specs = []
        for profile in self.catalog.withdrawn:
            specs.append(
                PageSpec(
                    src_uri=profile.source,
                    title=f"Đã thu hồi: {profile.title}",
                    template="guong/withdrawn.html",
                    view=WithdrawnView(
                        profile,
                        trail(("Gương điển hình", "guong/"), (profile.title, profile.url)),
                    ),
                    description=withdrawal_text(profile),
                    generated=False,
                    in_nav=False,
                    dest_url=profile.url,
                    replaces_source=True,
                    extra_meta={"search": {"exclude": True}, "guong_noindex": True},
                )
            )
        return specs

    def corrections_page(self) -> PageSpec:
        notices = tuple(
            Notice(when, kind, p.title, p.url, note) for when, kind, p, note in self.catalog.corrections()
        )
        view = CorrectionsView(
            "Đính chính và thu hồi",
            "Các lần đính chính nội dung và thu hồi gương điển hình, mới nhất trước.",
            notices,
            trail(("Đính chính và thu hồi", CORRECTIONS_URL)),
        )
        src = src_for(CORRECTIONS_URL)
        return PageSpec(
            src,
            view.title,
            "guong/corrections.html",
            view,
            view.description,
            generated=src not in self.existing,
            in_nav=False,
        )

    # -- lists --

    def listing(
        self,
        kind: str,
        key: str,
        title: str,
        description: str,
        section_url: str,
        profiles: Sequence[Profile],
        first_src: str | None = None,
        campaign: Campaign | None = None,
        parents: tuple[tuple[str, str], ...] = (),
    ) -> list[PageSpec]:
        """A section paginated: page 1 at section_url, page n at section_url/page/n/."""
        count = max(1, math.ceil(len(profiles) / self.page_size))
        urls = [section_url] + [f"{section_url}page/{n}/" for n in range(2, count + 1)]
        links = tuple(PageLink(n, u) for n, u in enumerate(urls, start=1))
        specs = []
        for n, url in enumerate(urls, start=1):
            chunk = tuple(profiles[(n - 1) * self.page_size : n * self.page_size])
            steps = (*parents, (title, section_url))
            if n > 1:
                steps += ((f"Trang {n}", url),)
            view = Listing(
                kind,
                key,
                title,
                description,
                section_url,
                url,
                chunk,
                n,
                links,
                len(profiles),
                campaign,
                trail(*steps),
            )
            page_title = title if n == 1 else f"{title} (trang {n})"
            src = (
                first_src
                if (n == 1 and first_src)
                else (src_for(url) if n == 1 else f"{section_url}page/{n}.md")
            )
            specs.append(
                PageSpec(
                    src_uri=src,
                    title=page_title,
                    template=SECTION_TEMPLATE,
                    view=view,
                    description=description,
                    generated=src not in self.existing,
                    in_nav=False,
                    # later pages only repeat profiles: keep them out of search results
                    extra_meta={"search": {"exclude": True}} if n > 1 else {},
                )
            )
        return specs

    def taxonomy_pages(self, spec: TaxonomySpec) -> tuple[TaxonomyIndex, list[PageSpec]]:
        """An index page plus one paginated listing per term, in the taxonomy's order."""
        cat = self.catalog
        if spec.terms == "files":
            return self.campaign_pages(spec)
        specs: list[PageSpec] = []
        groups = cat.by[spec.name]
        calendar = spec.order == "calendar"
        entries = []
        for term in spec.ordered(cat.terms[spec.name]):
            profiles = groups.get(term.key, ())
            url = spec.url(term.key)
            note = f"{term.day}/{term.month}" if calendar else ""
            entries.append(IndexEntry(term.label, url, len(profiles), note))
            specs += self.listing(
                spec.name,
                term.key,
                term.label,
                spec.describe(term),
                url,
                profiles,
                parents=((spec.title, spec.index_url),),
            )
        index = TaxonomyIndex(
            spec.name,
            spec.title,
            spec.index_description,
            spec.index_url,
            tuple(entries),
            breadcrumbs=trail((spec.title, spec.index_url)),
        )
        specs.insert(0, self.index_page(index, spec))
        return index, specs

    def index_page(self, index: TaxonomyIndex, spec: TaxonomySpec) -> PageSpec:
        """A taxonomy's index; in the nav only when it has a menu position (a nav entry is
        rendered into every page of the site)."""
        src = src_for(index.url)
        return PageSpec(
            src,
            index.title,
            spec.index_template,
            index,
            index.description,
            generated=src not in self.existing,
            in_nav=bool(spec.menu),
        )

    def campaign_pages(self, spec: TaxonomySpec) -> tuple[TaxonomyIndex, list[PageSpec]]:
        """Campaigns' terms are files: each page is the campaign's own Markdown file with its
        exemplars under it; the index notes which campaigns are running."""
        cat = self.catalog
        campaigns = cat.campaigns_in_order()
        groups = cat.by[spec.name]
        year = cat.settings.now.year
        index = TaxonomyIndex(
            spec.name,
            spec.title,
            spec.index_description,
            spec.index_url,
            tuple(
                IndexEntry(
                    c.title,
                    c.url,
                    len(groups.get(c.slug, ())),
                    "Đang diễn ra" if c.is_current(year) else f"Giai đoạn {c.period}",
                )
                for c in campaigns
            ),
            tuple(campaigns),
            breadcrumbs=trail((spec.title, spec.index_url)),
        )
        specs = [self.index_page(index, spec)]
        for campaign in campaigns:
            pages = self.listing(
                spec.name,
                campaign.slug,
                campaign.title,
                campaign.summary,
                campaign.url,
                groups.get(campaign.slug, ()),
                first_src=campaign.source,
                campaign=campaign,
                parents=((spec.title, spec.index_url),),
            )
            pages[0].template = "guong/campaign.html"
            pages[0].generated = False
            pages[0].body = campaign.body
            specs += pages
        return index, specs

    def upcoming(self) -> tuple[Upcoming, ...]:
        """Occasions from the build's today to `upcoming_days` ahead, soonest first."""
        cat = self.catalog
        today = cat.settings.now.date()
        horizon = today + timedelta(days=self.upcoming_days)
        found = []
        for term in cat.taxonomies.occasions:
            for year in (today.year, today.year + 1):
                try:
                    on = date(year, term.month, term.day)
                except ValueError:  # 29/2 outside leap years
                    continue
                if today <= on <= horizon:
                    found.append(
                        Upcoming(
                            term,
                            on,
                            (on - today).days,
                            cat.taxonomies.occasions.url(term.key),
                            cat.by["occasion"].get(term.key, ())[: self.related_count],
                        )
                    )
                    break
        return tuple(sorted(found, key=lambda u: (u.on, u.term.rank)))

    def filters(self, indexes: Sequence[TaxonomyIndex]) -> Filters:
        """Filter choices for /guong/: years and localities present in the catalog."""
        years = sorted({p.quarter.year for p in self.catalog.profiles}, reverse=True)
        localities: dict[str, str] = {}
        for p in self.catalog.profiles:
            if name := province(p.locality, self.provinces):
                localities.setdefault(slugify(name), name)
        choices = sorted((Choice(k, v) for k, v in localities.items()), key=lambda c: vi_sort_key(c.label))
        return Filters(tuple(years), tuple(choices), tuple(indexes))

    def plan(self) -> list[PageSpec]:
        """Every page the plugin owns, in nav order (profiles last)."""
        cat = self.catalog
        tax = cat.taxonomies
        specs: list[PageSpec] = []

        indexes = []  # in menu order: the home page and /guong/ list them
        for spec in tax.in_menu():
            index, pages = self.taxonomy_pages(spec)
            if spec.menu:
                indexes.append(index)
            specs += pages

        all_pages = self.listing(
            "all",
            "",
            "Gương điển hình",
            "Tất cả gương điển hình tiên tiến, mới nhất trước.",
            "guong/",
            cat.profiles,
        )
        all_pages[0].in_nav = True
        all_pages[0].view = replace(all_pages[0].view, filters=self.filters(indexes))
        all_pages[0].template = "guong/all.html"
        specs = all_pages + specs

        campaigns = cat.campaigns_in_order()
        year = cat.settings.now.year
        home = Home(
            latest=cat.profiles[: self.home_latest],
            campaigns=tuple(c for c in campaigns if c.is_current(year)) or tuple(campaigns[:3]),
            indexes=tuple(indexes),
            upcoming=self.upcoming(),
        )
        specs.insert(
            0,
            PageSpec(
                "index.md",
                "Trang chủ",
                "guong/home.html",
                home,
                "Gương điển hình tiên tiến trong các phong trào thi đua yêu nước.",
                generated="index.md" not in self.existing,
            ),
        )

        for profile in cat.profiles:
            view = self.profile_view(profile)
            specs.append(
                PageSpec(
                    src_uri=profile.source,
                    title=profile.title,
                    template="guong/profile.html",
                    view=view,
                    description=profile.summary,
                    generated=False,
                    in_nav=False,
                    dest_url=profile.url,
                    body=profile.body,
                )
            )
        specs += self.withdrawn_pages()
        specs.append(self.corrections_page())
        return specs
