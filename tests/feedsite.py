"""A fixture site for the feed tests: a few profiles across sections, a photo, audio, a
draft, a scheduled profile, private notes and a hostile title; plus what each section
must contain, worked out here independently of the plugin."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from audiokit import SAMPLE_MP3
from sitekit import Site, new_site

SITE_URL = "https://guong.example.gov.vn/"
HOSTILE = "<img src=x onerror=alert(1)> ]]></title><script>alert(2)</script>"
PRIVATE_VALUE = "RIENG-TU-0912345678"

# slug -> (date, field, level, kind, campaigns); all published.
PUBLISHED = {
    "nguyen-van-an": ("2024-05-19", "nong-nghiep", "tinh", "ca-nhan", ["nong-thon-moi"]),
    "tram-y-te-xa": ("2024-06-01 08:30", "y-te", "co-so", "tap-the", ["nong-thon-moi", "dan-van-kheo"]),
    "tieu-de-doc-hai": ("2023-11-20", "y-te", "tinh", "ca-nhan", ["dan-van-kheo"]),
    "ho-ba-lan": ("2025-02-03", "giam-ngheo", "huyen", "ho-gia-dinh", ["nong-thon-moi"]),
}
DRAFT, SCHEDULED = "ban-nhap-chua-dang", "hen-gio-dang-sau"


def jpeg(size=(320, 240), colour=(30, 120, 60)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def build_feed_site(root: Path, **plugin_config) -> Site:
    site = new_site(root)
    site.add_campaign("dan-van-kheo", title="Dân vận khéo", period="2021-2030")
    site.plugin_config.update(plugin_config)
    site.write("guong/2024/anh/an.jpg", jpeg())
    site.write("guong/2024/am-thanh/an.mp3", SAMPLE_MP3.read_bytes())
    site.write("guong/2025/am-thanh/lan.mp3", SAMPLE_MP3.read_bytes()[:40_000])
    extra = {
        "nguyen-van-an": {
            "image": "anh/an.jpg",
            "image_alt": "Anh An bên vườn cà phê",
            "image_credit": "Minh Hà",
            "audio": "am-thanh/an.mp3",
            "author": "Hoàng Minh",
            "summary": "Sapo: anh An & vườn cà phê <sạch>.",
            "updated": "2024-07-01",
            "private": {"so_dien_thoai": PRIVATE_VALUE},
        },
        "tieu-de-doc-hai": {"title": HOSTILE},
        "ho-ba-lan": {"audio": "am-thanh/lan.mp3"},
    }
    body = (
        "Đoạn mở đầu với [liên kết nội bộ](../../linh-vuc/y-te/index.md) và [ngoài](https://example.org/x).\n\n"
        "## Hành trình\n\nNội dung câu chuyện.\n"
    )
    for slug, (date, field, level, kind, campaigns) in PUBLISHED.items():
        folder = date[:4]
        site.add_profile(
            slug,
            body=body,
            folder=folder,
            date=date,
            field=field,
            level=level,
            kind=kind,
            campaign=campaigns,
            **extra.get(slug, {}),
        )
    site.add_profile(DRAFT, draft=True, title="Bản nháp chưa đăng", field="y-te")
    site.add_profile(SCHEDULED, date="2030-01-01", title="Hẹn giờ đăng sau", field="y-te")
    return site


def expected_sections() -> dict[str, list[str]]:
    """Section folder -> slugs newest first, for every field, level, kind, campaign and unit."""
    from guong.content.taxonomy import DEFAULT_FIELDS, DEFAULT_KINDS, DEFAULT_LEVELS

    order = sorted(PUBLISHED, key=lambda s: PUBLISHED[s][0], reverse=True)
    out: dict[str, list[str]] = {"": order}
    for prefix, keys, index in (
        ("linh-vuc", DEFAULT_FIELDS, 1),
        ("cap", DEFAULT_LEVELS, 2),
        ("doi-tuong", DEFAULT_KINDS, 3),
    ):
        for key in keys:
            out[f"{prefix}/{key}/"] = [s for s in order if PUBLISHED[s][index] == key]
    for campaign in ("nong-thon-moi", "dan-van-kheo"):
        out[f"phong-trao/{campaign}/"] = [s for s in order if campaign in PUBLISHED[s][4]]
    out["don-vi/hoi-nong-dan-xa-ea-tieu/"] = order  # every profile keeps sitekit's default unit
    return out
