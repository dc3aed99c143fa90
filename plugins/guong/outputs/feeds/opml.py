"""/feeds.opml: every chuyên mục's feed in one file a feed reader imports in one step.

One RSS outline per channel (Atom and JSON Feed carry the same items; listing them too would
subscribe a newsroom three times), grouped as on the subscription page, plus the podcast.

Outline types follow what the W3C Feed Validation Service checks (its `opmlOutline`): a
feed is `type="rss"` with `xmlUrl` and `title` (also for Atom, by convention); the only
other types it accepts are `link` (needs `url`) and none. A `type` invented for folders
(`category`, `folder`) is its InvalidOutlineType, and an untyped outline carrying `title`,
`htmlUrl`, `language`… is MissingOutlineType. So a folder (chuyên mục group) is an outline
with `text` only, holding its feeds: valid there, in the OPML 2.0 spec (`text` is the only
required attribute) and read as a folder by feed readers (no `xmlUrl`).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .directory import Channel, Directory


def _outline(parent, channel: Channel, directory: Directory) -> None:
    site = directory.site
    etree.SubElement(
        parent,
        "outline",
        type="rss",
        text=channel.title,
        title=channel.title,
        xmlUrl=site.absolute(channel.path + "rss.xml"),
        htmlUrl=channel.page_url,
        language="vi",
    )


def render(directory: Directory) -> bytes:
    site = directory.site
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = f"{site.name} – nguồn tin theo chuyên mục"
    if site.author:
        etree.SubElement(head, "ownerName").text = site.author
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    _outline(body, directory.home, directory)
    for group in directory.groups:
        folder = etree.SubElement(body, "outline", text=group.title)  # a folder: text only
        for channel in group.channels:
            _outline(folder, channel, directory)
    podcast = directory.podcast
    etree.SubElement(
        body,
        "outline",
        type="rss",
        text=podcast.title,
        title=podcast.title,
        xmlUrl=podcast.url,
        htmlUrl=site.page(""),
        language="vi",
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write(directory: Directory, site_dir: Path) -> None:
    (site_dir / "feeds.opml").write_bytes(render(directory))
