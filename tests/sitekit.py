"""Build real fixture sites in tmp_path: write content from Python, run `mkdocs build --strict`.

Tests read the output with real parsers (lxml, feedparser, Pillow); nothing is mocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2025-12-31"

CAMPAIGN = {
    "title": "Chung sức xây dựng nông thôn mới",
    "period": "2021-2025",
    "lead": "Ủy ban MTTQ Việt Nam tỉnh",
    "summary": "Phong trào thi đua xây dựng nông thôn mới.",
}


def profile(**overrides) -> dict:
    """A valid profile's frontmatter; override or delete (value None) any key."""
    meta = {
        "title": "Nguyễn Văn An – nông dân giỏi",
        "date": "2024-05-19",
        "field": "nong-nghiep",
        "level": "tinh",
        "kind": "ca-nhan",
        "campaign": "nong-thon-moi",
        "unit": "Hội Nông dân xã Ea Tiêu",
        "locality": "Đắk Lắk",
        "tags": ["hồ sơ mẫu"],
    }
    meta.update(overrides)
    return {k: v for k, v in meta.items() if v is not None}


def frontmatter_text(meta: dict, body: str = "Đoạn mở đầu của câu chuyện.\n\n## Đổi mới ở Đắk Lắk\n\nNội dung.\n") -> str:
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n\n{body}"


@dataclass
class Result:
    returncode: int
    output: str
    site: Path

    def ok(self) -> "Result":
        assert self.returncode == 0, self.output
        return self

    def page(self, url: str):
        """Parse the page at a site URL like 'guong/x/' with lxml."""
        path = self.site / url / "index.html" if (url.endswith("/") or url == "") else self.site / url
        return lxml_html.fromstring(path.read_bytes())

    def text_of_all_outputs(self) -> str:
        """Every output file decoded leniently, to grep for things that must never appear."""
        chunks = []
        for path in sorted(self.site.rglob("*")):
            if path.is_file():
                chunks.append(path.read_bytes().decode("utf-8", "replace"))
        return "\n".join(chunks)


@dataclass
class Site:
    """A fixture site in a temporary folder."""

    root: Path
    # PDF yearbooks are rendered only where a test asks (tests/test_yearbook.py sets its own
    # `yearbook` block): WeasyPrint is slow and other tests don't read the PDF.
    plugin_config: dict = field(default_factory=lambda: {"build_date": BUILD_DATE,
                                                         "yearbook": {"pdf": False}})
    extra_config: dict = field(default_factory=dict)

    @property
    def docs(self) -> Path:
        return self.root / "content"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def add_profile(self, slug: str, body: str | None = None, folder: str = "2024", **meta) -> Path:
        text = frontmatter_text(profile(**meta), body) if body is not None else frontmatter_text(profile(**meta))
        return self.write(f"guong/{folder}/{slug}.md" if folder else f"guong/{slug}.md", text)

    def add_campaign(self, slug: str, body: str = "## Tiêu chí\n\n- Tiêu chí một.\n", **meta) -> Path:
        data = dict(CAMPAIGN)
        data.update(meta)
        return self.write(f"phong-trao/{slug}.md", frontmatter_text(data, body))

    def config(self) -> dict:
        cfg = {
            "site_name": "Gương điển hình thử nghiệm",
            "site_url": "https://guong.example.gov.vn/",
            "docs_dir": "content",
            "site_dir": "site",
            "theme": {"name": "material", "language": "vi", "font": False,
                      "palette": {"primary": "custom", "accent": "custom"}},
            "plugins": ["search", {"guong": self.plugin_config}],
            "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list"],
        }
        cfg.update(self.extra_config)
        return cfg

    def build(self, strict: bool = True) -> Result:
        (self.root / "mkdocs.yml").write_text(
            yaml.safe_dump(self.config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        args = [sys.executable, "-m", "mkdocs", "build", "-f", str(self.root / "mkdocs.yml")]
        if strict:
            args.append("--strict")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
        proc = subprocess.run(args, capture_output=True, text=True, cwd=self.root, env=env)
        return Result(proc.returncode, proc.stdout + proc.stderr, self.root / "site")


def new_site(tmp_path: Path, campaigns: tuple[str, ...] = ("nong-thon-moi",)) -> Site:
    site = Site(tmp_path)
    for slug in campaigns:
        site.add_campaign(slug)
    return site


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip()
