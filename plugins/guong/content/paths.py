"""Paths written by staff stay inside the content folder.

A profile names its photo, audio and story images relative to itself. Absolute paths, `..`
that climbs out of `content/`, and symlinks that lead outside are refused: the build reads
and publishes nothing from elsewhere on the machine (`/etc/passwd`, someone's home folder),
and never writes next to such a file.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_WINDOWS_DRIVE = re.compile(r"[a-z]:[\\/]", re.IGNORECASE)


class PathProblem(ValueError):
    """A path that is not allowed; the message is Vietnamese and names the path."""


def is_external(ref: str) -> bool:
    """A URL with a scheme (https:, mailto:, data:) or a protocol-relative `//host/...`."""
    return bool(_SCHEME.match(ref)) or ref.startswith("//")


def resolve_local(docs_dir: Path, from_rel: str, ref: str) -> str:
    """The docs-relative path of `ref`, written in the file `from_rel` (docs-relative).

    Raises PathProblem when the path is absolute, climbs out of the content folder, or is
    (or passes through) a symlink that leads outside it. Existence is not checked here.
    """
    if not ref or ref.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(ref) or "\x00" in ref:
        raise PathProblem(
            f"'{ref}' là đường dẫn tuyệt đối; hãy ghi đường dẫn tính từ thư mục của tệp này "
            "(ví dụ anh/ten-anh.jpg), tệp phải nằm trong thư mục nội dung"
        )
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), ref.replace("\\", "/")))
    if joined == ".." or joined.startswith("../") or joined == ".":
        raise PathProblem(f"'{ref}' trỏ ra ngoài thư mục nội dung; tệp phải nằm trong content/")
    root = Path(os.path.realpath(docs_dir))
    real = Path(os.path.realpath(Path(docs_dir) / joined))
    if real != root and not real.is_relative_to(root):
        raise PathProblem(
            f"'{ref}' là liên kết tượng trưng (symlink) dẫn ra ngoài thư mục nội dung; "
            "hãy chép tệp thật vào content/"
        )
    return joined


def local_ref(ref: str) -> str | None:
    """A link target as a file path (query, fragment and %-escapes removed), or None when it
    is not a local file: external URLs, site-absolute URLs, anchors, page links."""
    ref = ref.strip()
    if not ref or is_external(ref) or ref.startswith(("#", "/")):
        return None
    path = unquote(ref.split("#", 1)[0].split("?", 1)[0])
    if not path or path.endswith("/") or path.lower().endswith(".md"):
        return None
    if not posixpath.splitext(posixpath.basename(path))[1]:
        return None  # a directory URL such as ../other-page
    return path
