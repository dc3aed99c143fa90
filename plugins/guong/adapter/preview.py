"""`mkdocs serve` with a content error: an error page instead of a stuck browser.

MkDocs' live-reload server holds every page request until a build succeeds, so a build that
raises leaves the reader's browser spinning. Under `serve` (and only there) the plugin
catches the content error and lets the build finish with no pages of its own; the last
step writes `index.html` and `404.html` (the dev server answers every unknown address with
it) listing each problem. The next successful build replaces them and MkDocs' live-reload
script reloads the page by itself. `mkdocs build` still fails: an error page is never
published, and `serve` always builds into a temporary folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from ..content.problems import Problem
from .files import PACKAGE_DIR

TEMPLATE = "guong/error.html"


class ProblemsError(PluginError):
    """A PluginError that still carries the problems it reports (for the error page)."""

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Broken:
    """One failed serve build: the problems to show."""

    problems: tuple[Problem, ...]

    @classmethod
    def from_error(cls, exc: PluginError) -> Broken:
        if isinstance(exc, ProblemsError) and exc.problems:
            return cls(tuple(exc.problems))
        return cls((Problem("mkdocs.yml", "", str(exc)),))

    def files(self) -> Files:
        """No pages, assets or theme files: the site is the error page alone."""
        return Files([])

    def render(self, site_name: str) -> str:
        env = Environment(
            loader=FileSystemLoader(str(PACKAGE_DIR / "templates")),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )
        errors = [p for p in self.problems if p.is_error] or list(self.problems)
        return env.get_template(TEMPLATE).render(site_name=site_name, problems=errors)

    def write(self, site_dir: str | Path, site_name: str) -> None:
        text = self.render(site_name)
        site = Path(site_dir)
        site.mkdir(parents=True, exist_ok=True)
        for name in ("index.html", "404.html"):
            (site / name).write_text(text, encoding="utf-8")


def configured_site_url(config_file_path: str | None, fallback: str) -> str:
    """The `site_url` of mkdocs.yml. `mkdocs serve` replaces config.site_url with its own
    address (http://127.0.0.1:8000/) before any plugin event; QR codes, feeds and share
    links must keep the public one."""
    if not config_file_path:
        return fallback
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file_path, encoding="utf-8") as f:
            value = yaml_load(f).get("site_url")
    except Exception:
        return fallback
    return value if isinstance(value, str) and value else fallback
