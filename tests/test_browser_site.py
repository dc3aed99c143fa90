"""The sample site in headless Chromium: no third-party request, no serious axe violation."""

from __future__ import annotations

from pathlib import Path

from browser import BROWSER_MARKS, Session, chromium, serve  # noqa: F401 (fixture)
from sitekit import new_site

pytestmark = BROWSER_MARKS


def first_profile_url(site: Path) -> str:
    profiles = sorted(p.parent.name for p in (site / "guong").glob("*/index.html") if p.parent.name != "page")
    return f"guong/{profiles[0]}/"


def test_pages_stay_local_and_accessible(chromium, sample_site):  # noqa: F811
    pages = ["", first_profile_url(sample_site), "linh-vuc/nong-nghiep/", "phong-trao/dan-van-kheo/",
             "guong/", "linh-vuc/", "cap/tinh/", "quy/"]
    problems = []
    with serve(sample_site) as base:
        session = Session(chromium, base, viewport={"width": 390, "height": 844})  # a phone
        for url in pages:
            session.goto(url)
            assert session.page.locator("h1").first.inner_text().strip(), url
            problems += [(url, *p) for p in session.axe_problems()]
        assert any("search_index.json" in u for u in session.requests)
        assert session.foreign_requests() == []
        session.close()
    assert problems == []


def test_hostile_title_runs_nowhere_in_search(tmp_path, chromium):  # noqa: F811
    """A profile titled with HTML shows as text in Material's search results; no dialog fires."""
    site = new_site(tmp_path)
    hostile = "<img src=x onerror=alert(1)>Nguyễn Văn Độc"
    site.add_profile("doc-hai", title=hostile, body="Câu chuyện về cánh đồng lúa.\n")
    result = site.build().ok()
    with serve(result.site) as base:
        session = Session(chromium, base)
        dialogs: list[str] = []
        session.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        session.goto("")
        box = session.page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("Độc")
        session.page.wait_for_selector(".md-search-result__item", timeout=15000)
        results = session.page.locator(".md-search-result__list")
        assert "<img src=x onerror=alert(1)>" in results.inner_text()  # shown as text
        assert results.locator("img").count() == 0
        session.page.wait_for_timeout(300)
        assert dialogs == []
        session.close()
