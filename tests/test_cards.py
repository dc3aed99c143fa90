"""Social cards: 1200×630, every Vietnamese glyph drawn with a local font, linked as og:image."""

import unicodedata

from PIL import Image, ImageDraw

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
            assert img.size == (1200, 630) and img.format == "JPEG"
            assert len(img.getexif()) == 0
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
    # Page 2 of a list shares its section's card.
    assert len(list((result.site / "assets/guong/the").rglob("*.jpg"))) >= 20


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
