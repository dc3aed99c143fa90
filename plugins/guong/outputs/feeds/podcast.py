"""/podcast.xml for radio stations: the profiles that have `audio`, with iTunes tags.

feedgen's podcast extension (1.0) refuses `itunes:explicit` "false", the only value Apple
accepts today, and has no transcript tag; so the iTunes and Podcasting 2.0 tags are written
here with lxml through the same feedgen hooks the other feeds use.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw

from ..images import save_clean
from .directory import Directory
from .model import NS, Item, Items, story_text, transcript_path
from .rss_atom import generator, newest
from .style import with_stylesheet

ARTWORK_SIZE = 1400
ARTWORK_RANGE = (1400, 3000)


def _itunes(name: str) -> str:
    return f"{{{NS['itunes']}}}{name}"


def check_artwork(path: Path) -> None:
    """Apple's rule: square JPEG or PNG, 1400 to 3000 px a side."""
    try:
        with Image.open(path) as img:
            fmt, (width, height) = img.format, img.size
    except (OSError, SyntaxError) as exc:
        raise ValueError(f"ảnh bìa podcast '{path.name}' không đọc được ({exc})") from None
    low, high = ARTWORK_RANGE
    if fmt not in ("JPEG", "PNG") or width != height or not low <= width <= high:
        raise ValueError(
            f"ảnh bìa podcast '{path.name}' phải là JPEG hoặc PNG vuông, cạnh từ {low} đến "
            f"{high} điểm ảnh (đang là {fmt} {width}×{height})"
        )


def draw_artwork(target: Path | io.BytesIO, size: int = ARTWORK_SIZE) -> None:
    """A plain square cover (yellow star on red), the same bytes on every build."""
    img = Image.new("RGB", (size, size), (200, 16, 46))
    cx = cy = size / 2
    outer, inner = size * 0.36, size * 0.36 * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    ImageDraw.Draw(img).polygon(points, fill=(255, 205, 0))
    save_clean(img, target, "PNG")


def _channel_tags(directory: Directory, title: str):
    site = directory.site

    def add(channel) -> None:
        author = site.podcast_author or site.author or site.name
        etree.SubElement(channel, _itunes("author")).text = author
        owner_name = site.owner_name or author
        if owner_name or site.owner_email:
            owner = etree.SubElement(channel, _itunes("owner"))
            etree.SubElement(owner, _itunes("name")).text = owner_name
            if site.owner_email:
                etree.SubElement(owner, _itunes("email")).text = site.owner_email
        etree.SubElement(channel, _itunes("image"), href=site.absolute(site.artwork_uri))
        etree.SubElement(channel, _itunes("category"), text="Government")
        etree.SubElement(channel, _itunes("explicit")).text = "false"
        etree.SubElement(channel, _itunes("type")).text = "episodic"
        etree.SubElement(channel, _itunes("summary")).text = title

    return add


def _item_tags(entry, item: Item) -> None:
    assert item.audio is not None
    # The enclosure of a podcast item is its audio, not the photo.
    for old in entry.findall("enclosure"):
        entry.remove(old)
    etree.SubElement(
        entry, "enclosure", url=item.audio.url, length=str(item.audio.length), type=item.audio.mime
    )
    etree.SubElement(entry, _itunes("duration")).text = str(round(item.audio.duration))
    etree.SubElement(entry, _itunes("explicit")).text = "false"
    etree.SubElement(entry, _itunes("episodeType")).text = "full"
    etree.SubElement(
        entry, f"{{{NS['podcast']}}}transcript", url=item.transcript_url, type="text/plain", language="vi"
    )


def write(directory: Directory, items: Items, site_dir: Path, docs_dir: Path) -> None:
    """podcast.xml, one plain-text transcript per episode, and the artwork when generated."""
    site = directory.site
    link = directory.podcast
    episodes = [items[s] for s in directory.podcast_slugs]
    if site.artwork:  # the configured cover, re-encoded: the original may carry EXIF/GPS
        check_artwork(docs_dir / site.artwork)
        with Image.open(docs_dir / site.artwork) as img:
            fmt = img.format
            pixels = img.convert("RGB") if fmt == "JPEG" else img.copy()
        save_clean(
            pixels, site_dir / site.artwork_uri, fmt or "PNG", **({"quality": 90} if fmt == "JPEG" else {})
        )
    else:
        draw_artwork(site_dir / site.artwork_uri)
    description = "Bài phát thanh về các gương điển hình tiên tiến, dành cho đài phát thanh và người nghe."
    fg = generator(site, link.title, description, site.page(""), link.url, episodes, newest(episodes))
    fg.guong.namespaces = dict(fg.guong.namespaces, itunes=NS["itunes"], podcast=NS["podcast"])
    fg.guong.rss_hook = _channel_tags(directory, description)
    for entry in fg.entry():
        entry.guong.rss_hook = _item_tags
    target = site_dir / "podcast.xml"
    target.write_bytes(with_stylesheet(fg.rss_str(pretty=True), "podcast.xml"))
    for item in episodes:
        text = "\n\n".join(
            x for x in (item.title, item.summary, story_text(items.story_html.get(item.slug, ""))) if x
        )
        path = site_dir / transcript_path(item.slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
