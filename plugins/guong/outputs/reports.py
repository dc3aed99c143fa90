"""Staff reports from the catalog: quarterly coverage, unit quotas, counts, the yearly list.

Pure functions over profiles, shared by `guong report`/`export`/`check` and the internal
/bao-cao/ page, so the terminal, the spreadsheets and the site never disagree.
A year's list is every profile introduced that year (its `quarter`), published or
scheduled; drafts are not on any list until they are switched to published.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ..content.authoring import display_name
from ..content.catalog import Catalog
from ..content.model import Profile, Quarter
from ..content.places import province
from ..content.taxonomy import Taxonomies, fold, vi_sort_key

QUARTERS = (1, 2, 3, 4)
NO_VALUE = "(không ghi)"


def year_profiles(catalog: Catalog, year: int) -> list[Profile]:
    """Profiles introduced in `year` (by quarter), published or scheduled, newest first."""
    chosen = [p for p in (*catalog.profiles, *catalog.unpublished) if not p.draft and p.quarter.year == year]
    return sorted(chosen, key=lambda p: (p.date, p.slug), reverse=True)


# --- field x quarter coverage -----------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    field: str
    label: str
    counts: tuple[int, int, int, int]
    gaps: tuple[int, ...]  # quarter numbers with no exemplar that have already begun


@dataclass(frozen=True)
class Coverage:
    """Every configured field against the four quarters of one year."""

    year: int
    rows: tuple[CoverageRow, ...]
    current: Quarter  # quarters after this one are not gaps yet

    @property
    def gaps(self) -> list[tuple[str, int]]:
        return [(row.field, q) for row in self.rows for q in row.gaps]

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(row.counts[i] for row in self.rows) for i in range(4))

    def cell(self, row: CoverageRow, quarter: int) -> str:
        """What a reader sees in one cell: the count, 'THIẾU' for a gap, '·' if not begun."""
        count = row.counts[quarter - 1]
        if count:
            return str(count)
        return "THIẾU" if quarter in row.gaps else "·"


def coverage(
    profiles: Iterable[Profile], taxonomies: Taxonomies, year: int, today: date | datetime
) -> Coverage:
    """Count exemplars per field and quarter of `year`; a begun quarter with none is a gap."""
    tally: Counter[tuple[str, int]] = Counter(
        (p.field, p.quarter.number) for p in profiles if p.quarter.year == year
    )
    current = Quarter.of(today)
    rows = []
    for term in taxonomies.fields:
        counts = tuple(tally[(term.key, q)] for q in QUARTERS)
        gaps = tuple(q for q in QUARTERS if not counts[q - 1] and Quarter(year, q) <= current)
        rows.append(CoverageRow(term.key, term.label, counts, gaps))  # type: ignore[arg-type]
    return Coverage(year, tuple(rows), current)


# --- quotas per introducing unit --------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    unit: str
    kind: str  # unit kind from the `units` option; '' when the unit is not configured
    count: int
    low: int | None
    high: int | None

    @property
    def status(self) -> str:
        if self.low is None or self.high is None:
            return "chưa phân loại"
        if self.count < self.low:
            return "thiếu"
        if self.count > self.high:
            return "vượt"
        return "đạt"

    @property
    def quota(self) -> str:
        return "" if self.low is None else f"{self.low}–{self.high}"


def check_quotas(quotas: Mapping) -> dict[str, tuple[int, int]]:
    """`kind: [min, max]` -> tuples; ValueError with a Vietnamese message when malformed."""
    result = {}
    for kind, value in quotas.items():
        if (
            not isinstance(value, (list, tuple))
            or len(value) != 2
            or not all(isinstance(v, int) for v in value)
            or value[0] > value[1]
            or value[0] < 0
        ):
            raise ValueError(f"reports.quotas.{kind} phải là [tối thiểu, tối đa], ví dụ [2, 5]")
        result[str(kind)] = (value[0], value[1])
    return result


def unit_quotas(
    profiles: Iterable[Profile], units: Mapping[str, str], quotas: Mapping[str, Sequence[int]]
) -> list[UnitRow]:
    """Each configured unit against its kind's quota (0 counts too), then unconfigured units.

    Unit names match ignoring case, marks and spacing, like taxonomy values.
    """
    limits = check_quotas(quotas)
    names = {fold(name): name for name in units}
    counts: Counter[str] = Counter()
    for p in profiles:
        if p.unit:
            counts[names.get(fold(p.unit), p.unit)] += 1
    rows = []
    for name, kind in units.items():
        low, high = limits.get(str(kind), (None, None))
        rows.append(UnitRow(name, str(kind), counts.pop(name, 0), low, high))
    rows.sort(key=lambda r: vi_sort_key(r.unit))
    rows += sorted(
        (UnitRow(u, "", n, None, None) for u, n in counts.items()), key=lambda r: vi_sort_key(r.unit)
    )
    return rows


# --- counts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


def counts(
    profiles: Sequence[Profile], catalog: Catalog, provinces: Mapping[str, str] | None = None
) -> dict[str, list[Count]]:
    """Counts per taxonomy registered with `report` (configured ones: every term in their
    order, zeros too; derived ones, e.g. campaigns: the terms present, Vietnamese order),
    then by locality (Vietnamese order)."""
    result: dict[str, list[Count]] = {}
    for spec in catalog.taxonomies.with_flag("report"):
        tally = Counter(key for p in profiles for key in catalog.term_keys(spec, p))
        if spec.configured:
            result[spec.label] = [
                Count(t.key, t.label, tally[t.key]) for t in catalog.taxonomies.configured(spec)
            ]
        else:
            terms = catalog.taxonomy_terms(spec, profiles)
            result[spec.label] = sorted(
                (Count(t.key, t.label, tally[t.key]) for t in terms if tally[t.key]),
                key=lambda c: vi_sort_key(c.label),
            )
    tally = Counter(province(p.locality, provinces) or NO_VALUE for p in profiles)
    result["Tỉnh, thành phố"] = sorted(
        (Count(k, k, n) for k, n in tally.items()), key=lambda c: vi_sort_key(c.label)
    )
    # Follow-up (`follows`): exemplars already introduced in an earlier year, by that year.
    before = Counter(y for p in profiles for y in introduced_before(catalog, p))
    if before:
        result["Theo dõi qua các năm"] = [
            Count(str(y), f"đã giới thiệu năm {y}", before[y]) for y in sorted(before)
        ]
    return result


def introduced_before(catalog: Catalog, profile: Profile) -> list[int]:
    """Earlier years of the exemplar's chain (`follows`), oldest first, this year excluded."""
    years = {p.quarter.year for p in catalog.earlier(profile)} - {profile.quarter.year}
    return sorted(years)


def introduced_note(catalog: Catalog, profile: Profile) -> str:
    """ "Đã giới thiệu năm 2023 (cấp huyện)." for the export, "" for a first story."""
    earlier = [p for p in catalog.earlier(profile) if p.quarter.year != profile.quarter.year]
    if not earlier:
        return ""
    levels = catalog.taxonomies.levels
    parts = ", ".join(f"{p.quarter.year} ({levels[p.level].label.lower()})" for p in earlier)
    return f"Đã giới thiệu năm {parts}."


# --- the yearly list for the Department of Home Affairs ---------------------------------

EXPORT_HEADERS = (
    "STT",
    "Họ tên / Tên tập thể",
    "Đối tượng",
    "Đơn vị",
    "Địa phương",
    "Lĩnh vực",
    "Cấp",
    "Phong trào",
    "Thành tích tóm tắt",
    "Danh hiệu / Khen thưởng",
    "Đường dẫn",
)
EXPORT_WIDTHS = (6, 32, 14, 30, 20, 26, 16, 36, 60, 40, 45)


def export_rows(profiles: Iterable[Profile], catalog: Catalog, site_url: str) -> list[tuple]:
    """One row per exemplar in Vietnamese alphabetical order, numbered from 1."""
    tax = catalog.taxonomies
    base = site_url.rstrip("/") + "/"
    ordered = sorted(profiles, key=lambda p: (vi_sort_key(display_name(p.title)), p.slug))
    rows = []
    for number, p in enumerate(ordered, 1):
        rows.append(
            (
                number,
                display_name(p.title),
                tax.kinds[p.kind].label,
                p.unit,
                p.locality,
                tax.fields[p.field].label,
                tax.levels[p.level].label,
                "; ".join(catalog.campaigns[s].title for s in p.campaigns if s in catalog.campaigns),
                " ".join(x for x in (p.summary, introduced_note(catalog, p)) if x),
                "; ".join(str(a) for a in p.awards),
                base + p.url,
            )
        )
    return rows


# --- the 15 February reminder -----------------------------------------------------------


def deadline_reminder(
    today: date | datetime,
    last_year_count: int,
    units: Mapping[str, str],
    quotas: Mapping[str, Sequence[int]],
    field_count: int,
    deadline: str = "15/2",
    remind_days: int = 31,
) -> str | None:
    """A reminder when the yearly list is due soon and last year's list looks short.

    'Short' means fewer exemplars than the configured units' minimum quotas add up to, or,
    with no units configured, fewer than one per field.
    """
    day, month = (int(x) for x in deadline.split("/"))
    today = today.date() if isinstance(today, datetime) else today
    due = date(today.year, month, day)
    left = (due - today).days
    if not 0 <= left <= remind_days:
        return None
    limits = check_quotas(quotas)
    needed = sum(limits.get(str(k), (0, 0))[0] for k in units.values()) if units else field_count
    if last_year_count >= needed:
        return None
    return (
        f"Nhắc hạn: còn {left} ngày đến {due:%d/%m/%Y}, hạn gửi danh sách gương điển hình "
        f"năm {today.year - 1} cho Sở Nội vụ; danh sách mới có {last_year_count} gương "
        f"(cần ít nhất {needed}). Xem: guong report --year {today.year - 1}"
    )


# --- the internal coverage page (/bao-cao/) ---------------------------------------------


@dataclass(frozen=True)
class YearReport:
    year: int
    total: int
    coverage: Coverage
    units: list[UnitRow]
    counts: dict[str, list[Count]]


def site_report(
    catalog: Catalog,
    units: Mapping[str, str],
    quotas: Mapping[str, Sequence[int]],
    today: date | datetime,
    provinces: Mapping[str, str] | None = None,
) -> list[YearReport]:
    """One YearReport per year that has exemplars, newest first (the current year always)."""
    today_year = today.year
    years = {p.quarter.year for p in (*catalog.profiles, *catalog.unpublished) if not p.draft}
    result = []
    for year in sorted(years | {today_year}, reverse=True):
        profiles = year_profiles(catalog, year)
        result.append(
            YearReport(
                year,
                len(profiles),
                coverage(profiles, catalog.taxonomies, year, today),
                unit_quotas(profiles, units, quotas),
                counts(profiles, catalog, provinces),
            )
        )
    return result
