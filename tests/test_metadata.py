"""Point 6 of issue 10: every image the build writes, anywhere, carries no metadata at all.

Sources carry EXIF (with GPS), XMP, IPTC, an ICC profile, a JPEG comment and PNG text chunks,
each holding a secret; after a build with the yearbook PDF, the secret is in no byte of any
output (PDF streams inflated too), and parsers find no metadata segment or chunk in any JPEG,
PNG or WebP the site holds, nor in any JPEG embedded in the PDFs.
"""

import io
import struct

import pytest
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from metadata import image_metadata, jpeg_metadata, pdf_streams
from sitekit import Site

SECRET = "GUONG-BI-MAT-0912345678"


def _icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _iptc_segment(text: str) -> bytes:
    """An APP13 Photoshop/IPTC segment with a caption (2:120)."""
    value = text.encode()
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(value)) + value
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    if len(iptc) % 2:
        resource += b"\x00"
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def secret_jpeg(size=(1200, 800), colour="teal") -> bytes:
    img = Image.new("RGB", size, colour)
    img.paste(Image.new("RGB", (size[0] // 2, size[1]), "orange"), (0, 0))
    exif = Image.Exif()
    exif[0x010F] = SECRET  # Make
    exif[0x010E] = SECRET  # ImageDescription
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[1], gps[2], gps[3], gps[4] = "N", (21.0, 1.0, 2.0), "E", (105.0, 51.0, 3.0)
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{SECRET}</x:xmpmeta>'.encode()
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", exif=exif, icc_profile=_icc(), xmp=xmp, comment=SECRET.encode(), quality=90)
    data = buffer.getvalue()
    data = data[:2] + _iptc_segment(SECRET) + data[2:]  # IPTC right after SOI
    found = jpeg_metadata(data)
    assert {"APP1", "APP2", "APP13", "COM"} <= set(found), found
    with Image.open(io.BytesIO(data)) as check:  # still a valid photo
        check.load()
    return data


def secret_png(size=(900, 600), colour="purple") -> bytes:
    img = Image.new("RGBA", size, colour)
    img.paste(Image.new("RGBA", (size[0] // 2, size[1]), (0, 0, 0, 0)), (0, 0))
    info = PngInfo()
    info.add_text("Comment", SECRET)
    info.add_text("Author", SECRET, zip=True)  # zTXt
    info.add_itxt("Description", SECRET, lang="vi", tkey="Mô tả")
    exif = Image.Exif()
    exif[0x010F] = SECRET
    buffer = io.BytesIO()
    img.save(buffer, "PNG", pnginfo=info, icc_profile=_icc(), exif=exif)
    data = buffer.getvalue()
    assert {"tEXt", "zTXt", "iTXt", "iCCP", "eXIf"} <= set(image_metadata(data))
    return data


def test_no_image_written_anywhere_carries_metadata(site: Site):
    pytest.importorskip("weasyprint")
    pytest.importorskip("pypdf")
    site.write("guong/2024/anh/chan-dung.jpg", secret_jpeg())
    site.write("guong/2024/anh/trong-bai.png", secret_png())
    site.write("guong/2024/anh/khong-dung.jpg", secret_jpeg((300, 200), "navy"))  # no page shows it
    site.write("anh/bia.jpg", secret_jpeg((1600, 1000), "maroon"))
    site.write("anh/podcast.png", secret_png((1400, 1400), "red"))
    site.add_profile(
        "nguyen-van-an",
        image="anh/chan-dung.jpg",
        image_alt="Ảnh chân dung",
        body="Mở đầu.\n\n![Trong bài](anh/trong-bai.png)\n\nKết.\n",
    )
    site.plugin_config["yearbook"] = {"pdf": True, "content": "story", "cover_image": "anh/bia.jpg"}
    site.plugin_config["feeds"] = {"artwork": "anh/podcast.png"}
    result = site.build().ok()

    outputs = sorted(p for p in result.site.rglob("*") if p.is_file())
    images, pdfs = [], []
    for path in outputs:
        data = path.read_bytes()
        rel = path.relative_to(result.site).as_posix()
        assert SECRET.encode() not in data, rel
        assert SECRET.encode("utf-16-be") not in data, rel
        found = image_metadata(data)
        if found is not None:
            images.append(rel)
            assert found == [], f"{rel}: {found}"
        if data.startswith(b"%PDF-"):
            pdfs.append(rel)
            embedded = 0
            for stream in pdf_streams(data):
                assert SECRET.encode() not in stream, rel
                if stream[:2] == b"\xff\xd8":
                    embedded += 1
                    assert jpeg_metadata(stream) == [], rel
            assert embedded >= 2, f"{rel}: expected the photo and the cover as JPEG"
    # every kind of writer was exercised
    assert any(r.endswith(".webp") for r in images) and any(r.endswith(".jpg") for r in images)
    for part in (
        "assets/guong/the/",
        "ky-yeu/anh/",
        "ky-yeu/qr/",
        "ky-yeu/bia.jpg",
        "anh/podcast.png",
        "trong-bai-",
    ):
        assert any(part in r for r in images), (part, images)
    assert not any("khong-dung" in r for r in images)  # unreferenced: not published at all
    assert pdfs

    from pypdf import PdfReader

    for rel in pdfs:  # and the images pypdf finds on the pages, decoded
        reader = PdfReader(result.site / rel)
        for page in reader.pages:
            for image in page.images:
                assert SECRET.encode() not in image.data
                if image.data[:2] == b"\xff\xd8":
                    assert jpeg_metadata(image.data) == []


def test_generated_podcast_artwork_and_qr_codes_are_bare(tmp_path):
    from guong.outputs import yearbook
    from guong.outputs.feeds import podcast

    podcast.draw_artwork(tmp_path / "a.png", 200)
    yearbook.write_qr("https://guong.example.gov.vn/guong/a/", tmp_path / "q.png")
    for name in ("a.png", "q.png"):
        assert image_metadata((tmp_path / name).read_bytes()) == []


def test_save_clean_drops_whatever_info_an_image_carries(tmp_path):
    from guong.outputs.images import resized_copy, save_clean

    source = tmp_path / "s.jpg"
    source.write_bytes(secret_jpeg((400, 300)))
    with Image.open(source) as img:
        img.load()
        assert img.info.get("comment")  # Pillow keeps COM in info: the trap
        save_clean(img, tmp_path / "o.jpg", "JPEG", quality=80)
        save_clean(img, tmp_path / "o.webp", "WEBP", quality=80)
        save_clean(img, tmp_path / "o.png", "PNG")
        with pytest.raises(TypeError):
            save_clean(img, tmp_path / "x.jpg", "JPEG", exif=img.info.get("exif", b""))
    resized_copy(source, tmp_path / "r.jpg", 100)
    for name in ("o.jpg", "o.webp", "o.png", "r.jpg"):
        data = (tmp_path / name).read_bytes()
        assert image_metadata(data) == [] and SECRET.encode() not in data, name
