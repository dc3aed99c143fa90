"""Withdrawal, corrections, follow-up (`follows`), the Google News sitemap and robots.txt,
on real builds read with lxml, feedparser and json."""

from __future__ import annotations

import html
import json

import feedparser
import pytest
from lxml import etree

from sitekit import new_site

NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
REASON = "Quyết định 45/QĐ-UBND hủy bỏ quyết định khen thưởng <đặc biệt> & kê khai sai"


def lifecycle_site(tmp_path, withdrawn: bool = True):
    site = new_site(tmp_path)
    site.add_profile("song", title="Lê Văn Sống – nông dân", date="2024-06-01")
    gone = {"status": "withdrawn", "withdrawn": {"date": "2025-06-01", "reason": REASON}} if withdrawn else {}
    site.add_profile(
        "gone",
        title="Trần Văn Gian – người bị thu hồi",
        date="2024-03-01",
        level="huyen",
        unit="Hội Gian",
        **gone,
    )
    site.add_profile(
        "fixed",
        title="Phạm Thị Sửa – y tá",
        date="2025-02-01",
        field="y-te",
        corrections=[{"date": "2025-03-05", "note": "Sửa tên xã Ea Tul"}],
    )
    site.add_profile(
        "y-2023",
        title="Ksor Y Bang – trồng ca cao",
        date="2023-05-01",
        level="huyen",
        folder="2023",
        awards=["Nông dân giỏi cấp huyện"],
    )
    site.add_profile(
        "y-2025",
        title="Ksor Y Bang – hợp tác xã",
        date="2025-12-30 09:15",
        level="tinh",
        folder="2025",
        follows="y-2023",
        awards=["Nông dân giỏi cấp tỉnh"],
    )
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = lifecycle_site(tmp_path_factory.mktemp("lifecycle"))
    return site.build().ok()


def test_withdrawn_profile_leaves_lists_index_search_and_sitemap(built):
    site = built.site
    for url in ("", "guong/", "linh-vuc/nong-nghiep/", "cap/huyen/", "phong-trao/nong-thon-moi/"):
        ends = [h.rstrip("/").split("/")[-1] for h in built.page(url).xpath("//a/@href")]
        assert "gone" not in ends and ("song" in ends or url == "cap/huyen/"), url
    assert "Gian" not in (site / "cap" / "huyen" / "index.html").read_text("utf-8")
    slugs = [p["slug"] for p in json.loads((site / "guong/index.json").read_text("utf-8"))["profiles"]]
    assert "gone" not in slugs and "song" in slugs
    search = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert not [d for d in search["docs"] if "gone" in d["location"] or "Gian" in d["title"]]
    locs = etree.parse(str(site / "sitemap.xml")).xpath("//s:loc/text()", namespaces={"s": SM})
    assert not [u for u in locs if "gone" in u] and any("guong/song/" in u for u in locs)
    assert not (site / "don-vi" / "hoi-gian").exists()
    for page in ("guong/song/", "guong/fixed/"):  # related boxes
        assert "gone" not in [h.rstrip("/").split("/")[-1] for h in built.page(page).xpath("//a/@href")]


def test_withdrawn_url_shows_noindex_notice_without_story_or_photo(built):
    page = built.page("guong/gone/")
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    notice = page.xpath("string(//*[contains(@class,'guong-notice')])")
    assert REASON in notice and "15/03" not in notice and "01/06/2025" in notice
    assert "Nội dung." not in page.text_content() and not page.xpath("//article//img")


def test_feeds_keep_the_withdrawn_item_with_same_guid_and_new_updated(built, tmp_path):
    before = lifecycle_site(tmp_path, withdrawn=False).build().ok()
    for feed in ("rss.xml", "atom.xml", "linh-vuc/nong-nghiep/atom.xml"):
        old = {e.id: e for e in feedparser.parse(str(before.site / feed)).entries}
        new = {e.id: e for e in feedparser.parse(str(built.site / feed)).entries}
        guid = next(g for g in old if g.endswith("guong/gone"))
        assert guid in new, feed
        assert REASON in html.unescape(new[guid].summary) and "Nội dung." not in str(
            new[guid].get("content", "")
        )
        if "updated" in new[guid]:
            assert new[guid].updated.startswith("2025-06-01") and new[guid].updated != old[guid].updated
    data = json.loads((built.site / "feed.json").read_text("utf-8"))
    item = next(i for i in data["items"] if i["id"].endswith("guong/gone"))
    assert item["date_modified"].startswith("2025-06-01") and "image" not in item


def test_corrections_box_json_ld_feed_updated_and_dinh_chinh_page(built):
    page = built.page("guong/fixed/")
    box = page.xpath("string(//*[contains(@class,'guong-corrections-box')])")
    assert "Đính chính" in box and "05/03/2025" in box and "Sửa tên xã Ea Tul" in box
    data = json.loads(page.xpath("//script[@type='application/ld+json']/text()")[0])
    assert data["dateModified"].startswith("2025-03-05")
    assert data["correction"][0]["@type"] == "CorrectionComment"
    entry = next(e for e in feedparser.parse(str(built.site / "atom.xml")).entries if e.id.endswith("fixed"))
    assert entry.updated.startswith("2025-03-05")
    listing = built.page("dinh-chinh/")
    items = [
        " ".join(li.text_content().split()) for li in listing.xpath("//ol[@class='guong-corrections']/li")
    ]
    assert len(items) == 2 and "01/06/2025" in items[0] and "Thu hồi" in items[0] and "05/03/2025" in items[1]
    hrefs = listing.xpath("//ol[@class='guong-corrections']//a/@href")
    assert [h.rstrip("/").split("/")[-1] for h in hrefs] == ["gone", "fixed"]


def test_follows_timeline_and_yearbook_upgrade(built):
    page = built.page("guong/y-2025/")
    rows = [
        " ".join(li.text_content().split()) for li in page.xpath("//section[@class='guong-timeline']//li")
    ]
    assert rows[0].startswith("2023 · Cấp huyện · Nông dân giỏi cấp huyện") and rows[1].startswith(
        "2025 · Cấp tỉnh"
    )
    assert page.xpath("//section[@class='guong-timeline']//a/@href")[0].endswith("y-2023/")
    assert built.page("guong/y-2023/").xpath("//section[@class='guong-timeline']")
    book = built.page("ky-yeu/2025/").text_content()
    assert "nâng cấp công nhận từ cấp huyện lên cấp tỉnh" in book
    book_2024 = built.page("ky-yeu/2024/")  # closed year: kept, marked, erratum at the end
    assert built.page("ky-yeu/2024/").xpath("//*[contains(@class,'gb-entry--withdrawn')]")
    assert REASON in book_2024.xpath("string(//section[@id='gb-dinh-chinh'])")


def test_news_sitemap_and_robots(built):
    tree = etree.parse(str(built.site / "sitemap-news.xml"))
    ns = {"s": SM, "n": NEWS}
    assert tree.getroot().tag == f"{{{SM}}}urlset" and tree.getroot().nsmap["news"] == NEWS
    urls = tree.xpath("//s:url", namespaces=ns)
    assert [u.xpath("string(s:loc)", namespaces=ns) for u in urls] == [
        "https://guong.example.gov.vn/guong/y-2025/"
    ]
    news = urls[0].xpath("n:news", namespaces=ns)[0]
    assert news.xpath("string(n:publication/n:name)", namespaces=ns) == "Gương điển hình thử nghiệm"
    assert news.xpath("string(n:publication/n:language)", namespaces=ns) == "vi"
    assert news.xpath("string(n:publication_date)", namespaces=ns) == "2025-12-30T09:15:00+07:00"
    assert news.xpath("string(n:title)", namespaces=ns) == "Ksor Y Bang – hợp tác xã"
    robots = (built.site / "robots.txt").read_text("utf-8").splitlines()
    assert "Sitemap: https://guong.example.gov.vn/sitemap.xml" in robots
    assert "Sitemap: https://guong.example.gov.vn/sitemap-news.xml" in robots


def test_bad_lifecycle_keys_are_errors_naming_file_and_key(tmp_path):
    site = new_site(tmp_path)
    site.add_profile("a", follows="khong-co")
    site.add_profile("b", follows="c")
    site.add_profile("c", follows="b")
    site.add_profile("d", follows="d")
    site.add_profile("e", status="withdrawn")
    site.add_profile("f", withdrawn={"date": "2025-01-01", "reason": "x"})
    site.add_profile("g", corrections=[{"date": "2025-13-01", "note": "x"}])
    result = site.build()
    assert result.returncode != 0
    out = result.output
    assert "guong/2024/a.md: khóa 'follows': không có hồ sơ 'khong-co'" in out
    assert "guong/2024/b.md: khóa 'follows': chuỗi 'follows' quay vòng" in out
    assert "guong/2024/c.md: khóa 'follows'" in out
    assert "guong/2024/d.md: khóa 'follows'" in out
    assert "guong/2024/e.md: khóa 'withdrawn'" in out and "guong/2024/f.md: khóa 'withdrawn'" in out
    assert "guong/2024/g.md: khóa 'corrections'" in out
