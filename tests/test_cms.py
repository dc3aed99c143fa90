"""/admin/ (Decap CMS, vendored) and the internal /bao-cao/ page, from real builds."""

from __future__ import annotations

import json
import os
import re

import pytest
import yaml

from guong.content.catalog import PROFILE_OPTIONAL, PROFILE_REQUIRED
from guong.content.taxonomy import Taxonomies
from guong.outputs import cms
from sitekit import Site

needs_decap = pytest.mark.skipif(
    not cms.vendored_files() and not os.environ.get("CI"),
    reason="Decap CMS not vendored (run scripts/vendor-decap.sh); required in CI",
)


@needs_decap
def test_admin_config_mirrors_contract_and_taxonomies(site: Site):
    site.plugin_config["fields"] = {"bien-dao": "Biển, đảo"}
    site.plugin_config["occasions"] = {"giai-phong-tinh": {"date": "24/3", "label": "Ngày giải phóng tỉnh"}}
    site.add_campaign("dan-van-kheo", title="Dân vận khéo")
    site.add_profile("nguyen-van-an")
    result = site.build().ok()
    config = yaml.safe_load((result.site / "admin/config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "vi"
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
    assert profiles["folder"] == "content/guong" and profiles["path"] == "{{year}}/{{slug}}"
    assert profiles["media_folder"] == "anh"
    assert {"title", "period", "lead", "summary", "fields", "body"} == {
        f["name"] for f in campaigns["fields"]
    }
    assert {o["value"] for o in campaigns["fields"][4]["options"]} == set(tax.fields.terms)


@needs_decap
def test_admin_makes_no_third_party_request_and_stays_out_of_sitemap_and_search(site: Site):
    site.add_profile("nguyen-van-an")
    result = site.build().ok()
    page = result.page("admin/")
    scripts = page.xpath("//script/@src")
    assert scripts == ["decap-cms.js"] and (result.site / "admin/decap-cms.js").stat().st_size > 10**6
    assert not page.xpath("//*[starts-with(@href,'http') or starts-with(@src,'http')]")
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    # the theme's icon, so the browser does not ask for a missing /favicon.ico
    [icon] = page.xpath("//link[@rel='icon']/@href")
    assert (result.site / "admin" / icon).resolve().is_file()
    config = yaml.safe_load((result.site / "admin/config.yml").read_text(encoding="utf-8"))
    status = config["backend"]["status_endpoint"]
    assert status == "/admin/status.json"
    assert json.loads((result.site / "admin/status.json").read_text())["components"]
    assert "admin" not in (result.site / "sitemap.xml").read_text()
    assert "admin" not in (result.site / "search/search_index.json").read_text()


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
