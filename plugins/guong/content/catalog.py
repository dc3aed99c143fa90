"""One build's data: every profile and campaign, validated in one pass, plus the indexes.

`load_catalog` reads `content/guong/**/*.md` and `content/phong-trao/*.md` straight from
disk, so it can run before MkDocs touches `site_dir` and the last good site survives a
content error. It is built once per build and only read afterwards.
"""

from __future__ import annotations

import difflib
import heapq
import posixpath
import re
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from PIL import Image

from .model import (
    Campaign,
    Profile,
    Quarter,
    first_paragraph,
    parse_awards,
    parse_bool,
    parse_period,
    parse_text_list,
    parse_text_value,
    parse_url,
    parse_when,
)
from .problems import ContentError, Problems
from .source import SourceError, read_document
from .taxonomy import Taxonomies, Taxonomy, fold, slugify, vi_sort_key

PROFILES_DIR = "guong"
CAMPAIGNS_DIR = "phong-trao"
PROFILE_REQUIRED = ("title", "date", "field", "level", "campaign", "kind")
PROFILE_OPTIONAL = (
    "quarter", "summary", "unit", "locality", "image", "image_alt", "image_credit", "awards",
    "tags", "audio", "video", "author", "updated", "draft", "occasion", "private",
)
CAMPAIGN_REQUIRED = ("title", "period")
CAMPAIGN_OPTIONAL = ("lead", "summary", "fields")
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
AUDIO_SUFFIXES = {".mp3", ".m4a"}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_SLUGS = {"index", "page"}
RELATED_POOL = 100  # newest profiles per campaign, field and place considered as related


@dataclass(frozen=True)
class Settings:
    """What the core needs from the site configuration."""

    taxonomies: Taxonomies
    now: datetime
    max_image_pixels: int = 50_000_000


@dataclass
class Catalog:
    """Published profiles (newest first), campaigns (current first) and their indexes."""

    settings: Settings
    profiles: tuple[Profile, ...]
    campaigns: dict[str, Campaign]
    unpublished: tuple[Profile, ...] = ()
    by_slug: dict[str, Profile] = field(default_factory=dict)
    by_field: dict[str, tuple[Profile, ...]] = field(default_factory=dict)
    by_level: dict[str, tuple[Profile, ...]] = field(default_factory=dict)
    by_kind: dict[str, tuple[Profile, ...]] = field(default_factory=dict)
    by_quarter: dict[Quarter, tuple[Profile, ...]] = field(default_factory=dict)
    by_campaign: dict[str, tuple[Profile, ...]] = field(default_factory=dict)
    by_occasion: dict[str, tuple[Profile, ...]] = field(default_factory=dict)
    by_place: dict[str, tuple[Profile, ...]] = field(default_factory=dict)  # folded locality

    def __post_init__(self) -> None:
        self.by_slug = {p.slug: p for p in self.profiles}
        # 0 = newest; ties by slug. Ranks once, so `related` compares ints, not datetimes.
        self._recency = {p.slug: i for i, p in enumerate(
            sorted(self.profiles, key=lambda p: (-p.date.timestamp(), p.slug)))}
        tax = self.settings.taxonomies
        self.by_field = _group(self.profiles, lambda p: [p.field], tax.fields.terms)
        self.by_level = _group(self.profiles, lambda p: [p.level], tax.levels.terms)
        self.by_kind = _group(self.profiles, lambda p: [p.kind], tax.kinds.terms)
        self.by_campaign = _group(self.profiles, lambda p: p.campaigns, self.campaigns)
        self.by_occasion = _group(
            self.profiles, lambda p: [p.occasion] if p.occasion else [], tax.occasions.terms
        )
        self.by_place = _group(self.profiles, lambda p: [fold(p.locality)] if p.locality else [], ())
        quarters = _group(self.profiles, lambda p: [p.quarter], ())
        self.by_quarter = dict(sorted(quarters.items(), reverse=True))

    @property
    def taxonomies(self) -> Taxonomies:
        return self.settings.taxonomies

    def published_assets(self) -> set[str]:
        """Docs-relative photo and audio paths that published profiles use."""
        return {a for p in self.profiles for a in (p.image, p.audio) if a}

    def hidden_assets(self) -> set[str]:
        """Assets used only by drafts or scheduled profiles: they must not be published yet."""
        used = self.published_assets()
        return {a for p in self.unpublished for a in (p.image, p.audio) if a and a not in used}

    def related(self, profile: Profile, limit: int = 4) -> list[Profile]:
        """Exemplars ranked by shared campaigns (4 each), same field (2), same locality (1),
        then newest. Localities compare folded, so "Đắk Lắk" and "Dak Lak" are one place.

        Only the RELATED_POOL newest of each group compete: ranking every profile of a big
        field for each of 5,000 pages made this quadratic (10 s of a build)."""
        score: Counter[str] = Counter()
        for slug in profile.campaigns:
            for other in self.by_campaign.get(slug, ())[:RELATED_POOL]:
                score[other.slug] += 4
        for other in self.by_field.get(profile.field, ())[:RELATED_POOL]:
            score[other.slug] += 2
        place = self.by_place.get(fold(profile.locality), ()) if profile.locality else ()
        for other in place[:RELATED_POOL]:
            score[other.slug] += 1
        score.pop(profile.slug, None)
        recency = self._recency
        ranked = heapq.nsmallest(limit, score, key=lambda s: (-score[s], recency[s]))
        return [self.by_slug[s] for s in ranked]

    def campaigns_in_order(self) -> list[Campaign]:
        """Current campaigns first, then the most recent periods, then Vietnamese order."""
        year = self.settings.now.year
        return sorted(
            self.campaigns.values(),
            key=lambda c: (not c.is_current(year), -c.end, -c.start, vi_sort_key(c.title)),
        )


def _group(profiles: Iterable[Profile], keys_of: Callable, all_keys: Iterable) -> dict:
    groups: dict[Any, list[Profile]] = {k: [] for k in all_keys}
    for profile in profiles:
        for key in keys_of(profile):
            groups.setdefault(key, []).append(profile)
    return {k: tuple(v) for k, v in groups.items()}


# --- loading ----------------------------------------------------------------------------


def _nearest(value: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_key_warning(problems: Problems, rel: str, key: str, known: Iterable[str]) -> None:
    hint = _nearest(key, known)
    suffix = f"; có phải ý bạn là '{hint}'?" if hint else f"; các khóa hợp lệ: {', '.join(known)}"
    problems.warning(rel, key, f"khóa không có trong quy ước nội dung, sẽ bị bỏ qua{suffix}")


def _rel(path: Path, docs_dir: Path) -> str:
    return unicodedata.normalize("NFC", path.relative_to(docs_dir).as_posix())


def _check_slug(rel: str, problems: Problems) -> str | None:
    stem = posixpath.splitext(posixpath.basename(rel))[0]
    if _SLUG.fullmatch(stem) and stem not in RESERVED_SLUGS:
        return stem
    suggestion = slugify(stem) or "ten-tep"
    if stem in RESERVED_SLUGS:
        suggestion = f"{stem}-1"
    problems.error(
        rel, "",
        f"tên tệp '{stem}.md' không dùng được làm đường dẫn; tên tệp phải là chữ thường không "
        f"dấu nối bằng '-', ví dụ '{suggestion}.md'",
    )
    return None


class _Reader:
    """Parses one file's keys, recording a problem for each bad value instead of stopping."""

    def __init__(self, rel: str, meta: dict, problems: Problems, lines: dict | None = None):
        self.rel, self.meta, self.problems = rel, meta, problems
        self.lines = lines or {}  # top-level key -> line in the file, for messages
        self.ok = True

    def get(self, key: str, parse: Callable[[Any], Any], default: Any = None, required: bool = False):
        if key not in self.meta or self.meta[key] is None or self.meta[key] == "":
            if required:
                self.fail(key, "bắt buộc nhưng đang thiếu hoặc để trống")
            return default
        try:
            return parse(self.meta[key])
        except ValueError as exc:
            self.fail(key, str(exc))
            return default

    def term(self, key: str, taxonomy: Taxonomy, required: bool = True) -> str:
        def parse(value: Any) -> str:
            text = parse_text_value(value)
            found = taxonomy.match(text)
            if found:
                return found
            hint = taxonomy.suggest(text)
            suffix = f"; có phải là {taxonomy.describe(hint)}?" if hint else ""
            raise ValueError(
                f"'{text}' không có trong danh sách {taxonomy.title.lower()} "
                f"({', '.join(taxonomy.terms)}){suffix}"
            )

        return self.get(key, parse, "", required)

    def fail(self, key: str, message: str) -> None:
        self.ok = False
        line = self.lines.get(key)
        self.problems.error(self.rel, key, f"{message} (dòng {line})" if line else message)


def _asset(reader: _Reader, key: str, docs_dir: Path, check: Callable[[Path], None]) -> str:
    """Resolve a path written relative to the profile file; check it exists and is usable."""
    value = reader.get(key, parse_text_value, "")
    if not value:
        return ""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(reader.rel), value))
    path = docs_dir / joined
    if joined.startswith("../") or not path.is_file():
        reader.fail(key, f"không tìm thấy tệp '{value}' (đường dẫn tính từ thư mục của hồ sơ)")
        return ""
    try:
        check(path)
    except ValueError as exc:
        reader.fail(key, str(exc))
        return ""
    return joined


def check_image(path: Path, max_pixels: int) -> None:
    """Open and decode a photo cheaply; refuse corrupt files and decompression bombs."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                if img.format not in IMAGE_FORMATS:
                    raise ValueError(
                        f"ảnh dạng {img.format} chưa hỗ trợ; dùng JPEG, PNG hoặc WebP"
                    )
                width, height = img.size
                if width * height > max_pixels:
                    raise ValueError(
                        f"ảnh quá lớn ({width}×{height} điểm ảnh, tối đa {max_pixels:,}); "
                        "hãy thu nhỏ ảnh trước khi đưa lên"
                    )
                img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                img.load()
    except ValueError:
        raise
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"ảnh hỏng hoặc không đọc được ({exc})") from None


_STORY_IMAGES = re.compile(
    r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
STORY_IMAGE_KEY = "ảnh trong bài"


def check_story_images(rel: str, body: str, docs_dir: Path, max_pixels: int,
                       problems: Problems) -> None:
    """Photos a story shows: a corrupt or oversized one is an error (a missing one is
    MkDocs' own warning about the link)."""
    for match in _STORY_IMAGES.finditer(body):
        ref = (match[1] or match[2]).split("#")[0].split("?")[0]
        if not ref or re.match(r"[a-z][a-z0-9+.-]*:|/", ref, re.IGNORECASE):
            continue
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), ref))
        path = docs_dir / joined
        if joined.startswith("../") or not path.is_file() or path.suffix.lower() == ".svg":
            continue
        try:
            check_image(path, max_pixels)
        except ValueError as exc:
            problems.error(rel, STORY_IMAGE_KEY, f"'{ref}': {exc}")


def check_audio(path: Path) -> None:
    if path.suffix.lower() not in AUDIO_SUFFIXES:
        raise ValueError("tệp âm thanh phải là .mp3 hoặc .m4a")


def _read(path: Path, rel: str, problems: Problems):
    try:
        return read_document(path)
    except SourceError as exc:
        problems.error(rel, exc.key, str(exc))
        return None


def _load_campaigns(docs_dir: Path, settings: Settings, problems: Problems) -> dict[str, Campaign]:
    campaigns: dict[str, Campaign] = {}
    folder = docs_dir / CAMPAIGNS_DIR
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = _rel(path, docs_dir)
        if path.name == "index.md":
            continue
        slug = _check_slug(rel, problems)
        doc = _read(path, rel, problems)
        if doc is None or slug is None:
            continue
        r = _Reader(rel, doc.meta, problems, doc.lines)
        known = CAMPAIGN_REQUIRED + CAMPAIGN_OPTIONAL
        for key in doc.meta:
            if key not in known:
                _unknown_key_warning(problems, rel, key, known)
        title = r.get("title", parse_text_value, "", required=True)
        period = r.get("period", parse_period, (0, 0), required=True)
        fields = []
        for value in r.get("fields", parse_text_list, ()):
            key = settings.taxonomies.fields.match(value)
            if key:
                fields.append(key)
            else:
                hint = settings.taxonomies.fields.suggest(value)
                r.fail("fields", f"lĩnh vực '{value}' không có trong danh sách"
                       + (f"; có phải là '{hint}'?" if hint else ""))
        check_story_images(rel, doc.body, docs_dir, settings.max_image_pixels, problems)
        if r.ok:
            campaigns[slug] = Campaign(
                slug=slug, source=rel, title=title, start=period[0], end=period[1],
                lead=r.get("lead", parse_text_value, ""),
                summary=r.get("summary", parse_text_value, "") or first_paragraph(doc.body),
                fields=tuple(fields), body=doc.body,
            )
    return campaigns


def _campaign_lookup(campaigns: dict[str, Campaign], all_slugs: set[str]) -> dict[str, str]:
    """Folded slug or title -> slug, built once per build (campaigns are referenced by either)."""
    by_fold = {fold(c.title): c.slug for c in campaigns.values()}
    by_fold.update({fold(s): s for s in all_slugs})
    return by_fold


def _campaign_refs(r: _Reader, by_fold: dict[str, str]) -> tuple[str, ...]:
    refs = r.get("campaign", parse_text_list, (), required=True)
    found: list[str] = []
    for ref in refs:
        slug = by_fold.get(fold(ref))
        if slug is None:
            hint = _nearest(fold(ref), by_fold)
            suffix = f"; có phải là '{by_fold[hint]}'?" if hint else ""
            r.fail(
                "campaign",
                f"phong trào '{ref}' không có tệp tương ứng trong content/{CAMPAIGNS_DIR}/ "
                f"(ghi tên tệp hoặc tên phong trào){suffix}",
            )
        elif slug not in found:
            found.append(slug)
    return tuple(found)


def _parse_profile(path: Path, docs_dir: Path, settings: Settings, campaign_lookup: dict[str, str],
                   problems: Problems, slug: str | None) -> Profile | None:
    rel = _rel(path, docs_dir)
    doc = _read(path, rel, problems)
    if doc is None:
        return None
    tax = settings.taxonomies
    r = _Reader(rel, doc.meta, problems, doc.lines)
    known = PROFILE_REQUIRED + PROFILE_OPTIONAL
    for key in doc.meta:
        if key not in known:
            _unknown_key_warning(problems, rel, key, known)
    if "private" in doc.meta and not isinstance(doc.meta["private"], (dict, type(None))):
        r.fail("private", "cần một mapping 'khóa: giá trị' (ghi chú nội bộ)")
    title = r.get("title", parse_text_value, "", required=True)
    when = r.get("date", parse_when, None, required=True)
    field_key = r.term("field", tax.fields)
    level = r.term("level", tax.levels)
    kind = r.term("kind", tax.kinds)
    occasion = r.term("occasion", tax.occasions, required=False)
    refs = _campaign_refs(r, campaign_lookup)
    quarter = r.get("quarter", Quarter.parse, None)
    image = _asset(r, "image", docs_dir, lambda p: check_image(p, settings.max_image_pixels))
    image_alt = r.get("image_alt", parse_text_value, "")
    if image and not image_alt:
        r.fail("image_alt", "bắt buộc khi có 'image': mô tả ngắn nội dung ảnh cho người khiếm thị")
    audio = _asset(r, "audio", docs_dir, check_audio)
    check_story_images(rel, doc.body, docs_dir, settings.max_image_pixels, problems)
    values = dict(
        unit=r.get("unit", parse_text_value, ""),
        locality=r.get("locality", parse_text_value, ""),
        image_credit=r.get("image_credit", parse_text_value, ""),
        awards=r.get("awards", parse_awards, ()),
        tags=r.get("tags", parse_text_list, ()),
        video=r.get("video", parse_url, ""),
        author=r.get("author", parse_text_value, ""),
        updated=r.get("updated", parse_when, None),
        draft=r.get("draft", parse_bool, False),
        summary=r.get("summary", parse_text_value, ""),
    )
    if not r.ok or slug is None or when is None:
        return None
    if not values["summary"]:
        values["summary"] = first_paragraph(doc.body)
        values["summary_from_story"] = True
    return Profile(
        slug=slug, source=rel, title=title, date=when, field=field_key, level=level, kind=kind,
        campaigns=refs, quarter=quarter or Quarter.of(when), body=doc.body, image=image,
        image_alt=image_alt, audio=audio, occasion=occasion, **values,
    )


def load_catalog(docs_dir: Path | str, settings: Settings) -> tuple[Catalog, Problems]:
    """Read and validate all content; raise ContentError listing every error found."""
    docs_dir = Path(docs_dir)
    problems = Problems()
    campaigns = _load_campaigns(docs_dir, settings, problems)
    campaign_slugs = {
        posixpath.splitext(p.name)[0] for p in (docs_dir / CAMPAIGNS_DIR).glob("*.md")
    } if (docs_dir / CAMPAIGNS_DIR).is_dir() else set()
    campaign_lookup = _campaign_lookup(campaigns, campaign_slugs)
    folder = docs_dir / PROFILES_DIR
    seen: dict[str, str] = {}
    parsed: list[Profile] = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        rel = _rel(path, docs_dir)
        if rel == f"{PROFILES_DIR}/index.md":
            continue
        slug = _check_slug(rel, problems)
        if slug is not None and slug in seen:
            problems.error(rel, "", f"trùng tên tệp (đường dẫn /guong/{slug}/) với '{seen[slug]}'; "
                                    "đổi tên một trong hai tệp")
            slug = None
        elif slug is not None:
            seen[slug] = rel
        profile = _parse_profile(path, docs_dir, settings, campaign_lookup, problems, slug)
        if profile is not None:
            parsed.append(profile)
    if problems.errors:
        raise ContentError(problems)
    parsed.sort(key=lambda p: (p.date, p.slug), reverse=True)
    now = settings.now
    catalog = Catalog(
        settings=settings,
        profiles=tuple(p for p in parsed if p.is_published(now)),
        campaigns=campaigns,
        unpublished=tuple(p for p in parsed if not p.is_published(now)),
    )
    return catalog, problems
