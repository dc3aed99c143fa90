"""`guong import --feed`: another guong site's exemplars as drafts here (aggregation).

The department of home affairs compiles its units' exemplars; when every unit runs this
site, it pulls them instead of retyping. A source is a JSON Feed (`/feed.json` or a section's
`feed.json`) or the filter data `/guong/index.json`, read from an http(s) URL or a saved file.

- Each item becomes a **draft** `content/guong/<year>/<slug>.md` with `source:` = the item's
  original URL, `unit:` = the source unit (the item's `_guong.unit`, else `--unit`, else the
  feed's author, else the feed's title), and field, level, kind and campaign mapped onto this
  site's taxonomies (the `_guong` extension's keys, else the item's tags, matched like staff
  input). A value with no match here is left out with a `# CẦN ĐIỀN` comment, and reported:
  `guong check` names the missing key until staff fill it in.
- The photo is downloaded (or, for a saved feed, read next to it), checked by the same photo
  check as the build and saved as `anh/<slug>.<ext>` beside the profile. A photo that cannot
  be had is a warning: the profile is imported without it.
- Identity: an item is the profile whose `source:` is the item's URL, or (after the source
  site moved host) whose `source:` ends in the same `/guong/<slug>/` and whose date is the
  same as the date and slug inside the item's tag: GUID. A second import **updates** such a
  profile while it is a draft (every key the source gives and the story are replaced; keys
  the source does not give, such as those staff added or filled in, are kept; a photo that
  cannot be had this time keeps the draft's photo) and never touches a
  published one (reported as skipped). Nothing is stored besides `source:`.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from .authoring import OUTLINE, campaign_names, existing_slugs, match_campaign, unique_slug
from .catalog import PROFILES_DIR
from .media import MediaProblem, check_image, open_photo
from .model import VN_TZ, Quarter, parse_when
from .sanitize import Sanitizer
from .source import SourceError, read_document
from .taxonomy import Taxonomies, Taxonomy, slugify

MAX_FEED_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 20 * 1024 * 1024
TIMEOUT = 20  # seconds, per request
SCHEMES = ("http", "https")
PHOTO_SUFFIX = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
IMAGE_FOLDER = "anh"
TODO = "CẦN ĐIỀN"
_TAG_GUID = re.compile(r"tag:[^,]+,(\d{4}-\d{2}-\d{2}):guong/([a-z0-9-]+)$")


class FeedError(Exception):
    """The source cannot be used at all; the message is Vietnamese."""


# --- reading the source -------------------------------------------------------------------


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): never to file:, ftp: or anything else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise urllib.error.URLError(f"chuyển hướng tới địa chỉ không phải http/https ({newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.OpenerDirector()
for _handler in (
    urllib.request.ProxyHandler(),
    urllib.request.HTTPHandler(),
    urllib.request.HTTPSHandler(),
    urllib.request.HTTPDefaultErrorHandler(),
    urllib.request.HTTPErrorProcessor(),
    _SafeRedirects(),
):
    _OPENER.add_handler(_handler)


def is_url(ref: str) -> bool:
    return urlsplit(ref).scheme.lower() in SCHEMES


def download(url: str, limit: int, timeout: float = TIMEOUT) -> bytes:
    """The body of an http(s) URL, at most `limit` bytes; FeedError (Vietnamese) otherwise."""
    if not is_url(url):
        raise FeedError(f"chỉ tải được địa chỉ http:// hoặc https:// ('{url}')")
    request = urllib.request.Request(url, headers={"User-Agent": "guong-import/1"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise FeedError(f"tệp quá lớn ({int(length):,} byte, tối đa {limit:,})")
            data = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:  # urllib refused the redirect (file:, data:, a loop...)
            raise FeedError(
                f"máy chủ chuyển hướng tới địa chỉ không phải http/https, hoặc chuyển hướng "
                f"vòng quanh (mã {exc.code}); không đi theo"
            ) from None
        raise FeedError(f"máy chủ trả lời lỗi {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        raise FeedError(f"không kết nối được ({exc.reason})") from None
    except (OSError, ValueError) as exc:  # timeouts, resets, malformed URLs
        raise FeedError(f"không tải được ({exc})") from None
    if len(data) > limit:
        raise FeedError(f"tệp quá lớn (hơn {limit:,} byte)")
    return data


@dataclass(frozen=True)
class Origin:
    """Where the source was read (a fetched URL or a saved file) and the URL it declares
    for itself, so its links can be followed in the copy that was read."""

    declared: str  # the feed's own URL (feed_url, or <site>/guong/index.json)
    fetched: str = ""  # the http(s) URL it was read from, or ""
    path: Path | None = None  # the saved file it was read from

    def locate(self, url: str) -> tuple[str, Path | None]:
        """An image URL as (URL to download, or local file): URLs of the source site are
        taken from the same place the feed was read from; others are downloaded."""
        declared, target = urlsplit(self.declared), urlsplit(url)
        same_site = (target.scheme, target.netloc) == (declared.scheme, declared.netloc)
        if not same_site:
            return url, None
        rel = posixpath.relpath(target.path or "/", posixpath.dirname(declared.path) or "/")
        if self.path is not None:
            depth = len([p for p in posixpath.dirname(declared.path).split("/") if p])
            root = self.path.resolve().parent
            for _ in range(depth):
                root = root.parent
            local = (self.path.resolve().parent / rel).resolve()
            if local != root and root not in local.parents:
                return "", None
            return "", local
        if self.fetched:
            return urljoin(self.fetched, rel), None
        return url, None


@dataclass
class SourceItem:
    """One item of the source, in the source's own terms."""

    number: int  # 1-based position in the source, for messages
    id: str
    url: str
    title: str
    published: datetime
    modified: datetime | None
    summary: str
    html: str
    image: str
    tags: list[str]
    facts: dict[str, Any]
    author: str


@dataclass
class SourceFeed:
    title: str
    unit: str  # the feed's author (the unit that runs the site), or ""
    origin: Origin
    items: list[SourceItem]
    rejected: list[tuple[int, str, str]]  # (position, title or id, why)


def read_source(ref: str, site_url: str = "", limit: int = MAX_FEED_BYTES) -> SourceFeed:
    """Read and parse a JSON Feed or /guong/index.json from a URL or a file."""
    if is_url(ref):
        try:
            data = download(ref, limit)
        except FeedError as exc:
            raise FeedError(f"không tải được nguồn '{ref}': {exc}") from None
        fetched, path = ref, None
    elif re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", ref):
        raise FeedError(f"chỉ nhập được từ địa chỉ http:// hoặc https://, hoặc từ tệp đã lưu ('{ref}')")
    else:
        path = Path(ref)
        try:
            if path.stat().st_size > limit:
                raise FeedError(f"tệp '{ref}' quá lớn (tối đa {limit:,} byte)")
            data = path.read_bytes()
        except OSError as exc:
            raise FeedError(f"không đọc được tệp '{ref}' ({exc.strerror or exc})") from None
        fetched = ""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FeedError(f"'{ref}' không phải văn bản UTF-8, không phải JSON Feed") from None
    except json.JSONDecodeError as exc:
        raise FeedError(
            f"'{ref}' không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}: {exc.msg})"
        ) from None
    if isinstance(document, dict) and str(document.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        return _json_feed(document, ref, fetched, path)
    if isinstance(document, dict) and isinstance(document.get("profiles"), list):
        return _index_json(document, ref, fetched, path, site_url)
    raise FeedError(
        f'\'{ref}\' không phải JSON Feed (thiếu "version": "https://jsonfeed.org/version/1.1" '
        'và "items") cũng không phải /guong/index.json của một trang gương điển hình'
    )


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            return parse_when(value)
        except ValueError:
            return None


def _author(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return _text(value[0].get("name"))
    return ""


def _json_feed(document: dict, ref: str, fetched: str, path: Path | None) -> SourceFeed:
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError(f"'{ref}' không phải JSON Feed hợp lệ: thiếu danh sách \"items\"")
    declared = _text(document.get("feed_url")) or fetched or "https://nguon.invalid/feed.json"
    feed = SourceFeed(
        title=_text(document.get("title")),
        unit=_author(document.get("authors")) or _author([document.get("author")]),
        origin=Origin(declared, fetched, path),
        items=[],
        rejected=[],
    )
    for number, raw in enumerate(items, 1):
        if not isinstance(raw, dict):
            feed.rejected.append((number, f"mục {number}", "không phải một đối tượng JSON"))
            continue
        title = _text(raw.get("title"))
        ident = _text(raw.get("id")) or str(raw.get("id") or "")
        url = _text(raw.get("url")) or (ident if is_url(ident) else "")
        published = _when(raw.get("date_published"))
        missing = [
            what
            for what, ok in (
                ("tiêu đề (title)", title),
                ("ngày đăng (date_published)", published),
                ("địa chỉ bài gốc (url)", is_url(url)),
            )
            if not ok
        ]
        if raw.get("date_published") and published is None:
            missing.append(f"ngày đăng '{raw.get('date_published')}' không đọc được")
        if missing:
            feed.rejected.append((number, title or ident or f"mục {number}", "thiếu " + ", ".join(missing)))
            continue
        assert published is not None
        ext = raw.get("_guong")
        feed.items.append(
            SourceItem(
                number=number,
                id=ident or url,
                url=url,
                title=title,
                published=published,
                modified=_when(raw.get("date_modified")),
                summary=_text(raw.get("summary")),
                html=str(raw.get("content_html") or "") if isinstance(raw.get("content_html"), str) else "",
                image=_text(raw.get("image")) or _text(raw.get("banner_image")),
                tags=[_text(t) for t in raw.get("tags") or [] if _text(t)],
                facts=dict(ext) if isinstance(ext, dict) else {},
                author=_author(raw.get("authors")) or _author([raw.get("author")]),
            )
        )
    return feed


def _index_json(document: dict, ref: str, fetched: str, path: Path | None, site_url: str) -> SourceFeed:
    """/guong/index.json: relative URLs, no story, the small photo; the site's address comes
    from where it was fetched, or from --site-url for a saved copy."""
    if fetched:
        base = urljoin(fetched, "../") if fetched.rstrip("/").endswith("guong/index.json") else fetched
    elif site_url:
        base = site_url if site_url.endswith("/") else site_url + "/"
    else:
        raise FeedError(
            f"'{ref}' là /guong/index.json: cần --site-url ĐỊA_CHỈ_TRANG (ví dụ "
            "https://guong.huyen-x.gov.vn/) để biết địa chỉ bài gốc"
        )
    if not is_url(base):
        raise FeedError(f"--site-url phải là địa chỉ http:// hoặc https:// ('{site_url}')")
    feed = SourceFeed(
        title=urlsplit(base).hostname or "",
        unit="",
        origin=Origin(urljoin(base, "guong/index.json"), fetched, path),
        items=[],
        rejected=[],
    )
    for number, raw in enumerate(document["profiles"], 1):
        if not isinstance(raw, dict):
            feed.rejected.append((number, f"mục {number}", "không phải một đối tượng JSON"))
            continue
        title = _text(raw.get("title"))
        published = _when(raw.get("date"))
        rel = _text(raw.get("url")) or (f"guong/{raw['slug']}/" if isinstance(raw.get("slug"), str) else "")
        missing = [
            w for w, ok in (("tiêu đề (title)", title), ("ngày (date)", published), ("url", rel)) if not ok
        ]
        if missing:
            feed.rejected.append((number, title or f"mục {number}", "thiếu " + ", ".join(missing)))
            continue
        assert published is not None
        facts = {k: raw[k] for k in ("field", "level", "kind", "campaigns", "unit") if raw.get(k)}
        if raw.get("locality_label"):
            facts["locality"] = raw["locality_label"]
        thumbnail = _text(raw.get("thumbnail"))
        feed.items.append(
            SourceItem(
                number=number,
                id=urljoin(base, rel),
                url=urljoin(base, rel),
                title=title,
                published=published,
                modified=None,
                summary=_text(raw.get("summary")),
                html="",
                image=urljoin(base, thumbnail) if thumbnail else "",
                tags=[],
                facts=facts,
                author="",
            )
        )
    return feed


# --- mapping onto this site -----------------------------------------------------------------


def _candidates(item: SourceItem, key: str) -> list[str]:
    value = item.facts.get(key)
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and v.strip()] + item.tags


def _term(taxonomy: Taxonomy, item: SourceItem) -> str:
    for value in _candidates(item, taxonomy.name):
        if key := taxonomy.match(value):
            return key
    return ""


def _date_text(when: datetime) -> str:
    local = when.astimezone(VN_TZ) if when.tzinfo else when
    return (
        local.strftime("%Y-%m-%d")
        if (local.hour, local.minute) == (0, 0)
        else local.strftime("%Y-%m-%d %H:%M")
    )


def story_body(item: SourceItem, sanitizer: Sanitizer) -> tuple[str, str, str]:
    """(body, image alt, image credit): the story as sanitised HTML, without the photo figure
    the feed writer puts first (the photo becomes `image` instead)."""
    fragment = item.html.strip()
    alt = credit = ""
    if not fragment:
        return "", alt, credit
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    first = root[0] if len(root) else None
    if first is not None and first.tag == "figure" and not (root.text or "").strip():
        img = first.find(".//img")
        if img is not None and (not item.image or img.get("src") == item.image):
            alt = _text(img.get("alt"))
            caption = first.find(".//figcaption")
            if caption is not None:
                credit = re.sub(r"^Ảnh:\s*", "", _text(caption.text_content()))
            if first.tail and first.tail.strip():
                root.text = (root.text or "") + first.tail
            root.remove(first)
    blocks = [lxml_html.tostring(child, encoding="unicode").strip() for child in root]
    if (root.text or "").strip():
        blocks.insert(0, f"<p>{html.escape(root.text.strip(), quote=False)}</p>")
    text = "\n\n".join(sanitizer.clean(b) for b in blocks if b)
    return (text + "\n" if text else ""), alt, credit


# --- writing ------------------------------------------------------------------------------


@dataclass
class Outcome:
    item: SourceItem
    path: Path
    action: str  # created, updated, unchanged, published (skipped)
    todo: list[str] = field(default_factory=list)  # keys left for staff, with the source value
    warnings: list[str] = field(default_factory=list)


@dataclass
class FeedImport:
    feed: SourceFeed
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, action: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.action == action]


@dataclass(frozen=True)
class _Existing:
    path: Path
    meta: dict
    body: str


def _imported(docs_dir: Path) -> dict[str, list[_Existing]]:
    """Profiles with a `source:`, by source URL (normalised)."""
    found: dict[str, list[_Existing]] = {}
    folder = docs_dir / PROFILES_DIR
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        try:
            doc = read_document(path)
        except SourceError:
            continue
        source = doc.meta.get("source") if isinstance(doc.meta, Mapping) else None
        if isinstance(source, str) and source.strip():
            found.setdefault(_norm(source), []).append(_Existing(path, dict(doc.meta), doc.body))
    return found


def _norm(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _find(item: SourceItem, imported: dict[str, list[_Existing]]) -> _Existing | None:
    if hits := imported.get(_norm(item.url)):
        return hits[0]
    guid = _TAG_GUID.match(item.id)
    if guid:  # the source moved host: same date and slug in its stable tag: GUID
        day, slug = guid.groups()
        for hits in imported.values():
            for hit in hits:
                source_slug = _norm(str(hit.meta.get("source"))).rsplit("/", 1)[-1]
                if source_slug == slug and str(hit.meta.get("date", ""))[:10] == day:
                    return hit
    return None


def _slug_for(item: SourceItem, taken: set[str]) -> str:
    last = urlsplit(item.url).path.rstrip("/").rsplit("/", 1)[-1]
    last = re.sub(r"\.html?$", "", last)
    base = last if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", last) else slugify(item.title)
    return unique_slug(base, taken)


Fetch = Callable[[str, int], bytes]


def _photo(
    item: SourceItem, origin: Origin, folder: Path, slug: str, max_pixels: int, fetch: Fetch
) -> tuple[str, str]:
    """(`image` value relative to the profile, warning): download or copy, check, save."""
    if not item.image:
        return "", ""
    url, local = origin.locate(item.image)
    try:
        if local is not None:
            if not local.is_file():
                raise FeedError(f"không có tệp '{local}' bên cạnh tệp nguồn đã lưu")
            if local.stat().st_size > MAX_IMAGE_BYTES:
                raise FeedError(f"ảnh quá lớn (tối đa {MAX_IMAGE_BYTES:,} byte)")
            data = local.read_bytes()
        elif url:
            data = fetch(url, MAX_IMAGE_BYTES)
        else:
            raise FeedError("ảnh nằm ngoài thư mục của tệp nguồn đã lưu")
    except (FeedError, OSError) as exc:
        return "", f"không lấy được ảnh {item.image}: {exc}; nhập hồ sơ không kèm ảnh"
    target_dir = folder / IMAGE_FOLDER
    target_dir.mkdir(parents=True, exist_ok=True)
    part = target_dir / f".{slug}.tai-ve"
    try:
        part.write_bytes(data)
        check_image(part, max_pixels)
        with open_photo(part, max_pixels) as img:
            suffix = PHOTO_SUFFIX[str(img.format)]
    except MediaProblem as exc:
        part.unlink(missing_ok=True)
        return "", f"ảnh {item.image} không dùng được: {exc}; nhập hồ sơ không kèm ảnh"
    target = target_dir / f"{slug}.{suffix}"
    if target.is_file() and target.read_bytes() == data:
        part.unlink()
    else:
        os.replace(part, target)
    return f"{IMAGE_FOLDER}/{target.name}", ""


def _meta_for(
    item: SourceItem,
    feed: SourceFeed,
    taxonomies: Taxonomies,
    campaigns: Mapping[str, str],
    unit: str,
    default_campaign: str,
) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """Frontmatter from the source (no image yet), the keys left for staff, their comments."""
    facts = item.facts
    meta: dict[str, Any] = {"title": item.title, "date": _date_text(item.published)}
    if item.modified and item.modified.date() > item.published.date():
        meta["updated"] = _date_text(item.modified)
    todo: list[str] = []
    notes: dict[str, str] = {}
    for taxonomy in (taxonomies.fields, taxonomies.levels, taxonomies.kinds):
        key = _term(taxonomy, item)
        if key:
            meta[taxonomy.name] = key
        else:
            shown = _text(facts.get(taxonomy.name)) or ", ".join(item.tags) or "không có"
            todo.append(f"{taxonomy.name} ({taxonomy.title.lower()})")
            notes[taxonomy.name] = f"# {TODO} {taxonomy.name} ({taxonomy.title.lower()}); nguồn ghi: {shown}"
    refs: list[str] = []
    for value in _candidates(item, "campaigns"):
        slug = match_campaign(value, campaigns)
        if slug and slug not in refs:
            refs.append(slug)
    if not refs and default_campaign:
        refs = [default_campaign]
    if refs:
        meta["campaign"] = refs[0] if len(refs) == 1 else refs
    else:
        shown = ", ".join(str(c) for c in facts.get("campaigns") or []) or ", ".join(item.tags) or "không có"
        todo.append("campaign (phong trào)")
        notes["campaign"] = (
            f"# {TODO} campaign (phong trào thi đua ở content/phong-trao/); nguồn ghi: {shown}"
        )
    quarter = _text(facts.get("quarter"))
    if quarter and quarter.lower() != Quarter.of(parse_when(meta["date"])).key:  # only if not the default
        meta["quarter"] = quarter
    if item.summary:
        meta["summary"] = item.summary
    meta["unit"] = unit or _text(facts.get("unit")) or feed.unit or feed.title
    if not meta["unit"]:
        del meta["unit"]
    if _text(facts.get("locality")):
        meta["locality"] = _text(facts["locality"])
    occasion = taxonomies.occasions.match(_text(facts.get("occasion"))) if facts.get("occasion") else None
    if occasion:
        meta["occasion"] = occasion
    for key in ("awards", "tags"):
        values = (
            [_text(v) for v in facts.get(key) or [] if _text(v)] if isinstance(facts.get(key), list) else []
        )
        if values:
            meta[key] = values
    if item.author and item.author not in (feed.unit, meta.get("unit")):
        meta["author"] = item.author
    meta["source"] = item.url
    meta["draft"] = True
    return meta, todo, notes


def frontmatter(meta: Mapping[str, Any], notes: Mapping[str, str], body: str) -> str:
    import yaml

    dumped = yaml.safe_dump(dict(meta), allow_unicode=True, sort_keys=False, width=100)
    comments = "".join(f"{line}\n" for line in notes.values())
    return f"---\n{comments}{dumped}---\n\n{body}"


def import_feed(
    docs_dir: Path,
    feed: SourceFeed,
    taxonomies: Taxonomies,
    max_pixels: int,
    unit: str = "",
    default_campaign: str = "",
    fetch: Fetch = download,
) -> FeedImport:
    """Create or update one draft per usable item of `feed`; never touch a published profile."""
    result = FeedImport(feed)
    campaigns = campaign_names(docs_dir)
    if default_campaign:
        slug = match_campaign(default_campaign, campaigns)
        if slug is None:
            raise FeedError(
                f"--campaign '{default_campaign}' không có trong content/phong-trao/ "
                f"({', '.join(campaigns) or 'chưa có phong trào nào'})"
            )
        default_campaign = slug
    imported = _imported(docs_dir)
    taken = existing_slugs(docs_dir)
    sanitizer = Sanitizer()
    for item in feed.items:
        meta, todo, notes = _meta_for(item, feed, taxonomies, campaigns, unit, default_campaign)
        body, alt, credit = story_body(item, sanitizer)
        existing = _find(item, imported)
        if existing is not None:
            if existing.meta.get("draft") is not True:
                result.outcomes.append(Outcome(item, existing.path, "published"))
                continue
            path, slug = existing.path, existing.path.stem
        else:
            slug = _slug_for(item, taken)
            taken.add(slug)
            path = docs_dir / PROFILES_DIR / meta["date"][:4] / f"{slug}.md"
        outcome = Outcome(item, path, "updated" if existing else "created")
        image, warning = _photo(item, feed.origin, path.parent, slug, max_pixels, fetch)
        if warning:
            outcome.warnings.append(warning)
        if image:
            photo = {"image": image, "image_alt": _text(item.facts.get("image_alt")) or alt or item.title}
            if _text(item.facts.get("image_credit")) or credit:
                photo["image_credit"] = _text(item.facts.get("image_credit")) or credit
            source = {k: meta.pop(k) for k in ("source", "draft")}
            meta.update(photo)
            meta.update(source)
        if not body:
            body = f"{item.summary}\n\n{OUTLINE.split(chr(10), 2)[2]}" if item.summary else OUTLINE
        if existing is not None:  # the source's values replace; what it lacks, staff keep
            for key in list(notes):
                if existing.meta.get(key) not in (None, ""):
                    del notes[key]
                    todo = [t for t in todo if not t.startswith(key + " ")]
            merged = dict(existing.meta)
            merged.update(meta)
            meta = merged
        outcome.todo = todo
        text = frontmatter(meta, notes, body)
        if existing is not None and path.read_text(encoding="utf-8") == text:
            outcome.action = "unchanged"
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if existing is None:
                with path.open("x", encoding="utf-8") as handle:  # never overwrite a file
                    handle.write(text)
            else:
                path.write_text(text, encoding="utf-8")
        result.outcomes.append(outcome)
        if existing is None:
            imported.setdefault(_norm(item.url), []).append(_Existing(path, meta, body))
    return result
