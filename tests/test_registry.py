"""The taxonomy registry: one TaxonomySpec per taxonomy, and everything that lists
taxonomies looping over it. Unit tests run on a catalog built in code (no MkDocs); two
small site builds check the pages, feeds and links end to end."""

from __future__ import annotations

import json
from datetime import datetime

import feedparser
import pytest
from lxml import etree

from guong.adapter import navigation
from guong.content.catalog import Catalog, Settings
from guong.content.model import VN_TZ, Campaign, Profile, Quarter
from guong.content.taxonomy import BUILTIN, Taxonomies, TaxonomySpec, declare, registry
from guong.outputs import feeds, filters, reports, social, yearbook
from guong.outputs.sections import Listing, Planner, TaxonomyIndex, badges_for
from sitekit import new_site

NOW = datetime(2025, 12, 31, tzinfo=VN_TZ)
SITE_URL = "https://guong.example.gov.vn/"


def make_profile(slug: str, date: str, unit: str = "", locality: str = "", **kw) -> Profile:
    when = datetime.fromisoformat(date).replace(tzinfo=VN_TZ)
    values = {
        "field": "y-te",
        "level": "tinh",
        "kind": "ca-nhan",
        "campaigns": ("nong-thon-moi",),
        "quarter": Quarter.of(when),
    }
    values.update(kw)
    return Profile(
        slug=slug,
        source=f"guong/{slug}.md",
        title=f"Hồ sơ {slug}",
        date=when,
        summary="Tóm tắt.",
        body="Nội dung.",
        unit=unit,
        locality=locality,
        **values,
    )


def make_catalog(profiles, taxonomies: Taxonomies | None = None) -> Catalog:
    campaigns = {
        "nong-thon-moi": Campaign(
            "nong-thon-moi", "phong-trao/nong-thon-moi.md", "Chung sức xây dựng nông thôn mới", 2021, 2025
        ),
        "dan-van-kheo": Campaign(
            "dan-van-kheo",
            "phong-trao/dan-van-kheo.md",
            "Dân vận khéo",
            2016,
            2020,
            summary="Phong trào dân vận.",
        ),
    }
    ordered = tuple(sorted(profiles, key=lambda p: (p.date, p.slug), reverse=True))
    return Catalog(Settings(taxonomies or Taxonomies.build(), NOW), ordered, campaigns)


@pytest.fixture()
def catalog() -> Catalog:
    return make_catalog(
        [
            make_profile(
                "an", "2024-05-19", field="nong-nghiep", level="co-so", unit="Sở Y tế", locality="Đắk Lắk"
            ),
            make_profile(
                "binh",
                "2024-08-02",
                kind="tap-the",
                unit="Sở Y Tế",
                locality="Dak Lak",
                campaigns=("nong-thon-moi", "dan-van-kheo"),
                occasion="thay-thuoc",
            ),
            make_profile("cuong", "2025-02-03", quarter=Quarter(2024, 4), unit="Sở Y tế", locality="Cần Thơ"),
            make_profile("dung", "2023-11-20", unit="Đoàn Thanh niên", level="toan-quoc"),
        ]
    )


# --- the registry itself ----------------------------------------------------------------


def test_builtin_registry_is_ordered_and_unique():
    names = [s.name for s in BUILTIN]
    assert names[:6] == ["field", "level", "kind", "quarter", "campaign", "occasion"]
    assert len(set(names)) == len(names)
    assert len({s.prefix for s in BUILTIN}) == len(BUILTIN)
    # the built-in menu: campaigns first, then fields ... occasions, then yearbooks
    assert navigation.SECTIONS[:6] == (
        ("Phong trào thi đua", "phong-trao/"),
        ("Lĩnh vực", "linh-vuc/"),
        ("Cấp công nhận", "cap/"),
        ("Đối tượng", "doi-tuong/"),
        ("Quý giới thiệu", "quy/"),
        ("Ngày lễ, kỷ niệm", "dip/"),
    )
    assert navigation.SECTIONS[-1] == ("Kỷ yếu", "ky-yeu/")
    # the yearbook's chapter groupings are the taxonomies registered with `yearbook`
    assert set(yearbook.GROUPINGS) == {s.name for s in BUILTIN if s.yearbook}


def test_spec_defaults_and_validation():
    spec = TaxonomySpec("thing", "tags", "the", "Thẻ")
    assert (spec.label, spec.noun, spec.attr, spec.eyebrow) == ("Thẻ", "thẻ", "tags", "Chuyên mục · Thẻ")
    assert spec.url("a") == "the/a/" and spec.index_url == "the/"
    with pytest.raises(ValueError, match="order"):
        TaxonomySpec("x", "unit", "x", "X", order="random")
    with pytest.raises(ValueError, match="prefix"):
        TaxonomySpec("x", "unit", "Có Dấu", "X")


def test_declared_taxonomies_are_checked():
    spec = declare({"name": "place", "key": "locality", "prefix": "dia-phuong", "title": "Địa phương"})
    assert spec.terms == "profiles" and spec.feeds and spec.badges and not spec.menu
    assert (
        registry([{"name": "place", "key": "locality", "prefix": "dia-phuong", "title": "Địa phương"}])[-1]
        == spec
    )
    for bad, message in (
        ({"name": "p", "key": "phone", "prefix": "p", "title": "P"}, "key 'phone'"),
        ({"name": "p", "key": "locality", "prefix": "linh-vuc", "title": "P"}, "trùng"),
        ({"name": "field", "key": "locality", "prefix": "p", "title": "P"}, "trùng"),
        ({"name": "p", "key": "locality", "prefix": "guong", "title": "P"}, "đã được dùng"),
        ({"name": "p", "key": "locality", "prefix": "p"}, "thiếu title"),
        ({"name": "p", "key": "locality", "prefix": "p", "title": "P", "colour": 1}, "colour"),
        ({"name": "p", "key": "locality", "prefix": "p", "title": "P", "order": "calendar"}, "order"),
    ):
        with pytest.raises(ValueError, match=message):
            Taxonomies.build(declared=[bad])


# --- the catalog's index ----------------------------------------------------------------


def test_catalog_by_indexes_every_registered_taxonomy(catalog):
    assert set(catalog.by) == {s.name for s in catalog.registry}
    assert [p.slug for p in catalog.by["field"]["y-te"]] == ["cuong", "binh", "dung"]
    assert catalog.by["field"]["giao-duc"] == ()  # configured terms exist without profiles
    assert [p.slug for p in catalog.by["campaign"]["dan-van-kheo"]] == ["binh"]
    assert [p.slug for p in catalog.by["occasion"]["thay-thuoc"]] == ["binh"]
    # quarters are derived, newest quarter first (cuong's quarter is set to 2024-Q4)
    assert list(catalog.by["quarter"]) == ["2024-q4", "2024-q3", "2024-q2", "2023-q4"]
    assert catalog.terms["quarter"]["2024-q4"].label == "Quý IV/2024"
    # campaigns are derived from their files, current first
    assert [t.key for t in catalog.terms["campaign"]] == ["nong-thon-moi", "dan-van-kheo"]


def test_planner_plans_every_taxonomy_with_pages_in_menu_order(catalog):
    specs = Planner(catalog).plan()
    srcs = [s.src_uri for s in specs]
    indexes = [s.src_uri for s in specs if isinstance(s.view, TaxonomyIndex)]
    assert indexes[:6] == [
        "phong-trao/index.md",
        "linh-vuc/index.md",
        "cap/index.md",
        "doi-tuong/index.md",
        "quy/index.md",
        "dip/index.md",
    ]
    assert "quy/2024-q4/index.md" in srcs and "phong-trao/nong-thon-moi.md" in srcs
    quarter = next(s for s in specs if s.src_uri == "quy/2024-q4/index.md").view
    assert isinstance(quarter, Listing) and quarter.kind == "quarter"
    assert [p.slug for p in quarter.entries] == ["cuong"]
    assert quarter.description == "Gương điển hình giới thiệu trong Quý IV/2024."
    home = specs[0].view
    assert [i.url for i in home.indexes][:6] == [
        "phong-trao/",
        "linh-vuc/",
        "cap/",
        "doi-tuong/",
        "quy/",
        "dip/",
    ]


def test_badges_follow_the_registry(catalog):
    badges = Planner(catalog).badges(catalog.by_slug["binh"])
    kinds = [b.kind for b in badges]
    assert kinds[:6] == ["field", "level", "kind", "quarter", "campaign", "campaign"]
    assert badges[3].url == "quy/2024-q3/" and badges[3].kind_label == "Quý"
    assert badges[5].url == "phong-trao/dan-van-kheo/"
    on_cards = badges_for(catalog, catalog.by_slug["binh"], "cards")
    assert [b.kind for b in on_cards] == ["field", "level", "kind"]  # cards stay small


def test_feeds_reports_filters_and_cards_loop_over_the_registry(catalog):
    site = feeds.SiteInfo(SITE_URL, "Gương")
    directory = feeds.directory(catalog, site)
    kinds = [c.kind for c in directory.channels]
    assert kinds[0] == "site" and "quarter" not in kinds and "occasion" not in kinds
    campaign = next(c for c in directory.channels if c.key == "dan-van-kheo")
    assert campaign.title == "Gương – Phong trào: Dân vận khéo"
    assert campaign.description == "Phong trào dân vận."
    field = next(c for c in directory.channels if (c.kind, c.key) == ("field", "y-te"))
    assert field.description == "Gương điển hình tiên tiến thuộc lĩnh vực Y tế."
    items = feeds.Items(catalog, site, {}, ".", ".")
    terms = [c.term for c in items.categories(catalog.by_slug["binh"])]
    assert terms[:5] == ["y-te", "tinh", "tap-the", "nong-thon-moi", "dan-van-kheo"]

    counts = reports.counts(catalog.profiles, catalog)
    assert list(counts)[:3] == ["Cấp công nhận", "Đối tượng", "Phong trào"]
    assert [c.count for c in counts["Cấp công nhận"]] == [1, 0, 0, 2, 1]
    assert [c.label for c in counts["Phong trào"]] == ["Chung sức xây dựng nông thôn mới", "Dân vận khéo"]

    record = filters.entries(catalog)[0]
    assert (record["field"], record["level"], record["kind"]) == ("y-te", "tinh", "ca-nhan")

    assert social.listing_eyebrow(catalog, "quarter") == "Chuyên mục · Quý giới thiệu"
    assert social.listing_eyebrow(catalog, "campaign") == "Phong trào thi đua"
    assert social.listing_eyebrow(catalog, "occasion") == "Chuyên mục"
    assert social.listing_eyebrow(catalog, "all") == "Chuyên mục"


def test_a_declared_taxonomy_gets_terms_pages_badges_and_feeds():
    tax = Taxonomies.build(
        declared=[
            {
                "name": "place",
                "key": "locality",
                "prefix": "dia-phuong",
                "title": "Địa phương",
                "term_description": "Gương điển hình ở {label}.",
            }
        ]
    )
    cat = make_catalog(
        [
            make_profile("an", "2024-05-19", locality="Đắk Lắk"),
            make_profile("binh", "2024-06-01", locality="Dak Lak"),
            make_profile("cuong", "2024-07-01", locality="Đắk Lắk"),
            make_profile("dung", "2024-08-01", locality="Cần Thơ"),
        ],
        tax,
    )
    # "Đắk Lắk" and "Dak Lak" slugify alike: one term, labelled as most profiles write it
    assert [(t.key, t.label) for t in cat.terms["place"]] == [("can-tho", "Cần Thơ"), ("dak-lak", "Đắk Lắk")]
    assert [p.slug for p in cat.by["place"]["dak-lak"]] == ["cuong", "binh", "an"]
    specs = {s.src_uri: s for s in Planner(cat).plan()}
    assert specs["dia-phuong/index.md"].view.entries[1].count == 3
    assert specs["dia-phuong/dak-lak/index.md"].view.description == "Gương điển hình ở Đắk Lắk."
    assert Planner(cat).badges(cat.by_slug["binh"])[-1].url == "dia-phuong/dak-lak/"
    assert ("place", "dak-lak") in {
        (c.kind, c.key) for c in feeds.directory(cat, feeds.SiteInfo(SITE_URL, "G")).channels
    }
    # feed items get no new <category> unless the declaration asks: existing feeds stay as they are
    items = feeds.Items(cat, feeds.SiteInfo(SITE_URL, "G"), {}, ".", ".")
    assert [c.term for c in items.categories(cat.by_slug["binh"])] == [
        "y-te",
        "tinh",
        "ca-nhan",
        "nong-thon-moi",
    ]
    # not in the menu unless it says so: the built-in menu is unchanged
    assert navigation.sections(tax.registry) == navigation.SECTIONS


def test_label_ties_go_to_the_first_in_vietnamese_order():
    tax = Taxonomies.build(
        declared=[{"name": "place", "key": "locality", "prefix": "dia-phuong", "title": "Địa phương"}]
    )
    cat = make_catalog(
        [
            make_profile("an", "2024-05-19", locality="Dak Lak"),
            make_profile("binh", "2024-06-01", locality="Đắk Lắk"),
        ],
        tax,
    )
    assert cat.terms["place"]["dak-lak"].label == "Dak Lak"  # D before Đ


# --- a built site -------------------------------------------------------------------------


def test_site_declaring_a_taxonomy_in_mkdocs_yml_gets_its_pages(tmp_path):
    site = new_site(tmp_path)
    site.plugin_config["taxonomies"] = [
        {"name": "place", "key": "locality", "prefix": "dia-phuong", "title": "Địa phương", "label": "Nơi"}
    ]
    site.add_profile("nguyen-van-an", locality="Đắk Lắk")
    site.add_profile("tran-thi-binh", locality="Cần Thơ", date="2024-06-02")
    built = site.build().ok()
    index = built.page("dia-phuong/")
    assert index.xpath("//h1")[0].text_content() == "Địa phương"
    links = index.xpath("//ul[@class='guong-index']//a/@href")
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in links] == ["can-tho", "dak-lak"]
    term = built.page("dia-phuong/dak-lak/")
    cards = term.xpath("//article[contains(@class,'guong-card')]//h3//a/@href")
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in cards] == ["nguyen-van-an"]
    for name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((built.site / "dia-phuong/dak-lak" / name).read_bytes())
        assert parsed.bozo == 0 and len(parsed.entries) == 1
    badge = built.page("guong/nguyen-van-an/").xpath("//a[contains(@class,'guong-badge--place')]")
    assert badge and badge[0].get("href").rstrip("/").endswith("dia-phuong/dak-lak")
    assert badge[0].get("title") == "Nơi: Đắk Lắk"
    opml = etree.fromstring((built.site / "feeds.opml").read_bytes())
    assert SITE_URL + "dia-phuong/dak-lak/rss.xml" in opml.xpath("//outline/@xmlUrl")
    # no menu position: not in the nav, so no other page changes
    nav = built.page("").xpath("//nav[contains(@class,'md-nav--primary')]//a/@href")
    assert not any("dia-phuong" in h for h in nav)
    # not on the cards in lists unless declared with `cards: true`
    assert not term.xpath(
        "//article[contains(@class,'guong-card')]//a[contains(@class,'guong-badge--place')]"
    )
    site.plugin_config["taxonomies"][0]["cards"] = True
    card_badge = (
        site.build()
        .ok()
        .page("guong/")
        .xpath("//article[contains(@class,'guong-card')]//a[contains(@class,'guong-badge--place')]")
    )
    assert [a.text_content() for a in card_badge] == ["Cần Thơ", "Đắk Lắk"]


def test_a_malformed_declaration_fails_the_build_with_a_message(tmp_path):
    site = new_site(tmp_path)
    site.plugin_config["taxonomies"] = [{"name": "place", "key": "phone", "prefix": "p", "title": "P"}]
    site.add_profile("nguyen-van-an")
    result = site.build()
    assert result.returncode != 0 and "key 'phone'" in result.output


# --- /don-vi/: the taxonomy added by one declaration ------------------------------------


def test_units_collide_by_slug_and_keep_the_most_used_spelling(catalog):
    assert [(t.key, t.label) for t in catalog.terms["unit"]] == [
        ("doan-thanh-nien", "Đoàn Thanh niên"),
        ("so-y-te", "Sở Y tế"),
    ]  # Vietnamese order
    assert [p.slug for p in catalog.by["unit"]["so-y-te"]] == ["cuong", "binh", "an"]
    specs = {s.src_uri: s for s in Planner(catalog).plan()}
    index = specs["don-vi/index.md"].view
    assert [(e.label, e.count) for e in index.entries] == [("Đoàn Thanh niên", 1), ("Sở Y tế", 3)]
    term = specs["don-vi/so-y-te/index.md"].view
    assert term.description == "Gương điển hình tiên tiến do Sở Y tế giới thiệu."
    badge = Planner(catalog).badges(catalog.by_slug["binh"])[-1]
    assert (badge.kind, badge.label, badge.url) == ("unit", "Sở Y tế", "don-vi/so-y-te/")
    channel = next(
        c
        for c in feeds.directory(catalog, feeds.SiteInfo(SITE_URL, "G")).channels
        if c.kind == "unit" and c.key == "so-y-te"
    )
    assert channel.title == "G – Đơn vị: Sở Y tế" and channel.total == 3
    # not in the menu: no other page changes
    assert "don-vi/" not in [url for _, url in navigation.sections(catalog.registry)]
    assert "don-vi/" not in [i.url for i in Planner(catalog).plan()[0].view.indexes]


def test_a_profile_without_unit_is_in_no_unit(catalog):
    cat = make_catalog([make_profile("an", "2024-05-19"), make_profile("binh", "2024-05-20", unit="  ")])
    assert cat.by["unit"] == {} and Planner(cat).badges(cat.by_slug["an"])[-1].kind == "campaign"


def test_don_vi_pages_feeds_badge_opml_and_subscription_page(tmp_path):
    site = new_site(tmp_path)
    site.add_profile("nguyen-van-an", unit="Sở Y tế")
    site.add_profile("tran-thi-binh", unit="Sở Y Tế", date="2024-06-02")
    site.add_profile("le-van-cuong", unit="Tỉnh đoàn Đắk Lắk", date="2024-07-03")
    built = site.build().ok()
    index = built.page("don-vi/")
    assert index.xpath("//h1")[0].text_content() == "Đơn vị giới thiệu"
    entries = index.xpath("//ul[@class='guong-index']/li")
    assert [
        (li.xpath("a")[0].text_content(), li.xpath("a/@href")[0].rstrip("/").rsplit("/", 1)[-1])
        for li in entries
    ] == [("Sở Y Tế", "so-y-te"), ("Tỉnh đoàn Đắk Lắk", "tinh-doan-dak-lak")]
    # one "Sở Y tế", one "Sở Y Tế": a tie goes to the first in Vietnamese order (then
    # code-point order, capitals first), so every build picks the same label
    term = built.page("don-vi/so-y-te/")
    cards = term.xpath("//article[contains(@class,'guong-card')]//h3//a/@href")
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in cards] == ["tran-thi-binh", "nguyen-van-an"]
    alternates = term.xpath("//link[@rel='alternate']/@href")
    assert "rss.xml" in alternates and "feed.json" in alternates  # its own, beside the site's
    for name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((built.site / "don-vi/so-y-te" / name).read_bytes())
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.feed.link == SITE_URL + "don-vi/so-y-te/"
        assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in parsed.entries] == [
            "tran-thi-binh",
            "nguyen-van-an",
        ]
    # feedparser 6 does not read JSON Feed 1.1: check it as tests/test_feeds.py does
    data = json.loads((built.site / "don-vi/so-y-te/feed.json").read_bytes())
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["home_page_url"] == SITE_URL + "don-vi/so-y-te/"
    assert [i["url"].rstrip("/").rsplit("/", 1)[-1] for i in data["items"]] == [
        "tran-thi-binh",
        "nguyen-van-an",
    ]
    badge = built.page("guong/nguyen-van-an/").xpath("//a[contains(@class,'guong-badge--unit')]")
    assert badge and badge[0].get("href").rstrip("/").endswith("don-vi/so-y-te")
    assert badge[0].text_content() == "Sở Y Tế"
    opml = etree.fromstring((built.site / "feeds.opml").read_bytes())
    assert SITE_URL + "don-vi/so-y-te/rss.xml" in opml.xpath("//outline/@xmlUrl")
    assert "Đơn vị giới thiệu" in opml.xpath("/opml/body/outline[not(@type)]/@text")
    subscribe = built.page("dang-ky/").xpath("//a/@href")
    for name in ("rss.xml", "atom.xml", "feed.json"):
        assert SITE_URL + "don-vi/tinh-doan-dak-lak/" + name in subscribe
