"""Kỷ yếu (yearbook): the pure model, then real strict builds read with lxml, poppler and pypdf."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from guong.content.catalog import Settings, load_catalog
from guong.content.model import VN_TZ
from guong.content.taxonomy import Taxonomies
from guong.outputs import yearbook
from sitekit import Site, new_site

NEEDS_POPPLER = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdftoppm")),
    reason="poppler-utils missing (scripts/system-deps.sh installs it)",
)


def photo(size=(1800, 1200), color=(150, 40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def fill(site: Site) -> None:
    """Profiles of 2023, 2024 and 2025 in two campaigns, with a draft, a scheduled one, private data."""
    site.add_campaign("chuyen-doi-so", title="Chuyển đổi số toàn dân", period="2022-2026")
    site.write("guong/2024/anh/an.jpg", photo())
    site.add_profile(
        "nguyen-van-an",
        title="Nguyễn Văn An",
        level="tinh",
        image="anh/an.jpg",
        image_alt="Ông An trên cánh đồng",
        awards=["Bằng khen UBND tỉnh"],
        private={"phone": "0905 111 222"},
    )
    site.add_profile(
        "dang-thi-binh",
        title="Đặng Thị Bình <b>& Cộng sự</b>",
        level="tinh",
        locality="Buôn Ma Thuột",
        unit="Hội Liên hiệp Phụ nữ",
    )
    site.add_profile("duong-van-cu", title="Dương Văn Cự", level="tinh", date="2024-08-02")
    site.add_profile("hoang-van-em", title="Hoàng Văn Em", level="co-so", date="2024-11-20", locality="")
    site.add_profile(
        "tran-thi-giang",
        title="Trần Thị Giang",
        level="toan-quoc",
        campaign="chuyen-doi-so",
        field="hanh-chinh-chuyen-doi-so",
        date="2024-02-10",
    )
    # a profile written in NFD (macOS) must come out NFC
    site.add_profile(
        "vu-thi-hoa",
        title=unicodedata.normalize("NFD", "Vũ Thị Hoà"),
        level="huyen",
        campaign=["chuyen-doi-so", "nong-thon-moi"],
        kind="tap-the",
    )
    site.add_profile("le-van-khoa", title="Lê Văn Khoa", date="2023-03-01")
    site.add_profile("mai-thi-lan", title="Mai Thị Lan", date="2025-03-01", campaign="chuyen-doi-so")
    site.add_profile("ban-nhap", title="Bản nháp chưa duyệt", draft=True)
    site.add_profile("hen-gio", title="Hẹn giờ đăng sau", date="2026-05-01")
    site.write(
        "ky-yeu/2024.md",
        "---\ntitle: Lời nói đầu\nsigned: Ban Thi đua - Khen thưởng tỉnh\n---\n\n"
        "Cuốn kỷ yếu ghi lại **những tấm gương** của năm 2024.\n",
    )


YEAR_2024 = [
    "Trần Thị Giang",
    "Vũ Thị Hoà",  # Chuyển đổi số (current campaign, ends 2026)
    "Dương Văn Cự",
    "Đặng Thị Bình <b>& Cộng sự</b>",
    "Nguyễn Văn An",
    "Hoàng Văn Em",
]
OTHER_YEARS = ["Lê Văn Khoa", "Mai Thị Lan", "Bản nháp chưa duyệt", "Hẹn giờ đăng sau"]


# --- the pure model -----------------------------------------------------------------------


@pytest.fixture
def catalog(tmp_path):
    site = new_site(tmp_path)
    fill(site)
    settings = Settings(Taxonomies.build(), datetime(2025, 12, 31, tzinfo=VN_TZ))
    return load_catalog(site.docs, settings)[0]


def titles(entries) -> list[str]:
    return [e.profile.title for e in entries]


def test_book_holds_the_year_by_campaign_then_level_then_vietnamese_order(catalog):
    book = yearbook.build_book(catalog, 2024, 2024, yearbook.Options(site_url="https://x.vn/"))
    assert [c.title for c in book.chapters] == ["Chuyển đổi số toàn dân", "Chung sức xây dựng nông thôn mới"]
    # highest level first; inside a level Vietnamese order: Đ between D and E (code points put Đ after Z)
    assert titles(book.entries) == YEAR_2024
    assert [e.number for e in book.entries] == list(range(1, 7))
    assert book.entries[0].online_url == "https://x.vn/guong/tran-thi-giang/"
    assert book.entries[2].photo == "" and book.entries[4].photo == "ky-yeu/anh/nguyen-van-an.jpg"


def test_grouping_by_field_and_by_level(catalog):
    by_level = yearbook.build_book(catalog, 2024, 2024, yearbook.Options(group_by="level"))
    assert [c.title for c in by_level.chapters] == ["Toàn quốc", "Cấp tỉnh", "Cấp huyện", "Cấp cơ sở"]
    assert titles(by_level.chapters[1].entries) == [
        "Dương Văn Cự",
        "Đặng Thị Bình <b>& Cộng sự</b>",
        "Nguyễn Văn An",
    ]
    by_field = yearbook.build_book(catalog, 2024, 2024, yearbook.Options(group_by="field"))
    assert [c.key for c in by_field.chapters] == ["hanh-chinh-chuyen-doi-so", "nong-nghiep"]
    assert sorted(titles(by_field.entries)) == sorted(YEAR_2024)
    with pytest.raises(ValueError):
        yearbook.group(catalog, catalog.profiles, "author")


def test_period_book_and_book_ranges(catalog):
    assert yearbook.book_ranges(catalog, [(2020, 2025), (2030, 2035)]) == [
        (2025, 2025),
        (2024, 2024),
        (2023, 2023),
        (2022, 2026),
        (2021, 2025),
        (2020, 2025),
    ]
    period = yearbook.build_book(catalog, 2021, 2025, yearbook.Options())
    assert sorted(titles(period.entries)) == sorted([*YEAR_2024, "Lê Văn Khoa", "Mai Thị Lan"])
    assert period.subtitle == "Giai đoạn 2021 – 2025" and period.is_period
    cross = period.statistics[0]
    assert cross.columns == ("2023", "2024", "2025")  # a period counts by year, a year by quarter


def test_statistics_and_indexes(catalog):
    book = yearbook.build_book(catalog, 2024, 2024, yearbook.Options())
    cross, levels, kinds, places = book.statistics
    assert cross.columns == ("Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024")
    rows = {r.label: (r.counts, r.total) for r in cross.rows}
    assert rows == {
        "Cải cách hành chính, chuyển đổi số": ((1, 0, 0, 0), 1),
        "Nông nghiệp, nông thôn": ((0, 3, 1, 1), 5),
    }
    assert cross.totals == (1, 3, 1, 1) and cross.total == 6
    assert [(r.label, r.total) for r in levels.rows] == [
        ("Toàn quốc", 1),
        ("Cấp tỉnh", 3),
        ("Cấp huyện", 1),
        ("Cấp cơ sở", 1),
    ]
    assert [(r.label, r.total) for r in kinds.rows] == [("Cá nhân", 5), ("Tập thể", 1)]
    assert [(r.label, r.total) for r in places.rows] == [
        ("Buôn Ma Thuột", 1),
        ("Đắk Lắk", 4),
        ("Không ghi", 1),
    ]
    assert [g.label for g in book.by_locality] == ["Buôn Ma Thuột", "Đắk Lắk"]
    assert titles(book.by_locality[1].entries) == [
        "Dương Văn Cự",
        "Nguyễn Văn An",
        "Trần Thị Giang",
        "Vũ Thị Hoà",
    ]
    assert [g.label for g in book.by_unit] == ["Hội Liên hiệp Phụ nữ", "Hội Nông dân xã Ea Tiêu"]


def test_qr_png_holds_exactly_the_qr_code_of_the_url(tmp_path):
    import qrcode

    url = "https://guong.example.gov.vn/guong/nguyen-van-an/"
    yearbook.write_qr(url, tmp_path / "a.png")
    yearbook.write_qr(url, tmp_path / "b.png")
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()  # deterministic
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=0)
    reference.add_data(url)
    reference.make(fit=True)
    matrix = reference.get_matrix()
    with Image.open(tmp_path / "a.png") as img:
        assert img.size == (len(matrix), len(matrix))
        pixels = img.convert("L").load()
        drawn = [[pixels[x, y] == 0 for x in range(img.width)] for y in range(img.height)]
    assert drawn == [[bool(v) for v in row] for row in matrix]
    assert sum(map(sum, drawn)) > 100


def test_forewords_are_read_strictly(tmp_path):
    (tmp_path / "ky-yeu").mkdir()
    (tmp_path / "ky-yeu" / "2024.md").write_text("---\ntitle: [hỏng\n---\nx\n", encoding="utf-8")
    (tmp_path / "ky-yeu" / "1999.md").write_text("---\ntitle: Cũ\n---\nx\n", encoding="utf-8")
    (tmp_path / "ky-yeu" / "2021-2025.md").write_text(
        "---\nsigned: Ban TĐKT\nfoo: 1\n---\nLời.\n", encoding="utf-8"
    )
    forewords, problems = yearbook.read_forewords(tmp_path, ["2024", "2021-2025"])
    assert next(str(p) for p in problems.errors).startswith("ky-yeu/2024.md: YAML hỏng")
    warnings = [str(p) for p in problems.warnings]
    assert any(w.startswith("ky-yeu/1999.md") for w in warnings)
    assert any(w.startswith("ky-yeu/2021-2025.md: khóa 'foo'") for w in warnings)
    assert forewords["2021-2025"].title == "Lời nói đầu" and forewords["2021-2025"].signed == "Ban TĐKT"
    assert yearbook.is_foreword("ky-yeu/2024.md") and not yearbook.is_foreword("ky-yeu/index.md")


def test_story_urls_are_rebased():
    html = '<p>a &lt;b&gt;</p><p><img src="anh/x.jpg" alt=""> <a href="../y/">y</a> <a href="https://e.vn/">e</a> <a href="#h">h</a></p>'
    out = yearbook.rebase_urls(html, "guong/an/", "ky-yeu/2024/")
    assert 'src="../../guong/an/anh/x.jpg"' in out and 'href="../../guong/y/"' in out
    assert 'href="https://e.vn/"' in out and 'href="#h"' in out and "&lt;b&gt;" in out
    assert 'src="guong/an/anh/x.jpg"' in yearbook.rebase_urls(html, "guong/an/", "")
    picture = '<picture><source srcset="../2024/a-480.webp 480w, ../2024/a-960.webp 960w"><img src="../2024/a-960.jpg"></picture>'
    assert (
        'srcset="../../guong/2024/a-480.webp 480w, ../../guong/2024/a-960.webp 960w"'
        in yearbook.rebase_urls(picture, "guong/an/", "ky-yeu/2024/")
    )


# --- a real build with the PDF ------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("yearbook"))
    fill(site)
    site.plugin_config["yearbook"] = {
        "place": "Đắk Lắk",
        "issuer": "Ban Thi đua - Khen thưởng tỉnh",
        "periods": ["2020-2025"],
        "pdf": True,
    }
    return site.build().ok()


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFC", out.stdout.decode("utf-8"))


def test_html_yearbook_holds_exactly_the_year_in_order(built):
    page = built.page("ky-yeu/2024/")
    entries = page.xpath("//article[contains(@class,'gb-entry')]")
    assert [a.xpath(".//h3")[0].text_content() for a in entries] == YEAR_2024
    text = page.text_content()
    assert "những tấm gương" in text and "Ban Thi đua - Khen thưởng tỉnh" in text  # foreword
    for absent in [*OTHER_YEARS, "0905 111 222"]:
        assert absent not in text
    link = page.xpath("//a[@download]/@href")
    assert link == ["ky-yeu-2024.pdf"] and (built.site / "ky-yeu/2024/ky-yeu-2024.pdf").is_file()
    (qr,) = page.xpath("//article[@id='gb-nguyen-van-an']//div[@class='gb-entry__qr']/img/@src")
    assert qr == "../qr/qr-nguyen-van-an.png" and (built.site / "ky-yeu/qr/qr-nguyen-van-an.png").is_file()
    shelf = built.page("ky-yeu/").text_content()
    for label in ("Năm 2025", "Năm 2024", "Năm 2023", "Giai đoạn 2022 – 2026", "Giai đoạn 2020 – 2025"):
        assert label in shelf
    nav = built.page("").xpath("//nav[contains(@class,'md-nav--primary')]")[0].text_content()
    assert "Kỷ yếu" in nav


def test_private_and_unpublished_never_reach_any_output(built):
    everything = built.text_of_all_outputs()
    for absent in ("0905 111 222", "Bản nháp chưa duyệt", "Hẹn giờ đăng sau"):
        assert absent not in everything
    for pdf in built.site.glob("ky-yeu/*/*.pdf"):
        text = pdf_text(pdf)
        for absent in ("0905 111 222", "Bản nháp chưa duyệt", "Hẹn giờ đăng sau"):
            assert absent not in text


@NEEDS_POPPLER
def test_pdf_text_holds_the_year_and_no_other(built):
    text = pdf_text(built.site / "ky-yeu/2024/ky-yeu-2024.pdf")
    flat = re.sub(r"\s+", " ", text)
    for title in YEAR_2024:
        assert unicodedata.normalize("NFC", title) in flat
    for title in OTHER_YEARS:
        assert title not in flat
    assert "Lời nói đầu".upper() in flat and "những tấm gương" in flat
    period = re.sub(r"\s+", " ", pdf_text(built.site / "ky-yeu/2021-2025/ky-yeu-2021-2025.pdf"))
    assert "Lê Văn Khoa" in period and "Mai Thị Lan" in period and "Hẹn giờ" not in period


@NEEDS_POPPLER
def test_pdf_fonts_are_all_embedded_and_cover_vietnamese(built):
    out = subprocess.run(
        ["pdffonts", str(built.site / "ky-yeu/2024/ky-yeu-2024.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\byes\s+yes\s+yes\b", row), row  # emb sub uni
        assert "GuongBook" in row, row  # only the checked font, no silent fallback


def test_pdf_outline_metadata_and_photos(built):
    from pypdf import PdfReader

    reader = PdfReader(built.site / "ky-yeu/2024/ky-yeu-2024.pdf")
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == [
        "Lời nói đầu",
        "Mục lục",
        "Chương 1. Chuyển đổi số toàn dân",
        "Chương 2. Chung sức xây dựng nông thôn mới",
        "Phụ lục: Số liệu thống kê",
        "Chỉ mục",
    ]
    children = [[c.title for c in item] for item in outline if isinstance(item, list)]
    assert children == [YEAR_2024[:2], YEAR_2024[2:]]  # each chapter's entries under it
    meta = reader.metadata
    assert meta.title == "Kỷ yếu gương điển hình tiên tiến – Năm 2024"
    assert meta.author == "Ban Thi đua - Khen thưởng tỉnh"
    assert reader.trailer["/Root"]["/Lang"] == "vi"
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4
    sizes = [Image.open(io.BytesIO(img.data)).size for page in reader.pages for img in page.images]
    assert (600, 400) in sizes and all(max(s) <= 600 for s in sizes)  # resized, not the 1800 px original
    with Image.open(built.site / "ky-yeu/anh/nguyen-van-an.jpg") as small:
        assert max(small.size) == 600 and not small.getexif()


@NEEDS_POPPLER
def test_pdf_first_page_renders_and_is_not_blank(built, tmp_path):
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            str(built.site / "ky-yeu/2024/ky-yeu-2024.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as img:
        gray = img.convert("L")
        dark = sum(gray.histogram()[:160])
        assert img.size[0] > 300 and dark > 500  # the cover's frame and title are drawn


# --- without WeasyPrint, and with bad settings ---------------------------------------------


@pytest.fixture
def no_weasyprint(tmp_path, monkeypatch):
    fake = tmp_path / "fake-modules" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no weasyprint here')\n")
    monkeypatch.setenv("PYTHONPATH", str(fake.parent))  # for a subprocess build
    # for an in-process build (Site.build): None in sys.modules makes `import weasyprint` an
    # ImportError even where it was imported before
    monkeypatch.setitem(sys.modules, "weasyprint", None)


def test_without_weasyprint_html_builds_and_one_info_line_says_how(site: Site, no_weasyprint):
    site.add_profile("nguyen-van-an", title="Nguyễn Văn An")
    site.add_profile(
        "dang-thi-binh",
        title="Đặng Thị Bình",
        level="toan-quoc",
        body="Mở đầu câu chuyện.\n\nCâu chuyện đầy đủ của chị Bình.\n",
    )
    site.plugin_config["yearbook"] = {"group_by": "level", "content": "story"}
    result = site.build().ok()  # strict: the notice must not be a warning
    notices = [line for line in result.output.splitlines() if "pip install" in line]
    assert len(notices) == 1 and notices[0].startswith("INFO") and '".[pdf]"' in notices[0]
    assert not list(result.site.rglob("*.pdf"))
    page = result.page("ky-yeu/2024/")
    assert not page.xpath("//a[@download]")
    assert [h.text_content() for h in page.xpath("//article[contains(@class,'gb-entry')]//h3")] == [
        "Đặng Thị Bình",
        "Nguyễn Văn An",
    ]
    assert (
        "Câu chuyện đầy đủ của chị Bình." in page.xpath("//article[@id='gb-dang-thi-binh']")[0].text_content()
    )


def test_pdf_true_without_weasyprint_fails_in_vietnamese(site: Site, no_weasyprint):
    site.add_profile("nguyen-van-an")
    site.plugin_config["yearbook"] = {"pdf": True}
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "chưa cài gói bổ sung PDF" in result.output and "pip install" in result.output


def test_a_font_without_vietnamese_is_refused(site: Site):
    site.add_profile("nguyen-van-an")
    site.plugin_config["yearbook"] = {"font": "Phông Không Tồn Tại"}
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "không tìm thấy phông chữ đủ dấu tiếng Việt" in result.output
    assert not (site.root / "site").exists()  # stopped before writing anything


def test_pdf_false_builds_no_pdf_and_no_notice(site: Site):
    site.add_profile("nguyen-van-an")
    site.plugin_config["yearbook"] = {"pdf": False}
    result = site.build().ok()
    assert not list(result.site.rglob("*.pdf")) and "pip install" not in result.output
    assert result.page("ky-yeu/2024/").xpath("//article[@id='gb-nguyen-van-an']")


def test_pdf_cache_reuses_an_unchanged_book(tmp_path, monkeypatch):
    pytest.importorskip("weasyprint")
    from guong.outputs import pdf

    fonts = pdf.find_fonts()
    site_dir, cache = tmp_path / "site", tmp_path / "cache"
    site_dir.mkdir()
    (site_dir / "a.txt").write_text("một")
    html = "<html lang='vi'><body><p>Kỷ yếu thử</p></body></html>"
    assert (
        pdf.render_cached(html, site_dir, site_dir / "1.pdf", fonts, cache, [site_dir / "a.txt"], "2024")
        == []
    )
    monkeypatch.setattr(pdf, "render", lambda *a: pytest.fail("rendered again although nothing changed"))
    pdf.render_cached(html, site_dir, site_dir / "2.pdf", fonts, cache, [site_dir / "a.txt"], "2024")
    assert (site_dir / "1.pdf").read_bytes() == (site_dir / "2.pdf").read_bytes()
    (site_dir / "a.txt").write_text("hai")  # a changed photo means a new PDF
    with pytest.raises(pytest.fail.Exception):
        pdf.render_cached(html, site_dir, site_dir / "3.pdf", fonts, cache, [site_dir / "a.txt"], "2024")


def test_vietnamese_sort_key_takes_superscripts():
    from guong.content.taxonomy import vi_sort_key

    assert sorted(["Hiến 600 m² đất", "Hiến 60 m đất"], key=vi_sort_key)[0] == "Hiến 60 m đất"


# --- issue 12: both cores, and no PDF under `mkdocs serve` unless asked -----------------------


def test_books_printed_in_parallel_are_byte_identical_to_serial(tmp_path):
    pytest.importorskip("weasyprint")
    from guong.outputs import pdf

    fonts = pdf.find_fonts()
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    jobs = [
        pdf.Job(
            f"<html lang='vi'><body><h1>Kỷ yếu {year}</h1><p>Gương điển hình năm {year}</p></body></html>",
            site_dir / f"{mode}-{year}.pdf",
            (),
            str(year),
        )
        for mode in ("serial", "parallel")
        for year in (2023, 2024, 2025)
    ]
    assert pdf.render_books(jobs[:3], site_dir, fonts, None, workers=1) == [[], [], []]
    assert pdf.render_books(jobs[3:], site_dir, fonts, None, workers=2) == [[], [], []]
    for year in (2023, 2024, 2025):
        serial = (site_dir / f"serial-{year}.pdf").read_bytes()
        assert serial.startswith(b"%PDF-") and serial == (site_dir / f"parallel-{year}.pdf").read_bytes()
    # and through the cache: a second run renders nothing and places the same bytes
    cache = tmp_path / "cache"
    again = [pdf.Job(j.html, site_dir / f"again-{j.key}.pdf", (), j.key) for j in jobs[:3]]
    pdf.render_books(again, site_dir, fonts, cache, workers=2)
    import time

    started = time.process_time()
    pdf.render_books(again, site_dir, fonts, cache, workers=2)
    assert time.process_time() - started < 1.0
    assert (site_dir / "again-2024.pdf").read_bytes() == (site_dir / "serial-2024.pdf").read_bytes()


def test_serve_prints_no_pdf_unless_asked():
    from guong.adapter.config import YearbookConfig
    from guong.adapter.yearbooks import pdf_wanted

    def options(**values):
        cfg = YearbookConfig()
        cfg.load_dict(values)
        errors, _ = cfg.validate()
        assert not errors
        return cfg

    assert pdf_wanted(options(), serving=False)
    assert not pdf_wanted(options(), serving=True)
    assert pdf_wanted(options(pdf_in_serve=True), serving=True)
    assert not pdf_wanted(options(pdf=False, pdf_in_serve=True), serving=True)
    assert not pdf_wanted(options(pdf=False), serving=False)


def test_the_plugin_learns_serve_from_on_startup(monkeypatch):
    from guong.adapter import build
    from guong.adapter.plugin import GuongPlugin

    seen = {}

    def start(options, config, dirty, serving=False):
        seen.update(dirty=dirty, serving=serving)
        return type("S", (), {"staging": None})()

    monkeypatch.setattr(build.Setup, "start", staticmethod(start))
    monkeypatch.setattr("guong.adapter.plugin.Setup.start", staticmethod(start))
    plugin = GuongPlugin()
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(object())
    assert seen == {"dirty": False, "serving": True}
    plugin.on_startup(command="gh-deploy", dirty=False)
    plugin.on_config(object())
    assert seen == {"dirty": False, "serving": False}
