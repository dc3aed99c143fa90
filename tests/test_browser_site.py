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
    pages = [
        "",
        first_profile_url(sample_site),
        "linh-vuc/nong-nghiep/",
        "phong-trao/dan-van-kheo/",
        "guong/",
        "linh-vuc/",
        "cap/tinh/",
        "quy/",
    ]
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


def test_feed_opened_in_a_browser_is_a_vietnamese_page(chromium, sample_site):  # noqa: F811
    """/rss.xml through the site's own feed.xsl (Chromium still runs XSLT 1.0; it may add
    its own deprecation banner, which is not ours to test)."""
    with serve(sample_site) as base:
        session = Session(chromium, base)
        for url in ("rss.xml", "atom.xml"):
            response = session.page.goto(base + url, wait_until="load")
            assert response is not None and response.status == 200
            heading = session.page.locator("h1").first
            heading.wait_for(timeout=10000)
            assert heading.inner_text().startswith("Nguồn tin: ")
            assert session.page.locator("text=Cách đăng ký nhận tin").count() == 1
            assert session.page.locator("a[href='/dang-ky/']").count() >= 1
            assert session.page.locator("ol.items > li").count() >= 1
        assert session.foreign_requests() == []
        session.close()


def test_profile_prints_on_a4_without_navigation(chromium, sample_site, tmp_path):  # noqa: F811
    from pypdf import PdfReader

    url = first_profile_url(sample_site)
    with serve(sample_site) as base:
        session = Session(chromium, base)
        session.goto(url)
        title = session.page.locator("h1").first.inner_text().strip()
        session.page.emulate_media(media="print")
        assert session.page.locator(".md-header").is_hidden()
        assert (
            session.page.locator(".guong-share").count() == 0
            or session.page.locator(".guong-share").first.is_hidden()
        )
        photo = session.page.locator(".guong-photo img")
        if photo.count():
            assert photo.first.is_visible()
        pdf = tmp_path / "ho-so.pdf"
        session.page.pdf(path=str(pdf), format="A4", print_background=False)
        session.close()
    reader = PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4, points
    assert 1 <= len(reader.pages) <= 6
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert " ".join(title.split()) in text
    for label in ("Tìm kiếm", "Bỏ qua", "Chia sẻ", "Gương điển hình liên quan"):
        assert label not in text, label
