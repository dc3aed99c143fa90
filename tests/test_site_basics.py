"""Pages at the contract's URLs, built for real with `mkdocs build --strict`."""

from sitekit import Site


def test_profile_page_has_every_part(site: Site):
    site.add_profile(
        "nguyen-van-an", folder="2024",
        summary="Lede của hồ sơ.", awards=["Chiến sĩ thi đua cơ sở", {"title": "Bằng khen", "year": 2023, "by": "UBND tỉnh"}],
        author="Hoàng Minh", updated="2024-06-01", occasion="thi-dua-ai-quoc",
    )
    result = site.build().ok()
    page = result.page("guong/nguyen-van-an/")
    text = page.text_content()
    assert page.xpath("//h1")[0].text_content() == "Nguyễn Văn An – nông dân giỏi"
    for expected in ("Lede của hồ sơ.", "19/05/2024", "01/06/2024", "Hoàng Minh", "Hội Nông dân xã Ea Tiêu",
                     "Bằng khen (UBND tỉnh, 2023)", "Lời kêu gọi thi đua ái quốc", "Đoạn mở đầu"):
        assert expected in text
    links = set(page.xpath("//ul[contains(@class,'guong-badges')]//a/@href"))
    assert {"../../linh-vuc/nong-nghiep/", "../../cap/tinh/", "../../doi-tuong/ca-nhan/",
            "../../quy/2024-q2/", "../../phong-trao/nong-thon-moi/"} <= links
    # ASCII heading anchors: "Đổi mới ở Đắk Lắk"
    assert page.xpath("//h2[@id='doi-moi-o-dak-lak']")
