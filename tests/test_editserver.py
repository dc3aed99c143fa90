"""The local file API of `guong edit` (editserver.py): Decap's proxy protocol, confined to
content/, over real HTTP on 127.0.0.1 with the origin and host checks."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import threading

import pytest

from guong import editserver
from guong.editserver import ApiServer, EditError, LocalFiles

PREVIEW = "http://127.0.0.1:8000"
PROFILE = "---\ntitle: Chị Lan\ndate: 2025-05-19\n---\nCâu chuyện.\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "content/guong/2025").mkdir(parents=True)
    (tmp_path / "content/guong/2025/co-san.md").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/secret.md").write_text("bí mật", encoding="utf-8")
    return tmp_path


@pytest.fixture
def files(project):
    return LocalFiles(project, project / "content")


@pytest.fixture
def api(files):
    server = ApiServer(files, 0, {PREVIEW})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def post(server, body, origin=PREVIEW, host=None, method="POST", raw=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Content-Type": "application/json", "Host": host or f"127.0.0.1:{server.port}"}
    if origin:
        headers["Origin"] = origin
    data = raw if raw is not None else json.dumps(body).encode()
    conn.request(method, "/api/v1", body=data if method == "POST" else None, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    return response, (json.loads(payload) if payload else None)


def test_an_entry_round_trips_and_lands_in_content(files, project):
    raw = "---\ntitle: Anh Minh\ndate: 2025-04-03\n---\nCâu chuyện mới.\n"
    photo = b"\xff\xd8\xff fake jpeg"
    files.handle(
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [{"slug": "anh-minh", "path": "content/guong/2026/anh-minh.md", "raw": raw}],
                "assets": [
                    {
                        "path": "content/guong/2026/anh/minh.jpg",
                        "content": base64.b64encode(photo).decode(),
                        "encoding": "base64",
                    }
                ],
                "options": {"commitMessage": "x", "useWorkflow": False, "status": ""},
            },
        }
    )
    assert (project / "content/guong/2026/anh-minh.md").read_text(encoding="utf-8") == raw
    assert (project / "content/guong/2026/anh/minh.jpg").read_bytes() == photo
    assert not [p for p in (project / "content/guong/2026").iterdir() if p.name.startswith(".")]
    listed = files.handle(
        {"action": "entriesByFolder", "params": {"folder": "content/guong", "extension": "md", "depth": 3}}
    )
    paths = [e["file"]["path"] for e in listed]
    assert paths == ["content/guong/2026/anh-minh.md", "content/guong/2025/co-san.md"]
    assert listed[0]["data"] == raw and listed[0]["file"]["id"] == hashlib.sha256(raw.encode()).hexdigest()
    media = files.handle({"action": "getMedia", "params": {"mediaFolder": "content/guong/2026/anh"}})
    assert [(m["name"], base64.b64decode(m["content"])) for m in media] == [("minh.jpg", photo)]
    files.handle(
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [
                    {
                        "slug": "anh-minh",
                        "path": "content/guong/2026/anh-minh.md",
                        "newPath": "content/guong/2026/anh-le-minh.md",
                        "raw": raw,
                    }
                ],
                "assets": [],
                "options": {},
            },
        }
    )
    assert sorted(p.name for p in (project / "content/guong/2026").iterdir()) == ["anh", "anh-le-minh.md"]
    files.handle({"action": "deleteFile", "params": {"path": "content/guong/2026/anh-le-minh.md"}})
    assert not (project / "content/guong/2026/anh-le-minh.md").exists()
    assert (
        files.handle({"action": "getEntry", "params": {"path": "content/guong/2025/co-san.md"}})["data"]
        == PROFILE
    )


@pytest.mark.parametrize(
    "path",
    [
        "../outside/secret.md",
        "content/../outside/secret.md",
        "content/guong/../../mkdocs.yml",
        "/etc/passwd",
        "mkdocs.yml",
        "outside/secret.md",
        "content",
        "content/guong/.git/config",
        "content\\guong\\x.md",
        "content/guong/x\x00.md",
        "content/guong/lien-ket/secret.md",  # through a symlink out of content/
        "",
        None,
    ],
)
def test_hostile_paths_are_refused_for_reading_and_writing(files, project, path):
    (project / "content/guong/lien-ket").symlink_to(project / "outside")
    before = sorted(str(p) for p in project.rglob("*"))
    for body in (
        {"action": "getEntry", "params": {"path": path}},
        {"action": "getMediaFile", "params": {"path": path}},
        {"action": "deleteFile", "params": {"path": path}},
        {"action": "persistEntry", "params": {"dataFiles": [{"path": path, "raw": "x"}], "assets": []}},
        {
            "action": "persistMedia",
            "params": {"asset": {"path": path, "content": "eA==", "encoding": "base64"}},
        },
    ):
        with pytest.raises(EditError) as refused:
            files.handle(body)
        assert refused.value.status in (400, 403), body
    assert sorted(str(p) for p in project.rglob("*")) == before
    assert (project / "outside/secret.md").read_text(encoding="utf-8") == "bí mật"


def test_only_stories_and_media_are_written_and_symlinks_out_are_never_listed(files, project):
    (project / "content/guong/2025/ngoai.md").symlink_to(project / "outside/secret.md")
    for path in ("content/guong/2025/x.html", "content/guong/2025/x.py", "content/guong/2025/x.MD.js"):
        with pytest.raises(EditError, match="chỉ được lưu"):
            files.handle({"action": "persistEntry", "params": {"dataFiles": [{"path": path, "raw": "x"}]}})
    with pytest.raises(EditError, match="chỉ được lưu"):
        files.handle(
            {
                "action": "persistMedia",
                "params": {"asset": {"path": "content/a.svg", "content": "", "encoding": "base64"}},
            }
        )
    # A bad asset refuses the whole entry: nothing is half-written.
    with pytest.raises(EditError):
        files.handle(
            {
                "action": "persistEntry",
                "params": {
                    "dataFiles": [{"path": "content/guong/2025/moi.md", "raw": "x"}],
                    "assets": [{"path": "../x.jpg", "content": "", "encoding": "base64"}],
                },
            }
        )
    assert not (project / "content/guong/2025/moi.md").exists()
    listed = files.handle(
        {"action": "entriesByFolder", "params": {"folder": "content/guong", "extension": "md", "depth": 3}}
    )
    assert [e["file"]["path"] for e in listed] == ["content/guong/2025/co-san.md"]
    with pytest.raises(EditError) as unknown:
        files.handle({"action": "unpublishedEntries", "params": {}})
    assert unknown.value.status == 422


def test_http_answers_only_the_preview_on_loopback(api, project):
    assert api.server_address[0] == "127.0.0.1"
    response, info = post(api, {"action": "info", "params": {}})
    assert response.status == 200 and info["type"] == "local_fs"
    assert response.getheader("Access-Control-Allow-Origin") == PREVIEW
    response, _ = post(api, None, method="OPTIONS")
    assert response.status == 204
    assert response.getheader("Access-Control-Allow-Origin") == PREVIEW
    assert "Content-Type" in response.getheader("Access-Control-Allow-Headers")
    write = {
        "action": "persistEntry",
        "params": {"dataFiles": [{"path": "content/guong/2025/tan-cong.md", "raw": "x"}], "assets": []},
    }
    for kwargs in ({"origin": None}, {"origin": "https://trang-la.example"}, {"host": "attacker.example:80"}):
        response, error = post(api, write, **kwargs)
        assert response.status == 403 and error["error"], kwargs
        assert response.getheader("Access-Control-Allow-Origin") is None
        response, _ = post(api, None, method="OPTIONS", **kwargs)
        assert response.status == 403
    assert not (project / "content/guong/2025/tan-cong.md").exists()
    response, error = post(api, None, raw=b"{not json")
    assert response.status == 400 and "JSON" in error["error"]
    response, error = post(api, {"action": "getEntry", "params": {"path": "../mkdocs.yml"}})
    assert response.status == 403 and "content/" in error["error"]
    conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=10)
    conn.request(
        "POST", "/api/v1", headers={"Origin": PREVIEW, "Content-Length": str(editserver.MAX_BODY + 1)}
    )
    assert conn.getresponse().status == 413
    conn.close()


def test_the_edit_api_is_only_used_under_serve(monkeypatch):
    from guong.adapter.config import AdminConfig
    from guong.adapter.files import EDIT_API_ENV, edit_api

    assert EDIT_API_ENV == editserver.ENV
    admin = AdminConfig()
    admin.load_dict({})
    assert not admin.validate()[0]
    monkeypatch.setenv(EDIT_API_ENV, "http://127.0.0.1:4321/api/v1")
    assert edit_api(admin, serving=True) == "http://127.0.0.1:4321/api/v1"
    assert edit_api(admin, serving=False) is None
    admin["local_backend"] = False
    assert edit_api(admin, serving=True) is None
    admin["local_backend"] = True
    monkeypatch.delenv(EDIT_API_ENV)
    assert edit_api(admin, serving=True) is None


def test_guong_edit_says_what_is_missing(site, monkeypatch, capsys):
    from guong import cli
    from guong.outputs import cms

    config = site.write_config()
    monkeypatch.setattr(cms, "vendored_files", lambda: [])
    assert cli.main(["-f", str(config), "edit"]) == 2
    assert "make vendor" in capsys.readouterr().err
    site.plugin_config["admin"] = {"local_backend": False}
    assert cli.main(["-f", str(site.write_config()), "edit"]) == 2
    assert "admin.local_backend: false" in capsys.readouterr().err
