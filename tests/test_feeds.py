"""RSS, Atom and JSON Feed for the site and every chuyên mục, read back with real parsers:
feedparser, lxml, a JSON Schema for JSON Feed 1.1, and rss-parser on Node as a second opinion."""

from __future__ import annotations

import email.utils
import json
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest
from lxml import etree
from lxml import html as lxml_html

from feedsite import DRAFT, HOSTILE, PRIVATE_VALUE, SCHEDULED, SITE_URL, build_feed_site, expected_sections
from sitekit import Site

JS_DIR = Path(__file__).parent / "js"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}

# JSON Feed 1.1 (https://jsonfeed.org/version/1.1), the parts a feed reader relies on.
JSON_FEED_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https://"},
        "feed_url": {"type": "string", "pattern": "^https://"},
        "description": {"type": "string"},
        "icon": {"type": "string", "pattern": "^https://"},
        "language": {"type": "string"},
        "authors": {"$ref": "#/$defs/authors"},
        "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
    },
    "$defs": {
        "authors": {
            "type": "array",
            "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        },
        "item": {
            "type": "object",
            "required": ["id", "url", "title", "content_html", "date_published"],
            "properties": {
                "id": {"type": "string", "minLength": 1},
                "url": {"type": "string", "pattern": "^https://"},
                "title": {"type": "string"},
                "content_html": {"type": "string"},
                "summary": {"type": "string"},
                "image": {"type": "string", "pattern": "^https://"},
                "date_published": {"type": "string", "format": "date-time"},
                "date_modified": {"type": "string", "format": "date-time"},
                "authors": {"$ref": "#/$defs/authors"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "language": {"type": "string"},
                "attachments": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["url", "mime_type"],
                        "properties": {
                            "url": {"type": "string", "pattern": "^https://"},
                            "mime_type": {"type": "string", "pattern": "^[a-z]+/[a-z0-9.+-]+$"},
                            "size_in_bytes": {"type": "integer", "minimum": 1},
                            "duration_in_seconds": {"type": "number", "exclusiveMinimum": 0},
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = build_feed_site(tmp_path_factory.mktemp("feeds"))
    return site.build().ok()


def site_file(result, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return result.site / url[len(SITE_URL) :]


def feed_files(result, name: str) -> list[Path]:
    return sorted(result.site.rglob(name))


def slug_of(entry_id: str) -> str:
    return entry_id.rsplit("guong/", 1)[-1]


def test_every_section_has_three_feeds_with_exactly_its_profiles(built):
    expected = expected_sections()
    for folder, slugs in expected.items():
        for name in ("rss.xml", "atom.xml"):
            path = built.site / folder / name
            parsed = feedparser.parse(path.read_bytes())
            assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
            assert parsed.feed.link == SITE_URL + folder, path  # the page, not the feed
            assert [slug_of(e.id) for e in parsed.entries] == slugs, path
            self_links = [l.href for l in parsed.feed.links if l.rel == "self"]
            assert self_links == [SITE_URL + folder + name]
        data = json.loads((built.site / folder / "feed.json").read_bytes())
        assert [slug_of(i["id"]) for i in data["items"]] == slugs
        assert data["home_page_url"] == SITE_URL + folder
    # nothing else: quarters have no feeds, and no stray feed files
    found = {p.parent.relative_to(built.site).as_posix() for p in feed_files(built, "rss.xml")}
    assert {f.rstrip("/") or "." for f in expected} == found


def test_rss_item_carries_everything_a_newsroom_needs(built):
    tree = etree.fromstring((built.site / "rss.xml").read_bytes())
    channel = tree.find("channel")
    assert channel.findtext("language") == "vi"
    assert channel.findtext("link") == SITE_URL
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self" and self_link.get("href") == SITE_URL + "rss.xml"
    assert channel.find("image/url").text.startswith(SITE_URL)
    assert channel.findtext("copyright") is None or channel.findtext("copyright")
    # lastBuildDate = the newest item date, never the build clock (2025-12-31 here)
    assert channel.findtext("lastBuildDate") == "Mon, 03 Feb 2025 00:00:00 +0700"
    section = etree.fromstring((built.site / "linh-vuc/nong-nghiep/rss.xml").read_bytes())
    assert section.findtext("channel/lastBuildDate") == "Mon, 01 Jul 2024 00:00:00 +0700"  # `updated`

    item = next(i for i in channel.findall("item") if i.findtext("link").endswith("/nguyen-van-an/"))
    assert item.findtext("title") == "Nguyễn Văn An – nông dân giỏi"
    assert item.findtext("link") == SITE_URL + "guong/nguyen-van-an/"
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text == "tag:guong.example.gov.vn,2024-05-19:guong/nguyen-van-an"  # no URL path in it
    assert item.findtext("pubDate") == "Sun, 19 May 2024 00:00:00 +0700"
    # description is HTML: the plain-text summary escaped, so a reader shows it as written
    assert item.findtext("description") == "Sapo: anh An &amp; vườn cà phê &lt;sạch&gt;."
    assert item.findtext("dc:creator", namespaces=NS) == "Hoàng Minh"
    assert [c.text for c in item.findall("category")] == [
        "Nông nghiệp, nông thôn",
        "Cấp tỉnh",
        "Cá nhân",
        "Chung sức xây dựng nông thôn mới",
    ]
    enclosure = item.find("enclosure")
    photo = site_file(built, enclosure.get("url"))
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == photo.stat().st_size > 0
    media = item.find("media:content", NS)
    assert media.get("url") == enclosure.get("url") and media.get("medium") == "image"
    assert media.findtext("media:credit", namespaces=NS) == "Minh Hà"
    assert media.findtext("media:description", namespaces=NS) == "Anh An bên vườn cà phê"
    assert item.find("media:thumbnail", NS).get("url") == enclosure.get("url")

    story = lxml_html.fragment_fromstring(
        item.findtext("content:encoded", namespaces=NS), create_parent="div"
    )
    urls = story.xpath("//@href | //@src")
    assert urls and all(u.startswith(("https://", "http://")) for u in urls), urls
    assert SITE_URL + "linh-vuc/y-te/" in urls and "https://example.org/x" in urls
    assert story.xpath("//h2[text()='Hành trình']") and not story.xpath("//a[@class='headerlink']")
    assert "Nội dung câu chuyện." in story.text_content()


def test_atom_entries_have_updated_published_content_and_enclosure(built):
    parsed = feedparser.parse((built.site / "linh-vuc/nong-nghiep/atom.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.version == "atom10"
    entry = parsed.entries[0]
    assert entry.updated == "2024-07-01T00:00:00+07:00"  # from `updated`, not the clock
    assert entry.published == "2024-05-19T00:00:00+07:00"
    assert entry.content[0].type == "text/html"
    assert "Nội dung câu chuyện." in entry.content[0].value
    assert entry.summary == "Sapo: anh An & vườn cà phê <sạch>."
    enclosures = [l for l in entry.links if l.rel == "enclosure"]
    assert len(enclosures) == 1 and enclosures[0].type == "image/jpeg"
    assert int(enclosures[0].length) == site_file(built, enclosures[0].href).stat().st_size
    assert next(t.label for t in entry.tags) == "Nông nghiệp, nông thôn"
    assert parsed.feed.updated == "2024-07-01T00:00:00+07:00"


def test_json_feeds_follow_the_schema_and_match_rss(built):
    validator = jsonschema.Draft202012Validator(
        JSON_FEED_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    files = feed_files(built, "feed.json")
    assert len(files) == len(expected_sections())
    for path in files:
        data = json.loads(path.read_bytes())
        validator.validate(data)
        rss = feedparser.parse((path.parent / "rss.xml").read_bytes())
        assert [i["id"] for i in data["items"]] == [e.id for e in rss.entries]
        rss_titles = etree.fromstring((path.parent / "rss.xml").read_bytes()).xpath("//item/title/text()")
        assert [i["title"] for i in data["items"]] == rss_titles
        for item in data["items"]:
            for attachment in item.get("attachments", []):
                assert attachment["size_in_bytes"] == site_file(built, attachment["url"]).stat().st_size


@pytest.fixture(scope="module")
def node_parser():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is required in CI (Node 20)")
        pytest.skip("node is not installed")
    if not (JS_DIR / "node_modules" / "rss-parser").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=JS_DIR,
            check=True,
            capture_output=True,
        )

    def parse(paths: list[Path]) -> list[dict]:
        proc = subprocess.run(
            [node, str(JS_DIR / "parse_feed.js"), *map(str, paths)],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(proc.stdout)

    return parse


def test_a_second_parser_agrees_on_every_item(built, node_parser):
    paths = feed_files(built, "rss.xml") + feed_files(built, "atom.xml") + [built.site / "podcast.xml"]
    for feed in node_parser(paths):
        path = Path(feed["file"])
        reference = feedparser.parse(path.read_bytes())
        assert feed["link"] == reference.feed.link, path
        assert [i["id"] for i in feed["items"]] == [e.id for e in reference.entries], path
        assert [i["link"] for i in feed["items"]] == [e.link for e in reference.entries], path
        tree = etree.fromstring(path.read_bytes())
        titles = tree.xpath("//item/title/text() | //atom:entry/atom:title/text()", namespaces=NS)
        assert [i["title"] for i in feed["items"]] == titles, path
        if path.name == "rss.xml":
            for item, ref in zip(feed["items"], reference.entries, strict=False):
                got = datetime.fromisoformat(item["isoDate"].replace("Z", "+00:00"))
                assert got == email.utils.parsedate_to_datetime(ref.published)
                if item["enclosure"]:
                    assert (
                        int(item["enclosure"]["length"])
                        == site_file(built, item["enclosure"]["url"]).stat().st_size
                    )


def test_hostile_title_stays_text_in_all_three_formats(built):
    rss_bytes = (built.site / "linh-vuc/y-te/rss.xml").read_bytes()
    atom_bytes = (built.site / "linh-vuc/y-te/atom.xml").read_bytes()
    for raw in (rss_bytes, atom_bytes):
        assert b"<script" not in raw and b"<img src=x" not in raw and b"<![CDATA[" not in raw
        tree = etree.fromstring(raw)
        assert not tree.xpath("//*[local-name()='script' or local-name()='img']")
        assert HOSTILE in tree.xpath("//item/title/text() | //atom:entry/atom:title/text()", namespaces=NS)
    atom_title = etree.fromstring(atom_bytes).xpath(
        "//atom:entry/atom:title[text()=$t]", t=HOSTILE, namespaces=NS
    )[0]
    assert atom_title.get("type") in (None, "text")
    data = json.loads((built.site / "linh-vuc/y-te/feed.json").read_bytes())
    assert HOSTILE in [i["title"] for i in data["items"]]
    # and in the discovery tags nothing is interpreted either
    page = built.page("guong/tieu-de-doc-hai/")
    # JSON-LD holds the title as data (checked in test_social.py); no other script may.
    assert not page.xpath(
        "//img[@src='x'] | //script[not(@type='application/ld+json')][contains(., 'alert(2)')]"
    )


def test_drafts_scheduled_and_private_never_reach_feeds(built):
    outputs = [p for p in built.site.rglob("*") if p.suffix in (".xml", ".json", ".opml", ".txt")]
    assert len(outputs) > 60
    for path in outputs:
        text = path.read_bytes().decode("utf-8")
        for secret in (
            DRAFT,
            SCHEDULED,
            "Bản nháp chưa đăng",
            "Hẹn giờ đăng sau",
            PRIVATE_VALUE,
            "so_dien_thoai",
        ):
            assert secret not in text, (path, secret)


def test_discovery_links_name_site_and_section_feeds(built):
    def alternates(url):
        page = built.page(url)
        links = page.xpath("//head/link[@rel='alternate']")
        assert all(not l.get("href").startswith(("http:", "https:", "/")) for l in links)  # relative
        return [(l.get("type"), urljoin(SITE_URL + url, l.get("href")), l.get("title")) for l in links]

    site_feeds = [SITE_URL + n for n in ("rss.xml", "atom.xml", "feed.json")]
    section = alternates("linh-vuc/y-te/")
    assert [h for _, h, _ in section] == site_feeds + [
        SITE_URL + "linh-vuc/y-te/" + n for n in ("rss.xml", "atom.xml", "feed.json")
    ]
    assert [t for t, _, _ in section][:3] == [
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
    ]
    assert all(title for _, _, title in section) and "Y tế" in section[3][2]
    assert [h for _, h, _ in alternates("phong-trao/dan-van-kheo/")][
        3
    ] == SITE_URL + "phong-trao/dan-van-kheo/rss.xml"
    for url in ("", "guong/nguyen-van-an/", "quy/2024-q2/", "dang-ky/"):
        assert [h for _, h, _ in alternates(url)] == site_feeds, url
    for _, href, _ in section:
        assert site_file(built, href).is_file()


def test_a_sitemap_sits_beside_every_discovered_feed(built):
    """Material fetches sitemap.xml resolved against each <link rel=alternate> of a page
    (outputs/feeds/publish.py): every one it can ask for exists, and a chuyên mục's is a
    valid sitemap listing that chuyên mục's page, which the site's sitemap lists too."""
    sm = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    site_locs = set(etree.parse(str(built.site / "sitemap.xml")).xpath("//s:loc/text()", namespaces=sm))
    asked = set()
    for path in built.site.rglob("*.html"):
        page_url = SITE_URL + path.relative_to(built.site).as_posix()
        for href in lxml_html.fromstring(path.read_bytes()).xpath("//head/link[@rel='alternate']/@href"):
            asked.add(urljoin(urljoin(page_url, href), "sitemap.xml"))
    assert SITE_URL + "linh-vuc/y-te/sitemap.xml" in asked and SITE_URL + "sitemap.xml" in asked
    for url in sorted(asked - {SITE_URL + "sitemap.xml"}):
        tree = etree.parse(str(site_file(built, url)))
        assert tree.getroot().tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset", url
        assert tree.xpath("//s:loc/text()", namespaces=sm) == [url.removesuffix("sitemap.xml")]
        assert url.removesuffix("sitemap.xml") in site_locs


def test_opml_lists_every_feed_with_its_title(built):
    tree = etree.fromstring((built.site / "feeds.opml").read_bytes())
    assert tree.get("version") == "2.0" and tree.findtext("head/title")
    outlines = tree.xpath("//outline[@type='rss']")
    urls = [o.get("xmlUrl") for o in outlines]
    assert len(urls) == len(set(urls))
    expected = {
        SITE_URL + (p.parent.relative_to(built.site).as_posix() + "/").lstrip("./") + "rss.xml"
        for p in feed_files(built, "rss.xml")
    } | {SITE_URL + "podcast.xml"}
    assert set(urls) == expected
    for outline in outlines:
        assert outline.get("text") and outline.get("title") == outline.get("text")
        assert site_file(built, outline.get("xmlUrl")).is_file()
        assert outline.get("htmlUrl").startswith(SITE_URL)
    groups = [o.get("text") for o in tree.xpath("/opml/body/outline[not(@type)]")]
    assert groups == ["Lĩnh vực", "Cấp công nhận", "Đối tượng", "Phong trào thi đua", "Đơn vị giới thiệu"]


def test_subscription_page_lists_every_feed_and_is_in_the_nav(built):
    page = built.page("dang-ky/")
    assert page.xpath("//h1")[0].text_content() == "Đăng ký nhận tin"
    hrefs = set(page.xpath("//article//a/@href | //div[@class='md-content']//a/@href"))
    for path in feed_files(built, "rss.xml") + feed_files(built, "atom.xml") + feed_files(built, "feed.json"):
        assert SITE_URL + path.relative_to(built.site).as_posix() in hrefs, path
    assert SITE_URL + "podcast.xml" in hrefs and SITE_URL + "feeds.opml" in hrefs
    text = page.text_content()
    assert "tòa soạn" in text and "đài phát thanh" in text
    nav = built.page("").xpath("//nav[contains(@class,'md-nav--primary')]//a/@href")
    assert any(h.rstrip("/").endswith("dang-ky") for h in nav)


def test_item_limit_keeps_the_newest(site: Site):
    site.plugin_config["feeds"] = {"limit": 2}
    for i in range(4):
        site.add_profile(f"ho-so-{i}", date=f"2024-0{i + 1}-15")
    result = site.build().ok()
    parsed = feedparser.parse((result.site / "rss.xml").read_bytes())
    assert [slug_of(e.id) for e in parsed.entries] == ["ho-so-3", "ho-so-2"]
    data = json.loads((result.site / "linh-vuc/nong-nghiep/feed.json").read_bytes())
    assert len(data["items"]) == 2


def test_guid_authority_survives_a_change_of_host(tmp_path):
    one = build_feed_site(tmp_path / "a", feeds={"guid_authority": "guong.example.gov.vn"})
    two = build_feed_site(tmp_path / "b", feeds={"guid_authority": "guong.example.gov.vn"})
    two.extra_config["site_url"] = "https://thidua.example.vn/guong/"
    ids = []
    for s in (one, two):
        result = s.build().ok()
        ids.append([e.id for e in feedparser.parse((result.site / "rss.xml").read_bytes()).entries])
        links = [e.link for e in feedparser.parse((result.site / "rss.xml").read_bytes()).entries]
        assert all(link.startswith(s.config()["site_url"]) for link in links)
    assert ids[0] == ids[1] and ids[0]


def test_same_content_gives_identical_feeds_at_any_time(tmp_path, monkeypatch):
    outputs = []
    for name, epoch in (("a", "1767225600"), ("b", "1798761600")):  # 2026-01-01, 2027-01-01
        site = build_feed_site(tmp_path / name)
        del site.plugin_config["build_date"]
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        result = site.build().ok()
        outputs.append(
            {
                p.relative_to(result.site).as_posix(): p.read_bytes()
                for p in sorted(result.site.rglob("*"))
                if p.name
                in (
                    "rss.xml",
                    "atom.xml",
                    "feed.json",
                    "podcast.xml",
                    "feeds.opml",
                    "podcast-artwork.png",
                    "feed.xsl",
                )
                or p.parent.name == "podcast"
            }
        )
    assert len(outputs[0]) > 70
    assert outputs[0] == outputs[1]


def test_missing_site_url_is_a_clear_error(site: Site):
    site.add_profile("mot-ho-so")
    site.extra_config["site_url"] = None
    result = site.build()
    assert result.returncode != 0
    assert "site_url" in result.output and "Traceback" not in result.output
    assert not (result.site / "rss.xml").exists()


def test_feeds_can_be_switched_off(site: Site):
    site.plugin_config["feeds"] = {"enabled": False}
    site.add_profile("mot-ho-so")
    result = site.build().ok()
    for name in (
        "rss.xml",
        "atom.xml",
        "feed.json",
        "podcast.xml",
        "feeds.opml",
        "dang-ky/index.html",
        "linh-vuc/nong-nghiep/rss.xml",
    ):
        assert not (result.site / name).exists(), name
    assert not result.page("").xpath("//head/link[@rel='alternate']")
