"""`mkdocs serve`: from saving one profile to its page served with the change (issue 12).

    python bench/serve_bench.py CORPUS_DIR [--runs 5] [--port 8765] [--log]

CORPUS_DIR is a corpus of `bench/run.py` (`bench/out/n1000-m12-s1`, with its `mkdocs.yml`).
Starts `mkdocs serve` on it as staff would (`guong edit` runs the same), waits for the first
build, then, `--runs` times: appends a sentence to one profile's story (a different profile
each run, a new sentence each time, written whole: temporary file + rename, as the editor's
file API does), and polls the profile's page until the sentence is in it. MkDocs holds
requests while it rebuilds, so the time from the save to the first response holding the
sentence is what a reader of the preview waits for, MkDocs' own wait for the changes to
settle included. Reports every run, the median, and the rebuild time from serve's log.
The profile files are restored at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError:
        return ""  # 404 while the page does not exist yet
    except OSError:
        return ""  # not listening yet (the first build runs before the server starts)


def save(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--log", action="store_true", help="print what serve logged for each rebuild")
    args = ap.parse_args(argv)
    corpus = args.corpus.resolve()
    profiles = sorted((corpus / "content/guong").rglob("*.md"))
    profiles = [p for p in profiles if p.name != "index.md"][: args.runs]
    originals = {p: p.read_text(encoding="utf-8") for p in profiles}
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{args.port}"]
    serve = subprocess.Popen(
        command, cwd=corpus, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(serve.stdout or ()), daemon=True).start()
    base = f"http://127.0.0.1:{args.port}"
    times: list[float] = []
    try:
        started = time.perf_counter()
        while not fetch(f"{base}/"):
            if serve.poll() is not None:
                print("".join(log[-30:]))
                return 1
            time.sleep(0.5)
        print(f"first build and serve: {time.perf_counter() - started:.1f} s")
        for i, path in enumerate(profiles):
            url = f"{base}/guong/{path.stem}/"
            if not fetch(url):
                print(f"no page at {url} (a draft?): skipped")
                continue
            marker = f"Câu thêm để đo lần {i + 1} {time.time_ns()}."
            before = len(log)
            t0 = time.perf_counter()
            save(path, originals[path].rstrip("\n") + f"\n\n{marker}\n")
            while marker not in fetch(url):
                time.sleep(0.05)
            times.append(time.perf_counter() - t0)
            built = [
                m[1] for line in log[before:] if (m := re.search(r"Documentation built in ([\d.]+)", line))
            ]
            print(f"run {i + 1}: {path.relative_to(corpus)} -> {times[-1]:.2f} s (rebuild {built or '?'} s)")
            if args.log:  # what the rebuild said (the plugin's steps and their times)
                print("".join(log[before:]), end="")
            time.sleep(1.0)  # let the watcher settle before the next save
        print(f"median save -> page served: {statistics.median(times):.2f} s over {len(times)} runs")
        return 0
    finally:
        for path, text in originals.items():
            save(path, text)
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()


if __name__ == "__main__":
    sys.exit(main())
