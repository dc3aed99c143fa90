"""Lighthouse (mobile, simulated throttling) on four pages of the sample site (issue 13, item 7).

    cd bench/lighthouse && npm ci && cd ../..      # Lighthouse 12.2.3, pinned (13 needs Node 22)
    .venv/bin/python bench/lighthouse.py            # build, serve with nginx, 3 runs per page
    .venv/bin/python bench/lighthouse.py --runs 5 --write   # also update BENCHMARKS.md

The sample site is built strictly into bench/out/lighthouse/site (or `--site DIR`, already
built) and served by the real nginx with deploy/nginx.conf (gzip, cache headers, CSP:
what readers get from `make deploy`), or by Python's http.server when nginx is missing
(no gzip: said in the report). Each page is audited `--runs` times with Debian's chromium
(`CHROME_PATH`, default /usr/bin/chromium) with Lighthouse's defaults: mobile form factor,
simulated throttling (slow 4G, 4x CPU). The run with the median performance score is kept.
Not a test: performance depends on the machine's load, printed with the table.

Report: bench/out/lighthouse/last-run.md (table, failed audits per page, command, machine);
`--write` puts it into BENCHMARKS.md between the `<!-- lighthouse -->` markers. The JSON
reports are kept in bench/out/lighthouse/<page>-<run>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import serve as serve_python
from nginxkit import NGINX, nginx

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "bench" / "out" / "lighthouse"
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Home, a profile with a photo, the list with its filter script, a section (chuyên mục) page.
PAGES = {
    "home": "",
    "profile": "guong/bac-si-tran-thi-mai-huong-hoa/",
    "guong": "guong/",
    "section": "linh-vuc/y-te/",
}
MARK_BEGIN, MARK_END = "<!-- lighthouse -->", "<!-- /lighthouse -->"


def build(site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"build failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")


def audit(url: str, out: Path, chrome: str) -> dict:
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    proc = subprocess.run(cmd, env=dict(os.environ, CHROME_PATH=chrome), capture_output=True, text=True)
    if proc.returncode or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {proc.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    cats, audits = report["categories"], report["audits"]
    row: dict[str, Any] = {name: round(100 * (cats[name]["score"] or 0)) for name in CATEGORIES}
    row["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    row["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    row["tbt"] = audits["total-blocking-time"]["numericValue"]
    row["fcp"] = audits["first-contentful-paint"]["numericValue"] / 1000
    failed = []
    for name in CATEGORIES:
        for ref in cats[name]["auditRefs"]:
            a = audits[ref["id"]]
            if (
                a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
                and a.get("score") is not None
            ):
                # metric audits are shown as the figures above; the rest only when failing
                if ref.get("group") == "metrics" or a["score"] >= 0.9:
                    continue
                failed.append(
                    f"{name}: `{ref['id']}` ({a['score']:.2f}) {a.get('displayValue', '')}".rstrip()
                )
    row["failed"] = failed
    # Lighthouse's own measure of this machine's speed at that moment (a mid-range phone-class
    # desktop scores ~1000+; a loaded shared machine much less), and its warnings.
    row["benchmark"] = report.get("environment", {}).get("benchmarkIndex", 0)
    row["warnings"] = [w.split(". ")[0] for w in report.get("runWarnings", [])]
    return row


def machine() -> str:
    load = os.getloadavg()
    chrome = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{platform.system()} {platform.machine()}, nproc {os.cpu_count()}, {chrome}, Node {node}, "
        f"Lighthouse 12.2.3; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min) at the start"
    )


def commit() -> str:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return proc.stdout.strip() + (" + uncommitted changes" if dirty.strip() else "")


def table(rows: dict[str, dict], runs: dict[str, list[int]]) -> list[str]:
    lines = [
        "| page | URL | performance | accessibility | best practices | SEO | CLS | LCP s | TBT ms | FCP s "
        "| performance, every run | CPU index |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for name, row in rows.items():
        lines.append(
            f"| {name} | `/{PAGES[name]}` | {row['performance']} | {row['accessibility']} | "
            f"{row['best-practices']} | {row['seo']} | {row['cls']:.3f} | {row['lcp']:.1f} | "
            f"{row['tbt']:.0f} | {row['fcp']:.1f} | {', '.join(map(str, runs[name]))} | {row['benchmark']:.0f} |"
        )
    return lines


def main() -> None:
    global CHROME
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="an already built site (default: build the sample site)")
    ap.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept (default 3)")
    ap.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES))
    ap.add_argument("--write", action="store_true", help="put the report into BENCHMARKS.md")
    args = ap.parse_args()
    CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: cd bench/lighthouse && npm ci")
    OUT.mkdir(parents=True, exist_ok=True)
    site = args.site
    if site is None:
        site = OUT / "site"
        print("building the sample site ...", flush=True)
        build(site)
    header = machine()
    server = nginx(site) if NGINX else serve_python(site)
    served_by = "nginx with deploy/nginx.conf" if NGINX else "Python http.server (no gzip: nginx is missing)"
    rows: dict[str, dict] = {}
    every: dict[str, list[int]] = {}
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(server)
        for name in args.pages:
            results = []
            for run in range(args.runs):
                report = audit(base + PAGES[name], OUT / f"{name}-{run + 1}.json", CHROME)
                results.append(summary(report))
                print(f"{name} run {run + 1}: performance {results[-1]['performance']}", flush=True)
            scores = [r["performance"] for r in results]
            median = statistics.median_low(scores)
            rows[name] = next(r for r in results if r["performance"] == median)
            every[name] = scores
    lines = [
        f"`python bench/lighthouse.py --runs {args.runs}` at commit {commit()}, "
        f"{time.strftime('%Y-%m-%d')}; served by {served_by}; {len(args.pages) * args.runs} Lighthouse runs "
        f"in {time.monotonic() - started:.0f} s.",
        "",
        header + ".",
        "",
        *table(rows, every),
        "",
    ]
    warnings = sorted({w for row in rows.values() for w in row["warnings"]})
    lines += [f"Lighthouse warned: {w}." for w in warnings] + ([""] if warnings else [])
    failing = [(name, f) for name, row in rows.items() for f in row["failed"]]
    if failing:
        lines.append("Audits below 0.9 in the kept runs:")
        lines.append("")
        lines += [f"- {name}: {f}" for name, f in failing]
    else:
        lines.append("No audit below 0.9 in the kept runs.")
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    (OUT / "last-run.md").write_text(text, encoding="utf-8")
    if args.write:
        path = ROOT / "BENCHMARKS.md"
        page = path.read_text(encoding="utf-8")
        pattern = re.compile(re.escape(MARK_BEGIN) + r".*?" + re.escape(MARK_END), re.S)
        if not pattern.search(page):
            sys.exit(f"BENCHMARKS.md has no {MARK_BEGIN} … {MARK_END} section")
        path.write_text(pattern.sub(lambda _: f"{MARK_BEGIN}\n{text}{MARK_END}", page), encoding="utf-8")
        print("written into BENCHMARKS.md")


CHROME = "/usr/bin/chromium"

if __name__ == "__main__":
    main()
