"""`guong edit` end to end: on a copy of the sample project, a headless Chromium session
creates a profile through the Decap UI, the file lands where the contract says; it edits
profiles whose awards are text, or text and objects mixed, and each award keeps its form;
`guong check` passes, and Ctrl-C stops the preview and the file API."""

from __future__ import annotations

import datetime
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
import yaml
from playwright.sync_api import expect

from browser import BROWSER_MARKS, Session, launch
from guong.outputs import cms
from sitekit import ROOT

pytestmark = [
    *BROWSER_MARKS,
    pytest.mark.slow,  # a real `mkdocs serve` of the sample site, then the editor
    pytest.mark.skipif(
        not cms.vendored_files() and not os.environ.get("CI"),
        reason="Decap CMS not vendored (scripts/vendor-decap.sh); required in CI",
    ),
]


@pytest.fixture(autouse=True)
def patient_expect():
    """Decap draws an entry after fetching it from the file API and the preview: on a loaded
    2-core machine that took more than playwright's default 5 s. Restored afterwards, for
    the other tests of this process."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)  # playwright's default


TITLE = "Chị Hoàng Thị Mận – người giữ rừng phòng hộ đầu nguồn"
SLUG = "chi-hoang-thi-man-nguoi-giu-rung-phong-ho-dau-nguon"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_page(url: str, text: str, seconds: float = 90) -> bool:
    """Whether the preview serves `url` containing `text` within `seconds` (it rebuilds after
    each save; until then the address is its 404 page)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text in response.read().decode("utf-8"):
                    return True
        except urllib.error.HTTPError:
            pass
        time.sleep(0.25)
    return False


def frontmatter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def awards_profiles(folder) -> tuple:
    """A sample profile whose awards are all text, and one whose awards are all objects."""
    profiles = sorted(folder.rglob("*.md"))
    awards = {p: frontmatter(p).get("awards") or [] for p in profiles}
    text = next(p for p in profiles if len(awards[p]) >= 2 and all(isinstance(a, str) for a in awards[p]))
    objects = next(p for p in profiles if len(awards[p]) >= 2 and all(isinstance(a, dict) for a in awards[p]))
    return text, objects


def wait_for_file(path, changed, seconds: float = 30) -> dict:
    """The frontmatter of `path` once `changed(frontmatter)` holds (the save has landed)."""
    deadline = time.monotonic() + seconds
    while not changed(data := frontmatter(path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return data


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def test_an_editor_session_creates_a_profile_that_passes_check(tmp_path):
    project = tmp_path / "du-an"
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    text_awards, mixed = awards_profiles(project / "content/guong")
    text_before = frontmatter(text_awards)
    # A mixed list: a plain-text award before the objects.
    source = mixed.read_text(encoding="utf-8")
    mixed.write_text(
        source.replace("\nawards:\n", "\nawards:\n  - Danh hiệu ghi bằng chữ\n", 1), encoding="utf-8"
    )
    mixed_before = frontmatter(mixed)["awards"]
    assert mixed_before[0] == "Danh hiệu ghi bằng chữ" and isinstance(mixed_before[1], dict)
    # The project keeps a cache of its own (builds of other tests use the repository's at the
    # same time), seeded with the sample's encoded photos as hard links (entries are replaced,
    # never written in place): the first build skips re-encoding them.
    shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    photos = ROOT / ".cache/guong/anh"
    if photos.is_dir():
        shutil.copytree(photos, project / ".cache/guong/anh", copy_function=os.link)
    port = free_port()
    edit = subprocess.Popen(
        [sys.executable, "-m", "guong.cli", "edit", "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # mkdocs serve logs on stderr: shown if a page hangs
        text=True,
        start_new_session=True,  # its own group: a failed test stops mkdocs serve with it
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_lines, args=(edit.stdout, lines), daemon=True)
    reader.start()
    try:
        said = []
        dialogs: list[str] = []
        while not any(line.startswith("Trang biên tập:") for line in said):
            line = lines.get(timeout=180)  # the first build of the sample site
            assert line is not None, f"guong edit stopped: {said}"
            said.append(line)
        admin = f"http://127.0.0.1:{port}/admin/"
        assert f"Trang biên tập: {admin}\n" in said

        try:
            with launch() as chromium:
                session = Session(chromium, admin, locale="en-US")  # dates must not follow it
                page = session.page
                # Decap asks "leave this page?" (a confirm() when the route changes, or
                # beforeunload) once it believes an entry has unsaved changes, which it can
                # believe of an entry just published or not touched at all, depending on
                # when its Markdown widget re-serialises (docs/editing.md, decap-cms#7267).
                # Playwright dismisses dialogs, which cancels the navigation: a reload then
                # waited for its "load" forever (the hang of some full-suite runs), and one CI
                # run hung so even with the dialogs accepted. So each entry opens in a new tab
                # (open_entry); any dialog left is answered "leave", as staff would, and what
                # was saved is checked in the files below.

                def leave(dialog):
                    dialogs.append(f"{dialog.type}: {dialog.message}")
                    dialog.accept()

                def prepare(tab):
                    tab.on("dialog", leave)
                    # mkdocs serve holds requests while it rebuilds after a save: as wait_for_page
                    # does, allow a rebuild of the sample site on a loaded machine (once over 30 s)
                    tab.set_default_navigation_timeout(90_000)
                    return tab

                def open_entry(path):
                    """The editor on one entry, in a new tab: Decap does not follow a hash changed
                    from outside, and a reload of the old tab could hang on Decap's "leave this
                    page?" even when answered (one CI run in ~20). The old tab is closed without
                    its beforeunload; the local backend's login is the context's."""
                    entry = path.relative_to(project / "content/guong").with_suffix("").as_posix()
                    tab = prepare(session.context.new_page())
                    session.page.close(run_before_unload=False)
                    session.page = tab
                    tab.goto(f"{admin}#/collections/guong/entries/{entry}", wait_until="load")
                    return tab

                prepare(page)
                session.goto("#/collections/guong", wait="load")
                page.get_by_role("button", name="Bắt đầu biên tập trên máy này").click()
                page.get_by_text("Thêm gương điển hình").click()  # was "＋ …", an empty box here
                page.get_by_label("Tiêu đề").fill(TITLE)
                page.get_by_label("Ngày đăng").fill("03/04/2025")
                for label, choice in (
                    ("Lĩnh vực", "Nông nghiệp"),
                    ("Cấp công nhận", "Cấp tỉnh"),
                    ("Phong trào thi đua", "nông thôn mới"),
                    ("Đối tượng", "Cá nhân"),
                ):
                    box = page.get_by_label(label, exact=True)
                    box.fill(choice)
                    box.press("Enter")
                page.locator("[data-slate-editor='true']").click()
                page.keyboard.type("Chị Mận cùng bà con trồng lại 40 héc-ta rừng phòng hộ đầu nguồn.")
                page.get_by_label("Bản nháp, chưa đăng").click()  # on by default; off: published
                page.evaluate("window.stillTheSamePage = true")
                page.get_by_role("button", name="Công bố").click()
                page.get_by_text("Công bố ngay").click()
                page.get_by_text("Mục đã được lưu").wait_for()
                page.get_by_role("button", name="Đã công bố").wait_for()

                # The live preview rebuilds with the new profile, and the editor is not reloaded
                # meanwhile (staff may be typing in it).
                assert wait_for_page(f"http://127.0.0.1:{port}/guong/{SLUG}/", TITLE)
                assert page.evaluate("window.stillTheSamePage") is True

                # Stored and shown dates: a file with 2025-12-10 and one with 27/02/2025.
                profiles = list((project / "content/guong").rglob("*.md"))
                for stored, expected in (("2025-12-10", "10/12/2025"), ("27/02/2025", "27/02/2025")):
                    path = next(p for p in profiles if f"\ndate: {stored}\n" in p.read_text(encoding="utf-8"))
                    page = open_entry(path)
                    expect(page.get_by_label("Ngày đăng")).to_have_value(expected)

                # Awards in text: shown, left untouched, saved back as text beside another edit.
                def save():
                    page.get_by_role("button", name="Công bố").click()
                    page.get_by_text("Công bố ngay").click()
                    page.get_by_role("button", name="Đã công bố").wait_for()

                page = open_entry(text_awards)
                titles = page.get_by_label("Danh hiệu", exact=True)
                expect(titles).to_have_count(len(text_before["awards"]))
                for i, award in enumerate(text_before["awards"]):
                    expect(titles.nth(i)).to_have_value(award)
                page.get_by_label("Tóm tắt").fill("Tóm tắt mới, sửa trên trang biên tập.")
                save()
                text_after = wait_for_file(
                    text_awards, lambda d: d.get("summary") != text_before.get("summary")
                )
                assert text_after["summary"] == "Tóm tắt mới, sửa trên trang biên tập."
                assert text_after["awards"] == text_before["awards"]  # still plain strings

                # Mixed: a year added to a text award makes it an object; a title edited in an
                # object keeps the object; one removed; a new award with a title only is text.
                page = open_entry(mixed)
                titles = page.get_by_label("Danh hiệu", exact=True)
                expect(titles).to_have_count(len(mixed_before))
                expect(titles.nth(1)).to_have_value(mixed_before[1]["title"])
                page.get_by_label("Năm", exact=True).first.fill("2021")
                titles.nth(1).fill(mixed_before[1]["title"] + " (đã sửa)")
                page.get_by_role("button", name="Xóa danh hiệu này").nth(2).click()
                page.get_by_role("button", name="Thêm danh hiệu").click()
                titles.last.fill("Lao động tiên tiến")
                save()
                mixed_after = wait_for_file(mixed, lambda d: d["awards"] != mixed_before)["awards"]
                assert mixed_after == [
                    {"title": "Danh hiệu ghi bằng chữ", "year": 2021},
                    {**mixed_before[1], "title": mixed_before[1]["title"] + " (đã sửa)"},
                    *mixed_before[3:],
                    "Lao động tiên tiến",
                ]
                assert session.foreign_requests() == []
                session.close()
        except Exception as exc:  # what the preview printed meanwhile says why a page hung
            while not lines.empty():
                said.append(lines.get() or "")
            raise AssertionError(
                f"{exc}\nguong edit / mkdocs serve said:\n{''.join(said[-40:])}\ndialogs: {dialogs}"
            ) from exc

        edit.send_signal(signal.SIGINT)
        assert edit.wait(timeout=30) == 0
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, "the preview still answers"
    finally:
        if edit.poll() is None:
            os.killpg(edit.pid, signal.SIGKILL)
            edit.wait()
        # mkdocs serve runs in a session of its own (so a terminal's Ctrl-C reaches guong
        # edit only): after a SIGKILL it is left running and holds the stdout pipe open.
        subprocess.run(["pkill", "-f", str(project / "mkdocs.yml")], check=False)
        reader.join(timeout=10)  # at the end of the output, once both have stopped
        if not reader.is_alive():  # closing a pipe another thread reads would block
            edit.stdout.close()

    created = list((project / "content/guong").rglob(f"{SLUG}.md"))
    year = datetime.date.today().year
    assert [p.relative_to(project).as_posix() for p in created] == [f"content/guong/{year}/{SLUG}.md"]
    text = created[0].read_text(encoding="utf-8")
    assert re.search(r"^date: '?2025-04-03'?$", text, re.M), text
    assert f"title: {TITLE}" in text and "draft: false" in text
    check = subprocess.run(
        [sys.executable, "-m", "guong.cli", "check", "--format", "text"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "ĐẠT" in check.stdout
