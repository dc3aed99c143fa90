"""Taxonomies (fields, levels, kinds, occasions): matching by key or label, slugs, ordering.

Matching ignores case, diacritics (đ -> d), tone-mark placement ("hoá"/"hóa") and spacing,
because staff type labels by hand, often without marks.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping

# --- text folding and slugs -------------------------------------------------------------

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def strip_marks(text: str) -> str:
    """Remove every diacritic; `unicodedata` does not decompose đ, so map it by hand."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Comparison form: no marks, lowercase, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", strip_marks(text).lower())


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


@dataclass(frozen=True)
class Taxonomies:
    """The four configured taxonomies of one site."""

    fields: Taxonomy
    levels: Taxonomy
    kinds: Taxonomy
    occasions: Taxonomy

    @classmethod
    def build(
        cls,
        fields: Mapping | None = None,
        levels: Mapping | None = None,
        kinds: Mapping | None = None,
        occasions: Mapping | None = None,
        replace_defaults: bool = False,
    ) -> "Taxonomies":
        """Defaults merged with site configuration. Raises ValueError on a malformed entry."""

        def terms(mapping: Mapping) -> list[Term]:
            result = []
            for rank, (key, label) in enumerate(mapping.items()):
                if slugify(key) != key:
                    raise ValueError(f"khóa '{key}' phải là chữ thường không dấu, nối bằng '-'")
                result.append(Term(key, unicodedata.normalize("NFC", str(label)), rank))
            return result

        occasion_terms = []
        for rank, (key, value) in enumerate(
            _merge(DEFAULT_OCCASIONS, occasions, replace_defaults).items()
        ):
            if isinstance(value, Mapping):
                day_text, label = value.get("date", ""), value.get("label", key)
            elif isinstance(value, (list, tuple)) and len(value) == 2:
                day_text, label = value
            else:
                raise ValueError(
                    f"ngày kỷ niệm '{key}' phải có dạng {{date: 'ngày/tháng', label: 'tên'}}"
                )
            day, month = _day_month(day_text)
            occasion_terms.append(
                Term(key, unicodedata.normalize("NFC", str(label)), rank, day, month)
            )
        return cls(
            fields=Taxonomy(
                "field", "Lĩnh vực", "linh-vuc",
                terms(_merge(DEFAULT_FIELDS, fields, replace_defaults)),
            ),
            levels=Taxonomy(
                "level", "Cấp công nhận", "cap",
                terms(_merge(DEFAULT_LEVELS, levels, replace_defaults)),
            ),
            kinds=Taxonomy(
                "kind", "Đối tượng", "doi-tuong",
                terms(_merge(DEFAULT_KINDS, kinds, replace_defaults)),
            ),
            occasions=Taxonomy("occasion", "Ngày lễ, kỷ niệm", "dip", occasion_terms),
        )

    def sections(self) -> tuple[Taxonomy, Taxonomy, Taxonomy]:
        """The taxonomies that get chuyên mục pages of their own."""
        return (self.fields, self.levels, self.kinds)
