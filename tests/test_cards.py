"""Social cards: 1200×630, every Vietnamese glyph drawn with a local font, linked as og:image."""

import unicodedata

import pytest
from PIL import Image, ImageDraw, ImageFilter

from guong.outputs import cards
from guong.outputs.cards import CardSpec
from guong.outputs.fonts import covered as font_cover
from sitekit import Site

# Every tone on every vowel, upper and lower case, plus đ/Đ: the hardest title we can write.
TONES = (
    "Đặng Thị Ngọc Hưởng – người ươm mầm xanh ở Ngũ Hành Sơn, Ỷ Lan, Ấp Thượng, "
    "Ữ Ợ Ỡ Ở Ờ Ớ Ự Ử Ừ Ứ Ỵ Ỳ Ý Ỷ Ỹ ặ ẳ ẵ ằ ắ ậ ẩ ẫ ầ ấ ệ ể ễ ề ế ị ỉ ĩ ì í ộ ổ ỗ ồ ố ỵ ỷ ỹ"
)


def test_every_glyph_of_a_toned_title_is_drawn():
    fonts = cards.find_fonts()
    title = unicodedata.normalize("NFC", TONES)
    cmap = font_cover(fonts.bold)
    assert all(ord(ch) in cmap for ch in title if not ch.isspace())

    spec = CardSpec(
        uri="x.jpg",
        title=title,
        eyebrow="Chuyên mục · Lĩnh vực",
        footer="3 gương",
        site_name="Gương điển hình",
    )
    card = cards.render(spec, fonts)
    assert card.size == (1200, 630)
    x, y, width, height = cards.title_box(spec)
    font, lines = cards.fit_title(title, fonts, width, height)
    # Wrapped only at spaces, nothing lost, every line within the box.
    assert " ".join(lines).split() == title.split()
    assert all(font.getlength(line) <= width for line in lines)
    assert len(lines) * round(font.size * cards.LINE_HEIGHT) <= height

    # The card's title area is exactly the text drawn with the same font...
    expected = Image.new("RGB", card.size, cards.PAPER)
    draw = ImageDraw.Draw(expected)
    for n, line in enumerate(lines):
        draw.text((x, y + n * round(font.size * cards.LINE_HEIGHT)), line, font=font, fill=cards.INK)
    box = (x, y, x + width, y + height)
    assert card.crop(box).tobytes() == expected.crop(box).tobytes()
    # ...and no glyph of it is the .notdef box: each marked letter differs from its base
    # letter and from what the font draws for a character it lacks.
    notdef = _glyph("\U000e0fff", font)
    for ch in set(title) - {" "}:
        drawn = _glyph(ch, font)
        assert drawn != notdef, ch
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isalpha() and ch not in "đĐ":
            assert drawn != _glyph(base, font), ch


def _glyph(ch, font):
    img = Image.new("L", (200, 200))
    ImageDraw.Draw(img).text((40, 40), ch, font=font, fill=255)
    return img.tobytes()


def test_wrap_breaks_at_spaces_by_measured_width():
    font = cards.find_fonts().font(40, bold=True)
    lines = cards.wrap("Hợp tác xã nông nghiệp Thới Thạnh Xanh", font, 300)
    assert len(lines) > 1 and all(font.getlength(line) <= 300 for line in lines)
    assert " ".join(lines) == "Hợp tác xã nông nghiệp Thới Thạnh Xanh"


def _og(page, prop):
    return page.xpath(f"//meta[@property='{prop}']/@content")[0]


def test_og_image_is_absolute_and_a_1200x630_file(site: Site):
    site.write("guong/2024/anh/a.jpg", _jpeg())
    site.add_profile("a", title=TONES, image="anh/a.jpg", image_alt="Chân dung")
    site.add_profile("b", kind="tap-the")
    result = site.build().ok()
    for url, og_type in (
        ("guong/a/", "article"),
        ("guong/b/", "article"),
        ("linh-vuc/nong-nghiep/", "website"),
        ("phong-trao/nong-thon-moi/", "website"),
        ("", "website"),
        ("cap/", "website"),
    ):
        page = result.page(url)
        image = _og(page, "og:image")
        assert image.startswith("https://guong.example.gov.vn/assets/guong/the/"), image
        path = result.site / image.removeprefix("https://guong.example.gov.vn/")
        with Image.open(path) as img:
            # A card with a photo is a JPEG, one without a palette PNG; og:image:type says which.
            assert img.size == (1200, 630) and img.format == ("JPEG" if url == "guong/a/" else "PNG")
            assert _og(page, "og:image:type") == f"image/{img.format.lower()}"
            assert len(img.getexif()) == 0 and not img.info.get("exif")
        assert (_og(page, "og:image:width"), _og(page, "og:image:height")) == ("1200", "630")
        assert _og(page, "og:image:alt")
        assert _og(page, "og:type") == og_type
        assert _og(page, "og:locale") == "vi_VN"
        assert _og(page, "og:site_name") == "Gương điển hình thử nghiệm"
        assert _og(page, "og:url") == "https://guong.example.gov.vn/" + url
        assert page.xpath("//meta[@name='twitter:card']/@content") == ["summary_large_image"]
        assert page.xpath("//link[@rel='canonical']/@href") == ["https://guong.example.gov.vn/" + url]
    profile = result.page("guong/a/")
    assert _og(profile, "og:title") == TONES
    assert _og(profile, "og:description") == "Đoạn mở đầu của câu chuyện."
    assert len(list((result.site / "assets/guong/the").rglob("*.*"))) >= 10


def test_no_usable_font_is_a_vietnamese_error(site: Site):
    site.add_profile("a")
    site.write("../khong-phai-phong.ttf", "không phải phông chữ")
    site.plugin_config["social"] = {"font": str(site.root / "khong-phai-phong.ttf")}
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "thiếu chữ tiếng Việt" in result.output and "khong-phai-phong.ttf" in result.output
    assert not result.site.exists()

    site.plugin_config["social"] = {"font": "/khong/co/phong.ttf"}
    result = site.build()
    assert result.returncode != 0 and "không tìm thấy tệp phông chữ '/khong/co/phong.ttf'" in result.output


def _jpeg():
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (800, 1000), "olive").save(buffer, "JPEG")
    return buffer.getvalue()


def test_cards_switched_off_means_no_card_and_no_og_image(site: Site):
    site.add_profile("a")
    site.plugin_config["social"] = {"cards": False}
    result = site.build().ok()
    assert not (result.site / "assets/guong/the").exists()
    page = result.page("guong/a/")
    assert not page.xpath("//meta[@property='og:image']")
    assert page.xpath("//meta[@property='og:title']/@content") == ["Nguyễn Văn An – nông dân giỏi"]


# --- cost (issue 12) ------------------------------------------------------------------------

LONG = "Nguyễn Văn An – nông dân giỏi làm giàu trên quê hương Đắk Lắk với mô hình cà phê sạch " * 2


def _shared_site(site: Site) -> Site:
    """Enough profiles for paginated lists (page size 2), a third of them with a photo."""
    site.plugin_config["page_size"] = 2
    for n in range(7):
        meta = {"title": f"{LONG[: 30 + 6 * n]} {n}"}  # 30–66 characters, as real headlines
        if n % 3 == 0:
            site.write(f"guong/2024/anh/p{n}.jpg", _photo(n))
            meta.update(image=f"anh/p{n}.jpg", image_alt="Chân dung")
        site.add_profile(f"p{n}", **meta)
    return site


def _photo(seed: int) -> bytes:
    import io
    import random

    rng = random.Random(seed)
    img = Image.linear_gradient("L").resize((800, 1000)).convert("RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(25):
        x, y = rng.randrange(800), rng.randrange(1000)
        draw.ellipse(
            (x, y, x + rng.randrange(40, 300), y + rng.randrange(40, 300)),
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    img = img.filter(ImageFilter.GaussianBlur(2))  # edges as soft as a phone photo's
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _cards(result) -> dict[str, bytes]:
    root = result.site / "assets/guong/the"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_cards_are_small_shared_by_later_pages_and_the_same_on_every_cold_build(site: Site):
    result = _shared_site(site).build().ok()
    files = _cards(result)
    assert files and all(len(data) <= cards.MAX_BYTES for data in files.values()), {
        name: len(data) for name, data in files.items() if len(data) > cards.MAX_BYTES
    }
    assert any(name.endswith(".jpg") for name in files) and any(name.endswith(".png") for name in files)
    # Pagination pages point at page 1's card and have none of their own.
    first = _og(result.page("guong/"), "og:image")
    assert _og(result.page("guong/page/2/"), "og:image") == first
    assert _og(result.page("guong/page/3/"), "og:image") == first
    assert not any("/page/" in name for name in files)
    # Pages not worth sharing on their own (yearbooks) show the home page's card.
    home = _og(result.page(""), "og:image")
    yearbook = next(p for p in ("ky-yeu/2024/", "ky-yeu/") if (result.site / p / "index.html").is_file())
    assert _og(result.page(yearbook), "og:image") == home
    assert not any(name.startswith("ky-yeu") for name in files)

    # A second cold build (no cache) draws the same bytes.
    import shutil

    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    again = site.build().ok()
    assert _cards(again) == files


def _specs(n: int = 30, photo: str | None = None) -> list[CardSpec]:
    return [
        CardSpec(
            f"assets/guong/the/x{i}.{'jpg' if photo else 'png'}",
            f"{LONG[: 20 + 5 * i]} {i}",
            "Gương điển hình · Cá nhân",
            f"Nông nghiệp · Cấp {i % 3}",
            "Gương điển hình",
            photo_key="k" if photo else "",
            photo=photo,
        )
        for i in range(n)
    ]


def test_cards_drawn_in_processes_threads_or_here_are_the_same_bytes(tmp_path):
    fonts = cards.find_fonts()
    photo = tmp_path / "p.jpg"
    photo.write_bytes(_photo(1))
    specs = _specs(16) + _specs(14, str(photo))
    serial = cards.draw_all(specs, fonts, mode="serial")
    assert cards.draw_all(specs, fonts, workers=2, mode="process") == serial
    assert cards.draw_all(list(reversed(specs)), fonts, workers=2, mode="thread") == serial[::-1]
    assert all(len(data) <= cards.MAX_BYTES for data in serial)


def test_stamped_lines_are_the_pixels_draw_text_gives():
    fonts = cards.find_fonts()
    spec = CardSpec("x.png", "Tiêu đề", "Gương điển hình · Tập thể", "Giáo dục · Cấp tỉnh", "Gương")
    card = cards.render(spec, fonts)
    expected = Image.new("RGB", card.size, cards.PAPER)
    draw = ImageDraw.Draw(expected)
    x, _, _width, _ = cards.title_box(spec)
    draw.text((x, 108), spec.eyebrow, font=fonts.font(28), fill=cards.GREY)
    draw.text((x, cards.FOOTER_Y), spec.footer, font=fonts.font(28), fill=cards.GREY)
    for box in ((0, 100, 1200, 150), (0, cards.FOOTER_Y - 4, 1200, 630)):
        assert card.crop(box).tobytes() == expected.crop(box).tobytes()


def test_card_key_changes_with_the_drawing_code_and_inputs():
    fonts = cards.find_fonts()
    spec = _specs(1)[0]
    import dataclasses

    assert spec.key(fonts) != dataclasses.replace(spec, title="Khác").key(fonts)
    assert spec.key(fonts) != dataclasses.replace(spec, photo_key="p2").key(fonts)
    assert cards.CARD_VERSION != "1" and len(cards._CODE) == 12


def test_no_fork_while_another_thread_runs(monkeypatch):
    """Under `mkdocs serve` the preview's server threads run: a fork then could leave a lock
    held forever in a worker and hang the rebuild. With another thread alive, "auto" draws
    here (a pool would raise), and the bytes are the same."""
    import threading

    fonts = cards.find_fonts()
    specs = _specs(cards.PROCESS_THRESHOLD + 2)
    serial = cards.draw_all(specs, fonts, mode="serial")

    def no_pool(*args, **kwargs):
        raise AssertionError("forked a pool with another thread alive")

    monkeypatch.setattr(cards, "ProcessPoolExecutor", no_pool)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert cards.draw_all(specs, fonts, workers=2) == serial
    finally:
        stop.set()
        other.join()
    with pytest.raises(AssertionError, match="forked a pool"):  # alone again: it would fork
        cards.draw_all(specs, fonts, workers=2)
