"""Unchanged pages placed without MkDocs reading them (adapter/placed_pages.py): a warm
build copies them from the page cache, restores what reading them would have collected
(search entries, sitemap rows, anchors, story HTML for feeds), and its site is the same bytes
as a cold build; anything that would change a page, its links or its photos reads it again."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from feedsite import jpeg
from sitekit import Site, cold_tree, serve_build, tree

PLACED = re.compile(r"(\d+) trang đặt thẳng")
HEADING = "doi-moi-o-dak-lak"  # the default story's `## Đổi mới ở Đắk Lắk`


def placed(output: str) -> int:
    found = PLACED.findall(output)
    assert len(found) == 1, output
    return int(found[0])


def fixture(root: Path) -> Site:
    site = Site(root)
    site.add_campaign("nong-thon-moi")
    site.write("guong/2024/anh/vuon.jpg", jpeg())
    site.add_profile(
        "nguyen-van-an",
        body="Mở đầu.\n\n![Vườn cà phê](anh/vuon.jpg)\n\n## Đổi mới ở Đắk Lắk\n\nNội dung.\n",
    )
    site.add_profile("tran-thi-binh", date="2024-06-01", field="y-te", unit="Sở Y tế")
    site.add_profile("le-van-cuong", date="2023-03-02", level="huyen")
    # a staff page (read every build) linking to an anchor of a profile that will be placed
    site.write("gioi-thieu.md", f"# Giới thiệu\n\nXem [ông An](guong/2024/nguyen-van-an.md#{HEADING}).\n")
    return site


def profile_html(result, slug: str) -> str:
    return (result.site / f"guong/{slug}/index.html").read_text(encoding="utf-8")


def test_a_warm_build_places_pages_outside_the_nav_with_the_bytes_of_a_cold_build(tmp_path: Path):
    site = fixture(tmp_path / "site")
    first = site.build().ok()
    assert placed(first.output) == 0
    again = site.build().ok()
    count = placed(again.output)
    assert count > 10  # the profiles, list pages after the first, embeds, slides
    assert tree(again.site) == tree(first.site)
    assert tree(again.site) == cold_tree(site, tmp_path / "cold")

    # what reading them would have collected is there: search entries of a placed profile
    # (its sections, in page order), its sitemap row, its story in the feeds
    index = json.loads((again.site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert "guong/nguyen-van-an/" in locations and f"guong/nguyen-van-an/#{HEADING}" in locations
    sitemap = etree.parse(str(again.site / "sitemap.xml"))
    locs = sitemap.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert "https://guong.example.gov.vn/guong/nguyen-van-an/" in locs
    assert "Nội dung." in (again.site / "rss.xml").read_text(encoding="utf-8")


def test_a_third_build_places_the_same_pages(tmp_path: Path):
    """The conversions of placed pages are kept (not pruned), so placing is stable."""
    site = fixture(tmp_path / "site")
    site.build().ok()
    count = placed(site.build().ok().output)
    third = site.build().ok()
    assert placed(third.output) == count
    assert "Markdown: chuyển 0 trang" in third.output


def test_an_edited_story_or_a_new_photo_reads_the_pages_again(tmp_path: Path):
    site = fixture(tmp_path / "site")
    site.build().ok()
    count = placed(site.build().ok().output)

    path = site.docs / "guong/2024/tran-thi-binh.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung.", "Nội dung mới."), encoding="utf-8")
    edited = site.build().ok()
    assert placed(edited.output) == count - 1  # that profile alone
    assert "Nội dung mới." in profile_html(edited, "tran-thi-binh")
    assert tree(edited.site) == cold_tree(site, tmp_path / "cold-edit")

    # a photo in a story, same name, new bytes: the story shows the new variant URLs
    before = profile_html(edited, "nguyen-van-an")
    site.write("guong/2024/anh/vuon.jpg", jpeg(colour=(10, 120, 200)))
    rephotographed = site.build().ok()
    assert placed(rephotographed.output) < count
    assert profile_html(rephotographed, "nguyen-van-an") != before
    assert tree(rephotographed.site) == cold_tree(site, tmp_path / "cold-photo")


def test_links_into_placed_pages_are_still_checked(tmp_path: Path):
    """A staff page is read every build; its link to a placed profile's anchor is checked
    against the anchors restored from the record, and a broken one still fails --strict."""
    site = fixture(tmp_path / "site")
    site.extra_config["validation"] = {"anchors": "warn"}  # MkDocs' default only informs
    site.build().ok()
    assert placed(site.build().ok().output) > 0
    site.write("gioi-thieu.md", "# Giới thiệu\n\nXem [ông An](guong/2024/nguyen-van-an.md#khong-co).\n")
    broken = site.build()
    assert broken.returncode != 0
    assert "does not contain an anchor '#khong-co'" in broken.output
    site.write("gioi-thieu.md", f"# Giới thiệu\n\nXem [ông An](guong/2024/nguyen-van-an.md#{HEADING}).\n")
    assert placed(site.build().ok().output) > 0


def test_a_damaged_record_or_page_entry_is_read_again_never_published(tmp_path: Path):
    site = fixture(tmp_path / "site")
    good = tree(site.build().ok().site)
    count = placed(site.build().ok().output)
    records = sorted((site.root / ".cache/guong/trang-dat").glob("*/record.json"))
    assert len(records) >= count
    for record in records[: len(records) // 2]:  # what an attacker or a full disk could leave
        data = json.loads(record.read_text(encoding="utf-8"))
        data["story"] = "<script>giả mạo</script>"
        record.write_text(json.dumps(data), encoding="utf-8")
    for entry in records[len(records) // 2 :: 2]:  # the stored output of a placed page
        (entry.parent / "page.html").write_text("<p>giả mạo</p>", encoding="utf-8")
    again = site.build().ok()
    assert placed(again.output) < count
    assert "giả mạo" not in again.text_of_all_outputs()
    assert tree(again.site) == good
    assert placed(site.build().ok().output) == count  # the records were made again


@pytest.mark.parametrize(
    "hook",
    [
        "def on_page_markdown(markdown, page, config, files):\n    return markdown\n",
        # no page event, but it lists the documentation pages after MkDocs read them
        "def on_post_build(config):\n    pass\n",
    ],
)
def test_another_plugin_or_hook_turns_placing_off(tmp_path: Path, hook: str):
    """A hook sees every page MkDocs reads, or lists the pages; placing would hide some."""
    site = fixture(tmp_path / "site")
    (site.root / "hook.py").write_text(hook, encoding="utf-8")
    site.extra_config["hooks"] = [str(site.root / "hook.py")]
    site.build().ok()
    again = site.build().ok()
    assert "trang đặt thẳng" not in again.output
    assert re.search(r"trang: dựng 0, dùng lại \d+", again.output)  # the page cache still works


def test_a_serve_rebuild_places_what_the_saved_profile_does_not_touch(tmp_path: Path):
    site = fixture(tmp_path / "site")
    config = site.write_config()
    out = tmp_path / "served"
    serve_build(config, out)
    count = placed(serve_build(config, out))
    assert count > 10
    path = site.docs / "guong/2024/le-van-cuong.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung.", "Đã lưu lại."), encoding="utf-8")
    log = serve_build(config, out)
    assert placed(log) == count - 1
    assert "Đã lưu lại." in (out / "guong/le-van-cuong/index.html").read_text(encoding="utf-8")


def test_a_template_edited_between_serve_rebuilds_is_compiled_again(tmp_path: Path, monkeypatch):
    """The plugin keeps compiled templates across rebuilds (adapter/template_memo.py); Jinja
    reuses them only while their source is unchanged."""
    from guong.adapter.template_memo import TemplateMemo

    reused: list[str] = []
    load = TemplateMemo.load_bytecode

    def counting(self, bucket):
        load(self, bucket)
        if bucket.code is not None:
            reused.append(bucket.key)

    monkeypatch.setattr(TemplateMemo, "load_bytecode", counting)
    site = fixture(tmp_path / "site")
    site.extra_config["theme"] = {**site.config()["theme"], "custom_dir": "overrides"}
    override = site.root / "overrides/main.html"
    override.parent.mkdir()
    marker = (
        '{% extends "base.html" %}{% block extrahead %}{{ super() }}'
        '<meta name="dau-hieu" content="X">{% endblock %}'
    )
    override.write_text(marker.replace("X", "1"), encoding="utf-8")
    config, out = site.write_config(), tmp_path / "served"
    serve_build(config, out)
    override.write_text(marker.replace("X", "2"), encoding="utf-8")
    serve_build(config, out)
    assert reused  # Material's templates came from the memo the second time
    assert 'name="dau-hieu" content="2"' in (out / "gioi-thieu/index.html").read_text(encoding="utf-8")
