"""What a profile and a campaign are, and how each accepted frontmatter form is parsed.

Every parser takes a raw YAML value and returns the value or raises `ValueError` with a
Vietnamese message saying what was expected; the catalog attaches file and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from .taxonomy import strip_marks

VN_TZ = timezone(timedelta(hours=7), "+07:00")  # Asia/Ho_Chi_Minh has no DST


# --- dates ------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_VN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
DATE_FORMS = "2024-05-19, 19/05/2024 hoặc 2024-05-19 08:30"


FIRST_YEAR, LAST_YEAR = 1945, 2100  # publication dates outside are typos (0001-01-01, 20224)


def parse_when(value: Any) -> datetime:
    """A publication moment in +07:00 from any accepted date form, between 1945 and 2100."""
    try:
        moment = _parse_moment(value)
    except OverflowError:  # year 1 or 9999 moved across a time zone
        raise ValueError(f"ngày '{value}' nằm ngoài lịch; dùng {DATE_FORMS}") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(
            f"năm {moment.year} không hợp lệ: ngày phải trong khoảng năm {FIRST_YEAR} đến "
            f"{LAST_YEAR} (kiểm tra lỗi gõ); dùng {DATE_FORMS}"
        )
    return moment


def _parse_moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=VN_TZ)
        return value.astimezone(VN_TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), VN_TZ)
    if isinstance(value, str):
        text = value.strip()
        if m := _ISO.fullmatch(text):
            y, mo, d, h, mi, s = m.groups()
        elif m := _VN.fullmatch(text):
            d, mo, y, h, mi, s = m.groups()
        else:
            raise ValueError(f"ngày '{value}' không đúng dạng; dùng {DATE_FORMS}")
        try:
            return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=VN_TZ)
        except ValueError:
            raise ValueError(f"ngày '{value}' không có thật trong lịch") from None
    raise ValueError(f"cần một ngày ({DATE_FORMS}), nhận được {type(value).__name__}")


def format_date(moment: datetime | date) -> str:
    """Dates are written 19/05/2024 everywhere readers see them."""
    return moment.strftime("%d/%m/%Y")


# --- quarters ---------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_OF = {v: k.upper() for k, v in _ROMAN.items()}
_QUARTER_FORMS = [
    re.compile(r"(?P<y>\d{4})\s*-\s*q(?P<n>[1-4])"),
    re.compile(r"q(?P<n>[1-4])\s*/\s*(?P<y>\d{4})"),
    re.compile(r"quy\s*(?P<n>[1-4]|iv|iii|ii|i)\s*/\s*(?P<y>\d{4})"),
    re.compile(r"quy\s*(?P<n>[1-4]|iv|iii|ii|i)\s*(?:nam|,)?\s*(?P<y>\d{4})"),
]
QUARTER_FORMS = "2024-Q2, Q2/2024, Quý II/2024 hoặc Quý 2 năm 2024"


@dataclass(frozen=True, order=True)
class Quarter:
    """Quý giới thiệu: the quarter in which an exemplar is introduced."""

    year: int
    number: int

    @classmethod
    def of(cls, moment: date) -> Quarter:
        return cls(moment.year, (moment.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, value: Any) -> Quarter:
        text = strip_marks(str(value)).lower().strip()
        for form in _QUARTER_FORMS:
            if m := form.fullmatch(text):
                n = m["n"]
                return cls(int(m["y"]), int(n) if n.isdigit() else _ROMAN[n])
        raise ValueError(f"quý '{value}' không đúng dạng; dùng {QUARTER_FORMS}")

    @property
    def key(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def label(self) -> str:
        return f"Quý {_ROMAN_OF[self.number]}/{self.year}"


# --- other values -----------------------------------------------------------------------


def parse_text_value(value: Any) -> str:
    """Plain text: numbers are accepted (a unit called 2024 is still text), mappings are not."""
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise ValueError("cần một đoạn chữ")
    return str(value).strip()


def parse_text_list(value: Any) -> tuple[str, ...]:
    """A list of text; a single text is accepted as a list of one."""
    if isinstance(value, str):
        return (value.strip(),)
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return tuple(str(v).strip() for v in value)
    raise ValueError('cần một danh sách chữ, ví dụ: ["thứ nhất", "thứ hai"]')


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("cần true hoặc false")


def parse_url(value: Any) -> str:
    text = parse_text_value(value)
    if not re.match(r"https?://[^\s/]+", text):
        raise ValueError(f"'{text}' không phải địa chỉ web (bắt đầu bằng https://)")
    return text


def parse_period(value: Any) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", str(value))
    if not m or int(m[1]) > int(m[2]):
        raise ValueError(f"giai đoạn '{value}' phải có dạng năm đầu-năm cuối, ví dụ 2021-2025")
    return int(m[1]), int(m[2])


@dataclass(frozen=True)
class Award:
    """Danh hiệu or hình thức khen thưởng, optionally with year and awarding body."""

    title: str
    year: int | None = None
    by: str = ""

    def __str__(self) -> str:
        extra = ", ".join(x for x in (self.by, str(self.year) if self.year else "") if x)
        return f"{self.title} ({extra})" if extra else self.title


def parse_awards(value: Any) -> tuple[Award, ...]:
    if not isinstance(value, list):
        value = [value]
    awards = []
    for item in value:
        if isinstance(item, str):
            awards.append(Award(item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("title"), str):
            unknown = set(item) - {"title", "year", "by"}
            year = item.get("year")
            if unknown or (year is not None and not isinstance(year, int)):
                raise ValueError("mỗi danh hiệu là chữ hoặc {title, year, by} với year là số năm")
            awards.append(Award(item["title"].strip(), year, str(item.get("by") or "").strip()))
        else:
            raise ValueError("mỗi danh hiệu là chữ hoặc {title, year, by}")
    return tuple(awards)


@dataclass(frozen=True)
class Withdrawal:
    """Thu hồi: the commendation was cancelled or the title taken back (Law 06/2022/QH15,
    Art. 93). The profile leaves every list; its URL shows a notice with these facts."""

    date: datetime
    reason: str


@dataclass(frozen=True)
class Correction:
    """Đính chính: a dated note shown on the profile; it bumps the profile's `updated`."""

    date: datetime
    note: str


STATUSES = ("published", "withdrawn")


def parse_status(value: Any) -> str:
    text = parse_text_value(value).lower()
    if text not in STATUSES:
        raise ValueError(f"'{value}' không hợp lệ; dùng 'published' (mặc định) hoặc 'withdrawn' (thu hồi)")
    return text


def _dated_note(value: Any, note_key: str, example: str) -> tuple[datetime, str]:
    if not isinstance(value, dict) or set(value) != {"date", note_key}:
        raise ValueError(f"cần {{date, {note_key}}}, ví dụ {example}")
    when = parse_when(value["date"])
    note = parse_text_value(value[note_key]) if value[note_key] is not None else ""
    if not note:
        raise ValueError(f"'{note_key}' không được để trống")
    return when, note


def parse_withdrawal(value: Any) -> Withdrawal:
    when, reason = _dated_note(
        value,
        "reason",
        '{date: 2025-08-01, reason: "Quyết định số 12/QĐ-UBND hủy bỏ quyết định khen thưởng"}',
    )
    return Withdrawal(when, reason)


def parse_corrections(value: Any) -> tuple[Correction, ...]:
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise ValueError('cần một danh sách {date, note}, ví dụ [{date: 2025-06-02, note: "Sửa tên xã"}]')
    found = []
    for item in value:
        when, note = _dated_note(item, "note", '{date: 2025-06-02, note: "Sửa tên xã"}')
        found.append(Correction(when, note))
    return tuple(sorted(found, key=lambda c: c.date))


def parse_slug_ref(value: Any) -> str:
    text = parse_text_value(value).strip().strip("/")
    text = text.removeprefix("guong/").strip("/")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text):
        raise ValueError(f"'{value}' không phải tên tệp của một hồ sơ (chữ thường không dấu nối bằng '-')")
    return text


# --- the content model ------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """One exemplar. Holds no `private` data: it is dropped when the file is read."""

    slug: str
    source: str  # path relative to the docs folder, for messages
    title: str
    date: datetime
    field: str
    level: str
    kind: str
    campaigns: tuple[str, ...]
    quarter: Quarter
    summary: str
    body: str
    unit: str = ""
    locality: str = ""
    image: str = ""  # docs-relative path
    image_alt: str = ""
    image_credit: str = ""
    awards: tuple[Award, ...] = ()
    tags: tuple[str, ...] = ()
    audio: str = ""  # docs-relative path
    video: str = ""
    author: str = ""
    updated: datetime | None = None
    draft: bool = False
    occasion: str = ""
    summary_from_story: bool = False  # the lede repeats the first paragraph: show it once
    withdrawal: Withdrawal | None = None  # status: withdrawn
    corrections: tuple[Correction, ...] = ()  # oldest first
    follows: str = ""  # slug of an earlier story about the same person or collective
    source_url: str = ""  # `source`: the original of an aggregated story

    @property
    def withdrawn(self) -> bool:
        return self.withdrawal is not None

    @property
    def url(self) -> str:
        return f"guong/{self.slug}/"

    @property
    def modified(self) -> datetime:
        """The last substantive change: `updated`, a correction, or the withdrawal."""
        dates = [self.updated or self.date, *(c.date for c in self.corrections)]
        if self.withdrawal is not None:
            dates.append(self.withdrawal.date)
        return max(dates)

    def is_published(self, now: datetime) -> bool:
        """Drafts and scheduled (future-dated) profiles stay out of every output."""
        return not self.draft and self.date <= now


@dataclass(frozen=True)
class Campaign:
    """A phong trào thi đua; its body states the criteria."""

    slug: str
    source: str
    title: str
    start: int
    end: int
    lead: str = ""
    summary: str = ""
    fields: tuple[str, ...] = ()
    body: str = ""

    @property
    def url(self) -> str:
        return f"phong-trao/{self.slug}/"

    @property
    def period(self) -> str:
        return f"{self.start}-{self.end}"

    def is_current(self, year: int) -> bool:
        return self.start <= year <= self.end


# --- summary from the story -------------------------------------------------------------

_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"<[^>]+>"), ""),  # inline HTML
    (re.compile(r"(\*\*|__|\*|_|`)"), ""),  # emphasis, code
]


_NOT_PROSE = re.compile(r"([-*+]\s|\d+\.\s|#|>|\||!\[|<|```|~~~|\$\$)")


def first_paragraph(markdown: str) -> str:
    """The lede when `summary` is missing: first paragraph of the story, as plain text."""
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or _NOT_PROSE.match(block):
            continue
        text = " ".join(line.strip() for line in block.splitlines())
        for pattern, repl in _INLINE:
            text = pattern.sub(repl, text)
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            return text
    return ""
