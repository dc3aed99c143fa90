"""Photos: responsive WebP + JPEG variants, no metadata, upright, cached, bad ones refused."""

import io
import json
import re

from PIL import ExifTags, Image, ImageCms, ImageOps
from PIL.PngImagePlugin import PngInfo

from guong.outputs.images import USED, target_widths
from sitekit import Site

CANARY = "GUONG-CANARY-NHA-RIENG"  # written into EXIF, XMP and PNG text: must never be published


def photo_bytes(size=(2000, 1000), orientation=1, fmt="JPEG", halves=("red", "blue")) -> bytes:
    """A photo whose left half and right half differ, with EXIF (GPS, make), XMP and ICC."""
    img = Image.new("RGB", size, halves[0])
    img.paste(Image.new("RGB", (size[0] // 2, size[1]), halves[1]), (size[0] // 2, 0))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = CANARY
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[1], gps[2], gps[3], gps[4] = "N", (12.0, 40.0, 1.0), "E", (108.0, 3.0, 2.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{CANARY}</x:xmpmeta>'.encode()
    if fmt == "PNG":
        info = PngInfo()
        info.add_text("Comment", CANARY)
        img.save(buffer, "PNG", exif=exif, icc_profile=icc, pnginfo=info)
    else:
        img.save(buffer, fmt, exif=exif, icc_profile=icc, xmp=xmp, quality=90)
    return buffer.getvalue()


def variant_files(site_dir, stem):
    return sorted(p for p in site_dir.rglob(f"{stem}-*") if p.suffix in (".webp", ".jpg"))


def assert_clean(path):
    with Image.open(path) as img:
        assert len(img.getexif()) == 0, path
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "Comment"} & set(img.info), (
            path,
            img.info,
        )
    assert CANARY.encode() not in path.read_bytes()


def test_target_widths_never_upscale():
    assert target_widths(2000, (480, 960, 1600)) == [480, 960, 1600]
    assert target_widths(1200, (480, 960, 1600)) == [480, 960, 1200]
    assert target_widths(300, (480, 960, 1600)) == [300]


def test_profile_and_story_photos_become_clean_responsive_variants(site: Site):
    original = photo_bytes()
    site.write("guong/2024/anh/chan-dung.jpg", original)
    site.write("guong/2024/anh/ruong-lua.png", photo_bytes((1200, 800), fmt="PNG"))
    site.add_profile(
        "nguyen-van-an",
        image="anh/chan-dung.jpg",
        image_alt="Ông An trên cánh đồng",
        body="Đoạn mở đầu.\n\n![Ruộng lúa của gia đình](anh/ruong-lua.png)\n\n"
        "[Xem ảnh lớn](anh/ruong-lua.png)\n",
    )
    result = site.build().ok()

    # Originals are never copied: not at their path, not under any name.
    assert not (result.site / "guong/2024/anh/chan-dung.jpg").exists()
    assert not (result.site / "guong/2024/anh/ruong-lua.png").exists()
    everything = result.text_of_all_outputs()
    assert CANARY not in everything
    assert not any(p.read_bytes() == original for p in result.site.rglob("*.jpg"))

    portrait = variant_files(result.site, "chan-dung")
    assert [p.suffix for p in portrait].count(".webp") == 3 and [p.suffix for p in portrait].count(
        ".jpg"
    ) == 3
    for path in portrait:
        width = int(re.search(r"-(\d+)\.\w+$", path.name)[1])
        with Image.open(path) as img:
            assert img.format == ("WEBP" if path.suffix == ".webp" else "JPEG")
            assert img.size == (width, width // 2)
            img.load()
        assert_clean(path)
    assert sorted({int(re.search(r"-(\d+)\.\w+$", p.name)[1]) for p in portrait}) == [480, 960, 1600]
    story = variant_files(result.site, "ruong-lua")
    assert sorted({int(re.search(r"-(\d+)\.\w+$", p.name)[1]) for p in story}) == [480, 960, 1200]
    for path in story:
        assert_clean(path)

    page = result.page("guong/nguyen-van-an/")
    photo = page.xpath("//figure[contains(@class,'guong-photo')]/picture")[0]
    source = photo.xpath("source")[0]
    assert source.get("type") == "image/webp" and source.get("srcset").count("w,") == 2
    img = photo.xpath(".//img")[0]
    assert (img.get("width"), img.get("height")) == ("1600", "800")
    assert img.get("alt") == "Ông An trên cánh đồng"
    assert img.get("srcset").endswith("1600w")
    for url in [img.get("src")] + [part.split()[0] for part in source.get("srcset").split(", ")]:
        assert (result.site / "guong/nguyen-van-an" / url).resolve().is_file(), url

    story_pic = page.xpath("//div[contains(@class,'guong-story')]//picture")[0]
    story_img = story_pic.xpath(".//img")[0]
    assert story_img.get("loading") == "lazy"
    assert (story_img.get("width"), story_img.get("height")) == ("1200", "800")
    assert story_img.get("alt") == "Ruộng lúa của gia đình"
    assert story_pic.xpath(".//source[@type='image/webp']/@srcset")
    link = page.xpath("//a[text()='Xem ảnh lớn']/@href")[0]
    assert link.endswith("-1200.jpg") and (result.site / "guong/nguyen-van-an" / link).resolve().is_file()

    # The filter data on /guong/ points at a published variant, never the original.
    data = json.loads((result.site / "guong/index.json").read_text("utf-8"))
    thumb = data["profiles"][0]["thumbnail"]
    assert thumb.endswith("-480.jpg") and (result.site / thumb).is_file()

    card = result.page("guong/").xpath("//article[contains(@class,'guong-card')]//img")[0]
    assert card.get("loading") == "lazy" and card.get("width") == "1600" and card.get("height") == "800"


def test_rotated_exif_photo_comes_out_upright(site: Site):
    data = photo_bytes((400, 200), orientation=6)
    site.write("guong/2024/anh/nghieng.jpg", data)
    site.add_profile("a", image="anh/nghieng.jpg", image_alt="Ảnh chụp dọc")
    result = site.build().ok()
    with Image.open(io.BytesIO(data)) as raw:
        upright = ImageOps.exif_transpose(raw).convert("RGB")
    assert upright.size == (200, 400)
    for path in variant_files(result.site, "nghieng"):
        with Image.open(path) as img:
            assert img.size == (200, 400), path
            rgb = img.convert("RGB")
            for xy in ((100, 50), (100, 350)):
                got, want = rgb.getpixel(xy), upright.getpixel(xy)
                assert all(abs(a - b) < 40 for a, b in zip(got, want, strict=False)), (path, xy, got, want)
        assert_clean(path)
    img = result.page("guong/a/").xpath("//figure//img")[0]
    assert (img.get("width"), img.get("height")) == ("200", "400")


def _stats(output: str, label: str) -> tuple[int, int]:
    match = re.search(rf"guong: {label}: mã hóa (\d+), dùng lại (\d+)", output)
    assert match, output
    return int(match[1]), int(match[2])


def test_second_build_encodes_nothing_and_stale_entries_are_pruned(site: Site):
    site.write("guong/2024/anh/a.jpg", photo_bytes((1000, 500)))
    site.write("guong/2024/anh/b.jpg", photo_bytes((900, 600), halves=("green", "white")))
    site.add_profile("a", image="anh/a.jpg", image_alt="A")
    site.add_profile("b", image="anh/b.jpg", image_alt="B")
    first = site.build().ok()
    assert _stats(first.output, "ảnh") == (2, 0)
    cards_encoded, _ = _stats(first.output, "ảnh chia sẻ")
    assert cards_encoded > 5
    cache = site.root / ".cache/guong"

    def written():  # every entry's file (the .used/ records say which builds used them)
        return {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file() and USED not in p.parts}

    entries = written()
    assert entries and (cache / USED / "anh").is_dir()

    second = site.build().ok()
    assert _stats(second.output, "ảnh") == (0, 2)
    assert _stats(second.output, "ảnh chia sẻ") == (0, cards_encoded)
    assert written() == entries
    assert sorted(p.name for p in second.site.rglob("a-*.webp")) == sorted(
        p.name for p in first.site.rglob("a-*.webp")
    )

    site.write("guong/2024/anh/b.jpg", photo_bytes((900, 600), halves=("black", "white")))
    third = site.build().ok()
    assert _stats(third.output, "ảnh") == (1, 1)
    assert re.search(r"guong: ảnh: .*xóa 1 mục cũ", third.output)
    assert len(list((cache / "anh").iterdir())) == 2


def test_corrupt_story_image_is_a_vietnamese_error_and_nothing_is_written(site: Site):
    site.write("guong/2024/anh/hong.jpg", photo_bytes((200, 100))[:300])
    site.add_profile("a", body="Mở đầu.\n\n![Ảnh hỏng](anh/hong.jpg)\n")
    result = site.build()
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "guong/2024/a.md: khóa 'ảnh trong bài'" in result.output
    assert "anh/hong.jpg" in result.output and "ảnh hỏng" in result.output
    assert not result.site.exists()


def test_campaign_story_image_is_checked_too(site: Site):
    site.write("phong-trao/anh/gif.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    site.add_campaign("khac", body="![Ảnh động](anh/gif.gif)\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "phong-trao/khac.md: khóa 'ảnh trong bài'" in result.output
    assert not result.site.exists()


def test_decompression_bomb_is_refused_in_vietnamese(site: Site):
    site.plugin_config["max_image_pixels"] = 100_000
    site.write("guong/2024/anh/to.png", photo_bytes((1000, 1000), fmt="PNG"))
    site.write("guong/2024/anh/to2.png", photo_bytes((1000, 1000), fmt="PNG"))
    site.add_profile("a", image="anh/to.png", image_alt="To", body="Mở đầu.\n\n![To](anh/to2.png)\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "guong/2024/a.md: khóa 'image': ảnh quá lớn (1000×1000" in result.output
    assert "guong/2024/a.md: khóa 'ảnh trong bài': 'anh/to2.png': ảnh quá lớn" in result.output
    assert not result.site.exists()
