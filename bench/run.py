"""Benchmark: our plugin's build against the floor (plain Material, same pages) and the peers.

    python bench/run.py [--sizes 1000 5000] [--repeat 1] [--photos] [--stages floor ours]

For each size N it generates (or reuses) a corpus under bench/out/, then runs the
stages in interleaved rounds, each in a fresh child process (``mkdocs build --strict``,
or the stage's own command: ``hugo``, ``guong check``), timing the wall clock and
reading the child's CPU time and peak RSS from ``os.wait4`` (the kernel's per-child
rusage: no /usr/bin/time needed, and no mixing with earlier children as RUSAGE_CHILDREN
would). It prints a Markdown table of ratios against the floor and the targets.

A stage is one entry in STAGES: a name, the mkdocs.yml to build (optionally a text
transform of ours) or a command, what to wipe before each run, an optional edit of the
corpus for the run, and where its output goes. Adding a benchmark means adding an entry.
Standard library only (the corpus generator needs Pillow for --photos; the peers need
`pip install -e .[bench]` and `bench/deps.sh`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402  (bench/ is not a package: the path is set above)

OUT = BENCH / "out"
# 2026-01-01 00:00 in Asia/Ho_Chi_Minh: after every generated date (2021-2025), so no
# profile is "scheduled" if the plugin takes SOURCE_DATE_EPOCH as the build's "now".
SOURCE_DATE_EPOCH = "1767200400"
TIME_TARGET, MEM_TARGET = 1.3, 1.5  # ours / floor
TAIL_LINES = 25


# --- stages ------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One timed build. ``config`` names the mkdocs.yml (relative to the corpus dir);
    ``transform`` rewrites OUR mkdocs.yml text into mkdocs.<name>.yml for this stage;
    ``yml`` names that file instead (stages sharing it build the same mkdocs.yml, as
    staff do); ``command`` replaces ``mkdocs build`` (e.g. a staff CLI command, Hugo);
    ``wipe`` lists paths removed before each run (caches for a cold run); ``edit`` changes
    the corpus before a run and returns the undo, run after it; ``site`` is the output
    dir (None: the stage writes none); ``requires`` says what is missing to run it, if
    anything; ``targets`` says whether the ≤1.3× time / ≤1.5× memory targets apply (not
    to the floor itself nor to the peers)."""

    name: str
    why: str
    config: str = "mkdocs.yml"
    transform: Callable[[str], str] | None = None
    yml: str | None = None
    command: Callable[[Path], list[str]] | None = None
    wipe: tuple[str, ...] = ()
    edit: Callable[[Path, int], Callable[[], None]] | None = None
    site: str | None = "site-guong"
    requires: Callable[[], str | None] | None = None
    targets: bool = True
    photos_only: bool = False


# Everything the plugin might cache, relative to the corpus dir (the builds run there,
# with XDG_CACHE_HOME pointed inside it). Add the plugin's cache dir here if it differs.
CACHES = (".cache", "site-guong")


def _feeds_off(yml: str) -> str:
    """Our mkdocs.yml with `feeds: {enabled: false}` under the guong plugin."""
    if "\n      feeds:\n" in yml:
        return yml.replace("\n      feeds:\n", "\n      feeds:\n        enabled: false\n", 1)
    if "\n  - guong:\n" in yml:
        return yml.replace("\n  - guong:\n", "\n  - guong:\n      feeds:\n        enabled: false\n", 1)
    return yml.replace("\n  - guong\n", "\n  - guong:\n      feeds:\n        enabled: false\n", 1)


def _module(name: str, install: str) -> Callable[[], str | None]:
    return lambda: None if importlib.util.find_spec(name) else f"{name} is not installed ({install})"


def _program(name: str, install: str) -> Callable[[], str | None]:
    return lambda: None if shutil.which(name) else f"`{name}` is not on PATH ({install})"


def guong_cli() -> str:
    """The `guong` script of the venv running the bench, else the one on PATH."""
    here = Path(sys.executable).with_name("guong")
    return str(here) if here.is_file() else "guong"


def edited_profile(corpus: Path) -> Path:
    """The profile the edit stages change: the middle one in path order (deterministic)."""
    files = sorted((corpus / "content" / "guong").rglob("*.md"))
    return files[len(files) // 2]


def edit_profile(title: bool) -> Callable[[Path, int], Callable[[], None]]:
    """An edit a writer makes: a sentence added to one profile's story (and, with
    ``title``, its headline changed, which every list showing it must follow)."""

    def edit(corpus: Path, run: int) -> Callable[[], None]:
        path = edited_profile(corpus)
        before = path.read_bytes()
        text = before.decode("utf-8").rstrip("\n")
        text += f"\n\nCập nhật lần {run}: số liệu đã được Ban Thi đua xác minh lại.\n"
        if title:
            text = re.sub(r'^title: "(.*)"$', rf'title: "\1 (cập nhật {run})"', text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8", newline="\n")

        def undo() -> None:
            path.write_bytes(before)

        return undo

    return edit


OURS_YML = "mkdocs.ours.yml"  # ours, ours-warm and the edits build the same file, as staff do
PDF_YML = "mkdocs.pdf.yml"  # the cached-yearbook stages: one file, so their cache keys agree
STAGES: list[Stage] = [
    Stage(
        "floor",
        "plain mkdocs-material on the same Markdown, profiles out of the nav",
        config="floor/mkdocs.yml",
        wipe=("floor/site",),
        site="floor/site",
        targets=False,
    ),
    # Peers: what a team would use instead of us, on the same profiles (bench/generate.py).
    Stage(
        "material-blog",
        "Material's blog + tags plugins + mkdocs-rss-plugin: posts, categories = fields, "
        "tags = campaigns, yearly archives, RSS/JSON feeds (created, updated)",
        config="material-blog/mkdocs.yml",
        wipe=("material-blog/site", "material-blog/.cache"),
        site="material-blog/site",
        requires=_module("mkdocs_rss_plugin", "pip install -e '.[bench]'"),
        targets=False,
    ),
    Stage(
        "hugo",
        "Hugo (Debian 0.111) with a minimal theme: pages, 5 taxonomies, paginated lists, "
        "RSS per section, taxonomy and term",
        command=lambda corpus: ["hugo", "--quiet", "--source", str(corpus / "hugo")],
        wipe=("hugo/public", "hugo/resources"),
        site="hugo/public",
        requires=_program("hugo", "bench/deps.sh"),
        targets=False,
    ),
    # The page-building stages leave the yearbook PDF out (its own stage measures it), so the
    # comparison with the floor is about pages, feeds, photos and cards.
    Stage(
        "ours",
        "our site from a clean checkout (no caches), PDF yearbooks off",
        transform=lambda y: without_pdf(y),
        yml=OURS_YML,
        wipe=CACHES,
    ),
    Stage(
        "ours-warm",
        "our site again, caches (photo variants, social cards, pages, feeds) kept from the "
        "previous run: what staff see on every build after the first",
        transform=lambda y: without_pdf(y),
        yml=OURS_YML,
    ),
    Stage(
        "ours-edit",
        "our site after a sentence is added to one profile's story, caches kept",
        transform=lambda y: without_pdf(y),
        yml=OURS_YML,
        edit=edit_profile(title=False),
    ),
    Stage(
        "ours-edit-title",
        "our site after one profile's story and headline change, caches kept",
        transform=lambda y: without_pdf(y),
        yml=OURS_YML,
        edit=edit_profile(title=True),
    ),
    Stage(
        "guong-check",
        "`guong check`: load and validate the whole content folder, no output",
        command=lambda corpus: [guong_cli(), "-f", str(corpus / "mkdocs.yml"), "check", "--format", "text"],
        site=None,
        targets=False,
    ),
    Stage(
        "ours-no-feeds",
        "our site with feeds off (feeds.enabled: false): what feeds cost is "
        "the 'ours' row divided by this one (target ≤ 1.10× at N = 5000)",
        transform=lambda y: _feeds_off(without_pdf(y)),
        wipe=CACHES,
    ),
    Stage(
        "yearbook-pdf",
        "our site with every yearbook PDF rendered cold (needs the .[pdf] extra)",
        transform=lambda y: with_pdf(y),
        wipe=CACHES,
        targets=False,
        photos_only=True,
    ),
    Stage(
        "yearbook-pdf-fill",
        "the same with the PDF cache on, from no caches: renders every book and stores it",
        transform=lambda y: with_pdf(y, cache=True),
        yml=PDF_YML,
        wipe=CACHES,
        targets=False,
        photos_only=True,
    ),
    Stage(
        "yearbook-pdf-cached",
        "the same again, caches kept: every book comes from the cache (the log's "
        "'kỷ yếu PDF: … trong … s' line is the PDF step alone; target ≤ 1 s)",
        transform=lambda y: with_pdf(y, cache=True),
        yml=PDF_YML,
        targets=False,
        photos_only=True,
    ),
]
BASELINE = "floor"


def without_pdf(text: str) -> str:
    """Our mkdocs.yml with `yearbook: {pdf: false}` under the guong plugin."""
    block = "  - guong:\n      yearbook:\n        pdf: false"
    return re.sub(r"^  - guong:?[ \t]*$", block, text, count=1, flags=re.M)


def with_pdf(text: str, cache: bool = False) -> str:
    """Our mkdocs.yml with the yearbook PDF forced on (fails without WeasyPrint), its cache
    off unless `cache`. The issue's target: the PDF of 500 profiles with photos in ≤ 60 s,
    ≤ 30 MB; the corpus spans 2021-2025, so N=500 makes a period book of all 500 (see
    site-guong/ky-yeu/*/ky-yeu-*.pdf for the sizes)."""
    block = f"  - guong:\n      yearbook:\n        pdf: true\n        cache: {'true' if cache else 'false'}"
    return re.sub(r"^  - guong:?[ \t]*$", block, text, count=1, flags=re.M)


# --- measuring -----------------------------------------------------------------------


@dataclass
class Result:
    stage: str
    seconds: float | None = None  # best wall time
    cpu: float | None = None  # user+sys CPU seconds of the best-wall run (less noisy than wall)
    peak_mb: float | None = None  # largest peak RSS over the runs
    html_pages: int | None = None
    site_bytes: int | None = None  # the output dir after the last run
    site_files: int | None = None
    warnings: int = 0
    error: str | None = None  # tail of the log when a run failed
    log: str = ""
    runs: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    load: float | None = None  # 1-minute load average before the best run: is the host busy?


def child_env(corpus: Path, source_date_epoch: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NO_MKDOCS_2_WARNING="1",
        SOURCE_DATE_EPOCH=source_date_epoch,
        XDG_CACHE_HOME=str(corpus / ".cache" / "xdg"),
        PYTHONHASHSEED="0",
    )
    return env


def timed_run(cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[int, float, float, float]:
    """Run ``cmd``; return (exit code, wall s, CPU s, peak RSS MB) of that child alone."""
    os.sync()  # flush the previous run's writes so they are not billed to this one
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, tell Popen
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return proc.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale


def stage_config(stage: Stage, corpus: Path) -> Path:
    if stage.transform is None:
        return corpus / stage.config
    path = corpus / (stage.yml or f"mkdocs.{stage.name}.yml")  # same dir: relative docs_dir works
    text = stage.transform((corpus / stage.config).read_text(encoding="utf-8"))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:  # keep its mtime otherwise
        path.write_text(text, encoding="utf-8")
    return path


def output_size(site: Path) -> tuple[int, int, int]:
    """(bytes, files, HTML files) under ``site``."""
    size = files = html = 0
    for path in site.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            files += 1
            html += path.suffix == ".html"
    return size, files, html


def run_once(stage: Stage, corpus: Path, res: Result, sde: str) -> None:
    """One timed build of ``stage``, folded into ``res`` (best time, largest RSS)."""
    cfg = stage_config(stage, corpus)
    cmd = (
        stage.command(corpus)
        if stage.command
        else [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg)]
    )  # never -q
    logs = corpus / "logs"
    logs.mkdir(exist_ok=True)
    for rel in stage.wipe:
        shutil.rmtree(corpus / rel, ignore_errors=True)
    log = logs / f"{stage.name}-{len(res.runs) + 1}.log"
    undo = stage.edit(corpus, len(res.runs) + 1) if stage.edit else None
    try:
        load = os.getloadavg()[0]
        code, seconds, cpu, mb = timed_run(cmd, corpus, child_env(corpus, sde), log)
    finally:
        if undo:
            undo()
    text = log.read_text(encoding="utf-8", errors="replace")
    res.log = str(log)
    res.warnings = max(
        res.warnings, sum(1 for line in text.splitlines() if line.startswith(("WARNING", "WARN ")))
    )
    if code != 0:
        res.error = f"exit {code}\n" + "\n".join(text.splitlines()[-TAIL_LINES:])
        return
    res.runs.append(seconds)
    res.cpus.append(cpu)
    res.peak_mb = max(res.peak_mb or 0.0, mb)
    if res.seconds is None or seconds < res.seconds:
        res.seconds, res.cpu, res.load = seconds, cpu, load
    site = corpus / stage.site if stage.site else None
    if site and site.is_dir():
        res.site_bytes, res.site_files, res.html_pages = output_size(site)


def run_size(stages: list[Stage], corpus: Path, n: int, repeat: int, sde: str) -> dict[str, Result]:
    """Rounds of floor, ours, ... interleaved, so that on a shared machine each stage of a
    round meets about the same competing load and the ratios stay meaningful."""
    results = {s.name: Result(s.name) for s in stages}
    for round_ in range(1, repeat + 1):
        for stage in stages:
            r = results[stage.name]
            if r.error:
                continue
            missing = stage.requires() if stage.requires else None
            if missing:
                r.error = f"skipped: {missing}"
                print(f"[N={n}] {stage.name} skipped: {missing}", flush=True)
                continue
            print(f"[N={n}] round {round_}/{repeat} {stage.name}: {stage.why} ...", flush=True)
            run_once(stage, corpus, r, sde)
            if r.error:
                print(f"[N={n}] {stage.name} FAILED; last lines of {r.log}:\n{r.error}\n", flush=True)
            else:
                out = (
                    f", {r.site_files} files ({r.html_pages} HTML), {mib(r.site_bytes):.1f} MiB"
                    if r.site_bytes is not None
                    else ""
                )
                print(
                    f"[N={n}] {stage.name}: {r.runs[-1]:.2f} s wall, {r.cpus[-1]:.2f} s CPU, "
                    f"{r.peak_mb:.0f} MB{out}, {r.warnings} WARNING lines",
                    flush=True,
                )
    return results


# --- corpus --------------------------------------------------------------------------


def corpus_for(n: int, campaigns: int, photos: bool, seed: int) -> Path:
    """Generate once per parameter set (and generator version); reuse afterwards."""
    key = f"n{n}-m{campaigns}-s{seed}{'-photos' if photos else ''}"
    corpus = OUT / key
    stamp = corpus / "corpus.json"
    want = {
        "profiles": n,
        "campaigns": campaigns,
        "photos": photos,
        "seed": seed,
        "generator": generate.GENERATOR_VERSION,
    }
    if stamp.is_file() and json.loads(stamp.read_text()).get("params") == want:
        print(f"[corpus] reusing {corpus.relative_to(BENCH.parent)}", flush=True)
    else:
        print(f"[corpus] generating {corpus.relative_to(BENCH.parent)} ...", flush=True)
        t = time.perf_counter()
        stamp.unlink(missing_ok=True)
        counts = generate.generate(corpus, n, campaigns, photos, seed)
        stamp.write_text(json.dumps({"params": want, "counts": counts}, indent=1))
        print(f"[corpus] {counts} in {time.perf_counter() - t:.1f} s", flush=True)
    generate.write_configs(corpus)  # the repository's mkdocs.yml may have changed since
    return corpus


# --- report --------------------------------------------------------------------------


def fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def verdict(ratio: float | None, target: float, applies: bool) -> str:
    if not applies:
        return "n/a"
    if ratio is None:
        return "—"
    return f"{'met' if ratio <= target else 'not met'} (≤ {target}×)"


def mib(n: int | None) -> float | None:
    return None if n is None else n / 2**20


def div(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def times(x: float | None) -> str:
    return f"{fmt(x)}×" if x else "—"


def table(rows: list[tuple[int, dict[str, Result]]], stages: list[Stage]) -> str:
    by_name = {s.name: s for s in stages}
    out = [
        (
            "| N | stage | floor s | stage s | ratio | CPU ratio | floor MB | stage MB | ratio "
            "| site MB | files | time target | memory target |"
        ),
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for n, results in rows:
        base = results.get(BASELINE)
        bs, bm = (base.seconds, base.peak_mb) if base else (None, None)
        for name, r in results.items():
            if name == BASELINE and len(results) > 1:
                continue
            if r.error:
                why = "skipped" if r.error.startswith("skipped") else "failed"
                out.append(
                    f"| {n} | {name} | {fmt(bs)} | {why} | — | — | {fmt(bm, 0)} | {why} | — | — | — | "
                    f"{why} | {why} |"
                )
                continue
            tr, mr = div(r.seconds, bs), div(r.peak_mb, bm)
            cr = div(r.cpu, base.cpu if base else None)
            applies = by_name[name].targets and name != BASELINE
            out.append(
                f"| {n} | {name} | {fmt(bs)} | {fmt(r.seconds)} | {times(tr)} | {times(cr)} | "
                f"{fmt(bm, 0)} | {fmt(r.peak_mb, 0)} | {times(mr)} | {fmt(mib(r.site_bytes), 1)} | "
                f"{r.site_files or '—'} | {verdict(tr, TIME_TARGET, applies)} | "
                f"{verdict(mr, MEM_TARGET, applies)} |"
            )
    return "\n".join(out)


def details(rows: list[tuple[int, dict[str, Result]]]) -> str:
    out = [
        (
            "| N | stage | wall s per run | CPU s (best run) | load before | peak MB "
            "| HTML files | ms / HTML file | site bytes | WARNING lines | log |"
        ),
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for n, results in rows:
        for r in results.values():
            per = r.seconds * 1000 / r.html_pages if r.seconds and r.html_pages else None
            runs = ", ".join(f"{s:.2f}" for s in r.runs) or (r.error or "failed").split(":")[0]
            log = os.path.relpath(r.log, BENCH.parent) if r.log else ""
            size = f"{r.site_bytes:,}" if r.site_bytes is not None else "—"
            out.append(
                f"| {n} | {r.stage} | {runs} | {fmt(r.cpu)} | {fmt(r.load, 1)} | {fmt(r.peak_mb, 0)} | "
                f"{r.html_pages or '—'} | {fmt(per, 1)} | {size} | {r.warnings} | {log} |"
            )
    return "\n".join(out)


def machine() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as v

    def version(pkg: str) -> str:
        try:
            return v(pkg)
        except PackageNotFoundError:
            return "not installed"

    hugo = "not installed"
    if shutil.which("hugo"):
        done = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=False)
        hugo = (done.stdout.split() or ["?", "?"])[1].split("+")[0]
    return (
        f"{platform.system()} {platform.machine()}, nproc {os.cpu_count()}, "
        f"Python {platform.python_version()}, mkdocs {version('mkdocs')}, "
        f"mkdocs-material {version('mkdocs-material')}, mkdocs-rss-plugin {version('mkdocs-rss-plugin')}, "
        f"hugo {hugo}, guong {version('guong')}, repository {revision()}"
    )


def revision_of(machine_line: str) -> str:
    return machine_line.rsplit("repository ", 1)[-1]


def revision() -> str:
    """Which plugin code was measured (an editable install runs the working tree)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=BENCH.parent, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD") or "unknown"
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench")
    except OSError:  # no git
        return "unknown"
    return head + (" + uncommitted changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    names = [s.name for s in STAGES]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="numbers of profiles")
    ap.add_argument("--campaigns", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="runs per stage; the best wall time is kept")
    ap.add_argument(
        "--photos", action="store_true", help="generate photos; run ours cold (caches wiped) then warm"
    )
    ap.add_argument(
        "--stages",
        nargs="+",
        choices=names,
        default=None,
        help=f"stages to run, in this order (default: all that apply: {' '.join(names)})",
    )
    ap.add_argument("--source-date-epoch", default=SOURCE_DATE_EPOCH)
    a = ap.parse_args(argv)
    if a.repeat < 1:
        ap.error("--repeat must be at least 1")

    chosen = [
        s for s in STAGES if (a.stages is None or s.name in a.stages) and (a.photos or not s.photos_only)
    ]
    if a.photos:
        print("[note] --photos: 'ours' is a cold-cache build, 'ours-warm' reuses its caches", flush=True)
    at_start = machine()
    print(f"[machine] {at_start}", flush=True)
    OUT.mkdir(exist_ok=True)
    rows: list[tuple[int, dict[str, Result]]] = []
    for n in a.sizes:
        corpus = corpus_for(n, a.campaigns, a.photos, a.seed)
        rows.append((n, run_size(chosen, corpus, n, a.repeat, a.source_date_epoch)))

    cmd = "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    moved = revision() != revision_of(at_start)
    note = (
        f" The repository moved to {revision()} during the run: the editable install "
        "measured whatever code was on disk at each build."
        if moved
        else ""
    )
    report = "\n\n".join(
        [
            f"Command: `{cmd.strip()}`",
            f"Machine: {at_start}.{note}",
            f"Targets: ours ≤ {TIME_TARGET}× floor wall time, ≤ {MEM_TARGET}× floor peak RSS.",
            table(rows, chosen),
            "Details:",
            details(rows),
        ]
    )
    print("\n" + report)
    (OUT / "last-run.md").write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
