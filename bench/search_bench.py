"""Search cost for one reader in headless Chromium with 4x CPU throttling (issue 12, point 4).

    python bench/search_bench.py SITE_DIR [SITE_DIR ...] [--query "nong thon moi"] [--runs 3]

For each built site (lunr or Pagefind, told apart by /pagefind/pagefind.js): open the home page
in a fresh browser context (empty cache), wait for `load`, then click the search box, type the
query and wait for the first `.md-search-result__item`. Reports bytes transferred for search
(lunr: /search/* and Material's worker; Pagefind: /pagefind/*), the number of those requests,
and the time from the click to the first result. Each site is served by Python's http.server
(no gzip), so the bytes are on-the-wire sizes without HTTP compression; `gzip` is what a
gzip-serving host would send (Pagefind's chunks are compressed already).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import statistics
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import launch

SERVED: list[tuple[str, int]] = []  # (path, bytes) of every response, counted by the server


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Counts bytes on the server: requests made from Pagefind's Web Worker are invisible to a
    page-level CDP session, but never to the server."""

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        outputfile.write(data)
        SERVED.append((urlsplit(self.path).path, len(data)))

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(site_dir: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(site_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_search(path: str) -> bool:
    return path.startswith(("/pagefind/", "/search/")) or "/javascripts/workers/search" in path


def one_run(browser, base: str, site: Path, query: str, throttle: float) -> dict:
    SERVED.clear()
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.goto(base, wait_until="load")
    box = page.locator("input.md-search__input")
    start = page.evaluate("performance.now()")
    box.click()
    box.fill(query[:-1])
    box.press(query[-1])  # Material reads the query on keyup
    page.wait_for_selector(".md-search-result__item", timeout=120000)
    elapsed = page.evaluate("performance.now()") - start
    page.wait_for_timeout(1000)  # late fragment fetches of the first page of results
    got = [(path, n) for path, n in SERVED if is_search(path)]
    SERVED.clear()
    zipped = 0
    for path, _ in got:
        f = site / path.lstrip("/")
        data = f.read_bytes() if f.is_file() else b""
        zipped += min(len(data), len(gzip.compress(data, 6))) if data else 0
    context.close()
    return {"ms": elapsed, "bytes": sum(n for _, n in got), "gzip": zipped, "requests": len(got)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sites", nargs="+", type=Path)
    ap.add_argument("--query", default="nong thon moi")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--throttle", type=float, default=4.0)
    args = ap.parse_args()
    print(f"query {args.query!r}, CPU throttling {args.throttle}x, fresh context (empty cache) per run")
    print(
        f"| site | engine | search bytes (no gzip) | gzip | requests | ms to first result (median of {args.runs}) |"
    )
    print("|---|---|---:|---:|---:|---:|")
    with launch() as browser:
        for site in args.sites:
            engine = "pagefind" if (site / "pagefind" / "pagefind.js").is_file() else "lunr"
            with serve(site) as base:
                runs = [one_run(browser, base, site, args.query, args.throttle) for _ in range(args.runs)]
            ms = statistics.median(r["ms"] for r in runs)
            last = runs[-1]
            print(
                f"| {site} | {engine} | {last['bytes']:,} | {last['gzip']:,} | {last['requests']} | {ms:,.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
