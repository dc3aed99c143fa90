"""Shared headless-Chromium harness for browser tests: serve a built site on 127.0.0.1,
open it in Debian's chromium (never a downloaded browser) and record every request.

    from browser import BROWSER_MARKS, launch, serve
    pytestmark = BROWSER_MARKS

    with serve(site_dir) as base, launch() as chromium:
        session = Session(chromium, base)
        session.goto("guong/")
        assert session.foreign_requests() == []
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Skip only on a developer machine without chromium; in CI (env CI set) a missing browser fails.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"),
        reason="Debian chromium is not installed (CI installs it)",
    ),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@contextlib.contextmanager
def serve(site_dir: Path | str) -> Iterator[str]:
    """Serve a folder over HTTP on 127.0.0.1 in a thread; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# A host name for the served site that is not loopback, resolved to 127.0.0.1 by chromium
# itself and treated as a secure origin (as the HTTPS public site is): pages behave as for a
# reader of the public site. Decap CMS, for one, probes a local decap-server on
# localhost:8081 only when the page's host is localhost or 127.0.0.1, and needs
# crypto.randomUUID, which browsers give secure origins only.
PUBLIC_HOST = "guong.test"


def public_site(base: str) -> tuple[str, tuple[str, ...]]:
    """The served base URL under PUBLIC_HOST, and the switches to launch() chromium with."""
    url = base.replace("//127.0.0.1:", f"//{PUBLIC_HOST}:", 1)
    origin = url.rstrip("/")
    return url, (
        f"--host-resolver-rules=MAP {PUBLIC_HOST} 127.0.0.1",
        f"--unsafely-treat-insecure-origin-as-secure={origin}",
    )


@contextlib.contextmanager
def launch(*args: str):
    """Headless Debian chromium through playwright (no browser download); `args` are extra
    command-line switches."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium must be installed (scripts/system-deps.sh)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *args])
        try:
            yield browser
        finally:
            browser.close()


class Session:
    """One page of a browser on a served site, with every request it made."""

    QUIET = 0.1  # seconds without a request in flight after which a page has settled

    def __init__(self, browser, base: str, **context_options):
        self.base = base
        self.context = browser.new_context(**context_options)
        self.requests: list[str] = []  # of every page (tab) of the context
        self._pending: set = set()
        self._last = time.monotonic()
        self.context.on("request", self._started)
        self.context.on("requestfinished", self._ended)
        self.context.on("requestfailed", self._ended)
        self.page = self.context.new_page()

    def _started(self, request) -> None:
        self.requests.append(request.url)
        self._pending.add(request)
        self._last = time.monotonic()

    def _ended(self, request) -> None:
        self._pending.discard(request)
        self._last = time.monotonic()

    def goto(self, url: str = "", wait: str = "settled"):
        """Open a site URL; `wait` "settled" (the default) returns after the load event once
        no request of the context has been in flight for QUIET seconds. Playwright's
        "networkidle" waits 500 ms for the same; on the sample site both see every request
        (Material's search index and sitemap fetches come after `load`)."""
        response = self.page.goto(self.base + url.lstrip("/"))
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        if wait == "settled":
            self.settle()
        else:
            self.page.wait_for_load_state(wait)
        return response

    def settle(self, page=None) -> None:
        """Wait until `page` (default: this session's) has loaded and the context has had no
        request in flight for QUIET seconds."""
        page = page or self.page
        page.wait_for_load_state("load")
        while self._pending or time.monotonic() - self._last < self.QUIET:
            page.wait_for_timeout(25)

    def foreign_requests(self) -> list[str]:
        """Requests that left the served site (data: and blob: URLs never leave the machine)."""
        host = urlsplit(self.base).hostname
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != host
        ]

    def axe_problems(self, impacts=("serious", "critical")) -> list[tuple[str, list]]:
        """axe-core violations of the given impacts on the current page (rule id, targets)."""
        from axe_playwright_python.sync_playwright import Axe

        result = Axe().run(self.page)
        return [
            (v["id"], [n["target"] for n in v["nodes"][:3]])
            for v in result.response["violations"]
            if v["impact"] in impacts
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def chromium():
    """A module-wide headless chromium (import this fixture into a test module to use it)."""
    with launch() as browser:
        yield browser


def browser_test(fn):
    """Mark a test as a browser test with the shared skip rule."""
    for mark in reversed(BROWSER_MARKS):
        fn = mark(fn)
    return fn
