"""/guong/ filters: the JSON they read, the page without JavaScript, and the real page in
headless Chromium (filters narrow the list, the URL restores them, nothing leaves 127.0.0.1)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from lxml import html

from browser import Session, browser_test, chromium, serve  # noqa: F401  (fixture)

PROFILE_KEYS = {
    "slug",
    "title",
    "url",
    "date",
    "date_label",
    "summary",
    "thumbnail",
    "field",
    "level",
    "kind",
    "year",
    "quarter",
    "campaigns",
    "locality",
    "locality_label",
    "initials",
}


def data(site):
    return json.loads((site / "guong" / "index.json").read_text("utf-8"))["profiles"]


def test_filter_data_lists_every_published_profile_with_public_fields_only(site):
    site.add_profile("a", locality="Đắk Lắk", private={"phone": "RIENG-TU-1"}, quarter="2024-Q3")
    site.add_profile("b", date="2023-01-02", field="y-te", locality="Hà Nội")
    site.add_profile("draft", draft=True)
    result = site.build().ok()
    text = (result.site / "guong" / "index.json").read_text("utf-8")
    assert "RIENG-TU" not in text and "draft" not in text
    rows = {p["slug"]: p for p in json.loads(text)["profiles"]}
    assert list(rows) == ["a", "b"]  # newest first
    assert set(rows["a"]) == PROFILE_KEYS
    assert (rows["a"]["year"], rows["a"]["quarter"], rows["a"]["locality"]) == (2024, 3, "dak-lak")
    assert rows["a"]["campaigns"] == ["nong-thon-moi"] and rows["b"]["field"] == "y-te"
    page = result.page("guong/")
    assert page.xpath("//select[@name='dia-phuong']/option[@value='dak-lak']/text()") == ["Đắk Lắk"]
    assert page.xpath("//select[@name='nam']/option/@value") == ["", "2024", "2023"]
    # deterministic: same content, same bytes
    again = site.build().ok()
    assert (again.site / "guong" / "index.json").read_text("utf-8") == text


def test_guong_page_without_javascript_links_every_chuyen_muc(sample_site):
    page = html.fromstring((sample_site / "guong" / "index.html").read_bytes())
    assert page.xpath("//form[@role='search'][@hidden]")  # the form appears only with JS
    links = set(page.xpath("//details[@class='guong-browse']//a/@href"))
    expected = set()
    for prefix in ("linh-vuc", "cap", "doi-tuong", "quy", "phong-trao", "dip"):
        assert f"../{prefix}/" in links
        expected |= {
            f"../{prefix}/{d.parent.name}/"
            for d in (sample_site / prefix).glob("*/index.html")
            if d.parent.name != "page"
        }
    missing = {h for h in expected if h not in links}
    assert len(expected) > 40 and not missing, missing


@browser_test
def test_filters_narrow_the_list_and_the_url_restores_them(chromium, sample_site):  # noqa: F811
    profiles = data(sample_site)
    field, _ = Counter(p["field"] for p in profiles).most_common(1)[0]
    in_field = [p for p in profiles if p["field"] == field]
    year = Counter(p["year"] for p in in_field).most_common(1)[0][0]
    both = [p for p in in_field if p["year"] == year]
    assert 0 < len(both) <= len(in_field) < len(profiles)
    with serve(sample_site) as base:
        s = Session(chromium, base)
        s.goto("guong/")
        page = s.page
        page.wait_for_selector("[data-guong-filters][data-guong-ready]")
        cards = page.locator("[data-guong-results] .guong-card")
        static = html.fromstring((sample_site / "guong" / "index.html").read_bytes())
        first_page = len(static.xpath("//*[@data-guong-results]//article[contains(@class, 'guong-card')]"))
        assert 0 < first_page < len(profiles)
        # no filter: the server's page 1 and its page links stay (no redraw, no layout shift)
        assert cards.count() == first_page and page.locator(".guong-pagination").is_visible()

        page.select_option("select[name=linh-vuc]", field)
        assert cards.count() == min(24, len(in_field))
        page.select_option("select[name=nam]", str(year))
        assert cards.count() == len(both)
        titles = cards.locator("h3 a").all_inner_texts()
        assert titles == [p["title"] for p in both]
        assert f"linh-vuc={field}" in page.url and f"nam={year}" in page.url
        assert str(len(both)) in page.locator("[data-guong-status]").inner_text()

        shared = page.url
        other = Session(chromium, base)  # a reader opening the shared link
        other.page.goto(shared)
        other.page.wait_for_selector("[data-guong-filters][data-guong-ready]")
        assert other.page.locator("select[name=linh-vuc]").input_value() == field
        assert other.page.locator("select[name=nam]").input_value() == str(year)
        assert other.page.locator("[data-guong-results] .guong-card").count() == len(both)

        page.reload()
        page.wait_for_selector("[data-guong-filters][data-guong-ready]")
        assert cards.count() == len(both)
        href = cards.first.locator("h3 a").get_attribute("href")
        assert href.startswith(base) and href.endswith(f"guong/{both[0]['slug']}/")

        page.click(".guong-filters__form button[type=reset]")
        page.wait_for_function("!location.search")
        assert cards.count() == first_page and page.locator(".guong-pagination").is_visible()
        assert str(len(profiles)) in page.locator("[data-guong-status]").inner_text()
        assert s.axe_problems() == []
        assert s.foreign_requests() == [] and other.foreign_requests() == []
        s.close()
        other.close()


@browser_test
@pytest.mark.parametrize("url", ["guong/", "dip/", "dip/thi-dua-ai-quoc/", "", "phong-trao/"])
def test_issue_pages_have_no_serious_axe_problem(chromium, sample_site, url):  # noqa: F811
    with serve(sample_site) as base:
        s = Session(chromium, base, viewport={"width": 390, "height": 844})
        s.goto(url)
        assert s.axe_problems() == []
        assert s.foreign_requests() == []
        s.close()


def test_initials_skip_honorifics():
    from guong.outputs.filters import initials

    assert initials("Nguyễn Văn An – nông dân giỏi") == "NA"
    assert initials("Bác sĩ Lê Thị Hoa: 20 năm ở bản") == "LH"
    assert initials("Hộ ông Y Bin Niê") == "YN"
    assert initials("Thiếu tá Đỗ Minh") == "ĐM"
    assert initials("ông") == "Ô"


def test_province_from_the_last_part_of_locality_with_overrides():
    from guong.content.places import province

    assert province("xã Ea Tiêu, tỉnh Đắk Lắk") == "Đắk Lắk"
    assert province("phường Bến Nghé, Thành phố Hồ Chí Minh") == "Hồ Chí Minh"
    assert province("Đắk Lắk") == "Đắk Lắk"
    assert province("Buôn Ma Thuột", {"buôn ma thuột": "Đắk Lắk"}) == "Đắk Lắk"
    assert province("") == ""
