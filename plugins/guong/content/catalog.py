"""One build's data: every profile and campaign, validated in one pass, plus the indexes.

`load_catalog` reads `content/guong/**/*.md` and `content/phong-trao/*.md` straight from
disk, so it can run before MkDocs touches `site_dir` and the last good site survives a
content error. It is built once per build and only read afterwards.
"""

from __future__ import annotations

import difflib
import heapq
import multiprocessing
import posixpath
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..forking import can_fork, cores
from .media import check_audio, check_image
from .model import (
    Campaign,
    Profile,
    Quarter,
    first_paragraph,
    parse_awards,
    parse_bool,
    parse_corrections,
    parse_period,
    parse_slug_ref,
    parse_status,
    parse_text_list,
    parse_text_value,
    parse_url,
    parse_when,
    parse_withdrawal,
)
from .paths import PathProblem, resolve_local
from .problems import ContentError, Problem, Problems
from .publication import STORY_IMAGE_KEY, Publication, Ref, check_story, plan, private_paths, walk
from .source import SourceError, read_document
from .taxonomy import Taxonomies, Taxonomy, TaxonomySpec, Term, fold, slugify, vi_sort_key

PROFILES_DIR = "guong"
CAMPAIGNS_DIR = "phong-trao"
PROFILE_REQUIRED = ("title", "date", "field", "level", "campaign", "kind")
PROFILE_OPTIONAL = (
    "quarter",
    "summary",
    "unit",
    "locality",
    "image",
    "image_alt",
    "image_credit",
    "awards",
    "tags",
    "audio",
    "video",
    "author",
    "updated",
    "draft",
    "occasion",
    "status",
    "withdrawn",
    "corrections",
    "follows",
    "source",
    "private",
)
CAMPAIGN_REQUIRED = ("title", "period")
CAMPAIGN_OPTIONAL = ("lead", "summary", "fields")
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
    # published, then withdrawn (status: withdrawn): only their notice page and feed item remain
    withdrawn: tuple[Profile, ...] = ()
    publication: Publication = field(default_factory=Publication)
    by_slug: dict[str, Profile] = field(default_factory=dict)
    # registered taxonomy name -> its terms in order (configured or derived from this build)
    terms: dict[str, Taxonomy] = field(default_factory=dict)
    # registered taxonomy name -> term key -> profiles, newest first (Hugo's .Site.Taxonomies)
    by: dict[str, dict[str, tuple[Profile, ...]]] = field(default_factory=dict)
    by_place: dict[str, tuple[Profile, ...]] = field(default_factory=dict)  # folded locality

    def __post_init__(self) -> None:
        self.by_slug = {p.slug: p for p in self.profiles}
        # 0 = newest; ties by slug. Ranks once, so `related` compares ints, not datetimes.
        self._recency = {
            p.slug: i
            for i, p in enumerate(sorted(self.profiles, key=lambda p: (-p.date.timestamp(), p.slug)))
        }
        for spec in self.settings.taxonomies.registry:
            taxonomy = self.taxonomy_terms(spec, self.profiles)
            self.terms[spec.name] = taxonomy
            self.by[spec.name] = _group(self.profiles, lambda p, s=spec: self.term_keys(s, p), taxonomy.terms)
        self.by_place = _group(self.profiles, lambda p: [fold(p.locality)] if p.locality else [], ())
        self.withdrawn_by_slug = {p.slug: p for p in self.withdrawn}
        self._chains = _chains(self.profiles)

    def chain(self, profile: Profile) -> tuple[Profile, ...]:
        """Every published story about the same exemplar (linked by `follows`), oldest
        first; () when the profile is alone."""
        return self._chains.get(profile.slug, ())

    def earlier(self, profile: Profile) -> tuple[Profile, ...]:
        """The published stories of the chain before this one, oldest first."""
        chain = self.chain(profile)
        return chain[: chain.index(profile)] if profile in chain else ()

    def corrections(self) -> list[tuple[datetime, str, Profile, str]]:
        """(date, "correction"|"withdrawal", profile, note) for /dinh-chinh/, newest first."""
        found = [(c.date, "correction", p, c.note) for p in self.profiles for c in p.corrections]
        found += [
            (p.withdrawal.date, "withdrawal", p, p.withdrawal.reason) for p in self.withdrawn if p.withdrawal
        ]
        return sorted(found, key=lambda f: (f[0], f[2].slug, f[1]), reverse=True)

    @property
    def taxonomies(self) -> Taxonomies:
        return self.settings.taxonomies

    @property
    def registry(self) -> tuple[TaxonomySpec, ...]:
        return self.settings.taxonomies.registry

    def term_keys(self, spec: TaxonomySpec, profile: Profile) -> tuple[str, ...]:
        """The term keys (URL slugs) of one profile in one taxonomy."""
        keys = []
        for value in spec.values(profile):
            if isinstance(value, Quarter):
                key = value.key
            elif spec.terms == "profiles":
                key = slugify(str(value))
            else:
                key = str(value)  # configured and campaign values are keys already
            if key and key not in keys:
                keys.append(key)
        return tuple(keys)

    def term_of(self, spec: TaxonomySpec, key: str) -> Term:
        return self.terms[spec.name][key]

    def taxonomy_terms(self, spec: TaxonomySpec, profiles: Iterable[Profile]) -> Taxonomy:
        """A taxonomy's terms: configured ones as configured; campaigns from their files
        (current first, then the latest periods); the others from the profiles' values.

        Values that slugify alike ("Sở Y tế", "Sở Y Tế") are one term; its label is the
        spelling most profiles use, ties going to the first in Vietnamese order. Derived
        terms are ranked newest first: quarters by quarter, text by its newest profile."""
        if spec.configured:
            return self.taxonomies.configured(spec)
        if spec.terms == "files":
            terms = [
                Term(c.slug, c.title, rank, description=c.summary)
                for rank, c in enumerate(self.campaigns_in_order())
            ]
            return Taxonomy(spec.name, spec.title, spec.prefix, terms)
        spellings: dict[str, Counter[str]] = {}
        quarters: dict[str, Quarter] = {}
        for profile in profiles:  # newest first: first seen = newest exemplar
            for value in spec.values(profile):
                label = value.label if isinstance(value, Quarter) else str(value)
                key = value.key if isinstance(value, Quarter) else slugify(label)
                if not key:
                    continue
                spellings.setdefault(key, Counter())[label] += 1
                if isinstance(value, Quarter):
                    quarters[key] = value
        keys = list(spellings)
        if quarters:
            keys.sort(key=lambda k: quarters[k], reverse=True)
        terms = []
        for rank, key in enumerate(keys):
            counts = spellings[key]
            label = min(counts, key=lambda text: (-counts[text], vi_sort_key(text)))
            terms.append(Term(key, label, rank))
        return Taxonomy(spec.name, spec.title, spec.prefix, spec.ordered(terms))

    def related(self, profile: Profile, limit: int = 4) -> list[Profile]:
        """Exemplars ranked by shared campaigns (4 each), same field (2), same locality (1),
        then newest. Localities compare folded, so "Đắk Lắk" and "Dak Lak" are one place.

        Only the RELATED_POOL newest of each group compete: ranking every profile of a big
        field for each of 5,000 pages made this quadratic (10 s of a build)."""
        score: Counter[str] = Counter()
        for slug in profile.campaigns:
            for other in self.by["campaign"].get(slug, ())[:RELATED_POOL]:
                score[other.slug] += 4
        for other in self.by["field"].get(profile.field, ())[:RELATED_POOL]:
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


def _chains(profiles: Iterable[Profile]) -> dict[str, tuple[Profile, ...]]:
    """slug -> its chain of `follows` (a tree, oldest first), for chains of two or more.
    A link to an unpublished or withdrawn story is skipped over, never shown."""
    by_slug = {p.slug: p for p in profiles}
    root: dict[str, str] = {}
    for slug in by_slug:
        current, seen = slug, {slug}
        while (nxt := by_slug[current].follows) in by_slug and nxt not in seen:
            current = nxt
            seen.add(current)
        root[slug] = current
    members: dict[str, list[Profile]] = {}
    for slug, top in root.items():
        members.setdefault(top, []).append(by_slug[slug])
    chains: dict[str, tuple[Profile, ...]] = {}
    for group in members.values():
        if len(group) > 1:
            ordered = tuple(sorted(group, key=lambda p: (p.date, p.slug)))
            chains.update((p.slug, ordered) for p in group)
    return chains


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
        rel,
        "",
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


def _asset(reader: _Reader, key: str, docs_dir: Path, check: Callable[[Path], object]) -> str:
    """Resolve a path written relative to the profile file; it must stay inside the content
    folder (symlinks resolved), exist, and pass `check`."""
    value = reader.get(key, parse_text_value, "")
    if not value:
        return ""
    try:
        joined = resolve_local(docs_dir, reader.rel, value)
    except PathProblem as exc:
        reader.fail(key, str(exc))
        return ""
    path = docs_dir / joined
    if not path.is_file():
        reader.fail(key, f"không tìm thấy tệp '{value}' (đường dẫn tính từ thư mục của hồ sơ)")
        return ""
    try:
        check(path)
    except ValueError as exc:
        reader.fail(key, str(exc))
        return ""
    return joined


def check_story_files(rel: str, body: str, docs_dir: Path, max_pixels: int, problems: Problems) -> list[Ref]:
    """The local files a story uses (see content/publication.py); a corrupt or oversized
    photo, SVG or HTML, or a path leaving the content folder is an error (a missing file is
    MkDocs' own warning about the link)."""
    refs, complaints = check_story(docs_dir, rel, body)
    for key, message in complaints:
        problems.error(rel, key, message)
    usable = []
    for ref in refs:
        if ref.image:
            try:
                check_image(docs_dir / ref.path, max_pixels)
            except ValueError as exc:
                problems.error(rel, STORY_IMAGE_KEY, f"'{ref.written}': {exc}")
                continue
        usable.append(ref)
    return usable


def _read(path: Path, rel: str, problems: Problems):
    try:
        return read_document(path)
    except SourceError as exc:
        problems.error(rel, exc.key, str(exc))
        return None


def _load_campaigns(
    docs_dir: Path, settings: Settings, problems: Problems, listing: list[str], refs: dict[str, list[Ref]]
) -> dict[str, Campaign]:
    campaigns: dict[str, Campaign] = {}
    for rel in listing:
        path = docs_dir / rel
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
                r.fail(
                    "fields",
                    f"lĩnh vực '{value}' không có trong danh sách"
                    + (f"; có phải là '{hint}'?" if hint else ""),
                )
        refs[rel] = check_story_files(rel, doc.body, docs_dir, settings.max_image_pixels, problems)
        if r.ok:
            campaigns[slug] = Campaign(
                slug=slug,
                source=rel,
                title=title,
                start=period[0],
                end=period[1],
                lead=r.get("lead", parse_text_value, ""),
                summary=r.get("summary", parse_text_value, "") or first_paragraph(doc.body),
                fields=tuple(fields),
                body=doc.body,
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


def _parse_profile(
    path: Path,
    docs_dir: Path,
    settings: Settings,
    campaign_lookup: dict[str, str],
    problems: Problems,
    slug: str | None,
    uses: dict[str, list[Ref]],
    private: set[str],
) -> Profile | None:
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
    private |= private_paths(docs_dir, rel, doc.meta.get("private"))
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
    uses[rel] = check_story_files(rel, doc.body, docs_dir, settings.max_image_pixels, problems)
    from .authoring import placeholder_problems  # here: authoring imports this module

    for key, message in placeholder_problems(rel, doc.meta, doc.body, path):
        problems.error(rel, key, message)
    if image:
        uses[rel].append(Ref(image, image, True))
    values = {
        "unit": r.get("unit", parse_text_value, ""),
        "locality": r.get("locality", parse_text_value, ""),
        "image_credit": r.get("image_credit", parse_text_value, ""),
        "awards": r.get("awards", parse_awards, ()),
        "tags": r.get("tags", parse_text_list, ()),
        "video": r.get("video", parse_url, ""),
        "author": r.get("author", parse_text_value, ""),
        "updated": r.get("updated", parse_when, None),
        "draft": r.get("draft", parse_bool, False),
        "summary": r.get("summary", parse_text_value, ""),
        "corrections": r.get("corrections", parse_corrections, ()),
        "follows": r.get("follows", parse_slug_ref, ""),
        "source_url": r.get("source", parse_url, ""),
    }
    status = r.get("status", parse_status, "published")
    withdrawal = r.get("withdrawn", parse_withdrawal, None)
    if status == "withdrawn" and withdrawal is None and "withdrawn" not in doc.meta:
        r.fail(
            "withdrawn",
            "bắt buộc khi 'status: withdrawn': ghi {date, reason} — ngày và lý do thu hồi, "
            'ví dụ {date: 2025-08-01, reason: "Quyết định số 12/QĐ-UBND hủy bỏ quyết định khen thưởng"}',
        )
    elif withdrawal is not None and status != "withdrawn":
        r.fail(
            "withdrawn",
            "chỉ dùng cùng 'status: withdrawn'; thêm dòng 'status: withdrawn' để thu hồi hồ sơ, "
            "hoặc xóa khóa 'withdrawn'",
        )
    values["withdrawal"] = withdrawal
    if values["follows"] and values["follows"] == slug:
        r.fail("follows", f"hồ sơ không thể theo sau chính nó ('{slug}'); ghi tên tệp của bài trước đó")
    if not r.ok or slug is None or when is None:
        return None
    if not values["summary"]:
        values["summary"] = first_paragraph(doc.body)
        values["summary_from_story"] = True
    return Profile(
        slug=slug,
        source=rel,
        title=title,
        date=when,
        field=field_key,
        level=level,
        kind=kind,
        campaigns=refs,
        quarter=quarter or Quarter.of(when),
        body=doc.body,
        image=image,
        image_alt=image_alt,
        audio=audio,
        occasion=occasion,
        **values,
    )


@dataclass
class _Parsed:
    """What reading some profile files gave, in their order (a worker's answer)."""

    profiles: list[Profile | None]
    problems: list[Problem]
    refs: dict[str, list[Ref]]
    private: set[str]


PARALLEL_MIN = 2000  # profile files; below this a pool of workers costs more than it saves
_CHUNK = 500
_FORKED: tuple | None = None  # (jobs, docs_dir, settings, campaign lookup) for forked workers


def _parse_chunk(
    jobs: list[tuple[str, str | None]], docs_dir: Path, settings: Settings, lookup: dict[str, str]
) -> _Parsed:
    problems = Problems()
    refs: dict[str, list[Ref]] = {}
    private: set[str] = set()
    profiles = [
        _parse_profile(docs_dir / rel, docs_dir, settings, lookup, problems, slug, refs, private)
        for rel, slug in jobs
    ]
    return _Parsed(profiles, problems.items, refs, private)


def _parse_forked(bounds: tuple[int, int]) -> _Parsed:
    assert _FORKED is not None  # set by _parse_profiles before the fork
    jobs, docs_dir, settings, lookup = _FORKED
    return _parse_chunk(jobs[bounds[0] : bounds[1]], docs_dir, settings, lookup)


def _parse_profiles(
    jobs: list[tuple[str, str | None]], docs_dir: Path, settings: Settings, lookup: dict[str, str]
) -> Iterator[_Parsed]:
    """Read and check profile files, in chunks whose answers come back in file order, so the
    catalog and its problems are the same however many processes read them.

    Reading is most of `guong check`'s time (and about a second of every build per 1,000
    profiles); with many files and more than one core, forked workers share it
    (guong/forking.py: never while another thread runs, as under `mkdocs serve`)."""
    global _FORKED
    workers = min(4, cores())
    if len(jobs) < PARALLEL_MIN or workers < 2 or not can_fork():
        yield _parse_chunk(jobs, docs_dir, settings, lookup)
        return
    # This process reads the first share itself while workers read the rest (it would
    # otherwise only wait); a little under an equal share, as it also unpickles the answers.
    own = len(jobs) * 9 // (10 * workers)
    bounds = [(i, min(i + _CHUNK, len(jobs))) for i in range(own, len(jobs), _CHUNK)]
    _FORKED = (jobs, docs_dir, settings, lookup)
    try:  # a worker that dies (the OOM killer) fails the build instead of hanging it
        with ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            answers = pool.map(_parse_forked, bounds)  # submitted now, read in order below
            yield _parse_chunk(jobs[:own], docs_dir, settings, lookup)
            yield from answers
    finally:
        _FORKED = None


def check_follows(profiles: Iterable[Profile], files: dict[str, str], problems: Problems) -> None:
    """`follows` names another profile's file; chains never loop back (a -> b -> a)."""
    by_slug = {p.slug: p for p in profiles}
    for profile in by_slug.values():
        target = profile.follows
        if not target or target == profile.slug:
            continue  # self-reference is reported while parsing
        if target not in files:
            hint = _nearest(target, files)
            suffix = f"; có phải là '{hint}'?" if hint else ""
            problems.error(
                profile.source,
                "follows",
                f"không có hồ sơ '{target}' (content/{PROFILES_DIR}/**/{target}.md){suffix}",
            )
            continue
        seen = [profile.slug]
        current = by_slug.get(target)
        while current is not None and current.follows:
            if current.slug in seen:
                break
            seen.append(current.slug)
            current = by_slug.get(current.follows)
        if current is not None and current.follows and current.slug == profile.slug:
            loop = " -> ".join([*seen, profile.slug])
            problems.error(
                profile.source,
                "follows",
                f"chuỗi 'follows' quay vòng ({loop}); mỗi bài chỉ theo sau một bài trước đó",
            )


def load_catalog(docs_dir: Path | str, settings: Settings) -> tuple[Catalog, Problems]:
    """Read and validate all content and decide what is published; raise ContentError
    listing every error found."""
    docs_dir = Path(docs_dir)
    problems = Problems()
    listing = list(walk(docs_dir))
    outside = {rel for rel, out in listing if out}
    for rel in sorted(outside):
        if rel.endswith(".md") and rel.startswith((f"{PROFILES_DIR}/", f"{CAMPAIGNS_DIR}/")):
            gone = not (docs_dir / rel).exists()
            problems.error(
                rel,
                "",
                "không đọc được tệp: liên kết tượng trưng (symlink) trỏ tới tệp không còn tồn tại"
                if gone
                else "tệp là liên kết tượng trưng (symlink) dẫn ra ngoài thư mục nội "
                "dung; hãy chép tệp thật vào content/",
            )
    markdown = [rel for rel, out in listing if not out and rel.endswith(".md")]
    campaign_files = [rel for rel in markdown if posixpath.dirname(rel) == CAMPAIGNS_DIR]
    profile_files = [
        rel for rel in markdown if rel.startswith(f"{PROFILES_DIR}/") and rel != f"{PROFILES_DIR}/index.md"
    ]
    refs: dict[str, list[Ref]] = {}
    private: set[str] = set()
    campaigns = _load_campaigns(docs_dir, settings, problems, campaign_files, refs)
    campaign_slugs = {posixpath.splitext(posixpath.basename(rel))[0] for rel in campaign_files}
    campaign_lookup = _campaign_lookup(campaigns, campaign_slugs)
    seen: dict[str, str] = {}
    jobs: list[tuple[str, str | None]] = []
    for rel in profile_files:
        slug = _check_slug(rel, problems)
        if slug is not None and slug in seen:
            problems.error(
                rel,
                "",
                f"trùng tên tệp (đường dẫn /guong/{slug}/) với '{seen[slug]}'; đổi tên một trong hai tệp",
            )
            slug = None
        elif slug is not None:
            seen[slug] = rel
        jobs.append((rel, slug))
    parsed: list[Profile] = []
    for chunk in _parse_profiles(jobs, docs_dir, settings, campaign_lookup):
        parsed += (p for p in chunk.profiles if p is not None)
        problems.items += chunk.problems
        refs.update(chunk.refs)
        private |= chunk.private
    skip = set(campaign_files) | set(profile_files)
    others = [rel for rel in markdown if rel not in skip]
    for rel in others:  # staff pages and yearbook forewords: what they link is published too
        text = (docs_dir / rel).read_bytes().decode("utf-8", "replace")
        refs[rel] = check_story_files(rel, text, docs_dir, settings.max_image_pixels, problems)
    check_follows(parsed, seen, problems)
    if problems.errors:
        raise ContentError(problems)
    parsed.sort(key=lambda p: (p.date, p.slug), reverse=True)
    now = settings.now
    published = tuple(p for p in parsed if p.is_published(now) and not p.withdrawn)
    withdrawn = tuple(p for p in parsed if p.is_published(now) and p.withdrawn)
    unpublished = tuple(p for p in parsed if not p.is_published(now))
    hidden = {p.source for p in unpublished}
    # A withdrawn profile keeps its page (the notice) but publishes none of its files.
    silent = hidden | {p.source for p in withdrawn}
    used = [ref for rel, found in refs.items() if rel not in silent for ref in found]
    kept_back = unpublished + withdrawn
    publication = plan(
        docs_dir,
        pages=[rel for rel in markdown if rel not in hidden],
        published=used,
        unpublished={ref.path for p in kept_back for ref in refs.get(p.source, ())}
        | {p.audio for p in kept_back if p.audio},
        private=private,
        audio={p.audio for p in published if p.audio},
    )
    catalog = Catalog(
        settings=settings,
        profiles=published,
        campaigns=campaigns,
        unpublished=unpublished,
        publication=publication,
        withdrawn=withdrawn,
    )
    return catalog, problems


def campaign_titles(docs_dir: Path | str, settings: Settings) -> dict[str, str]:
    """Slug -> title of every campaign file that reads without error, all other problems
    ignored: the browser editor of a `guong edit` preview must stay usable while the content
    has an error, so that the error can be fixed there."""
    docs_dir = Path(docs_dir)
    listing = [
        rel
        for rel, out in walk(docs_dir)
        if not out and rel.endswith(".md") and posixpath.dirname(rel) == CAMPAIGNS_DIR
    ]
    campaigns = _load_campaigns(docs_dir, settings, Problems(), listing, {})
    return {slug: c.title for slug, c in campaigns.items()}
