"""Fonts that can write Vietnamese, for everything we draw or print (social cards, PDF
yearbooks and posters): one alphabet, one coverage check, one way of asking fontconfig."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont


@lru_cache(maxsize=1)
def vietnamese_letters() -> str:
    """Every letter of the Vietnamese alphabet with every tone mark, both cases, plus đ/Đ."""
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in tones}
    letters |= set("bcdđghklmnpqrstvx")
    letters |= {ch.upper() for ch in letters}
    return "".join(sorted(letters))


@lru_cache(maxsize=32)
def covered(path: str) -> frozenset[int]:
    """Code points the font maps to a glyph (its cmap)."""
    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def missing_glyphs(path: Path | str) -> str:
    """The Vietnamese letters a font file lacks ('' when it covers them all; all of them when
    the file is not a font fontTools can read)."""
    try:
        cmap = covered(str(path))
    except Exception:
        return vietnamese_letters()
    return "".join(c for c in vietnamese_letters() if ord(c) not in cmap)


def covers_vietnamese(path: Path | str) -> bool:
    return not missing_glyphs(path)


def fontconfig(*args: str) -> str:
    """The output of a fontconfig command (fc-match, fc-list), '' when it is not installed."""
    if not shutil.which(args[0]):
        return ""
    try:
        run = subprocess.run(list(args), capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return run.stdout
