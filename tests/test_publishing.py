"""Publishing that cannot leak or half-publish: the allowlist, paths that stay inside
content/, and atomic replacement of the site (a failed, aborted or killed build leaves the
previous site byte-identical)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from guong.content.paths import PathProblem, local_ref, resolve_local
from guong.content.publication import is_backup, story_refs
from guong.outputs.staging import Staging
from sitekit import Site, frontmatter_text, profile

SECRET = "0912-345-678-BI-MAT"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def jpeg(color="red", size=(64, 48), comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", comment=comment)
    return buffer.getvalue()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder -> sha256 of its bytes (and symlinks by target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def leftovers(site: Site) -> list[str]:
    return sorted(p.name for p in site.root.iterdir() if ".guong-" in p.name)


def all_bytes(folder: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def guong_check(site: Site, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", COLUMNS="200", PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, "-m", "guong.cli", "-f", str(site.root / "mkdocs.yml"), "check", *args],
        capture_output=True,
        text=True,
        cwd=site.root,
        env=env,
    )


# --- unit: paths and references -----------------------------------------------------------


def test_resolve_local_refuses_absolute_escaping_and_outside_symlinks(tmp_path: Path):
    docs = tmp_path / "content"
    (docs / "guong").mkdir(parents=True)
    (docs / "guong" / "a.jpg").write_bytes(b"x")
    assert resolve_local(docs, "guong/2024/x.md", "../a.jpg") == "guong/a.jpg"
    for bad in ("/etc/passwd", "C:\\anh\\a.jpg", "../../../etc/passwd", "..", "\\\\host\\x"):
        with pytest.raises(PathProblem):
            resolve_local(docs, "guong/x.md", bad)
    (docs / "guong" / "passwd.txt").symlink_to("/etc/passwd")
    with pytest.raises(PathProblem, match="symlink"):
        resolve_local(docs, "guong/x.md", "passwd.txt")
    (docs / "guong" / "link").symlink_to(tmp_path)
    with pytest.raises(PathProblem, match="symlink"):
        resolve_local(docs, "guong/x.md", "link/ngoai.jpg")
    (docs / "guong" / "inside.jpg").symlink_to(docs / "guong" / "a.jpg")
    assert resolve_local(docs, "guong/x.md", "inside.jpg") == "guong/inside.jpg"


def test_story_refs_finds_markdown_html_and_reference_links():
    text = """![ảnh](anh/a.jpg "chú thích") [văn bản](tai-lieu/qd%20so%201.pdf#trang-2)
[đọc thêm]: ../phu-luc.docx
<img src='anh/b.png'> <a href="x.html">x</a> <video poster="anh/c.webp" src="v.mp4"></video>
<img srcset="anh/d.jpg 1x, anh/e.jpg 2x"> [ngoài](https://example.org/a.pdf) [trang](../khac/)
"""
    found = list(story_refs("guong/x.md", text))
    assert ("anh/a.jpg", True) in found and ("anh/b.png", True) in found
    assert ("tai-lieu/qd%20so%201.pdf#trang-2", False) in found and ("../phu-luc.docx", False) in found
    assert ("x.html", False) in found and ("anh/c.webp", True) in found
    assert ("anh/d.jpg", True) in found and ("anh/e.jpg", True) in found
    assert local_ref("tai-lieu/qd%20so%201.pdf#trang-2") == "tai-lieu/qd so 1.pdf"
    assert local_ref("https://example.org/a.pdf") is None and local_ref("../khac/") is None
    assert local_ref("/rss.xml") is None and local_ref("#muc") is None and local_ref("a.md") is None


@pytest.mark.parametrize(
    "name",
    [
        "a.md~",
        "a.md.bak",
        ".a.md.swp",
        "a.orig",
        ".DS_Store",
        "Thumbs.db",
        "~$bao-cao.docx",
        "#a.md#",
        ".#a.md",
    ],
)
def test_backups_are_recognised(name: str):
    assert is_backup(name)


def test_ordinary_files_are_not_backups():
    assert not is_backup("quyet-dinh.pdf") and not is_backup("anh.jpg")


def test_staging_commit_swaps_and_abort_keeps(tmp_path: Path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "cu.txt").write_text("cũ")
    staging = Staging(target)
    folder = staging.begin()
    (folder / "moi.txt").write_text("mới")
    staging.abort()
    assert snapshot(target) == {"cu.txt": hashlib.sha256("cũ".encode()).hexdigest()}
    staging = Staging(target)
    (staging.begin() / "moi.txt").write_text("mới")
    staging.commit()
    assert sorted(snapshot(target)) == ["moi.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_background_commit_swaps_first_and_deletes_the_old_site_after(tmp_path: Path):
    """`mkdocs serve`: the new site is in place when commit returns; the old one goes in a
    thread, under a name no later build mistakes for a staging folder."""
    target = tmp_path / "site"
    target.mkdir()
    for i in range(200):
        (target / f"cu-{i}.txt").write_text("cũ")
    staging = Staging(target)
    (staging.begin() / "moi.txt").write_text("mới")
    staging.commit(background=True)
    assert sorted(snapshot(target)) == ["moi.txt"]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "site"]
    assert all(".guong-old-" in name for name in leftovers)
    assert staging.removal is not None
    staging.removal.join(timeout=30)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_staging_clears_folders_of_dead_builds_only(tmp_path: Path):
    target = tmp_path / "site"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stale = tmp_path / f".site.guong-staging-{dead}-abcd"
    live = tmp_path / f".site.guong-staging-{os.getppid()}-abcd"
    stale.mkdir()
    live.mkdir()
    Staging(target).begin()
    assert not stale.exists() and live.exists()


def test_a_serve_session_clears_what_killed_serve_sessions_left_in_the_temp_folder(tmp_path: Path):
    """mkdocs serve builds into a new mkdocs_* folder each session: leftovers of killed
    sessions sit beside other names, and a live session's folders are kept."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stale_old = tmp_path / f".mkdocs_ab12cd.guong-old-{dead}-abcd"
    stale_staging = tmp_path / f".mkdocs_ef34gh.guong-staging-{dead}-abcd"
    live = tmp_path / f".mkdocs_ij56kl.guong-old-{os.getppid()}-abcd"
    other = tmp_path / f".site.guong-old-{dead}-abcd"  # another site_dir's: not serve's to clear
    for folder in (stale_old, stale_staging, live, other):
        folder.mkdir()
    Staging(tmp_path / "mkdocs_new123").begin()
    assert not stale_old.exists() and not stale_staging.exists()
    assert live.exists() and other.exists()


# --- the allowlist, end to end ------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Site:
    """A valid site surrounded by everything that must never be published."""
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.write("guong/2024/anh/an.jpg", jpeg())
    site.write("guong/2024/anh/trong-bai.jpg", jpeg("blue"))
    site.write("guong/2024/tai-lieu/quyet-dinh.pdf", b"%PDF-1.4\n% quyet dinh\n%%EOF\n")
    body = (
        "Đoạn mở đầu.\n\n![Ảnh trong bài](anh/trong-bai.jpg)\n\n"
        "Xem [quyết định khen thưởng](tai-lieu/quyet-dinh.pdf).\n"
    )
    meta = profile(
        image="anh/an.jpg", image_alt="Chân dung", private={"so_dien_thoai": SECRET, "cccd": "anh/cccd.jpg"}
    )
    site.write("guong/2024/nguyen-van-an.md", frontmatter_text(meta, body))
    backup = frontmatter_text(profile(private={"so_dien_thoai": SECRET}))
    for name in ("nguyen-van-an.md~", "nguyen-van-an.md.bak", ".nguyen-van-an.md.swp", "nguyen-van-an.orig"):
        site.write(f"guong/2024/{name}", backup)
    site.write("guong/2024/anh/cccd.jpg", jpeg("green", comment=SECRET.encode()))
    site.write("guong/2024/anh/khong-dung.jpg", jpeg("yellow"))
    site.write("guong/2024/tai-lieu/bien-ban-noi-bo.pdf", f"%PDF-1.4 {SECRET}".encode())
    site.write("guong/2024/trang.html", f"<script>alert('{SECRET}')</script>")
    site.write("guong/2024/logo.svg", SVG)
    site.write("guong/2024/ma.js", "alert(1)")
    site.write("Thumbs.db", SECRET)
    (site.docs / "guong" / "2024" / "passwd.txt").symlink_to("/etc/passwd")
    (site.docs / "guong" / "he-thong").symlink_to("/etc")
    (site.docs / "guong" / "vong-lap").symlink_to(site.docs / "guong")
    return site


def test_only_allowlisted_files_are_published(hostile: Site):
    result = hostile.build().ok()
    files = set(snapshot(result.site))
    assert "guong/2024/tai-lieu/quyet-dinh.pdf" in files  # linked by the published story
    photos = [f for f in files if f.startswith("guong/2024/anh/")]
    assert photos and all(f.endswith((".webp", ".jpg")) and "-" in Path(f).stem for f in photos)
    assert not any(Path(f).stem.startswith(("cccd", "khong-dung")) for f in photos)
    for never in (
        "nguyen-van-an.md~",
        "nguyen-van-an.md.bak",
        "trang.html",
        "logo.svg",
        "ma.js",
        "passwd.txt",
        "bien-ban-noi-bo.pdf",
        "Thumbs.db",
        "/anh/an.jpg",
        "/trong-bai.jpg",
    ):
        assert not any(f.endswith(never) for f in files), never
    assert not any(f.startswith(("guong/he-thong/", "guong/vong-lap/")) for f in files)
    everything = all_bytes(result.site)
    assert SECRET.encode() not in everything
    assert b"root:x:0:0" not in everything
    assert "Không xuất bản" in result.output and "guong check" in result.output


def test_check_lists_what_is_left_out_and_why(hostile: Site):
    hostile.write_config()  # guong check reads mkdocs.yml; no build needed
    text = guong_check(hostile)
    assert text.returncode == 0, text.stdout + text.stderr
    assert "Traceback" not in text.stderr
    for line in (
        "content/guong/2024/nguyen-van-an.md~: bản sao lưu",
        "content/guong/2024/anh/cccd.jpg: chỉ được nhắc tới trong mục private:",
        "content/guong/2024/logo.svg: loại tệp có thể chạy mã lệnh",
        "content/guong/2024/passwd.txt: liên kết tượng trưng",
        "content/guong/he-thong: liên kết tượng trưng",
        "content/guong/2024/anh/khong-dung.jpg: không có trang đã xuất bản nào dẫn tới",
    ):
        assert line in text.stdout, (line, text.stdout)
    data = json.loads(guong_check(hostile, "--format", "json").stdout)
    reasons = {item["file"]: item["reason"] for item in data["left_out"]}
    assert reasons["content/guong/2024/trang.html"].startswith("loại tệp có thể chạy mã lệnh")


def test_draft_photos_and_attachments_wait_for_the_draft(tmp_path: Path):
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.write("guong/2024/anh/nhap.jpg", jpeg())
    site.write("guong/2024/nhap.pdf", b"%PDF-1.4\n%%EOF\n")
    site.write(
        "guong/2024/ban-nhap.md",
        frontmatter_text(profile(draft=True, image="anh/nhap.jpg", image_alt="x"), "Bài. [Tệp](nhap.pdf)\n"),
    )
    site.add_profile("cong-khai")
    result = site.build().ok()
    assert not any("nhap" in f for f in snapshot(result.site))
    assert "bản nháp" in guong_check(site).stdout


HOSTILE_REFERENCES = {
    "svg_story_image": (
        lambda s: (
            s.write("guong/2024/logo.svg", SVG),
            s.add_profile("a", body="Bài.\n\n![logo](logo.svg)\n"),
        ),
        "khóa 'ảnh trong bài'",
        "SVG",
    ),
    "html_link": (
        lambda s: (
            s.write("guong/2024/x.html", "<script></script>"),
            s.add_profile("a", body="Bài. [xem](x.html)\n"),
        ),
        "khóa 'liên kết trong bài'",
        ".html",
    ),
    "exe_link": (
        lambda s: (s.write("guong/2024/x.exe", b"MZ"), s.add_profile("a", body="Bài. [tải](x.exe)\n")),
        "khóa 'liên kết trong bài'",
        "pdf",
    ),
    "story_escapes": (
        lambda s: s.add_profile("a", body="Bài. ![x](../../../../../etc/a.jpg)\n"),
        "khóa 'ảnh trong bài'",
        "ra ngoài thư mục nội dung",
    ),
    "image_absolute": (
        lambda s: s.add_profile("a", image=str(s.root / "ngoai.jpg"), image_alt="x"),
        "khóa 'image'",
        "đường dẫn tuyệt đối",
    ),
    "image_escapes": (
        lambda s: s.add_profile("a", image="../../../ngoai.jpg", image_alt="x"),
        "khóa 'image'",
        "ra ngoài thư mục nội dung",
    ),
    "image_symlink": (
        lambda s: (
            (s.docs / "guong" / "2024").mkdir(parents=True, exist_ok=True),
            (s.docs / "guong" / "2024" / "a.jpg").symlink_to(s.root / "ngoai.jpg"),
            s.add_profile("a", image="a.jpg", image_alt="x"),
        ),
        "khóa 'image'",
        "symlink",
    ),
    "audio_absolute": (
        lambda s: s.add_profile("a", audio=str(s.root / "ngoai.mp3")),
        "khóa 'audio'",
        "đường dẫn tuyệt đối",
    ),
    "profile_symlink": (
        lambda s: (
            (s.docs / "guong").mkdir(parents=True, exist_ok=True),
            (s.docs / "guong" / "b.md").symlink_to(s.root / "ngoai.md"),
        ),
        "guong/b.md",
        "symlink",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_REFERENCES))
def test_hostile_references_are_errors_and_write_nothing(tmp_path: Path, case: str):
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    (tmp_path / "ngoai.jpg").write_bytes(jpeg())
    (tmp_path / "ngoai.mp3").write_bytes(b"ID3")
    (tmp_path / "ngoai.md").write_text(frontmatter_text(profile(private={"x": SECRET})))
    make, *fragments = HOSTILE_REFERENCES[case]
    make(site)
    site.add_profile("hop-le")
    outside_before = sorted(p.name for p in tmp_path.iterdir())
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)
    assert not result.site.exists() and not leftovers(site)
    # the build wrote nowhere outside: no image variants next to the outside photo
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*outside_before, "mkdocs.yml"])
    check = guong_check(site)
    assert check.returncode == 1 and fragments[-1] in check.stdout  # check and build agree


def test_config_paths_stay_inside(tmp_path: Path):
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.add_profile("a")
    (tmp_path / "bia.jpg").write_bytes(jpeg())
    site.plugin_config["yearbook"] = {"pdf": False, "cover_image": str(tmp_path / "bia.jpg")}
    result = site.build()
    assert result.returncode != 0 and "yearbook.cover_image" in result.output
    assert "Traceback" not in result.output


# --- atomic replacement -------------------------------------------------------------------


def _good_site(tmp_path: Path) -> Site:
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.write("guong/2024/anh/an.jpg", jpeg())
    site.add_profile("nguyen-van-an", image="anh/an.jpg", image_alt="Chân dung")
    site.add_profile("tran-thi-binh", date="2024-06-01")
    return site


HOOK = """
import os, time
from mkdocs.plugins import event_priority

@event_priority(-100)  # after guong has written feeds and pages, before it swaps the site in
def on_post_build(config):
    mode = os.environ.get("GUONG_TEST_FAULT")
    if mode == "raise":
        raise RuntimeError("hỏng giữa chừng")
    if mode == "hang":
        open(os.environ["GUONG_TEST_READY"], "w").close()
        time.sleep(120)
"""


def test_failed_builds_leave_the_previous_site_byte_identical(tmp_path: Path, monkeypatch):
    site = _good_site(tmp_path)
    (tmp_path / "fault.py").write_text(HOOK)
    site.extra_config["hooks"] = ["fault.py"]
    before = snapshot(site.build().ok().site)
    assert "rss.xml" in before

    # 1. an exception late in the build, after feeds and pages were written
    monkeypatch.setenv("GUONG_TEST_FAULT", "raise")
    failed = site.build()
    assert failed.returncode != 0 and "hỏng giữa chừng" in failed.output
    assert snapshot(site.root / "site") == before and not leftovers(site)
    monkeypatch.delenv("GUONG_TEST_FAULT")

    # 2. a broken Markdown link under --strict: MkDocs aborts only after the last event
    site.add_profile("lien-ket-hong", body="Bài. [xem](khong-co.md)\n")
    failed = site.build()
    assert failed.returncode != 0 and "strict" in failed.output
    assert snapshot(site.root / "site") == before and not leftovers(site)

    # 3. a content error: stops before anything is written
    site.add_profile("lien-ket-hong", field="khong-co")
    assert site.build().returncode != 0
    assert snapshot(site.root / "site") == before and not leftovers(site)

    # 4. then a good build replaces the site whole
    (site.docs / "guong" / "2024" / "lien-ket-hong.md").unlink()
    site.add_profile("le-van-cuong", date="2024-07-01")
    after = snapshot(site.build().ok().site)
    assert "guong/le-van-cuong/index.html" in after and after != before


def test_a_killed_build_leaves_the_previous_site_and_is_cleaned_up(tmp_path: Path):
    site = _good_site(tmp_path)
    (tmp_path / "fault.py").write_text(HOOK)
    site.extra_config["hooks"] = ["fault.py"]
    before = snapshot(site.build().ok().site)
    ready = tmp_path / "ready"
    site.add_profile("le-van-cuong", date="2024-07-01")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", GUONG_TEST_FAULT="hang", GUONG_TEST_READY=str(ready))
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site.root / "mkdocs.yml")],
        cwd=site.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert ready.exists(), "the build never reached the hook"
        staged = [p for p in tmp_path.iterdir() if ".guong-staging-" in p.name]
        assert staged and (staged[0] / "rss.xml").is_file()  # half a new site existed...
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert snapshot(site.root / "site") == before  # ...but the published one never changed
    site.build().ok()
    assert not leftovers(site)


def test_check_reads_yearbook_forewords_like_the_build(tmp_path: Path):
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.add_profile("a")
    site.write("ky-yeu/2024.md", "---\ntitle: [Lời nói đầu\n---\nNội dung.\n")
    result = site.build()
    assert result.returncode != 0 and "ky-yeu/2024.md" in result.output
    check = guong_check(site)
    assert check.returncode == 1 and "ky-yeu/2024.md" in check.stdout, check.stdout


def test_files_named_by_mkdocs_yml_are_published(tmp_path: Path):
    """The theme logo, favicon and extra CSS chosen in mkdocs.yml are site machinery."""
    site = Site(tmp_path)
    site.add_campaign("nong-thon-moi")
    site.add_profile("a")
    site.write("anh/logo.png", jpeg())  # any raster bytes: copied as they are
    site.write("assets/rieng.css", "body { color: #222; }")
    site.extra_config["theme"] = {**site.config()["theme"], "logo": "anh/logo.png", "favicon": "anh/logo.png"}
    site.extra_config["extra_css"] = ["assets/rieng.css"]
    result = site.build().ok()
    assert (result.site / "anh" / "logo.png").is_file()
    assert (result.site / "assets" / "rieng.css").is_file()
