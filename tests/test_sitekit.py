"""The in-process build helper against the real `mkdocs build`: same site, same messages."""

from __future__ import annotations

from pathlib import Path

import sitekit
from feedsite import jpeg
from sitekit import Site, tree


def fixture(root: Path) -> Site:
    site = Site(root)
    site.add_campaign("nong-thon-moi")
    site.write("guong/2024/anh/an.jpg", jpeg())
    site.add_profile("nguyen-van-an", image="anh/an.jpg", image_alt="Chân dung")
    site.add_profile("tran-thi-binh", date="2024-06-01", field="y-te")
    return site


def test_in_process_and_subprocess_builds_give_identical_sites(tmp_path: Path):
    first = fixture(tmp_path / "a")
    first.build().ok()  # then again, with the templates compiled by the first build
    a = first.build().ok()
    # a new site without a cache of its own: its cards come from the test process's memo
    c = fixture(tmp_path / "c").build().ok()
    b = fixture(tmp_path / "b").build(subprocess=True).ok()
    ta, tb, tc = tree(a.site), tree(b.site), tree(c.site)
    assert len(ta) > 50 and "rss.xml" in ta and "guong/nguyen-van-an/index.html" in ta
    cards = {name: data for name, data in tc.items() if name.startswith("assets/guong/the/")}
    assert cards and set(cards.values()) <= set(sitekit._MEMO.cards.values())  # drawn once, kept
    for here in (ta, tc):
        assert sorted(here) == sorted(tb)
        assert [name for name in here if here[name] != tb[name]] == []


def test_both_paths_print_the_same_messages_and_exit_codes(tmp_path: Path):
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.add_profile("a", feild="y-te")
    for strict in (True, False):
        here, there = site.build(strict=strict), site.build(strict=strict, subprocess=True)
        assert here.returncode == there.returncode == (1 if strict else 0)
        lines = [line for line in here.output.splitlines() if not line.startswith("INFO")]
        assert lines == [line for line in there.output.splitlines() if not line.startswith("INFO")]
        assert "WARNING -  guong: guong/2024/a.md: khóa 'feild'" in here.output
    assert "Aborted with a BuildError!" in site.build().output


def test_an_uncaught_exception_is_exit_one_with_its_traceback(tmp_path: Path):
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.add_profile("a")
    (tmp_path / "boom.py").write_text("def on_pre_build(config):\n    raise RuntimeError('nổ')\n")
    site.extra_config["hooks"] = ["boom.py"]
    here, there = site.build(), site.build(subprocess=True)
    for result in (here, there):
        assert result.returncode == 1
        assert "Traceback (most recent call last)" in result.output and "RuntimeError: nổ" in result.output


def test_logging_is_left_as_it_was(tmp_path: Path):
    import logging

    logger = logging.getLogger("mkdocs")
    before = (list(logger.handlers), logger.level, logger.propagate, list(logging.getLogger().handlers))
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.build(strict=False).ok()
    site.extra_config["site_url"] = None
    assert site.build().returncode == 1
    after = (list(logger.handlers), logger.level, logger.propagate, list(logging.getLogger().handlers))
    assert after == before


def test_each_in_process_build_gets_fresh_plugins_and_leaves_nothing_alive(tmp_path: Path):
    """Like a `mkdocs build` process: no plugin object is reused by the next build (MkDocs'
    serve cache is cleared) and the image cache's build registration is gone afterwards."""
    import gc

    from guong.plugin import GuongPlugin

    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.add_profile("a")
    site.build().ok()
    site.build().ok()
    assert not list((tmp_path / ".cache/guong/.builds").iterdir())
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, GuongPlugin)]
