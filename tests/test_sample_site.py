"""The sample content that ships: what the contract and the issue promise about it."""

import re
from collections import Counter

from PIL import Image

from guong.content.catalog import Settings, load_catalog
from guong.content.model import parse_when
from guong.content.taxonomy import Taxonomies
from sitekit import ROOT

TAX = Taxonomies.build()


def sample_catalog():
    catalog, problems = load_catalog(ROOT / "content", Settings(TAX, parse_when("2025-12-31")))
    assert problems.items == []
    return catalog


def test_sample_covers_every_default_taxonomy_value():
    catalog = sample_catalog()
    assert len(catalog.profiles) >= 20 and len(catalog.campaigns) >= 5
    assert {p.field for p in catalog.profiles} == set(TAX.fields.terms)
    assert {p.level for p in catalog.profiles} == set(TAX.levels.terms)
    assert {p.kind for p in catalog.profiles} == set(TAX.kinds.terms)
    assert {p.date.year for p in catalog.profiles} == {2023, 2024, 2025}
    assert all("hồ sơ mẫu" in p.tags for p in catalog.profiles + catalog.unpublished)
    assert sum(1 for p in catalog.profiles if p.image) >= 5
    titles = {c.title for c in catalog.campaigns.values()}
    assert {"Chung sức xây dựng nông thôn mới", "Dân vận khéo", "Tuổi trẻ sáng tạo"} <= titles


def test_sample_site_publishes_no_private_value_and_no_draft(sample_site):
    private = set()
    for path in (ROOT / "content" / "guong").rglob("*.md"):
        private |= set(re.findall(r"RIENG-TU-[A-Z0-9-]+", path.read_text("utf-8")))
    assert len(private) >= 5
    everything = "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in sample_site.rglob("*") if p.is_file()
    )
    assert [v for v in private if v in everything] == []
    drafts = [p for p in sample_catalog().unpublished if p.draft]
    assert drafts and all(d.slug not in everything for d in drafts)


def test_sample_photos_lose_exif_and_stand_upright(sample_site):
    images = [
        p
        for p in sample_site.rglob("*")
        if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp") and "assets" not in p.parts
    ]
    assert images
    for path in images:
        with Image.open(path) as img:
            assert len(img.getexif()) == 0, path
            assert not {"exif", "xmp", "XML:com.adobe.xmp"} & set(img.info), path
    rotated = [p for p in images if p.stem.startswith("anh-ho-minh-tri-duc-trong")]
    assert rotated
    for path in rotated:
        with Image.open(path) as img:
            assert img.height > img.width  # stored sideways with Orientation=6: upright is portrait


def test_sample_sections_and_nav(sample_site):
    catalog = sample_catalog()
    counts = Counter(p.field for p in catalog.profiles)
    for key, count in counts.items():
        html = (sample_site / "linh-vuc" / key / "index.html").read_text("utf-8")
        assert html.count('class="guong-card"') == min(count, 12)


def test_every_published_profile_has_its_page(sample_site):
    from lxml import html

    for profile in sample_catalog().profiles:
        page = html.fromstring((sample_site / "guong" / profile.slug / "index.html").read_bytes())
        assert page.xpath("//h1")[0].text_content() == profile.title
