"""Feeds for the press: RSS 2.0 and Atom 1.0 (feedgen), JSON Feed 1.1, the podcast and the
OPML list, from one item model.

One `Item` per published profile, built at most once per build (`model`); one `Channel` per
feed page, the whole site and every chuyên mục with feeds (`directory`); one module per
format (`rss_atom`, `jsonfeed`, `podcast`, `opml`, and `style` for the page a browser shows);
`publish` writes them all. Everything is a pure function of the catalog, the rendered
stories and the published files: no clock, so the same content gives the same bytes.
"""

from ..site import SiteInfo
from .directory import Channel, Directory, FeedLink, Group, directory, subscription_spec
from .model import NS, Item, Items, absolute_html, story_text, text_html, transcript_path
from .publish import publish

__all__ = [
    "NS",
    "Channel",
    "Directory",
    "FeedLink",
    "Group",
    "Item",
    "Items",
    "SiteInfo",
    "absolute_html",
    "directory",
    "publish",
    "story_text",
    "subscription_spec",
    "text_html",
    "transcript_path",
]
