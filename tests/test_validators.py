"""Independent validators over one page of every page type of the sample site: the Nu Html
Checker (vnu.jar from npm `vnu-jar`, on the system JRE, one JVM for every page) finds no
error in our markup, and headless Chromium sees no console error, no uncaught exception and
no failed request. The feeds have their own W3C-style checks (tests/test_feeds_style.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import Session, browser_test, launch, public_site, serve
from sitekit import ROOT, new_site

VNU_JAR = ROOT / "tests/js/node_modules/vnu-jar/build/dist/vnu.jar"  # `npm ci` in tests/js
JAVA = shutil.which("java")
# Skip only on a developer machine without them; in CI (env CI set) a missing tool fails.
NEEDS_VNU = pytest.mark.skipif(
    (JAVA is None or not VNU_JAR.is_file()) and not os.environ.get("CI"),
    reason="the Nu Html Checker needs java (scripts/system-deps.sh) and `npm ci` in tests/js",
)

# Errors in Material's own markup, which our templates do not write; each is matched by its
# exact message and a piece of the markup it points at, so the same message from our markup
# still fails.
MATERIAL = (
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off" (a
    # Firefox workaround that keeps them unchecked on back navigation; HTML allows
    # autocomplete only on text-like inputs).
    (
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
        "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
        "“search”, “tel”, “text”, “time”, “url”, or “week”.",
        ('data-md-toggle="drawer"', 'data-md-toggle="search"'),
    ),
    # partials/toc.html writes <label for="__toc"> on every page with a table of contents,
    # but the `__toc` checkbox only in partials/nav-item.html, for the page's own nav entry:
    # pages outside the nav (profiles and campaign pages, kept out on purpose: the nav tree
    # is rendered into every page) have the label without its checkbox.
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
        "form control.",
        ('<label class="md-nav__title" for="__toc">',),
    ),
)


def page_types(site: Path) -> dict[str, str]:
    """One site URL per page type, found in the build (so a type that disappears fails)."""

    def first(pattern: str, exclude: tuple[str, ...] = ()) -> str:
        found = sorted(
            p.parent.relative_to(site).as_posix() + "/"
            for p in site.glob(pattern)
            if p.parent.name not in exclude
        )
        assert found, f"no page matches {pattern}"
        return found[0]

    profiles = {
        f"guong/{p.parent.name}/": p.read_text(encoding="utf-8")
        for p in sorted(site.glob("guong/*/index.html"))
        if p.parent.name != "page"
    }

    def profile(*markers: str) -> str:
        """The first profile whose page holds every marker."""
        found = [url for url, text in profiles.items() if all(m in text for m in markers)]
        assert found, f"no profile page holds {markers}"
        return found[0]

    pages = {
        "trang chủ": "",
        "hồ sơ có ảnh": profile('class="guong-photo'),
        "hồ sơ có đính chính và “Qua các năm”": profile("guong-corrections", "Qua các năm"),
        "hồ sơ đã thu hồi": profile('name="robots" content="noindex'),
        "tất cả gương (/guong/)": "guong/",
        "trang 2 của /guong/": "guong/page/2/",
        "trang 2 của một chuyên mục": first("*/*/page/2/index.html"),
        "kỷ yếu": "ky-yeu/",
        "kỷ yếu một năm": first("ky-yeu/[0-9][0-9][0-9][0-9]/index.html"),
        "đính chính": "dinh-chinh/",
        "đăng ký nhận tin": "dang-ky/",
        "trình chiếu": "trien-lam/",
        "trình chiếu một chuyên mục": first("trien-lam/*/*/index.html"),
        "nhúng": first("nhung/*/*/index.html"),
        "404": "404.html",
        "biên tập (/admin/)": "admin/",
    }
    for section in ("linh-vuc", "cap", "doi-tuong", "quy", "phong-trao", "don-vi", "dip"):
        pages[f"/{section}/"] = f"{section}/"
        pages[f"/{section}/…/"] = first(f"{section}/*/index.html", exclude=("page",))
    for name, url in pages.items():
        assert file_of(site, url).is_file(), name
    return pages


def file_of(site: Path, url: str) -> Path:
    return site / url if url.endswith(".html") else site / url / "index.html"


@pytest.fixture(scope="module")
def print_pages(tmp_path_factory) -> list[Path]:
    """The yearbooks' print documents (WeasyPrint's input, never published): a small site
    with a closed year holding a withdrawn and a corrected profile, built with the PDF step
    replaced by saving each document."""
    from guong.outputs import pdf

    site = new_site(tmp_path_factory.mktemp("print"))
    site.add_profile("an", date="2023-05-19", awards=["Bằng khen của UBND tỉnh"])
    site.add_profile(
        "binh",
        title="Trần Văn Bình – bác sĩ vùng cao",
        date="2023-08-01",
        corrections=[{"date": "2024-02-01", "note": "Sửa tên xã"}],
    )
    site.add_profile(
        "cuong",
        title="Lê Văn Cường – thợ cả",
        date="2023-09-09",
        status="withdrawn",
        withdrawn={"date": "2024-03-15", "reason": "Quyết định số 45/QĐ-UBND"},
    )
    site.plugin_config["yearbook"] = {"issuer": "Ban Thi đua - Khen thưởng", "pdf": True}
    out = site.root / "print"
    out.mkdir()
    saved: list[Path] = []

    def save(jobs, *args, **kwargs):
        for job in jobs:
            saved.append(out / f"{job.key}.html")
            saved[-1].write_text(job.html, encoding="utf-8")
        return [[] for _ in jobs]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf, "render_books", save)
        site.build().ok()
    assert saved, "no yearbook was printed"
    return saved


@NEEDS_VNU
def test_every_page_type_passes_the_nu_html_checker(sample_site, print_pages):
    assert JAVA and VNU_JAR.is_file(), "java and tests/js/node_modules/vnu-jar are required in CI"
    files = [file_of(sample_site, url) for url in page_types(sample_site).values()] + print_pages
    started = time.perf_counter()
    proc = subprocess.run(
        # C1 only: a one-shot check spends more in the optimising JIT than it gains (3.96 s
        # -> 2.4 s wall, 6.2 -> 2.7 CPU s on 40 pages); the stack size vnu asks for with it
        [JAVA, "-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
    )
    messages = json.loads(proc.stderr)["messages"]  # vnu writes its report to stderr
    print(f"vnu: {len(files)} pages in {time.perf_counter() - started:.1f} s")
    assert {urlsplit(m.get("url", "")).path for m in messages} <= {str(f) for f in files}

    def material(m: dict) -> bool:
        return any(
            m["message"] == message and any(piece in m.get("extract", "") for piece in pieces)
            for message, pieces in MATERIAL
        )

    ours = [
        (m.get("url", "").rsplit("/", 3)[-3:], m.get("lastLine"), m["message"], m.get("extract"))
        for m in messages
        if not material(m)
    ]
    assert ours == []
    assert proc.returncode == (1 if messages else 0)


def watch(context) -> list[tuple]:
    """Every console error, uncaught exception, response >= 400 and failed request of the
    context's tabs, each with the URL of the tab it came from."""
    problems: list[tuple] = []

    def tab(event) -> str:
        try:
            return event.frame.page.url
        except Exception:  # a worker's request has no frame
            return "?"

    def console(message) -> None:
        if message.type == "error":
            problems.append((message.page and message.page.url, message.text, message.location["url"]))

    def response(response) -> None:
        if response.status >= 400:
            problems.append((tab(response), response.status, response.url))

    context.on("console", console)
    context.on("weberror", lambda e: problems.append((e.page and e.page.url, "pageerror", str(e.error))))
    context.on("response", response)
    context.on("requestfailed", lambda r: problems.append((tab(r), r.failure, r.url)))
    return problems


@browser_test
def test_no_console_error_and_no_failed_request_on_any_page_type(sample_site):
    """One browser and one served site for every page type, reached under a public host name
    as readers reach it (browser.public_site). Pages load in tabs side by side, a few at a
    time: each waits until no request is in flight (Material's sitemap fetches come after
    `load`), and those waits overlap."""
    urls = list(page_types(sample_site).values())
    with serve(sample_site) as local:
        base, args = public_site(local)
        with launch(*args) as chromium:
            session = Session(chromium, base)
            problems = watch(session.context)
            session.page.close()  # the tabs below take its place
            for batch in (urls[i : i + 6] for i in range(0, len(urls), 6)):
                tabs = [session.context.new_page() for _ in batch]
                for tab, url in zip(tabs, batch, strict=True):
                    response = tab.goto(base + url, wait_until="commit")
                    assert response is not None and response.status == 200, url
                for tab in tabs:
                    session.settle(tab)
                for tab in tabs:
                    tab.close()
            sitemaps = [u for u in session.requests if u.endswith("/sitemap.xml")]
            foreign = session.foreign_requests()
            session.close()
    assert problems == []
    assert foreign == []
    # Material asked for the sitemap beside a chuyên mục's feed links too (and found it)
    assert any(u.removeprefix(base).count("/") == 2 for u in sitemaps), sitemaps
