import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sitekit import ROOT, Site, new_site  # noqa: E402

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
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """Tests of the sample site are slow (its build is); with `pytest -n 2` (loadgroup) they
    share one worker, so the session fixture is built once, and so do the tests of a module
    with a module-scoped fixture (one build of a module's fixture site, one Chromium)."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "sample_site" in names:
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group("sample_site"))
            continue
        defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        if any(fd and fd[-1].scope in ("module", "session") for fd in defs.values()):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
