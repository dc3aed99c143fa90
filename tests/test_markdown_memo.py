"""The Markdown memo (adapter/markdown_memo.py): unchanged Markdown is not converted again,
the site stays the bytes of a cold build, and MkDocs' link checks still see every change."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from guong.adapter.markdown_memo import pure_extension
from sitekit import Site, cold_tree, tree

pytestmark = pytest.mark.xdist_group("page-cache")

MEMO = re.compile(r"Markdown: chuyển (\d+) trang, dùng lại (\d+) từ bộ nhớ đệm")
BODY = "## Thành tích\n\nNội dung.\n"


def memo_counts(output: str) -> tuple[int, int]:
    found = MEMO.findall(output)
    assert len(found) == 1, output
    converted, reused = map(int, found[0])
    return converted, reused


def placed(output: str) -> int:
    """Pages not read at all this build (adapter/placed_pages.py): they skip the memo too."""
    return int(re.findall(r"(\d+) trang đặt thẳng", output)[0])


def fixture(root: Path) -> Site:
    site = Site(root)
    site.add_campaign("nong-thon-moi")
    site.add_profile("tran-thi-binh", body=BODY, date="2024-06-01", field="y-te")
    site.add_profile(
        "nguyen-van-an",
        body="Học tập [chị Bình](tran-thi-binh.md) và [thành tích](tran-thi-binh.md#thanh-tich).\n",
    )
    site.write("gioi-thieu.md", "# Giới thiệu\n\nXem [anh An](guong/2024/nguyen-van-an.md).\n")
    return site


def test_unchanged_markdown_is_placed_from_the_memo_with_the_same_site(tmp_path: Path):
    site = fixture(tmp_path / "site")
    first = site.build().ok()
    converted, reused = memo_counts(first.output)
    assert reused == 0 and converted >= 4  # three stories, the staff page, the campaign
    again = site.build().ok()
    # what is not converted is restored from the memo, or not read at all (placed_pages.py)
    assert (
        memo_counts(again.output)[0] == 0
        and sum(memo_counts(again.output)) + placed(again.output) >= converted
    )
    assert tree(again.site) == tree(first.site)

    path = site.docs / "guong/2024/tran-thi-binh.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung.", "Nội dung mới."), encoding="utf-8")
    edited = site.build().ok()
    assert memo_counts(edited.output)[0] == 1
    assert tree(edited.site) == cold_tree(site, tmp_path / "cold")


def test_a_story_linking_to_a_profile_made_draft_fails_then_builds_from_the_memo(tmp_path: Path):
    site = fixture(tmp_path / "site")
    site.build().ok()
    binh = site.docs / "guong/2024/tran-thi-binh.md"
    text = binh.read_text(encoding="utf-8")
    binh.write_text(text.replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")  # leaves the site
    failed = site.build()
    assert failed.returncode != 0
    assert "guong/2024/nguyen-van-an.md" in failed.output and "tran-thi-binh.md" in failed.output
    binh.write_text(text, encoding="utf-8")  # back: both stories are converted again
    back = site.build().ok()
    assert memo_counts(back.output)[0] == 2  # the failed build replaced one, pruned the other
    link = back.page("guong/nguyen-van-an/").xpath("//article//a[text()='chị Bình']/@href")
    assert link == ["../tran-thi-binh/"]


def test_an_anchor_that_is_gone_is_reported_for_a_memoised_page(tmp_path: Path):
    site = fixture(tmp_path / "site")
    site.extra_config["validation"] = {"anchors": "warn"}
    site.build().ok()
    site.add_profile("tran-thi-binh", body="## Khen thưởng\n\nNội dung.\n", date="2024-06-01", field="y-te")
    failed = site.build()
    assert failed.returncode != 0
    assert "does not contain an anchor '#thanh-tich'" in failed.output
    assert "guong/2024/nguyen-van-an.md" in failed.output


def test_a_memoised_page_whose_link_target_moved_is_converted_again_and_warned_about(tmp_path: Path):
    """Staff pages' links are checked by MkDocs alone (the catalog checks stories'): the
    memo's recorded lookups are what notices the target is gone."""
    site = fixture(tmp_path / "site")
    site.write("lich-su.md", "# Lịch sử\n\nNội dung.\n")
    site.write("ve-chung-toi.md", "# Về chúng tôi\n\nĐọc [lịch sử](lich-su.md).\n")
    site.build().ok()
    (site.docs / "lich-su.md").rename(site.docs / "lich-su-don-vi.md")
    failed = site.build()
    assert failed.returncode != 0
    assert "Doc file 've-chung-toi.md' contains a link 'lich-su.md'" in failed.output
    (site.docs / "lich-su-don-vi.md").rename(site.docs / "lich-su.md")
    back = site.build().ok()
    href = back.page("ve-chung-toi/").xpath("//article//a[text()='lịch sử']/@href")
    assert href == ["../lich-su/"]


def test_a_link_that_starts_to_resolve_is_converted_again_and_the_new_conversion_kept(tmp_path: Path):
    """With `not_found: ignore` a broken link logs nothing, so its conversion is stored; once
    the target exists the stored lookup no longer matches: converted again, and the stale
    entry is replaced, so the next build reuses the new one."""
    site = fixture(tmp_path / "site")
    site.extra_config["validation"] = {"links": {"not_found": "ignore"}}
    site.write("ve-chung-toi.md", "# Về chúng tôi\n\nĐọc [lịch sử](lich-su.md).\n")
    first = site.build().ok()
    assert first.page("ve-chung-toi/").xpath("//article//a[text()='lịch sử']/@href") == ["lich-su.md"]
    site.write("lich-su.md", "# Lịch sử\n\nNội dung.\n")
    linked = site.build().ok()
    assert linked.page("ve-chung-toi/").xpath("//article//a[text()='lịch sử']/@href") == ["../lich-su/"]
    assert memo_counts(linked.output)[0] == 2  # the new page and the one linking to it
    assert memo_counts(site.build().ok().output)[0] == 0


def test_a_damaged_memo_entry_is_converted_again_never_published(tmp_path: Path):
    site = fixture(tmp_path / "site")
    first = tree(site.build().ok().site)
    entries = sorted((site.root / ".cache/guong/md").glob("*/render.json"))
    assert entries
    for entry in entries:  # valid JSON, wrong bytes for the manifest
        record = json.loads(entry.read_text(encoding="utf-8"))
        record["content"] = "<p>giả mạo</p>"
        entry.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    again = site.build().ok()
    assert memo_counts(again.output)[1] == 0
    assert "giả mạo" not in again.text_of_all_outputs()
    assert tree(again.site) == first


def test_an_extension_that_reads_files_turns_the_memo_off(tmp_path: Path):
    site = fixture(tmp_path / "site")
    site.extra_config["markdown_extensions"] = [
        {"toc": {"permalink": True}},
        "attr_list",
        "pymdownx.snippets",
    ]
    site.build().ok()
    again = site.build().ok()
    assert not MEMO.search(again.output)
    assert not (site.root / ".cache/guong/md").exists()


def test_which_extensions_are_memoised():
    assert pure_extension("toc") and pure_extension("markdown.extensions.tables")
    assert pure_extension("pymdownx.superfences")
    assert not pure_extension("pymdownx.snippets") and not pure_extension("pymdownx.b64")
    assert not pure_extension("mdx_include") and not pure_extension(object())
