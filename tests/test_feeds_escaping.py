"""Plain text stays text in every feed field, decoded as a feed reader does.

Frontmatter and configuration values are plain text. Where a format says a field is HTML
(RSS `description` of items and channels, `content:encoded`, Atom `type="html"`, JSON Feed
`content_html`) the value must be the text HTML-escaped; where it says plain text (titles,
Atom `type="text"`, JSON Feed `summary`, Media RSS, OPML attributes) only XML escaping applies.
Each field is decoded with lxml (XML), feedparser, rss-parser on Node and json, then HTML
fields are parsed with html5lib as a browser would: no script, no stray img, no on*
attribute, and the text is exactly what the writer typed."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import html5lib
import pytest
from lxml import etree

from audiokit import SAMPLE_MP3
from feedsite import SITE_URL, jpeg
from sitekit import new_site
from test_feeds import node_parser  # noqa: F401  (fixture)

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "&amp; &lt;b&gt;",
    "]]>",
    "a lone & here",
    "<b onmouseover=alert(1)>x</b> ]]></title><script>alert(2)</script> &amp; & <!-- c -->",
)
SITE_DESCRIPTION = "Trang <img src=x onerror=alert(1)> & <script>alert(1)</script> &amp; ]]>"
CAMPAIGN_TITLE = "Phong trào <img src=x onerror=alert(3)> & ]]>"
CAMPAIGN_SUMMARY = "Tóm tắt <script>alert(4)</script> &lt;b&gt; &"
PODCAST_TITLE = "Phát thanh <img src=x onerror=alert(5)> &amp; ]]>"
SITE_AUTHOR = "Ban Thi đua <script>alert(6)</script> & Khen thưởng"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
}


def field(prefix: str, i: int) -> str:
    return f"{prefix}{i} {HOSTILE[i]}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("escaping"))
    site.extra_config.update(site_description=SITE_DESCRIPTION, site_author=SITE_AUTHOR)
    site.plugin_config["feeds"] = {"podcast_title": PODCAST_TITLE}
    site.add_campaign("doc-hai", title=CAMPAIGN_TITLE, summary=CAMPAIGN_SUMMARY, period="2021-2030")
    site.write("guong/2024/anh/a.jpg", jpeg())
    site.write("guong/2024/am-thanh/a.mp3", SAMPLE_MP3.read_bytes())
    for i in range(len(HOSTILE)):
        site.add_profile(
            f"ho-so-{i}",
            date=f"2024-05-{10 + i}",
            campaign=["doc-hai"],
            title=field("T", i),
            summary=field("S", i),
            image="anh/a.jpg",
            image_alt=field("A", i),
            image_credit=field("C", i),
            author=field("W", i),
            unit=field("U", i),
            awards=[field("K", i)],
            audio="am-thanh/a.mp3",
        )
    # no summary and no story: the title stands in as content (and RSS description)
    site.add_profile("khong-sapo", date="2024-04-01", title=field("T", 5), body="")
    return site.build().ok()


def index_of(link_or_id: str) -> int:
    slug = link_or_id.rstrip("/").rsplit("/", 1)[-1]
    return 5 if slug == "khong-sapo" else int(slug.rsplit("-", 1)[-1])


def html_text(fragment: str) -> tuple[str, list]:
    """Parse an HTML field as a browser does; check it is inert; return its text and imgs."""
    root = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    images = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        assert element.tag.lower() not in ("script", "iframe", "object", "embed", "svg"), fragment
        assert not [a for a in element.attrib if a.lower().startswith("on")], fragment
        if element.tag.lower() == "img":
            images.append(element)
    text = _text(root)
    return text, images


def _text(element) -> str:
    out = [element.text or ""] if isinstance(element.tag, str) else []
    for child in element:
        out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def assert_html_shows(fragment: str, expected: str) -> None:
    text, images = html_text(fragment)
    assert not images, fragment
    assert text == expected, (fragment, text, expected)


def assert_story(fragment: str, i: int) -> None:
    """content:encoded / Atom content / content_html: the photo figure, then the story."""
    root = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    html_text(fragment)  # inert
    images = [e for e in root.iter() if e.tag == "img"]
    assert len(images) == 1 and images[0].get("src").startswith(SITE_URL), fragment
    assert images[0].get("alt") == field("A", i)
    [caption] = [e for e in root.iter() if e.tag == "figcaption"]
    assert _text(caption) == "Ảnh: " + field("C", i)


def rss_files(built) -> list[Path]:
    return [*sorted(built.site.rglob("rss.xml")), built.site / "podcast.xml"]


def test_rss_html_fields_are_escaped_text_and_plain_fields_are_plain(built):
    seen = 0
    for path in rss_files(built):
        channel = etree.fromstring(path.read_bytes()).find("channel")
        channel_text = channel.findtext("description")
        html_text(channel_text)
        if path.parent == built.site and path.name == "rss.xml":
            assert_html_shows(channel_text, SITE_DESCRIPTION)
        if path.parent.name == "doc-hai":
            assert_html_shows(channel_text, CAMPAIGN_SUMMARY)
            assert channel.findtext("title").endswith(": " + CAMPAIGN_TITLE)
        for summary in channel.findall("itunes:summary", NS) + channel.findall("itunes:subtitle", NS):
            assert "<" not in summary.text and "&" not in summary.text  # a fixed plain sentence
        if path.name == "podcast.xml":
            assert channel.findtext("title") == PODCAST_TITLE
            assert channel.findtext("itunes:author", namespaces=NS) == SITE_AUTHOR
        for item in channel.findall("item"):
            i = index_of(item.findtext("link"))
            seen += 1
            assert item.findtext("title") == field("T", i)  # plain text, XML-escaped only
            if i == 5 and item.findtext("link").endswith("khong-sapo/"):
                assert_html_shows(item.findtext("description"), field("T", 5))
                assert item.find("content:encoded", NS) is None
                continue
            assert_html_shows(item.findtext("description"), field("S", i))
            if path.name == "rss.xml":
                assert_story(item.findtext("content:encoded", namespaces=NS), i)
            assert item.findtext("dc:creator", namespaces=NS) == field("W", i)
            assert item.findtext("media:content/media:description", namespaces=NS) == field("A", i)
            assert item.findtext("media:content/media:credit", namespaces=NS) == field("C", i)
            for tag in ("itunes:summary", "itunes:subtitle"):  # plain text where present
                assert item.findtext(tag, namespaces=NS) in (None, field("S", i))
    assert seen > 2 * len(HOSTILE)


def test_atom_text_and_html_constructs(built):
    for path in sorted(built.site.rglob("atom.xml")):
        feed = etree.fromstring(path.read_bytes())
        for element in feed.iter("{{{}}}*".format(NS["atom"])):
            if element.tag.endswith("}link"):
                continue  # its type is a media type
            if element.get("type") == "html":
                html_text(element.text or "")
            else:
                assert element.get("type") in (None, "text"), element.tag  # never xhtml
        subtitle = feed.find("atom:subtitle", NS)
        if path.parent == built.site:
            assert subtitle.text == SITE_DESCRIPTION and subtitle.get("type") in (None, "text")
        for entry in feed.findall("atom:entry", NS):
            i = index_of(entry.findtext("atom:id", namespaces=NS))
            title = entry.find("atom:title", NS)
            assert title.text == field("T", i) and title.get("type") in (None, "text")
            content = entry.find("atom:content", NS)
            assert content.get("type") == "html"
            if entry.findtext("atom:id", namespaces=NS).endswith("khong-sapo"):
                assert_html_shows(content.text, field("T", 5))
                continue
            summary = entry.find("atom:summary", NS)
            assert summary.get("type") in (None, "text") and summary.text == field("S", i)
            assert_story(content.text, i)
            assert entry.findtext("atom:author/atom:name", namespaces=NS) == field("W", i)


def test_feedparser_reads_text_as_text(built):
    for path in rss_files(built) + sorted(built.site.rglob("atom.xml")):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, path
        subtitle = parsed.feed.get("subtitle_detail")
        if subtitle is not None and path.parent == built.site and path.name != "podcast.xml":
            if subtitle.type == "text/html":
                assert_html_shows(subtitle.value, SITE_DESCRIPTION)
            else:
                assert subtitle.value == SITE_DESCRIPTION
        rss = parsed.version.startswith("rss")
        for entry in parsed.entries:
            i = index_of(entry.link)
            no_lede = entry.link.endswith("khong-sapo/")
            title = entry.title_detail
            if title.type == "text/plain":
                assert title.value == field("T", i), (path, title)
            else:
                # RSS 2.0 titles are plain text (RSS Best Practices Profile), XML-escaped only;
                # feedparser still guesses that a title *looking like* HTML is HTML
                # ("&amp; &lt;b&gt;"). Whatever it guesses, nothing becomes live markup.
                assert rss and not html_text(title.value)[1], (path, title)
            expected = field("T", 5) if no_lede else field("S", i)
            if rss:  # description: HTML. (feedparser's summary_detail is media:description's.)
                assert_html_shows(entry.summary, expected)
                media = entry.summary_detail
                if not no_lede and media.type == "text/plain":
                    assert media.value == field("A", i), (path, media)
                elif not no_lede:
                    assert not html_text(media.value)[1], (path, media)
            elif no_lede:  # Atom: no summary, the content stands in
                assert "summary_detail" not in entry or entry.summary == entry.content[0].value
            else:
                assert entry.summary_detail.type == "text/plain" and entry.summary == expected
            for content in entry.get("content", []):
                if not no_lede:
                    assert content.type == "text/html"
                    assert_story(content.value, i)


def test_json_feed_content_html_is_html_and_summary_is_plain(built):
    for path in sorted(built.site.rglob("feed.json")):
        data = json.loads(path.read_bytes())
        if path.parent == built.site:
            assert data["description"] == SITE_DESCRIPTION  # plain text in JSON Feed
        for item in data["items"]:
            i = index_of(item["url"])
            assert item["title"] == field("T", i)
            if item["url"].endswith("khong-sapo/"):
                assert_html_shows(item["content_html"], field("T", 5))
                assert "summary" not in item
                continue
            assert item["summary"] == field("S", i)
            assert_story(item["content_html"], i)
            assert item["authors"] == [{"name": field("W", i)}]


def test_node_parser_sees_the_same_text(built, node_parser):  # noqa: F811
    paths = rss_files(built) + sorted(built.site.rglob("atom.xml"))
    for feed in node_parser(paths):
        path = Path(feed["file"])
        if feed["description"] and path.parent == built.site and path.name == "rss.xml":
            assert_html_shows(feed["description"], SITE_DESCRIPTION)
        for item in feed["items"]:
            i = index_of(item["link"])
            assert item["title"] == field("T", i)
            if item["link"].endswith("khong-sapo/"):
                assert_html_shows(item["content"], field("T", 5))
                continue
            if path.name in ("rss.xml", "podcast.xml"):
                assert_html_shows(item["content"], field("S", i))  # RSS description
                assert item["creator"] == field("W", i)
                if path.name == "rss.xml":
                    assert_story(item["contentEncoded"], i)
            else:
                assert_story(item["content"], i)  # Atom content type="html"


def test_opml_titles_are_plain_text(built):
    tree = etree.fromstring((built.site / "feeds.opml").read_bytes())
    titles = {}
    for path in sorted(built.site.rglob("rss.xml")):
        channel = etree.fromstring(path.read_bytes()).find("channel")
        titles[SITE_URL + path.relative_to(built.site).as_posix()] = channel.findtext("title")
    outlines = tree.xpath("//outline[@type='rss']")
    campaign = [o for o in outlines if o.get("xmlUrl") == SITE_URL + "phong-trao/doc-hai/rss.xml"]
    assert campaign and campaign[0].get("text").endswith(": " + CAMPAIGN_TITLE)
    for outline in outlines:
        if outline.get("xmlUrl") in titles:
            assert outline.get("text") == outline.get("title") == titles[outline.get("xmlUrl")]
    [podcast] = [o for o in outlines if o.get("xmlUrl") == SITE_URL + "podcast.xml"]
    assert podcast.get("text") == podcast.get("title") == PODCAST_TITLE
    assert tree.findtext("head/ownerName") == SITE_AUTHOR
    raw = (built.site / "feeds.opml").read_bytes()
    assert b"<img" not in raw and b"<script" not in raw


def test_no_hostile_markup_survives_anywhere_in_the_feed_bytes(built):
    for path in rss_files(built) + sorted(built.site.rglob("atom.xml")) + [built.site / "feeds.opml"]:
        raw = path.read_bytes()
        assert b"<img src=x" not in raw and b"<script" not in raw and b"<![CDATA[" not in raw, path
