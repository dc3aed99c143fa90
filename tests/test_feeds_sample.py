"""Feeds of the shipped sample: all parse, the radio pieces are there, the subscription page
is accessible in a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import feedparser
import pytest
from lxml import etree

SITE_URL = "https://guong.example.gov.vn/"
CHROMIUM = shutil.which("chromium")


def test_every_sample_feed_parses_and_points_at_real_files(sample_site: Path):
    feeds = sorted(sample_site.rglob("rss.xml")) + sorted(sample_site.rglob("atom.xml"))
    assert len(feeds) >= 2 * (1 + 14 + 5 + 3 + 7)
    total = 0
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, path
        total += len(parsed.entries)
        for entry in parsed.entries:
            assert entry.link.startswith(SITE_URL + "guong/")
            assert (sample_site / entry.link[len(SITE_URL):] / "index.html").is_file()
            for enclosure in entry.get("enclosures", []):
                assert int(enclosure.length) == (sample_site / enclosure.href[len(SITE_URL):]).stat().st_size
    assert total > 50


def test_sample_podcast_has_the_three_radio_pieces(sample_site: Path):
    parsed = feedparser.parse((sample_site / "podcast.xml").read_bytes())
    assert parsed.bozo == 0 and len(parsed.entries) == 3
    for entry in parsed.entries:
        [enclosure] = entry.enclosures
        assert enclosure.type == "audio/mpeg" and int(entry.itunes_duration) > 5
        assert (sample_site / enclosure.href[len(SITE_URL):]).stat().st_size == int(enclosure.length)
    owner = etree.fromstring((sample_site / "podcast.xml").read_bytes()).findtext(
        ".//{http://www.itunes.com/dtds/podcast-1.0.dtd}email")
    assert owner and "@" in owner


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="Debian chromium is not installed (CI installs it)")
def test_subscription_page_is_accessible_and_stays_local(sample_site: Path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium must be installed in CI (scripts/system-deps.sh)"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(sample_site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"])
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/dang-ky/")
            page.wait_for_load_state("networkidle")
            assert page.locator("h1").first.inner_text().strip() == "Đăng ký nhận tin"
            assert page.locator(".guong-feeds table a[href$='rss.xml']").count() >= 29
            violations = [v["id"] for v in Axe().run(page).response["violations"]
                          if v["impact"] in ("serious", "critical")]
            browser.close()
        assert violations == []
        assert all(u.startswith("http://127.0.0.1:") for u in requests if u.startswith("http")), requests
    finally:
        server.shutdown()
        server.server_close()
