"""`guong edit`: the live preview and the browser editor on the local files, in one command.

Decap CMS edits local files through the small HTTP protocol of its `decap-server` package
(Decap's "proxy" backend: POST /api/v1 with `{action, params}`). `LocalFiles` is that
protocol in Python, for what the editor needs; unlike decap-server it answers only the
preview's own origin (not every web page the browser has open), binds to 127.0.0.1 only,
and reads and writes nothing outside content/ (no `..`, no absolute path, no symlink out).
`run` starts it beside `mkdocs serve`, whose builds then point /admin/ at it (env
GUONG_EDIT_API, read by adapter/files.py), and stops both on Ctrl-C.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

API_PATH = "/api/v1"
ENV = "GUONG_EDIT_API"  # same name as adapter/files.py EDIT_API_ENV (this module is MkDocs-free)
MAX_BODY = 64 * 1024 * 1024  # base64 photos and radio pieces
ENTRY_SUFFIXES = (".md",)
MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".mp3", ".m4a", ".pdf")


class EditError(Exception):
    """A request the editor may not make: answered with `status` and a Vietnamese message."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LocalFiles:
    """The decap-server local file system actions, confined to `docs_dir`.

    Paths in requests are relative to the project root (`content/guong/2025/x.md`), as
    Decap's config gives them (cms.py: collection folders under docs_dir).
    """

    def __init__(self, root: Path, docs_dir: Path, log: Callable[[str], None] = lambda _: None):
        self.root = root.resolve()
        self.docs = docs_dir.resolve()
        self.log = log

    # --- paths ------------------------------------------------------------------------

    def _path(self, value: Any, suffixes: tuple[str, ...] | None = None) -> Path:
        """The absolute path for a request path, or EditError: only inside docs_dir, symlinks
        resolved, no hidden or parent segments; `suffixes` limits what may be written."""
        if not isinstance(value, str) or not value:
            raise EditError("thiếu đường dẫn tệp")
        if any(ord(c) < 32 or c in "\\\x7f" for c in value):
            raise EditError(f"đường dẫn '{value!r}' có ký tự không hợp lệ")
        rel = PurePosixPath(value)
        if rel.is_absolute() or any(part in ("", ".", "..") or part.startswith(".") for part in rel.parts):
            raise EditError(
                f"đường dẫn '{value}' bị từ chối: chỉ được đọc, ghi trong thư mục {self.docs.name}/", 403
            )
        path = self.root.joinpath(*rel.parts)
        # The nearest existing ancestor, symlinks resolved, decides where a new file would land.
        existing = path
        while not os.path.lexists(existing) and existing != self.root:
            existing = existing.parent
        real = Path(os.path.realpath(existing)).joinpath(path.relative_to(existing))
        if not real.is_relative_to(self.docs) or real == self.docs:
            raise EditError(
                f"đường dẫn '{value}' bị từ chối: chỉ được đọc, ghi trong thư mục {self.docs.name}/", 403
            )
        if suffixes is not None and real.suffix.lower() not in suffixes:
            raise EditError(f"'{value}': chỉ được lưu tệp {', '.join(suffixes)}", 403)
        return real

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _show(self, path: Path) -> str:
        """Where the file really is (symlinks resolved), for the terminal log."""
        return self._rel(path) if path.is_relative_to(self.root) else str(path)

    # --- reading ----------------------------------------------------------------------

    def _entry(self, value: Any, label: Any = None) -> dict:
        path = self._path(value)
        file: dict[str, Any] = {"path": value, "id": None}
        if isinstance(label, str):
            file["label"] = label
        try:
            data = path.read_bytes()
        except OSError:
            return {"data": None, "file": file}
        file["id"] = _sha256(data)
        return {"data": data.decode("utf-8", errors="replace"), "file": file}

    def _walk(self, folder: Path, suffix: str, depth: int) -> list[Path]:
        if depth <= 0 or not folder.is_dir():
            return []
        found: list[Path] = []
        for child in sorted(folder.iterdir(), reverse=True):  # newest year folders first
            if child.name.startswith("."):
                continue
            real = Path(os.path.realpath(child))
            if not real.is_relative_to(self.docs):
                continue  # a symlink out of content/: never listed
            if child.is_dir():
                found.extend(self._walk(child, suffix, depth - 1))
            elif child.is_file() and child.name.endswith(suffix):
                found.append(child)
        return found

    def _media(self, value: str) -> dict:
        path = self._path(value)
        try:
            data = path.read_bytes()
        except OSError:
            raise EditError(f"không đọc được tệp '{value}'", 404) from None
        return {
            "id": _sha256(data),
            "content": base64.b64encode(data).decode("ascii"),
            "encoding": "base64",
            "path": value,
            "name": path.name,
        }

    # --- writing ----------------------------------------------------------------------

    def _write(self, path: Path, data: bytes) -> None:
        """Whole or not at all: the preview's watcher never sees half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        self.log(f"Đã lưu {self._show(path)}")

    def _asset(self, asset: Any) -> tuple[Path, bytes]:
        if not isinstance(asset, dict) or asset.get("encoding") != "base64":
            raise EditError("tệp đính kèm phải gửi dạng base64")
        path = self._path(asset.get("path"), MEDIA_SUFFIXES)
        try:
            return path, base64.b64decode(str(asset.get("content", "")), validate=True)
        except ValueError:
            raise EditError(f"'{asset.get('path')}': nội dung base64 hỏng") from None

    def _delete(self, value: Any) -> None:
        path = self._path(value)
        if path.is_dir():
            raise EditError(f"'{value}' là thư mục, không xóa", 403)
        if path.exists():
            path.unlink()
            self.log(f"Đã xóa {self._show(path)}")

    # --- the protocol -----------------------------------------------------------------

    def handle(self, body: Any) -> Any:
        """One request body -> the JSON answer (or EditError)."""
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            raise EditError("yêu cầu phải là JSON {action, params}")
        action = body["action"]
        params = body.get("params") or {}
        if not isinstance(params, dict):
            raise EditError("'params' phải là một đối tượng JSON")
        method = getattr(self, f"do_{action}", None)
        if method is None:
            raise EditError(f"thao tác '{action}' không được hỗ trợ khi biên tập trên máy", 422)
        return method(params)

    def do_info(self, params: dict) -> dict:
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def do_entriesByFolder(self, params: dict) -> list:
        folder = self._path(params.get("folder"))
        suffix = "." + str(params.get("extension", "md")).lstrip(".")
        depth = params.get("depth", 1)
        if not isinstance(depth, int):
            raise EditError("'depth' phải là số")
        return [self._entry(self._rel(p)) for p in self._walk(folder, suffix, min(depth, 20))]

    def do_entriesByFiles(self, params: dict) -> list:
        files = params.get("files")
        if not isinstance(files, list):
            raise EditError("'files' phải là một danh sách")
        return [self._entry(f.get("path"), f.get("label")) for f in files if isinstance(f, dict)]

    def do_getEntry(self, params: dict) -> dict:
        return self._entry(params.get("path"))

    def do_persistEntry(self, params: dict) -> dict:
        files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        if not files or not all(isinstance(f, dict) and isinstance(f.get("raw"), str) for f in files):
            raise EditError("thiếu nội dung bài cần lưu")
        # Check every path before writing anything.
        writes = [(self._path(f.get("path"), ENTRY_SUFFIXES), f["raw"].encode("utf-8")) for f in files]
        moves = [
            (self._path(f.get("path"), ENTRY_SUFFIXES), self._path(f["newPath"], ENTRY_SUFFIXES))
            for f in files
            if f.get("newPath")
        ]
        assets = [self._asset(a) for a in params.get("assets") or []]
        for path, data in writes + assets:
            self._write(path, data)
        for old, new in moves:  # a renamed entry: this one file, never its folder's neighbours
            if new.exists():
                raise EditError(f"'{self._rel(new)}' đã có; chọn tên khác", 409)
            new.parent.mkdir(parents=True, exist_ok=True)
            os.replace(old, new)
            self.log(f"Đã đổi tên {self._show(old)} thành {self._show(new)}")
        return {"message": "entry persisted"}

    def do_getMedia(self, params: dict) -> list:
        folder = self._path(params.get("mediaFolder"))
        return [
            self._media(self._rel(p)) for p in self._walk(folder, "", 1) if p.suffix.lower() in MEDIA_SUFFIXES
        ]

    def do_getMediaFile(self, params: dict) -> dict:
        return self._media(params.get("path"))  # type: ignore[arg-type]

    def do_persistMedia(self, params: dict) -> dict:
        path, data = self._asset(params.get("asset"))
        self._write(path, data)
        return self._media(self._rel(path))

    def do_deleteFile(self, params: dict) -> dict:
        self._delete(params.get("path"))
        return {"message": "deleted"}

    def do_deleteFiles(self, params: dict) -> dict:
        paths = params.get("paths")
        if not isinstance(paths, list):
            raise EditError("'paths' phải là một danh sách")
        for value in paths:
            self._path(value)  # all or nothing
        for value in paths:
            self._delete(value)
        return {"message": "deleted"}

    def do_getDeployPreview(self, params: dict) -> None:
        return None


# --- HTTP ---------------------------------------------------------------------------------


class ApiServer(http.server.ThreadingHTTPServer):
    """The protocol over HTTP on 127.0.0.1, for the browser pages of `origins` only."""

    daemon_threads = True

    def __init__(self, files: LocalFiles, port: int, origins: set[str]):
        self.files = files
        self.origins = origins
        super().__init__(("127.0.0.1", port), ApiHandler)
        self.port = self.server_address[1]
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PATH}"


class ApiHandler(http.server.BaseHTTPRequestHandler):
    server: ApiServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # saves and errors are logged instead
        pass

    def _reply(self, status: int, payload: Any = None, cors: bool = True) -> None:
        body = b"" if status == 204 else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        if cors:
            self.send_header("Access-Control-Allow-Origin", self.headers["Origin"])
            self.send_header("Vary", "Origin")
        if status != 204:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _refused(self) -> str | None:
        """Why this request is not answered: another address, another web page (a page of
        any site open in the browser could otherwise write the files), DNS rebinding."""
        if self.path.split("?")[0] != API_PATH:
            return "không có địa chỉ này"
        if self.headers.get("Host") not in self.server.hosts:
            return "tên máy không hợp lệ"
        if self.headers.get("Origin") not in self.server.origins:
            return "chỉ trang biên tập của bản xem trước được dùng địa chỉ này"
        return None

    def do_OPTIONS(self) -> None:
        reason = self._refused()
        if reason:
            self._reply(403, {"error": reason}, cors=False)
            return
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", self.headers["Origin"])
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Vary", "Origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._reply(405, {"error": "chỉ nhận POST"}, cors=False)

    def do_POST(self) -> None:
        reason = self._refused()
        if reason:
            self._reply(404 if reason == "không có địa chỉ này" else 403, {"error": reason}, cors=False)
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_BODY:
            self.close_connection = True
            self._reply(413, {"error": f"yêu cầu quá lớn (tối đa {MAX_BODY // 2**20} MB)"})
            return
        try:
            body = json.loads(self.rfile.read(int(length)).decode("utf-8"))
            self._reply(200, self.server.files.handle(body))
        except (UnicodeDecodeError, json.JSONDecodeError):
            self._reply(400, {"error": "yêu cầu không phải JSON"})
        except EditError as exc:
            self.server.files.log(f"Từ chối: {exc}")
            self._reply(exc.status, {"error": str(exc)})
        except OSError as exc:
            self.server.files.log(f"Lỗi ghi, đọc tệp: {exc}")
            self._reply(500, {"error": f"lỗi ghi, đọc tệp: {exc.strerror or exc}"})
        except Exception as exc:  # never a dropped connection: Decap would wait for ever
            self.server.files.log(f"Lỗi: {exc!r}")
            self._reply(500, {"error": f"lỗi máy chủ biên tập: {exc}"})


# --- the command --------------------------------------------------------------------------


def _wait_for_port(port: int, child: subprocess.Popen) -> bool:
    """True once the preview answers on 127.0.0.1:port; False if `mkdocs serve` stopped."""
    while child.poll() is None:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.send_signal(signal.SIGINT)  # mkdocs serve shuts down cleanly on Ctrl-C
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run(
    config_file: Path,
    root: Path,
    docs_dir: Path,
    port: int = 8000,
    api_port: int = 0,
    open_browser: bool = False,
    say: Callable[[str], None] = print,
) -> int:
    """Serve the preview on 127.0.0.1:port and the editor's file API beside it until Ctrl-C
    (or SIGTERM); the exit status of `mkdocs serve` when it stops by itself."""
    origins = {f"http://127.0.0.1:{port}", f"http://localhost:{port}"}
    server = ApiServer(LocalFiles(root, docs_dir, say), api_port, origins)
    thread = threading.Thread(target=server.serve_forever, name="guong-edit-api", daemon=True)
    thread.start()
    env = {**os.environ, ENV: server.url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "-a", f"127.0.0.1:{port}"]
    # Ctrl-C and SIGTERM stop both, even when started with SIGINT ignored (`cmd &` in a
    # script): a handled signal is reset to the default in the child, an ignored one is not.
    handlers = {
        sig: signal.signal(sig, signal.default_int_handler) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    # Its own session: the terminal's Ctrl-C reaches this process only, which stops it once.
    child = subprocess.Popen(command, env=env, cwd=root, start_new_session=True)
    try:
        if _wait_for_port(port, child):
            admin = f"http://127.0.0.1:{port}/admin/"
            say(f"Trang biên tập: {admin}")
            say(f"Xem trước: http://127.0.0.1:{port}/ (tự tải lại sau mỗi lần lưu). Nhấn Ctrl-C để dừng.")
            if open_browser:
                import webbrowser

                webbrowser.open(admin)
        code = child.wait()
        if code:
            say(f"mkdocs serve đã dừng (mã {code}); cổng {port} có đang bị chương trình khác dùng không?")
        return code
    except KeyboardInterrupt:
        say("Đang dừng…")
        return 0
    finally:
        _stop(child)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        server.shutdown()
        server.server_close()
        thread.join()
