"""Atomic publishing: a build writes into a staging folder and replaces the site in one step.

MkDocs empties `site_dir` before writing and raises its strict-mode abort only after the last
plugin event, so any failure late in a build (a feed writer, a PDF, a broken link under
`--strict`, a kill) used to leave a half-written site. Here every build writes into a fresh
folder next to `site_dir` (same file system, so a rename can swap them) and `commit()` swaps
it in only when everything succeeded; anything else leaves the previous site byte-identical.

The swap is `renameat2(RENAME_EXCHANGE)` on Linux: one system call, the site is never
missing. Elsewhere it is two renames, with the site absent for a moment in between.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import sys
import threading
from pathlib import Path

STAGING_MARK = ".guong-staging-"
OLD_MARK = ".guong-old-"
SERVE_PREFIX = "mkdocs_"  # mkdocs serve's temporary site folders (tempfile.mkdtemp(prefix=...))
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class StagingError(Exception):
    """The site could not be replaced; the message is Vietnamese."""


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # old kernel or a file system without exchange
    raise OSError(code, os.strerror(code), str(b))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Staging:
    """One build's staging folder for `target` (the configured site_dir)."""

    def __init__(self, target: Path | str):
        self.target = Path(os.path.abspath(target))
        token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.folder = self.target.parent / f".{self.target.name}{STAGING_MARK}{token}"
        self._old = self.target.parent / f".{self.target.name}{OLD_MARK}{token}"
        self.removal: threading.Thread | None = None  # commit(background=True) deleting the old site

    def begin(self) -> Path:
        """Create the empty staging folder, after clearing what killed builds left behind."""
        if self.target.exists() and not self.target.is_dir():
            raise StagingError(f"'{self.target}' (site_dir) không phải là thư mục")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.clear_stale()
        self.folder.mkdir()
        return self.folder

    def clear_stale(self) -> None:
        """Remove staging and old folders of builds whose process is gone (killed builds).
        `mkdocs serve` builds into a new temporary folder named mkdocs_* each session, so
        for one of those, what killed serve sessions left beside theirs goes too."""
        serve = self.target.name.startswith(SERVE_PREFIX)
        own = f".{self.target.name}"
        for child in self.target.parent.iterdir():
            name = child.name
            if name.startswith(own):
                rest = name[len(own) :]
            elif serve and name.startswith(f".{SERVE_PREFIX}") and "." in name[1:]:
                rest = name[name.index(".", 1) :]  # .mkdocs_<random> then the mark
            else:
                continue
            for mark in (STAGING_MARK, OLD_MARK):
                if rest.startswith(mark):
                    pid = rest[len(mark) :].split("-", 1)[0]
                    if pid.isdigit() and not _pid_alive(int(pid)):
                        shutil.rmtree(child, ignore_errors=True)

    def commit(self, background: bool = False) -> None:
        """Put the staged site in place of the old one, then delete the old one: right away,
        or with `background` (a long-lived `mkdocs serve`) in a thread, so the browser
        reloads without waiting for thousands of unlinks."""
        old = self._old
        try:
            if self.target.is_dir() and _exchange(self.folder, self.target):
                old = self.folder  # it now holds the old site
            else:
                if self.target.exists():
                    os.replace(self.target, self._old)
                os.replace(self.folder, self.target)
        except OSError as exc:
            if self._old.exists() and not self.target.exists():
                os.replace(self._old, self.target)  # put the previous site back
            self.abort()
            raise StagingError(
                f"không thay được thư mục trang '{self.target}' ({exc.strerror or exc}); "
                "trang đã xuất bản lần trước vẫn giữ nguyên"
            ) from None
        if not background:
            shutil.rmtree(old, ignore_errors=True)
            return
        if old == self.folder:  # named as an old site, so a later build never mistakes it
            try:
                os.replace(self.folder, self._old)
                old = self._old
            except OSError:
                pass
        # not a daemon: when serve stops, Python waits for it rather than leave the copy in /tmp
        self.removal = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True})
        self.removal.start()

    def abort(self) -> None:
        """Drop the staged files: the previous site stays exactly as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)
