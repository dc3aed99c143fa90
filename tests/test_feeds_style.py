"""Feeds opened in a browser, OPML outline types and distinct entry dates.

Every RSS and Atom file names /assets/guong/feed.xsl; the stylesheet, run here by lxml (the
same XSLT 1.0 browsers run), turns each feed into a Vietnamese page that explains how to
subscribe and lists the items. The feeds stay feeds: feedparser and the Node parser read
them as before (tests/test_feeds.py)."""

from __future__ import annotations

import email.utils
import posixpath
from datetime import datetime

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from feedsite import HOSTILE, SITE_URL, build_feed_site
from sitekit import Site, new_site

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_feed_site(tmp_path_factory.mktemp("feedstyle")).build().ok()


def styled_feeds(result) -> list:
    return sorted(
        [*result.site.rglob("rss.xml"), *result.site.rglob("atom.xml"), result.site / "podcast.xml"]
    )


def stylesheet_href(path) -> str:
    tree = etree.parse(str(path))
    pis = list(tree.xpath("/processing-instruction('xml-stylesheet')"))
    assert len(pis) == 1, path
    assert pis[0].get("type") == "text/xsl"
    return pis[0].get("href")


def test_every_rss_and_atom_file_names_the_stylesheet(built):
    feeds = styled_feeds(built)
    assert len(feeds) > 40
    xsl = built.site / "assets/guong/feed.xsl"
    assert xsl.is_file()
    for path in feeds:
        href = stylesheet_href(path)
        assert not href.startswith(("http:", "https:", "/")), href  # same origin anywhere
        folder = path.parent.relative_to(built.site).as_posix()
        target = posixpath.normpath(posixpath.join("" if folder == "." else folder, href))
        assert target == "assets/guong/feed.xsl", (path, href)
    # JSON Feed has no such thing; the OPML is for importing, not reading
    assert b"xml-stylesheet" not in (built.site / "feed.json").read_bytes()


def transform(result, name: str):
    xslt = etree.XSLT(etree.parse(str(result.site / "assets/guong/feed.xsl")))
    out = xslt(etree.parse(str(result.site / name)))
    assert not [e for e in xslt.error_log if e.level_name == "ERROR"]
    return lxml_html.fromstring(str(out))


@pytest.mark.parametrize(
    "name", ["rss.xml", "atom.xml", "linh-vuc/y-te/rss.xml", "linh-vuc/y-te/atom.xml", "podcast.xml"]
)
def test_stylesheet_shows_a_vietnamese_page_with_every_item(built, name):
    page = transform(built, name)
    parsed = feedparser.parse((built.site / name).read_bytes())
    assert parsed.entries and not parsed.bozo
    assert page.get("lang") == "vi"
    assert page.findtext(".//h1").startswith("Nguồn tin: ")
    assert "Cách đăng ký nhận tin" in page.text_content()
    assert "/dang-ky/" in page.xpath("//a/@href")  # every feed of the site, how-to for the press
    assert "/" in page.xpath("//a/@href")  # back to the site
    assert SITE_URL + name in page.text_content()  # the address to copy
    items = page.xpath("//ol[@class='items']/li")
    assert [li.findtext("h3/a") for li in items] == [e.title for e in parsed.entries]
    assert [li.xpath("h3/a/@href")[0] for li in items] == [e.link for e in parsed.entries]
    for li, entry in zip(items, parsed.entries, strict=False):
        raw = entry.published  # as written, in Vietnam time (feedparser's *_parsed is UTC)
        day = datetime.fromisoformat(raw) if "T" in raw else email.utils.parsedate_to_datetime(raw)
        assert li.findtext("p[@class='date']") == f"Đăng ngày {day:%d/%m/%Y}"


def test_stylesheet_keeps_text_as_text(built):
    """The hostile title stays text, and the plain-text summary shows its own & and <>."""
    for name in ("rss.xml", "atom.xml"):
        page = transform(built, name)
        assert HOSTILE in [a.text_content() for a in page.xpath("//ol[@class='items']//h3/a")]
        assert not page.xpath("//script | //img | //*[@onerror]")
        summaries = [p.text_content() for p in page.xpath("//p[@class='summary']")]
        assert "Sapo: anh An & vườn cà phê <sạch>." in summaries


def test_stylesheet_makes_no_request_and_is_deterministic(built, tmp_path):
    xsl = (built.site / "assets/guong/feed.xsl").read_bytes()
    text = xsl.decode("utf-8")
    for needle in ("<script", "src=", "url(", "@import", "<link", "http://", "https://"):
        if needle.startswith("http"):
            # only namespace names, never an address to load
            text_no_ns = text.replace("http://www.w3.org/1999/XSL/Transform", "").replace(
                "http://www.w3.org/2005/Atom", ""
            )
            assert needle not in text_no_ns, needle
        else:
            assert needle not in text, needle
    again = build_feed_site(tmp_path).build().ok()
    assert (again.site / "assets/guong/feed.xsl").read_bytes() == xsl


def test_links_back_follow_the_site_path(tmp_path):
    site = new_site(tmp_path)
    site.add_profile("mot-ho-so")
    site.extra_config["site_url"] = "https://thidua.example.vn/guong-dien-hinh/"
    result = site.build().ok()
    page = transform(result, "rss.xml")
    hrefs = page.xpath("//a/@href")
    assert "/guong-dien-hinh/dang-ky/" in hrefs and "/guong-dien-hinh/" in hrefs


def test_opml_outlines_are_typed_feeds_or_plain_folders(built):
    """What the W3C Feed Validation Service accepts: type="rss" with xmlUrl and title, or a
    folder with `text` only (an untyped outline with title/htmlUrl is MissingOutlineType,
    any other type InvalidOutlineType)."""
    tree = etree.fromstring((built.site / "feeds.opml").read_bytes())
    outlines = tree.xpath("//body//outline")
    folders = 0
    for outline in outlines:
        if outline.get("type") is not None:
            assert outline.get("type") == "rss"
            assert outline.get("xmlUrl") and outline.get("title") and outline.get("text")
            assert len(outline) == 0
        else:
            assert dict(outline.attrib) == {"text": outline.get("text")} and outline.get("text")
            assert len(outline) > 0
            folders += 1
    assert folders == 5  # field, level, kind, campaign, introducing unit


def atom_updated(result, name="atom.xml") -> dict[str, str]:
    tree = etree.parse(str(result.site / name))
    return {
        e.findtext(f"{ATOM}id").rsplit("/", 1)[-1]: e.findtext(f"{ATOM}updated")
        for e in tree.iter(f"{ATOM}entry")
    }


def same_day_site(root) -> Site:
    site = new_site(root)
    for slug in ("ba-thuy", "anh-binh", "chi-cuc"):
        site.add_profile(slug, date="2024-05-19", title=f"Hồ sơ {slug}")
    site.add_profile("hom-sau", date="2024-05-20", title="Hồ sơ hôm sau")
    return site


def test_same_day_entries_get_distinct_stable_updated(tmp_path):
    first = same_day_site(tmp_path / "a").build().ok()
    second = same_day_site(tmp_path / "b").build().ok()
    updated = atom_updated(first)
    assert updated == {
        "anh-binh": "2024-05-19T00:00:00+07:00",
        "ba-thuy": "2024-05-19T00:00:01+07:00",
        "chi-cuc": "2024-05-19T00:00:02+07:00",
        "hom-sau": "2024-05-20T00:00:00+07:00",
    }
    # the same value in every feed of the build, and the same bytes in the next build
    assert atom_updated(first, "linh-vuc/nong-nghiep/atom.xml") == updated
    for name in ("atom.xml", "rss.xml", "feed.json", "linh-vuc/nong-nghiep/atom.xml"):
        assert (first.site / name).read_bytes() == (second.site / name).read_bytes(), name
    # newest first stays consistent with the entries' own dates
    order = list(updated)
    assert order == ["hom-sau", "chi-cuc", "ba-thuy", "anh-binh"]
    assert [updated[s] for s in order] == sorted(updated.values(), reverse=True)
    # the feed's own updated is its newest entry
    feed = etree.parse(str(first.site / "atom.xml")).getroot()
    assert feed.findtext(f"{ATOM}updated") == "2024-05-20T00:00:00+07:00"
