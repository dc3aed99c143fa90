"""Feeds of the shipped sample: all parse, the radio pieces are there, the subscription page
is accessible in a real browser."""

from __future__ import annotations

from pathlib import Path

import feedparser
from lxml import etree

from browser import Session, browser_test, launch, serve

SITE_URL = "https://guong.example.gov.vn/"


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
            assert (sample_site / entry.link[len(SITE_URL) :] / "index.html").is_file()
            for enclosure in entry.get("enclosures", []):
                assert int(enclosure.length) == (sample_site / enclosure.href[len(SITE_URL) :]).stat().st_size
    assert total > 50


def test_sample_podcast_has_the_three_radio_pieces(sample_site: Path):
    parsed = feedparser.parse((sample_site / "podcast.xml").read_bytes())
    assert parsed.bozo == 0 and len(parsed.entries) == 3
    for entry in parsed.entries:
        [enclosure] = entry.enclosures
        assert enclosure.type == "audio/mpeg" and int(entry.itunes_duration) > 5
        assert (sample_site / enclosure.href[len(SITE_URL) :]).stat().st_size == int(enclosure.length)
    owner = etree.fromstring((sample_site / "podcast.xml").read_bytes()).findtext(
        ".//{http://www.itunes.com/dtds/podcast-1.0.dtd}email"
    )
    assert owner and "@" in owner


@browser_test
def test_subscription_page_is_accessible_and_stays_local(sample_site: Path):
    with serve(sample_site) as base, launch() as chromium:
        session = Session(chromium, base)
        session.goto("dang-ky/")
        page = session.page
        assert page.locator("h1").first.inner_text().strip() == "Đăng ký nhận tin"
        assert page.locator(".guong-feeds table a[href$='rss.xml']").count() >= 29
        # <link rel=alternate> makes Material fetch sitemap.xml beside each feed: must stay local
        assert session.axe_problems() == []
        assert session.foreign_requests() == []
        session.close()
