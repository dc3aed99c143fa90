"""Hostile frontmatter, one fixture each: refused with a Vietnamese message naming the file,
the key (where there is one) and the line, while the valid profile beside it is still read
in the same pass (load_catalog collects every problem)."""

from __future__ import annotations

import resource
import time
from datetime import datetime

import pytest

from guong.content.catalog import Settings, load_catalog
from guong.content.model import VN_TZ
from guong.content.problems import ContentError
from guong.content.source import SourceError, parse_text
from guong.content.taxonomy import Taxonomies
from sitekit import Site, frontmatter_text, profile

NOW = datetime(2025, 12, 31, tzinfo=VN_TZ)
BAD = "guong/2024/xau.md"

HEAD = "---\ntitle: Hồ sơ xấu\n"  # line 2 is the title
REST = "date: 2024-05-19\nfield: nong-nghiep\nlevel: tinh\nkind: ca-nhan\ncampaign: nong-thon-moi\n"


def load(site: Site):
    return load_catalog(site.docs, Settings(Taxonomies.build(), NOW))


def errors_of(site: Site, raw: str | bytes):
    """Write the hostile file beside a valid profile, a second valid profile with a plain
    content problem, and return the problems of the bad file (the others are checked)."""
    site.add_profile("tot")
    site.add_profile("khac", level="khong-co")  # a plain error elsewhere: same pass
    site.write(BAD, raw)
    with pytest.raises(ContentError) as info:
        load(site)
    problems = info.value.problems.errors
    assert not [p for p in problems if p.path == "guong/2024/tot.md"], problems
    assert [p for p in problems if p.path == "guong/2024/khac.md" and p.key == "level"], problems
    assert "Traceback" not in info.value.problems.report()
    bad = [p for p in problems if p.path == BAD]
    assert bad, problems
    return bad


def one_error(site: Site, raw: str | bytes, key: str, *fragments: str):
    bad = errors_of(site, raw)
    matching = [p for p in bad if p.key == key]
    assert matching, bad
    text = str(matching[0])
    assert text.startswith(f"{BAD}: "), text
    for fragment in fragments:
        assert fragment in text, (fragment, text)
    return matching[0]


def test_alias_into_a_public_key_is_refused(site: Site):
    raw = (
        HEAD.replace("title: Hồ sơ xấu", "title: *ghi_chu")
        + REST
        + "private:\n  ghi_chu: &ghi_chu 'Số CCCD 0123456789'\n---\nCâu chuyện.\n"
    )
    bad = errors_of(site, raw)
    text = " ".join(str(p) for p in bad)
    assert "bí danh" in text and "dòng" in text
    assert "0123456789" not in text  # a private value never reaches the report


def test_anchor_alone_is_refused(site: Site):
    p = one_error(site, HEAD + REST + "unit: &don_vi Hội Nông dân\n---\nx\n", "unit", "'&don_vi'", "dòng 8")
    assert "neo" in p.message


def test_merge_key_carrying_private_values_is_refused(site: Site):
    raw = (
        "---\nprivate: &rieng\n  title: Số điện thoại 0987 654 321\n"
        + REST
        + "<<: *rieng\n---\nCâu chuyện.\n"
    )
    bad = errors_of(site, raw)
    assert any("neo/bí danh" in p.message and "dòng 2" in p.message for p in bad), bad
    assert not any("0987" in str(p) for p in bad)
    # without the anchor (it is refused first), the merge key itself is named
    one_error(site, HEAD + REST + "<<: {unit: Sở Y tế}\n---\nx\n", "<<", "'<<'", "dòng 8")


def test_alias_bomb_fails_fast_and_small(site: Site):
    lines = ["---", 'a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    raw = "\n".join(lines) + "\ntitle: *a29\n---\nx\n"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(SourceError) as info:
        parse_text(raw)
    assert time.perf_counter() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    assert info.value.key == "a0" and info.value.line == 2
    one_error(site, raw, "a0", "bí danh", "dòng 2")


@pytest.mark.parametrize(
    "raw, key, line, name",
    [
        (HEAD + REST + "title: Hồ sơ khác\n---\nx\n", "title", "dòng 8", "'title'"),
        (
            HEAD + REST + "private:\n  dien_thoai: 1\n  dien_thoai: 2\n---\nx\n",
            "private",
            "dòng 10",
            "'dien_thoai' trong 'private'",
        ),
        (
            HEAD + REST + "awards:\n  - title: Bằng khen\n    year: 2023\n    year: 2024\n---\nx\n",
            "awards",
            "dòng 11",
            "'year' trong 'awards'",
        ),
        # `1:` and `"1":` are one key once keys are text
        (HEAD + REST + "1: a\n'1': b\n---\nx\n", "1", "dòng 9", "'1'"),
    ],
)
def test_duplicate_keys_name_key_and_both_lines(site: Site, raw, key, line, name):
    p = one_error(site, raw, key, name, line, "hai lần")
    assert "dòng" in p.message


def test_impossible_date_unquoted_names_key_and_line(site: Site):
    raw = HEAD + REST.replace("2024-05-19", "2024-13-45") + "---\nx\n"
    one_error(site, raw, "date", "'2024-13-45'", "không có thật", "dòng 3")


def test_impossible_date_quoted_names_key_and_line(site: Site):
    raw = HEAD + REST.replace("2024-05-19", "'2024-13-45'") + "---\nx\n"
    one_error(site, raw, "date", "không có thật", "dòng 3")


@pytest.mark.parametrize(
    "value, year",
    [("0001-01-01", "1"), ("1944-12-31", "1944"), ("'31/12/1944'", "1944"), ("2101-01-01", "2101")],
)
def test_dates_outside_1945_2100_are_refused(site: Site, value, year):
    raw = HEAD + REST.replace("2024-05-19", value) + "---\nx\n"
    one_error(site, raw, "date", f"năm {year} không hợp lệ", "1945", "dòng 3")


def test_updated_before_1945_is_refused(site: Site):
    one_error(site, HEAD + REST + "updated: 1900-01-01\n---\nx\n", "updated", "năm 1900", "dòng 8")


def test_oversized_frontmatter(site: Site):
    raw = HEAD + REST + "summary: '" + "Nội dung rất dài. " * 4000 + "'\n---\nx\n"
    assert len(raw.encode()) > 70_000
    one_error(site, raw, "", "quá lớn", "64 KB")


def test_deep_nesting(site: Site):
    nested = "private:\n" + "".join("  " * i + f"c{i}:\n" for i in range(1, 10)) + "  " * 10 + "x: 1\n"
    one_error(site, HEAD + REST + nested + "---\nx\n", "private", "lồng nhau quá sâu")
    one_error(
        site,
        HEAD + REST + "tags: " + "[" * 10 + "]" * 10 + "\n---\nx\n",
        "tags",
        "lồng nhau quá sâu",
        "dòng 8",
    )


def test_vertical_tab_in_story_is_found_by_the_reader(site: Site):
    raw = frontmatter_text(profile(), "Đoạn đầu.\n\nÔng An\x0bnói: làm giàu không khó.\n")
    p = one_error(site, raw, "", "U+000B", "tab dọc", "nội dung bài")
    line = raw.split("\n").index(next(x for x in raw.split("\n") if "\x0b" in x)) + 1
    assert f"dòng {line}" in p.message


def test_nul_byte(site: Site):
    raw = frontmatter_text(profile(), "Câu chuyện\x00 bị hỏng.\n").encode()
    one_error(site, raw, "", "U+0000", "NUL")


def test_c1_character_in_title(site: Site):
    one_error(site, "---\ntitle: Nguyễn\x85Văn An\n" + REST + "---\nx\n", "title", "U+0085", "dòng 2")


@pytest.mark.parametrize("title", ["Nguyễn\u2028Văn An", '"Nguyễn\\LVăn An"', '"Nguyễn\\vAn"'])
def test_line_separator_in_title_raw_or_escaped(site: Site, title):
    p = one_error(site, f"---\ntitle: {title}\n" + REST + "---\nx\n", "title", "dòng 2")
    assert "U+2028" in p.message or "U+000B" in p.message


def test_crlf_file_is_valid(site: Site):
    site.add_profile("tot")
    raw = frontmatter_text(profile(title="Nguyễn Văn Bình"), "Đoạn một.\n\nĐoạn hai.\n")
    site.write("guong/2024/windows.md", raw.replace("\n", "\r\n").encode())
    site.write("guong/2024/mac-cu.md", raw.replace("\n", "\r").encode())
    catalog, problems = load(site)
    assert not problems.errors
    windows = catalog.by_slug["windows"]
    assert windows.title == "Nguyễn Văn Bình" and "\r" not in windows.body
    assert "\r" not in catalog.by_slug["mac-cu"].body


@pytest.mark.parametrize(
    "tag", ["!!python/object:os.system", "!!python/name:os.system", "!!binary", "!!set", "!foo"]
)
def test_odd_tags_are_refused(site: Site, tag):
    value = "{a, b}" if tag == "!!set" else "aGVsbG8="
    one_error(site, HEAD + REST + f"unit: {tag} {value}\n---\nx\n", "unit", "thẻ YAML", "dòng 8")


def test_unclosed_quote_points_at_the_opening_line(site: Site):
    raw = '---\ntitle: "Nguyễn Văn An – nông dân giỏi\n' + REST + "---\nx\n"
    p = one_error(site, raw, "", "dòng 2", "khóa 'title'", "ngoặc kép")
    assert "end of stream" not in p.message


@pytest.mark.parametrize(
    "raw, key, fragments",
    [
        ("---\ntitle: a\n\tdate: 2024-05-19\n---\nx\n", "date", ("tab", "dòng 3")),
        ("---\ntitle: Ông An: nông dân giỏi\n---\nx\n", "title", ("dấu ':'", "dòng 2")),
        ("---\ntitle: [Nguyễn\ndate: 2024-05-19\n---\nx\n", "title", ("'['", "dòng 2")),
        ("---\ntitle: a\n  date: 2024\n---\nx\n", "title", ("dòng 3",)),
        ("---\ntitle: a\ndate\n---\nx\n", "date", ("thiếu dấu ':'", "dòng 3")),
        ('---\ntitle: "a\\q"\n---\nx\n', "title", ("mã thoát", "dòng 2")),
    ],
)
def test_common_yaml_errors_in_vietnamese(site: Site, raw, key, fragments):
    """Broken YAML has no structure to ask: the key is guessed from the line and named in
    the message (the problem's key stays '', as for every whole-file problem)."""
    p = one_error(site, raw, "", "YAML hỏng", f"khóa '{key}'", *fragments)
    assert "found" not in p.message and "expected" not in p.message


def test_odd_keys_do_not_crash(site: Site):
    bad = errors_of(site, HEAD + REST + "1: x\nnull: y\n[a]: b\n---\nx\n")
    assert any("tên khóa" in p.message and "dòng 10" in p.message for p in bad), bad
    doc = parse_text(HEAD + REST + "1: x\nnull: y\n~: z\n---\nx\n")
    assert {"1", "null", "~"} <= set(doc.meta)


def test_huge_integer(site: Site):
    one_error(site, HEAD + REST + "unit: " + "9" * 5000 + "\n---\nx\n", "unit", "số", "dòng 8")


def test_accepted_forms_still_work():
    doc = parse_text(
        "---\ntitle: 'Tom & Jerry: R&D *mới*'\ndate: 2024-05-19\nupdated: 2024-05-19 08:30\n"
        "quarter: Quý II/2024\ncampaign: [a, b]\nawards:\n  - Chiến sĩ thi đua\n"
        "  - {title: Bằng khen, year: 2024, by: UBND tỉnh}\nprivate:\n  sdt: '0987'\n"
        "summary: 5 * 3 = 15 & hơn thế\n---\nx\n"
    )
    assert doc.meta["title"] == "Tom & Jerry: R&D *mới*"
    assert doc.meta["summary"] == "5 * 3 = 15 & hơn thế"
    assert doc.lines["title"] == 2 and doc.lines["summary"] == 12
    assert parse_text("---\ntitle: x\ndate: '19/05/2024'\n---\n").meta["date"] == "19/05/2024"
