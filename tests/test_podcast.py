"""/podcast.xml for radio: iTunes tags, artwork, real durations and lengths, transcripts."""

from __future__ import annotations

import feedparser
import mutagen
import pytest
from lxml import etree
from PIL import Image

from feedsite import PRIVATE_VALUE, SITE_URL, build_feed_site, jpeg
from sitekit import Site

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
NS = {"itunes": ITUNES, "podcast": "https://podcastindex.org/namespace/1.0"}


def site_file(result, url: str):
    assert url.startswith(SITE_URL), url
    return result.site / url[len(SITE_URL) :]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = build_feed_site(
        tmp_path_factory.mktemp("podcast"),
        feeds={"owner_name": "Ban Thi đua", "owner_email": "tdkt@example.gov.vn"},
    )
    return site.build().ok()


def test_podcast_lists_the_audio_pieces_newest_first(built):
    raw = (built.site / "podcast.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert parsed.bozo == 0
    assert [e.id.rsplit("/", 1)[-1] for e in parsed.entries] == ["ho-ba-lan", "nguyen-van-an"]
    assert parsed.feed.link == SITE_URL
    for entry in parsed.entries:
        [enclosure] = entry.enclosures
        audio = site_file(built, enclosure.href)
        assert enclosure.type == "audio/mpeg"
        assert int(enclosure.length) == audio.stat().st_size
        seconds = mutagen.File(audio).info.length
        assert seconds > 1
        assert int(entry.itunes_duration) == round(seconds)
    assert parsed.entries[0].itunes_duration != parsed.entries[1].itunes_duration  # read per file


def test_podcast_channel_has_the_itunes_tags(built):
    channel = etree.fromstring((built.site / "podcast.xml").read_bytes()).find("channel")
    assert channel.findtext("language") == "vi"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.find("itunes:category", NS).get("text") == "Government"
    assert channel.findtext("itunes:author", namespaces=NS)
    assert channel.findtext("itunes:owner/itunes:name", namespaces=NS) == "Ban Thi đua"
    assert channel.findtext("itunes:owner/itunes:email", namespaces=NS) == "tdkt@example.gov.vn"
    for item in channel.findall("item"):
        assert item.findtext("itunes:explicit", namespaces=NS) == "false"
        assert len(item.findall("enclosure")) == 1  # the audio, not the photo too
    artwork = site_file(built, channel.find("itunes:image", NS).get("href"))
    with Image.open(artwork) as img:
        assert img.format in ("PNG", "JPEG")
        assert img.width == img.height and 1400 <= img.width <= 3000


def test_transcripts_hold_the_story_as_plain_text(built):
    channel = etree.fromstring((built.site / "podcast.xml").read_bytes()).find("channel")
    for item in channel.findall("item"):
        tag = item.find("podcast:transcript", NS)
        assert tag.get("type") == "text/plain"
        text = site_file(built, tag.get("url")).read_text(encoding="utf-8")
        assert text.startswith(item.findtext("title"))
        assert "Nội dung câu chuyện." in text and "Hành trình" in text
        assert "<" not in text.replace("<sạch>", "") and PRIVATE_VALUE not in text


def test_configured_artwork_is_used_and_checked(site: Site):
    site.add_profile("co-am-thanh")
    site.write("anh-bia.jpg", jpeg((1500, 1500)))
    site.plugin_config["feeds"] = {"artwork": "anh-bia.jpg"}
    result = site.build().ok()
    channel = etree.fromstring((result.site / "podcast.xml").read_bytes()).find("channel")
    assert channel.find("itunes:image", NS).get("href") == SITE_URL + "anh-bia.jpg"
    assert (result.site / "anh-bia.jpg").is_file()
    assert not (result.site / "assets/guong/podcast-artwork.png").exists()

    site.write("anh-bia.jpg", jpeg((1500, 800)))
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "feeds.artwork" in result.output and "1500×800" in result.output
