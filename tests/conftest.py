import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sitekit import ROOT, Site, new_site  # noqa: E402


@pytest.fixture
def site(tmp_path) -> Site:
    """An empty fixture site with one campaign (slug `nong-thon-moi`)."""
    return new_site(tmp_path)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The bundled sample content, built strictly as the README's first command does."""
    out = tmp_path_factory.mktemp("sample") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out
