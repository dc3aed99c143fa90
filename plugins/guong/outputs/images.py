"""Publish photos as responsive WebP + JPEG variants without EXIF/XMP/GPS; never the originals.

Phone photos carry the GPS position of someone's home, and MkDocs would copy them verbatim.
We take every raster image out of MkDocs' copy list, and instead write, for each image a
page uses, variants at the configured widths (never upscaled): pixels turned upright with
`exif_transpose`, converted to sRGB, saved without any metadata. Encoding is the slow part,
so results live in an on-disk cache keyed by the photo's bytes and the settings: a rebuild
with unchanged photos encodes nothing. The cache is an explicit object made per build;
nothing else survives between `mkdocs serve` rebuilds.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html as lxml_html

from PIL import Image, ImageCms, ImageOps

RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
FORMATS = {"JPEG", "PNG", "WEBP"}
PIPELINE_VERSION = "1"  # bump when the pipeline's output changes, to refresh every cache entry
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_TRANSPOSING = {5, 6, 7, 8}  # EXIF orientations that swap width and height


class ImageProblem(ValueError):
    """A photo we cannot publish; the message is Vietnamese and names no file (callers do)."""


@dataclass(frozen=True)
class ImageSettings:
    widths: tuple[int, ...] = (480, 960, 1600)
    webp_quality: int = 80
    jpeg_quality: int = 82
    max_pixels: int = 50_000_000

    def fingerprint(self) -> str:
        return json.dumps([PIPELINE_VERSION, sorted(set(self.widths)), self.webp_quality,
                           self.jpeg_quality])


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    webp: str  # site-relative URIs
    jpeg: str


@dataclass(frozen=True)
class Picture:
    """Everything a template needs for <picture>: variants smallest first, intrinsic size."""

    source: str  # docs-relative path of the original (never published)
    key: str  # content + settings hash: the cache entry
    variants: tuple[Variant, ...]

    @property
    def largest(self) -> Variant:
        return self.variants[-1]

    @property
    def width(self) -> int:
        return self.largest.width

    @property
    def height(self) -> int:
        return self.largest.height

    @property
    def fallback(self) -> Variant:
        """The <img src>: the variant closest to 960 px wide."""
        return min(self.variants, key=lambda v: abs(v.width - 960))

    def uris(self) -> list[str]:
        return [u for v in self.variants for u in (v.webp, v.jpeg)]


def target_widths(width: int, widths: Iterable[int]) -> list[int]:
    """Configured widths below the photo's own width, plus the photo's width when it is
    narrower than the largest: never upscale, always offer the full resolution we have."""
    chosen = sorted({w for w in widths if 0 < w < width})
    if not chosen or width <= max(widths):
        chosen.append(width)
    return sorted(set(chosen))


def _scaled_height(width: int, height: int, new_width: int) -> int:
    return max(1, round(height * new_width / width))


def open_checked(path: Path, max_pixels: int) -> Image.Image:
    """Open a photo, refusing unsupported formats and decompression bombs before decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageProblem(f"ảnh hỏng hoặc không đọc được ({exc})") from None
    if img.format not in FORMATS:
        img.close()
        raise ImageProblem(f"ảnh dạng {img.format} chưa hỗ trợ; dùng JPEG, PNG hoặc WebP")
    w, h = img.size
    if w * h > max_pixels:
        img.close()
        raise ImageProblem(f"ảnh quá lớn ({w}×{h} điểm ảnh, tối đa {max_pixels:,}); "
                           "hãy thu nhỏ ảnh trước khi đưa lên")
    return img


def upright_size(img: Image.Image) -> tuple[int, int]:
    """Size after exif_transpose, read from the header only."""
    w, h = img.size
    try:
        orientation = img.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block: exif_transpose will ignore it too
        orientation = 1
    return (h, w) if orientation in _TRANSPOSING else (w, h)


def to_srgb(img: Image.Image) -> Image.Image:
    """Upright, sRGB, RGB or RGBA, with no metadata left in `info`."""
    img = ImageOps.exif_transpose(img)
    icc = img.info.get("icc_profile")
    alpha = None
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")
        alpha = img.getchannel("A")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            base = img.convert("RGB") if img.mode not in ("RGB", "CMYK", "L") else img
            img = ImageCms.profileToProfile(base, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            img = img.convert("RGB")
    elif img.mode != "RGB":
        img = img.convert("RGB")
    if alpha is not None:
        img = img.convert("RGB")
        img.putalpha(alpha)
    img.info = {}
    return img


def encode_variants(path: Path, widths: list[int], settings: ImageSettings, out_dir: Path) -> None:
    """Decode once, then write `<w>.webp` and `<w>.jpg` per width into out_dir."""
    with open_checked(path, settings.max_pixels) as raw:
        try:
            raw.load()
            img = to_srgb(raw)
        except (OSError, SyntaxError, ValueError) as exc:
            raise ImageProblem(f"ảnh hỏng hoặc không đọc được ({exc})") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    for width in sorted(widths, reverse=True):
        if width != img.width:
            size = (width, _scaled_height(img.width, img.height, width))
            img = img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        img.info = {}
        img.save(out_dir / f"{width}.webp", "WEBP", quality=settings.webp_quality, method=4)
        flat = img
        if img.mode == "RGBA":
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A"))
        flat.save(out_dir / f"{width}.jpg", "JPEG", quality=settings.jpeg_quality,
                  optimize=True, progressive=True)


# --- the cache --------------------------------------------------------------------------


@dataclass
class CacheStats:
    encoded: int = 0
    reused: int = 0
    pruned: int = 0


class Cache:
    """Encoded files under `<root>/<kind>/<key>/`, one folder per source+settings key.

    Entries are written to a temporary folder and renamed into place, so an interrupted
    build never leaves a half-written entry. Entries not used by a build are pruned after
    it (per kind), so the cache holds exactly the last build's photos and cards.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self.stats: dict[str, CacheStats] = {}
        self.used: dict[str, set[str]] = {}
        self._lock = threading.Lock()
        self._key_locks: dict[tuple[str, str], threading.Lock] = {}

    def entry(self, kind: str, key: str, make: Callable[[Path], None]) -> Path:
        """The folder for `key`, made by `make(tmp_folder)` only when it is not cached yet."""
        folder = self.root / kind / key
        with self._lock:
            self.used.setdefault(kind, set()).add(key)
            stats = self.stats.setdefault(kind, CacheStats())
            key_lock = self._key_locks.setdefault((kind, key), threading.Lock())
        with key_lock:  # two pages with the same photo: encode it once
            return self._entry(folder, kind, key, make, stats)

    def _entry(self, folder: Path, kind: str, key: str, make: Callable[[Path], None],
               stats: CacheStats) -> Path:
        if (folder / ".done").is_file():
            with self._lock:
                stats.reused += 1
            return folder
        tmp = self.root / kind / f".tmp-{key}-{os.getpid()}-{threading.get_ident()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            make(tmp)
            (tmp / ".done").write_text("", encoding="utf-8")
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        with self._lock:
            stats.encoded += 1
        return folder

    def prune(self, kind: str) -> int:
        """Delete entries of `kind` that this build did not use; return how many."""
        base = self.root / kind
        used = self.used.get(kind, set())
        count = 0
        for child in base.iterdir() if base.is_dir() else []:
            if child.name not in used:
                shutil.rmtree(child, ignore_errors=True)
                count += 1
        self.stats.setdefault(kind, CacheStats()).pruned = count
        return count


def place(cached: Path, target: Path) -> None:
    """Put a cached file into the site: a hard link when both sit on one file system (a warm
    build of 5,000 pages places thousands of cards and photos), a copy otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(cached, target)
    except FileExistsError:
        target.unlink()
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- one build's photos -----------------------------------------------------------------


@dataclass
class Photos:
    """This build's photos: plans pictures on demand (header read + hash), then publishes.

    `picture(uri)` is cheap and gives templates exact sizes before anything is encoded;
    `publish()` encodes what is missing from the cache (in threads: Pillow releases the GIL)
    and copies the variants into the site.
    """

    docs_dir: Path
    settings: ImageSettings
    cache: Cache
    images: frozenset[str] = frozenset()  # docs-relative raster images taken from MkDocs
    pictures: dict[str, Picture] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def knows(self, uri: str) -> bool:
        return uri in self.images

    def picture(self, uri: str) -> Picture:
        """Plan the variants of a docs-relative image; raises ImageProblem."""
        with self._lock:
            if uri in self.pictures:
                return self.pictures[uri]
        path = self.docs_dir / uri
        if not path.is_file():
            raise ImageProblem(f"không tìm thấy tệp ảnh '{uri}'")
        with open_checked(path, self.settings.max_pixels) as img:
            width, height = upright_size(img)
        digest = hashlib.sha256(
            (file_hash(path) + self.settings.fingerprint()).encode()
        ).hexdigest()[:20]
        # Next to where the original would have been, with the hash in the name: a changed
        # photo gets a new URL, so no browser or CDN shows the old one.
        base = posixpath.join(posixpath.dirname(uri), f"{_safe_stem(uri)}-{digest[:8]}")
        variants = tuple(
            Variant(w, _scaled_height(width, height, w), f"{base}-{w}.webp", f"{base}-{w}.jpg")
            for w in target_widths(width, self.settings.widths)
        )
        pic = Picture(uri, digest, variants)
        with self._lock:
            self.pictures[uri] = pic
        return pic

    def cached_jpeg(self, pic: Picture) -> Path:
        """Where the fallback JPEG of a picture sits in the cache (after `publish`)."""
        return self.cache.root / "anh" / pic.key / f"{pic.fallback.width}.jpg"

    def entry_of(self, pic: Picture) -> Path:
        """The cache folder of a picture, encoding it if needed."""
        widths = [v.width for v in pic.variants]
        return self.cache.entry("anh", pic.key, lambda tmp: encode_variants(
            self.docs_dir / pic.source, widths, self.settings, tmp))

    def publish(self, site_dir: Path, workers: int | None = None) -> None:
        """Write every planned picture's variants, and clean copies of unused images."""
        pictures = sorted(self.pictures.values(), key=lambda p: p.source)

        def one(pic: Picture) -> None:
            try:
                folder = self.entry_of(pic)
            except ImageProblem as exc:
                raise ImageProblem(f"{pic.source}: {exc}") from None
            for variant in pic.variants:
                for uri, name in ((variant.webp, f"{variant.width}.webp"),
                                  (variant.jpeg, f"{variant.width}.jpg")):
                    place(folder / name, site_dir / uri)

        run_all(pictures, one, workers)
        self.cache.prune("anh")


def run_all(items: list, work: Callable, workers: int | None = None) -> None:
    """Run `work` over items in threads; the first exception is re-raised."""
    if not items:
        return
    workers = workers or min(8, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(work, items):
            pass


def _safe_stem(uri: str) -> str:
    stem = Path(uri).stem
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in stem)
    return safe.strip("-") or "anh"


# --- story images -----------------------------------------------------------------------

_BASE = "http://guong.invalid/"
_REFS = re.compile(r"""\b(?:src|href)=["']([^"']+)["']""")


def resolve(src: str, page_url: str) -> str | None:
    """The docs-relative path an <img src> written on page `page_url` points at, if local."""
    full = urljoin(_BASE + page_url, src)
    if not full.startswith(_BASE):
        return None
    path = urlsplit(full).path
    return unquote(path[1:]) or None


def rewrite_story(html: str, page_url: str, photos: Photos, relative: Callable[[str], str],
                  sizes: str) -> str:
    """Turn each local <img> into <picture> with WebP/JPEG srcsets, intrinsic size and lazy
    loading; links to a local image go to its largest JPEG. Only elements and attributes are
    set (lxml), no HTML is written by hand. Raises ImageProblem naming the image."""
    if not any(resolve(ref, page_url) in photos.images for ref in _REFS.findall(html)):
        return html  # most pages: no local image, no parse
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    changed = False
    for img in list(root.iter("img")):
        src = img.get("src") or ""
        uri = resolve(src, page_url)
        if uri is None or not photos.knows(uri):
            continue
        parent = img.getparent()
        if parent is None or parent.tag == "picture":
            continue
        try:
            pic = photos.picture(uri)
        except ImageProblem as exc:
            raise ImageProblem(f"ảnh trong bài '{src}': {exc}") from None
        picture = lxml_html.Element("picture")
        lxml_html.etree.SubElement(picture, "source", type="image/webp", sizes=sizes,
                                   srcset=srcset(pic, "webp", relative))
        img.set("src", relative(pic.fallback.jpeg))
        img.set("srcset", srcset(pic, "jpeg", relative))
        img.set("sizes", sizes)
        img.set("width", str(pic.width))
        img.set("height", str(pic.height))
        img.set("loading", "lazy")
        img.set("decoding", "async")
        if img.get("alt") is None:
            img.set("alt", "")
        tail, img.tail = img.tail, None
        parent.replace(img, picture)
        picture.append(img)
        picture.tail = tail
        changed = True
    for link in root.iter("a"):
        uri = resolve(link.get("href") or "", page_url)
        if uri is not None and photos.knows(uri):
            try:
                link.set("href", relative(photos.picture(uri).largest.jpeg))
            except ImageProblem as exc:
                raise ImageProblem(f"ảnh trong bài '{link.get('href')}': {exc}") from None
            changed = True
    if not changed:
        return html
    out = lxml_html.tostring(root, encoding="unicode", method="html")
    # libxml2 does not know <source> is void; browsers ignore the stray end tag, we drop it.
    return out[len("<div>"):-len("</div>")].replace("</source>", "")


def srcset(pic: Picture, kind: str, relative: Callable[[str], str]) -> str:
    return ", ".join(f"{relative(getattr(v, kind))} {v.width}w" for v in pic.variants)


def resized_copy(source: Path, target: Path, max_side: int) -> None:
    """A JPEG no larger than max_side, upright and without metadata (yearbook photos, cover)."""
    with Image.open(source) as img:
        if img.format == "JPEG":
            img.draft("RGB", (max_side, max_side))  # decode at reduced scale: much faster
        upright = ImageOps.exif_transpose(img)
        upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        if upright.mode in ("RGBA", "LA", "P"):
            rgba = upright.convert("RGBA")
            upright = Image.new("RGB", rgba.size, "white")
            upright.paste(rgba, mask=rgba.getchannel("A"))
        target.parent.mkdir(parents=True, exist_ok=True)
        upright.convert("RGB").save(target, "JPEG", quality=82, optimize=True)
