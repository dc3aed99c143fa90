"""The sample site in headless Chromium: no third-party request, no serious axe violation."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                       reason="Debian chromium is not installed (CI installs it)"),
]


@pytest.fixture(scope="module")
def served(sample_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(sample_site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium must be installed in CI (scripts/system-deps.sh)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


def first_profile_url(site: Path) -> str:
    profiles = sorted(p.parent.name for p in (site / "guong").glob("*/index.html") if p.parent.name != "page")
    return f"guong/{profiles[0]}/"


def test_pages_stay_local_and_accessible(served, browser, sample_site):
    from axe_playwright_python.sync_playwright import Axe

    pages = ["", first_profile_url(sample_site), "linh-vuc/nong-nghiep/", "phong-trao/dan-van-kheo/",
             "guong/", "linh-vuc/"]
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    problems = []
    for url in pages:
        response = page.goto(served + url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.inner_text().strip(), url
        result = Axe().run(page)
        for violation in result.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append((url, violation["id"], [n["target"] for n in violation["nodes"][:3]]))
    page.close()
    assert problems == []
    hosts = {urlsplit(u).hostname for u in requests if urlsplit(u).scheme in ("http", "https")}
    assert hosts == {"127.0.0.1"}, hosts
    assert any("/search/search_index.json" in u for u in requests) or any("search" in u for u in requests)


def test_hostile_title_runs_nowhere_in_search(tmp_path, browser):
    """A profile titled with HTML shows as text in Material's search results; no dialog fires."""
    sys.path.insert(0, str(Path(__file__).parent))
    from sitekit import new_site

    site = new_site(tmp_path)
    hostile = "<img src=x onerror=alert(1)>Nguyễn Văn Độc"
    site.add_profile("doc-hai", title=hostile, body="Câu chuyện về cánh đồng lúa.\n")
    result = site.build().ok()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(result.site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Độc")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        results = page.locator(".md-search-result__list").inner_text()
        assert "<img src=x onerror=alert(1)>" in results  # shown as text
        assert page.locator(".md-search-result__list img").count() == 0
        page.wait_for_timeout(300)
        assert dialogs == []
        page.close()
    finally:
        server.shutdown()
        server.server_close()
