"""Phones first: every page type fits a 390 px phone with no horizontal scroll, /guong/
shows results before its filters (collapsed behind "Lọc"), and on a 1366 px desktop list
pages use the width (no empty table-of-contents column, three or more cards per row)."""

from __future__ import annotations

from pathlib import Path

from browser import BROWSER_MARKS, Session, chromium, serve  # noqa: F401 (fixture)

pytestmark = BROWSER_MARKS
PHONE = {"width": 390, "height": 844}


def first_profile_url(site: Path) -> str:
    page = next(p for p in sorted((site / "guong").glob("*/index.html")) if p.parent.name != "trang")
    return f"guong/{page.parent.name}/"


def page_types(site: Path) -> list[str]:
    year = sorted(p.parent.name for p in (site / "ky-yeu").glob("*/index.html"))[0]
    campaign = sorted(p.parent.name for p in (site / "phong-trao").glob("*/index.html"))[0]
    return [
        "",
        "guong/",
        first_profile_url(site),
        "linh-vuc/nong-nghiep/",
        f"phong-trao/{campaign}/",
        f"ky-yeu/{year}/",
        "dip/",
        "dang-ky/",
    ]


def test_every_page_type_fits_a_phone(chromium, sample_site):  # noqa: F811
    with serve(sample_site) as base:
        session = Session(chromium, base, viewport=PHONE)
        wide = {}
        for url in page_types(sample_site):
            session.goto(url)
            width = session.page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[url] = width
        session.close()
    assert wide == {}


def test_filters_fold_behind_one_button_on_a_phone(chromium, sample_site):  # noqa: F811
    with serve(sample_site) as base:
        session = Session(chromium, base, viewport=PHONE)
        session.goto("guong/")
        page = session.page
        toggle = page.locator("details.guong-filters__toggle")
        assert toggle.count() == 1
        assert page.locator("details.guong-filters__toggle > summary").inner_text().strip() == "Lọc"
        assert not page.locator("select[name='nam']").is_visible()
        card_top = page.locator(".guong-card").first.bounding_box()["y"]
        assert card_top < PHONE["height"], card_top  # an exemplar on the first screen
        page.locator("details.guong-filters__toggle > summary").click()
        assert page.locator("select[name='nam']").is_visible()
        session.close()


def test_more_button_only_when_more_remain(chromium, sample_site):  # noqa: F811
    with serve(sample_site) as base:
        session = Session(chromium, base, viewport=PHONE)
        session.goto("guong/")
        page = session.page
        page.wait_for_selector("[data-guong-filters][data-guong-ready]")
        more = page.locator("[data-guong-more]")
        # no filter: the server's page 1 with its page links, no "Xem thêm"
        assert not more.is_visible() and page.locator(".guong-pagination").is_visible()
        year = page.locator("select[name='nam'] option").nth(1).get_attribute("value")
        page.locator("details.guong-filters__toggle > summary").click()
        page.select_option("select[name='nam']", year)
        matching = page.evaluate(
            f"fetch('index.json').then(r => r.json()).then(d => d.profiles.filter(p => p.year == {year}).length)"
        )
        shown = page.locator("[data-guong-results] .guong-card").count()
        assert shown == min(24, matching) and more.is_visible() == (shown < matching)
        assert not page.locator(".guong-pagination").is_visible()
        session.close()


def test_desktop_lists_use_the_width(chromium, sample_site):  # noqa: F811
    with serve(sample_site) as base:
        session = Session(chromium, base, viewport={"width": 1366, "height": 900})
        for url in ["guong/", "linh-vuc/nong-nghiep/"]:
            session.goto(url)
            page = session.page
            assert not page.locator(".md-sidebar--secondary").is_visible(), url
            tops = page.evaluate(
                "Array.from(document.querySelectorAll('.guong-cards')[0].children).slice(0, 6)"
                ".map(c => Math.round(c.getBoundingClientRect().top))"
            )
            assert tops.count(tops[0]) >= 3, (url, tops)
        session.close()
