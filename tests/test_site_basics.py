"""Pages at the contract's URLs, built for real with `mkdocs build --strict`."""

from sitekit import Site


def test_profile_page_has_every_part(site: Site):
    site.add_profile(
        "nguyen-van-an",
        folder="2024",
        summary="Lede của hồ sơ.",
        awards=["Chiến sĩ thi đua cơ sở", {"title": "Bằng khen", "year": 2023, "by": "UBND tỉnh"}],
        author="Hoàng Minh",
        updated="2024-06-01",
        occasion="thi-dua-ai-quoc",
    )
    result = site.build().ok()
    page = result.page("guong/nguyen-van-an/")
    text = page.text_content()
    assert page.xpath("//h1")[0].text_content() == "Nguyễn Văn An – nông dân giỏi"
    for expected in (
        "Lede của hồ sơ.",
        "19/05/2024",
        "01/06/2024",
        "Hoàng Minh",
        "Hội Nông dân xã Ea Tiêu",
        "Bằng khen (UBND tỉnh, 2023)",
        "Lời kêu gọi thi đua ái quốc",
        "Đoạn mở đầu",
    ):
        assert expected in text
    links = set(page.xpath("//ul[contains(@class,'guong-badges')]//a/@href"))
    assert {
        "../../linh-vuc/nong-nghiep/",
        "../../cap/tinh/",
        "../../doi-tuong/ca-nhan/",
        "../../quy/2024-q2/",
        "../../phong-trao/nong-thon-moi/",
    } <= links
    # ASCII heading anchors: "Đổi mới ở Đắk Lắk"
    assert page.xpath("//h2[@id='doi-moi-o-dak-lak']")


# --- what readers see around the content: 404, footer, valid markup (issue 13) ----------

from lxml import etree  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

ROLE_LESS_LABEL_ALLOWED = {
    "a",
    "button",
    "nav",
    "section",
    "form",
    "ul",
    "ol",
    "dialog",
    "input",
    "select",
    "textarea",
    "img",
    "iframe",
    "video",
    "audio",
    "label",
    "aside",
    "header",
    "footer",
    "main",
    "table",
    "details",
    "summary",
    "area",
    "meter",
    "progress",
    "output",
    "svg",
    "article",
    "fieldset",
    "figure",
    "search",
}


def _pages(result):
    return sorted(result.site.rglob("*.html"))


def nu_template_problems(path, root) -> list[str]:
    """The Nu Html Checker errors issue 13 found in our templates, checked with lxml:
    aria-label on an element whose (implicit) role does not allow naming (span, div, p, time
    without a role), a <time> with neither datetime nor a valid text, and an <h1> inside an
    <article> nested in another article."""
    problems = []
    for el in root.xpath("//*[@aria-label][not(@role)]"):
        if el.tag in ("span", "div", "p", "time", "b", "i", "em", "strong", "small", "code"):
            problems.append(f"{path}: aria-label on <{el.tag} class={el.get('class')!r}>")
    for el in root.xpath("//time[not(@datetime)]"):
        problems.append(f"{path}: <time> without datetime ({el.text_content()!r})")
    for el in root.xpath("//template"):  # lxml keeps <template> content as children
        for _t in el.xpath(".//time[not(@datetime)]"):
            problems.append(f"{path}: empty <time> in a template")
    for _h1 in root.xpath("//article//article//h1"):
        problems.append(f"{path}: <h1> in an article inside an article")
    return problems


def test_404_footer_and_markup_are_vietnamese_and_valid(site: Site):
    site.add_profile("nguyen-van-an", updated="2024-06-01")
    site.add_profile("tram-y-te", title="Trạm Y tế xã", date="2024-03-02", field="y-te")
    site.extra_config["copyright"] = "© Ban Thi đua – Khen thưởng tỉnh"
    result = site.build().ok()

    page = result.page("404.html")
    assert page.xpath("//h1")[0].text_content() == "Không tìm thấy trang"
    text = page.text_content()
    assert "Not found" not in text and "Trang bạn tìm không có" in text
    home = page.xpath("//a[normalize-space()='Về trang chủ']/@href")
    assert home == ["/"]  # served at any depth: from the site's root
    form = page.xpath("//form[@role='search']")[0]
    assert form.get("action") == "/" and form.xpath(".//input[@name='q']")  # Material opens ?q=

    for path in _pages(result):
        root = lxml_html.fromstring(path.read_bytes())
        footer = " ".join(root.xpath("//footer//*[contains(@class,'md-copyright')]//text()"))
        assert "Made with" not in footer and "Material for MkDocs" not in footer, path
    assert "Ban Thi đua" in result.page("").xpath("string(//div[@class='md-copyright__highlight'])")

    problems = [
        p
        for path in _pages(result)
        if "admin" not in path.parts
        for p in nu_template_problems(path.relative_to(result.site), lxml_html.fromstring(path.read_bytes()))
    ]
    assert problems == []
    # the counts that lost their aria-label still say what they count, to screen readers
    count = result.page("linh-vuc/").xpath("//span[@class='guong-count']")[0]
    assert count.xpath("string(span[@class='guong-sr-only'])").strip() == "gương điển hình"


def test_footer_credit_can_be_shown_in_vietnamese(site: Site):
    site.plugin_config["footer_credit"] = True
    site.add_profile("nguyen-van-an")
    result = site.build().ok()
    footer = " ".join(result.page("").xpath("//*[contains(@class,'md-copyright')]//text()")).split()
    assert "Xây dựng bằng Material for MkDocs" in " ".join(footer)
    assert "Made" not in footer


def test_sitemap_lastmod_is_each_pages_own_date(site: Site):
    site.add_profile("nguyen-van-an", updated="2024-06-01")
    site.add_profile("tram-y-te", title="Trạm Y tế xã", date="2024-03-02 08:30", field="y-te")
    site.write("gioi-thieu.md", "# Giới thiệu\n\nTrang của cơ quan.\n")
    site.extra_config["nav"] = ["gioi-thieu.md"]
    result = site.build().ok()
    tree = etree.parse(str(result.site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        u.findtext("s:loc", namespaces=ns).removeprefix("https://guong.example.gov.vn/"): u.findtext(
            "s:lastmod", namespaces=ns
        )
        for u in tree.xpath("//s:url", namespaces=ns)
    }
    assert lastmod["guong/nguyen-van-an/"] == "2024-06-01"  # updated
    assert lastmod["guong/tram-y-te/"] == "2024-03-02"  # date
    assert lastmod["linh-vuc/y-te/"] == "2024-03-02"  # a list: its newest entry
    assert lastmod["linh-vuc/nong-nghiep/"] == "2024-06-01"
    assert lastmod[""] == "2024-06-01"
    assert lastmod["gioi-thieu/"] is None  # no date of its own: no lastmod, not the build day
    assert lastmod["linh-vuc/xay-dung-dang/"] is None  # an empty list
    assert lastmod["linh-vuc/"] is None
    import datetime

    assert datetime.date.today().isoformat() not in lastmod.values()
