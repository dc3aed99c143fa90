#!/usr/bin/env python3
"""Generate the short radio pieces (MP3) of three sample profiles, for /podcast.xml.

Each piece is the profile's title and lede read by espeak-ng's Vietnamese voice and encoded
by LAME as mono 32 kbit/s MP3 (each file well under 200 KB). Both tools are deterministic,
so running the script twice gives the same bytes. The files are committed; the build and
the tests never need espeak-ng or LAME (`apt-get install espeak-ng lame` to rerun this).

Usage (from the repository root)::

    python tools/make_sample_audio.py            # write the MP3s
    python tools/make_sample_audio.py --check    # verify they exist and are small
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PIECES = (  # (profile file, audio file, both relative to content/guong/)
    ("2025/ong-dang-van-toan-cuu-nguoi-lu.md", "2025/am-thanh/ong-dang-van-toan-cuu-nguoi-lu.mp3"),
    ("2024/ba-nguyen-thi-lan-hien-dat-gio-linh.md", "2024/am-thanh/ba-nguyen-thi-lan-hien-dat-gio-linh.mp3"),
    ("2023/bac-si-tran-thi-mai-huong-hoa.md", "2023/am-thanh/bac-si-tran-thi-mai-huong-hoa.mp3"),
)
MAX_BYTES = 200_000


def script_of(profile: Path) -> str:
    """What the piece says: the headline, then the lede (or the story's first paragraph)."""
    text = profile.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    meta = yaml.safe_load(front)
    lede = meta.get("summary") or next(p for p in body.split("\n\n") if p.strip())
    return f"{meta['title']}. {lede.strip()}"


def make(profile: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "piece.wav"
        subprocess.run(["espeak-ng", "-v", "vi", "-s", "150", "-w", str(wav), script_of(profile)], check=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["lame", "--quiet", "-m", "m", "-b", "32", "--resample", "22.05", str(wav), str(target)],
            check=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    base = ROOT / "content" / "guong"
    bad = 0
    for profile, audio in PIECES:
        target = base / audio
        if not args.check:
            make(base / profile, target)
        size = target.stat().st_size if target.exists() else 0
        ok = 0 < size < MAX_BYTES
        bad += not ok
        print(f"{'ok ' if ok else 'BAD'} {audio} {size} bytes")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
