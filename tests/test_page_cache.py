"""The page cache (outputs/page_cache.py, adapter/cached_pages.py): a warm build places
unchanged pages from the cache, re-renders what an edit touches, and its site is the same
bytes as a cold build of the same content."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from feedsite import jpeg
from guong.content.model import Profile, Quarter
from guong.outputs.page_cache import Fingerprint, Unfingerprintable
from sitekit import Site, cold_copy, serve_build, tree

pytestmark = pytest.mark.xdist_group("page-cache")


def person(**changes) -> Profile:
    values = {
        "slug": "an",
        "source": "guong/2024/an.md",
        "title": "Nguyễn Văn An",
        "date": datetime(2024, 5, 19),
        "field": "nong-nghiep",
        "level": "tinh",
        "kind": "ca-nhan",
        "campaigns": ("nong-thon-moi",),
        "quarter": Quarter(2024, 2),
        "summary": "Tóm tắt.",
        "body": "Câu chuyện.",
    }
    values.update(changes)
    return Profile(**values)


# --- fingerprints ------------------------------------------------------------------------


def test_a_fingerprint_changes_with_any_field_and_type():
    fp = Fingerprint()
    base = fp.digest((person(), {"b": 1, "a": [1, "1"]}))
    assert fp.digest((person(), {"a": [1, "1"], "b": 1})) == base  # dict order does not matter
    assert fp.digest((person(summary="Tóm tắt khác."), {"b": 1, "a": [1, "1"]})) != base
    assert fp.digest((person(body="Câu chuyện khác."), {"b": 1, "a": [1, "1"]})) == base  # NOT_RENDERED
    assert fp.digest((person(), {"b": 1, "a": [1, 1]})) != base  # "1" is not 1
    assert fp.digest((person(), {"b": True, "a": [1, "1"]})) != base  # True is not 1
    assert fp.digest(("ab", "c")) != fp.digest(("a", "bc"))  # strings are length-prefixed
    assert fp.digest(person(quarter=Quarter(2024, 3))) != fp.digest(person())


def test_a_value_the_walker_does_not_know_makes_the_page_uncacheable():
    fp = Fingerprint()
    with pytest.raises(Unfingerprintable):
        fp.digest({"x": object()})
    with pytest.raises(Unfingerprintable):
        fp.digest(lambda: 1)


def test_remembered_objects_are_told_apart_by_identity_not_by_a_reused_id():
    fp = Fingerprint()
    digests = {fp.digest(person(slug=f"p{i}")) for i in range(50)}  # each freed after use
    assert len(digests) == 50


def test_the_extra_facts_of_a_value_are_part_of_its_fingerprint():
    photo = {"key": "aaaa"}
    fp = Fingerprint(lambda v: photo["key"] if isinstance(v, Profile) else None)
    before = fp.digest(person(image="anh/an.jpg"))
    photo["key"] = "bbbb"
    assert (
        Fingerprint(lambda v: photo["key"] if isinstance(v, Profile) else None).digest(
            person(image="anh/an.jpg")
        )
        != before
    )


def test_a_fingerprint_is_the_same_in_another_process():
    here = Fingerprint().digest((person(), {"x": (1, 2.5, None)}))
    code = (
        "import sys; sys.path[:0] = sys.argv[1:]\n"
        "from test_page_cache import person\n"
        "from guong.outputs.page_cache import Fingerprint\n"
        "print(Fingerprint().digest((person(), {'x': (1, 2.5, None)})))\n"
    )
    tests = str(Path(__file__).parent)
    out = subprocess.run([sys.executable, "-c", code, tests], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == here


# --- builds ------------------------------------------------------------------------------

COUNTS = re.compile(r"trang: dựng (\d+), dùng lại (\d+) từ bộ nhớ đệm, (\d+) không lưu được")


def counts(output: str) -> tuple[int, int, int]:
    found = COUNTS.findall(output)
    assert len(found) == 1, output
    rendered, reused, uncacheable = map(int, found[0])
    return rendered, reused, uncacheable


def fixture(root: Path) -> Site:
    site = Site(root)
    site.add_campaign("nong-thon-moi")
    site.add_campaign("chuyen-doi-so", title="Chuyển đổi số", period="2022-2025")
    site.write("guong/2024/anh/an.jpg", jpeg())
    site.add_profile("nguyen-van-an", image="anh/an.jpg", image_alt="Chân dung")
    site.add_profile("tran-thi-binh", date="2024-06-01", field="y-te", unit="Sở Y tế")
    site.add_profile("le-van-cuong", date="2023-03-02", campaign="chuyen-doi-so", level="huyen")
    site.add_profile("pham-thi-dung", date="2024-08-20", kind="tap-the", locality="Huế")
    return site


def assert_same_as_cold(site: Site, built: Path, tmp_path: Path, name: str) -> None:
    cold = cold_copy(site, tmp_path / name).build().ok()
    warm, fresh = tree(built), tree(cold.site)
    assert sorted(warm) == sorted(fresh)
    assert [n for n in warm if warm[n] != fresh[n]] == []


@pytest.mark.slow
def test_warm_builds_are_the_bytes_of_cold_builds_after_each_kind_of_edit(tmp_path: Path):
    site = fixture(tmp_path / "site")
    first = site.build().ok()
    rendered, reused, uncacheable = counts(first.output)
    assert reused == 0 and uncacheable == 0 and rendered > 30
    total = rendered
    cold_tree = tree(first.site)

    again = site.build().ok()
    assert counts(again.output) == (0, total, 0)  # nothing changed: nothing rendered
    assert tree(again.site) == cold_tree

    # A story's body: that profile alone (lists show the summary, not the story).
    path = site.docs / "guong/2024/tran-thi-binh.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Nội dung.", "Nội dung đã sửa."), encoding="utf-8"
    )
    edited = site.build().ok()
    rendered, reused, _ = counts(edited.output)
    assert rendered == 1 and reused == total - 1
    assert "Nội dung đã sửa." in (edited.site / "guong/tran-thi-binh/index.html").read_text(encoding="utf-8")
    assert_same_as_cold(site, edited.site, tmp_path, "cold-body")

    # A title: the profile and every list, index and embed that shows it.
    site.add_profile(
        "tran-thi-binh", date="2024-06-01", field="y-te", unit="Sở Y tế", title="Trần Thị Bình mới"
    )
    retitled = site.build().ok()
    rendered, reused, _ = counts(retitled.output)
    assert 1 < rendered < total and reused == total - rendered
    # A campaign's title (badges, lists, nav: every page) and a new photo under the same
    # name (new variant URLs on the pages that show it).
    site.add_campaign("chuyen-doi-so", title="Chuyển đổi số toàn diện", period="2022-2025")
    site.write("guong/2024/anh/an.jpg", jpeg(colour=(10, 120, 200)))
    changed = site.build().ok()
    assert "Chuyển đổi số toàn diện" in (changed.site / "guong/le-van-cuong/index.html").read_text(
        encoding="utf-8"
    )
    assert_same_as_cold(site, changed.site, tmp_path, "cold-content")

    # The site's own theme folder (custom_dir) and mkdocs.yml reach every page.
    site.write(
        "../overrides/main.html",
        '{% extends "base.html" %}{% block extrahead %}{{ super() }}'
        '{% include "guong/partials/head.html" %}<meta name="dau-hieu" content="1">{% endblock %}',
    )
    site.extra_config["theme"] = {**site.config()["theme"], "custom_dir": "overrides"}
    themed = site.build().ok()
    assert counts(themed.output)[0] == total
    assert b'name="dau-hieu"' in (themed.site / "index.html").read_bytes()
    site.extra_config["site_name"] = "Tên mới của trang"
    named = site.build().ok()
    assert counts(named.output)[0] == total
    assert_same_as_cold(site, named.site, tmp_path, "cold-config")


def test_a_damaged_entry_is_rendered_again_never_published(tmp_path: Path):
    site = fixture(tmp_path / "site")
    first = tree(site.build().ok().site)
    entries = sorted((site.root / ".cache/guong/trang").glob("*/page.html"))
    assert entries
    for entry in entries:  # what an attacker or a full disk could leave behind
        entry.write_text("<p>giả mạo</p>", encoding="utf-8")
    again = site.build().ok()
    rendered, reused, _ = counts(again.output)
    # the other pages are placed from their own entries (tests/test_placed_pages.py)
    placed = int(re.findall(r"(\d+) trang đặt thẳng", again.output)[0])
    assert reused == placed and rendered == len(entries)
    assert "giả mạo" not in again.text_of_all_outputs()
    assert tree(again.site) == first


def test_page_cache_off_renders_every_page(tmp_path: Path):
    site = fixture(tmp_path / "site")
    site.plugin_config["page_cache"] = False
    site.build().ok()
    again = site.build().ok()
    assert not COUNTS.search(again.output)
    assert not (site.root / ".cache/guong/trang").exists()
    assert "Markdown: chuyển" not in again.output  # the Markdown memo is off with it
    assert not (site.root / ".cache/guong/md").exists()


def test_a_profile_with_a_broken_link_is_warned_about_on_every_build(tmp_path: Path):
    """A conversion that warned is never memoised (adapter/markdown_memo.py), so MkDocs'
    link check warns on every build."""
    site = fixture(tmp_path / "site")
    site.add_profile("hong", body="Xem [bài cũ](../khong-co.md).\n", **{"date": "2024-01-02"})
    for _ in range(2):
        result = site.build(strict=False)
        assert result.returncode == 0
        assert "khong-co.md" in result.output


def test_no_template_prints_what_the_fingerprint_leaves_out():
    """NOT_RENDERED leaves stories out of list pages' keys; a template printing one would
    show a stale story from the cache."""
    from guong.outputs.page_cache import NOT_RENDERED, PACKAGE_DIR

    names = sorted({name for fields in NOT_RENDERED.values() for name in fields})
    pattern = re.compile(r"\.({})\b|\[['\"]({})['\"]\]".format("|".join(names), "|".join(names)))
    found = [
        f"{path.relative_to(PACKAGE_DIR)}: {m.group(0)}"
        for path in sorted((PACKAGE_DIR / "templates").rglob("*.html"))
        for m in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert names == ["body"] and found == []


def test_a_serve_rebuild_after_saving_one_profile_renders_that_profile_only(tmp_path: Path):
    site = fixture(tmp_path / "site")
    config = site.write_config()
    out = tmp_path / "served"
    rendered, reused, _ = counts(serve_build(config, out))
    assert reused == 0
    total = rendered
    path = site.docs / "guong/2024/pham-thi-dung.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung.", "Đã lưu lại."), encoding="utf-8")
    log = serve_build(config, out)
    assert counts(log) == (1, total - 1, 0)
    converted, reused = map(int, re.findall(r"Markdown: chuyển (\d+) trang, dùng lại (\d+)", log)[0])
    assert converted == 1  # the saved story alone is converted again; the others are not read
    assert reused + int(re.findall(r"(\d+) trang đặt thẳng", log)[0]) >= 4
    assert "Đã lưu lại." in (out / "guong/pham-thi-dung/index.html").read_text(encoding="utf-8")


def test_a_serve_session_between_two_builds_leaves_the_builds_entries(tmp_path: Path):
    """Staff preview with `guong edit` (serve: its own site_url, so its own keys), then build
    to publish: the build must not find its pages pruned by serve (it was a cold build)."""
    site = fixture(tmp_path / "site")
    rendered, reused, _ = counts(site.build().ok().output)
    assert reused == 0
    total = rendered
    assert counts(serve_build(site.write_config(), tmp_path / "served"))[0] == total  # keys of its own
    served = counts(serve_build(site.write_config(), tmp_path / "served"))
    assert served == (0, total, 0)  # its second build reuses its own first
    again = site.build().ok().output
    assert counts(again) == (0, total, 0)
    assert "Markdown: chuyển 0 trang" in again


def test_pages_without_markdown_skip_the_markdown_instance_with_the_same_output(tmp_path: Path, monkeypatch):
    """adapter/build.py render_empty: the generated lists' shortcut leaves what MkDocs'
    own render would."""
    from mkdocs.structure.pages import Page

    from guong.adapter import build as build_module

    fast = fixture(tmp_path / "fast").build().ok()
    calls = []

    def real_render(page, config, files):
        calls.append(page.file.src_uri)
        Page.render(page, config, files)

    monkeypatch.setattr(build_module, "render_empty", real_render)
    slow = fixture(tmp_path / "slow").build().ok()
    assert len(calls) > 20 and "guong/index.md" in calls
    assert tree(fast.site) == tree(slow.site)


def test_a_change_in_an_inherited_config_file_reaches_every_page(tmp_path: Path):
    """mkdocs.yml may INHERIT another file: the resolved values are in the key, not only
    mkdocs.yml's own bytes."""
    site = fixture(tmp_path / "site")
    base = site.root / "base.yml"
    base.write_text("copyright: Bản quyền cũ\n", encoding="utf-8")
    site.extra_config["INHERIT"] = "base.yml"
    assert "Bản quyền cũ" in (site.build().ok().site / "index.html").read_text(encoding="utf-8")
    base.write_text("copyright: Bản quyền mới\n", encoding="utf-8")
    again = site.build().ok()
    assert counts(again.output)[1] == 0  # nothing placed from the cache
    assert "Bản quyền mới" in (again.site / "guong/nguyen-van-an/index.html").read_text(encoding="utf-8")
