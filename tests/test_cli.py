"""The `guong` staff command, end to end: real subprocesses on fixture sites, exit codes,
spreadsheets opened with openpyxl, import -> check -> build."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import yaml
from openpyxl import Workbook, load_workbook

from guong.content.source import read_document
from sitekit import Site


def write_config(site: Site) -> None:
    (site.root / "mkdocs.yml").write_text(
        yaml.safe_dump(site.config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def guong(site: Site, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    write_config(site)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", COLUMNS="200", PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, "-m", "guong.cli", "-f", str(site.root / "mkdocs.yml"), *args],
        capture_output=True,
        text=True,
        cwd=site.root,
        env=env,
        input=stdin,
    )


def test_check_passes_then_reports_every_problem(site: Site):
    site.add_profile("nguyen-van-an")
    ok = guong(site, "check")
    assert ok.returncode == 0, ok.stderr
    assert "ĐẠT" in ok.stdout and "1 gương đang xuất bản" in ok.stdout

    site.add_profile("sai-linh-vuc", field="nong nghiep x", title=None)
    site.add_profile("sai-ngay", date="31/02/2024", feild="y-te")
    text = guong(site, "check")
    assert text.returncode == 1
    for expected in (
        "content/guong/2024/sai-linh-vuc.md",
        "content/guong/2024/sai-ngay.md",
        "KHÔNG ĐẠT: 3 lỗi, 1 cảnh báo",
    ):
        assert expected in text.stdout

    result = guong(site, "check", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["summary"]["errors"] == 3
    by_key = {(p["file"], p["key"]): p for p in report["errors"] + report["warnings"]}
    field = by_key[("content/guong/2024/sai-linh-vuc.md", "field")]
    assert field["suggestion"] == "nong-nghiep" and "nong-nghiep" in field["message"]
    assert ("content/guong/2024/sai-linh-vuc.md", "title") in by_key
    assert ("content/guong/2024/sai-ngay.md", "date") in by_key
    assert by_key[("content/guong/2024/sai-ngay.md", "feild")]["severity"] == "warning"


def test_check_strict_fails_on_warnings(site: Site):
    site.add_profile("nguyen-van-an", feild="y-te")
    assert guong(site, "check").returncode == 0
    assert guong(site, "check", "--strict").returncode == 1


def test_new_by_flags_never_overwrites_and_passes_check(site: Site):
    args = (
        "new",
        "--no-input",
        "--title",
        "Đặng Thị Hoà – nữ hộ sinh của bản",
        "--date",
        "05/03/2024",
        "--field",
        "Y tế",
        "--level",
        "tinh",
        "--kind",
        "Cá nhân",
        "--campaign",
        "Chung sức xây dựng nông thôn mới",
        "--unit",
        "Trạm Y tế xã",
    )
    first = guong(site, *args)
    assert first.returncode == 0, first.stderr
    path = site.docs / "guong/2024/dang-thi-hoa.md"
    doc = read_document(path)
    assert doc.meta == {
        "title": "Đặng Thị Hoà – nữ hộ sinh của bản",
        "date": "2024-03-05",
        "field": "y-te",
        "level": "tinh",
        "kind": "ca-nhan",
        "campaign": "nong-thon-moi",
        "unit": "Trạm Y tế xã",
        "draft": True,
    }
    assert "## Cách làm sáng tạo" in doc.body
    before = path.read_bytes()
    second = guong(site, *args)
    assert second.returncode == 0
    assert path.read_bytes() == before
    assert (site.docs / "guong/2024/dang-thi-hoa-2.md").is_file()
    assert guong(site, "check", "--strict").returncode == 0

    bad = guong(
        site,
        "new",
        "--no-input",
        "--title",
        "X",
        "--field",
        "khong-co",
        "--level",
        "tinh",
        "--kind",
        "ca-nhan",
        "--campaign",
        "nong-thon-moi",
    )
    assert bad.returncode == 2 and "khong-co" in bad.stderr


def test_new_interactive_offers_configured_choices(site: Site):
    site.plugin_config["fields"] = {"bien-dao": "Biển, đảo"}
    answers = (
        "\n".join(
            ["Làng chài Cửa Việt", "2025-06-01", "bien-dao", "2", "Tập thể", "1", "UBND xã", "", "", ""]
        )
        + "\n"
    )
    result = guong(site, "new", stdin=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Biển, đảo (bien-dao)" in result.stdout  # the configured field is offered
    meta = read_document(site.docs / "guong/2025/lang-chai-cua-viet.md").meta
    assert (meta["field"], meta["level"], meta["kind"], meta["campaign"]) == (
        "bien-dao",
        "huyen",
        "tap-the",
        "nong-thon-moi",
    )


def hand_fixture(site: Site) -> None:
    """2024: nong-nghiep Q1 x2, Q3 x1; y-te Q2 (by `quarter`), one draft in Q4 (not counted)."""
    site.plugin_config["reports"] = {
        "units": {
            "Hội Nông dân xã Ea Tiêu": "xa-phuong",
            "Sở Y tế": "so-nganh",
            "Công ty Cà phê": "doanh-nghiep",
        },
    }
    site.add_profile("a1", date="2024-01-10", title="Bùi An")
    site.add_profile("a2", date="2024-03-31", title="Đỗ Bình", unit="hội nông dân xa ea tieu")
    site.add_profile("a3", date="2024-08-01", title="Dương Cúc", level="co-so")
    site.add_profile(
        "y1",
        date="2024-07-01",
        quarter="Quý II/2024",
        field="y-te",
        unit="Sở Y tế",
        kind="tap-the",
        title="Ánh Dương – tập thể khoa Nhi",
    )
    site.add_profile("nhap", date="2024-11-01", field="y-te", draft=True)
    site.add_profile("cu", folder="2023", date="2023-05-01", field="y-te")


def test_report_matrix_equals_hand_computed(site: Site, tmp_path):
    hand_fixture(site)
    result = guong(site, "report", "--year", "2024", "--csv", "r.csv", "--xlsx", "r.xlsx")
    assert result.returncode == 0, result.stderr
    assert "THIẾU" in result.stdout and "Đơn vị thiếu định mức: 2" in result.stdout
    text = (site.root / "r.csv").read_text(encoding="utf-8-sig")
    tables = [list(csv.reader(io.StringIO(block))) for block in text.split("\n\n")]
    coverage = {row[0]: row[1:] for row in tables[0][2:]}
    assert tables[0][1] == ["Lĩnh vực", "Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024", "Cả năm"]
    assert coverage["Nông nghiệp, nông thôn"] == ["2", "THIẾU", "1", "THIẾU", "3"]
    assert coverage["Y tế"] == ["THIẾU", "1", "THIẾU", "THIẾU", "1"]
    assert coverage["Giáo dục - Đào tạo"] == ["THIẾU"] * 4 + ["0"]
    assert coverage["Tổng"] == ["2", "1", "1", "0", "4"]
    units = {row[0]: row[1:] for row in tables[1][2:]}
    assert units["Hội Nông dân xã Ea Tiêu"] == ["xa-phuong", "3", "2–3", "đạt"]
    assert units["Sở Y tế"] == ["so-nganh", "1", "3–5", "thiếu"]
    assert units["Công ty Cà phê"] == ["doanh-nghiep", "0", "1–2", "thiếu"]
    book = load_workbook(site.root / "r.xlsx")
    assert book.sheetnames[:2] == ["Độ phủ 2024", "Đơn vị giới thiệu"]
    assert [c.value for c in book["Theo cấp công nhận"]["A"]][1:] == [
        "Cấp cơ sở",
        "Cấp huyện",
        "Cấp sở, ngành",
        "Cấp tỉnh",
        "Toàn quốc",
    ]
    assert [c.value for c in book["Theo cấp công nhận"]["B"]][1:] == [1, 0, 0, 3, 0]


def test_export_xlsx_for_home_affairs(site: Site):
    hand_fixture(site)
    site.add_profile(
        "rieng",
        date="2024-02-01",
        title="Ưng Hòa",
        awards=["Chiến sĩ thi đua cơ sở", {"title": "Bằng khen", "year": 2024, "by": "UBND tỉnh"}],
        private={"so_dien_thoai": "RIENG-TU-0909"},
    )
    result = guong(site, "export", "--year", "2024", "--xlsx", "out/ds.xlsx")
    assert result.returncode == 0, result.stderr
    book = load_workbook(site.root / "out/ds.xlsx")
    ws = book.active
    headers = [c.value for c in ws[1]]
    assert headers == [
        "STT",
        "Họ tên / Tên tập thể",
        "Đối tượng",
        "Đơn vị",
        "Địa phương",
        "Lĩnh vực",
        "Cấp",
        "Phong trào",
        "Thành tích tóm tắt",
        "Danh hiệu / Khen thưởng",
        "Đường dẫn",
    ]
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.column_dimensions["I"].width == 60 and ws["I2"].alignment.wrap_text
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    # Vietnamese order: Á after A, D before Đ, U before Ư; the draft is not on the list.
    assert [r[1] for r in rows] == ["Ánh Dương", "Bùi An", "Dương Cúc", "Đỗ Bình", "Ưng Hòa"]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0][2] == "Tập thể" and rows[0][5] == "Y tế" and rows[0][6] == "Cấp tỉnh"
    assert rows[0][7] == "Chung sức xây dựng nông thôn mới"
    assert rows[4][9] == "Chiến sĩ thi đua cơ sở; Bằng khen (UBND tỉnh, 2024)"
    assert rows[1][10] == "https://guong.example.gov.vn/guong/a1/"
    everything = " ".join(str(v) for r in rows for v in r)
    assert "RIENG-TU" not in everything
    assert guong(site, "export", "--year", "2024").returncode == 2  # no target given


def spreadsheet(path, rows):
    book = Workbook()
    ws = book.active
    ws.append(
        [
            "STT",
            "Họ và tên",
            "Ngày đăng",
            "LĨNH VỰC",
            "Cấp công nhận",
            "Đối tượng",
            "Phong trào thi đua",
            "Đơn vị giới thiệu",
            "Địa phương",
            "Thành tích tóm tắt",
            "Danh hiệu / khen thưởng",
            "Cột lạ",
        ]
    )
    for row in rows:
        ws.append(row)
    book.save(path)


def test_import_then_check_then_build(site: Site):
    site.add_profile("nguyen-van-an")  # an existing slug is never reused
    from datetime import datetime

    spreadsheet(
        site.root / "ds.xlsx",
        [
            [
                1,
                "Nguyễn Văn An",
                datetime(2024, 4, 2),
                "nông nghiệp",
                "Cấp tỉnh",
                "ca nhan",
                "nong-thon-moi",
                "Hội Nông dân",
                "Đắk Lắk",
                "Trồng cà phê bền vững.",
                "Bằng khen; Giấy khen",
                "x",
            ],
            [
                2,
                "Tổ hợp tác Đồng Tâm",
                "15/08/2024",
                "Giảm nghèo",
                "co-so",
                "Tập thể",
                "Chung sức xây dựng nông thôn mới",
                "",
                "",
                "",
                "",
                "",
            ],
            [
                3,
                "Người không rõ",
                "2024-09-09",
                "Vũ trụ",
                "tinh",
                "ca-nhan",
                "nong-thon-moi",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    result = guong(site, "import", "ds.xlsx", "--publish")
    assert result.returncode == 1  # one row could not be mapped
    assert "Dòng 4" in result.stderr and "Vũ trụ" in result.stderr
    assert "Cột lạ" in result.stderr
    first = read_document(site.docs / "guong/2024/nguyen-van-an-2.md").meta
    assert first["awards"] == ["Bằng khen", "Giấy khen"] and first["draft"] is False
    assert (first["field"], first["kind"], first["date"]) == ("nong-nghiep", "ca-nhan", "2024-04-02")
    assert (site.docs / "guong/2024/to-hop-tac-dong-tam.md").is_file()
    assert guong(site, "check", "--strict").returncode == 0
    built = site.build().ok()
    assert built.page("guong/to-hop-tac-dong-tam/").xpath("//h1")[0].text_content() == "Tổ hợp tác Đồng Tâm"
    assert "Trồng cà phê bền vững." in built.page("guong/nguyen-van-an-2/").text_content()


def test_import_csv_makes_drafts_by_default(site: Site):
    (site.root / "ds.csv").write_text(
        "Họ tên;Lĩnh vực;Cấp;Đối tượng;Phong trào;Ngày\n"
        "Lò Văn Páo;Quốc phòng - An ninh;huyen;ca-nhan;nong-thon-moi;2024-05-05\n",
        encoding="utf-8-sig",
    )
    result = guong(site, "import", "ds.csv")
    assert result.returncode == 0, result.stderr
    assert read_document(site.docs / "guong/2024/lo-van-pao.md").meta["draft"] is True
    assert guong(site, "check").returncode == 0
    built = site.build().ok()
    assert not (built.site / "guong/lo-van-pao").exists()


def test_deadline_reminder_in_check_and_report(site: Site):
    site.plugin_config["build_date"] = "2025-01-20"
    site.add_profile("mot", date="2024-05-01")
    check = guong(site, "check")
    assert check.returncode == 0
    assert "Nhắc hạn" in check.stderr and "15/02/2025" in check.stderr and "năm 2024" in check.stderr
    assert "Nhắc hạn" in guong(site, "report").stderr
    site.plugin_config["build_date"] = "2025-03-01"
    assert "Nhắc hạn" not in guong(site, "check").stderr


def test_missing_config_is_a_message_not_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "guong.cli", "-f", str(tmp_path / "none.yml"), "check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "không tìm thấy" in result.stderr
    assert "Traceback" not in result.stderr
