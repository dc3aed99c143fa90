"""`make deploy` (scripts/deploy.sh) and deploy/nginx.conf, on the built sample site.

The sample site (plus a real Pagefind index, as a site with `search: {engine: pagefind}` has)
is deployed by the real script into a folder here (rsync does locally what it does over SSH)
and served from `<target>/current` by the real nginx with deploy/nginx.conf
(tests/nginxkit.py): MIME types, gzip, Cache-Control, the 404 page, security headers, then
the pages and /admin/ in Chromium under that CSP. One build: the session's sample site.
"""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import Session, browser_test, chromium, serve  # noqa: F401 (fixture)
from guong.content.taxonomy import Taxonomies
from guong.outputs import cms
from nginxkit import NGINX, nginx
from sitekit import ROOT

SCRIPT = ROOT / "scripts" / "deploy.sh"
IN_CI = bool(os.environ.get("CI"))
needs_rsync = pytest.mark.skipif(
    shutil.which("rsync") is None and not IN_CI, reason="rsync is not installed (CI installs it)"
)
needs_nginx = pytest.mark.skipif(
    NGINX is None and not IN_CI, reason="nginx is not installed (scripts/system-deps.sh installs it)"
)
IMMUTABLE = "public, max-age=31536000, immutable"
# What is named by a hash of its content in a built site (and only that may be cached a year).
HASHED = re.compile(
    r"^(assets/(javascripts|stylesheets)/.+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?"
    r"|.+-[0-9a-f]{8}-[0-9]+\.(webp|jpg)"
    r"|admin/[0-9a-f]{20}\.wasm"
    r"|pagefind/(fragment|index|filter)/.+"
    r"|pagefind/pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta)$"
)


def deploy(site: Path, target: Path | None, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != "DEPLOY_TARGET"}
    if target is not None:
        full["DEPLOY_TARGET"] = str(target)
    full.update(env)
    return subprocess.run(["bash", str(SCRIPT), str(site)], capture_output=True, text=True, env=full)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def with_git_server_admin(site: Path) -> None:
    """/admin/ as a site with a git server configured publishes it (Decap, its config and
    wasm; the sample configures none, so its /admin/ is the "no git server" page)."""
    if not cms.vendored_files():
        if IN_CI:
            raise AssertionError("Decap CMS is not vendored (scripts/vendor-decap.sh)")
        pytest.skip("Decap CMS is not vendored (make vendor)")
    outputs = cms.admin_outputs(
        Taxonomies.build(),
        {"nong-thon-moi": "Chung sức xây dựng nông thôn mới"},
        "Gương điển hình",
        "https://guong.example.gov.vn/",
        "content",
        {"name": "gitea", "repo": "phong-tdkt/guong", "base_url": "https://git.example.gov.vn"},
        None,
        cms_templates(),
        "assets/images/favicon.png",
    )
    for uri, content in outputs.items():
        path = site / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_text(content, encoding="utf-8")


def cms_templates() -> Path:
    return Path(cms.__file__).resolve().parent.parent / "templates"


@pytest.fixture(scope="module")
def target(sample_site, tmp_path_factory) -> Path:
    """The sample site with a Pagefind index, deployed once by scripts/deploy.sh."""
    if not IN_CI:  # in CI a missing tool fails below
        if shutil.which("rsync") is None:
            pytest.skip("rsync is not installed (CI installs it)")
        if importlib.util.find_spec("pagefind") is None:
            pytest.skip("the pagefind extra is not installed (make installs it)")
    site = tmp_path_factory.mktemp("deploy-src") / "site"
    shutil.copytree(sample_site, site)
    with_git_server_admin(site)
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind"]
    subprocess.run(cmd, check=True, capture_output=True)
    out = tmp_path_factory.mktemp("deploy-target") / "guong"
    proc = deploy(site, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="module")
def base(target) -> str:
    with nginx(target / "current") as url:
        yield url


def get(
    base: str, path: str, method: str = "GET", **headers: str
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request without urllib's decoding or redirects: status, headers, raw body."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, "/" + path.lstrip("/"), headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


# ---- make deploy and scripts/deploy.sh ----


def test_make_deploy_refuses_without_target_before_building():
    env = {k: v for k, v in os.environ.items() if k != "DEPLOY_TARGET"}
    proc = subprocess.run(
        ["make", "--no-print-directory", "deploy"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert proc.returncode != 0
    assert "Chưa đặt DEPLOY_TARGET" in proc.stderr and "make deploy DEPLOY_TARGET=" in proc.stderr
    assert "mkdocs" not in proc.stdout + proc.stderr  # refused before the build
    # with a target: the check, the strict build, then the upload of site/, in that order
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "deploy", "DEPLOY_TARGET=/nowhere"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = dry.stdout.splitlines()
    steps = [
        next(i for i, line in enumerate(lines) if "deploy.sh --check" in line),
        next(i for i, line in enumerate(lines) if "mkdocs build --strict" in line),
        next(i for i, line in enumerate(lines) if line.strip() == "bash scripts/deploy.sh site"),
    ]
    assert steps == sorted(steps), dry.stdout


@needs_rsync
def test_script_refuses_without_target_or_built_site(tmp_path):
    proc = deploy(tmp_path, None)
    assert proc.returncode == 2 and "Chưa đặt DEPLOY_TARGET" in proc.stderr
    proc = deploy(tmp_path / "khong-co", tmp_path / "dich")
    assert proc.returncode == 2 and "Không thấy trang đã dựng" in proc.stderr
    assert not (tmp_path / "dich").exists()


@needs_rsync
def test_deploys_are_releases_switched_in_one_step(sample_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    out = tmp_path / "www" / "guong"
    out.parent.mkdir()

    first = deploy(site, out)
    assert first.returncode == 0, first.stderr
    assert "Đã chuyển trang sang bản" in first.stdout
    current = out / "current"
    assert current.is_symlink() and os.readlink(current).startswith("releases/")
    assert files(current) == files(site)
    release1 = current.resolve()

    # a page removed, one file changed: the next release has neither the page nor the old text
    shutil.rmtree(site / "dip")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    second = deploy(site, out)
    assert second.returncode == 0, second.stderr
    release2 = current.resolve()
    assert release2 != release1 and release2.parent == release1.parent
    assert files(current) == files(site) and not (current / "dip").exists()
    assert (release1 / "dip" / "index.html").is_file()  # the previous release is whole: going back works
    # unchanged files are hard links to the previous release (no upload, same ETag in nginx)
    assert (release2 / "index.html").stat().st_ino == (release1 / "index.html").stat().st_ino
    assert (release2 / "robots.txt").stat().st_ino != (release1 / "robots.txt").stat().st_ino
    assert (release2 / "404.html").stat().st_mode & 0o777 == 0o644

    # keep two: the oldest goes, the live one stays
    third = deploy(site, out, DEPLOY_KEEP="2")
    assert third.returncode == 0, third.stderr
    kept = sorted(p.name for p in (out / "releases").iterdir())
    assert len(kept) == 2 and release1.name not in kept and release2.name in kept
    assert current.resolve().name == kept[-1] and files(current) == files(site)
    assert sorted(p.name for p in out.iterdir()) == ["current", "releases"]  # nothing else left there


# ---- deploy/nginx.conf ----


@needs_nginx
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("rss.xml", "application/rss+xml"),
        ("podcast.xml", "application/rss+xml"),
        ("linh-vuc/y-te/rss.xml", "application/rss+xml"),
        ("atom.xml", "application/atom+xml"),
        ("linh-vuc/y-te/atom.xml", "application/atom+xml"),
        ("feed.json", "application/feed+json"),
        ("linh-vuc/y-te/feed.json", "application/feed+json"),
        ("feeds.opml", "text/x-opml"),
        ("assets/guong/feed.xsl", "text/xsl"),
        ("sitemap.xml", "application/xml"),
        ("sitemap-news.xml", "application/xml"),
        ("search/search_index.json", "application/json"),
        ("guong/index.json", "application/json"),
        ("robots.txt", "text/plain"),
        ("", "text/html"),
        ("assets/guong/guong.css", "text/css"),
        ("assets/guong/filters.js", "text/javascript"),
        ("admin/config.yml", "text/yaml"),
        ("pagefind/pagefind-entry.json", "application/json"),
        ("pagefind/pagefind.js", "text/javascript"),
    ],
)
def test_content_types(base, path, kind):
    status, headers, _ = get(base, path)
    assert status == 200
    assert headers["Content-Type"] == f"{kind}; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"


@needs_nginx
def test_binary_content_types(base, target):
    site = target / "current"
    wanted = {
        ".webp": "image/webp",
        ".jpg": "image/jpeg",
        ".png": "image/png",
        ".mp3": "audio/mpeg",
        ".pdf": "application/pdf",
        ".wasm": "application/wasm",
        ".pf_fragment": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pagefind": "application/octet-stream",
    }
    for suffix, kind in wanted.items():
        path = next(site.rglob(f"*{suffix}")).relative_to(site).as_posix()
        status, headers, body = get(base, path, **{"Accept-Encoding": "gzip"})
        assert (status, headers["Content-Type"]) == (200, kind), path
        if suffix == ".wasm":  # compresses well (Decap's wasm files)
            assert (
                headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == (site / path).read_bytes()
            )
        else:  # compressed already: never gzipped again
            assert "Content-Encoding" not in headers and body == (site / path).read_bytes(), path


@needs_nginx
def test_browsers_get_rss_and_atom_as_xml_for_the_stylesheet(base):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for path in ("rss.xml", "atom.xml", "podcast.xml", "linh-vuc/y-te/rss.xml"):
        status, headers, body = get(base, path, Accept=browser)
        assert (status, headers["Content-Type"]) == (200, "application/xml; charset=utf-8"), path
        assert b"<?xml-stylesheet" in body
        assert "Accept" in headers.get_all("Vary"), path
    status, _, _ = get(base, "__guong_xml__/rss.xml")
    assert status == 404  # the internal location is not reachable from outside


@needs_nginx
@pytest.mark.parametrize(
    "path",
    [
        "search/search_index.json",
        "rss.xml",
        "atom.xml",
        "feed.json",
        "podcast.xml",
        "linh-vuc/y-te/feed.json",
        "feeds.opml",
        "sitemap.xml",
        "guong/index.json",
        "",
        "guong/",
        "assets/guong/guong.css",
        "assets/guong/feed.xsl",
        "admin/config.yml",
    ],
)
def test_gzip_when_asked(base, target, path):
    on_disk = target / "current" / (path + "index.html" if path.endswith("/") or not path else path)
    status, headers, body = get(base, path, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers.get_all("Vary")
    assert gzip.decompress(body) == on_disk.read_bytes()
    assert len(body) < on_disk.stat().st_size
    status, headers, body = get(base, path)
    assert "Content-Encoding" not in headers and body == on_disk.read_bytes()


@needs_nginx
def test_only_content_hashed_files_are_cached_for_a_year(base, target):
    site = target / "current"
    immutable, others = [], {}
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()):
            conn.request("HEAD", "/" + path)
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 200, path
            value = resp.headers["Cache-Control"]
            if value == IMMUTABLE:
                immutable.append(path)
            else:
                others[path] = value
    finally:
        conn.close()
    assert [p for p in immutable if not HASHED.match(p)] == []
    assert [p for p in others if HASHED.match(p)] == []
    kinds = {re.sub(r"^(assets/\w+|admin|pagefind/\w+|guong)/.*", r"\1", p) for p in immutable}
    assert {"assets/javascripts", "assets/stylesheets", "admin", "guong", "pagefind/fragment"} <= kinds
    # the rest is revalidated: pages, feeds, indexes and our own CSS/JS at once, media hourly
    for path in (
        "index.html",
        "rss.xml",
        "feed.json",
        "search/search_index.json",
        "sitemap.xml",
        "guong/index.json",
    ):
        assert others[path] == "no-cache", path
    assert others["assets/guong/guong.css"] == others["pagefind/pagefind.js"] == "no-cache"
    card = next(p for p in others if p.startswith("assets/guong/the/"))
    assert others[card] == "public, max-age=3600"
    assert all(v in ("no-cache", "public, max-age=3600") for v in others.values())


@needs_nginx
def test_revalidation_answers_304(base):
    status, headers, _ = get(base, "guong/")
    assert status == 200 and headers["ETag"]
    status, headers, body = get(base, "guong/", **{"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"") and headers["Cache-Control"] == "no-cache"


@needs_nginx
def test_missing_pages_get_the_vietnamese_404(base, target):
    page = (target / "current" / "404.html").read_bytes()
    assert "Không tìm thấy trang".encode() in page
    for path in ("khong-co-trang-nay/", "guong/khong-co/", "rss2.xml", ".git/config", "releases/"):
        status, headers, body = get(base, path)
        assert (status, body) == (404, page), path
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Cache-Control"] == "no-cache"
    status, headers, _ = get(base, "guong")
    assert (status, headers["Location"]) == (301, "/guong/")


@needs_nginx
def test_security_headers(base):
    _, page, _ = get(base, "guong/")
    csp = page["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert "https:" not in csp.replace("https://www.youtube", "").replace("https://player.vimeo", "")
    assert page["X-Frame-Options"] == "SAMEORIGIN"
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert page["Server"] == "nginx"  # no version
    _, embed, _ = get(base, "nhung/linh-vuc/y-te/")
    assert "frame-ancestors *" in embed["Content-Security-Policy"] and "X-Frame-Options" not in embed
    _, admin, _ = get(base, "admin/")
    assert "'unsafe-eval'" in admin["Content-Security-Policy"] and "'unsafe-eval'" not in csp
    _, missing, _ = get(base, "khong-co/")
    assert missing["Content-Security-Policy"] == csp and missing["X-Content-Type-Options"] == "nosniff"


# ---- in Chromium, under the CSP ----

# Every shift while loading, as Lighthouse counts them: nothing is typed or clicked, but
# Chromium marks some load-time shifts `hadRecentInput` under automation (the 0.08 of /guong/).
SHIFTS = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__cls += e.value;
}).observe({type: "layout-shift", buffered: true});
"""


@needs_nginx
@browser_test
def test_pages_work_under_the_csp_and_do_not_move(chromium, base, tmp_path):  # noqa: F811
    profile = "guong/bac-si-tran-thi-mai-huong-hoa/"
    refused: list[str] = []

    def watch(session: Session) -> Session:
        session.page.on(
            "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
        )
        return session

    # Lighthouse's four pages (bench/lighthouse.py) on a phone: nothing moves while loading
    phone = watch(
        Session(chromium, base, viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    )
    phone.page.add_init_script(SHIFTS)
    for url in ("", profile, "guong/", "linh-vuc/y-te/"):
        phone.goto(url)
        phone.page.wait_for_timeout(300)
        assert phone.page.evaluate("window.__cls") < 0.05, url
    phone.close()

    desk = watch(Session(chromium, base))
    page = desk.page
    desk.goto("guong/")
    page.wait_for_selector("[data-guong-filters][data-guong-ready]")  # index.json read
    page.select_option("select[name=linh-vuc]", "y-te")
    assert "linh-vuc=y-te" in page.url and page.locator(".guong-filters--active").count() == 1
    box = page.locator("input.md-search__input")  # Material's search worker and index
    box.click()
    box.press_sequentially("nong thon moi")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    desk.goto("rss.xml", wait="load")  # the feed's Vietnamese page, drawn by the browser's XSLT
    assert "nguồn tin" in page.inner_text("body")
    desk.goto("trien-lam/")
    desk.goto("admin/")  # Decap CMS, under its own looser policy: its login screen
    page.wait_for_selector("text=Đăng nhập", timeout=15000)
    # only Decap's probe for `npx decap-server` on the editor's own machine leaves 127.0.0.1
    assert all(urlsplit(u).netloc == "localhost:8081" for u in desk.foreign_requests())
    desk.close()

    # /nhung/ embeds are for other portals; every other page refuses to be framed
    (tmp_path / "index.html").write_text(
        f'<iframe src="{base}nhung/linh-vuc/y-te/"></iframe><iframe src="{base}{profile}"></iframe>',
        encoding="utf-8",
    )
    with serve(tmp_path) as portal:  # another origin (another port)
        frames = watch(Session(chromium, portal))
        frames.goto("")
        frames.page.wait_for_timeout(1000)
        embed = next(f for f in frames.page.frames if "nhung/" in f.url)
        assert "Y tế" in embed.locator("body").inner_text()
        assert [f.url for f in frames.page.frames if profile in f.url] == []
        assert len(refused) == 1 and "frame-ancestors 'self'" in refused[0], refused
        frames.close()
