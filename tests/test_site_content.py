"""What gets published, and where: sections, pagination, drafts, private data, NFC, escaping."""

import json
import unicodedata

from sitekit import Site, frontmatter_text, profile


def listed(result, section_url: str) -> list[str]:
    """Profile URLs listed on every page of a section, following the pagination links."""
    found, url, seen = [], section_url, set()
    while url and url not in seen:
        seen.add(url)
        page = result.page(url)
        found += [
            h.rsplit("/guong/", 1)[-1].strip("/")
            for h in page.xpath("//h3[@class='guong-card__title']/a/@href")
        ]
        nxt = page.xpath("//nav[@class='guong-pagination']/a[@rel='next']/@href")
        url = _resolve(url, nxt[0]) if nxt else None
    return found


def _resolve(base: str, href: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join(base, href)) + "/"


def test_sections_list_exactly_their_profiles_across_pages(site: Site):
    site.plugin_config["page_size"] = 2
    site.add_campaign("dan-van-kheo", title="Dân vận khéo")
    for i in range(5):
        site.add_profile(f"nn-{i}", date=f"2024-0{i + 1}-10", field="Nông nghiệp, nông thôn")
    site.add_profile(
        "yt-1",
        date="2023-03-01",
        field="y-te",
        kind="tap-the",
        level="co-so",
        campaign=["nong-thon-moi", "Dân vận khéo"],
    )
    result = site.build().ok()
    assert listed(result, "linh-vuc/nong-nghiep/") == [f"nn-{i}" for i in (4, 3, 2, 1, 0)]
    assert (result.site / "linh-vuc/nong-nghiep/page/3/index.html").exists()
    assert listed(result, "linh-vuc/y-te/") == ["yt-1"]
    assert listed(result, "doi-tuong/tap-the/") == ["yt-1"]
    assert listed(result, "cap/co-so/") == ["yt-1"]
    assert listed(result, "quy/2023-q1/") == ["yt-1"]
    assert listed(result, "quy/2024-q1/") == ["nn-2", "nn-1", "nn-0"]
    assert listed(result, "phong-trao/dan-van-kheo/") == ["yt-1"]
    assert len(listed(result, "phong-trao/nong-thon-moi/")) == 6
    assert len(listed(result, "guong/")) == 6
    # every field, level and kind has a page, even when empty; indexes show counts
    index = result.page("linh-vuc/")
    counts = {
        a.text_content(): a.getnext().text.strip() for a in index.xpath("//ul[@class='guong-index']/li/a")
    }
    assert (
        counts["Nông nghiệp, nông thôn"] == "5" and counts["Y tế"] == "1" and counts["Xây dựng Đảng"] == "0"
    )
    assert (result.site / "linh-vuc/xay-dung-dang/index.html").exists()
    labels = list(counts)
    assert labels.index("Doanh nghiệp, doanh nhân") < labels.index("Giáo dục - Đào tạo")
    for url in ("cap/", "doi-tuong/", "quy/", "phong-trao/", ""):
        assert result.page(url).xpath("//h1")


def test_profiles_in_subfolders_keep_flat_urls(site: Site):
    site.add_profile("o-goc", folder="")
    site.add_profile("o-sau", folder="2024/thang-5")
    result = site.build().ok()
    assert (result.site / "guong/o-goc/index.html").exists()
    assert (result.site / "guong/o-sau/index.html").exists()
    assert not (result.site / "guong/2024").exists()


def test_drafts_and_scheduled_profiles_are_absent_everywhere(site: Site):
    site.add_profile("cong-khai", title="Hồ sơ công khai")
    site.add_profile("ban-nhap", title="BANNHAP-Tiêu đề nháp", draft=True, summary="BANNHAP-lede")
    site.add_profile("hen-gio", title="HENGIO-Tiêu đề hẹn giờ", date="2026-01-05 08:00")
    result = site.build().ok()
    everything = result.text_of_all_outputs()
    assert "Hồ sơ công khai" in everything
    for marker in ("BANNHAP", "HENGIO", "ban-nhap", "hen-gio"):
        assert marker not in everything
    site.plugin_config["build_date"] = "2026-01-05 08:00"
    later = site.build().ok()
    assert (later.site / "guong/hen-gio/index.html").exists()
    assert "BANNHAP" not in later.text_of_all_outputs()


def test_private_values_reach_no_output(site: Site):
    site.add_profile(
        "a",
        private={
            "so_dien_thoai": "RIENGTU-0900111222",
            "ghi_chu": "RIENGTU-nhan-xet",
            "dia_chi": {"thon": "RIENGTU-thon-3"},
        },
    )
    result = site.build().ok()
    everything = result.text_of_all_outputs()
    assert "RIENGTU" not in everything
    assert (result.site / "guong/a/index.html").exists()


def test_nfd_file_gives_nfc_output_and_same_slug(site: Site):
    text = frontmatter_text(
        profile(title="Bà Nguyễn Thị Ánh Tuyết", unit="Hội Phụ nữ xã Đông Hòa", field="Văn hoá, thể thao"),
        "Bà Ánh Tuyết đã dạy hát bội cho thiếu nhi ở Đắk Lắk.\n",
    )
    site.write("guong/2024/ba-anh-tuyet.md", unicodedata.normalize("NFD", text))
    result = site.build().ok()
    raw = (result.site / "guong/ba-anh-tuyet/index.html").read_text("utf-8")
    for phrase in (
        "Bà Nguyễn Thị Ánh Tuyết",
        "Hội Phụ nữ xã Đông Hòa",
        "dạy hát bội cho thiếu nhi ở Đắk Lắk",
    ):
        assert unicodedata.normalize("NFC", phrase) in raw
    assert unicodedata.normalize("NFD", "Ánh Tuyết") not in raw
    assert "ba-anh-tuyet" in (result.site / "linh-vuc/van-hoa-the-thao/index.html").read_text("utf-8")


HOSTILE = '<img src=x onerror=alert(1)></title><script>alert(2)</script> & "Lan"'


def test_hostile_frontmatter_stays_text(site: Site):
    site.add_campaign("doc-hai", title=HOSTILE, lead=HOSTILE, summary=HOSTILE)
    site.add_profile(
        "doc-hai",
        title=HOSTILE,
        summary=HOSTILE,
        unit=HOSTILE,
        locality=HOSTILE,
        author=HOSTILE,
        awards=[HOSTILE],
        tags=[HOSTILE],
        campaign="doc-hai",
        body="Câu chuyện <script>alert(3)</script> <b onclick='alert(4)'>đậm</b> "
        '<iframe src="https://evil.example/x"></iframe>'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>\n',
    )
    result = site.build().ok()
    for path in result.site.rglob("*.html"):
        doc = result.page(str(path.relative_to(result.site)))
        assert not doc.xpath("//img[@onerror]"), path
        assert not doc.xpath("//*[@onclick]"), path
        # JSON-LD is data, not code: it carries the title (escaped, see test_social.py).
        scripts = " ".join(s.text_content() for s in doc.xpath("//script[not(@type='application/ld+json')]"))
        assert "alert" not in scripts, path
        assert not doc.xpath("//iframe[contains(@src,'evil.example')]"), path
    page = result.page("guong/doc-hai/")
    assert page.xpath("//h1")[0].text_content() == HOSTILE
    assert page.xpath("//title")[0].text_content().startswith(HOSTILE)
    assert page.xpath("//meta[@name='description']/@content")[0] == HOSTILE
    assert page.xpath("//iframe[starts-with(@src,'https://www.youtube-nocookie.com/')]")
    index = json.loads((result.site / "search/search_index.json").read_text("utf-8"))
    titles = [doc["title"] for doc in index["docs"] if doc["location"].startswith("guong/doc-hai/")]
    assert titles and all("<img" not in t and "<script" not in t for t in titles)
    assert all("<script" not in doc["text"] for doc in index["docs"])


def test_home_campaigns_and_nav(site: Site):
    site.add_campaign("cu", title="Phong trào đã xong", period="2016-2020")
    site.add_campaign("moi", title="Phong trào sắp tới", period="2026-2030")
    site.add_profile("a", campaign=["cu", "nong-thon-moi"])
    result = site.build().ok()
    campaigns = [a.text_content() for a in result.page("phong-trao/").xpath("//article/h2/a")]
    assert campaigns[0] == "Chung sức xây dựng nông thôn mới"  # current (2021-2025 in 2025) first
    assert campaigns.index("Phong trào sắp tới") < campaigns.index("Phong trào đã xong")
    home = result.page("")
    assert home.xpath("//h3[@class='guong-card__title']/a[contains(@href,'guong/a/')]")
    hrefs = set(home.xpath("//a/@href"))
    assert {"linh-vuc/", "cap/", "doi-tuong/", "quy/", "phong-trao/"} <= hrefs
    nav = " ".join(home.xpath("//nav[contains(@class,'md-nav--primary')]//text()"))
    for label in (
        "Gương điển hình",
        "Lĩnh vực",
        "Cấp công nhận",
        "Đối tượng",
        "Phong trào thi đua",
        "Quý giới thiệu",
    ):
        assert label in nav
    assert "Nguyễn Văn An" not in nav and "Y tế" not in nav  # only taxonomy indexes in the tree
    campaign = result.page("phong-trao/nong-thon-moi/")
    text = campaign.text_content()
    assert "2021-2025" in text and "Ủy ban MTTQ Việt Nam tỉnh" in text and "Tiêu chí một." in text
