"""Facts about the site that every output needs, read once from mkdocs.yml by the adapter:
addresses for absolute links (feeds, Open Graph, QR codes), names for publishers and
channels, and the feed settings. One type for all outputs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

ZALO_SHARE = "https://sp.zalo.me/share_to_zalo?url={url}"
LOGO_URI = "assets/guong/logo.png"  # drawn at build when the theme has no raster logo
ARTWORK_URI = "assets/guong/podcast-artwork.png"


@dataclass(frozen=True)
class SiteInfo:
    """`site_url` is required (the adapter checks it in on_config) and ends in "/"."""

    site_url: str
    name: str
    description: str = ""
    author: str = ""  # site_author: the publisher in JSON-LD and feeds (else the site name)
    copyright: str = ""
    directory_urls: bool = True
    logo: str = LOGO_URI  # site-relative raster image: the theme's logo, else ours
    zalo_share: str = ZALO_SHARE
    # feeds
    limit: int = 50
    guid_authority: str = ""  # tag: URI authority; defaults to the host of site_url
    artwork: str = ""  # docs-relative square image, or "" to generate one
    podcast_title: str = ""
    podcast_author: str = ""
    owner_name: str = ""
    owner_email: str = ""

    def __post_init__(self) -> None:
        if not self.site_url:
            raise ValueError("cần 'site_url' để tạo liên kết tuyệt đối trong nguồn tin")
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")
        if not self.guid_authority:
            object.__setattr__(self, "guid_authority", urlsplit(self.site_url).hostname or "localhost")

    @property
    def url(self) -> str:
        return self.site_url

    @property
    def publisher(self) -> str:
        return self.author or self.name

    def absolute(self, path: str) -> str:
        """A site-relative path ('linh-vuc/y-te/rss.xml') as an absolute URL."""
        return urljoin(self.site_url, path.lstrip("/"))

    def page(self, path: str) -> str:
        """Absolute URL of the generated page whose folder is `path` ('' for the home page)."""
        return self.absolute(path if self.directory_urls else path + "index.html")

    def file_page(self, path: str) -> str:
        """Profiles and campaigns come from `<slug>.md`: `<slug>.html` without directory URLs."""
        return self.absolute(path if self.directory_urls else path.rstrip("/") + ".html")

    @property
    def artwork_uri(self) -> str:
        return self.artwork or ARTWORK_URI
