"""Writing new profile files: `guong new` and `guong import` share this.

Files are created with exclusive mode, so an existing profile is never overwritten; slugs
are ASCII from the title (đ -> d) and unique across every year folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .catalog import CAMPAIGNS_DIR, PROFILES_DIR, RESERVED_SLUGS
from .model import parse_when
from .source import SourceError, read_document
from .taxonomy import Taxonomies, Taxonomy, fold, slugify

MAX_SLUG = 80

OUTLINE = """\
Đoạn mở đầu (sapo): một hai câu nói người này là ai, đã làm được gì nổi bật.

## Hoàn cảnh và khó khăn ban đầu

Xuất phát điểm, thử thách phải vượt qua.

## Cách làm sáng tạo

Những việc cụ thể, cách làm mới, sáng kiến.

## Kết quả và sức lan tỏa

Số liệu, hiệu quả, những người được hưởng lợi, mô hình được nhân rộng.

## Danh hiệu, khen thưởng

Các hình thức khen thưởng đã nhận (ghi thêm ở khóa `awards`).
"""


# --- placeholder text left from a template ----------------------------------------------

PLACEHOLDER_KEY = "nội dung bài"

# Sample phrases of the README's copy-paste template, and of older templates.
TEMPLATE_SAMPLES = (
    "Đoạn mở đầu: ai, làm gì, thành tích nổi bật.",
    "Câu chuyện…",
    "Câu chuyện...",
)
TEMPLATE_SAMPLE_HEADINGS = ("Tiêu đề nhỏ",)
TEMPLATE_SAMPLE_META = {"summary": ("Một câu sapo cho danh sách, nguồn tin và mạng xã hội.",)}


def _placeholder_form(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("...", "…")
    return " ".join(text.split()).casefold()


def _outline_paragraphs() -> list[str]:
    paragraphs = [p.strip() for p in OUTLINE.split("\n\n")]
    return [p for p in paragraphs if p and not p.startswith("#")]


PLACEHOLDERS = {_placeholder_form(p) for p in (*_outline_paragraphs(), *TEMPLATE_SAMPLES)}
PLACEHOLDER_HEADINGS = {_placeholder_form(h) for h in TEMPLATE_SAMPLE_HEADINGS}
# A paragraph is compared whole only when its first word starts a placeholder: most
# paragraphs of 20,000 stories are then never re-spaced and case-folded.
_FIRST_WORDS = {form.split(" ", 1)[0] for form in PLACEHOLDERS}


def _is_placeholder(text: str) -> bool:
    return (
        _placeholder_form(text.split(None, 1)[0]) in _FIRST_WORDS and _placeholder_form(text) in PLACEHOLDERS
    )


def _file_line(path: Path | None, first_line: str) -> int | None:
    """Line number in the file (1-based, after the frontmatter) of a body line, if found."""
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    wanted = _placeholder_form(first_line)
    fences = 0
    for number, line in enumerate(lines, 1):
        if fences < 2:
            fences += line.strip() == "---"
            continue
        if _placeholder_form(line) == wanted:
            return number
    return None


def placeholder_problems(
    rel: str, meta: Mapping[str, Any], body: str, path: Path | None = None
) -> list[tuple[str, str]]:
    """(key, message) for each template placeholder still in a profile that will be published.

    The placeholders are the guidance sentences `guong new` and `guong import` write
    (OUTLINE) and the sample phrases of the README's template, matched as whole paragraphs
    or headings (ignoring case and spacing), never as parts of real sentences. Drafts
    (`draft: true`) may keep them while the story is being written; a profile to be
    published (now or on a later date) may not. `rel` is the file's path under content/,
    `path` (optional) the file itself, to name the line.
    """
    if meta.get("draft") is True:
        return []
    found: list[tuple[str, str]] = []
    for key, samples in TEMPLATE_SAMPLE_META.items():
        value = meta.get(key)
        if isinstance(value, str) and _placeholder_form(value) in {_placeholder_form(s) for s in samples}:
            found.append((key, f"vẫn là câu mẫu '{value.strip()}': thay bằng nội dung thật"))
    chunks = []
    for paragraph in re.split(r"\n\s*\n", body):
        lines = paragraph.strip().splitlines()
        if lines and re.match(r"#{1,6}\s", lines[0]) and len(lines) > 1:  # heading + text
            chunks += [lines[0], "\n".join(lines[1:])]
        else:
            chunks.append("\n".join(lines))
    for text in chunks:
        text = text.strip()
        if not text:
            continue
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*$", text)
        if heading and "\n" not in text:
            if _placeholder_form(heading[1]) not in PLACEHOLDER_HEADINGS:
                continue
            what = f"tiêu đề mẫu '{heading[1]}'"
        elif _is_placeholder(text):
            what = f"câu hướng dẫn của mẫu '{_one_line(text)}'"
        else:
            continue
        line = _file_line(path, text.splitlines()[0])
        where = f"dòng {line}: " if line else ""
        found.append(
            (
                PLACEHOLDER_KEY,
                f"{where}còn {what}; viết câu chuyện thật thay cho nó "
                "(hoặc để 'draft: true' khi chưa viết xong)",
            )
        )
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


def existing_slugs(docs_dir: Path) -> set[str]:
    folder = docs_dir / PROFILES_DIR
    return {p.stem for p in folder.rglob("*.md")} if folder.is_dir() else set()


def unique_slug(title: str, taken: set[str]) -> str:
    """`Đặng Thị Hoa` -> `dang-thi-hoa`, then `dang-thi-hoa-2`, ... if taken."""
    base = slugify(title)[:MAX_SLUG].strip("-") or "guong"
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def profile_text(meta: Mapping[str, Any], body: str = OUTLINE) -> str:
    dumped = yaml.safe_dump(dict(meta), allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{dumped}---\n\n{body}"


def write_profile(docs_dir: Path, year: int, slug: str, text: str) -> Path:
    """Create content/guong/<year>/<slug>.md; FileExistsError if it exists (never overwrite)."""
    path = docs_dir / PROFILES_DIR / str(year) / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def campaign_names(docs_dir: Path) -> dict[str, str]:
    """slug -> title of every campaign file (unreadable ones by slug only)."""
    names = {}
    folder = docs_dir / CAMPAIGNS_DIR
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name == "index.md":
            continue
        try:
            title = str(read_document(path).meta.get("title") or path.stem)
        except SourceError:
            title = path.stem
        names[path.stem] = title
    return names


def match_campaign(value: str, campaigns: Mapping[str, str]) -> str | None:
    wanted = fold(value)
    for slug, title in campaigns.items():
        if wanted in (fold(slug), fold(title)):
            return slug
    return None


# --- import from a spreadsheet ----------------------------------------------------------

# Folded column header -> contract key. Headers of `guong export` import back as they are.
HEADERS: dict[str, str] = {}
for _key, _names in {
    "title": ("title", "tieude", "tieudebai", "tenbai", "tenguong"),
    "name": ("hoten", "hovaten", "tentapthe", "hotententapthe", "hotenhoactentapthe", "ten"),
    "date": ("date", "ngay", "ngaydang", "ngayxuatban", "ngaygioithieu"),
    "field": ("field", "linhvuc"),
    "level": ("level", "cap", "capcongnhan", "capkhenthuong"),
    "kind": ("kind", "doituong", "loai"),
    "campaign": ("campaign", "phongtrao", "phongtraothidua"),
    "quarter": ("quarter", "quy", "quygioithieu"),
    "summary": ("summary", "thanhtichtomtat", "tomtatthanhtich", "thanhtich", "tomtat", "sapo"),
    "unit": ("unit", "donvi", "donvigioithieu", "coquandonvi"),
    "locality": ("locality", "diaphuong", "diachi"),
    "awards": ("awards", "danhhieukhenthuong", "danhhieu", "khenthuong", "hinhthuckhenthuong"),
    "author": ("author", "nguoiviet", "tacgia"),
    "tags": ("tags", "the", "tukhoa"),
    "occasion": ("occasion", "dip", "dipkyniem"),
    "ignore": ("stt", "so", "sothutu", "duongdan", "link", "ghichu"),
}.items():
    for _name in _names:
        HEADERS[_name] = _key


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (spreadsheet row, reason)
    unmapped_columns: list[str] = field(default_factory=list)
    # (spreadsheet row, existing file, why they match): not written unless `force`
    duplicates: list[tuple[int, Path, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Known:
    path: Path
    title: str  # folded
    name: str  # folded display name
    day: date | None


def _known(path: Path, meta: Mapping[str, Any]) -> _Known:
    title = str(meta.get("title") or "")
    try:
        day = parse_when(meta.get("date")).date() if meta.get("date") not in (None, "") else None
    except (ValueError, TypeError):
        day = None
    return _Known(path, fold(title), fold(display_name(title)), day)


def known_profiles(docs_dir: Path) -> list[_Known]:
    """Title, name and date of every profile file (drafts too), for spotting duplicates."""
    folder = docs_dir / PROFILES_DIR
    found = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        try:
            meta = read_document(path).meta
        except SourceError:
            continue
        if isinstance(meta, Mapping):
            found.append(_known(path, meta))
    return found


def find_duplicate(meta: Mapping[str, Any], known: Iterable[_Known]) -> tuple[Path, str] | None:
    """The existing profile a new one repeats: same title (ignoring case, marks, spacing),
    or same person/collective name and same date."""
    new = _known(Path(), meta)
    for item in known:
        if new.title and item.title == new.title:
            return item.path, "cùng tiêu đề"
        if new.name and item.name == new.name and new.day and item.day == new.day:
            return item.path, "cùng họ tên và ngày"
    return None


def map_headers(headers: Iterable[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> key, and the headers that match nothing."""
    mapping: dict[int, str] = {}
    unmapped: list[str] = []
    for index, header in enumerate(headers):
        key = HEADERS.get(fold(header))
        if key is None:
            if header:
                unmapped.append(header)
        elif key != "ignore" and key not in mapping.values():
            mapping[index] = key
    return mapping, unmapped


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def _term(taxonomy: Taxonomy, value: str, column: str, problems: list[str]) -> str:
    key = taxonomy.match(value)
    if key:
        return key
    hint = taxonomy.suggest(value)
    problems.append(
        f"cột '{column}': '{value}' không có trong danh sách {taxonomy.title.lower()}"
        + (f"; có phải {taxonomy.describe(hint)}?" if hint else "")
    )
    return ""


def row_to_meta(
    values: Mapping[str, Any],
    taxonomies: Taxonomies,
    campaigns: Mapping[str, str],
    today: date,
    publish: bool,
) -> tuple[dict, list[str]]:
    """Frontmatter for one spreadsheet row, and the reasons it cannot be used (if any)."""
    problems: list[str] = []
    text = {k: _text(v) for k, v in values.items() if k != "date"}
    title = text.get("title") or text.get("name", "")
    if not title:
        problems.append("thiếu tên (cột 'Họ tên / Tên tập thể' hoặc 'Tiêu đề')")
    raw_date = values.get("date")
    when = today
    if raw_date not in (None, ""):
        try:
            when = parse_when(raw_date).date()
        except ValueError as exc:
            problems.append(f"cột 'Ngày': {exc}")
    meta: dict[str, Any] = {"title": title, "date": when.isoformat()}
    for key, taxonomy in (
        ("field", taxonomies.fields),
        ("level", taxonomies.levels),
        ("kind", taxonomies.kinds),
    ):
        if not text.get(key):
            problems.append(f"thiếu {taxonomy.title.lower()} (cột '{taxonomy.title}')")
        else:
            meta[key] = _term(taxonomy, text[key], taxonomy.title, problems)
    refs = []
    for ref in _split(text.get("campaign", "")):
        slug = match_campaign(ref, campaigns)
        if slug is None:
            problems.append(f"cột 'Phong trào': '{ref}' không có trong content/{CAMPAIGNS_DIR}/")
        else:
            refs.append(slug)
    if not text.get("campaign"):
        problems.append("thiếu phong trào (cột 'Phong trào')")
    meta["campaign"] = refs[0] if len(refs) == 1 else refs
    if text.get("quarter"):
        meta["quarter"] = text["quarter"]
    for key in ("summary", "unit", "locality", "author"):
        if text.get(key):
            meta[key] = text[key]
    if text.get("occasion"):
        meta["occasion"] = _term(taxonomies.occasions, text["occasion"], "Dịp kỷ niệm", problems)
    for key in ("awards", "tags"):
        if text.get(key):
            meta[key] = _split(text[key])
    meta["draft"] = not publish
    return meta, problems


def import_rows(
    docs_dir: Path,
    headers: list[str],
    rows: list[list[Any]],
    taxonomies: Taxonomies,
    today: date | datetime,
    publish: bool = False,
    force: bool = False,
) -> ImportResult:
    """Write one profile per usable row into content/guong/<year>/; report the others.

    A row that repeats an existing profile (or an earlier row) is not written unless `force`;
    it is listed in `duplicates` either way. Drafts get the story outline to fill in;
    published rows get only their summary as the story (no template text to publish).
    """
    today = today.date() if isinstance(today, datetime) else today
    columns, unmapped = map_headers(headers)
    result = ImportResult(unmapped_columns=unmapped)
    campaigns = campaign_names(docs_dir)
    taken = existing_slugs(docs_dir)
    known = known_profiles(docs_dir)
    for number, row in enumerate(rows, start=2):  # row 1 holds the headers
        values = {key: row[index] for index, key in columns.items() if index < len(row)}
        meta, problems = row_to_meta(values, taxonomies, campaigns, today, publish)
        if problems:
            result.skipped.append((number, "; ".join(problems)))
            continue
        if (match := find_duplicate(meta, known)) is not None:
            result.duplicates.append((number, *match))
            if not force:
                continue
        slug = unique_slug(display_name(meta["title"]), taken)
        taken.add(slug)
        summary = meta.get("summary")
        if publish:
            body = f"{summary}\n" if summary else ""
        else:
            body = f"{summary}\n\n{OUTLINE.split(chr(10), 2)[2]}" if summary else OUTLINE
        year = int(meta["date"][:4])
        path = write_profile(docs_dir, year, slug, profile_text(meta, body))
        result.written.append(path)
        known.append(_known(path, meta))
    return result


def display_name(title: str) -> str:
    """'Nguyễn Văn An – nông dân giỏi' -> 'Nguyễn Văn An': the name before the headline.

    Used for slugs and for the 'Họ tên / Tên tập thể' column of the yearly list.
    """
    for sep in (" – ", " — ", " - ", ": "):
        if sep in title:
            return title.split(sep, 1)[0].strip()
    return title
