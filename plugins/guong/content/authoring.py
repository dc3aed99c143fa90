"""Writing new profile files: `guong new` and `guong import` share this.

Files are created with exclusive mode, so an existing profile is never overwritten; slugs
are ASCII from the title (đ -> d) and unique across every year folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

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
    problems.append(f"cột '{column}': '{value}' không có trong danh sách {taxonomy.title.lower()}"
                    + (f"; có phải {taxonomy.describe(hint)}?" if hint else ""))
    return ""


def row_to_meta(values: Mapping[str, Any], taxonomies: Taxonomies, campaigns: Mapping[str, str],
                today: date, publish: bool) -> tuple[dict, list[str]]:
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
    for key, taxonomy in (("field", taxonomies.fields), ("level", taxonomies.levels),
                          ("kind", taxonomies.kinds)):
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


def import_rows(docs_dir: Path, headers: list[str], rows: list[list[Any]],
                taxonomies: Taxonomies, today: date | datetime, publish: bool = False) -> ImportResult:
    """Write one profile per usable row into content/guong/<year>/; report the others."""
    today = today.date() if isinstance(today, datetime) else today
    columns, unmapped = map_headers(headers)
    result = ImportResult(unmapped_columns=unmapped)
    campaigns = campaign_names(docs_dir)
    taken = existing_slugs(docs_dir)
    for number, row in enumerate(rows, start=2):  # row 1 holds the headers
        values = {key: row[index] for index, key in columns.items() if index < len(row)}
        meta, problems = row_to_meta(values, taxonomies, campaigns, today, publish)
        if problems:
            result.skipped.append((number, "; ".join(problems)))
            continue
        slug = unique_slug(display_name(meta["title"]), taken)
        taken.add(slug)
        body = f"{meta['summary']}\n\n{OUTLINE.split(chr(10), 2)[2]}" if meta.get("summary") else OUTLINE
        year = int(meta["date"][:4])
        result.written.append(write_profile(docs_dir, year, slug, profile_text(meta, body)))
    return result


def display_name(title: str) -> str:
    """'Nguyễn Văn An – nông dân giỏi' -> 'Nguyễn Văn An': the name before the headline.

    Used for slugs and for the 'Họ tên / Tên tập thể' column of the yearly list.
    """
    for sep in (" – ", " — ", " - ", ": "):
        if sep in title:
            return title.split(sep, 1)[0].strip()
    return title
