"""Share bar and photos in headless Chromium: the copy-link button copies the page's address,
the browser picks a WebP variant, and nothing is requested from another host."""

from __future__ import annotations

import io

from PIL import Image

from browser import BROWSER_MARKS, Session, chromium, serve  # noqa: F401 (fixture)
from sitekit import new_site

pytestmark = BROWSER_MARKS


def test_copy_link_and_webp_photo(tmp_path, chromium):  # noqa: F811
    site = new_site(tmp_path)
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "teal").save(buffer, "JPEG")
    site.write("guong/2024/anh/an.jpg", buffer.getvalue())
    site.add_profile(
        "an", image="anh/an.jpg", image_alt="Ông An", body="Mở đầu.\n\n![Cánh đồng](anh/an.jpg)\n"
    )
    result = site.build().ok()
    with serve(result.site) as base:
        session = Session(chromium, base, permissions=["clipboard-read", "clipboard-write"])
        session.goto("guong/an/")
        photo = session.page.locator("figure.guong-photo img")
        assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
        assert photo.evaluate("img => img.currentSrc").endswith(".webp")
        button = session.page.locator("button[data-guong-copy]")
        button.click()
        session.page.wait_for_function(
            "() => document.querySelector('[data-guong-copy]').textContent.includes('Đã sao chép')"
        )
        copied = session.page.evaluate("navigator.clipboard.readText()")
        assert copied == "https://guong.example.gov.vn/guong/an/"
        assert session.foreign_requests() == []
        session.close()
