"""Report functions on a catalog loaded by the real core (no MkDocs): matrix, quotas, reminder."""

from __future__ import annotations

from datetime import date, datetime

from guong.content.catalog import Settings, load_catalog
from guong.content.model import VN_TZ
from guong.content.taxonomy import Taxonomies
from guong.outputs import reports
from sitekit import Site


def catalog_of(site: Site, today: str = "2024-08-15"):
    now = datetime.fromisoformat(today).replace(tzinfo=VN_TZ)
    catalog, _ = load_catalog(site.docs, Settings(Taxonomies.build(), now))
    return catalog, now


def test_coverage_matrix_by_hand(site: Site):
    site.add_profile("a", date="2024-01-05")
    site.add_profile("b", date="2024-02-05")
    site.add_profile("c", date="2024-05-05", field="y-te")
    site.add_profile("d", date="2024-12-01", quarter="2024-Q3", field="y-te")  # scheduled: counts
    site.add_profile("e", date="2024-04-01", field="y-te", draft=True)  # draft: does not
    catalog, now = catalog_of(site)
    cov = reports.coverage(reports.year_profiles(catalog, 2024), catalog.taxonomies, 2024, now)
    matrix = {row.field: row.counts for row in cov.rows if any(row.counts)}
    assert matrix == {"nong-nghiep": (2, 0, 0, 0), "y-te": (0, 1, 1, 0)}
    # today is in Q3: Q4 is not a gap yet
    assert ("nong-nghiep", 2) in cov.gaps and ("nong-nghiep", 4) not in cov.gaps
    assert ("y-te", 1) in cov.gaps and ("y-te", 3) not in cov.gaps
    assert cov.totals == (2, 1, 1, 0)
    rows = {r.field: r for r in cov.rows}
    assert [cov.cell(rows["y-te"], q) for q in (1, 2, 3, 4)] == ["THIẾU", "1", "1", "·"]


def test_unit_quotas_under_over_and_unconfigured(site: Site):
    for n in range(4):
        site.add_profile(f"p{n}", unit="Doanh nghiệp A")
    site.add_profile("q", unit="Đơn vị lạ")
    catalog, _ = catalog_of(site, "2025-01-01")
    rows = reports.unit_quotas(
        reports.year_profiles(catalog, 2024),
        {"doanh nghiep a": "doanh-nghiep", "Sở Y tế": "so-nganh"},
        {"doanh-nghiep": [1, 2], "so-nganh": [3, 5]},
    )
    assert [(r.unit, r.count, r.status) for r in rows] == [
        ("doanh nghiep a", 4, "vượt"),
        ("Sở Y tế", 0, "thiếu"),
        ("Đơn vị lạ", 1, "chưa phân loại"),
    ]


def test_deadline_reminder_window():
    args = {"units": {}, "quotas": {}, "field_count": 14}
    assert reports.deadline_reminder(date(2025, 1, 14), 3, **args) is None  # too early
    assert "còn 31 ngày" in reports.deadline_reminder(date(2025, 1, 15), 3, **args)
    assert "còn 0 ngày" in reports.deadline_reminder(date(2025, 2, 15), 3, **args)
    assert reports.deadline_reminder(date(2025, 2, 16), 3, **args) is None  # past
    assert reports.deadline_reminder(date(2025, 2, 1), 14, **args) is None  # list is long enough
    quota = reports.deadline_reminder(
        date(2025, 2, 1), 4, units={"A": "x", "B": "x"}, quotas={"x": [3, 5]}, field_count=14
    )
    assert quota and "cần ít nhất 6" in quota
