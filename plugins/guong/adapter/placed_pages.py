"""Pages MkDocs does not read at all: an unchanged page the plugin owns is written from
the cache before MkDocs' page loops, which then pass it by.

The page cache (cached_pages.py) spares an unchanged page the theme's render, but MkDocs
still reads every page, runs every page event on it and writes it. For a page outside the
nav, everything its output depends on is known before the read loop (its Markdown, meta,
view model and the build key), so an *early key* can name an entry saved when the page was
last written: its output, the link lookups its conversion made, the photos its story shows,
its anchors, its story HTML (for feeds and yearbooks) and its entries in Material's search
index. When every lookup finds the same target and every photo has the same content, the
verified output is written into the build's folder, the page's `File` becomes a
`PlacedPage` (a static file to MkDocs, with nothing to copy), and what the loops would have
collected is restored: the story HTML (through `restore`), the anchors that links from
other pages are checked against, the search entries (spliced in page order before the
search plugin writes its index) and the sitemap row (our sitemap.xml lists placed pages,
`sitemap_files`).

Left to the loops: pages in the nav (their titles and neighbours come from reading them),
the home page (MkDocs dates sitemap.xml.gz by the pages it read), yearbooks (forewords, and
books that print every story), a page that links to anchors in other pages or to a missing
anchor of its own (MkDocs checks those after reading, and must warn again), and every page
while a plugin or hook other than ours and Material's search handles any event (what it
would add to a page, or look for in the file list, is unknown).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..outputs import images
from ..outputs.page_cache import OUTPUT, Fingerprint, PageCache
from .markdown_memo import MarkdownMemo, lookups_hold

KIND = "trang-dat"
RECORD = "record.json"
VERSION = "guong-placed-page-1"
# modules whose events are known: what they collect from a page is in its record, and they
# do not list the documentation pages after on_nav (which leaves placed pages out)
KNOWN_MODULES = ("guong.", "material.plugins.search.")


class PlacedPage(File):
    """A page already written from its verified cache entry (into the build's own folder,
    which MkDocs cleaned before on_files): to MkDocs a static file, so neither of its page
    loops visits it, and there is nothing left to copy."""

    def copy_file(self, dirty: bool = False) -> None:
        return None

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False

    def is_media_file(self) -> bool:
        return False


@dataclass(frozen=True)
class Candidate:
    """What a page's output depends on besides its conversion, known before reading it."""

    markdown: str
    meta: dict
    view_facts: Any


def known_plugins(config: MkDocsConfig) -> bool:
    """True when every event handler is ours or Material's search plugin's: another plugin
    or hook might read pages MkDocs no longer reads, or list the documentation pages."""
    for methods in config.plugins.events.values():
        for method in methods:
            module = getattr(method, "__module__", None) or ""
            if not module.startswith(KNOWN_MODULES):
                return False
    return True


def search_index(config: MkDocsConfig) -> Any:
    """Material's search index (its `entries` list), None when there is no search plugin, or
    False when a search plugin is there but its entries cannot be spliced."""
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] != "search":
            continue
        index = getattr(plugin, "search_index", None)
        if type(plugin).__module__.startswith("material.") and isinstance(
            getattr(index, "entries", None), list
        ):
            return index
        return False
    return None


class PlacedPages:
    """This build's placed pages, and the records of the pages it reads, for the next build."""

    def __init__(self, cache: images.Cache, memo: MarkdownMemo, photos: images.Photos):
        self.cache = cache
        self.memo = memo
        self.photos = photos
        self.index: Any = None  # Material's search index, when placement is on
        self.enabled = False
        self.early: dict[str, str] = {}  # src_uri -> early key of a page read this build
        self.story_photos: dict[str, dict[str, str]] = {}  # src_uri -> photo uri -> content key
        self.segments: dict[str, list] = {}  # src_uri -> its search entries, in page order
        self._mark = 0  # entries of the index already given to a page
        self.count = 0

    def place(
        self,
        files: Files,
        config: MkDocsConfig,
        nav: Navigation,
        pages: PageCache,
        fingerprint: Fingerprint,
        candidate: Callable[[Page], Candidate | None],
        restore: Callable[[Page, str | None], None],
    ) -> None:
        """Before MkDocs reads any page: place each candidate whose record still holds."""
        index = search_index(config)
        if pages.disabled or not self.memo.enabled or index is False or not known_plugins(config):
            return
        self.enabled, self.index = True, index
        in_nav = {id(p) for p in nav.pages}
        for file in files.documentation_pages(inclusion=lambda level: level.is_included()):
            page = file.page
            if not isinstance(page, Page) or id(page) in in_nav or page.is_homepage:
                continue
            facts = candidate(page)
            if facts is None:
                continue
            early = pages.key(
                fingerprint,
                (
                    VERSION,
                    self.memo.settings,
                    file.src_uri,
                    file.dest_uri,
                    file.url,
                    page.canonical_url,
                    page.edit_url,
                    facts.markdown,
                    facts.meta,
                    facts.view_facts,
                ),
            )
            if early is None:
                continue
            found = self._record(early, files)
            if found is None:
                self.early[file.src_uri] = early  # read and rendered: its record is saved after
                continue
            record, output = found
            images.write_bytes(Path(file.abs_dest_path), output)  # the verified bytes, now
            pages.reused += 1
            page.meta = facts.meta
            page.markdown = facts.markdown
            page.content = ""
            page.present_anchor_ids = set(record["present"])
            page.links_to_anchors = {}
            self.memo.keep(page)  # its conversion stays in the memo for when it is read again
            restore(page, record["story"])
            self.segments[file.src_uri] = record["search"]
            file.__class__ = PlacedPage
            self.count += 1

    def _record(self, early: str, files: Files) -> tuple[dict, bytes] | None:
        """The page's record and output when everything it names is as it was; a record that
        no longer holds is dropped, so the one saved after this build's render can replace it."""
        if not self.cache.has(KIND, early, RECORD):
            return None
        entry = self.cache.lookup(KIND, early, check=_complete)
        if entry is None:
            return None
        try:
            record = json.loads(entry.data(RECORD).decode("utf-8"))
            holds = (
                isinstance(record["search"], list)
                and (record["story"] is None or isinstance(record["story"], str))
                and all(isinstance(a, str) for a in record["present"])
                and lookups_hold(record["lookups"], files)
                and all(self._same_photo(uri, key) for uri, key in record["photos"].items())
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            holds = False
        if not holds:
            self.cache.discard(KIND, early)
            return None
        return record, entry.data(OUTPUT)

    def _same_photo(self, uri: str, key: str) -> bool:
        if not self.photos.knows(uri):
            return False
        try:
            return self.photos.picture(uri).key == key
        except images.ImageProblem:
            return False

    def note_photos(self, page: Page, used: set[str]) -> None:
        """The photos rewrite_story planned for a page, with their content keys."""
        if used and page.file.src_uri in self.early:
            pictures = self.photos.pictures
            self.story_photos[page.file.src_uri] = {uri: pictures[uri].key for uri in sorted(used)}

    def written(self, page: Page, output: str, cacheable: bool, story: str | None) -> bool:
        """After a page was rendered (or taken from the page cache by the theme's loop): take
        its search entries, and save its record and output when it can be placed next time
        (True: the page cache need not store the output as well)."""
        src = page.file.src_uri
        entries: list = []
        if self.index is not None:
            entries = self.index.entries[self._mark :]
            self._mark = len(self.index.entries)
        self.segments[src] = entries
        early = self.early.get(src)
        lookups = self.memo.lookups.get(src)
        if early is None or not cacheable or lookups is None or not _anchors_checked_alone(page):
            return False
        record = {
            "lookups": lookups,
            "photos": self.story_photos.get(src, {}),
            "present": sorted(page.present_anchor_ids or ()),
            "story": story,
            "search": entries,
        }
        data = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")  # keys in order
        html = output.encode("utf-8", "surrogatepass")

        def make(tmp: Path) -> None:
            (tmp / RECORD).write_bytes(data)
            (tmp / OUTPUT).write_bytes(html)

        self.cache.entry(KIND, early, make)
        return True

    def splice_search(self, files: Files) -> None:
        """Put the placed pages' search entries where the loop would have added them."""
        if not self.count or self.index is None:
            return
        taken = {
            id(e) for f in files if not isinstance(f, PlacedPage) for e in self.segments.get(f.src_uri, ())
        }
        later = [e for e in self.index.entries if id(e) not in taken]  # added after the last page
        self.index.entries[:] = [e for f in files for e in self.segments.get(f.src_uri, ())] + later

    def prune(self) -> None:
        if self.enabled:
            self.cache.prune(KIND)

    def summary(self) -> str:
        return f", {self.count} trang đặt thẳng (MkDocs không đọc lại)" if self.enabled else ""


def sitemap_files(files: Files) -> list[File]:
    """The pages sitemap.xml lists: MkDocs' documentation pages and the placed ones, in order."""
    return [
        f
        for f in files
        if (f.is_documentation_page() or isinstance(f, PlacedPage)) and f.inclusion.is_included()
    ]


def _anchors_checked_alone(page: Page) -> bool:
    """True when the page's anchor links (the headings' permalinks, say) all point into the
    page itself and all find their anchor: checking them again could never warn. A link to
    an anchor in another page is checked against that page after every read loop."""
    present = page.present_anchor_ids or set()
    for target, links in (page.links_to_anchors or {}).items():
        if target is not page.file or any(anchor not in present for anchor in links):
            return False
    return True


def _complete(found: dict[str, bytes]) -> bool:
    """A record with its output, UTF-8 (what MkDocs itself would have written)."""
    if RECORD not in found or OUTPUT not in found:
        return False
    try:
        found[OUTPUT].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
