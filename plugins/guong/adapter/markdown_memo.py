"""Markdown converted once: a page whose Markdown, links and settings did not change gets
what MkDocs' `Page.render` left last time (content, table of contents, title, anchors)
instead of a new conversion with every extension.

Conversion is where MkDocs checks links between pages, so an entry also records every
lookup the conversion made in the file list (`files.get_file_from_path`) and what it found:
on the next build each lookup is made again, and a target that is gone, moved or now
excluded means the page is converted again, with MkDocs' own warning. A conversion that
logged anything (a broken link, an absolute link) is never stored, so its message comes on
every build. Anchor links are checked after all pages are read, as before, from the stored
links. Only the Markdown extensions known to read nothing but the text are memoised
(`pure_extension`); with any other, every page is converted as before. Entries live in the
verified cache (`images.Cache`, kind ``md``), so a damaged entry is converted again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import types
from importlib import metadata
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..outputs import images
from . import framework

KIND = "md"
ENTRY = "render.json"
VERSION = "guong-markdown-memo-1"
_BUILTIN = {
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "extra",
    "fenced_code",
    "footnotes",
    "legacy_attrs",
    "legacy_em",
    "md_in_html",
    "meta",
    "nl2br",
    "sane_lists",
    "smarty",
    "tables",
    "toc",
    "wikilinks",
}
# pymdownx.snippets and pymdownx.b64 read files beside the text: never memoised
_IMPURE = {"pymdownx.snippets", "pymdownx.b64"}


def pure_extension(name: Any) -> bool:
    """An extension whose output depends only on the text, its options and its version."""
    if not isinstance(name, str):
        return False  # an Extension object a plugin added: its state is unknown
    if name in _BUILTIN or name.removeprefix("markdown.extensions.") in _BUILTIN:
        return True
    return name.startswith("pymdownx.") and name not in _IMPURE


def _named(value: Any) -> str:
    """Functions and classes in extension options (toc's slugify) by their dotted name."""
    name = getattr(value, "__qualname__", None)
    if name is None or "<" in name:  # a lambda or a local function: no stable name
        raise TypeError(f"không đặt tên được: {value!r}")
    return f"{value.__module__}.{name}"


def settings_digest(config: MkDocsConfig, code: str) -> str | None:
    """What every conversion of this build shares, or None when memoising is off. `code` is
    the build's code digest, which names the running framework too (Run in build.py)."""
    extensions = list(config.markdown_extensions)
    if not all(pure_extension(e) for e in extensions):
        return None
    versions = []
    for dist in ("mkdocs", "markdown", "pymdown-extensions", "pygments"):
        try:
            versions.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist}=?")
    validation = config.validation.links
    try:
        options = json.dumps(config.mdx_configs or {}, sort_keys=True, default=_named, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    facts = [
        VERSION,
        code,
        *versions,  # the running framework (MkDocs or ProperDocs) comes with `code`
        json.dumps(extensions),
        options,
        str(config.use_directory_urls),
        repr(
            (
                validation.not_found,
                validation.absolute_links,
                validation.unrecognized_links,
                validation.anchors,
            )
        ),
        str(framework.logger().getEffectiveLevel()),
    ]
    return hashlib.sha256("\0".join(facts).encode("utf-8", "surrogatepass")).hexdigest()


class _Recording:
    """The file list as the conversion sees it, noting each lookup and what it found."""

    def __init__(self, files: Files):
        self._files = files
        self.lookups: dict[str, list | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.lookups[path] = _target(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


def _target(file: File | None) -> list | None:
    """What a link to a file turns into: its URL, and whether it is left out of the site."""
    return None if file is None else [file.src_uri, file.url, bool(file.inclusion.is_excluded())]


def lookups_hold(lookups: dict[str, list | None], files: Files) -> bool:
    """Does every lookup a conversion made still find what it found then?"""
    return all(_target(files.get_file_from_path(path)) == found for path, found in lookups.items())


class _Messages(logging.Handler):
    """Counts what this thread logs while a page is converted (such a conversion is not
    stored); `mkdocs serve` logs requests from other threads meanwhile."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.thread = threading.get_ident()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.count += 1


def _toc_tokens(links: Any) -> list[dict]:
    return [
        {"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in links
    ]


class MarkdownMemo:
    """This build's memo of conversions, keyed by the shared settings and each page's text."""

    def __init__(self, cache: images.Cache, settings: str | None):
        self.cache = cache
        self.settings = settings
        self.converted = 0
        self.reused = 0
        # src_uri -> the lookups of a conversion stored or restored this build (placed_pages.py
        # saves them with the page); a page without Markdown made none
        self.lookups: dict[str, dict[str, list | None]] = {}

    @property
    def enabled(self) -> bool:
        return self.settings is not None

    def install(self, page: Page) -> None:
        """Make the page's `render` go through the memo (MkDocs calls it after reading)."""
        if self.enabled:
            page.render = types.MethodType(self._render, page)  # type: ignore[method-assign]

    def _key(self, page: Page) -> str:
        file = page.file
        facts = [
            self.settings or "",
            file.src_uri,
            file.dest_uri,
            file.url,
            str(bool(file.inclusion.is_excluded())),
            page.markdown or "",
        ]
        return hashlib.sha256("\0".join(facts).encode("utf-8", "surrogatepass")).hexdigest()[:40]

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        key = self._key(page)
        if self._restore(page, key, files):
            self.reused += 1
            return
        recording = _Recording(files)
        messages = _Messages()
        loggers = [framework.logger(), logging.getLogger()]
        for logger in loggers:
            logger.addHandler(messages)
        try:
            Page.render(page, config, recording)  # type: ignore[arg-type]
        finally:
            for logger in loggers:
                logger.removeHandler(messages)
        self.converted += 1
        if messages.count == 0:
            self._store(page, key, recording.lookups)
            self.lookups[page.file.src_uri] = recording.lookups

    def keep(self, page: Page) -> None:
        """Keep the stored conversion of a page that is not read this build (placed_pages.py)."""
        self.cache.keep(KIND, self._key(page))

    def _store(self, page: Page, key: str, lookups: dict[str, list | None]) -> None:
        anchors = page.links_to_anchors
        record = {
            "content": page.content,
            "toc": _toc_tokens(page.toc),
            "title": page._title_from_render,
            "present": sorted(page.present_anchor_ids or ()),
            # in document order, as the conversion found them (the order of anchor warnings)
            "anchors": None
            if anchors is None
            else {target.src_uri: links for target, links in anchors.items()},
            "lookups": lookups,
        }
        data = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
        self.cache.entry(KIND, key, lambda tmp: (tmp / ENTRY).write_bytes(data))

    def _restore(self, page: Page, key: str, files: Files) -> bool:
        if not self.cache.has(KIND, key, ENTRY):
            return False
        entry = self.cache.lookup(KIND, key, check=lambda found: ENTRY in found)
        if entry is None:
            return False
        try:
            record = json.loads(entry.data(ENTRY).decode("utf-8"))
            lookups: dict[str, list | None] = record["lookups"]
            if not lookups_hold(lookups, files):
                self.cache.discard(KIND, key)  # so this build's conversion can be stored
                return False  # a link's target is gone, moved or excluded: MkDocs checks it
            anchors = record["anchors"]
            links: dict[File, dict[str, str]] | None = None
            if anchors is not None:
                links = {}
                for src_uri, by_anchor in anchors.items():
                    target = files.get_file_from_path(src_uri)
                    if target is None:
                        return False
                    links[target] = dict(by_anchor)
            content, title = record["content"], record["title"]
            toc = get_toc(record["toc"])
            present = set(record["present"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return False
        if not isinstance(content, str) or not (title is None or isinstance(title, str)):
            return False
        page.content = content
        page.toc = toc
        page._title_from_render = title
        page.present_anchor_ids = present
        if links is not None:
            page.links_to_anchors = links
        self.lookups[page.file.src_uri] = lookups
        return True

    def prune(self) -> None:
        """Drop conversions no page of this build used (only when no other build is running)."""
        self.cache.prune(KIND)

    def summary(self) -> str:
        return f"Markdown: chuyển {self.converted} trang, dùng lại {self.reused} từ bộ nhớ đệm"
