import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sitekit import Site, new_site  # noqa: E402


@pytest.fixture
def site(tmp_path) -> Site:
    """An empty fixture site with one campaign (slug `nong-thon-moi`)."""
    return new_site(tmp_path)
