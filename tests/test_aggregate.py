"""`guong import --feed`: a second guong site is built for real, its JSON Feed is imported
into a first site (from the saved file and over http from a localhost server), and the drafts
are read back with the same reader as the build; `guong check` passes on them."""

from __future__ import annotations

import functools
import http.server
import io
import json
import threading
from pathlib import Path

import pytest
from PIL import Image

from guong.content.source import read_document
from sitekit import Site, new_site
from test_cli import guong

PORTRAIT_ALT = "Bà Hoa bên bàn khám"


def jpeg(size=(900, 600), color="teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def source_site(tmp_path_factory) -> Path:
    """The unit's site: two published profiles (one with a photo), one draft; built."""
    site = new_site(tmp_path_factory.mktemp("unit"))
    site.extra_config["site_name"] = "Gương điển hình huyện Ea Súp"
    site.write("guong/2024/anh/chan-dung.jpg", jpeg())
    site.add_profile(
        "dang-thi-hoa",
        title="Đặng Thị Hoa – nữ hộ sinh của bản",
        date="2024-03-05",
        field="y-te",
        level="huyen",
        kind="ca-nhan",
        unit="Trạm Y tế xã Ia Lốp",
        locality="xã Ia Lốp",
        image="anh/chan-dung.jpg",
        image_alt=PORTRAIT_ALT,
        image_credit="Phòng Văn hóa",
        summary="Hai mươi năm đỡ đẻ cho các bà mẹ vùng sâu.",
        body="Bà Hoa làm nữ hộ sinh ở bản từ năm 2004.\n\n## Cách làm\n\nĐi từng nhà <b>vận động</b>.\n",
    )
    site.add_profile(
        "htx-ea-sup",
        title="HTX Ea Súp – chuyển đổi số",
        kind="tap-the",
        field="hanh-chinh-chuyen-doi-so",
        date="2024-06-01",
    )
    site.add_profile("ban-nhap", title="Bản nháp không được xuất bản", draft=True)
    site.build().ok()
    return site.root / "site"


def department(tmp_path: Path) -> Site:
    """The department's site: the same default taxonomies and campaign."""
    return new_site(tmp_path / "so")


def drafts(site: Site) -> dict[str, tuple[dict, str]]:
    found = {}
    for path in sorted((site.docs / "guong").rglob("*.md")):
        doc = read_document(path)
        found[str(path.relative_to(site.docs))] = (doc.meta, doc.body)
    return found


def check_ok(site: Site) -> None:
    """`guong check` passes; its only warnings are 'source' not yet known to the catalog."""
    result = guong(site, "check", "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout
    assert report["summary"]["unpublished"] >= 1
    assert all(w["key"] == "source" for w in report["warnings"]), report["warnings"]


def test_our_json_feed_carries_the_guong_extension(source_site: Path):
    feed = json.loads((source_site / "feed.json").read_text(encoding="utf-8"))
    hoa = next(i for i in feed["items"] if i["url"].endswith("/guong/dang-thi-hoa/"))
    ext = hoa["_guong"]
    assert ext["version"] == 1
    assert (ext["field"], ext["level"], ext["kind"], ext["campaigns"]) == (
        "y-te",
        "huyen",
        "ca-nhan",
        ["nong-thon-moi"],
    )
    assert ext["unit"] == "Trạm Y tế xã Ia Lốp" and ext["image_alt"] == PORTRAIT_ALT
    assert "private" not in ext
    assert not any("ban-nhap" in i["url"] for i in feed["items"])


def test_import_saved_feed_creates_drafts_then_updates(source_site: Path, tmp_path: Path):
    site = department(tmp_path)
    feed = source_site / "feed.json"
    first = guong(site, "import", "--feed", str(feed))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "2 hồ sơ mới, 0 cập nhật" in first.stdout
    found = drafts(site)
    assert set(found) == {"guong/2024/dang-thi-hoa.md", "guong/2024/htx-ea-sup.md"}
    meta, body = found["guong/2024/dang-thi-hoa.md"]
    assert meta["draft"] is True
    assert meta["source"] == "https://guong.example.gov.vn/guong/dang-thi-hoa/"
    assert (meta["title"], meta["date"]) == ("Đặng Thị Hoa – nữ hộ sinh của bản", "2024-03-05")
    assert (meta["field"], meta["level"], meta["kind"], meta["campaign"]) == (
        "y-te",
        "huyen",
        "ca-nhan",
        "nong-thon-moi",
    )
    assert meta["unit"] == "Trạm Y tế xã Ia Lốp" and meta["locality"] == "xã Ia Lốp"
    assert meta["summary"] == "Hai mươi năm đỡ đẻ cho các bà mẹ vùng sâu."
    assert (meta["image"], meta["image_alt"], meta["image_credit"]) == (
        "anh/dang-thi-hoa.jpg",
        PORTRAIT_ALT,
        "Phòng Văn hóa",
    )
    photo = site.docs / "guong/2024/anh/dang-thi-hoa.jpg"
    with Image.open(photo) as img:
        assert img.format == "JPEG"
    assert "Bà Hoa làm nữ hộ sinh" in body and "<b>vận động</b>" in body
    assert "<figure" not in body  # the feed's photo figure became `image`
    check_ok(site)

    # Staff add a note; the source changes a title; a second import updates, never duplicates.
    path = site.docs / "guong/2024/dang-thi-hoa.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("draft: true", "draft: true\nawards:\n- Chiến sĩ thi đua"),
        encoding="utf-8",
    )
    data = json.loads(feed.read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["url"].endswith("/dang-thi-hoa/"))
    item["title"] += " (cập nhật)"
    changed = tmp_path / "luu" / "feed.json"
    changed.parent.mkdir()
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    second = guong(site, "import", "--feed", str(changed))
    assert second.returncode == 0, second.stderr
    assert "0 hồ sơ mới, 1 cập nhật, 1 không đổi" in second.stdout
    assert "không lấy được ảnh" in second.stderr  # no photos next to this copy: warned, kept
    after = drafts(site)
    assert set(after) == set(found)
    hoa = after["guong/2024/dang-thi-hoa.md"][0]
    assert hoa["title"].endswith("(cập nhật)") and hoa["source"] == item["url"]
    assert hoa["awards"] == ["Chiến sĩ thi đua"] and hoa["image"] == "anh/dang-thi-hoa.jpg"

    # A published profile is never overwritten: reported as skipped.
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    before = path.read_bytes()
    third = guong(site, "import", "--feed", str(feed))
    assert third.returncode == 0 and path.read_bytes() == before
    assert "đã xuất bản" in third.stderr and "1 đã xuất bản, bỏ qua" in third.stdout


def test_unmatched_taxonomies_are_left_for_staff(source_site: Path, tmp_path: Path):
    site = department(tmp_path)
    site.plugin_config["fields"] = {"y-te": None}  # this site has no 'Y tế' field
    site.add_campaign("chuyen-doi-so", title="Chuyển đổi số")
    data = json.loads((source_site / "feed.json").read_text(encoding="utf-8"))
    for item in data["items"]:
        item["_guong"]["campaigns"] = ["khac"]
        item["tags"] = [t for t in item["tags"] if t != "Chung sức xây dựng nông thôn mới"]
    saved = tmp_path / "feed.json"
    saved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = guong(site, "import", "--feed", str(saved), "--unit", "Huyện Ea Súp")
    assert result.returncode == 0, result.stderr
    assert "Cần điền: content/guong/2024/dang-thi-hoa.md: field (lĩnh vực), campaign" in result.stderr
    text = (site.docs / "guong/2024/dang-thi-hoa.md").read_text(encoding="utf-8")
    assert "# CẦN ĐIỀN field" in text
    meta = read_document(site.docs / "guong/2024/dang-thi-hoa.md").meta
    assert "field" not in meta and "campaign" not in meta and meta["unit"] == "Huyện Ea Súp"
    check = guong(site, "check")
    assert check.returncode == 1 and "dang-thi-hoa.md: field" in check.stdout

    # --campaign fills the campaign of every item that matches none here.
    with_default = guong(site, "import", "--feed", str(saved), "--campaign", "Chuyển đổi số")
    assert with_default.returncode == 0
    assert read_document(site.docs / "guong/2024/htx-ea-sup.md").meta["campaign"] == "chuyen-doi-so"


def test_bad_sources_fail_in_vietnamese(site: Site, tmp_path: Path):
    cases = {
        "hong.json": ("{not json", "không phải JSON hợp lệ"),
        "khac.json": ('{"rss": 1}', "không phải JSON Feed"),
    }
    for name, (text, expected) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = guong(site, "import", "--feed", str(tmp_path / name))
        assert result.returncode == 1 and expected in result.stderr, result.stderr
    missing = guong(site, "import", "--feed", str(tmp_path / "khong-co.json"))
    assert missing.returncode == 1 and "không đọc được tệp" in missing.stderr
    scheme = guong(site, "import", "--feed", "file:///etc/passwd")
    assert scheme.returncode == 1 and "http://" in scheme.stderr
    both = guong(site, "import", "x.csv", "--feed", "feed.json")
    assert both.returncode == 2 and "không dùng cả hai" in both.stderr
    (tmp_path / "thieu.json").write_text(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "Nguồn",
                "items": [
                    {"id": "1", "url": "https://a.example/guong/a/", "title": "Có tiêu đề"},
                    {
                        "id": "2",
                        "url": "https://a.example/guong/b/",
                        "date_published": "2024-01-02T00:00:00+07:00",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    partial = guong(site, "import", "--feed", str(tmp_path / "thieu.json"))
    assert partial.returncode == 1
    assert "Mục 1 ('Có tiêu đề'): không nhập được: thiếu ngày đăng" in partial.stderr
    assert "Mục 2 ('2'): không nhập được: thiếu tiêu đề" in partial.stderr


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served(source_site: Path):
    handler = functools.partial(_Quiet, directory=str(source_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_import_over_http_downloads_the_photo(served: str, tmp_path: Path):
    site = department(tmp_path)
    result = guong(site, "import", "--feed", served + "feed.json")
    assert result.returncode == 0, result.stdout + result.stderr
    meta, _ = drafts(site)["guong/2024/dang-thi-hoa.md"]
    assert meta["source"] == "https://guong.example.gov.vn/guong/dang-thi-hoa/"
    assert meta["image"] == "anh/dang-thi-hoa.jpg"
    with Image.open(site.docs / "guong/2024/anh/dang-thi-hoa.jpg") as img:
        img.verify()
    check_ok(site)
    again = guong(site, "import", "--feed", served + "feed.json")
    assert "0 hồ sơ mới, 0 cập nhật, 2 không đổi" in again.stdout, again.stdout + again.stderr

    # /guong/index.json over http: the site address comes from where it was fetched.
    other = department(tmp_path / "index")
    index = guong(other, "import", "--feed", served + "guong/index.json", "--unit", "Huyện Ea Súp")
    assert index.returncode == 0, index.stderr
    meta, _ = drafts(other)["guong/2024/dang-thi-hoa.md"]
    assert meta["source"] == served + "guong/dang-thi-hoa/" and meta["field"] == "y-te"
    assert meta["image"].startswith("anh/dang-thi-hoa.")


def test_http_errors_are_warnings_or_failures(served: str, tmp_path: Path):
    site = department(tmp_path)
    gone = guong(site, "import", "--feed", served + "khong-co/feed.json")
    assert gone.returncode == 1 and "máy chủ trả lời lỗi 404" in gone.stderr


class _Tricky(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Length", str(30 * 1024 * 1024))
            self.end_headers()

    def log_message(self, *args):
        pass


def test_downloads_refuse_other_schemes_and_huge_files():
    from guong.content import aggregate

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tricky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with pytest.raises(aggregate.FeedError, match="không phải http/https"):
            aggregate.download(base + "/file", 1000)
        with pytest.raises(aggregate.FeedError, match="quá lớn"):
            aggregate.download(base + "/big", aggregate.MAX_IMAGE_BYTES)
        with pytest.raises(aggregate.FeedError, match="http://"):
            aggregate.download("ftp://127.0.0.1/x", 1000)
    finally:
        server.shutdown()
        server.server_close()


def test_an_item_is_recognised_by_its_tag_guid_after_a_change_of_host(site: Site, tmp_path: Path):
    def feed(host: str) -> Path:
        path = tmp_path / f"{host}.json"
        path.write_text(
            json.dumps(
                {
                    "version": "https://jsonfeed.org/version/1.1",
                    "title": "Huyện Ea Súp",
                    "feed_url": f"https://{host}/feed.json",
                    "items": [
                        {
                            "id": "tag:guong.ea-sup.gov.vn,2024-03-05:guong/dang-thi-hoa",
                            "url": f"https://{host}/guong/dang-thi-hoa/",
                            "title": "Đặng Thị Hoa",
                            "date_published": "2024-03-05T00:00:00+07:00",
                            "content_html": "<p>Câu chuyện.</p>",
                            "tags": ["Y tế", "Cấp huyện", "Cá nhân", "Chung sức xây dựng nông thôn mới"],
                        }
                    ],
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        return path

    assert guong(site, "import", "--feed", str(feed("cu.example.gov.vn"))).returncode == 0
    moved = guong(site, "import", "--feed", str(feed("moi.example.gov.vn")))
    assert "0 hồ sơ mới, 1 cập nhật" in moved.stdout, moved.stdout + moved.stderr
    meta = read_document(site.docs / "guong/2024/dang-thi-hoa.md").meta
    assert meta["source"] == "https://moi.example.gov.vn/guong/dang-thi-hoa/"
    assert (meta["field"], meta["level"], meta["kind"], meta["unit"]) == (
        "y-te",
        "huyen",
        "ca-nhan",
        "Huyện Ea Súp",
    )
    check_ok(site)
