"""The yearbook as PDF, with WeasyPrint (the optional extra `.[pdf]`).

Why this shape: the PDF must go to a printer and to the press, so every font is embedded
and must cover Vietnamese (checked glyph by glyph, not trusted from a name); the build is
offline, so WeasyPrint may only read files from the built site and the chosen font files.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import shutil
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..forking import can_fork, cores
from .fonts import fontconfig, missing_glyphs

if TYPE_CHECKING:
    from .images import Cache

PDF_HINT = 'pip install -e ".[pdf]"'
# Virtual roots: the PDF never holds this machine's paths, so it is the same on every machine.
SITE_ROOT = "file:///guong-site/"
FONT_ROOT = "file:///guong-fonts/"
FAMILIES = ("Noto Serif", "DejaVu Serif", "Noto Sans", "DejaVu Sans")
FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)
# (weight, style, fontconfig pattern) of the four faces a book uses.
FACES = (
    (400, "normal", "weight=regular:slant=roman"),
    (700, "normal", "weight=bold:slant=roman"),
    (400, "italic", "weight=regular:slant=italic"),
    (700, "italic", "weight=bold:slant=italic"),
)
_FILE_NAMES = {  # when fontconfig's command line tools are missing
    "Noto Serif": ("NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-BoldItalic"),
    "DejaVu Serif": ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"),
    "Noto Sans": ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic"),
    "DejaVu Sans": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
}


class FontError(Exception):
    """No font with full Vietnamese coverage; the message is for staff, in Vietnamese."""


@dataclass(frozen=True)
class Face:
    path: Path
    weight: int
    style: str

    @property
    def url(self) -> str:
        return f"{FONT_ROOT}{self.weight}-{self.style}/{self.path.name}"


@dataclass(frozen=True)
class FontSet:
    family: str
    faces: tuple[Face, ...]

    @property
    def files(self) -> dict[str, Path]:
        return {f.url: f.path for f in self.faces}


def weasyprint_problem() -> str | None:
    """Why WeasyPrint cannot be used here, or None when it can."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return f"chưa cài gói bổ sung PDF (WeasyPrint); cài bằng: {PDF_HINT}"
    except OSError as exc:  # WeasyPrint is there but Pango is not
        return f"WeasyPrint không chạy được ({exc}); cần thư viện hệ thống Pango (gói libpango-1.0-0)"
    return None


def _fc_list(family: str, pattern: str) -> Path | None:
    out = fontconfig("fc-list", "-f", "%{file}\n", f"{family}:{pattern}:width=100")
    files = sorted(line for line in out.splitlines() if line.strip())
    return Path(files[0]) if files else None


def _by_file_name(name: str) -> Path | None:
    for folder in FONT_DIRS:
        if folder.is_dir():
            for found in sorted(folder.rglob(f"{name}.[ot]tf")):
                return found
    return None


def _family_faces(family: str) -> list[Face]:
    faces = []
    names = _FILE_NAMES.get(family)
    for i, (weight, style, pattern) in enumerate(FACES):
        path = _fc_list(family, pattern)
        if path is None and names:
            path = _by_file_name(names[i])
        if path is not None and not missing_glyphs(path):
            faces.append(Face(path, weight, style))
    return faces


def find_fonts(configured: str | None = None, config_dir: Path | None = None) -> FontSet:
    """The book's font: `configured` (a family name or a font file), else Noto or DejaVu.

    Raises FontError naming what was tried when nothing covers Vietnamese.
    """
    if configured:
        candidate = Path(configured)
        if config_dir is not None and not candidate.is_absolute():
            candidate = config_dir / candidate
        if candidate.suffix.lower() in (".ttf", ".otf"):
            if not candidate.is_file():
                raise FontError(
                    f"không tìm thấy tệp phông chữ '{configured}' (khóa yearbook.font trong mkdocs.yml)"
                )
            lacking = missing_glyphs(candidate)
            if lacking:
                raise FontError(
                    f"phông chữ '{configured}' thiếu chữ tiếng Việt: {lacking[:20]}…; "
                    "chọn phông khác, ví dụ Noto Serif"
                )
            return FontSet("GuongBook", (Face(candidate.resolve(), 400, "normal"),))
        families: tuple[str, ...] = (configured,)
    else:
        families = FAMILIES
    for family in families:
        faces = _family_faces(family)
        if faces and faces[0].weight == 400 and faces[0].style == "normal":
            return FontSet("GuongBook", tuple(faces))
    raise FontError(
        f"không tìm thấy phông chữ đủ dấu tiếng Việt để in kỷ yếu PDF (đã thử: {', '.join(families)}). "
        "Cài gói fonts-noto-core hoặc fonts-dejavu-core (Debian/Ubuntu), hoặc khai báo "
        "yearbook.font là tên phông hay đường dẫn tệp .ttf/.otf trong mkdocs.yml"
    )


# --- rendering --------------------------------------------------------------------------


def _local_path(url: str, site_dir: Path, fonts: dict[str, Path]) -> Path:
    """The file behind a URL of the virtual site or font roots; anything else is refused."""
    url = url.split("#")[0].split("?")[0]
    if url in fonts:
        return fonts[url]
    if not url.startswith(SITE_ROOT):
        raise ValueError(f"kỷ yếu PDF chỉ dùng tệp của trang, không tải: {url}")
    path = (site_dir / unquote(url[len(SITE_ROOT) :])).resolve()
    if path.is_relative_to(site_dir) and path.is_file():
        return path
    raise ValueError(f"không có tệp {url[len(SITE_ROOT) :]} trong thư mục trang")


def _fetcher(site_dir: Path, fonts: dict[str, Path]):
    """A URL fetcher that serves only files of the built site and the chosen fonts."""
    import mimetypes

    from weasyprint import urls

    site_dir = site_dir.resolve()

    def mime(path: Path) -> str:
        return mimetypes.guess_type(path.name)[0] or "application/octet-stream"

    if hasattr(urls, "URLFetcher"):  # WeasyPrint ≥ 68

        class LocalFetcher(urls.URLFetcher):
            def fetch(self, url, headers=None):
                path = _local_path(url, site_dir, fonts)
                return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime(path)})

        return LocalFetcher()

    def fetch(url):  # older WeasyPrint: a function returning a dict
        path = _local_path(url, site_dir, fonts)
        return {"string": path.read_bytes(), "mime_type": mime(path), "redirected_url": url}

    return fetch


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())


def render(html: str, site_dir: Path, target: Path, fonts: FontSet) -> list[str]:
    """Write the PDF of one book; return WeasyPrint's complaints (missing files etc.)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    loggers = [logging.getLogger(n) for n in ("weasyprint", "fontTools")]
    saved = [(lg.propagate, lg.level) for lg in loggers]
    collect = _Collect()
    loggers[0].addHandler(collect)
    for lg in loggers:
        lg.propagate = False
    loggers[1].setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(
            string=html, base_url=SITE_ROOT, url_fetcher=_fetcher(site_dir, fonts.files)
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(target, font_config=FontConfiguration(), pdf_identifier=True)
    finally:
        loggers[0].removeHandler(collect)
        for lg, (propagate, level) in zip(loggers, saved, strict=False):
            lg.propagate, lg.level = propagate, level
    return collect.messages


def pdf_complete(files: dict[str, bytes]) -> bool:
    """A cached PDF is whole: it starts with %PDF- and ends with %%EOF (a truncated file, the
    usual damage, fails the end test even before its hash is compared)."""
    data = files.get(CACHED_NAME, b"")
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


CACHED_NAME = "book.pdf"


def cache_name(html: str, fonts: FontSet, resources: Iterable[Path], key: str) -> str:
    """The cache entry of a book: its HTML, WeasyPrint's version, the fonts (path, size,
    mtime) and the bytes of the files the HTML uses (hashed in 1 MB chunks, never read whole
    into memory). About 0.1 s for a book of 500 photos."""
    import weasyprint

    digest = hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode())
    for face in fonts.faces:
        stat = face.path.stat()
        digest.update(f"{face.path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for path in sorted(set(resources)):
        digest.update(path.name.encode())
        if path.is_file():
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        else:
            digest.update(b"-")
    return f"{key}@{digest.hexdigest()[:32]}"


def render_cached(
    html: str,
    site_dir: Path,
    target: Path,
    fonts: FontSet,
    cache: Cache | Path | None,
    resources: Iterable[Path],
    key: str,
) -> list[str]:
    """`render`, skipped when the same HTML, files and fonts made a PDF before: a book of 500
    profiles takes about a minute, and `mkdocs serve` rebuilds on every save.

    The PDF is kept in the shared cache (`images.Cache`, kind `pdf`): written under a
    temporary name and renamed, its hash checked on reuse with its `%%EOF`, a damaged copy
    re-rendered, never published. `cache` may be a folder (a cache of its own)."""
    return render_books([Job(html, target, tuple(resources), key)], site_dir, fonts, cache, workers=1)[0]


@dataclass(frozen=True)
class Job:
    """One book to print: its HTML, where the PDF goes, the files it uses, its cache key."""

    html: str
    target: Path
    resources: tuple[Path, ...]
    key: str


def _render_job(args: tuple[Job, Path, FontSet]) -> list[str]:
    job, site_dir, fonts = args
    return render(job.html, site_dir, job.target, fonts)


def _copier(source: Path):
    return lambda tmp: shutil.copyfile(source, tmp / CACHED_NAME)


def render_books(
    jobs: list[Job],
    site_dir: Path,
    fonts: FontSet,
    cache: Cache | Path | None,
    workers: int | None = None,
) -> list[list[str]]:
    """Every book's PDF, each book's complaints in the order given. Books found in the cache
    are copied; the others are rendered in forked processes when there are two or more
    (WeasyPrint is pure Python: threads would share one core). A PDF's bytes depend only on
    its book, never on the worker or the order."""
    if cache is not None:
        from .images import Cache

        if not isinstance(cache, Cache):
            cache = Cache(Path(cache))
    results: list[list[str] | None] = [None] * len(jobs)
    names: list[str] = []
    todo: list[int] = []
    for n, job in enumerate(jobs):
        job.target.parent.mkdir(parents=True, exist_ok=True)
        if cache is None:
            names.append("")
            todo.append(n)
            continue
        names.append(cache_name(job.html, fonts, job.resources, job.key))
        found = cache.lookup("pdf", names[n], check=pdf_complete)
        if found is not None:
            found.place(CACHED_NAME, job.target)
            results[n] = []
        else:
            todo.append(n)
    workers = min(len(todo), workers or cores())
    args = [(jobs[n], site_dir, fonts) for n in todo]
    if workers > 1 and can_fork():  # guong/forking.py: never with other threads alive
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            rendered = list(pool.map(_render_job, args))
    else:
        rendered = [_render_job(a) for a in args]
    for n, messages in zip(todo, rendered, strict=True):
        results[n] = messages
        if cache is not None and not messages:
            cache.entry("pdf", names[n], _copier(jobs[n].target), check=pdf_complete)
    if cache is not None:
        for job in jobs:
            cache.prune("pdf", prefix=f"{job.key}@")
    return [r or [] for r in results]
