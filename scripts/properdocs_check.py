"""The strict-mode promises under ProperDocs (the MkDocs 1.x fork, run by `make properdocs`).

ProperDocs aliases `mkdocs.*` to `properdocs.*`, so its loggers and its strict-mode counter
are named `properdocs`. Checks, on a copy of the sample site, that a staff page with a
broken link fails `properdocs build --strict`, leaves the published site as it was, and
fails again on the next build (the warning is not memoised away). Run with the ProperDocs
venv's Python from the repository root; exits non-zero with the reason on a failure.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPERDOCS = Path(sys.executable).parent / "properdocs"
BROKEN = "khong-ton-tai.md"


def digest(site: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        h.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        project, site = Path(tmp) / "du-an", Path(tmp) / "site"
        for name in ("content", "overrides"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        photos = ROOT / ".cache/guong/anh"  # the encoded sample photos, as the tests seed them
        if photos.is_dir():
            shutil.copytree(photos, project / ".cache/guong/anh", copy_function=os.link)
        first = build(project, site)
        if first.returncode != 0:
            print(first.stderr[-3000:])
            return fail("the sample site does not build strictly")
        published = digest(site)
        page = project / "content/ky-yeu/2024.md"
        page.write_text(
            page.read_text(encoding="utf-8") + f"\n\n[Liên kết hỏng]({BROKEN})\n", encoding="utf-8"
        )
        for attempt in ("first", "second"):
            broken = build(project, site)
            if broken.returncode == 0:
                return fail(f"{attempt} strict build with a broken link succeeded")
            if BROKEN not in broken.stderr:
                print(broken.stderr[-3000:])
                return fail(f"{attempt} strict build did not name the broken link")
            if digest(site) != published:
                return fail(f"{attempt} failed strict build changed the published site")
    print("ProperDocs: a broken link fails --strict twice and the published site is unchanged.")
    return 0


def fail(reason: str) -> int:
    print(f"properdocs_check: {reason}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
