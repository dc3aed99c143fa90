"""What a build publishes from `content/`: an allowlist, never a copy of the folder.

MkDocs copies every file of `docs_dir` that is not a page into the site: editor backups with
their whole `private:` block, a scan of an ID card, stray HTML and SVG that run scripts on the
site's origin. Here the core decides, from the published pages alone, which files go out:

- photos that published profiles (`image`) and stories show: through the photo pipeline,
  never as the original;
- audio of published profiles (`audio`), for the podcast;
- attachments of an allowed type (PDF, office documents) that a published story links to.

Everything else is left out, each file with a reason that the build log (INFO) and
`guong check` report. References that cannot be honoured safely (SVG, HTML or scripts, paths
leaving the content folder) are content errors naming the file and key.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import PathProblem, local_ref, resolve_local

RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"})
AUDIO_SUFFIXES = frozenset({".mp3", ".m4a"})
ATTACHMENT_SUFFIXES = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
        ".csv",
        ".txt",
        ".mp3",
        ".m4a",
    }
)
# Active content: would run scripts on the site's origin, or is the site's own machinery.
ACTIVE_SUFFIXES = frozenset(
    {
        ".html",
        ".htm",
        ".xhtml",
        ".shtml",
        ".svg",
        ".svgz",
        ".js",
        ".mjs",
        ".cjs",
        ".wasm",
        ".xml",
        ".xsl",
        ".xslt",
        ".php",
        ".swf",
        ".css",
        ".json",
        ".webmanifest",
        ".appcache",
    }
)
BACKUP_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})
BACKUP_SUFFIXES = frozenset(
    {
        ".bak",
        ".swp",
        ".swo",
        ".swx",
        ".orig",
        ".rej",
        ".tmp",
        ".old",
        ".save",
        ".sav",
        ".backup",
        ".bk",
        ".crdownload",
        ".part",
    }
)
STORY_LINK_KEY = "liên kết trong bài"
STORY_IMAGE_KEY = "ảnh trong bài"

# Markdown inline links and images, reference definitions, and HTML attributes that load
# or link a file. Over-matching (a path inside a code block) only ever adds an allowed file.
_MD_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)")
_MD_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE)
_HTML_ATTR = re.compile(r"""\b(src|href|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_HTML_SRCSET = re.compile(r"""\bsrcset\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)

REASONS = {
    "backup": "bản sao lưu hoặc tệp tạm của trình soạn thảo",
    "active": "loại tệp có thể chạy mã lệnh (HTML, SVG, JavaScript…) không bao giờ được xuất bản",
    "private": "chỉ được nhắc tới trong mục private:",
    "unpublished": "chỉ dùng cho bản nháp hoặc bài hẹn giờ",
    "symlink": "liên kết tượng trưng dẫn ra ngoài thư mục nội dung",
    "unreferenced": "không có trang đã xuất bản nào dẫn tới",
    "type": "loại tệp không thuộc danh sách được xuất bản",
}


@dataclass(frozen=True, order=True)
class Ref:
    """One local file that a page names: `path` is docs-relative; `image` says it is shown."""

    path: str
    written: str
    image: bool


@dataclass(frozen=True, order=True)
class LeftOut:
    path: str
    reason: str  # a key of REASONS

    def __str__(self) -> str:
        return f"{self.path}: {REASONS[self.reason]}"


@dataclass(frozen=True)
class Publication:
    """The allowlist of one build: docs-relative paths, and what was left out and why."""

    photos: frozenset[str] = frozenset()
    audio: frozenset[str] = frozenset()
    attachments: frozenset[str] = frozenset()
    left_out: tuple[LeftOut, ...] = ()

    @property
    def copied(self) -> frozenset[str]:
        """Files published byte for byte (the photos are re-encoded instead)."""
        return self.audio | self.attachments

    def summary(self) -> str:
        """One line for the build log: how many files were left out, by reason."""
        if not self.left_out:
            return "Không bỏ sót tệp nào trong thư mục nội dung."
        counts = Counter(item.reason for item in self.left_out)
        parts = ", ".join(f"{n} tệp {REASONS[r]}" for r, n in sorted(counts.items()))
        return (
            f"Không xuất bản {len(self.left_out)} tệp trong thư mục nội dung ({parts}); "
            "chạy 'guong check' để xem danh sách."
        )


def story_refs(rel: str, text: str) -> Iterator[tuple[str, bool]]:
    """(written target, is an image) for every local file a Markdown/HTML story names.

    Each pattern runs only when the text holds characters every match of it contains: a
    story without links costs a few substring tests instead of four regex scans (those were
    a tenth of `guong check` on 20,000 profiles)."""
    if "](" in text:
        for match in _MD_LINK.finditer(text):
            yield match[2], match[1] == "!"
    if "]:" in text:
        for match in _MD_REFDEF.finditer(text):
            yield match[1], False
    if "=" not in text:
        return
    for match in _HTML_ATTR.finditer(text):
        name = match[1].lower()
        yield (match[2] if match[2] is not None else match[3]), name in ("src", "poster", "data")
    for match in _HTML_SRCSET.finditer(text):
        for candidate in (match[1] if match[1] is not None else match[2]).split(","):
            if candidate.strip():
                yield candidate.split()[0], True


def is_backup(name: str) -> bool:
    lower = name.lower()
    return (
        lower in BACKUP_NAMES
        or lower.endswith("~")
        or lower.startswith((".#", "~$", "#"))
        or posixpath.splitext(lower)[1] in BACKUP_SUFFIXES
        or lower.endswith(".md.bak")
    )


def check_story(docs_dir: Path, rel: str, text: str) -> tuple[list[Ref], list[tuple[str, str]]]:
    """The local files a story uses, and problems (key, message) for those it may not use.

    A missing target is left to MkDocs' own link warning (which `--strict` turns into an
    error); here: paths leaving the folder, active content, types that are never published.
    """
    refs: list[Ref] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for written, image in story_refs(rel, text):
        target = local_ref(written)
        if target is None or written in seen:
            continue
        seen.add(written)
        key = STORY_IMAGE_KEY if image else STORY_LINK_KEY
        try:
            path = resolve_local(docs_dir, rel, target)
        except PathProblem as exc:
            problems.append((key, str(exc)))
            continue
        suffix = posixpath.splitext(path)[1].lower()
        if suffix in ACTIVE_SUFFIXES:
            what = "ảnh SVG" if suffix in (".svg", ".svgz") else f"tệp {suffix}"
            problems.append(
                (
                    key,
                    f"'{written}': {what} có thể chứa mã lệnh nên không được xuất "
                    "bản; hãy dùng ảnh JPEG/PNG hoặc tệp PDF",
                )
            )
            continue
        if not (docs_dir / path).is_file():
            continue
        if suffix not in RASTER_SUFFIXES and suffix not in ATTACHMENT_SUFFIXES:
            allowed = ", ".join(sorted(s[1:] for s in ATTACHMENT_SUFFIXES))
            problems.append(
                (
                    key,
                    f"'{written}': tệp đính kèm loại '{suffix or 'không đuôi'}' "
                    f"không được xuất bản; các loại được phép: {allowed}",
                )
            )
            continue
        refs.append(Ref(path, written, suffix in RASTER_SUFFIXES))
    return refs, problems


def walk(docs_dir: Path) -> Iterator[tuple[str, bool]]:
    """(docs-relative path, is a symlink leading outside) of every file under docs_dir,
    without following symlinked folders (a link to `/` or a loop would never end).

    The order of `os.walk` (top down, names sorted; a folder's symlinked folders, then its
    files, then its subfolders), from `os.scandir` entries: their types come with the
    listing, so 20,000 profiles cost no stat call each (this walk was 3 s of `guong check`)."""
    root = Path(os.path.realpath(docs_dir))
    stack = [(os.fspath(docs_dir), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:  # unreadable: skipped, as os.walk does
            continue
        subfolders: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # follows a symlink, as os.walk's listing does
            except OSError:
                is_dir = False
            (subfolders if is_dir else files).append(entry)
        for entry in subfolders:
            if entry.is_symlink():
                yield unicodedata.normalize("NFC", prefix + entry.name), True
        for entry in files:
            outside = False
            if entry.is_symlink():
                outside = not Path(os.path.realpath(entry.path)).is_relative_to(root)
            yield unicodedata.normalize("NFC", prefix + entry.name), outside
        stack.extend(
            (entry.path, f"{prefix}{entry.name}/") for entry in reversed(subfolders) if not entry.is_symlink()
        )


def private_paths(docs_dir: Path, rel: str, private: Any) -> set[str]:
    """Files named by strings under a profile's `private:`: left out with that reason."""
    found: set[str] = set()
    stack = [private]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and local_ref(value):
            with contextlib.suppress(PathProblem):
                found.add(resolve_local(docs_dir, rel, local_ref(value) or ""))
    return found


def plan(
    docs_dir: Path,
    pages: Iterable[str],
    published: Iterable[Ref],
    unpublished: Iterable[str] = (),
    private: Iterable[str] = (),
    audio: Iterable[str] = (),
) -> Publication:
    """The allowlist from what published pages use; every other file gets a reason.

    `pages` are the Markdown sources that are rendered (never copied); `published` the files
    published pages use; `unpublished` and `private` only label why a file is left out.
    """
    pages = set(pages)
    used = {ref.path: ref for ref in published}
    audio = set(audio)
    photos = {
        p for p, ref in used.items() if ref.image or posixpath.splitext(p)[1].lower() in RASTER_SUFFIXES
    }
    copied = {p for p in used if p not in photos}
    drafts, secret = set(unpublished), set(private)
    left: list[LeftOut] = []
    for rel, outside in walk(docs_dir):
        if outside:
            left.append(LeftOut(rel, "symlink"))
            continue
        name = posixpath.basename(rel)
        suffix = posixpath.splitext(name)[1].lower()
        if rel in used or rel in audio:
            continue
        if rel in pages:
            continue
        if is_backup(name):
            left.append(LeftOut(rel, "backup"))
        elif suffix == ".md" or name.startswith("."):
            continue  # pages MkDocs renders (or hides), never copied
        elif suffix in ACTIVE_SUFFIXES:
            left.append(LeftOut(rel, "active"))
        elif rel in secret:
            left.append(LeftOut(rel, "private"))
        elif rel in drafts:
            left.append(LeftOut(rel, "unpublished"))
        else:
            left.append(LeftOut(rel, "unreferenced"))
    return Publication(
        photos=frozenset(photos),
        audio=frozenset(audio),
        attachments=frozenset(copied - audio),
        left_out=tuple(sorted(left)),
    )
