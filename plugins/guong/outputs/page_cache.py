"""The page cache: a page the plugin owns is rendered through the theme only when something
its HTML depends on changed; otherwise its last output is placed from the cache.

Rendering Material's `base.html` (nav, header, footer, our blocks) is most of a warm build's
time, and MkDocs renders every page on every build. The key of a page is a fingerprint of
everything the render can see:

- the *build* part, computed once: our package's code and templates, the versions of MkDocs,
  Material and Jinja, the files of the site's own theme folders (`custom_dir`), the bytes of
  mkdocs.yml with the values the plugin derives from it, the nav, and the catalog-wide facts
  templates read (terms, campaigns, exhibition links);
- the *page* part: its URL, title, meta, rendered content and table of contents, neighbours
  in the nav, and the view model handed to our templates (frozen dataclasses, walked field by
  field; a profile's photo adds its content hash, since templates ask for its variants).

A value the walker does not know makes the page uncacheable (it is rendered as before), so
an unknown input can cost time but never serve a stale page. The converted Markdown is
part of the key; MkDocs converts it again only when it may differ (adapter/markdown_memo.py
re-checks each stored conversion's link lookups). The entries live in the verified cache
(`images.Cache`, kind ``trang``), so a damaged entry is rendered again, never published.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from ..content.model import Campaign, Profile
from .images import Cache

KIND = "trang"
OUTPUT = "page.html"
VERSION = b"guong-page-cache-1"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
_CODE_SUFFIXES = {".py", ".html", ".xml", ".j2", ".txt", ".json"}


# Fields no template prints: a story is rendered into its own page's content (part of every
# key), so editing one story re-renders that page, not every list that shows its card.
# tests/test_page_cache.py checks that no template reads them.
NOT_RENDERED: dict[type, frozenset[str]] = {
    Profile: frozenset({"body"}),
    Campaign: frozenset({"body"}),
}


class Unfingerprintable(TypeError):
    """A value whose content the walker cannot vouch for: the page is rendered, not cached."""


class Fingerprint:
    """Stable digests of plain values and frozen dataclasses, the same in every process.

    Frozen dataclasses are remembered by identity (with a reference, so the id cannot be
    reused during the build): a profile shown on forty list pages is walked once.
    `extra(obj)` may add facts a value stands for (a photo's content hash for a profile).
    Values are written as tagged, length-prefixed bytes, so no two values share an encoding.
    """

    def __init__(self, extra: Callable[[Any], Any] | None = None):
        self.extra = extra
        self._memo: dict[int, tuple[Any, bytes]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}

    def digest(self, value: Any) -> str:
        out: list[bytes] = [VERSION]
        self._feed(out, value)
        return hashlib.sha256(b"".join(out)).hexdigest()

    def _feed(self, out: list[bytes], value: Any) -> None:
        t = type(value)
        if t is str:
            data = value.encode("utf-8", "surrogatepass")
            out.append(b"s%d:" % len(data))
            out.append(data)
        elif t is tuple or t is list:
            out.append(b"[%d" % len(value))
            for item in value:
                if type(item) is str:  # most items: the same bytes as the branch above, inline
                    data = item.encode("utf-8", "surrogatepass")
                    out.append(b"s%d:" % len(data))
                    out.append(data)
                else:
                    self._feed(out, item)
            out.append(b"]")
        elif value is None or t is bool or t is int or t is float:
            out.append(f"{t.__name__}:{value!r};".encode())
        elif hasattr(t, "__dataclass_fields__"):
            out.append(self._dataclass(value))
        elif isinstance(value, str):  # Markup: the text is what the template prints
            self._feed(out, str(value))
        elif isinstance(value, dict):
            items = sorted(((self.digest(k), v) for k, v in value.items()), key=lambda kv: kv[0])
            out.append(b"{%d" % len(items))
            for key, item in items:
                out.append(key.encode())
                self._feed(out, item)
            out.append(b"}")
        elif isinstance(value, bytes):
            out.append(b"b%d:" % len(value))
            out.append(value)
        elif isinstance(value, enum.Enum):
            out.append(f"enum:{t.__qualname__}.{value.name};".encode())
        elif isinstance(value, datetime | date):
            out.append(f"{t.__name__}:{value.isoformat()};".encode())
        elif isinstance(value, Path):
            out.append(b"path:")
            self._feed(out, value.as_posix())
        elif isinstance(value, list | tuple):  # named tuples and other subclasses
            self._feed(out, list(value))
        elif isinstance(value, set | frozenset):
            out.append(b"set:" + ",".join(sorted(self.digest(v) for v in value)).encode() + b";")
        else:
            raise Unfingerprintable(f"{t.__module__}.{t.__qualname__}")

    def _dataclass(self, value: Any) -> bytes:
        t = type(value)
        if isinstance(value, type):
            raise Unfingerprintable(f"class {t.__qualname__}")
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        names = self._fields.get(t)
        if names is None:
            skipped = NOT_RENDERED.get(t, frozenset())
            # private caches (e.g. a directory's computed links) and NOT_RENDERED are left out
            names = tuple(
                f.name
                for f in dataclasses.fields(value)
                if not f.name.startswith("_") and f.name not in skipped
            )
            self._fields[t] = names
        out = [f"dc:{t.__module__}.{t.__qualname__}".encode()]
        for name in names:
            out.append(name.encode() + b"=")
            item = getattr(value, name)
            if type(item) is str:  # most fields: the same bytes as _feed's first branch, inline
                data = item.encode("utf-8", "surrogatepass")
                out.append(b"s%d:" % len(data))
                out.append(data)
            else:
                self._feed(out, item)
        if self.extra is not None and (more := self.extra(value)) is not None:
            out.append(b"+")
            self._feed(out, more)
        digest = hashlib.sha256(b"".join(out)).digest()
        if t.__dataclass_params__.frozen:
            self._memo[id(value)] = (value, digest)
        return digest


def file_digest(paths: Iterable[Path], root: Path) -> str:
    """Names and bytes of files under root (the code and templates a render runs)."""
    h = hashlib.sha256()
    for path in sorted(paths):
        data = path.read_bytes()
        h.update(path.relative_to(root).as_posix().encode() + b"\0%d\0" % len(data) + data)
    return h.hexdigest()


def code_digest() -> str:
    """Our package's Python and templates, and the versions of what renders the page."""
    files = (p for p in PACKAGE_DIR.rglob("*") if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts)
    versions = []
    for dist in ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "feedgen", "lxml"):
        try:
            versions.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist}=?")
    return hashlib.sha256((file_digest(files, PACKAGE_DIR) + ";".join(versions)).encode()).hexdigest()


def folder_digest(folder: Path) -> str:
    """Every file of a site's own theme folder (`custom_dir`); it is small."""
    if not folder.is_dir():
        return "-"
    return file_digest((p for p in folder.rglob("*") if p.is_file()), folder)


class PageCache:
    """Lookup and store of rendered pages by key, with counts for the build log."""

    def __init__(self, cache: Cache, build_key: str):
        self.cache = cache
        self.build_key = build_key
        self.reused = 0
        self.rendered = 0
        self.uncacheable = 0
        self.disabled = False  # a catalog-wide fact could not be fingerprinted: render all

    def key(self, fingerprint: Fingerprint, page_facts: Any) -> str | None:
        """The page's key, or None when part of it cannot be fingerprinted."""
        try:
            page = fingerprint.digest(page_facts)
        except Unfingerprintable:
            self.uncacheable += 1
            return None
        return hashlib.sha256(f"{self.build_key}:{page}".encode()).hexdigest()[:40]

    def has(self, key: str) -> bool:
        """Is there an entry (not yet verified: `get` does that, when the page is written)?"""
        return self.cache.has(KIND, key, OUTPUT)

    def get(self, key: str) -> str | None:
        entry = self.cache.lookup(KIND, key, check=lambda files: OUTPUT in files)
        if entry is None:
            return None
        try:
            text = entry.data(OUTPUT).decode("utf-8")
        except UnicodeDecodeError:
            return None
        self.reused += 1
        return text

    def put(self, key: str, output: str) -> None:
        data = output.encode("utf-8", "surrogatepass")
        self.cache.entry(KIND, key, lambda tmp: (tmp / OUTPUT).write_bytes(data))
        self.rendered += 1

    def prune(self) -> None:
        """Drop entries no page of this build used (only when no other build is running)."""
        self.cache.prune(KIND)


def config_digest(config_file: str | None, derived: dict[str, Any]) -> str:
    """mkdocs.yml's bytes (what staff wrote) and the values derived from it at build time."""
    h = hashlib.sha256()
    if config_file and Path(config_file).is_file():
        h.update(Path(config_file).read_bytes())
    h.update(json.dumps(derived, sort_keys=True, default=str, ensure_ascii=False).encode())
    return h.hexdigest()
