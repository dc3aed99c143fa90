"""Data for the filters on /guong/: one compact JSON file with every published profile.

The list page is paginated (one page of cards in the HTML), so filtering across all
profiles needs the whole set in one place; ~350 bytes per profile keeps 5,000 profiles
near 1.7 MB before compression. Only public frontmatter goes in: never `private`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..content.catalog import Catalog
from ..content.model import format_date
from ..content.places import province
from ..content.taxonomy import slugify

DATA_URI = "guong/index.json"
SUMMARY_CHARS = 200


def _short(text: str, limit: int = SUMMARY_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


# Words before a person's name in a title, skipped for a photo-less card's initials.
HONORIFICS = frozenset(
    w.casefold()
    for w in [
        "anh",
        "chị",
        "ông",
        "bà",
        "bác",
        "cô",
        "chú",
        "thầy",
        "em",
        "cháu",
        "hộ",
        "gia",
        "đình",
        "đồng",
        "chí",
        "đ/c",
        "ts",
        "ths",
        "pgs",
        "gs",
        "bs",
        "bác",
        "sĩ",
        "cô",
        "giáo",
        "thầy",
        "giáo",
        "nhà",
        "giáo",
        "nghệ",
        "nhân",
        "cựu",
        "chiến",
        "binh",
        "thiếu",
        "úy",
        "trung",
        "úy",
        "thượng",
        "úy",
        "đại",
        "úy",
        "thiếu",
        "tá",
        "trung",
        "tá",
        "thượng",
        "tá",
        "đại",
        "tá",
        "tướng",
        "mẹ",
    ]
)


def initials(title: str) -> str:
    """Initials of the person a title names: "Bác sĩ Lê Thị Hoa – ..." -> "LH"; the
    honorific's letter is never used. Up to two letters: the first and the last word."""
    name = title.replace("—", "–").split("–")[0].split(":")[0]
    words = [w for w in name.replace(",", " ").split() if w[:1].isalpha()]
    while len(words) > 1 and words[0].casefold() in HONORIFICS:
        words = words[1:]
    if not words:
        return ""
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def entries(
    catalog: Catalog, thumbnails: dict[str, str] | None = None, provinces: Mapping[str, str] | None = None
) -> list[dict]:
    """One record per published profile, newest first (the catalog's order). `thumbnails`
    maps a photo to its published small variant (originals are never published)."""
    thumbnails = thumbnails or {}
    selects = catalog.taxonomies.with_flag("filter")  # field, level, kind: one value each
    out = []
    for p in catalog.profiles:
        record = {
            "slug": p.slug,
            "title": p.title,
            "url": p.url,
            "date": p.date.date().isoformat(),
            "date_label": format_date(p.date),
            "summary": _short(p.summary),
            "thumbnail": thumbnails.get(p.image, "") if p.image else "",
            "year": p.quarter.year,
            "quarter": p.quarter.number,
            "campaigns": list(p.campaigns),
            "locality": slugify(province(p.locality, provinces)) if p.locality else "",  # the province
            "initials": initials(p.title),
            "locality_label": p.locality,
        }
        for spec in selects:
            record[spec.name] = next(iter(catalog.term_keys(spec, p)), "")
        out.append(record)
    return out


def index_json(
    catalog: Catalog, thumbnails: dict[str, str] | None = None, provinces: Mapping[str, str] | None = None
) -> str:
    """Deterministic JSON text (same content, same bytes); URLs relative to the site root."""
    data = {"version": 1, "profiles": entries(catalog, thumbnails, provinces)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
