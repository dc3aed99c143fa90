"""Vietnamese search without diacritics: folding, the index transformation, its size, and
Material's real search box in headless Chromium."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from browser import Session, browser_test, chromium, serve  # noqa: F401  (fixture)
from guong.content.taxonomy import fold, strip_marks
from guong.outputs import search
from sitekit import new_site


def test_fold_words_keep_only_marked_words_once():
    words = search.fold_words(["Đắk Lắk, Lan và Đắk Nông; đắk lắk"])
    assert words == ["dak", "lak", "va", "nong"]  # "Lan" has no marks: not repeated
    assert all(strip_marks(w) == w and fold(w) == w for w in words)


def test_enrich_adds_folded_fields_and_facts_without_touching_title():
    index = {
        "config": {"fields": {"title": {"boost": 1000}}},
        "docs": [
            {
                "location": "guong/a/",
                "title": "Nguyễn Thị &lt;Lan&gt;",
                "text": "<p>Xây dựng nông thôn mới</p>",
            },
            {"location": "guong/a/#muc", "title": "Mục", "text": "<p>Đổi mới</p>"},
        ],
    }
    search.enrich(index, {"guong/a/": "Đắk Lắk · <Hội> Nông dân"})
    a, section = index["docs"]
    assert a["title"] == "Nguyễn Thị &lt;Lan&gt;"  # still escaped: Material shows it as HTML
    assert a["fold_title"] == "nguyen thi"
    assert a["fold_text"].split() == ["xay", "dung", "nong", "thon", "moi"]
    assert a["fold_facts"].split() == ["dak", "lak", "hoi", "nong", "dan"]  # boosted above the body
    assert a["facts"] == "Đắk Lắk · &lt;Hội&gt; Nông dân"
    assert "facts" not in section and section["fold_text"] == "doi moi"
    assert set(search.FIELDS) <= set(index["config"]["fields"])


def _profiles(site):
    site.add_profile(
        "nguyen-thi-lan",
        title="Nguyễn Thị Lan, người giữ rừng",
        locality="Quảng Trị",
        body="Chị nhiều năm tuần tra bảo vệ rừng đầu nguồn.\n",
        field="phong-chong-thien-tai",
    )
    site.add_profile(
        "tran-van-lan",
        title="Trần Văn Lân, thợ cơ khí sáng tạo",
        locality="Hà Tĩnh",
        body="Anh chế tạo máy gặt nhỏ cho bà con.\n",
        field="lao-dong",
    )
    site.add_profile(
        "htx-ea-tieu",
        title="Hợp tác xã Ea Tiêu",
        locality="Đắk Lắk",
        body="Hợp tác xã góp sức xây dựng nông thôn mới ở xã vùng cao.\n",
    )
    site.add_profile(
        "cong-an-xa",
        title="Công an xã giữ bình yên",
        locality="Cao Bằng",
        body="Tổ tuần tra đêm của xã.\n",
        field="quoc-phong-an-ninh",
    )


def test_index_stays_within_one_point_six_times_the_plain_one(tmp_path, sample_site):
    """Measured against Material's own index of the same content (folding switched off)."""
    from sitekit import ROOT

    enriched = (sample_site / "search" / "search_index.json").stat().st_size
    plain_site = new_site(tmp_path)
    plain_site.extra_config = {"docs_dir": str(ROOT / "content")}
    plain_site.plugin_config.update({"search": {"fold": False}})
    # The sample's encoded photos, as hard links (cache entries are replaced, never written
    # in place): photos do not reach the index, and encoding them again took most of the test.
    photos = ROOT / ".cache/guong/anh"
    if photos.is_dir():
        shutil.copytree(photos, tmp_path / ".cache/guong/anh", copy_function=os.link)
    plain = plain_site.build().ok().site / "search" / "search_index.json"
    data = json.loads(plain.read_text("utf-8"))
    assert not any("fold_text" in d for d in data["docs"])
    assert enriched <= 1.6 * plain.stat().st_size, (enriched, plain.stat().st_size)
    # and the folding did happen on the sample
    folded = json.loads((sample_site / "search" / "search_index.json").read_text("utf-8"))
    assert sum("fold_text" in d for d in folded["docs"]) > 20


def test_index_has_no_private_value_and_escaped_titles(site):
    site.add_profile("x", title="<b>Nguyễn</b> & Lê", locality="Đắk Lắk", private={"phone": "RIENG-TU-0909"})
    result = site.build().ok()
    text = (result.site / "search" / "search_index.json").read_text("utf-8")
    assert "RIENG-TU" not in text
    docs = json.loads(text)["docs"]
    main = next(d for d in docs if d["location"] == "guong/x/")
    assert main["title"] == "&lt;b&gt;Nguyễn&lt;/b&gt; &amp; Lê"
    assert "dak" in (main.get("fold_text", "") + " " + main.get("fold_facts", "")).split()


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("search"))
    _profiles(site)
    with serve(site.build().ok().site) as base:
        yield base


@pytest.fixture(scope="module")
def search_box(chromium, search_site):  # noqa: F811
    """One reader on the served site with Material's search box open: each query below is
    typed into it in turn, as a reader searches again (the index is loaded once)."""
    session = Session(chromium, search_site)
    session.goto("")
    box = session.page.locator("input.md-search__input")
    box.click()
    yield session, box
    session.close()


def results_for(search_box, query: str) -> tuple[list[str], list[str]]:
    """Profile slugs in the order Material's search box lists them, and requests made."""
    session, box = search_box
    page = session.page
    box.fill("")
    box.press("End")  # Material reads the query on keyup: an empty query clears the results
    page.wait_for_selector(".md-search-result__item", state="detached", timeout=15000)
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(300)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    slugs = []
    for href in hrefs:
        parts = href.split("#")[0].strip("/").split("/")
        if len(parts) >= 2 and parts[-2] == "guong" and parts[-1] not in slugs:
            slugs.append(parts[-1])
    return slugs, session.foreign_requests()


SEARCHES = [
    ("nong thon moi", "htx-ea-tieu"),
    ("nông thôn mới", "htx-ea-tieu"),
    ("dak lak", "htx-ea-tieu"),
    ("Đắk Lắk", "htx-ea-tieu"),
    ("Đak lak", "htx-ea-tieu"),  # partly marked
    ("nguyen thi lan", "nguyen-thi-lan"),
    ("Nguyễn Thị Lan", "nguyen-thi-lan"),
    ("tran van lan", "tran-van-lan"),
]


@browser_test
@pytest.mark.parametrize("query,first", SEARCHES)
def test_material_search_box_finds_with_and_without_marks(search_box, query, first):
    slugs, foreign = results_for(search_box, query)
    assert slugs and slugs[0] == first, slugs
    assert foreign == []


@browser_test
def test_marked_query_ranks_the_exact_word_first(search_box):
    marked, _ = results_for(search_box, "Lân")
    plain, _ = results_for(search_box, "lan")
    assert marked[0] == "tran-van-lan" and "nguyen-thi-lan" in marked
    assert plain[0] == "nguyen-thi-lan" and "tran-van-lan" in plain
