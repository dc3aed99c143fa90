"""JSON Feed 1.1.

Each item also carries a `_guong` extension object (JSON Feed 1.1 allows keys beginning with
`_`; readers that do not know it ignore it): the profile's public keys that the standard
fields cannot hold (`field`, `level`, `kind` and `campaigns` as keys, `quarter`, `unit`,
`locality`, `occasion`, `image_alt`, `image_credit`, `awards`, free `tags`), so that
`guong import --feed` on another guong site maps an item back to a profile without guessing.
Never anything under `private:`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .model import (
    Item,
    SiteInfo,
)

EXTENSION = "_guong"
EXTENSION_VERSION = 1


def json_feed(
    site: SiteInfo, title: str, description: str, page_url: str, feed_url: str, items: Sequence[Item]
) -> bytes:
    """JSON Feed 1.1 (feedgen has none) from the same items."""

    def one(item: Item) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": item.guid,
            "url": item.url,
            "title": item.title,
            "content_html": item.body_html,
        }
        if item.summary:
            out["summary"] = item.summary  # plain text in JSON Feed
        if item.image is not None:
            out["image"] = item.image.url
        out["date_published"] = item.published.isoformat()
        out["date_modified"] = item.updated.isoformat()
        if item.author:
            out["authors"] = [{"name": item.author}]
        out["tags"] = [c.label for c in item.categories]
        out["language"] = "vi"
        attachments = []
        for media in (item.image, item.audio):
            if media is not None:
                att: dict[str, Any] = {
                    "url": media.url,
                    "mime_type": media.mime,
                    "size_in_bytes": media.length,
                }
                if media.duration:
                    att["duration_in_seconds"] = media.duration
                attachments.append(att)
        if attachments:
            out["attachments"] = attachments
        if item.facts:  # JSON Feed extension: what `guong import --feed` maps back to keys
            out[EXTENSION] = {"version": EXTENSION_VERSION, **dict(item.facts)}
        return out

    feed: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": page_url,
        "feed_url": feed_url,
        "description": description,
        "icon": site.absolute(site.artwork_uri),
        "language": "vi",
    }
    if site.author:
        feed["authors"] = [{"name": site.author}]
    feed["items"] = [one(i) for i in items]
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
