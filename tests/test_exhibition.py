"""Exhibition mode (/trien-lam/…), embeds (/nhung/…) and posters (áp phích), on a real build
read with lxml, pypdf and Pillow, and the slideshow in headless Chromium."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import qrcode
from lxml import html as lxml_html
from PIL import Image
from pypdf import PdfReader

from browser import Session, browser_test, launch, serve
from guong.outputs.yearbook import QR_DIR
from sitekit import new_site

SITE_URL = "https://guong.example.gov.vn/"
PROFILES = {
    "nguyen-van-an": {
        "title": "Nguyễn Văn An – nông dân giỏi",
        "field": "nong-nghiep",
        "unit": "Hội Nông dân xã Ea Tiêu",
        "image": "anh/an.jpg",
        "image_alt": "Anh An",
    },
    "dang-thi-hoa": {
        "title": "Đặng Thị Hoa – nữ hộ sinh",
        "field": "y-te",
        "date": "2023-03-05",
        "unit": "Sở Y tế",
        "locality": "xã Ea Kao",
    },
    "tran-van-binh": {
        "title": "Trần Văn Bình – bác sĩ vùng cao",
        "field": "y-te",
        "date": "2024-08-01",
        "unit": "Sở Y tế",
        "image": "anh/binh.jpg",
        "image_alt": "Bác sĩ Bình",
    },
}
SHOW_PAGES = [
    "trien-lam/",
    "trien-lam/linh-vuc/y-te/",
    "trien-lam/linh-vuc/nong-nghiep/",
    "trien-lam/phong-trao/nong-thon-moi/",
    "trien-lam/nam/2024/",
    "trien-lam/nam/2023/",
]
EMBED_PAGES = [
    "nhung/don-vi/so-y-te/",
    "nhung/don-vi/hoi-nong-dan-xa-ea-tieu/",
    "nhung/linh-vuc/y-te/",
    "nhung/phong-trao/nong-thon-moi/",
]


def jpeg(color) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), color).save(buf, "JPEG", quality=90)
    return buf.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("exhibition"))
    site.write("guong/2024/anh/an.jpg", jpeg((30, 120, 60)))
    site.write("guong/2024/anh/binh.jpg", jpeg((30, 60, 150)))
    for slug, meta in PROFILES.items():
        site.add_profile(slug, summary=f"Câu chuyện của {meta['title'].split(' – ')[0]} ở cơ sở.", **meta)
    site.plugin_config["exhibition"] = {"posters": True, "seconds": 7}
    result = site.build().ok()
    result.root = site.root
    return result


def hrefs(page) -> list[str]:
    return page.xpath("//@href | //@src | //@srcset | //@data-src")


def test_show_pages_exist_hold_their_profiles_and_no_material_chrome(built):
    expected = {
        "trien-lam/": set(PROFILES),
        "trien-lam/linh-vuc/y-te/": {"dang-thi-hoa", "tran-van-binh"},
        "trien-lam/nam/2023/": {"dang-thi-hoa"},
        "trien-lam/nam/2024/": {"nguyen-van-an", "tran-van-binh"},
    }
    for url in SHOW_PAGES:
        page = built.page(url)
        assert not page.xpath(
            "//*[contains(@class,'md-header') or contains(@class,'md-footer') "
            "or contains(@class,'md-nav') or contains(@class,'md-search')]"
        ), url
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
        names = [unicodedata.normalize("NFC", t) for t in page.xpath("//h1[@class='gx-name']/text()")]
        assert names, url
        if url in expected:
            assert sorted(names) == sorted(PROFILES[s]["title"] for s in expected[url]), url
        assert page.xpath("//script/@src") == ["../" * url.count("/") + "assets/guong/exhibition.js"]
    first = built.page("trien-lam/").xpath("//section[contains(@class,'gx-slide')]")[0]
    assert first.xpath(".//p[@class='gx-summary']/text()")[0].startswith("Câu chuyện của")


def test_slides_show_the_published_photo_variant(built):
    page = built.page("trien-lam/linh-vuc/y-te/")
    photos = page.xpath("//div[@class='gx-photo']//img")
    assert len(photos) == 1  # Hoa has no photo
    src = photos[0].get("src") or photos[0].get("data-src")
    assert "binh-" in src and src.endswith(".jpg")
    assert (built.site / "trien-lam/linh-vuc/y-te" / src).resolve().is_file()


def test_qr_codes_are_pngs_of_the_absolute_profile_url(built):
    for slug in PROFILES:
        path = built.site / f"trien-lam/qr/qr-{slug}.png"
        reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=0)
        reference.add_data(f"{SITE_URL}guong/{slug}/")
        reference.make(fit=True)
        matrix = [[bool(v) for v in row] for row in reference.get_matrix()]
        with Image.open(path) as img:
            assert img.format == "PNG"
            pixels = img.convert("L").load()
            drawn = [[pixels[x, y] == 0 for x in range(img.width)] for y in range(img.height)]
        assert drawn == matrix, slug
    page = built.page("trien-lam/")
    assert page.xpath("//div[@class='gx-qr']/img/@src")[0].startswith("qr/")


def test_the_slides_and_the_yearbook_share_one_qr_code_per_profile(built):
    cache = built.root / ".cache/guong"
    made = sorted((cache / "qr").iterdir())
    assert len(made) == len(PROFILES)  # one entry per URL, though both publish each code
    assert not (cache / "qr-trien-lam").exists()
    books = list(built.site.glob(f"{QR_DIR}/qr-*.png"))
    assert books, "the sample site's yearbooks publish QR codes too"
    for book_qr in books:
        assert book_qr.read_bytes() == (built.site / "trien-lam/qr" / book_qr.name).read_bytes()


def test_embed_pages_are_compact_script_free_and_open_links_on_top(built):
    for url in EMBED_PAGES:
        page = built.page(url)
        assert not page.xpath("//script"), url
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
        assert not page.xpath("//*[contains(@class,'md-header') or contains(@class,'md-nav')]")
        links = page.xpath("//a")
        assert links and all(a.get("target") == "_top" for a in links), url
        assert all(a.get("href").startswith(SITE_URL) for a in links)
    page = built.page("nhung/don-vi/so-y-te/")
    titles = page.xpath("//li/a/text()")
    assert titles == [PROFILES["tran-van-binh"]["title"], PROFILES["dang-thi-hoa"]["title"]]  # newest first
    assert page.xpath("//li/a/@href")[0] == f"{SITE_URL}guong/tran-van-binh/"
    assert page.xpath("//li//time/@datetime")[0].startswith("2024-08-01")


def test_no_third_party_url_in_shows_and_embeds(built):
    for url in SHOW_PAGES + EMBED_PAGES:
        for ref in hrefs(built.page(url)):
            for part in ref.split(","):
                target = part.strip().split(" ")[0]
                parts = urlsplit(target)
                assert not parts.scheme or target.startswith(SITE_URL), (url, target)
    css = (built.site / "assets/guong/exhibition.css").read_text()
    js = (built.site / "assets/guong/exhibition.js").read_text()
    assert "://" not in css and "http" not in js


def test_shows_and_embeds_are_neither_in_the_sitemap_nor_in_search(built):
    sitemap = (built.site / "sitemap.xml").read_text()
    assert "/trien-lam/" not in sitemap and "/nhung/" not in sitemap
    assert f"{SITE_URL}linh-vuc/y-te/" in sitemap  # the sections themselves still are
    index = json.loads((built.site / "search/search_index.json").read_text())
    locations = [d["location"] for d in index["docs"]]
    assert not [loc for loc in locations if loc.startswith(("trien-lam", "nhung"))]
    nav = built.page("").xpath("//nav//a/@href")
    assert not [h for h in nav if "trien-lam" in h or "nhung/" in h]


def test_section_pages_link_their_show_and_offer_an_embed_snippet(built):
    page = built.page("linh-vuc/y-te/")
    assert page.xpath("//a[text()='Chế độ trình chiếu']/@href") == ["../../trien-lam/linh-vuc/y-te/"]
    button = page.xpath("//button[@data-guong-copy]")
    assert [b.text for b in button] == ["Sao chép mã nhúng"]
    snippet = lxml_html.fragment_fromstring(button[0].get("data-guong-copy"))
    assert snippet.tag == "iframe" and snippet.get("src") == f"{SITE_URL}nhung/linh-vuc/y-te/"
    assert page.xpath("//pre/code/text()") == [button[0].get("data-guong-copy")]
    campaign = built.page("phong-trao/nong-thon-moi/")
    assert campaign.xpath("//a[text()='Chế độ trình chiếu']/@href") == [
        "../../trien-lam/phong-trao/nong-thon-moi/"
    ]
    assert built.page("guong/").xpath("//a[text()='Chế độ trình chiếu']/@href") == ["../trien-lam/"]
    unit = built.page("don-vi/so-y-te/")
    assert not unit.xpath("//a[text()='Chế độ trình chiếu']")  # units have an embed, no show
    assert unit.xpath("//button[@data-guong-copy]")


# --- posters ------------------------------------------------------------------------------


def pdf_size(path: Path) -> tuple[float, float]:
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    return float(box.width), float(box.height)


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(unicodedata.normalize("NFC", out.stdout.decode("utf-8")).split())


def test_posters_are_one_page_a4_and_a3_with_title_and_qr(built):
    for slug, meta in PROFILES.items():
        a4 = built.site / f"guong/{slug}/ap-phich-a4.pdf"
        a3 = built.site / f"guong/{slug}/ap-phich-a3.pdf"
        width, height = pdf_size(a4)
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1
        width, height = pdf_size(a3)
        assert abs(width - 841.9) < 1 and abs(height - 1190.6) < 1
        text = pdf_text(a4)
        assert meta["title"] in text and f"{SITE_URL}guong/{slug}/" in text
        images = PdfReader(a4).pages[0].images
        assert len(images) == (2 if meta.get("image") else 1)  # photo + QR
    page = built.page("guong/nguyen-van-an/")
    assert page.xpath("//p[@class='guong-posters']//a/@href") == ["ap-phich-a4.pdf", "ap-phich-a3.pdf"]
    assert "Tải áp phích" in page.xpath("string(//p[@class='guong-posters'])")


def test_guong_poster_command_writes_a_pdf_without_a_build(built, tmp_path):
    target = tmp_path / "ap-phich.pdf"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "guong.cli",
            "-f",
            str(built.root / "mkdocs.yml"),
            "poster",
            "tran-van-binh",
            "--a3",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    width, height = pdf_size(target)
    assert abs(width - 841.9) < 1 and abs(height - 1190.6) < 1
    assert PROFILES["tran-van-binh"]["title"] in pdf_text(target)
    wrong = subprocess.run(
        [sys.executable, "-m", "guong.cli", "-f", str(built.root / "mkdocs.yml"), "poster", "tran-van-bin"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert wrong.returncode == 1 and "tran-van-binh" in wrong.stderr


def test_posters_are_off_by_default(site):
    site.add_profile("nguyen-van-an")
    result = site.build().ok()
    assert not list(result.site.rglob("ap-phich-*.pdf"))
    assert not result.page("guong/nguyen-van-an/").xpath("//p[@class='guong-posters']")
    assert (result.site / "trien-lam/index.html").is_file()


# --- the slideshow in a browser ------------------------------------------------------------


@browser_test
def test_slideshow_advances_pauses_and_fits_a_full_hd_screen(built):
    with serve(built.site) as base, launch() as chromium:
        session = Session(chromium, base, viewport={"width": 1920, "height": 1080})
        session.goto("trien-lam/?giay=1")
        page = session.page

        def current() -> int:
            return page.evaluate("+document.querySelector('.gx-slide.gx-current').dataset.index")

        def visible() -> list[int]:
            return page.evaluate("""[...document.querySelectorAll('.gx-slide')]
                .filter(s => getComputedStyle(s).visibility === 'visible').map(s => +s.dataset.index)""")

        assert current() == 0 and visible() == [0]
        fits = page.evaluate("""({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight,
                                  iw: innerWidth, ih: innerHeight})""")
        assert fits["w"] <= fits["iw"] and fits["h"] <= fits["ih"], fits
        sizes = page.evaluate("""(() => { const s = document.querySelector('.gx-current');
            const px = sel => parseFloat(getComputedStyle(s.querySelector(sel)).fontSize);
            const box = el => el.getBoundingClientRect();
            const inside = [...s.querySelectorAll('.gx-name, .gx-summary, .gx-qr img, .gx-photo')]
                .every(el => box(el).bottom <= innerHeight && box(el).right <= innerWidth && box(el).top >= 0);
            return {name: px('.gx-name'), text: px('.gx-summary'), where: px('.gx-where'), inside}; })()""")
        assert sizes["name"] >= 56 and sizes["text"] >= 32 and sizes["where"] >= 32, sizes
        assert sizes["inside"]
        page.wait_for_function("document.querySelector('.gx-current').dataset.index !== '0'", timeout=4000)
        assert visible() == [current()]
        page.keyboard.press("p")  # any key pauses
        paused = current()
        time.sleep(2.5)
        assert current() == paused
        page.keyboard.press("ArrowRight")
        assert current() == (paused + 1) % len(PROFILES)
        # every photo was preloaded: nothing left to fetch when the network goes
        assert page.evaluate("document.querySelectorAll('img[loading=lazy]').length") == 0
        assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        assert session.foreign_requests() == []
        session.close()
