"""Sanitise story HTML with nh3 (a maintained sanitiser): no scripts, no event handlers,
iframes only from configured video hosts."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import nh3

DEFAULT_VIDEO_HOSTS = ("www.youtube-nocookie.com", "www.youtube.com", "player.vimeo.com")

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "iframe",
    "figure",
    "figcaption",
    "picture",
    "source",
    "details",
    "summary",
    "mark",
    "span",
    "div",
    "section",
    "aside",
    "audio",
    "video",
    "track",
    "abbr",
    "sup",
    "sub",
    "small",
    "s",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"src", "srcset", "type", "media", "sizes", "width", "height"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "poster", "width", "height"},
    "track": {"src", "kind", "srclang", "label"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
}


class Sanitizer:
    """One configured sanitiser per build; `clean` is pure."""

    def __init__(self, video_hosts: Iterable[str] = DEFAULT_VIDEO_HOSTS):
        self.video_hosts = frozenset(h.lower() for h in video_hosts)

    def _filter(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            parts = urlsplit(value)
            if parts.scheme != "https" or (parts.hostname or "").lower() not in self.video_hosts:
                return None  # an iframe without src loads nothing
        local_media = tag in ("audio", "video", "source", "track", "img") and attribute == "src"
        if local_media and urlsplit(value).scheme not in ("", "http", "https"):
            return None
        return value

    def clean(self, html: str) -> str:
        return nh3.clean(
            html,
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            attribute_filter=self._filter,
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener",
        )
