"""Run the real nginx with deploy/nginx.conf on 127.0.0.1, serving a built site.

    with nginx(site_dir) as base:  # "http://127.0.0.1:<port>/"
        urllib.request.urlopen(base + "rss.xml")

The server block is used as written except for its `listen` and `root` lines; the wrapper
keeps every file nginx writes (pid, logs, temporary folders) inside a fresh folder, so it runs
without root and without touching /etc/nginx. tests/test_deploy.py and bench/lighthouse.py
use it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)


def server_conf(root: Path, port: int) -> str:
    """deploy/nginx.conf with its listen and root lines pointed here (each must be there once)."""
    text = CONF.read_text(encoding="utf-8")
    text, n_listen = re.subn(r"(?m)^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{port};", text)
    text, n_listen6 = re.subn(r"(?m)^\s*listen \[::\]:80;\n", "", text)
    text, n_root = re.subn(r"(?m)^(\s*)root /var/www/guong/current;$", rf"\1root {root};", text)
    assert (n_listen, n_listen6, n_root) == (1, 1, 1), "deploy/nginx.conf: listen/root lines changed"
    return text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, log: Path) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
        time.sleep(0.05)
    raise AssertionError(f"nginx did not start: {log.read_text(errors='replace')}")


@contextlib.contextmanager
def nginx(root: Path | str) -> Iterator[str]:
    """Serve `root` with deploy/nginx.conf; yields the base URL ending in '/'."""
    assert NGINX, "nginx is not installed (scripts/system-deps.sh installs it)"
    root = Path(root).resolve()
    with tempfile.TemporaryDirectory(prefix="guong-nginx-") as tmp:
        prefix = Path(tmp)
        for attempt in range(5):  # another process may take the free port before nginx binds it
            port = _free_port()
            (prefix / "guong.conf").write_text(server_conf(root, port), encoding="utf-8")
            temp = " ".join(
                f"{name}_temp_path {prefix / name};"
                for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            # As root, workers would switch to `nobody`, who cannot read a pytest tmp_path (0700).
            user = "user root;" if os.geteuid() == 0 else ""
            (prefix / "nginx.conf").write_text(
                f"daemon off; {user} worker_processes 1; pid {prefix / 'nginx.pid'};\n"
                f"error_log {prefix / 'error.log'};\n"
                "events { worker_connections 128; }\n"
                f"http {{ access_log off; {temp}\n include {prefix / 'guong.conf'}; }}\n",
                encoding="utf-8",
            )
            log = prefix / "error.log"
            proc = subprocess.Popen(
                [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(log)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            try:
                if _wait_for(port, proc, log):
                    break
            except BaseException:
                proc.kill()
                proc.wait()
                raise
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            if "Address already in use" not in err + log.read_text(errors="replace") or attempt == 4:
                raise AssertionError(f"nginx failed: {err}{log.read_text(errors='replace')}")
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            proc.terminate()  # SIGTERM: nginx's fast shutdown, workers included
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stderr:
                proc.stderr.close()
