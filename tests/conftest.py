import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sitekit import ROOT, Site, new_site

# In-process builds (Site.build) import Material in this process: no "MkDocs 2.0" banner.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def site(tmp_path) -> Site:
    """An empty fixture site with one campaign (slug `nong-thon-moi`)."""
    return new_site(tmp_path)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The bundled sample content, built strictly as the README's first command does: a real
    `mkdocs build --strict` subprocess, on purpose (the end-to-end check of the CLI path)."""
    out = tmp_path_factory.mktemp("sample") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


# Left out of `make test-fast` (marked `slow`), by node id prefix: each is a subprocess
# end-to-end check, renders PDFs, or is long by what it tests. Tests of the sample site and
# of the PDF yearbook fixture are marked below by the fixture they use.
SLOW = (
    "tests/test_cli.py::",  # the staff CLI: a subprocess per command, on purpose
    "tests/test_sitekit.py::test_in_process_and_subprocess_builds",  # subprocess build
    "tests/test_sitekit.py::test_both_paths_print_the_same",  # subprocess builds
    "tests/test_sitekit.py::test_an_uncaught_exception",  # subprocess build
    "tests/test_publishing.py::test_a_killed_build",  # kills a subprocess build
    "tests/test_publishing.py::test_failed_builds_leave",  # five builds
    "tests/test_publishing.py::test_only_allowlisted_files",  # MkDocs walks a symlink to /etc
    "tests/test_publishing.py::test_check_lists_what_is_left_out",  # same site, and the CLI
    "tests/test_cache.py::test_two_builds_at_once",  # four concurrent subprocess builds
    "tests/test_cache.py::test_damaged_entries_are_rebuilt",  # PDF, three builds
    "tests/test_cache.py::test_truncated_cached_pdf",  # PDF
    "tests/test_cache.py::test_a_site_builds_with_an_unusable_cache",  # two builds, twice
    "tests/test_yearbook.py::test_pdf_cache_reuses",  # PDF
    "tests/test_feeds.py::test_same_content_gives_identical_feeds",  # two feed sites
    # several full builds each (rebuilds, caches reused, a site at two hosts):
    "tests/test_feeds.py::test_guid_authority_survives",
    "tests/test_images.py::test_second_build_encodes_nothing",
    "tests/test_bad_input.py::test_last_good_site_survives",
    "tests/test_cache.py::test_published_files_are_copies",
    "tests/test_site_content.py::test_drafts_and_scheduled_profiles_are_absent",
    "tests/test_filters.py::test_filter_data_lists_every_published_profile",
    "tests/test_cms.py::test_coverage_page_off_by_default",
    "tests/test_podcast.py::test_configured_artwork_is_used",
    "tests/test_metadata.py::test_no_image_written_anywhere",  # every image writer, one big site
    # issue 13 and 14 end to end: two sites per test, a real `mkdocs serve`, subprocess CLIs,
    # posters (PDF), hypothesis fuzzing with hundreds of examples:
    "tests/test_fuzz_content.py::",
    "tests/test_aggregate.py::",
    "tests/test_exhibition.py::",
    "tests/test_preview.py::test_real_serve",
    "tests/test_cli_messages.py::",
    "tests/test_cards.py::test_cards_are_small_shared_by_later_pages",
    "tests/test_cards.py::test_cards_drawn_in_processes",
    "tests/test_feeds_style.py::",
    "tests/test_feeds_escaping.py::",
    "tests/test_sitekit.py::test_each_in_process_build",
    "tests/test_sitekit.py::test_logging_is_left",
    "tests/test_lifecycle.py::",
    # placed pages: byte-identity against cold copies, three to five builds each
    "tests/test_placed_pages.py::test_an_edited_story",
    "tests/test_placed_pages.py::test_a_warm_build_places",
    "tests/test_pagefind.py::",
)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """Mark the slow tests. Tests of the sample site share one worker under `pytest -n 2
    --dist loadgroup`, so the session fixture is built once, and so do the tests of a module
    with a module-scoped fixture (one build of a module's fixture site, one Chromium)."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if item.nodeid.startswith(SLOW) or (item.module.__name__ == "test_yearbook" and "built" in names):
            item.add_marker(pytest.mark.slow)
        if "sample_site" in names:
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group("sample_site"))
            continue
        defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        if any(fd and fd[-1].scope in ("module", "session") for fd in defs.values()):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
