"""/admin/ (Decap CMS, vendored) and the internal /bao-cao/ page, from real builds."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from guong.adapter.files import EDIT_API_ENV
from guong.content.catalog import PROFILE_OPTIONAL, PROFILE_REQUIRED
from guong.content.taxonomy import Taxonomies
from guong.outputs import cms
from sitekit import Site, new_site

needs_decap = pytest.mark.skipif(
    not cms.vendored_files() and not os.environ.get("CI"),
    reason="Decap CMS not vendored (run scripts/vendor-decap.sh); required in CI",
)


GITEA = {
    "name": "gitea",
    "repo": "phong-tdkt/guong",
    "base_url": "https://git.example.gov.vn",
    "api_root": "https://git.example.gov.vn/api/v1",
}


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    """One build with a git server configured, extra taxonomy values and campaign, and the
    environment of a running `guong edit` (which a published build must ignore)."""
    site = new_site(tmp_path_factory.mktemp("cms"))
    site.plugin_config["admin"] = {"backend": GITEA}
    site.plugin_config["fields"] = {"bien-dao": "Biển, đảo"}
    site.plugin_config["occasions"] = {"giai-phong-tinh": {"date": "24/3", "label": "Ngày giải phóng tỉnh"}}
    site.add_campaign("dan-van-kheo", title="Dân vận khéo")
    site.add_profile("nguyen-van-an")
    os.environ[EDIT_API_ENV] = "http://127.0.0.1:4321/api/v1"
    try:
        result = site.build().ok()
    finally:
        del os.environ[EDIT_API_ENV]
    config = yaml.safe_load((result.site / "admin/config.yml").read_text(encoding="utf-8"))
    return site, result, config


def _all_fields(fields):
    for f in fields:
        yield f
        yield from _all_fields(f.get("fields", ()))


@needs_decap
def test_admin_config_mirrors_contract_and_taxonomies(configured):
    site, _, config = configured
    assert config["locale"] == "vi"
    assert config["backend"]["name"] == "gitea" and config["backend"]["repo"] == "phong-tdkt/guong"
    assert "local_backend" not in config  # `guong edit` runs its own API; no decap-server probe
    assert config["slug"]["encoding"] == "ascii" and config["slug"]["clean_accents"] is True
    profiles, campaigns = config["collections"]
    names = [f["name"] for f in profiles["fields"]]
    assert set(PROFILE_REQUIRED + PROFILE_OPTIONAL) <= set(names)
    fields = {f["name"]: f for f in profiles["fields"]}
    for key in PROFILE_REQUIRED:
        assert fields[key]["required"] is True, key
    tax = Taxonomies.build(site.plugin_config["fields"], None, None, site.plugin_config["occasions"])
    for name, taxonomy in (
        ("field", tax.fields),
        ("level", tax.levels),
        ("kind", tax.kinds),
        ("occasion", tax.occasions),
    ):
        options = {o["value"]: o["label"] for o in fields[name]["options"]}
        assert options == {t.key: t.label for t in taxonomy}, name
        assert fields[name]["widget"] == "select"
    assert "bien-dao" in {o["value"] for o in fields["field"]["options"]}
    assert {o["value"] for o in fields["campaign"]["options"]} == {"nong-thon-moi", "dan-van-kheo"}
    assert fields["draft"]["default"] is True
    assert fields["draft"]["required"] is False  # most files have no `draft:` and must still save
    # Text or {title, year, by}, mixed: our widget (Decap's list takes one shape).
    assert fields["awards"]["widget"] == "danh-hieu"
    assert 'CMS.registerWidget("danh-hieu"' in cms.OWN_SCRIPT.read_text(encoding="utf-8")
    assert profiles["folder"] == "content/guong" and profiles["path"] == "{{year}}/{{slug}}"
    assert profiles["media_folder"] == "anh"
    assert {"title", "period", "lead", "summary", "fields", "body"} == {
        f["name"] for f in campaigns["fields"]
    }
    assert {o["value"] for o in campaigns["fields"][4]["options"]} == set(tax.fields.terms)


@needs_decap
def test_labels_and_dates_read_the_same_everywhere(configured):
    _, _, config = configured
    every = [f for c in config["collections"] for f in _all_fields(c["fields"])]
    # Decap appends "(không bắt buộc)" to optional labels: a label with its own parentheses
    # reads "MÔ TẢ ẢNH (BẮT BUỘC KHI CÓ ẢNH) (KHÔNG BẮT BUỘC)".
    assert [f["label"] for f in every if "(" in f["label"] or "bắt buộc" in f["label"].lower()] == []
    dates = [f for f in every if f["name"] in ("date", "updated")]
    assert len(dates) == 4  # date, updated, withdrawn.date, corrections[].date
    assert {f["widget"] for f in dates} == {"ngay"}  # dd/mm/yyyy, stored YYYY-MM-DD (guong-cms.js)
    assert all("19/05/2025" in f["hint"] for f in dates)
    assert not [f for f in every if f["widget"] == "datetime"]  # the browser's own date format
    profiles = config["collections"][0]
    assert "date" not in profiles["summary"] and "date" not in profiles["sortable_fields"]
    assert profiles["view_groups"] == [{"label": "Năm", "field": "date", "pattern": r"\d{4}"}]


def _font_cmap() -> set[int]:
    """Code points of the fonts Chromium falls back to here (fontconfig's sans-serif list)."""
    from fontTools.ttLib import TTFont

    listing = subprocess.run(
        ["fc-match", "-s", "-f", "%{file}\n", "sans-serif"], capture_output=True, text=True, check=True
    ).stdout.split()
    covered: set[int] = set()
    for path in listing[:8]:
        if path.endswith((".ttf", ".otf")):
            with TTFont(path, fontNumber=0) as font:
                covered |= set(font.getBestCmap())
    return covered


@needs_decap
@pytest.mark.skipif(shutil.which("fc-match") is None and not os.environ.get("CI"), reason="no fontconfig")
def test_every_editor_string_has_a_glyph(configured):
    _, _, config = configured
    texts = [
        str(f.get(key, ""))
        for c in config["collections"]
        for f in _all_fields(c["fields"])
        for key in ("label", "hint")
    ]
    texts += [
        o["label"]
        for c in config["collections"]
        for f in _all_fields(c["fields"])
        for o in f.get("options", ())
    ]
    texts += [c["label"] for c in config["collections"]]
    script = cms.OWN_SCRIPT.read_text(encoding="utf-8")
    strings = re.findall(r'"((?:[^"\\\n]|\\.)*)"', re.sub(r"//[^\n]*|/\*.*?\*/", "", script, flags=re.S))
    assert "Thêm %{collectionLabel}" in strings
    cmap = _font_cmap()
    assert ord("ạ") in cmap and 0xFF0B not in cmap  # Decap's own "＋" would fail this test
    missing = {
        (c, f"U+{ord(c):04X}") for t in texts + strings for c in t if not c.isspace() and ord(c) not in cmap
    }
    assert missing == set()


@needs_decap
def test_admin_makes_no_third_party_request_and_stays_out_of_sitemap_and_search(configured):
    _, result, config = configured
    page = result.page("admin/")
    scripts = page.xpath("//script/@src")
    assert scripts == ["decap-cms.js", "guong-cms.js"]
    assert (result.site / "admin/decap-cms.js").stat().st_size > 10**6
    assert (result.site / "admin/guong-cms.js").read_text(encoding="utf-8") == cms.OWN_SCRIPT.read_text(
        encoding="utf-8"
    )
    assert not page.xpath("//*[starts-with(@href,'http') or starts-with(@src,'http')]")
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    # the theme's icon, so the browser does not ask for a missing /favicon.ico
    [icon] = page.xpath("//link[@rel='icon']/@href")
    assert (result.site / "admin" / icon).resolve().is_file()
    html = (result.site / "admin/index.html").read_text(encoding="utf-8")
    assert "GUONG_LOCAL" not in html and "127.0.0.1" not in html  # GUONG_EDIT_API ignored
    status = config["backend"]["status_endpoint"]
    assert status == "/admin/status.json"
    assert json.loads((result.site / "admin/status.json").read_text())["components"]
    assert "admin" not in (result.site / "sitemap.xml").read_text()
    assert "admin" not in (result.site / "search/search_index.json").read_text()


def test_without_a_git_server_admin_says_so_in_vietnamese(site: Site):
    site.add_profile("nguyen-van-an")
    result = site.build().ok()
    page = result.page("admin/")
    assert page.xpath("//script") == []  # no Decap, so no login no one can use
    assert (
        not (result.site / "admin/config.yml").exists() and not (result.site / "admin/decap-cms.js").exists()
    )
    text = " ".join(page.xpath("//main")[0].text_content().split())
    assert "Chưa cấu hình máy chủ git" in page.xpath("//h1")[0].text_content()
    for expected in ("admin.backend", "mkdocs.yml", "Gitea", "Forgejo", "GitLab", "GitHub", "make edit"):
        assert expected in text, expected
    assert "name: gitea" in page.xpath("//pre")[0].text_content()
    assert page.xpath("//html/@lang") == ["vi"]
    assert not page.xpath("//*[starts-with(@href,'http') or starts-with(@src,'http')]")


@pytest.mark.parametrize(
    ("backend", "expected"),
    [({"name": "git-gatway"}, "admin.backend.name"), ({"name": "gitea"}, "repo: chủ-sở-hữu/tên-kho")],
)
def test_a_bad_git_server_is_a_vietnamese_build_error(site: Site, backend, expected):
    site.plugin_config["admin"] = {"backend": backend}
    site.add_profile("nguyen-van-an")
    result = site.build()
    assert result.returncode != 0 and expected in result.output
    assert "Traceback" not in result.output


def test_admin_can_be_turned_off(site: Site):
    site.plugin_config["admin"] = {"enabled": False}
    site.add_profile("nguyen-van-an")
    result = site.build().ok()
    assert not (result.site / "admin").exists()


def test_coverage_page_off_by_default_and_on_when_asked(site: Site):
    site.add_profile("nguyen-van-an", date="2025-02-01", unit="Sở Y tế", field="y-te")
    result = site.build().ok()
    assert not (result.site / "bao-cao").exists()

    site.plugin_config["reports"] = {"page": True, "units": {"Sở Y tế": "so-nganh"}}
    result = site.build().ok()
    page = result.page("bao-cao/")
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    table = page.xpath("//h2[@id='nam-2025']/following-sibling::table[1]")[0]
    row = table.xpath(".//tr[th='Y tế']")[0]
    assert [td.text_content() for td in row.xpath("td")] == ["1", "THIẾU", "THIẾU", "THIẾU", "1"]
    assert len(table.xpath(".//td[@class='guong-gap']")) == 13 * 4 + 3
    units = page.xpath("//table[@class='guong-units']//tr[td]")
    assert [td.text_content() for td in units[0].xpath("td")] == ["Sở Y tế", "so-nganh", "1", "3–5", "thiếu"]
    index = (result.site / "search/search_index.json").read_text(encoding="utf-8")
    assert "bao-cao" not in index and not re.search("Báo cáo độ phủ", index)


def test_bad_quota_is_a_vietnamese_build_error(site: Site):
    site.plugin_config["reports"] = {"quotas": {"so-nganh": [5, 3]}}
    site.add_profile("nguyen-van-an")
    result = site.build()
    assert result.returncode != 0 and "reports.quotas.so-nganh" in result.output
    assert "Traceback" not in result.output


@needs_decap
def test_under_guong_edit_admin_edits_local_files_even_when_the_content_is_broken(tmp_path, monkeypatch):
    from sitekit import serve_build
    from test_preview import broken_site

    site = broken_site(tmp_path)
    site.plugin_config["admin"] = {"backend": GITEA}
    site.write_config()
    monkeypatch.setenv(EDIT_API_ENV, "http://127.0.0.1:4321/api/v1")
    out = tmp_path / "served"
    serve_build(site.root / "mkdocs.yml", out)
    assert "lỗi" in (out / "index.html").read_text(encoding="utf-8")  # the preview's error page
    config = yaml.safe_load((out / "admin/config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "proxy",
        "proxy_url": "http://127.0.0.1:4321/api/v1",
        "branch": "main",
    }
    campaign = next(f for f in config["collections"][0]["fields"] if f["name"] == "campaign")
    assert [o["value"] for o in campaign["options"]] == ["nong-thon-moi"]
    page = (out / "admin/index.html").read_text(encoding="utf-8")
    assert "window.GUONG_LOCAL = true" in page
    # MkDocs' live-reload script goes before the last "</body>": inside the closing comment.
    assert page.rstrip().endswith("</body> -->")
    assert (out / "admin/decap-cms.js").is_file() and not (out / "admin/status.json").exists()
