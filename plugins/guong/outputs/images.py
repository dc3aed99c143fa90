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

import contextlib
import errno
import hashlib
import io
import json
import logging
import os
import posixpath
import re
import secrets
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html as lxml_html
from PIL import Image, ImageCms, ImageOps

from ..content.media import MediaProblem, open_photo
from . import fragments

try:
    import fcntl
except ImportError:  # Windows: no flock; builds sharing one cache are then not protected
    fcntl = None  # type: ignore[assignment]

RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}

PIPELINE_VERSION = "1"  # bump when the pipeline's output changes, to refresh every cache entry
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_TRANSPOSING = {5, 6, 7, 8}  # EXIF orientations that swap width and height


ImageProblem = MediaProblem  # a photo we cannot publish (content/media.py says why)


@dataclass(frozen=True)
class ImageSettings:
    widths: tuple[int, ...] = (480, 960, 1600)
    webp_quality: int = 80
    jpeg_quality: int = 82
    max_pixels: int = 50_000_000

    def fingerprint(self) -> str:
        return json.dumps([PIPELINE_VERSION, sorted(set(self.widths)), self.webp_quality, self.jpeg_quality])


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
            img = ImageCms.profileToProfile(base, source, _SRGB, outputMode="RGB") or base
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
    with open_photo(path, settings.max_pixels) as raw:
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
        save_clean(img, out_dir / f"{width}.webp", "WEBP", quality=settings.webp_quality, method=4)
        flat = img
        if img.mode == "RGBA":
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A"))
        save_clean(
            flat,
            out_dir / f"{width}.jpg",
            "JPEG",
            quality=settings.jpeg_quality,
            optimize=True,
            progressive=True,
        )


# --- writing images without metadata -------------------------------------------------------

# Keys of `Image.info` that Pillow's writers would carry into a file (JPEG COM comment, ICC
# profile, EXIF, XMP, PNG text...). We drop all of `info`, not only these: new Pillow versions
# may learn to write more of it.
_SAVE_OPTIONS = {"quality", "optimize", "progressive", "method", "lossless", "subsampling", "compress_level"}


def bare(img: Image.Image) -> Image.Image:
    """A copy of the pixels (mode, size, palette) with no metadata at all in `info`."""
    out = img.copy()
    out.info = {}
    return out


def save_clean(img: Image.Image, target: Path | io.BytesIO, fmt: str, **options) -> None:
    """The one way this package writes an image: pixels only, no EXIF, XMP, IPTC, ICC
    profile, JPEG comment or PNG text; only encoder options (quality, ...) are accepted."""
    unknown = set(options) - _SAVE_OPTIONS
    if unknown:
        raise TypeError(f"save_clean: metadata options are not allowed: {sorted(unknown)}")
    if isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
    bare(img).save(target, fmt, **options)


# --- the cache --------------------------------------------------------------------------

MANIFEST = ".manifest.json"
_TEMP_PREFIXES = (".tmp-", ".old-")
USED = ".used"  # <root>/.used/<kind>/<variant>: the entry names the last build of a variant used
VARIANTS_KEPT = 4  # how many kinds of build (the newest) keep their entries from each other


@dataclass
class CacheStats:
    encoded: int = 0
    reused: int = 0
    pruned: int = 0
    rebuilt: int = 0  # entries found damaged and made again


@dataclass
class Entry:
    """A verified cache entry: its folder and the bytes of its files, as checked."""

    folder: Path
    files: dict[str, bytes]

    def __truediv__(self, name: str) -> Path:
        return self.folder / name

    def data(self, name: str) -> bytes:
        return self.files[name]

    def place(self, name: str, target: Path) -> None:
        """Write the verified bytes of `name` to `target` (a copy: the site shares no file
        with the cache, so nothing done to a published file can change the cache)."""
        write_bytes(target, self.files[name])


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_bytes(target: Path, data: bytes) -> None:
    """Write a new file: never through an existing one (a hard link, a symlink), and with one
    system call in the common case (thousands of files per build; the folder usually exists)."""
    try:
        fd = os.open(target, _NEW_FILE, 0o666)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, _NEW_FILE, 0o666)
    except FileExistsError:
        target.unlink()
        fd = os.open(target, _NEW_FILE, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder except the manifest, by POSIX relative name (os.scandir:
    a warm build reads thousands of entries, and Path.rglob is several times slower)."""
    files: dict[str, bytes] = {}

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
        for e in entries:
            if e.is_symlink():  # never made by us: an entry is plain files only
                raise OSError(f"symbolic link in a cache entry: {e.path}")
            if e.is_dir(follow_symlinks=False):
                walk(e.path, f"{prefix}{e.name}/")
            elif e.is_file(follow_symlinks=False):
                if not (prefix == "" and e.name == MANIFEST):
                    with open(e.path, "rb") as f:
                        files[prefix + e.name] = f.read()
            else:
                raise OSError(f"not a regular file: {e.path}")

    walk(str(folder), "")
    return dict(sorted(files.items()))


def _manifest(files: dict[str, bytes]) -> str:
    return json.dumps(
        {
            "version": 1,
            "files": {
                name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                for name, data in sorted(files.items())
            },
        },
        sort_keys=True,
    )


class Cache:
    """Encoded files under `<root>/<kind>/<key>/`, one folder per source+settings key.

    What makes it safe to publish from:

    - An entry is made in a temporary folder named for this process (`.tmp-<key>-<pid>-<random>`)
      and renamed into place with its manifest written last, so no reader ever sees half an
      entry; two builds making the same entry both succeed (the second keeps the first's).
    - The manifest holds the size and SHA-256 of every file; on reuse every file is read and
      checked, and a damaged, incomplete or foreign entry is rebuilt (counted in `rebuilt`),
      never published. The checked bytes are what gets written into the site: a copy, never a
      hard link, so a later change to a published file cannot reach the cache.
    - Every build registers itself under `.builds/` with a lock file it holds (flock) until it
      ends; the kernel drops the lock if the process dies. `prune` deletes unused entries and
      leftover temporary folders only when no other live build is registered, under one
      cache-wide lock (`.lock`), so a build never deletes what another build is using.
    - A cache path that cannot be used (a regular file, read-only, unwritable parent) gives one
      warning and the build goes on with a private, empty cache in the system's temp folder.

    Nothing touches the disk until the cache is first used.
    """

    def __init__(self, root: Path, log=None):
        self.path = Path(root)
        self.log = log or logging.getLogger(__name__)
        self.stats: dict[str, CacheStats] = {}
        self.used: dict[str, set[str]] = {}
        self.disabled: str | None = None  # why the configured folder is not used
        # Which kind of build this is (`mkdocs build`, `mkdocs serve` on a port, ...): a hex
        # name. Pruning keeps what the last build of each recent variant used, so a serve
        # session and a build, whose keys differ, do not delete each other's entries.
        self.variant = "default"
        self._root: Path | None = None
        self._lock = threading.Lock()
        self._open_lock = threading.Lock()
        self._key_locks: dict[tuple[str, str], threading.Lock] = {}
        self._build_lock: tuple[int, Path] | None = None
        self._finalizers: list = []

    # -- opening, registration, closing

    @property
    def root(self) -> Path:
        """The folder entries live in (opened on first use)."""
        if self._root is None:
            self._open()
        assert self._root is not None
        return self._root

    def _open(self) -> None:
        with self._open_lock:
            if self._root is not None:
                return
            try:
                self.path.mkdir(parents=True, exist_ok=True)
                if not self.path.is_dir():
                    raise NotADirectoryError(errno.ENOTDIR, "không phải thư mục")
                fd, probe = tempfile.mkstemp(prefix=".probe-", dir=self.path)
                os.close(fd)
                os.unlink(probe)
                self._register()
                self._root = self.path
            except OSError as exc:
                self._go_private(exc)

    def _go_private(self, exc: OSError) -> None:
        """Use a fresh private folder for the rest of this build; warn once."""
        private = Path(tempfile.mkdtemp(prefix="guong-cache-"))
        self._finalizers.append(weakref.finalize(self, shutil.rmtree, private, True))
        self._root = private
        if self.disabled is None:
            self.disabled = _os_reason(exc)
            self.log.warning(
                f"Không dùng được thư mục bộ nhớ đệm '{self.path}' ({self.disabled}); lần dựng "
                "này chạy không có bộ nhớ đệm: mọi ảnh, ảnh chia sẻ và kỷ yếu PDF được tạo lại. "
                "Kiểm tra khóa images.cache_dir trong mkdocs.yml và quyền ghi của thư mục."
            )

    def _mutex(self):
        return _FileLock(self.path / ".lock")

    def _register(self) -> None:
        if fcntl is None:
            return
        builds = self.path / ".builds"
        builds.mkdir(exist_ok=True)
        with self._mutex():
            lock = builds / f"{os.getpid()}-{secrets.token_hex(6)}.lock"
            fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise
        self._build_lock = (fd, lock)
        self._finalizers.append(weakref.finalize(self, _release, fd, lock))

    def close(self) -> None:
        """Release this build's registration and private folder (also done when collected)."""
        for fin in self._finalizers:
            fin()
        self._finalizers.clear()
        self._build_lock = None

    def _others_alive(self) -> bool:
        """Another build registered and still running? Stale registrations (their process
        died, so the kernel dropped their lock) are removed. Call under the mutex."""
        if fcntl is None:
            return False
        own = self._build_lock[1].name if self._build_lock else None
        alive = False
        builds = self.path / ".builds"
        for lock in sorted(builds.iterdir()) if builds.is_dir() else []:
            if lock.name == own:
                continue
            try:
                fd = os.open(lock, os.O_RDWR)
            except FileNotFoundError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                alive = True
            else:
                lock.unlink(missing_ok=True)
            finally:
                os.close(fd)
        return alive

    # -- entries

    def _stats(self, kind: str) -> CacheStats:
        with self._lock:
            return self.stats.setdefault(kind, CacheStats())

    def entry(
        self,
        kind: str,
        key: str,
        make: Callable[[Path], object],
        check: Callable[[dict[str, bytes]], bool] | None = None,
    ) -> Entry:
        """The verified entry for `key`, made by `make(tmp_folder)` when it is missing or
        damaged. `check` may add a test of the files' content (a PDF's end marker, say)."""
        root = self.root
        with self._lock:
            self.used.setdefault(kind, set()).add(key)
            stats = self.stats.setdefault(kind, CacheStats())
            key_lock = self._key_locks.setdefault((kind, key), threading.Lock())
        with key_lock:  # two pages with the same photo: encode it once
            try:
                return self._entry(root / kind, key, make, check, stats)
            except OSError as exc:
                if self.disabled is not None:
                    raise
                with self._open_lock:
                    if self._root == root:
                        self._go_private(exc)
                return self._entry(self.root / kind, key, make, check, stats)

    def keep(self, kind: str, key: str) -> None:
        """Mark an entry used this build without reading it (so pruning leaves it)."""
        with self._lock:
            self.used.setdefault(kind, set()).add(key)

    def has(self, kind: str, key: str, name: str) -> bool:
        """Whether an entry for `key` holding the file `name` is present: a cheap test before
        the verified read of `lookup` (which marks the entry used and checks its bytes)."""
        return (self.root / kind / key / name).is_file()

    def lookup(
        self, kind: str, key: str, check: Callable[[dict[str, bytes]], bool] | None = None
    ) -> Entry | None:
        """The verified entry for `key` if there is one; a damaged one is removed."""
        root = self.root
        with self._lock:
            self.used.setdefault(kind, set()).add(key)
            stats = self.stats.setdefault(kind, CacheStats())
        folder = root / kind / key
        found = self._verified(folder, check)
        if found is not None:
            with self._lock:
                stats.reused += 1
            return found
        if folder.exists() or folder.is_symlink():
            self._damaged(folder, stats)
            with contextlib.suppress(OSError):
                self._discard(folder, key)
        return None

    def _entry(self, base: Path, key: str, make: Callable[[Path], object], check, stats: CacheStats) -> Entry:
        folder = base / key
        found = self._verified(folder, check)
        if found is not None:
            with self._lock:
                stats.reused += 1
            return found
        if folder.exists() or folder.is_symlink():
            self._damaged(folder, stats)
        base.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-{os.getpid()}-", dir=base))
        try:
            make(tmp)
            files = _read_tree(tmp)
            (tmp / MANIFEST).write_text(_manifest(files), encoding="utf-8")
            result = self._install(tmp, folder, key, check)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        with self._lock:
            stats.encoded += 1
        return result or Entry(folder, files)

    def _install(self, tmp: Path, folder: Path, key: str, check) -> Entry | None:
        """Rename tmp to folder; if another build got there first with a good entry, keep
        theirs (returned); a bad one in the way is moved aside and replaced."""
        for _ in range(5):
            try:
                os.rename(tmp, folder)
                return None
            except OSError:
                if not (folder.exists() or folder.is_symlink()):
                    raise
            theirs = self._verified(folder, check)
            if theirs is not None:
                return theirs
            self._discard(folder, key)
        os.rename(tmp, folder)  # last try: any error is the caller's
        return None

    def discard(self, kind: str, key: str) -> None:
        """Remove an entry that is sound but no longer right for its key (a stored Markdown
        conversion whose link targets changed), so a new one can take its place."""
        with contextlib.suppress(OSError):
            self._discard(self.root / kind / key, key)

    def _discard(self, folder: Path, key: str) -> None:
        trash = folder.with_name(f".old-{key}-{os.getpid()}-{secrets.token_hex(6)}")
        try:
            os.rename(folder, trash)
        except FileNotFoundError:
            return
        if trash.is_dir() and not trash.is_symlink():
            shutil.rmtree(trash, ignore_errors=True)
        else:
            trash.unlink(missing_ok=True)

    def _damaged(self, folder: Path, stats: CacheStats) -> None:
        with self._lock:
            stats.rebuilt += 1
        self.log.info(
            f"bộ nhớ đệm: mục '{folder.parent.name}/{folder.name}' hỏng hoặc không đầy đủ, được tạo lại"
        )

    @staticmethod
    def _verified(folder: Path, check) -> Entry | None:
        """The entry if its manifest is readable and every file matches it, else None."""
        if folder.is_symlink() or not folder.is_dir():
            return None
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            expected = manifest["files"]
            files = _read_tree(folder)
            if manifest.get("version") != 1 or set(files) != set(expected):
                return None
            for name, data in files.items():
                want = expected[name]
                if len(data) != want["size"] or hashlib.sha256(data).hexdigest() != want["sha256"]:
                    return None
            if check is not None and not check(files):
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return Entry(folder, files)

    # -- pruning

    def prune(self, kind: str, prefix: str = "") -> int:
        """Delete entries of `kind` (whose name starts with `prefix`) that neither this build
        nor the last build of another recent variant used, and leftover temporary folders;
        return how many entries. Skipped (0) while another build uses the cache: what it uses
        is not ours to know."""
        stats = self._stats(kind)
        if self.disabled is not None or (self._root is None and not self.path.is_dir()):
            return 0
        base = self.root / kind
        if not base.is_dir():  # nothing of this kind was ever made here: nothing to delete
            return 0
        used = self.used.get(kind, set())
        count = 0
        try:
            with self._mutex():
                if self._others_alive():
                    self.log.debug(f"bộ nhớ đệm: một lần dựng khác đang chạy, không dọn '{kind}'")
                    return 0
                used = used | self._used_by_other_variants(kind, used)
                for child in sorted(base.iterdir()):
                    if not child.name.startswith(prefix) and not child.name.startswith(_TEMP_PREFIXES):
                        continue
                    if child.name in used:
                        continue
                    if child.is_dir() and not child.is_symlink():
                        shutil.rmtree(child, ignore_errors=True)
                    else:
                        child.unlink(missing_ok=True)
                    if not child.name.startswith(_TEMP_PREFIXES):
                        count += 1
        except OSError as exc:  # a cache we cannot clean is still a cache we can use
            self.log.debug(f"bộ nhớ đệm: không dọn được '{kind}' ({exc})")
        stats.pruned += count
        return count

    def _used_by_other_variants(self, kind: str, used: set[str]) -> set[str]:
        """Record what this variant used of `kind`; return what the last builds of the other
        recent variants used (older variants' records are dropped). Call under the mutex."""
        folder = self.root / USED / kind
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".tmp-{self.variant}-{os.getpid()}"
        tmp.write_text("\n".join(sorted(used)), encoding="utf-8")
        os.replace(tmp, folder / self.variant)
        now = time.time_ns()  # the order of variants (file times may be coarser than builds)
        os.utime(folder / self.variant, ns=(now, now))
        others = []
        for record in folder.iterdir():
            if record.name != self.variant and not record.name.startswith("."):
                with contextlib.suppress(OSError):
                    others.append((record.stat().st_mtime_ns, record.name, record))
        keep: set[str] = set()
        for rank, (_, _, record) in enumerate(sorted(others, reverse=True)):
            if rank < VARIANTS_KEPT - 1:
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    keep.update(record.read_text(encoding="utf-8").split("\n"))
            else:
                record.unlink(missing_ok=True)
        return keep


class _FileLock:
    """An exclusive flock on a file, as a context manager (no-op without fcntl)."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def __enter__(self):
        if fcntl is not None:
            self.fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)  # closing drops the lock
            self.fd = None


def _release(fd: int, lock: Path) -> None:
    with contextlib.suppress(OSError):
        lock.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        os.close(fd)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, (NotADirectoryError, FileExistsError)) or exc.errno == errno.ENOTDIR:
        return "đường dẫn không phải là thư mục"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "không có quyền ghi hoặc ổ đĩa chỉ đọc"
    if exc.errno == errno.ENOSPC:
        return "ổ đĩa đầy"
    return exc.strerror or str(exc)


def place(cached: Path, target: Path) -> None:
    """Copy a cached file into the site (never a hard link: see `Entry.place`)."""
    write_bytes(target, Path(cached).read_bytes())


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
        with open_photo(path, self.settings.max_pixels) as img:
            width, height = upright_size(img)
        digest = hashlib.sha256((file_hash(path) + self.settings.fingerprint()).encode()).hexdigest()[:20]
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

    def entry_of(self, pic: Picture) -> Entry:
        """The cache folder of a picture, encoding it if needed."""
        widths = [v.width for v in pic.variants]
        return self.cache.entry(
            "anh",
            pic.key,
            lambda tmp: encode_variants(self.docs_dir / pic.source, widths, self.settings, tmp),
        )

    def publish(self, site_dir: Path, workers: int | None = None) -> None:
        """Write every planned picture's variants (nothing else: see content/publication.py)."""
        pictures = sorted(self.pictures.values(), key=lambda p: p.source)

        def one(pic: Picture) -> None:
            try:
                entry = self.entry_of(pic)
            except ImageProblem as exc:
                raise ImageProblem(f"{pic.source}: {exc}") from None
            for variant in pic.variants:
                for uri, name in (
                    (variant.webp, f"{variant.width}.webp"),
                    (variant.jpeg, f"{variant.width}.jpg"),
                ):
                    entry.place(name, site_dir / uri)

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


def rewrite_story(
    html: str,
    page_url: str,
    photos: Photos,
    relative: Callable[[str], str],
    sizes: str,
    used: set[str] | None = None,
) -> str:
    """Turn each local <img> into <picture> with WebP/JPEG srcsets, intrinsic size and lazy
    loading; links to a local image go to its largest JPEG. Only elements and attributes are
    set (lxml), no HTML is written by hand. Raises ImageProblem naming the image. The photos
    it planned are added to `used`."""
    used = set() if used is None else used
    if not may_show_photos(html, page_url, photos):
        return html  # most pages: no local image, no parse
    root = fragments.parse(html)
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
        used.add(uri)
        picture = lxml_html.Element("picture")
        lxml_html.etree.SubElement(
            picture, "source", type="image/webp", sizes=sizes, srcset=srcset(pic, "webp", relative)
        )
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
            used.add(uri)
            changed = True
    if not changed:
        return html
    return fragments.serialize(root)


def may_show_photos(html: str, page_url: str, photos: Photos) -> bool:
    """Whether a story's HTML may point at one of the site's photos (else nothing to rewrite)."""
    return any(resolve(ref, page_url) in photos.images for ref in _REFS.findall(html))


def srcset(pic: Picture, kind: str, relative: Callable[[str], str]) -> str:
    return ", ".join(f"{relative(getattr(v, kind))} {v.width}w" for v in pic.variants)


def resized_copy(source: Path, target: Path, max_side: int) -> None:
    """A JPEG no larger than max_side, upright, sRGB and without metadata (yearbook photos,
    cover): no EXIF, XMP, ICC profile or JPEG comment of the original survives."""
    with Image.open(source) as img:
        if img.format == "JPEG":
            img.draft("RGB", (max_side, max_side))  # decode at reduced scale: much faster
        upright = to_srgb(img)
        upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        if upright.mode == "RGBA":
            flat = Image.new("RGB", upright.size, "white")
            flat.paste(upright, mask=upright.getchannel("A"))
            upright = flat
        save_clean(upright.convert("RGB"), target, "JPEG", quality=82, optimize=True)
