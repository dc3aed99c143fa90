"""What link previews and search engines read: Open Graph / Twitter meta, JSON-LD, share links.

Facebook and Zalo both read Open Graph tags; the data is computed here and written by
`guong/partials/social.html`. JSON-LD is serialised with `<`, `>` and `&` escaped as
`\\u003c`… so a title containing `</script>` stays inside its script element. Share links
are plain URLs: no third-party script is ever loaded.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..content.catalog import Catalog
from ..content.model import Profile
from .cards import HEIGHT, WIDTH, CardSpec, card_uri
from .feeds.podcast import draw_artwork
from .images import Photos
from .sections import Home, Listing, PageSpec, ProfileView, TaxonomyIndex, WithdrawnView
from .site import LOGO_URI, SiteInfo

FACEBOOK_SHARE = "https://www.facebook.com/sharer/sharer.php?u={url}"
LISTING_EYEBROW = "Chuyên mục"  # /guong/ and pages of no registered taxonomy


def listing_eyebrow(catalog: Catalog, kind: str) -> str:
    """The line above a list page's title on its card: its taxonomy's `eyebrow`."""
    for spec in catalog.taxonomies.registry:
        if spec.name == kind:
            return spec.eyebrow
    return LISTING_EYEBROW


ORGANISATION_KINDS = {"tap-the", "ho-gia-dinh"}
LOGO_SIZE = 192  # Google asks for at least 112 px
RASTER = (".png", ".jpg", ".jpeg", ".webp", ".gif")
HEADLINE_LIMIT = 110  # schema.org/Google: headlines longer than 110 characters are refused


@dataclass(frozen=True)
class Share:
    url: str
    facebook: str
    zalo: str


@dataclass(frozen=True)
class Meta:
    """Values of the head tags of one page (text, escaped by the autoescaping template)."""

    title: str
    description: str
    url: str
    type: str  # article or website
    site_name: str
    image: str
    image_alt: str
    image_type: str = "image/png"
    image_width: int = WIDTH
    image_height: int = HEIGHT
    locale: str = "vi_VN"
    jsonld: str = ""  # already escaped for a <script> element
    share: Share | None = None


def worth_sharing(spec: PageSpec) -> bool:
    """Pages with a card of their own: profiles, page 1 of each list, taxonomy indexes and
    the home page. Later pages of a list show page 1's card; every other page (yearbooks,
    the subscription page, reports) shows the home page's."""
    view = spec.view
    if isinstance(view, Listing):
        return view.number == 1
    return isinstance(view, (ProfileView, TaxonomyIndex, Home))


def home_card(site: SiteInfo) -> CardSpec:
    return CardSpec(card_uri(""), site.name, "", site.description, site.name)


def card_for(spec: PageSpec, catalog: Catalog, site: SiteInfo, photos: Photos | None) -> CardSpec:
    """The card a page shows in previews; page n of a list shares page 1's card."""
    view = spec.view
    tax = catalog.taxonomies
    if isinstance(view, ProfileView):
        p = view.profile
        photo, photo_key = None, ""
        if p.image and photos is not None:
            pic = photos.picture(p.image)
            photo, photo_key = str(photos.cached_jpeg(pic)), pic.key
        return CardSpec(
            uri=card_uri(p.url, photo=photo is not None),
            title=p.title,
            eyebrow=f"Gương điển hình · {tax.kinds[p.kind].label}",
            footer=f"{tax.fields[p.field].label} · {tax.levels[p.level].label}",
            site_name=site.name,
            photo_key=photo_key,
            photo=photo,
        )
    if isinstance(view, WithdrawnView):  # the notice: no photo
        p = view.profile
        return CardSpec(card_uri(p.url), p.title, "Đã thu hồi", "", site.name)
    if isinstance(view, Listing):
        footer = f"{view.total} gương điển hình"
        if view.campaign is not None:
            footer = f"Giai đoạn {view.campaign.period} · {footer}"
        return CardSpec(
            card_uri(view.section_url), view.title, listing_eyebrow(catalog, view.kind), footer, site.name
        )
    if isinstance(view, TaxonomyIndex):
        return CardSpec(card_uri(view.url), view.title, "Chuyên mục", f"{len(view.entries)} mục", site.name)
    if isinstance(view, Home):
        return home_card(site)
    return CardSpec(card_uri(spec.src_uri.removesuffix("index.md")), spec.title, "", "", site.name)


def cards_for(
    specs: dict[str, PageSpec], catalog: Catalog, site: SiteInfo, photos: Photos | None
) -> dict[str, CardSpec]:
    """src_uri -> card, for every page the plugin owns, plus the home card under ''.

    Only pages `worth_sharing` get a card drawn for them; page n of a list maps to the very
    card of its page 1 (same file), every other page to the home card."""
    cards: dict[str, CardSpec] = {}
    first_pages: dict[str, CardSpec] = {}  # section URL -> page 1's card
    for src, spec in specs.items():
        if worth_sharing(spec):
            cards[src] = card_for(spec, catalog, site, photos)
            if isinstance(spec.view, Listing):
                first_pages[spec.view.section_url] = cards[src]
    home = next((c for s, c in cards.items() if s == "index.md"), None) or home_card(site)
    cards[""] = home
    for src, spec in specs.items():
        if src not in cards:
            view = spec.view
            page_one = first_pages.get(view.section_url) if isinstance(view, Listing) else None
            cards[src] = page_one or home
    return cards


def share_links(url: str, site: SiteInfo) -> Share:
    quoted = quote(url, safe="")
    return Share(url, FACEBOOK_SHARE.format(url=quoted), site.zalo_share.format(url=quoted))


def page_meta(
    spec: PageSpec | None,
    title: str,
    description: str,
    page_url: str,
    card: CardSpec | None,
    site: SiteInfo,
    catalog: Catalog | None,
    photos: Photos | None,
) -> Meta:
    """Meta of one page; `title`/`description` are plain text (not HTML). Without a card
    (cards switched off) there is no og:image."""
    url = site.absolute(page_url)
    image = site.absolute(card.uri) if card else ""
    image_type = card.mime if card else ""
    if spec is not None and isinstance(spec.view, ProfileView):
        p = spec.view.profile
        alt = p.image_alt or p.title
        data = article_jsonld(p, url, image, site, catalog, photos)
        return Meta(
            p.title,
            p.summary or site.description,
            url,
            "article",
            site.name,
            image,
            f"{alt} — {site.name}",
            image_type,
            jsonld=dump_jsonld(data),
            share=share_links(url, site),
        )
    share = None
    if spec is not None and isinstance(spec.view, Listing) and spec.view.campaign is not None:
        share = share_links(url, site)
    if spec is not None and isinstance(spec.view, Home):
        title = site.name  # the home page is the site, not "Trang chủ"
    return Meta(
        title or site.name,
        description or site.description,
        url,
        "website",
        site.name,
        image,
        f"{card.title if card else title} — {site.name}",
        image_type,
        share=share,
    )


def about_name(profile: Profile) -> str:
    """The exemplar's name: the headline up to its first dash or colon ("Nguyễn Văn An –
    nông dân giỏi" -> "Nguyễn Văn An"), else the whole headline."""
    head = re.split(r"\s[–—-]\s|:\s", profile.title, maxsplit=1)[0].strip()
    return head or profile.title


def article_jsonld(
    p: Profile, url: str, image: str, site: SiteInfo, catalog: Catalog | None, photos: Photos | None
) -> dict[str, Any]:
    images = [image]
    if p.image and photos is not None:
        images.append(site.absolute(photos.picture(p.image).largest.jpeg))
    publisher = {
        "@type": "Organization",
        "name": site.publisher,
        "url": site.url,
        "logo": {"@type": "ImageObject", "url": site.absolute(site.logo)},
    }
    about: dict[str, Any] = {
        "@type": "Organization" if p.kind in ORGANISATION_KINDS else "Person",
        "name": about_name(p),
    }
    if p.awards:
        about["award"] = [str(a) for a in p.awards]
    if p.locality:
        about["address" if p.kind in ORGANISATION_KINDS else "homeLocation"] = (
            {"@type": "PostalAddress", "addressLocality": p.locality, "addressCountry": "VN"}
            if p.kind in ORGANISATION_KINDS
            else {"@type": "Place", "name": p.locality}
        )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline(p.title),
        "description": p.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": "vi",
        "datePublished": p.date.isoformat(),
        "dateModified": p.modified.isoformat(),
        "image": images,
        "author": {"@type": "Person", "name": p.author} if p.author else publisher,
        "publisher": publisher,
        "about": about,
    }
    if catalog is not None:
        data["articleSection"] = catalog.taxonomies.fields[p.field].label
    if p.tags:
        data["keywords"] = list(p.tags)
    if p.corrections:  # schema.org CreativeWork.correction; dateModified is already bumped
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.note, "datePublished": c.date.isoformat()}
            for c in reversed(p.corrections)
        ]
    return data


def dump_jsonld(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: `<`, `>`, `&` escaped, so `</script>` cannot end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def headline(title: str, limit: int = HEADLINE_LIMIT) -> str:
    """The title within `limit` characters: cut at the last word boundary that leaves room
    for "…" (a single word longer than that is cut inside it)."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    room = title[: limit - 1]
    if title[limit - 1] != " " and " " in room:
        room = room[: room.rindex(" ")]
    return room.rstrip(" ,;:.–—-") + "…"


def logo_uri(theme_logo: str | None) -> str:
    """The publisher logo: the theme's logo when it is a raster image (search engines do not
    take SVG), else the one drawn by `logo_png`."""
    if theme_logo and theme_logo.lower().endswith(RASTER) and "://" not in theme_logo:
        return theme_logo.lstrip("/")
    return LOGO_URI


def logo_png(size: int = LOGO_SIZE) -> bytes:
    """A small square logo (the podcast cover's star), the same bytes on every build."""
    buf = io.BytesIO()
    draw_artwork(buf, size)
    return buf.getvalue()


def lastmod(view: Any) -> str:
    """A page's sitemap `lastmod` from its own content (never the build day): a profile's
    `updated` (else `date`), a list's newest entry; "" (no lastmod) for everything else."""
    if isinstance(view, ProfileView):
        return view.profile.modified.date().isoformat()
    entries = view.entries if isinstance(view, Listing) else (view.latest if isinstance(view, Home) else ())
    return max(p.modified for p in entries).date().isoformat() if entries else ""
