"""Taxonomies (fields, levels, kinds, occasions): matching by key or label, slugs, ordering.

Matching ignores case, diacritics (đ -> d), tone-mark placement ("hoá"/"hóa") and spacing,
because staff type labels by hand, often without marks.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# --- text folding and slugs -------------------------------------------------------------

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def strip_marks(text: str) -> str:
    """Remove every diacritic; `unicodedata` does not decompose đ, so map it by hand."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1 << 16)  # units, places, tags repeat across thousands of profiles
def fold(text: str) -> str:
    """Comparison form: no marks, lowercase, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", strip_marks(text).lower())


@functools.lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """ASCII slug: "Đắk Lắk" -> "dak-lak" (the default toc slugify gives "ak-lak")."""
    return re.sub(r"[^a-z0-9]+", "-", strip_marks(text).lower()).strip("-")


def slugify_heading(value: str, separator: str = "-") -> str:
    """Signature of Python-Markdown's toc `slugify` option, for ASCII heading anchors."""
    return re.sub(r"[^a-z0-9]+", separator, strip_marks(value).lower()).strip(separator)


# --- Vietnamese alphabetical order ------------------------------------------------------

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
# Tone marks, in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter_and_tone(char: str) -> tuple[str, int]:
    parts = unicodedata.normalize("NFD", char)
    tone = 0
    kept = []
    for c in parts:
        if c in _TONES:
            tone = _TONES[c]
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@functools.lru_cache(maxsize=1 << 16)  # the same titles and labels are sorted many times a build
def vi_sort_key(text: str) -> tuple:
    """Sort key for Vietnamese: Đ after D, Ư after U, tones as a tie-breaker.

    Python's code-point order puts "Đ" after "Z"; this key follows the Vietnamese alphabet.
    """
    primary: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", text).lower():
        letter, tone = _letter_and_tone(char)
        if letter in _LETTER_RANK:
            primary.append(100 + _LETTER_RANK[letter])
            tones.append(tone)
        elif letter.isdecimal():  # not isdigit: "²" is a digit int() refuses
            primary.append(10 + int(letter))
            tones.append(0)
        elif letter.isspace():
            primary.append(1)
            tones.append(0)
        else:
            primary.append(200 + ord(letter))
            tones.append(0)
    return (tuple(primary), tuple(tones), text)


# --- taxonomies -------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One value of a taxonomy: the key is the URL slug, the label is shown to readers."""

    key: str
    label: str
    rank: int = 0  # position in the configured order (levels: lowest first)
    day: int = 0  # occasions only
    month: int = 0  # occasions only
    description: str = ""  # campaigns: their summary, used for the term's page and feeds


class Taxonomy:
    """An ordered set of terms with forgiving lookup by key or label."""

    def __init__(self, name: str, title: str, url_prefix: str, terms: Iterable[Term]):
        self.name = name  # frontmatter key: field, level, kind, occasion
        self.title = title  # Vietnamese name of the taxonomy, e.g. "Lĩnh vực"
        self.url_prefix = url_prefix  # e.g. "linh-vuc"
        self.terms: Mapping[str, Term] = MappingProxyType({t.key: t for t in terms})
        self._by_folded: dict[str, str] = {}
        for term in self.terms.values():
            self._by_folded.setdefault(fold(term.key), term.key)
            self._by_folded.setdefault(fold(term.label), term.key)

    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, key: str) -> Term:
        return self.terms[key]

    def match(self, value: str) -> str | None:
        """The key for a value written as key or label, or None."""
        return self._by_folded.get(fold(value))

    def suggest(self, value: str) -> str | None:
        """The nearest key, for 'did you mean' messages."""
        candidates = list(self._by_folded)
        close = difflib.get_close_matches(fold(value), candidates, n=1, cutoff=0.5)
        return self._by_folded[close[0]] if close else None

    def describe(self, key: str) -> str:
        return f"'{key}' ({self.terms[key].label})"

    def url(self, key: str) -> str:
        return f"{self.url_prefix}/{key}/"


DEFAULT_FIELDS: dict[str, str] = {
    "nong-nghiep": "Nông nghiệp, nông thôn",
    "giam-ngheo": "Giảm nghèo, an sinh xã hội",
    "hanh-chinh-chuyen-doi-so": "Cải cách hành chính, chuyển đổi số",
    "doanh-nghiep": "Doanh nghiệp, doanh nhân",
    "lao-dong": "Lao động giỏi, lao động sáng tạo",
    "y-te": "Y tế",
    "giao-duc": "Giáo dục - Đào tạo",
    "quoc-phong-an-ninh": "Quốc phòng - An ninh",
    "khoa-hoc-khoi-nghiep": "Khoa học, công nghệ, khởi nghiệp",
    "van-hoa-the-thao": "Văn hóa, thể thao",
    "xay-dung-dang": "Xây dựng Đảng",
    "mat-tran-doan-the": "Mặt trận, đoàn thể",
    "phong-chong-thien-tai": "Phòng, chống thiên tai",
    "nguoi-tot-viec-tot": "Người tốt, việc tốt",
}

DEFAULT_LEVELS: dict[str, str] = {  # lowest first
    "co-so": "Cấp cơ sở",
    "huyen": "Cấp huyện",
    "so-nganh": "Cấp sở, ngành",
    "tinh": "Cấp tỉnh",
    "toan-quoc": "Toàn quốc",
}

DEFAULT_KINDS: dict[str, str] = {
    "ca-nhan": "Cá nhân",
    "tap-the": "Tập thể",
    "ho-gia-dinh": "Hộ gia đình",
}

DEFAULT_OCCASIONS: dict[str, tuple[str, str]] = {
    "thanh-lap-dang": ("3/2", "Ngày thành lập Đảng Cộng sản Việt Nam"),
    "thay-thuoc": ("27/2", "Ngày Thầy thuốc Việt Nam"),
    "quoc-te-phu-nu": ("8/3", "Ngày Quốc tế Phụ nữ"),
    "thanh-lap-doan": ("26/3", "Ngày thành lập Đoàn TNCS Hồ Chí Minh"),
    "giai-phong-mien-nam": ("30/4", "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    "quoc-te-lao-dong": ("1/5", "Ngày Quốc tế Lao động"),
    "dien-bien-phu": ("7/5", "Ngày Chiến thắng Điện Biên Phủ"),
    "sinh-nhat-bac": ("19/5", "Ngày sinh Chủ tịch Hồ Chí Minh"),
    "thi-dua-ai-quoc": ("11/6", "Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc"),
    "bao-chi-cach-mang": ("21/6", "Ngày Báo chí Cách mạng Việt Nam"),
    "gia-dinh": ("28/6", "Ngày Gia đình Việt Nam"),
    "thuong-binh-liet-si": ("27/7", "Ngày Thương binh - Liệt sĩ"),
    "cach-mang-thang-tam": ("19/8", "Ngày Cách mạng Tháng Tám"),
    "quoc-khanh": ("2/9", "Ngày Quốc khánh"),
    "doanh-nhan": ("13/10", "Ngày Doanh nhân Việt Nam"),
    "phu-nu-viet-nam": ("20/10", "Ngày Phụ nữ Việt Nam"),
    "dai-doan-ket": ("18/11", "Ngày hội Đại đoàn kết toàn dân tộc"),
    "nha-giao": ("20/11", "Ngày Nhà giáo Việt Nam"),
    "quan-doi": ("22/12", "Ngày thành lập Quân đội nhân dân Việt Nam"),
}


def _merge(defaults: Mapping, overrides: Mapping | None, replace: bool) -> dict:
    """Site configuration extends or relabels the defaults; a value of null removes a key."""
    merged = {} if replace else dict(defaults)
    for key, value in (overrides or {}).items():
        if value is None or value is False:
            merged.pop(str(key), None)
        else:
            merged[str(key)] = value
    return merged


def _day_month(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*", str(text))
    if not match:
        raise ValueError(f"ngày kỷ niệm '{text}' phải có dạng ngày/tháng, ví dụ 11/6")
    day, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError(f"ngày kỷ niệm '{text}' không hợp lệ")
    return day, month


# --- the registry: one declaration per taxonomy ------------------------------------------

ORDERS = ("config", "alphabet", "calendar", "newest")
TERM_SOURCES = ("fields", "levels", "kinds", "occasions", "profiles", "files")


@dataclass(frozen=True)
class TaxonomySpec:
    """One taxonomy: where its terms come from, its URLs and which outputs it gets.

    Everything that lists taxonomies (pages, badges, feeds, OPML, /dang-ky/, the menu,
    social cards, the filters on /guong/, reports) loops over the registry, in its order
    (the menu and the home page follow `menu` instead). Adding one is one declaration.
    """

    name: str  # registry name and `catalog.by[name]`: field, level, kind, quarter, ...
    key: str  # the profile's frontmatter key (Profile attribute `attr`, default: the key)
    prefix: str  # URL prefix: /<prefix>/ is the index, /<prefix>/<term>/ a term page
    title: str  # Vietnamese name: index title, menu, feed group on /dang-ky/
    label: str = ""  # short name on badges and in feed titles ("Quý"); default: title
    noun: str = ""  # the name inside a sentence; default: title in lowercase
    terms: str = "profiles"  # configured (fields/levels/kinds/occasions), profiles or files
    order: str = "alphabet"  # config, alphabet (Vietnamese), calendar (day/month), newest
    attr: str = ""  # Profile attribute holding the value(s); default: key
    pages: bool = True  # an index page and one paginated page per term
    feeds: bool = False  # rss.xml, atom.xml, feed.json per term (+ OPML, /dang-ky/)
    categories: bool = False  # its terms as <category> of every feed item (changes every feed)
    badges: bool = False  # a badge on each profile linking to its term page
    cards: bool = False  # a badge on the profile's card in lists (keep it to a few: cards are small)
    menu: int = 0  # position in the menu, on the home page and /guong/'s browse list; 0: none
    filter: bool = False  # a select on /guong/ (guong/index.json carries the value as `name`)
    yearbook: bool = False  # a yearbook may be grouped into chapters by it
    report: bool = False  # a count table in staff reports
    index_template: str = "guong/taxonomy.html"
    index_description: str = ""  # default: "Chuyên mục gương điển hình theo {noun}."
    term_description: str = ""  # default: "Gương điển hình tiên tiến thuộc {noun} {label}."
    eyebrow: str = ""  # line above the title on social cards; default "Chuyên mục · {title}"

    def __post_init__(self) -> None:
        if self.order not in ORDERS:
            raise ValueError(f"phân loại '{self.name}': order phải là một trong {', '.join(ORDERS)}")
        if self.terms not in TERM_SOURCES:
            raise ValueError(f"phân loại '{self.name}': terms không hợp lệ '{self.terms}'")
        if not self.prefix or slugify(self.prefix) != self.prefix:
            raise ValueError(
                f"phân loại '{self.name}': prefix '{self.prefix}' phải là chữ thường không dấu, nối bằng '-'"
            )
        for attr, default in (
            ("label", self.title),
            ("noun", self.title.lower()),
            ("attr", self.key),
            ("index_description", f"Chuyên mục gương điển hình theo {self.title.lower()}."),
            ("term_description", "Gương điển hình tiên tiến thuộc {noun} {label}."),
            ("eyebrow", f"Chuyên mục · {self.title}"),
        ):
            if not getattr(self, attr):
                object.__setattr__(self, attr, default)

    @property
    def configured(self) -> bool:
        return self.terms not in ("profiles", "files")

    @property
    def index_url(self) -> str:
        return f"{self.prefix}/"

    def url(self, key: str) -> str:
        return f"{self.prefix}/{key}/"

    def values(self, profile: Any) -> tuple[Any, ...]:
        """The raw value(s) a profile holds for this taxonomy (empty values left out)."""
        value = getattr(profile, self.attr)
        values = value if isinstance(value, (tuple, list)) else (value,)
        return tuple(v for v in values if v not in ("", None))

    def describe(self, term: Term) -> str:
        """The sentence under a term page's title (and its feeds' description)."""
        if term.description:
            return term.description
        return self.term_description.format(
            noun=self.noun, label=term.label, title=self.title, day=term.day, month=term.month
        )

    def ordered(self, terms: Iterable[Term]) -> list[Term]:
        """Terms in this taxonomy's order; derived terms come ranked newest first."""
        terms = list(terms)
        if self.order == "alphabet":
            return sorted(terms, key=lambda t: vi_sort_key(t.label))
        if self.order == "calendar":
            return sorted(terms, key=lambda t: (t.month, t.day, t.rank))
        return sorted(terms, key=lambda t: t.rank)


BUILTIN: tuple[TaxonomySpec, ...] = (
    TaxonomySpec(
        "field",
        "field",
        "linh-vuc",
        "Lĩnh vực",
        terms="fields",
        order="alphabet",
        feeds=True,
        categories=True,
        badges=True,
        cards=True,
        menu=2,
        filter=True,
        yearbook=True,
    ),
    TaxonomySpec(
        "level",
        "level",
        "cap",
        "Cấp công nhận",
        terms="levels",
        order="config",
        feeds=True,
        categories=True,
        badges=True,
        cards=True,
        menu=3,
        filter=True,
        yearbook=True,
        report=True,
    ),
    TaxonomySpec(
        "kind",
        "kind",
        "doi-tuong",
        "Đối tượng",
        terms="kinds",
        order="config",
        feeds=True,
        categories=True,
        badges=True,
        cards=True,
        menu=4,
        filter=True,
        report=True,
    ),
    TaxonomySpec(
        "quarter",
        "quarter",
        "quy",
        "Quý giới thiệu",
        label="Quý",
        order="newest",
        badges=True,
        menu=5,
        index_description="Gương điển hình theo quý giới thiệu, mới nhất trước.",
        term_description="Gương điển hình giới thiệu trong {label}.",
    ),
    TaxonomySpec(
        "campaign",
        "campaign",
        "phong-trao",
        "Phong trào thi đua",
        label="Phong trào",
        attr="campaigns",
        terms="files",
        order="newest",
        feeds=True,
        categories=True,
        badges=True,
        menu=1,
        yearbook=True,
        report=True,
        index_template="guong/campaigns.html",
        index_description="Các phong trào thi đua yêu nước; phong trào đang diễn ra ở đầu danh sách.",
        term_description="Gương điển hình trong phong trào {label}.",
        eyebrow="Phong trào thi đua",
    ),
    TaxonomySpec(
        "occasion",
        "occasion",
        "dip",
        "Ngày lễ, kỷ niệm",
        noun="dịp kỷ niệm",
        terms="occasions",
        order="calendar",
        menu=6,
        index_template="guong/calendar.html",
        index_description="Lịch các ngày lễ, kỷ niệm trong năm và những gương điển hình gắn với từng dịp.",
        term_description="Gương điển hình gắn với {label} ({day}/{month}).",
        eyebrow="Chuyên mục",
    ),
    TaxonomySpec(
        "unit",
        "unit",
        "don-vi",
        "Đơn vị giới thiệu",
        label="Đơn vị",
        order="alphabet",
        feeds=True,
        badges=True,
        index_description="Gương điển hình theo đơn vị giới thiệu.",
        term_description="Gương điển hình tiên tiến do {label} giới thiệu.",
    ),
)
"""The taxonomies every site has, in registry order (badges, feeds and reports follow it)."""

# Profile keys a site may declare a taxonomy over (public text; model.py parses them).
DECLARABLE_KEYS = {"unit": "unit", "locality": "locality", "author": "author", "tags": "tags"}
# First path segments the plugin uses for something else.
RESERVED_PREFIXES = {
    "guong",
    "ky-yeu",
    "dang-ky",
    "admin",
    "assets",
    "search",
    "bao-cao",
    "podcast",
    "trien-lam",
    "nhung",
    "dinh-chinh",
    "page",
}
_DECLARED_OPTIONS = {
    "name",
    "key",
    "prefix",
    "title",
    "label",
    "noun",
    "order",
    "feeds",
    "categories",
    "badges",
    "cards",
    "term_description",
    "index_description",
}


def declare(entry: Mapping) -> TaxonomySpec:
    """A taxonomy declared under `taxonomies:` in mkdocs.yml; ValueError when malformed."""
    if not isinstance(entry, Mapping):
        raise ValueError("mỗi mục của 'taxonomies' phải có dạng {name, key, prefix, title}")
    unknown = sorted(set(map(str, entry)) - _DECLARED_OPTIONS)
    if unknown:
        raise ValueError(
            f"taxonomies: khóa không hợp lệ {', '.join(unknown)} "
            f"(dùng: {', '.join(sorted(_DECLARED_OPTIONS))})"
        )
    missing = [k for k in ("name", "key", "prefix", "title") if not entry.get(k)]
    if missing:
        raise ValueError(f"taxonomies: thiếu {', '.join(missing)}")
    key = str(entry["key"])
    if key not in DECLARABLE_KEYS:
        raise ValueError(
            f"taxonomies '{entry['name']}': key '{key}' không dùng được; "
            f"chọn một trong {', '.join(DECLARABLE_KEYS)}"
        )
    order = str(entry.get("order", "alphabet"))
    if order not in ("alphabet", "newest"):
        raise ValueError(f"taxonomies '{entry['name']}': order phải là alphabet hoặc newest")
    return TaxonomySpec(
        name=str(entry["name"]),
        key=key,
        attr=DECLARABLE_KEYS[key],
        prefix=str(entry["prefix"]),
        title=unicodedata.normalize("NFC", str(entry["title"])),
        label=unicodedata.normalize("NFC", str(entry.get("label") or "")),
        noun=unicodedata.normalize("NFC", str(entry.get("noun") or "")),
        order=order,
        feeds=bool(entry.get("feeds", True)),
        categories=bool(entry.get("categories", False)),
        badges=bool(entry.get("badges", True)),
        cards=bool(entry.get("cards", False)),
        term_description=str(entry.get("term_description") or ""),
        index_description=str(entry.get("index_description") or ""),
    )


def registry(
    declared: Iterable[Mapping] | None = None, builtin: tuple[TaxonomySpec, ...] = BUILTIN
) -> tuple[TaxonomySpec, ...]:
    """The built-in taxonomies, then the site's; names and prefixes must be unique."""
    specs = list(builtin)
    for entry in declared or ():
        spec = declare(entry)
        if spec.prefix in RESERVED_PREFIXES:
            raise ValueError(f"taxonomies '{spec.name}': prefix '{spec.prefix}' đã được dùng")
        for other in specs:
            if spec.name == other.name or spec.prefix == other.prefix:
                raise ValueError(
                    f"taxonomies '{spec.name}': trùng name hoặc prefix với '{other.name}' (/{other.prefix}/)"
                )
        specs.append(spec)
    return tuple(specs)


@dataclass(frozen=True)
class Taxonomies:
    """The configured taxonomies of one site and its registry (built-in + declared)."""

    fields: Taxonomy
    levels: Taxonomy
    kinds: Taxonomy
    occasions: Taxonomy
    registry: tuple[TaxonomySpec, ...] = BUILTIN

    @classmethod
    def build(
        cls,
        fields: Mapping | None = None,
        levels: Mapping | None = None,
        kinds: Mapping | None = None,
        occasions: Mapping | None = None,
        replace_defaults: bool = False,
        declared: Iterable[Mapping] | None = None,
    ) -> Taxonomies:
        """Defaults merged with site configuration. Raises ValueError on a malformed entry."""

        def terms(mapping: Mapping) -> list[Term]:
            result = []
            for rank, (key, label) in enumerate(mapping.items()):
                if slugify(key) != key:
                    raise ValueError(f"khóa '{key}' phải là chữ thường không dấu, nối bằng '-'")
                result.append(Term(key, unicodedata.normalize("NFC", str(label)), rank))
            return result

        occasion_terms = []
        for rank, (key, value) in enumerate(_merge(DEFAULT_OCCASIONS, occasions, replace_defaults).items()):
            if isinstance(value, Mapping):
                day_text, label = value.get("date", ""), value.get("label", key)
            elif isinstance(value, (list, tuple)) and len(value) == 2:
                day_text, label = value
            else:
                raise ValueError(f"ngày kỷ niệm '{key}' phải có dạng {{date: 'ngày/tháng', label: 'tên'}}")
            day, month = _day_month(day_text)
            occasion_terms.append(Term(key, unicodedata.normalize("NFC", str(label)), rank, day, month))
        return cls(
            fields=Taxonomy(
                "field",
                "Lĩnh vực",
                "linh-vuc",
                terms(_merge(DEFAULT_FIELDS, fields, replace_defaults)),
            ),
            levels=Taxonomy(
                "level",
                "Cấp công nhận",
                "cap",
                terms(_merge(DEFAULT_LEVELS, levels, replace_defaults)),
            ),
            kinds=Taxonomy(
                "kind",
                "Đối tượng",
                "doi-tuong",
                terms(_merge(DEFAULT_KINDS, kinds, replace_defaults)),
            ),
            occasions=Taxonomy("occasion", "Ngày lễ, kỷ niệm", "dip", occasion_terms),
            registry=registry(declared),
        )

    def spec(self, name: str) -> TaxonomySpec:
        for spec in self.registry:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def configured(self, spec: TaxonomySpec) -> Taxonomy:
        """The configured terms of a taxonomy whose terms are configuration."""
        return getattr(self, spec.terms)

    def with_flag(self, flag: str) -> tuple[TaxonomySpec, ...]:
        """The registered taxonomies that get an output: pages, feeds, badges, report..."""
        return tuple(s for s in self.registry if getattr(s, flag))

    def in_menu(self) -> tuple[TaxonomySpec, ...]:
        """Taxonomies with pages in menu order, then those without a menu entry."""
        pages = [s for s in self.registry if s.pages]
        return tuple(sorted(pages, key=lambda s: (s.menu == 0, s.menu)))
