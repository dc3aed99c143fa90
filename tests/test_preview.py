"""`mkdocs serve` with a content error shows a Vietnamese error page (adapter/preview.py)
instead of a browser that waits forever; `mkdocs build` still fails; yearbook QR codes and
feeds keep mkdocs.yml's site_url under serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from lxml import html as lxml_html

from sitekit import Site, new_site, serve_build

HOSTILE = "<img src=x onerror=alert(1)>"


def broken_site(tmp_path: Path) -> Site:
    site = new_site(tmp_path)
    site.add_profile("tot", title="Nguyễn Văn An – nông dân giỏi")
    site.add_profile("hong", title="Trần Thị Bình", field=HOSTILE)
    (site.root / "mkdocs.yml").write_text(
        yaml.safe_dump(site.config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return site


def test_serve_build_writes_an_escaped_error_page(tmp_path):
    site = broken_site(tmp_path)
    out = tmp_path / "served"
    serve_build(site.root / "mkdocs.yml", out)
    for name in ("index.html", "404.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert HOSTILE not in text  # the hostile value is text, never markup
        doc = lxml_html.fromstring(text)
        assert doc.xpath("//img") == [] and doc.xpath("//script") == []
        assert "lỗi" in doc.findtext(".//h1")
        items = doc.xpath("//ol[@class='guong-problems']/li")
        assert items, text
        listed = " ".join(li.text_content() for li in items)
        assert "guong/2024/hong.md" in listed and "field" in listed
        assert HOSTILE in listed  # shown, as text
    # nothing of the real site: no profile pages, no theme assets
    assert not (out / "guong").exists()


def test_build_still_fails_and_keeps_the_previous_site(tmp_path):
    site = new_site(tmp_path)
    site.add_profile("tot")
    site.build().ok()
    before = sorted(p.relative_to(site.root / "site") for p in (site.root / "site").rglob("*"))
    site.add_profile("hong", field=HOSTILE)
    result = site.build()
    assert result.returncode != 0
    assert "hong.md" in result.output
    after = sorted(p.relative_to(site.root / "site") for p in (site.root / "site").rglob("*"))
    assert after == before
    assert "chưa xem trước được" not in (site.root / "site" / "index.html").read_text(encoding="utf-8")


def test_serve_keeps_configured_site_url_for_feeds(tmp_path):
    site = new_site(tmp_path)
    site.add_profile("tot")
    (site.root / "mkdocs.yml").write_text(
        yaml.safe_dump(site.config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    out = tmp_path / "served"
    serve_build(site.root / "mkdocs.yml", out)
    feeds = [p for p in out.rglob("*.xml") if p.name != "sitemap.xml"]
    assert feeds
    for path in feeds:
        text = path.read_text(encoding="utf-8")
        assert "127.0.0.1" not in text, path
    assert "https://guong.example.gov.vn/" in (out / "rss.xml").read_text(encoding="utf-8")


def test_serve_yearbook_qr_codes_use_site_url(tmp_path, monkeypatch):
    from guong.outputs import yearbook

    encoded: list[str] = []
    real = yearbook.write_qr
    monkeypatch.setattr(yearbook, "write_qr", lambda url, target: (encoded.append(url), real(url, target)))
    site = new_site(tmp_path)
    site.add_profile("tot")
    site.plugin_config["yearbook"] = {"pdf": False}
    (site.root / "mkdocs.yml").write_text(
        yaml.safe_dump(site.config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    out = tmp_path / "served"
    serve_build(site.root / "mkdocs.yml", out)
    text = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in (out / "ky-yeu").rglob("*.html")
    )
    assert "https://guong.example.gov.vn/guong/" in text
    assert "http://127.0.0.1:8000/guong/" not in text  # (Material's canonical link is serve's own)
    assert encoded and all(u.startswith("https://guong.example.gov.vn/guong/") for u in encoded), encoded


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def wait_for(url: str, predicate, seconds: float) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    last: tuple[int, str] = (0, "")
    while time.monotonic() < deadline:
        try:
            last = get(url)
            if predicate(*last):
                return last
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return last


def test_real_serve_shows_error_page_then_the_site(tmp_path):
    site = broken_site(tmp_path)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "-f",
            str(site.root / "mkdocs.yml"),
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=site.root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        status, body = wait_for(base, lambda s, b: s == 200, 60)
        assert status == 200, body
        assert "chưa xem trước được" in body and "hong.md" in body
        assert "livereload" in body  # MkDocs' script, which reloads the page after a good build
        status, body = get(base + "guong/khong-co/")
        assert "hong.md" in body  # every address shows the problems
        site.add_profile("hong", title="Trần Thị Bình")  # fixed
        status, body = wait_for(base, lambda s, b: s == 200 and "chưa xem trước được" not in b, 30)
        assert status == 200 and "chưa xem trước được" not in body, body
        assert "Gương điển hình mới" in body
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
