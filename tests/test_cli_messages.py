"""Messages staff can act on: plain greppable lines when piped, tables that never break a
path, Vietnamese help and errors (argparse's own strings too), every missing `guong new`
value at once, template placeholders refused in published profiles, duplicate imports."""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import json
import os
import subprocess
import sys

import pytest
import yaml

from guong import cli
from guong.cli_vi import vietnamese_argparse
from guong.content import authoring
from sitekit import Site

ENGLISH = (
    "usage:",
    "options:",
    "show this help",
    "the following arguments",
    "invalid choice",
    "unrecognized arguments",
    "error:",
    "positional arguments",
    "expected one argument",
)


def run(site: Site | None, *args: str, columns: int = 200, stdin: str | None = None):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", COLUMNS=str(columns), PYTHONWARNINGS="ignore")
    config = []
    cwd = None
    if site is not None:
        (site.root / "mkdocs.yml").write_text(
            yaml.safe_dump(site.config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        config, cwd = ["-f", str(site.root / "mkdocs.yml")], site.root
    return subprocess.run(
        [sys.executable, "-m", "guong.cli", *config, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        input=stdin,
    )


# --- Vietnamese help and errors --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("new", "--help"),
        ("check", "--help"),
        ("report", "--help"),
        ("import", "--help"),
        ("check", "--bogus"),
        ("nope",),
        (),
        ("check", "--format", "x"),
        ("report", "--year", "24"),
        ("new", "--title"),
    ],
)
def test_help_and_argument_errors_are_vietnamese(args):
    result = run(None, *args, columns=80)
    text = result.stdout + result.stderr
    assert "cách dùng: guong" in text
    for phrase in ENGLISH:
        assert phrase not in text.lower(), (phrase, text)
    if args and args[-1] != "--help":
        assert result.returncode == 2 and "lỗi:" in result.stderr


def test_every_new_flag_has_vietnamese_help_and_argparse_is_restored():
    with vietnamese_argparse():
        top = cli.parser()
    subparsers = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            assert action.help, (name, action.option_strings)
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext


# --- check: plain lines when piped, tables that never cut a path ------------------------------

LONG_FOLDER = "2024/phong-thi-dua-khen-thuong-so-noi-vu-tinh-dak-lak"
LONG_SLUG = "vo-van-binh-nguoi-giu-rung-phong-ho-o-thuong-nguon-song-serepok"
LONG_PATH = f"content/guong/{LONG_FOLDER}/{LONG_SLUG}.md"


def long_path_site(site: Site) -> None:
    site.add_profile(LONG_SLUG, folder=LONG_FOLDER, field="nong nghiep x")
    site.add_profile("sai-ngay", date="31/02/2024", feild="y-te")


@pytest.mark.parametrize("extra", [(), ("--format", "text"), ("--format", "table")])
def test_check_piped_prints_one_unbroken_line_per_problem(site: Site, extra):
    long_path_site(site)
    result = run(site, "check", *extra, columns=40)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    field = [line for line in lines if line.startswith(f"{LONG_PATH}: field: lỗi: ")]
    assert len(field) == 1 and "nong-nghiep" in field[0], result.stdout
    assert "content/guong/2024/sai-ngay.md: date: lỗi: " in result.stdout
    assert "content/guong/2024/sai-ngay.md: feild: cảnh báo: " in result.stdout
    assert "KHÔNG ĐẠT: 2 lỗi, 1 cảnh báo" in result.stdout
    assert not any(ch in result.stdout for ch in "┃│━─")  # no table when it cannot fit


def test_check_table_on_a_wide_terminal_wraps_messages_not_paths(site: Site):
    long_path_site(site)
    result = run(site, "check", "--format", "table", columns=220)
    assert result.returncode == 1
    assert "│" in result.stdout  # a table this time
    assert any(LONG_PATH in line for line in result.stdout.splitlines())
    assert max(len(line) for line in result.stdout.splitlines()) <= 220


def test_problems_table_never_cuts_paths_at_any_width():
    from rich.console import Console

    from guong.content.problems import Problem

    problems = [
        Problem(
            f"guong/{LONG_FOLDER}/{LONG_SLUG}.md",
            "field",
            "'thieu linh vuc' không có trong danh sách lĩnh vực " * 3,
        )
    ]
    for width in (40, 80, 120, 200):
        table = cli.problems_table(problems, width)
        if table is None:
            assert width < len(LONG_PATH) + 40
            continue
        console = Console(width=width, file=io.StringIO(), force_terminal=False)
        console.print(table)
        text = console.file.getvalue()
        assert any(LONG_PATH in line for line in text.splitlines()), text


def test_check_csv_and_json(site: Site):
    long_path_site(site)
    result = run(site, "check", "--format", "csv", columns=40)
    assert result.returncode == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["file"], r["key"], r["severity"]) for r in rows] == [
        (LONG_PATH, "field", "error"),
        ("content/guong/2024/sai-ngay.md", "date", "error"),
        ("content/guong/2024/sai-ngay.md", "feild", "warning"),
    ]
    assert rows[0]["suggestion"] == "nong-nghiep"
    report = json.loads(run(site, "check", "--format", "json").stdout)
    assert report["summary"]["errors"] == 2


# --- report: labels never broken when piped ---------------------------------------------------

LONG_UNIT = "Hội Liên hiệp Phụ nữ xã Ea Tiêu, huyện Cư Kuin, tỉnh Đắk Lắk (cũ)"


def test_report_piped_keeps_labels_on_one_line(site: Site):
    site.plugin_config["reports"] = {"units": {LONG_UNIT: "xa-phuong"}}
    site.add_profile("a1", date="2024-01-10", unit=LONG_UNIT)
    for extra in ((), ("--format", "text"), ("--format", "table")):
        result = run(site, "report", "--year", "2024", *extra, columns=40)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert f"{LONG_UNIT} | xa-phuong | 1 | 2–3 | thiếu" in lines, result.stdout
        assert "Nông nghiệp, nông thôn | 1 | THIẾU | THIẾU | THIẾU | 1" in lines
        assert "== Đơn vị giới thiệu ==" in lines
    as_csv = run(site, "report", "--year", "2024", "--format", "csv")
    assert [LONG_UNIT, "xa-phuong", "1", "2–3", "thiếu"] in list(csv.reader(io.StringIO(as_csv.stdout)))
    tables = json.loads(run(site, "report", "--year", "2024", "--format", "json").stdout)["tables"]
    assert tables[1]["rows"] == [[LONG_UNIT, "xa-phuong", 1, "2–3", "thiếu"]]
    wide = run(site, "report", "--year", "2024", "--format", "table", columns=200)
    assert "│" in wide.stdout and any(LONG_UNIT in line for line in wide.stdout.splitlines())


# --- guong new --------------------------------------------------------------------------------


def test_new_no_input_names_every_missing_value_at_once(site: Site):
    result = run(site, "new", "--no-input", "--field", "vu-tru", "--date", "31/02/2024")
    assert result.returncode == 2
    message = [line for line in result.stderr.splitlines() if line.startswith("Lỗi:")]
    assert len(message) == 1, result.stderr
    for flag in ("--title", "--level", "--kind", "--campaign", "'vu-tru'", "31/02/2024"):
        assert flag in message[0]
    assert "thiếu 4 mục bắt buộc" in message[0]
    assert not (site.docs / "guong").exists()


# --- placeholders -----------------------------------------------------------------------------

NEW = (
    "new",
    "--no-input",
    "--title",
    "Đặng Thị Hoà – nữ hộ sinh của bản",
    "--date",
    "05/03/2024",
    "--field",
    "y-te",
    "--level",
    "tinh",
    "--kind",
    "ca-nhan",
    "--campaign",
    "nong-thon-moi",
)


def test_published_new_profile_with_template_text_fails_check(site: Site):
    created = run(site, *NEW, "--publish")
    assert created.returncode == 0, created.stderr
    path = site.docs / "guong/2024/dang-thi-hoa.md"
    result = run(site, "check")
    assert result.returncode == 1
    prefix = "content/guong/2024/dang-thi-hoa.md: nội dung bài: lỗi: dòng "
    lines = [line for line in result.stdout.splitlines() if line.startswith(prefix)]
    assert len(lines) == len(authoring._outline_paragraphs()), result.stdout
    number = int(lines[0][len(prefix) :].split(":")[0])
    assert path.read_text("utf-8").splitlines()[number - 1].startswith("Đoạn mở đầu (sapo)")
    # once the story is written, it passes
    text = path.read_text("utf-8")
    story = text.split("---\n", 2)[2]
    path.write_text(
        text.replace(
            story, "Chị Hoà đỡ đẻ cho hơn 300 sản phụ.\n\n## Cách làm sáng tạo\n\nChị lập nhóm Zalo.\n"
        ),
        "utf-8",
    )
    assert run(site, "check", "--strict").returncode == 0


def test_draft_may_keep_template_text(site: Site):
    assert run(site, *NEW).returncode == 0
    assert run(site, "check", "--strict").returncode == 0


def test_readme_sample_phrases_fail_check_and_build(site: Site):
    body = "Đoạn mở đầu: ai, làm gì, thành tích nổi bật.\n\n## Tiêu đề nhỏ\n\nCâu chuyện…\n"
    site.add_profile("mau", body=body, summary="Một câu sapo cho danh sách, nguồn tin và mạng xã hội.")
    site.add_profile(
        "that", body="Đoạn mở đầu của câu chuyện.\n\n## Đổi mới\n\nCâu chuyện bắt đầu từ năm 2019…\n"
    )
    result = run(site, "check", "--format", "json")
    errors = json.loads(result.stdout)["errors"]
    assert {(e["file"], e["key"]) for e in errors} == {
        ("content/guong/2024/mau.md", "nội dung bài"),
        ("content/guong/2024/mau.md", "summary"),
    }
    messages = " ".join(e["message"] for e in errors)
    lines = (site.docs / "guong/2024/mau.md").read_text("utf-8").splitlines()
    at = [f"dòng {lines.index(line) + 1}:" for line in body.splitlines() if line]
    for phrase in (*at, "Tiêu đề nhỏ", "Câu chuyện…", "sapo cho"):
        assert phrase in messages, messages
    built = site.build()
    assert built.returncode != 0 and "guong/2024/mau.md" in built.output


def test_placeholder_function_matches_whole_paragraphs_only():
    meta = {"title": "x"}
    assert authoring.placeholder_problems("a.md", meta, "Đoạn mở đầu của câu chuyện.\n") == []
    assert (
        authoring.placeholder_problems("a.md", meta, "## Tiêu đề nhỏ về lúa\n\nCâu chuyện… của tôi.\n") == []
    )
    assert len(authoring.placeholder_problems("a.md", meta, "##  TIÊU ĐỀ NHỎ\nCâu chuyện...\n")) == 2
    assert authoring.placeholder_problems("a.md", {"draft": True}, authoring.OUTLINE) == []


# --- import: duplicates -----------------------------------------------------------------------


def test_import_warns_about_existing_profiles_and_force_imports_anyway(site: Site):
    site.add_profile("nguyen-van-an")  # "Nguyễn Văn An – nông dân giỏi", 2024-05-19
    (site.root / "ds.csv").write_text(
        "Họ tên;Lĩnh vực;Cấp;Đối tượng;Phong trào;Ngày\n"
        "NGUYỄN VĂN AN - nông dân  giỏi;nong-nghiep;tinh;ca-nhan;nong-thon-moi;2024-09-09\n"
        "Nguyễn Văn An;nong-nghiep;tinh;ca-nhan;nong-thon-moi;19/05/2024\n"
        "Nguyễn Văn An;nong-nghiep;tinh;ca-nhan;nong-thon-moi;2024-06-01\n"
        "Lò Thị Mai;y-te;tinh;ca-nhan;nong-thon-moi;2024-06-01\n"
        "Lò Thị Mai;y-te;tinh;ca-nhan;nong-thon-moi;2024-06-01\n",
        encoding="utf-8",
    )
    result = run(site, "import", "ds.csv")
    assert result.returncode == 1
    for row, why in ((2, "cùng tiêu đề"), (3, "cùng họ tên và ngày")):
        assert (
            f"Dòng {row}: trùng với hồ sơ có sẵn content/guong/2024/nguyen-van-an.md ({why})" in result.stderr
        ), result.stderr
    assert "Dòng 6: trùng với hồ sơ có sẵn content/guong/2024/lo-thi-mai.md" in result.stderr
    assert "--force" in result.stderr
    created = sorted(p.name for p in (site.docs / "guong/2024").glob("*.md"))
    assert created == ["lo-thi-mai.md", "nguyen-van-an-2.md", "nguyen-van-an.md"]
    assert "3 dòng trùng hồ sơ có sẵn" in result.stdout

    (site.root / "ds2.csv").write_text(
        "Họ tên;Lĩnh vực;Cấp;Đối tượng;Phong trào;Ngày\n"
        "Nguyễn Văn An;nong-nghiep;tinh;ca-nhan;nong-thon-moi;19/05/2024\n",
        encoding="utf-8",
    )
    forced = run(site, "import", "ds2.csv", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "vẫn nhập (--force)" in forced.stderr
    assert (site.docs / "guong/2024/nguyen-van-an-3.md").is_file()
