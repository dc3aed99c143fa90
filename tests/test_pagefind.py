"""Opt-in Pagefind search (`search: {engine: pagefind}`): the index is built into /pagefind/,
holds profiles, campaigns and section pages but none of the excluded pages, and Material's
search box, driven by assets/guong/pagefind-search.js, finds and highlights queries typed
without diacritics, in headless Chromium, with every request staying on the site."""

from __future__ import annotations

import json

import pytest

from browser import Session, browser_test, chromium, serve  # noqa: F401 (fixture)
from guong.outputs import pagefind
from sitekit import new_site

HOSTILE = '<img src=x onerror="window.__pwned=1">Lê <b>Hùng</b>'


def test_fold_meta_holds_only_words_with_d_bar_once():
    assert pagefind.fold_meta(["Đắk Lắk, đường Đắk Nông; ĐẮK"]) == "fold:dak duong"
    assert pagefind.fold_meta(["Nông thôn mới"]) == ""  # Pagefind folds these marks itself
    assert ":" not in pagefind.fold_meta(["Đà:Nẵng, đ,đ"]).removeprefix("fold:")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("pagefind"))
    site.add_campaign("giu-rung", title="Giữ rừng xanh", summary="Phong trào giữ rừng.")
    site.add_profile(
        "htx-ea-tieu",
        title="Hợp tác xã Ea Tiêu (Đắk Lắk)",
        locality="Đắk Lắk",
        body="Hợp tác xã góp sức cùng bà con ở xã vùng cao.\n",
    )
    site.add_profile(
        "nguyen-thi-lan",
        title="Nguyễn Thị Lan, người giữ rừng",
        locality="Quảng Trị",
        campaign="giu-rung",
        field="phong-chong-thien-tai",
        body="Chị tuần tra rừng đầu nguồn; xã chị đã đạt chuẩn nông thôn mới, nông thôn mới nâng cao.\n",
    )
    site.add_profile(
        "tran-van-lan",
        title="Trần Văn Lân, thợ cơ khí",
        locality="Hà Tĩnh",
        campaign="giu-rung",
        field="lao-dong",
        body="Anh chế tạo máy gặt nhỏ; nông thôn mới ở quê anh có thêm máy.\n",
    )
    site.add_profile(
        "hostile", title=HOSTILE, locality="Cao Bằng", campaign="giu-rung", body="Tổ tuần tra zebrawordx.\n"
    )
    site.add_profile(
        "da-thu-hoi",
        title="Gương đã thu hồi",
        campaign="giu-rung",
        status="withdrawn",
        withdrawn={"date": "2025-06-01", "reason": "Sai sót hồ sơ quokkaword."},
        body="Câu chuyện quokkaword.\n",
    )
    site.plugin_config.update({"search": {"engine": "pagefind"}, "reports": {"page": True}})
    return site.build().ok()


def test_index_is_written_and_lunr_is_not_shipped(built):
    out = built.site
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    assert json.loads((out / "pagefind" / "pagefind-entry.json").read_text())["languages"].get("vi")
    assert not (out / "search" / "search_index.json").exists()  # nobody would fetch it
    home = (out / "index.html").read_text("utf-8")
    assert "assets/guong/search.js" not in home  # the lunr query rewriter is not loaded
    assert "assets/guong/pagefind-search.js" in home and 'name="search"' not in home
    assert "data-pagefind-body" not in home


def test_only_profiles_campaigns_and_sections_are_marked_for_indexing(built):
    out = built.site
    marked = {
        str(p.parent.relative_to(out))
        for p in out.rglob("*.html")
        if "data-pagefind-body" in p.read_text("utf-8")
    }
    assert "guong/htx-ea-tieu" in marked and "phong-trao/nong-thon-moi" in marked
    assert any(m.startswith("linh-vuc/") for m in marked)
    for excluded in ("trien-lam", "nhung", "ky-yeu", "bao-cao", "guong/da-thu-hoi"):
        assert not any(m == excluded or m.startswith(excluded + "/") for m in marked), (excluded, marked)


def test_default_engine_is_lunr_and_unchanged(site):
    site.add_profile("x")
    out = site.build().ok().site
    assert (out / "search" / "search_index.json").is_file() and not (out / "pagefind").exists()
    assert "data-pagefind" not in (out / "guong" / "x" / "index.html").read_text("utf-8")


def test_pagefind_index_is_deterministic(built, tmp_path):
    """Pagefind run twice over the same HTML writes the same bytes."""
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(built.site, copy)
    shutil.rmtree(copy / "pagefind")
    pagefind.build_index(copy)

    def files(root):
        return {
            str(p.relative_to(root)): p.read_bytes() for p in (root / "pagefind").rglob("*") if p.is_file()
        }

    assert files(copy) == files(built.site)


# -- in Chromium --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(built):
    with serve(built.site) as url:
        yield url


def _search(chromium, base, query):  # noqa: F811
    session = Session(chromium, base)
    errors: list[str] = []
    session.page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    session.page.on("pageerror", lambda e: errors.append(str(e)))
    session.goto("")
    box = session.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    session.page.wait_for_selector(".md-search-result__item", timeout=15000)
    session.page.wait_for_timeout(300)
    return session, errors


def _paths(page):
    return page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > a",
        "els => els.map(e => new URL(e.href).pathname)",
    )


@browser_test
@pytest.mark.parametrize("query", ["nong thon moi", "nông thôn mới"])
def test_campaign_profile_first_with_marks_typed_or_not(chromium, base, query):  # noqa: F811
    session, errors = _search(chromium, base, query)
    try:
        page = session.page
        paths = _paths(page)
        profiles = [p for p in paths if p.startswith("/guong/") and p.count("/") == 3]
        assert profiles[0] == "/guong/htx-ea-tieu/", paths
        assert paths.index("/guong/htx-ea-tieu/") <= 1, paths  # only the campaign page may precede it
        assert set(paths) <= {"/guong/htx-ea-tieu/", "/guong/nguyen-thi-lan/", "/guong/tran-van-lan/"} | {
            p for p in paths if not p.startswith("/guong/")
        }
        marks = page.locator(".md-search-result__list mark").all_inner_texts()
        assert {"nông", "thôn"} <= {m.lower().strip(".,") for m in marks}, marks
        assert page.locator("label.md-search__overlay").is_visible() or page.is_checked("#__search")
        assert session.foreign_requests() == []
        assert any("/pagefind/pagefind.js" in u for u in session.requests)
        assert not any("search_index.json" in u for u in session.requests)
        assert errors == []
    finally:
        session.close()


@browser_test
def test_d_bar_folded_query_matches_and_is_marked(chromium, base):  # noqa: F811
    session, _ = _search(chromium, base, "dak lak")
    try:
        assert "/guong/htx-ea-tieu/" in _paths(session.page)[:2]
        marks = session.page.locator(".md-search-result__list h1 mark").all_inner_texts()
        assert "Đắk" in marks and "Lắk" in marks, marks  # title marked here, fold-aware
    finally:
        session.close()


@browser_test
def test_hostile_title_shows_as_text(chromium, base):  # noqa: F811
    session, errors = _search(chromium, base, "zebrawordx")
    try:
        page = session.page
        assert _paths(page) == ["/guong/hostile/"]
        title = page.locator(".md-search-result__article h1").first
        assert "<img" in title.inner_text() and "<b>" in title.inner_text()
        assert page.locator(".md-search-result__list img, .md-search-result__list b").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert errors == []
    finally:
        session.close()


@browser_test
def test_excluded_pages_are_not_in_the_index(chromium, base):  # noqa: F811
    session = Session(chromium, base)
    try:
        session.goto("")
        found = session.page.evaluate(
            """async () => {
              const pf = await import('/pagefind/pagefind.js');
              const urls = async q => Promise.all((await pf.search(q)).results.map(async r => (await r.data()).url));
              return {withdrawn: await urls('quokkaword'), all: await urls('gương'), lan: await urls('lan')};
            }"""
        )
        assert found["withdrawn"] == []
        assert "/guong/nguyen-thi-lan/" in found["lan"]
        for url in found["all"] + found["lan"]:
            assert not url.startswith(
                ("/trien-lam/", "/nhung/", "/ky-yeu/", "/bao-cao/", "/guong/da-thu-hoi/")
            ), url
    finally:
        session.close()
