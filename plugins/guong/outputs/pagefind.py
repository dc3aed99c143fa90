"""Search that scales: a Pagefind index of the finished site (`search: {engine: pagefind}`).

Pagefind reads the written HTML and writes a chunked index into `<site>/pagefind/`; a reader's
query fetches the entry file, the WebAssembly and only the index chunks and fragments it needs,
instead of the whole lunr index. What is indexed is decided in our templates: profile, campaign
and section pages (page 1) mark their content with `data-pagefind-body`, so every other page
(withdrawn notices, exhibitions, embeds, yearbooks, reports, home) is left out; titles,
campaigns and fields carry `data-pagefind-weight`, related cards and share links
`data-pagefind-ignore`. No `data-pagefind-filter`: Pagefind 1.5.2 names and orders filter
chunks differently on each run, and without filters its output is byte-identical run to run
(tests/test_pagefind.py checks it); the /guong/ filters already cover that need.

Pagefind folds most Vietnamese marks itself ("nong thon moi" finds "nông thôn mới") but not
`đ`, a letter of its own: "dak lak" would not find "Đắk Lắk". `fold_meta` gives each page a
searchable `fold` metadata value holding the d-forms of its words with đ; metadata is searched
but never shown in the excerpt.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from ..content.taxonomy import strip_marks

OUTPUT_SUBDIR = "pagefind"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


class PagefindProblem(Exception):
    """Pagefind is missing or failed; the message says which, in Vietnamese."""


def fold_meta(texts: Iterable[str]) -> str:
    """`data-pagefind-meta` value (`fold:...`) with the folded forms of words holding đ/Đ,
    once each; empty when there are none. Only letters and spaces: the attribute's own
    syntax (`,` and `:`) can never appear in it."""
    seen: list[str] = []
    for text in texts:
        for word in _WORD.findall(html.unescape(text).lower()):
            if "đ" in word:
                folded = strip_marks(word)
                if folded not in seen:
                    seen.append(folded)
    return "fold:" + " ".join(seen) if seen else ""


def build_index(site_dir: Path, timeout: float = 600) -> str:
    """Run the Pagefind binary shipped in the `pagefind[bin]` wheel over the written site;
    return its summary line ("Indexed N pages"). The index goes to `site_dir/pagefind/`."""
    try:
        import pagefind  # noqa: F401  (the wrapper package; its __main__ execs the binary)
    except ImportError:
        raise PagefindProblem(
            'search.engine là "pagefind" nhưng chưa cài Pagefind: pip install "pagefind[bin]==1.5.2"'
        ) from None
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT_SUBDIR,
    ]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PagefindProblem(f"Không chạy được Pagefind: {exc}") from None
    if proc.returncode != 0 or not (site_dir / OUTPUT_SUBDIR / "pagefind.js").is_file():
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise PagefindProblem("Pagefind lỗi khi lập chỉ mục tìm kiếm: " + " / ".join(detail))
    pages = re.search(r"Indexed (\d+) pages?", proc.stdout)
    return f"{pages.group(1) if pages else '?'} trang"
