"""Search in headless Chromium on the sample site: a query typed without diacritics is
highlighted in the results, and a campaign's words rank its profiles near the top."""

from __future__ import annotations

import unicodedata

from browser import BROWSER_MARKS, Session, chromium, serve  # noqa: F401 (fixture)

pytestmark = BROWSER_MARKS


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def search(session: Session, query: str):
    page = session.page
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(500)  # Material renders, then our highlighter runs
    return page


def test_unaccented_query_is_highlighted(chromium, sample_site):  # noqa: F811
    with serve(sample_site) as base:
        session = Session(chromium, base)
        session.goto("")
        page = search(session, "nong thon moi")
        marks = page.locator(".md-search-result__list mark").all_inner_texts()
        folded = {fold(m) for m in marks}
        assert {"nong", "thon", "moi"} <= folded, marks
        assert any(m != fold(m) for m in marks)  # the page's own accented words, marked
        assert (
            page.locator(".md-search-result__list mark script, .md-search-result__list img[onerror]").count()
            == 0
        )
        session.close()


def test_campaign_words_rank_its_profiles_first(chromium, sample_site):  # noqa: F811
    campaign = (sample_site / "phong-trao" / "chung-suc-xay-dung-nong-thon-moi" / "index.html").read_text(
        "utf-8"
    )
    with serve(sample_site) as base:
        session = Session(chromium, base)
        session.goto("")
        page = search(session, "nông thôn mới")
        hrefs = page.eval_on_selector_all(
            ".md-search-result__list > .md-search-result__item > a",
            "els => els.map(e => new URL(e.href).pathname)",
        )
        profiles = [h for h in hrefs[:3] if h.startswith("/guong/") and h.count("/") == 3]
        assert profiles, hrefs[:10]
        slug = profiles[0].rstrip("/").rsplit("/", 1)[-1]
        assert f"guong/{slug}/" in campaign or "nông thôn mới" in (
            sample_site / "guong" / slug / "index.html"
        ).read_text("utf-8"), hrefs[:5]
        session.close()
