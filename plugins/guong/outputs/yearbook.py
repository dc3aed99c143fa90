"""Kỷ yếu điện tử: which profiles go into a yearbook, in which chapters and order, with
which statistics and indexes. Pure functions over the catalog, so the book can be tested
without MkDocs; the page (guong/yearbook.html) and the PDF (outputs/pdf.py) only render it.

A profile belongs to the year of its quarter (quý giới thiệu, by default the quarter of its
date); a period book (2021-2025) holds the profiles of every year in the period.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from ..content.catalog import Catalog
from ..content.model import Profile
from ..content.problems import Problems
from ..content.source import SourceError, read_document
from ..content.taxonomy import fold, vi_sort_key
from . import fragments, images
from .sections import PageSpec

FOREWORD_DIR = "ky-yeu"
FOREWORD_KEYS = ("title", "signed")
GROUPINGS = ("campaign", "field", "level")
PHOTO_DIR = "ky-yeu/anh"
QR_DIR = "ky-yeu/qr"
COVER_URL = "ky-yeu/bia.jpg"
NO_VALUE = "Không ghi"


# --- the book's parts -------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    profile: Profile
    number: int  # running number in the book, 1..n
    anchor: str
    field_label: str
    level_label: str
    kind_label: str
    campaign_titles: tuple[str, ...]
    photo: str  # site-relative URL of the resized photo, "" when the profile has none
    online_url: str  # absolute, printed beside the QR code
    qr: str  # site-relative URL of the QR code PNG leading to online_url
    withdrawn: bool = False  # kept in a closed year's book, marked, with the notice
    upgrade: str = ""  # "Được nâng cấp công nhận từ Cấp huyện lên Cấp tỉnh …"


@dataclass(frozen=True)
class Erratum:
    """A change made after a closed year's book was issued: a correction or a withdrawal."""

    date: object
    kind: str  # correction | withdrawal
    title: str
    anchor: str
    note: str


@dataclass(frozen=True)
class Chapter:
    number: int
    key: str
    title: str
    anchor: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Row:
    label: str
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class Table:
    """One statistics table of the appendix; `columns` empty for a simple count table."""

    title: str
    heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    totals: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class IndexGroup:
    label: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Foreword:
    source: str
    title: str
    signed: str
    body: str  # Markdown; MkDocs renders it as the yearbook page's content


@dataclass(frozen=True)
class Book:
    key: str  # "2024" or "2021-2025"
    start: int
    end: int
    title: str
    subtitle: str
    issuer: str
    place: str
    cover_image: str  # site-relative URL or ""
    grouping: str
    full_story: bool
    chapters: tuple[Chapter, ...]
    statistics: tuple[Table, ...]
    by_locality: tuple[IndexGroup, ...]
    by_unit: tuple[IndexGroup, ...]
    foreword_title: str = ""
    foreword_signed: str = ""
    pdf: str = ""  # site-relative URL of the PDF when it is built
    errata: tuple[Erratum, ...] = ()  # closed books only, oldest first

    @property
    def url(self) -> str:
        return f"ky-yeu/{self.key}/"

    @property
    def pdf_name(self) -> str:
        return f"ky-yeu-{self.key}.pdf"

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for c in self.chapters for e in c.entries)

    @property
    def count(self) -> int:
        return sum(len(c.entries) for c in self.chapters)

    @property
    def is_period(self) -> bool:
        return self.start != self.end

    @property
    def cover_lines(self) -> tuple[str, str]:
        """ "Kỷ yếu gương điển hình tiên tiến" -> ("Kỷ yếu", "gương điển hình tiên tiến"): the
        cover sets the first words large, so the title never breaks mid-phrase."""
        words = self.title.split()
        if len(words) > 2 and fold(" ".join(words[:2])) == "kyyeu":
            return " ".join(words[:2]), " ".join(words[2:])
        return "", self.title

    @property
    def full_title(self) -> str:
        return f"{self.title} – {self.subtitle}"


@dataclass(frozen=True)
class Shelf:
    """/ky-yeu/: every yearbook, years first (newest first), then periods."""

    title: str
    description: str
    years: tuple[Book, ...]
    periods: tuple[Book, ...]


@dataclass(frozen=True)
class Options:
    """The yearbook settings the model needs (from the plugin's `yearbook` config)."""

    title: str = "Kỷ yếu gương điển hình tiên tiến"
    issuer: str = ""
    place: str = ""
    cover_image: str = ""  # site-relative URL of the resized cover
    group_by: str = "campaign"
    full_story: bool = False
    periods: tuple[tuple[int, int], ...] = ()
    site_url: str = ""
    pdf: bool = False


# --- selection, grouping, ordering ------------------------------------------------------


def year_of(profile: Profile) -> int:
    """The year a profile belongs to: that of its quarter of introduction."""
    return profile.quarter.year


def select(profiles: Iterable[Profile], start: int, end: int) -> list[Profile]:
    """Published profiles introduced in [start, end]; the catalog already left out drafts."""
    return [p for p in profiles if start <= year_of(p) <= end]


def book_ranges(catalog: Catalog, configured: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Years with profiles (newest first), then campaign and configured periods that hold any."""
    years = sorted({year_of(p) for p in catalog.profiles}, reverse=True)
    periods = {(c.start, c.end) for slug, c in catalog.campaigns.items() if catalog.by["campaign"].get(slug)}
    periods |= set(configured)
    kept = [(s, e) for s, e in periods if s != e and select(catalog.profiles, s, e)]
    return [(y, y) for y in years] + sorted(kept, key=lambda r: (-r[1], -r[0]))


def entry_order(catalog: Catalog):
    """Highest level first, then Vietnamese alphabetical order of the name."""
    levels = catalog.taxonomies.levels

    def key(profile: Profile):
        return (-levels[profile.level].rank, vi_sort_key(profile.title), profile.slug)

    return key


def group(catalog: Catalog, profiles: Sequence[Profile], by: str) -> list[tuple[str, str, list[Profile]]]:
    """Chapters as (key, title, profiles in order); each profile in exactly one chapter.

    By campaign, a profile sits under its first campaign; campaigns follow the catalog's
    order (current first), fields Vietnamese alphabetical order, levels highest first.
    """
    tax = catalog.taxonomies
    buckets: dict[str, list[Profile]] = {}
    if by == "campaign":
        order = [c.slug for c in catalog.campaigns_in_order()]
        titles = {c.slug: c.title for c in catalog.campaigns.values()}
        key_of = lambda p: p.campaigns[0]  # noqa: E731
    elif by == "field":
        order = [t.key for t in sorted(tax.fields, key=lambda t: vi_sort_key(t.label))]
        titles = {t.key: t.label for t in tax.fields}
        key_of = lambda p: p.field  # noqa: E731
    elif by == "level":
        order = [t.key for t in sorted(tax.levels, key=lambda t: -t.rank)]
        titles = {t.key: t.label for t in tax.levels}
        key_of = lambda p: p.level  # noqa: E731
    else:
        raise ValueError(f"cách chia chương '{by}' không hợp lệ; dùng một trong {', '.join(GROUPINGS)}")
    for profile in profiles:
        buckets.setdefault(key_of(profile), []).append(profile)
    sort_key = entry_order(catalog)
    return [(k, titles[k], sorted(buckets[k], key=sort_key)) for k in order if k in buckets]


# --- statistics and index ---------------------------------------------------------------


def _count_table(title: str, heading: str, labels: Sequence[str], values: Iterable[str]) -> Table:
    counts = Counter(values)
    rows = tuple(Row(label, (), counts[label]) for label in labels if counts[label])
    return Table(title, heading, (), rows, (), sum(counts.values()))


def statistics(catalog: Catalog, profiles: Sequence[Profile], by_year: bool = False) -> tuple[Table, ...]:
    """Field × quarter (× year for a period book), then by level, kind and locality."""
    tax = catalog.taxonomies
    if by_year:
        column_of = lambda p: str(year_of(p))  # noqa: E731
        columns = sorted({column_of(p) for p in profiles})
        cross_title = "Số gương điển hình theo lĩnh vực và năm"
    else:
        column_of = lambda p: p.quarter.label  # noqa: E731
        columns = [q.label for q in sorted({p.quarter for p in profiles})]
        cross_title = "Số gương điển hình theo lĩnh vực và quý"
    cells = Counter((p.field, column_of(p)) for p in profiles)
    rows = []
    for term in sorted(tax.fields, key=lambda t: vi_sort_key(t.label)):
        counts = tuple(cells[(term.key, col)] for col in columns)
        if sum(counts):
            rows.append(Row(term.label, counts, sum(counts)))
    totals = tuple(sum(cells[(f, col)] for f in tax.fields.terms) for col in columns)
    cross = Table(cross_title, "Lĩnh vực", tuple(columns), tuple(rows), totals, len(profiles))

    levels = [t.label for t in sorted(tax.levels, key=lambda t: -t.rank)]
    localities = sorted({p.locality or NO_VALUE for p in profiles}, key=_label_key)
    return (
        cross,
        _count_table(
            "Số gương điển hình theo cấp công nhận",
            "Cấp công nhận",
            levels,
            (tax.levels[p.level].label for p in profiles),
        ),
        _count_table(
            "Số gương điển hình theo đối tượng",
            "Đối tượng",
            [t.label for t in tax.kinds],
            (tax.kinds[p.kind].label for p in profiles),
        ),
        _count_table(
            "Số gương điển hình theo địa phương",
            "Địa phương",
            localities,
            (p.locality or NO_VALUE for p in profiles),
        ),
    )


def _label_key(label: str):
    return (label == NO_VALUE, vi_sort_key(label))


def index_by(entries: Iterable[Entry], attribute: str) -> tuple[IndexGroup, ...]:
    """Entries grouped by a text attribute of the profile (locality, unit), both in vi order."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        value = getattr(entry.profile, attribute)
        if value:
            groups.setdefault(value, []).append(entry)
    return tuple(
        IndexGroup(label, tuple(sorted(groups[label], key=lambda e: vi_sort_key(e.profile.title))))
        for label in sorted(groups, key=vi_sort_key)
    )


# --- QR codes, photos -------------------------------------------------------------------


QR_KIND = "qr"  # cache kind of every QR code PNG (the books', the slides'), keyed by URL alone


def qr_key(url: str) -> str:
    return hashlib.sha256(f"qr-m0:{url}".encode()).hexdigest()[:20]


def qr_matrix(url: str) -> list[list[bool]]:
    """Dark modules of the QR code of a URL, with a 2-module quiet zone.

    The mask is fixed: choosing the "best" of eight costs 8× the time (5 ms a code) and any
    mask scans; the same URL always gives the same code.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, mask_pattern=0)
    code.add_data(url)
    code.make(fit=True)
    return [[bool(v) for v in row] for row in code.get_matrix()]


def write_qr(url: str, target: Path) -> None:
    """One pixel per module, 1-bit PNG (a few hundred bytes); CSS scales it without smoothing."""
    matrix = qr_matrix(url)
    size = len(matrix)
    img = Image.new("1", (size, size), 1)
    img.putdata([0 if dark else 1 for row in matrix for dark in row])
    images.save_clean(img, target, "PNG", optimize=True)


def publish_assets(
    books: Sequence[Book], docs_dir: Path, site_dir: Path, cache: images.Cache, photo_size: int
) -> None:
    """Resized photos and QR codes of every book into the site, made once and then taken
    from the cache (QR by URL, photos by content and size): a rebuild encodes nothing. The
    caller prunes QR_KIND once every QR code of the build is placed (the slides share them)."""
    jobs = []
    for target, url in sorted(qr_jobs(books).items()):
        jobs.append((QR_KIND, qr_key(url), target, lambda tmp, url=url: write_qr(url, tmp / "f")))
    for target, source in sorted(photo_jobs(books).items()):
        path = docs_dir / source
        # v2: sRGB, and no JPEG comment or other metadata of the original (entries of v1 kept it)
        key = hashlib.sha256(f"v2:{images.file_hash(path)}:{photo_size}".encode()).hexdigest()[:20]
        jobs.append(
            (
                "ky-yeu-anh",
                key,
                target,
                lambda tmp, path=path: images.resized_copy(path, tmp / "f", photo_size),
            )
        )

    def one(job) -> None:  # threads: Pillow releases the GIL while it decodes, resizes, encodes
        kind, key, target, make = job
        cache.entry(kind, key, make).place("f", site_dir / target)

    images.run_all(jobs, one)
    cache.prune("ky-yeu-anh")


def qr_jobs(books: Iterable[Book]) -> dict[str, str]:
    """site-relative QR PNG -> the URL it encodes, for every entry of every book."""
    return {e.qr: e.online_url for b in books for e in b.entries}


def photo_url(profile: Profile) -> str:
    return f"{PHOTO_DIR}/{profile.slug}.jpg" if profile.image else ""


def photo_jobs(books: Iterable[Book]) -> dict[str, str]:
    """site-relative resized photo -> docs-relative original, for every entry of every book."""
    return {e.photo: e.profile.image for b in books for e in b.entries if e.photo}


# --- forewords --------------------------------------------------------------------------


def is_foreword(src_uri: str) -> bool:
    """`ky-yeu/<anything>.md` right in the folder: a foreword, never a page of its own."""
    return (
        posixpath.dirname(src_uri) == FOREWORD_DIR
        and src_uri.endswith(".md")
        and src_uri != f"{FOREWORD_DIR}/index.md"
    )


def book_forewords(
    catalog: Catalog, docs_dir: Path | str, periods: Sequence[tuple[int, int]] = ()
) -> tuple[dict[str, Foreword], Problems]:
    """The forewords of this catalog's books, read strictly: the build and `guong check`
    call this same function, so a foreword that fails one fails the other."""
    keys = [str(s) if s == e else f"{s}-{e}" for s, e in book_ranges(catalog, periods)]
    return read_forewords(docs_dir, keys)


def read_forewords(docs_dir: Path | str, keys: Iterable[str]) -> tuple[dict[str, Foreword], Problems]:
    """`content/ky-yeu/<key>.md`, read strictly; a file for no book is a warning."""
    problems = Problems()
    forewords: dict[str, Foreword] = {}
    folder = Path(docs_dir) / FOREWORD_DIR
    wanted = set(keys)
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = f"{FOREWORD_DIR}/{path.name}"
        if path.stem not in wanted:
            problems.warning(
                rel,
                "",
                f"không có kỷ yếu '{path.stem}' (năm hoặc giai đoạn có gương "
                "điển hình đã xuất bản), lời nói đầu này bị bỏ qua; tên tệp "
                "dạng 2024.md hoặc 2021-2025.md",
            )
            continue
        try:
            doc = read_document(path)
        except SourceError as exc:
            problems.error(rel, exc.key, str(exc))
            continue
        for key in doc.meta:
            if key not in FOREWORD_KEYS:
                problems.warning(
                    rel,
                    key,
                    "khóa không dùng cho lời nói đầu kỷ yếu, sẽ bị bỏ qua; "
                    f"các khóa hợp lệ: {', '.join(FOREWORD_KEYS)}",
                )
        values = {}
        for key in FOREWORD_KEYS:
            value = doc.meta.get(key)
            if value is not None and not isinstance(value, (str, int)):
                problems.error(rel, key, "cần một đoạn chữ")
                value = None
            values[key] = str(value).strip() if value is not None else ""
        forewords[path.stem] = Foreword(rel, values["title"] or "Lời nói đầu", values["signed"], doc.body)
    return forewords, problems


# --- the books and their pages ----------------------------------------------------------


def build_book(
    catalog: Catalog, start: int, end: int, options: Options, foreword: Foreword | None = None
) -> Book:
    """One yearbook: chapters, numbered entries, statistics, indexes."""
    tax = catalog.taxonomies
    key = str(start) if start == end else f"{start}-{end}"
    # A closed book (its last year before the build's) was issued already: a profile withdrawn
    # since stays in it, marked, and every later change is listed in the erratum at its end.
    closed = end < catalog.settings.now.year
    profiles = select(catalog.profiles, start, end)
    if closed:
        profiles += select(catalog.withdrawn, start, end)
    chapters = []
    number = 0
    for n, (chapter_key, title, members) in enumerate(group(catalog, profiles, options.group_by), start=1):
        entries = []
        for profile in members:
            number += 1
            online = options.site_url.rstrip("/") + "/" + profile.url
            entries.append(
                Entry(
                    profile=profile,
                    number=number,
                    anchor=f"gb-{profile.slug}",
                    field_label=tax.fields[profile.field].label,
                    level_label=tax.levels[profile.level].label,
                    kind_label=tax.kinds[profile.kind].label,
                    campaign_titles=tuple(catalog.campaigns[s].title for s in profile.campaigns),
                    photo="" if profile.withdrawn else photo_url(profile),
                    online_url=online,
                    qr=f"{QR_DIR}/qr-{profile.slug}.png",
                    withdrawn=profile.withdrawn,
                    upgrade=upgrade(catalog, profile),
                )
            )
        chapters.append(Chapter(n, chapter_key, title, f"gb-chuong-{n}", tuple(entries)))
    all_entries = [e for c in chapters for e in c.entries]
    return Book(
        key=key,
        start=start,
        end=end,
        title=options.title,
        subtitle=f"Năm {start}" if start == end else f"Giai đoạn {start} – {end}",
        issuer=options.issuer,
        place=options.place,
        cover_image=options.cover_image,
        grouping=options.group_by,
        full_story=options.full_story,
        chapters=tuple(chapters),
        statistics=statistics(catalog, profiles, by_year=start != end),
        by_locality=index_by(all_entries, "locality"),
        by_unit=index_by(all_entries, "unit"),
        foreword_title=foreword.title if foreword else "",
        foreword_signed=foreword.signed if foreword else "",
        pdf=f"ky-yeu/{key}/ky-yeu-{key}.pdf" if options.pdf else "",
        errata=errata(all_entries) if closed else (),
    )


def upgrade(catalog: Catalog, profile: Profile) -> str:
    """When the previous story of the exemplar's chain (`follows`) was at a lower level."""
    earlier = catalog.earlier(profile)
    if not earlier:
        return ""
    levels = catalog.taxonomies.levels
    before = earlier[-1]
    if levels[before.level].rank >= levels[profile.level].rank:
        return ""
    return (
        f"Được nâng cấp công nhận từ {levels[before.level].label.lower()} lên "
        f"{levels[profile.level].label.lower()} (đã giới thiệu năm {before.quarter.year})"
    )


def errata(entries: Iterable[Entry]) -> tuple[Erratum, ...]:
    found = []
    for e in entries:
        p = e.profile
        found += [Erratum(c.date, "correction", p.title, e.anchor, c.note) for c in p.corrections]
        if p.withdrawal is not None:
            found.append(Erratum(p.withdrawal.date, "withdrawal", p.title, e.anchor, p.withdrawal.reason))
    return tuple(sorted(found, key=lambda x: (x.date, x.anchor, x.kind)))


def plan(
    catalog: Catalog,
    options: Options,
    forewords: dict[str, Foreword] | None = None,
    existing: frozenset[str] = frozenset(),
) -> tuple[list[Book], list[PageSpec]]:
    """Every yearbook and the PageSpecs of /ky-yeu/ and each book's page."""
    forewords = forewords or {}
    books = []
    for start, end in book_ranges(catalog, options.periods):
        key = str(start) if start == end else f"{start}-{end}"
        books.append(build_book(catalog, start, end, options, forewords.get(key)))
    shelf = Shelf(
        "Kỷ yếu",
        "Kỷ yếu điện tử gương điển hình tiên tiến theo năm và theo giai đoạn, "
        "để đọc trực tuyến, in hoặc tải về dạng PDF.",
        tuple(b for b in books if not b.is_period),
        tuple(b for b in books if b.is_period),
    )
    specs = [
        PageSpec(
            "ky-yeu/index.md",
            shelf.title,
            "guong/yearbooks.html",
            shelf,
            shelf.description,
            generated="ky-yeu/index.md" not in existing,
        )
    ]
    for book in books:
        src = f"ky-yeu/{book.key}/index.md"
        foreword = forewords.get(book.key)
        specs.append(
            PageSpec(
                src,
                f"Kỷ yếu {book.subtitle[0].lower()}{book.subtitle[1:]}",
                "guong/yearbook.html",
                book,
                f"{book.title} {book.subtitle.lower()}: {book.count} gương điển hình.",
                generated=src not in existing,
                body=foreword.body if foreword else "",
                extra_meta={"search": {"exclude": True}},  # the profiles are indexed on their own pages
                in_nav=False,  # reached from /ky-yeu/: the nav is rendered into every page
            )
        )
    return books, specs


def rebase_urls(html: str, from_dir: str, to_dir: str) -> str:
    """Relative src/href of a story rendered at `from_dir` (e.g. guong/x/), made relative to
    `to_dir` ('' = site root, for the PDF), so photos in full stories still resolve."""
    if not html.strip():
        return html
    root = fragments.parse(html)

    def move(value: str) -> str:
        if not value or value.startswith(("#", "/", "data:")) or ":" in value.split("/")[0]:
            return value
        rebased = posixpath.relpath(posixpath.normpath(posixpath.join(from_dir, value)), to_dir or ".")
        return rebased + "/" if value.endswith("/") and rebased != "." else rebased

    fragments.map_urls(root, move, ("src", "href"))
    return fragments.serialize(root)
