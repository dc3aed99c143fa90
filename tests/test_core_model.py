"""Unit tests of the core, without MkDocs: accepted forms, taxonomy matching, slugs, order."""

import unicodedata
from datetime import UTC, datetime

import pytest

from guong.content.model import VN_TZ, Quarter, first_paragraph, parse_awards, parse_period, parse_when
from guong.content.source import SourceError, parse_text
from guong.content.taxonomy import Taxonomies, fold, slugify, slugify_heading, vi_sort_key


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-05-19", datetime(2024, 5, 19, 0, 0, tzinfo=VN_TZ)),
        ("19/05/2024", datetime(2024, 5, 19, 0, 0, tzinfo=VN_TZ)),
        ("2024-05-19 08:30", datetime(2024, 5, 19, 8, 30, tzinfo=VN_TZ)),
        ("19/05/2024 08:30", datetime(2024, 5, 19, 8, 30, tzinfo=VN_TZ)),
        ("2024-05-19T08:30:15", datetime(2024, 5, 19, 8, 30, 15, tzinfo=VN_TZ)),
        ("1/6/2024", datetime(2024, 6, 1, tzinfo=VN_TZ)),
    ],
)
def test_date_forms(value, expected):
    parsed = parse_when(value)
    assert parsed == expected
    assert parsed.utcoffset().total_seconds() == 7 * 3600


def test_yaml_dates_and_aware_datetimes_become_plus_seven():
    from datetime import date

    assert parse_when(date(2024, 5, 19)).isoformat() == "2024-05-19T00:00:00+07:00"
    utc = datetime(2024, 5, 19, 1, 0, tzinfo=UTC)
    assert parse_when(utc).isoformat() == "2024-05-19T08:00:00+07:00"


@pytest.mark.parametrize("value", ["2024-13-01", "31/02/2024", "May 19 2024", "2024/05/19", 20240519, ""])
def test_bad_dates_say_what_is_expected(value):
    with pytest.raises(ValueError) as info:
        parse_when(value)
    assert "2024-05-19" in str(info.value) or "lịch" in str(info.value)


@pytest.mark.parametrize(
    "value",
    [
        "2024-Q2",
        "2024-q2",
        "Q2/2024",
        "q2/2024",
        "Quý II/2024",
        "quý ii/2024",
        "Quy II/2024",
        "Quý 2/2024",
        "Quý 2 năm 2024",
        "Quý II năm 2024",
        "quy 2 nam 2024",
    ],
)
def test_quarter_forms(value):
    assert Quarter.parse(value) == Quarter(2024, 2)


@pytest.mark.parametrize("roman, n", [("I", 1), ("II", 2), ("III", 3), ("IV", 4)])
def test_quarter_roman_numerals(roman, n):
    assert Quarter.parse(f"Quý {roman}/2025") == Quarter(2025, n)
    assert Quarter(2025, n).label == f"Quý {roman}/2025"


@pytest.mark.parametrize("value", ["2024-Q5", "Q0/2024", "Quý V/2024", "quý hai 2024", "2024"])
def test_bad_quarters(value):
    with pytest.raises(ValueError, match="Quý II/2024"):
        Quarter.parse(value)


def test_quarter_default_from_date_and_key():
    assert Quarter.of(parse_when("2024-12-31")) == Quarter(2024, 4)
    assert Quarter(2024, 4).key == "2024-q4"


TAX = Taxonomies.build()


@pytest.mark.parametrize(
    "value, key",
    [
        ("nong-nghiep", "nong-nghiep"),
        ("Nông nghiệp, nông thôn", "nong-nghiep"),
        ("NÔNG NGHIỆP,   NÔNG THÔN", "nong-nghiep"),
        ("nong nghiep nong thon", "nong-nghiep"),
        ("Văn hoá, thể thao", "van-hoa-the-thao"),  # tone mark on a (old style)
        ("Văn hóa, thể thao", "van-hoa-the-thao"),
        ("Giáo dục - Đào tạo", "giao-duc"),
        ("giao duc dao tao", "giao-duc"),
        ("Xây dựng Đảng", "xay-dung-dang"),
    ],
)
def test_field_matching(value, key):
    assert TAX.fields.match(value) == key


def test_nfd_labels_match():
    assert TAX.kinds.match(unicodedata.normalize("NFD", "Hộ gia đình")) == "ho-gia-dinh"


def test_unknown_value_suggests_nearest_key():
    assert TAX.fields.match("nong ngiep") is None
    assert TAX.fields.suggest("nong ngiep") == "nong-nghiep"
    assert TAX.levels.suggest("tinhh") == "tinh"


def test_taxonomies_are_configuration():
    tax = Taxonomies.build(fields={"thanh-nien": "Thanh niên", "y-te": None}, levels={"xa": "Cấp xã"})
    assert tax.fields.match("Thanh niên") == "thanh-nien"
    assert tax.fields.match("y-te") is None
    assert "nong-nghiep" in tax.fields.terms
    replaced = Taxonomies.build(kinds={"doan-vien": "Đoàn viên"}, replace_defaults=True)
    assert list(replaced.kinds.terms) == ["doan-vien"]
    assert TAX.occasions["thi-dua-ai-quoc"].day == 11 and TAX.occasions["thi-dua-ai-quoc"].month == 6
    with pytest.raises(ValueError):
        Taxonomies.build(fields={"Có Dấu": "x"})


def test_default_taxonomy_labels():
    assert len(TAX.fields) == 14 and len(TAX.levels) == 5 and len(TAX.kinds) == 3 and len(TAX.occasions) == 19
    assert TAX.fields["hanh-chinh-chuyen-doi-so"].label == "Cải cách hành chính, chuyển đổi số"
    assert list(TAX.levels.terms) == ["co-so", "huyen", "so-nganh", "tinh", "toan-quoc"]


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Đắk Lắk", "dak-lak"),
        ("Nguyễn Thị Lan", "nguyen-thi-lan"),
        ("Ông Đỗ Văn Ư!", "ong-do-van-u"),
        ("  Quý II/2024 ", "quy-ii-2024"),
    ],
)
def test_slugs_are_ascii(text, slug):
    assert slugify(text) == slug
    assert slugify_heading(text, "-") == slug


def test_fold_maps_d_with_stroke():
    assert fold("Đường Đỗ") == "duongdo"


def test_vietnamese_order():
    words = ["Ưu", "Đào", "Dung", "Uyên", "Anh", "Ân", "Ăn", "Bình", "Zô", "Ơn", "Ông", "Oanh"]
    ordered = sorted(words, key=vi_sort_key)
    assert ordered == ["Anh", "Ăn", "Ân", "Bình", "Dung", "Đào", "Oanh", "Ông", "Ơn", "Uyên", "Ưu", "Zô"]
    assert sorted(words) != ordered  # Python's code-point order is wrong for Vietnamese


def test_tones_order_after_letters():
    assert sorted(["má", "ma", "mà", "mạ", "mã", "mả"], key=vi_sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    assert sorted(["Lê An", "Lê Ân"], key=vi_sort_key) == ["Lê An", "Lê Ân"]


def test_first_paragraph_is_plain_text():
    body = "## Tiêu đề\n\n![ảnh](a.jpg)\n\n**Ông An** đã [trồng](http://x) cà phê.\nDòng hai.\n\nĐoạn sau."
    assert first_paragraph(body) == "Ông An đã trồng cà phê. Dòng hai."


def test_awards_and_period():
    awards = parse_awards(["Chiến sĩ thi đua", {"title": "Bằng khen", "year": 2024, "by": "UBND tỉnh"}])
    assert [str(a) for a in awards] == ["Chiến sĩ thi đua", "Bằng khen (UBND tỉnh, 2024)"]
    with pytest.raises(ValueError):
        parse_awards([{"title": "x", "year": "năm ngoái"}])
    assert parse_period("2021-2025") == (2021, 2025)
    with pytest.raises(ValueError):
        parse_period("2025-2021")


def test_source_normalises_and_rejects():
    nfd = unicodedata.normalize("NFD", "---\ntitle: Nguyễn Thị Ánh\n---\nCâu chuyện\n")
    doc = parse_text("\ufeff" + nfd)
    assert doc.meta["title"] == unicodedata.normalize("NFC", "Nguyễn Thị Ánh")
    assert doc.body == unicodedata.normalize("NFC", "Câu chuyện\n")
    for bad in ["", "   \n", "no frontmatter", "---\n- a\n- b\n---\nx", "---\ntitle: [x\n---\nx"]:
        with pytest.raises(SourceError):
            parse_text(bad)
