"""JSON-LD, Open Graph text and share links: parseable, complete, and safe for hostile titles."""

import json
import re
from urllib.parse import parse_qs, urlsplit

from guong.outputs.social import dump_jsonld
from sitekit import Site

HOSTILE = '</script><script>alert(1)</script> & <!-- "Lan"'


def _jsonld(page) -> dict:
    scripts = page.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_dump_jsonld_cannot_close_its_script():
    text = dump_jsonld({"headline": HOSTILE})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"headline": HOSTILE}


def test_profile_jsonld_is_a_news_article_about_a_person_with_awards(site: Site):
    site.add_profile(
        "an",
        author="Hoàng Minh",
        updated="2024-06-01 08:30",
        awards=["Chiến sĩ thi đua cơ sở", {"title": "Bằng khen", "year": 2023, "by": "UBND tỉnh"}],
    )
    site.add_profile(
        "htx", title="Hợp tác xã Thới Thạnh Xanh: làm giàu từ lúa sạch", kind="tap-the", awards=["Cờ thi đua"]
    )
    site.add_profile("ho", title="Hộ ông Y Blim Niê", kind="ho-gia-dinh")
    result = site.build().ok()

    data = _jsonld(result.page("guong/an/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Nguyễn Văn An – nông dân giỏi"
    assert data["datePublished"] == "2024-05-19T00:00:00+07:00"
    assert data["dateModified"] == "2024-06-01T08:30:00+07:00"
    assert data["author"] == {"@type": "Person", "name": "Hoàng Minh"}
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]
    assert data["image"][0] == "https://guong.example.gov.vn/assets/guong/the/guong/an.png"
    assert (result.site / "assets/guong/the/guong/an.png").is_file()
    assert data["about"]["@type"] == "Person" and data["about"]["name"] == "Nguyễn Văn An"
    assert data["about"]["award"] == ["Chiến sĩ thi đua cơ sở", "Bằng khen (UBND tỉnh, 2023)"]
    assert data["mainEntityOfPage"]["@id"] == data["url"] == "https://guong.example.gov.vn/guong/an/"

    htx = _jsonld(result.page("guong/htx/"))
    assert htx["about"] == {
        "@type": "Organization",
        "name": "Hợp tác xã Thới Thạnh Xanh",
        "award": ["Cờ thi đua"],
        "address": {"@type": "PostalAddress", "addressLocality": "Đắk Lắk", "addressCountry": "VN"},
    }
    assert htx["author"]["@type"] == "Organization"  # no author: the publisher
    assert _jsonld(result.page("guong/ho/"))["about"]["@type"] == "Organization"
    # Lists are not articles.
    assert not result.page("guong/").xpath("//script[@type='application/ld+json']")


def test_hostile_title_stays_inside_jsonld_and_meta(site: Site):
    site.add_profile("doc-hai", title=HOSTILE, summary=HOSTILE, awards=[HOSTILE])
    result = site.build().ok()
    raw = (result.site / "guong/doc-hai/index.html").read_text("utf-8")
    assert "<script>alert(1)" not in raw
    page = result.page("guong/doc-hai/")
    data = _jsonld(page)
    assert data["headline"] == HOSTILE and data["description"] == HOSTILE
    assert data["about"]["award"] == [HOSTILE]
    for key in ("headline", "datePublished", "dateModified", "image", "author", "publisher", "about"):
        assert data[key], key
    assert page.xpath("//meta[@property='og:title']/@content") == [HOSTILE]
    assert page.xpath("//meta[@name='twitter:description']/@content") == [HOSTILE]
    executable = [s for s in page.xpath("//script") if s.get("type") != "application/ld+json"]
    assert all("alert" not in (s.text or "") for s in executable)


def test_share_links_are_plain_links_without_third_party_scripts(site: Site):
    site.add_profile("an")
    result = site.build().ok()
    page = result.page("guong/an/")
    url = "https://guong.example.gov.vn/guong/an/"
    facebook = page.xpath("//nav[@class='guong-share']//a[contains(@class,'facebook')]/@href")[0]
    assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?")
    assert parse_qs(urlsplit(facebook).query)["u"] == [url]
    zalo = page.xpath("//nav[@class='guong-share']//a[contains(@class,'zalo')]/@href")[0]
    assert urlsplit(zalo).hostname.endswith("zalo.me") and url in parse_qs(urlsplit(zalo).query)["url"]
    assert page.xpath("//button[@data-guong-copy]/@data-guong-copy") == [url]
    for src in page.xpath("//script/@src"):
        assert not re.match(r"(https?:)?//", src), src
    assert not [s for s in page.xpath("//script[not(@src)]") if "guong-copy" in (s.text or "")]
    scripts = page.xpath("//script/@src")
    assert any(s.endswith("assets/guong/share.js") for s in scripts)
    assert "data-guong-copy" in (result.site / "assets/guong/share.js").read_text("utf-8")
    assert result.page("phong-trao/nong-thon-moi/").xpath("//nav[@class='guong-share']")


def test_headline_is_cut_at_a_word_within_110_characters():
    from guong.outputs.social import headline

    short = "Nguyễn Văn An – nông dân giỏi"
    assert headline(short) == short
    long = (
        "Chị Hoàng Thị Lan, Bí thư Chi đoàn thôn 3, xã Ea Tiêu, huyện Cư Kuin: mười năm "
        "đưa thanh niên làng về lập nghiệp trên đất quê hương"
    )
    cut = headline(long)
    assert len(cut) <= 110 and cut.endswith("…") and cut != long
    assert long.startswith(cut[:-1]) and long[len(cut) - 1] in " ,"  # at a word boundary
    assert headline("x" * 200) == "x" * 109 + "…"  # one long word: cut inside it


def test_publisher_logo_long_headline_and_home_title(site: Site):
    long = (
        "Chị Hoàng Thị Lan, Bí thư Chi đoàn thôn 3, xã Ea Tiêu, huyện Cư Kuin: mười năm "
        "đưa thanh niên làng về lập nghiệp trên đất quê hương"
    )
    site.add_profile("lan", title=long)
    result = site.build().ok()
    data = _jsonld(result.page("guong/lan/"))
    assert len(data["headline"]) <= 110 and data["headline"].endswith("…")
    logo = data["publisher"]["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"] == "https://guong.example.gov.vn/assets/guong/logo.png"
    from PIL import Image

    with Image.open(result.site / "assets/guong/logo.png") as img:
        assert img.format == "PNG" and img.size[0] >= 112 and img.size[0] == img.size[1]
    home = result.page("")
    assert home.xpath("//meta[@property='og:title']/@content") == ["Gương điển hình thử nghiệm"]
    assert home.xpath("//meta[@name='twitter:title']/@content") == ["Gương điển hình thử nghiệm"]


def test_publisher_logo_is_the_themes_raster_logo(site: Site):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (160, 160), (0, 90, 160)).save(buf, "PNG")
    (site.root / "overrides/assets").mkdir(parents=True)
    (site.root / "overrides/assets/logo-co-quan.png").write_bytes(buf.getvalue())
    site.add_profile("an")
    site.extra_config["theme"] = site.config()["theme"] | {
        "logo": "assets/logo-co-quan.png",
        "custom_dir": "overrides",
    }
    result = site.build().ok()
    logo = _jsonld(result.page("guong/an/"))["publisher"]["logo"]
    assert logo["url"] == "https://guong.example.gov.vn/assets/logo-co-quan.png"
    assert (result.site / "assets/logo-co-quan.png").is_file()
    assert not (result.site / "assets/guong/logo.png").exists()


def test_publisher_logo_never_points_at_a_missing_file(site: Site):
    """A theme logo the site does not publish gives the drawn PNG logo, never a dead URL."""
    site.add_profile("an")
    site.extra_config["theme"] = site.config()["theme"] | {"logo": "assets/missing.png"}
    result = site.build(strict=False)
    logo = _jsonld(result.page("guong/an/"))["publisher"]["logo"]
    assert logo["url"] == "https://guong.example.gov.vn/assets/guong/logo.png"
    assert (result.site / "assets/guong/logo.png").is_file()
