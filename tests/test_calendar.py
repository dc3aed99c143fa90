"""Occasion calendar (/dip/), upcoming occasions on the home page, breadcrumbs, related."""

from __future__ import annotations

from sitekit import Site


def test_calendar_lists_occasions_in_day_month_order_with_their_exemplars(site: Site):
    site.add_profile("a", occasion="thi-dua-ai-quoc")
    site.add_profile("b", occasion="quoc-khanh", date="2024-08-30")
    result = site.build().ok()
    cal = result.page("dip/")
    rows = cal.xpath("//table[@class='guong-calendar']/tbody/tr")
    dates = [r.xpath("./td[1]")[0].text_content() for r in rows]
    assert dates[0] == "3/2" and dates[-1] == "22/12" and len(rows) == 19
    months = [tuple(map(int, d.split("/")[::-1])) for d in dates]
    assert months == sorted(months)
    listed = result.page("dip/thi-dua-ai-quoc/").xpath("//h3[@class='guong-card__title']/a/@href")
    assert listed == ["../../guong/a/"]
    nav = result.page("").xpath("//nav[contains(@class,'md-nav--primary')]//a/@href")
    assert "dip/" in nav


def test_home_shows_occasions_of_the_next_sixty_days_from_the_build_date(site: Site):
    site.plugin_config["build_date"] = "2025-05-20"
    site.add_profile("a", occasion="thi-dua-ai-quoc", title="Gương thi đua ái quốc")
    site.add_profile("b", occasion="thuong-binh-liet-si", title="Gương tri ân")
    result = site.build().ok()
    section = result.page("").xpath("//section[@aria-labelledby='guong-sap-toi']")[0]
    names = [h.text_content() for h in section.xpath(".//div[@class='guong-upcoming']/h3")]
    # 11/6 (22 days), 21/6, 28/6; 27/7 is 68 days away; 19/5 was yesterday
    assert names == ["Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc"]
    # occasions without stories are folded into one <details>
    quiet = section.xpath(".//details[contains(@class, 'guong-quiet')]//li/a/text()")
    assert quiet == ["Ngày Báo chí Cách mạng Việt Nam", "Ngày Gia đình Việt Nam"]
    text = section.text_content()
    assert "Gương thi đua ái quốc" in text and "Gương tri ân" not in text
    assert "11/06/2025" in text and "còn 22 ngày" in text


def test_upcoming_wraps_into_next_year(site: Site):
    site.plugin_config["build_date"] = "2025-12-20"
    result = site.build().ok()
    names = result.page("").xpath("//section[@aria-labelledby='guong-sap-toi']//details//li/a/text()")
    assert names[0] == "Ngày thành lập Quân đội nhân dân Việt Nam"
    assert "Ngày thành lập Đảng Cộng sản Việt Nam" in names  # 3/2/2026, 45 days


def crumbs(page) -> list[tuple[str, str | None]]:
    nav = page.xpath("//nav[@aria-label='Đường dẫn']")
    assert len(nav) == 1
    return [(li.text_content(), (li.xpath("./a/@href") or [None])[0]) for li in nav[0].xpath(".//li")]


def test_breadcrumbs_on_profiles_and_sections(site: Site):
    site.add_profile("a", title="Hồ sơ <A>", field="y-te")
    site.add_campaign("dan-van-kheo", title="Dân vận khéo")
    site.plugin_config["page_size"] = 1
    site.add_profile("b", field="y-te", date="2024-01-01")
    result = site.build().ok()
    assert crumbs(result.page("guong/a/")) == [
        ("Trang chủ", "../.."),
        ("Gương điển hình", "../"),
        ("Y tế", "../../linh-vuc/y-te/"),
        ("Hồ sơ <A>", None),
    ]
    assert result.page("guong/a/").xpath("//nav[@aria-label='Đường dẫn']//span[@aria-current='page']")
    assert crumbs(result.page("linh-vuc/y-te/")) == [
        ("Trang chủ", "../.."),
        ("Lĩnh vực", "../"),
        ("Y tế", None),
    ]
    assert crumbs(result.page("linh-vuc/y-te/page/2/")) == [
        ("Trang chủ", "../../../.."),
        ("Lĩnh vực", "../../../"),
        ("Y tế", "../../"),
        ("Trang 2", None),
    ]
    assert crumbs(result.page("phong-trao/nong-thon-moi/"))[1] == ("Phong trào thi đua", "../")
    assert crumbs(result.page("dip/thi-dua-ai-quoc/"))[1] == ("Ngày lễ, kỷ niệm", "../")


def test_related_ranks_campaign_then_field_then_locality(site: Site):
    site.add_campaign("dan-van-kheo", title="Dân vận khéo")
    site.add_profile("me", campaign="nong-thon-moi", field="y-te", locality="Đắk Lắk")
    site.add_profile(
        "same-campaign", campaign="nong-thon-moi", field="giao-duc", locality="Huế", date="2020-01-01"
    )
    site.add_profile("same-field", campaign="dan-van-kheo", field="y-te", locality="Huế", date="2020-01-01")
    site.add_profile(
        "same-place", campaign="dan-van-kheo", field="giao-duc", locality="Dak Lak", date="2020-01-01"
    )
    site.add_profile("nothing", campaign="dan-van-kheo", field="giao-duc", locality="Huế", date="2024-12-01")
    result = site.build().ok()
    related = result.page("guong/me/").xpath(
        "//section[@class='guong-related']//h3[@class='guong-card__title']/a/@href"
    )
    assert related == ["../same-campaign/", "../same-field/", "../same-place/"]  # not "nothing"
