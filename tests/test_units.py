"""Direct tests of navigation.build, social.page_meta, images.rewrite_story and
feeds.directory: catalogs loaded by the real core from a tmp folder, model objects built in
code, no `mkdocs build`."""

from __future__ import annotations

import itertools
import json
from datetime import datetime

import pytest
from lxml import html as lxml_html

from feedsite import jpeg
from guong.adapter import navigation
from guong.content.catalog import Settings, load_catalog
from guong.content.model import VN_TZ
from guong.content.taxonomy import Taxonomies
from guong.outputs import feeds, images, social
from guong.outputs.cards import CardSpec
from guong.outputs.sections import Listing, PageSpec, ProfileView
from guong.outputs.site import SiteInfo
from sitekit import Site, new_site

NOW = datetime(2025, 12, 31, tzinfo=VN_TZ)
SITE_URL = "https://guong.example.gov.vn/"


def catalog_of(site: Site):
    catalog, _ = load_catalog(site.docs, Settings(Taxonomies.build(), NOW))
    return catalog


def three_profiles(site: Site):
    site.add_campaign("dan-van-kheo", title="Dân vận khéo", period="2021-2030")
    site.add_profile("an", date="2024-05-19", field="nong-nghiep", kind="ca-nhan")
    site.add_profile(
        "tram",
        date="2024-06-01",
        field="y-te",
        kind="tap-the",
        level="co-so",
        campaign=["nong-thon-moi", "dan-van-kheo"],
        title="Trạm y tế xã Ea Tiêu",
        summary="Trạm y tế đạt chuẩn quốc gia.",
        locality="Krông Pắc",
    )
    site.add_profile("nhap", draft=True, field="y-te")
    return catalog_of(site)


# --- navigation.build -------------------------------------------------------------------


def _nav_inputs(tmp_path, srcs_in_nav, srcs_hidden=()):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files, InclusionLevel
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict(
        {"site_name": "x", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")}
    )
    errors, _ = config.validate()
    assert not errors
    files = []
    for src, hidden in [(s, False) for s in srcs_in_nav] + [(s, True) for s in srcs_hidden]:
        (tmp_path / "docs" / src).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / src).write_text("# x\n")
        file = File(
            src,
            config.docs_dir,
            config.site_dir,
            True,
            inclusion=InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.INCLUDED,
        )
        Page(src, file, config)
        files.append(file)
    return Navigation([], []), Files(files)


def test_nav_is_home_then_one_section_per_taxonomy_then_staff_pages(tmp_path):
    specs = {
        src: PageSpec(src, src, "guong/listing.html", None)
        for src in (
            "phong-trao/index.md",
            "phong-trao/nong-thon-moi.md",
            "linh-vuc/index.md",
            "linh-vuc/y-te/index.md",
            "linh-vuc/nong-nghiep/index.md",
            "cap/index.md",
            "ky-yeu/index.md",
        )
    }
    specs["linh-vuc/nong-nghiep/index.md"].in_nav = False  # reached from its index only
    specs["guong/an.md"] = PageSpec("guong/an.md", "An", "guong/profile.html", None, in_nav=False)
    nav, files = _nav_inputs(
        tmp_path,
        [
            "lien-he.md",
            "cap/index.md",
            "index.md",
            "guong/index.md",
            "linh-vuc/y-te/index.md",
            "phong-trao/nong-thon-moi.md",
            "ky-yeu/index.md",
            "phong-trao/index.md",
            "linh-vuc/index.md",
            "huong-dan.md",
        ],
        srcs_hidden=["guong/an.md", "linh-vuc/nong-nghiep/index.md"],
    )
    out = navigation.build(nav, files, specs)

    top = [
        (item.title, [c.file.src_uri for c in item.children]) if item.is_section else item.file.src_uri
        for item in out.items
    ]
    assert top == [
        "index.md",
        "guong/index.md",
        ("Phong trào thi đua", ["phong-trao/index.md", "phong-trao/nong-thon-moi.md"]),
        ("Lĩnh vực", ["linh-vuc/index.md", "linh-vuc/y-te/index.md"]),
        "cap/index.md",
        "ky-yeu/index.md",  # a lone index is a plain link; empty sections are absent
        "lien-he.md",
        "huong-dan.md",  # staff pages last, in file order
    ]
    assert [title for title, _ in navigation.sections()][:2] == ["Phong trào thi đua", "Lĩnh vực"]

    pages = out.pages
    assert [p.file.src_uri for p in pages] == [
        "index.md",
        "guong/index.md",
        "phong-trao/index.md",
        "phong-trao/nong-thon-moi.md",
        "linh-vuc/index.md",
        "linh-vuc/y-te/index.md",
        "cap/index.md",
        "ky-yeu/index.md",
        "lien-he.md",
        "huong-dan.md",
    ]
    assert pages[0].previous_page is None and pages[-1].next_page is None
    for before, after in itertools.pairwise(pages):
        assert before.next_page is after and after.previous_page is before
    section = out.items[2]
    assert all(child.parent is section for child in section.children) and section.parent is None
    assert out.items[0].parent is None


# --- social.page_meta -------------------------------------------------------------------


def test_profile_meta_is_an_article_with_jsonld_and_share_links(tmp_path):
    catalog = three_profiles(new_site(tmp_path))
    site = SiteInfo(SITE_URL, "Gương điển hình", "Mô tả trang.", "Sở Nội vụ")
    tram = catalog.by_slug["tram"]
    spec = PageSpec("guong/tram.md", tram.title, "guong/profile.html", ProfileView(tram, (), (), ()))
    card = CardSpec("assets/guong/the/tram.jpg", tram.title, "Y tế", "", site.name)
    meta = social.page_meta(spec, "bỏ qua", "bỏ qua", "guong/tram/", card, site, catalog, None)

    assert (meta.type, meta.url, meta.title) == ("article", SITE_URL + "guong/tram/", "Trạm y tế xã Ea Tiêu")
    assert meta.description == "Trạm y tế đạt chuẩn quốc gia."
    assert meta.image == SITE_URL + "assets/guong/the/tram.jpg"
    assert meta.image_alt == "Trạm y tế xã Ea Tiêu — Gương điển hình"
    assert meta.share.url == meta.url and "guong.example.gov.vn%2Fguong%2Ftram%2F" in meta.share.facebook
    data = json.loads(meta.jsonld)
    assert data["@type"] == "NewsArticle" and data["url"] == meta.url
    assert data["about"]["@type"] == "Organization"  # a tap-the is an organisation
    assert data["about"]["address"]["addressLocality"] == "Krông Pắc"
    assert data["publisher"]["name"] == "Sở Nội vụ"
    assert data["articleSection"] == catalog.taxonomies.fields["y-te"].label


def test_other_pages_are_websites_without_jsonld_and_cardless_means_no_image(tmp_path):
    catalog = three_profiles(new_site(tmp_path))
    site = SiteInfo(SITE_URL, "Gương điển hình", "Mô tả trang.")
    plain = social.page_meta(None, "", "", "lien-he/", None, site, catalog, None)
    assert (plain.type, plain.title, plain.description, plain.image) == (
        "website",
        "Gương điển hình",
        "Mô tả trang.",
        "",
    )
    assert not plain.jsonld and plain.share is None

    campaign = catalog.campaigns_in_order()[0]
    listing = Listing(
        "campaign",
        campaign.slug,
        campaign.title,
        "",
        campaign.url,
        campaign.url,
        (),
        1,
        (),
        0,
        campaign=campaign,
    )
    spec = PageSpec(campaign.source, campaign.title, "guong/campaign.html", listing)
    meta = social.page_meta(spec, campaign.title, "Tóm tắt", campaign.url, None, site, catalog, None)
    assert meta.type == "website" and meta.description == "Tóm tắt" and meta.share is not None
    field_listing = Listing("field", "y-te", "Y tế", "", "linh-vuc/y-te/", "linh-vuc/y-te/", (), 1, (), 0)
    spec = PageSpec("linh-vuc/y-te/index.md", "Y tế", "guong/listing.html", field_listing)
    assert social.page_meta(spec, "Y tế", "", "linh-vuc/y-te/", None, site, catalog, None).share is None


# --- images.rewrite_story ---------------------------------------------------------------


def _photos(tmp_path):
    docs = tmp_path / "content"
    (docs / "guong/2024/anh").mkdir(parents=True)
    (docs / "guong/2024/anh/an.jpg").write_bytes(jpeg((2000, 1000)))
    settings = images.ImageSettings(widths=(480, 960, 1600))
    return images.Photos(
        docs, settings, images.Cache(tmp_path / "cache"), frozenset({"guong/2024/anh/an.jpg"})
    )


def test_local_images_become_pictures_and_links_go_to_the_largest_jpeg(tmp_path):
    photos = _photos(tmp_path)
    story = (
        '<p>Đầu <img src="anh/an.jpg" title="An"> cuối</p>'
        '<p><a href="anh/an.jpg">ảnh lớn</a> <img src="https://example.org/x.jpg" alt="ngoài"></p>'
    )
    relative = lambda uri: "../../" + uri  # noqa: E731
    out = images.rewrite_story(story, "guong/2024/an.md", photos, relative, "100vw")

    root = lxml_html.fragment_fromstring(out, create_parent="div")
    picture = root.find(".//picture")
    pic = photos.picture("guong/2024/anh/an.jpg")
    assert [v.width for v in pic.variants] == [480, 960, 1600]
    # libxml2 reads <source> as a container, so look the two up instead of by position
    source, img = picture.find("source"), picture.find(".//img")
    assert out.index("<picture><source ") < out.index("<img ")
    assert source.get("type") == "image/webp" and source.get("sizes") == "100vw"
    assert source.get("srcset") == ", ".join(f"../../{v.webp} {v.width}w" for v in pic.variants)
    assert img.get("src") == "../../" + pic.fallback.jpeg and pic.fallback.width == 960
    assert (img.get("width"), img.get("height"), img.get("alt")) == ("1600", "800", "")
    assert (img.get("loading"), img.get("decoding"), img.get("title")) == ("lazy", "async", "An")
    assert picture.tail == " cuối" and root.find("p").text == "Đầu "
    assert root.find(".//a").get("href") == "../../" + pic.largest.jpeg
    assert root.xpath("//img[@alt='ngoài']/@src") == ["https://example.org/x.jpg"]  # untouched
    assert "</source>" not in out and 'an.jpg"' not in out.split("<a")[0].replace(pic.fallback.jpeg, "")


def test_stories_without_local_images_come_back_unchanged(tmp_path):
    photos = _photos(tmp_path)
    story = '<p>Chữ <img src="https://example.org/a.jpg"> <a href="khac.jpg">x</a> &amp; <b>đậm</b></p>'
    assert images.rewrite_story(story, "guong/2024/an.md", photos, str, "100vw") is story


def test_a_broken_story_image_is_named(tmp_path):
    photos = _photos(tmp_path)
    (tmp_path / "content/guong/2024/anh/an.jpg").write_bytes(b"not a jpeg")
    with pytest.raises(images.ImageProblem, match=r"anh/an\.jpg"):
        images.rewrite_story('<img src="anh/an.jpg">', "guong/2024/an.md", photos, str, "100vw")


# --- feeds.directory --------------------------------------------------------------------


def test_directory_has_a_channel_per_section_with_its_profiles_newest_first(tmp_path):
    catalog = three_profiles(new_site(tmp_path))
    catalog_site = feeds.SiteInfo(site_url=SITE_URL, name="Gương", limit=50)
    directory = feeds.directory(catalog, catalog_site)
    tax = catalog.taxonomies

    assert directory.home.kind == "site" and directory.home.slugs == ("tram", "an")
    assert directory.home.page_url == SITE_URL and directory.home.total == 2
    units = len(catalog.by["unit"])  # the introducing units of the published profiles
    expected = 1 + len(tax.fields) + len(tax.levels) + len(tax.kinds) + 2 + units
    assert len(directory.channels) == expected
    by = {(c.kind, c.key): c for c in directory.channels}
    assert by[("field", "y-te")].slugs == ("tram",) and by[("field", "y-te")].path == "linh-vuc/y-te/"
    assert by[("campaign", "nong-thon-moi")].slugs == ("tram", "an")
    assert by[("campaign", "dan-van-kheo")].slugs == ("tram",)
    assert by[("campaign", "dan-van-kheo")].title == "Gương – Phong trào: Dân vận khéo"
    empty = [c for c in directory.channels if c.kind == "field" and c.key not in ("y-te", "nong-nghiep")]
    assert empty and all(c.slugs == () and c.total == 0 for c in empty)  # every term has feeds
    assert [g.title for g in directory.groups][-2:] == ["Phong trào thi đua", "Đơn vị giới thiệu"]
    links = directory.links_for(None)
    assert [link.url for link in links] == [SITE_URL + f for f in ("rss.xml", "atom.xml", "feed.json")]
    listing = Listing("field", "y-te", "Y tế", "", "linh-vuc/y-te/", "linh-vuc/y-te/", (), 1, (), 0)
    assert [link.path for link in directory.links_for(listing)][3:] == [
        "linh-vuc/y-te/rss.xml",
        "linh-vuc/y-te/atom.xml",
        "linh-vuc/y-te/feed.json",
    ]
    assert directory.podcast_slugs == ()


def test_directory_limit_keeps_the_newest_and_the_total(tmp_path):
    catalog = three_profiles(new_site(tmp_path))
    directory = feeds.directory(
        catalog, feeds.SiteInfo(site_url=SITE_URL, name="G", limit=1, directory_urls=False)
    )
    assert directory.home.slugs == ("tram",) and directory.home.total == 2
    campaign = next(c for c in directory.channels if c.key == "dan-van-kheo")
    assert campaign.page_url == SITE_URL + "phong-trao/dan-van-kheo.html"
    field = next(c for c in directory.channels if c.key == "y-te")
    assert field.page_url == SITE_URL + "linh-vuc/y-te/index.html"
