"""Typed configuration of the `guong` plugin (mkdocs.yml -> plugins -> guong)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..content.sanitize import DEFAULT_VIDEO_HOSTS
from ..content.taxonomy import Taxonomies


class FeedsConfig(Config):
    """Feeds for the press (RSS, Atom, JSON Feed), the podcast for radio and the OPML list."""

    enabled = c.Type(bool, default=True)
    """Write the feeds, /podcast.xml, /feeds.opml and /dang-ky/ (off: for benchmarks)."""

    limit = c.Type(int, default=50)
    """Newest exemplars per feed."""

    guid_authority = c.Optional(c.Type(str))
    """Authority of the items' tag: GUIDs, e.g. `thiduakhenthuong.example.gov.vn`. Default: the
    host of site_url. Set it once and keep it when the site moves, so readers see no repeats."""

    artwork = c.Optional(c.Type(str))
    """Podcast cover (and feed image), path in the docs folder: square JPEG/PNG, 1400–3000 px.
    Default: a plain cover generated at build."""

    podcast_title = c.Optional(c.Type(str))
    """Title of /podcast.xml. Default: "<site_name> – Phát thanh"."""

    podcast_author = c.Optional(c.Type(str))
    """itunes:author. Default: site_author."""

    owner_name = c.Optional(c.Type(str))
    """itunes:owner name (who podcast directories contact). Default: the podcast author."""

    owner_email = c.Optional(c.Type(str))
    """itunes:owner email; podcast directories require it to list the feed."""


DEFAULT_QUOTAS: dict[str, list[int]] = {
    "so-nganh": [3, 5],  # sở, ban, ngành tỉnh
    "xa-phuong": [2, 3],  # xã, phường, đặc khu
    "doan-the": [2, 5],  # Mặt trận, đoàn thể
    "doanh-nghiep": [1, 2],  # doanh nghiệp, đơn vị sự nghiệp
    "cum-khoi": [5, 10],  # cụm, khối thi đua
}


class ReportsConfig(Config):
    page = c.Type(bool, default=False)
    """Build the internal coverage page at /bao-cao/ (off: gaps are internal information)."""

    quotas = c.Type(dict, default=DEFAULT_QUOTAS)
    """Exemplars each introducing unit must present per year, by unit kind: `kind: [min, max]`."""

    units = c.Type(dict, default={})
    """Introducing units (the profiles' `unit` text) and their kind: `"Sở Y tế": so-nganh`."""

    deadline = c.Type(str, default="15/2")
    """Day/month the yearly list is due at the Department of Home Affairs (Sở Nội vụ)."""

    remind_days = c.Type(int, default=31)
    """`guong check` and `guong report` remind this many days before the deadline."""


class AdminConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish /admin/ (Decap CMS, vendored, no CDN); needs `make vendor` to have run."""

    backend = c.Type(dict, default={})
    """The git server Decap logs in to on the published site: `{name: gitea|forgejo|gitlab|github,
    repo: owner/name, branch, base_url, api_root, app_id…}` (Decap's `backend` block). Empty (the
    default): /admin/ only explains, in Vietnamese, that none is configured."""

    local_backend = c.Type(bool, default=True)
    """Let `guong edit` (make edit) edit the local files from /admin/ of its preview."""


class SearchConfig(Config):
    fold = c.Type(bool, default=True)
    """Vietnamese search without diacritics: "nong thon moi" finds "nông thôn mới". Adds
    folded twins of marked words to Material's search index and a small query script."""

    engine = c.Choice(("lunr", "pagefind"), default="lunr")
    """`lunr` (default): Material's own index, one file every reader downloads whole.
    `pagefind`: a chunked Pagefind index in /pagefind/ (built after the site is written),
    queried from Material's search box by assets/guong/pagefind-search.js; a query fetches only
    the chunks it needs, so large sites stay light on phones. Material's search plugin stays
    enabled (it draws the box); its lunr index is then neither fetched nor published."""


class YearbookConfig(Config):
    """Kỷ yếu điện tử: /ky-yeu/<năm>/, /ky-yeu/<đầu>-<cuối>/ and their PDF."""

    enabled = c.Type(bool, default=True)
    """Build the yearbook pages at all."""

    title = c.Type(str, default="Kỷ yếu gương điển hình tiên tiến")
    """Title on the cover; the year or period is added below it."""

    issuer = c.Optional(c.Type(str))
    """Cơ quan phát hành printed on the cover and as PDF author. Default: `site_author`, else
    `site_name`."""

    place = c.Type(str, default="")
    """Place printed at the foot of the cover, e.g. `Đắk Lắk`."""

    cover_image = c.Optional(c.Type(str))
    """Optional cover picture, relative to the docs folder (e.g. `ky-yeu/bia.jpg`)."""

    periods = c.ListOfItems(c.Type(str), default=[])
    """Extra periods with a book of their own (e.g. `2020-2025`, `2025-2030`), besides the
    periods of campaigns that have exemplars."""

    group_by = c.Choice(("campaign", "field", "level"), default="campaign")
    """Chapters by phong trào (campaign), lĩnh vực (field) or cấp công nhận (level)."""

    content = c.Choice(("summary", "story"), default="summary")
    """Each entry shows the summary (sapo) or the full story."""

    pdf = c.Choice(("auto", True, False), default="auto")
    """`auto`: build the PDF when WeasyPrint is installed, else say so once (INFO);
    `true`: a missing WeasyPrint fails the build; `false`: no PDF."""

    pdf_in_serve = c.Type(bool, default=False)
    """Also print the PDFs under `mkdocs serve` (off: the pages are served without PDF links,
    so saving a story does not wait for the books to be printed again)."""

    font = c.Optional(c.Type(str))
    """Font of the PDF: a family known to fontconfig or a .ttf/.otf file (relative to
    mkdocs.yml). Default: Noto Serif, then DejaVu Serif, Noto Sans, DejaVu Sans. It must
    cover every Vietnamese letter."""

    cache = c.Type(bool, default=True)
    """Keep each book's last PDF in `.cache/guong/pdf/` and reuse it while nothing in the book
    changed (saves about a minute per 500 profiles on every `mkdocs serve` rebuild)."""

    photo_size = c.Type(int, default=600)
    """Longest side in pixels of the photos in the book (about 5 cm at 300 dpi)."""


class ExhibitionConfig(Config):
    """Trưng bày: slideshows at /trien-lam/…, embeds at /nhung/…, posters (áp phích)."""

    enabled = c.Type(bool, default=True)
    """Build the slideshow and embed pages (and the links to them on section pages)."""

    seconds = c.Type(int, default=12)
    """Seconds per slide; a screen may override it with `?giay=N` in the address."""

    embed_limit = c.Type(int, default=20)
    """Newest entries listed by each embed page (`/nhung/<taxonomy>/<term>/`)."""

    posters = c.Choice(("auto", True, False), default=False)
    """A4 and A3 poster PDF per profile (`/guong/<slug>/ap-phich-a4.pdf`, `ap-phich-a3.pdf`).
    Off by default (2 PDFs per profile are slow; `guong poster <slug>` makes one on demand);
    `auto`: when WeasyPrint is installed; `true`: a missing WeasyPrint fails the build."""


class ImagesConfig(Config):
    widths = c.ListOfItems(c.Type(int), default=[480, 960, 1600])
    """Widths (px) of the published variants of each photo; never larger than the original."""

    webp_quality = c.Type(int, default=80)
    """WebP quality (0-100)."""

    jpeg_quality = c.Type(int, default=82)
    """JPEG quality (0-100) of the fallback for browsers without WebP."""

    sizes = c.Type(str, default="(min-width: 76.25em) 40rem, 100vw")
    """The `sizes` attribute of photos in stories and on profile pages."""

    cache_dir = c.Type(str, default=".cache/guong")
    """Where encoded photos and cards are kept between builds (relative to mkdocs.yml)."""


class SocialConfig(Config):
    cards = c.Type(bool, default=True)
    """Draw a 1200×630 preview card for every profile, chuyên mục and campaign page."""

    font = c.Optional(c.Type(str))
    """Bold font file for card titles (must cover Vietnamese); default: Noto Sans / DejaVu Sans
    found on this machine. Never downloaded."""

    font_regular = c.Optional(c.Type(str))
    """Regular font file for the other card lines; default: the same family as `font`."""

    zalo_share_url = c.Type(str, default="https://sp.zalo.me/share_to_zalo?url={url}")
    """Zalo share address; `{url}` is replaced by the page's encoded address."""


class GuongConfig(Config):
    # --- what readers see around the content (issue 13: footer) ---------------------------
    footer_credit = c.Type(bool, default=False)
    """Show "Xây dựng bằng Material for MkDocs" in the footer (Material's English "Made
    with Material for MkDocs" is never shown)."""

    provinces = c.Type(dict, default={})
    """Locality -> province for the /guong/ filter and reports (content/places.py); the last
    comma-separated part of `locality` is used when a locality is not listed here."""

    page_cache = c.Type(bool, default=True)
    """Place a page the plugin owns from the cache when nothing its HTML depends on changed,
    instead of rendering it through the theme again (outputs/page_cache.py), unchanged
    Markdown from its last conversion (adapter/markdown_memo.py), and an unchanged page
    outside the nav without MkDocs reading it (adapter/placed_pages.py). Off: a site whose
    other plugins add values to the page context that templates print."""

    # --- lists and pages ------------------------------------------------------------------
    page_size = c.Type(int, default=12)
    """Entries per page on chuyên mục pages; page 2 is at `<section>/page/2/`."""

    home_latest = c.Type(int, default=8)
    """How many of the newest exemplars the home page shows."""

    upcoming_days = c.Type(int, default=60)
    """The home page shows the occasions (dịp kỷ niệm) of this many days from the build date."""

    search = c.SubConfig(SearchConfig)
    """Search options (Material's search plugin must be enabled too)."""

    related_count = c.Type(int, default=4)
    """How many related exemplars a profile page shows."""

    fields = c.Optional(c.Type(dict))
    """Lĩnh vực `key: "Label"`, merged over the defaults (a null label removes a default)."""

    levels = c.Optional(c.Type(dict))
    """Cấp công nhận, lowest first, merged over the defaults."""

    kinds = c.Optional(c.Type(dict))
    """Đối tượng, merged over the defaults."""

    occasions = c.Optional(c.Type(dict))
    """Ngày kỷ niệm `key: {date: "11/6", label: "..."}`, merged over the defaults."""

    replace_default_taxonomies = c.Type(bool, default=False)
    """Use only the configured taxonomy values, dropping the defaults."""

    taxonomies = c.ListOfItems(c.Type(dict), default=[])
    """More chuyên mục over a profile text key, each `{name, key, prefix, title}` (optional:
    `label`, `noun`, `order: alphabet|newest`, `feeds`, `categories`, `badges`, `term_description`,
    `index_description`). `key` is one of `unit`, `locality`, `author`, `tags`; terms are
    the values profiles use, slugified (đ -> d). Gives /<prefix>/ and /<prefix>/<term>/ with
    feeds and a badge on each profile. See content/taxonomy.py `declare`."""

    video_hosts = c.ListOfItems(c.Type(str), default=list(DEFAULT_VIDEO_HOSTS))
    """Hosts from which story iframes may load; every other iframe loses its `src`."""

    build_date = c.Optional(c.Type(str))
    """Pretend today is this date (e.g. `2025-06-01`) for scheduled profiles; also read from
    SOURCE_DATE_EPOCH. Default: the clock."""

    max_image_pixels = c.Type(int, default=50_000_000)
    """Photos with more pixels are refused (decompression bombs)."""

    feeds = c.SubConfig(FeedsConfig)
    """Feeds, podcast and OPML (see FeedsConfig)."""

    images = c.SubConfig(ImagesConfig)
    """Responsive photos: widths, qualities, cache folder."""

    social = c.SubConfig(SocialConfig)
    """Link previews: social cards, their font, share links."""

    reports = c.SubConfig(ReportsConfig)
    """Staff reports (`guong report`, `guong check` reminders) and the internal coverage page."""

    admin = c.SubConfig(AdminConfig)
    """Browser editing: a Decap CMS admin at /admin/, served from the site itself."""

    yearbook = c.SubConfig(YearbookConfig)
    """Kỷ yếu điện tử (yearbooks as printable pages and PDF)."""

    exhibition = c.SubConfig(ExhibitionConfig)
    """Trưng bày: slideshows for screens, embeds for other portals, posters."""

    def build_taxonomies(self) -> Taxonomies:
        """The site's taxonomies from these options (raises ValueError naming what is wrong):
        the build and the staff command line both call this."""
        return Taxonomies.build(
            self.fields,
            self.levels,
            self.kinds,
            self.occasions,
            self.replace_default_taxonomies,
            self.taxonomies,
        )
