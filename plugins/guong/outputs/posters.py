"""Printable posters (áp phích) of one profile, A4 and A3 PDF, through the yearbook's PDF path
(outputs/pdf.py: WeasyPrint, embedded Vietnamese fonts, files only from the site folder).

A poster is one page: photo, name, summary, unit and locality, a QR code to the profile and
the site's name. The build writes them next to the profile (`/guong/<slug>/ap-phich-a4.pdf`,
`ap-phich-a3.pdf`) only when `exhibition.posters` asks (N profiles × 2 PDFs is slow); the
`guong poster <slug>` command renders one without building the site. No MkDocs imports.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..content.model import Profile
from . import images, pdf
from .exhibition import absolute, poster_name, qr_path
from .yearbook import write_qr

TEMPLATE = "guong/poster.html"
SIZES = {"A4": (210, 297), "A3": (297, 420)}  # mm
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Poster:
    """What the poster template sees; paths are relative to the site folder."""

    profile: Profile
    size: str  # A4 or A3
    site_name: str
    online_url: str
    qr: str
    photo: str = ""
    unit_label: str = ""

    @property
    def scale(self) -> float:
        return SIZES[self.size][0] / SIZES["A4"][0]

    @property
    def width_mm(self) -> int:
        return SIZES[self.size][0]

    @property
    def height_mm(self) -> int:
        return SIZES[self.size][1]


def poster_fonts(configured: str | None = None, config_dir: Path | None = None) -> pdf.FontSet:
    """Noto Sans reads best on a wall; else the yearbook's font choice. Raises pdf.FontError."""
    if not configured:
        try:
            return pdf.find_fonts("Noto Sans")
        except pdf.FontError:
            pass
    return pdf.find_fonts(configured, config_dir)


def environment() -> Environment:
    """A plain Jinja environment over the plugin's templates (no MkDocs needed)."""
    from ..content.model import format_date

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True),
    )
    env.filters["vi_date"] = format_date
    return env


def render_html(env: Environment, poster: Poster, fonts: pdf.FontSet) -> str:
    return env.get_template(TEMPLATE).render(poster=poster, fonts=fonts)


def render(
    env: Environment,
    poster: Poster,
    site_dir: Path,
    target: Path,
    fonts: pdf.FontSet,
    cache: images.Cache | None = None,
) -> list[str]:
    """One poster PDF; the photo and QR named by `poster` must already be in site_dir."""
    html = render_html(env, poster, fonts)
    resources = [site_dir / r for r in (poster.photo, poster.qr) if r]
    key = f"ap-phich-{poster.profile.slug}-{poster.size.lower()}"
    return pdf.render_cached(html, site_dir, target, fonts, cache, resources, key)


def standalone(
    profile: Profile,
    docs_dir: Path,
    site_url: str,
    site_name: str,
    size: str,
    target: Path,
    fonts: pdf.FontSet,
) -> list[str]:
    """A poster without a built site (the command line): photo resized from the original and
    the QR code written into a temporary folder that stands in for the site."""
    with tempfile.TemporaryDirectory(prefix="guong-ap-phich-") as tmp:
        root = Path(tmp)
        online = absolute(site_url, profile.url)
        write_qr(online, root / qr_path(profile))
        photo = ""
        if profile.image:
            photo = f"anh/{profile.slug}.jpg"
            images.resized_copy(docs_dir / profile.image, root / photo, 1600)
        poster = Poster(profile, size, site_name, online, qr_path(profile), photo)
        return render(environment(), poster, root, target, fonts)


def publish(
    profiles: Sequence[Profile],
    photo_of,
    site_dir: Path,
    site_url: str,
    site_name: str,
    fonts: pdf.FontSet,
    cache: images.Cache | None,
    env: Environment,
) -> list[str]:
    """Both posters of every profile into the built site (photos and QR codes already there);
    `photo_of(profile)` gives the site-relative published JPEG or ''. Returns complaints."""
    complaints = []
    for profile in profiles:
        for size in SIZES:
            poster = Poster(
                profile, size, site_name, absolute(site_url, profile.url), qr_path(profile), photo_of(profile)
            )
            target = site_dir / profile.url / poster_name(size)
            complaints += [
                f"{target.name} ({profile.slug}): {c}"
                for c in render(env, poster, site_dir, target, fonts, cache)
            ]
    return complaints
