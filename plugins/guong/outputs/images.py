"""Publish photos without EXIF/GPS: originals are never copied into the site.

MkDocs would copy every image verbatim (with the GPS position of someone's home); we take
images out of its static copy and write cleaned versions at the same paths instead.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps

RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def take_over(files, docs_dir: str) -> list[str]:
    """Remove the docs folder's raster images from MkDocs' copy list; return their paths."""
    taken = []
    for file in list(files):
        if file.src_dir == docs_dir and Path(file.src_uri).suffix.lower() in RASTER_SUFFIXES:
            files.remove(file)
            taken.append(file.src_uri)
    return sorted(taken)


def clean_copy(source: Path, target: Path) -> None:
    """Upright pixels, no metadata: exif_transpose first, then save without exif/xmp/icc."""
    with Image.open(source) as img:
        fmt = img.format
        upright = ImageOps.exif_transpose(img)
        upright.info = {}
        target.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "JPEG":
            upright.convert("RGB").save(target, "JPEG", quality=85, optimize=True)
        elif fmt == "WEBP":
            upright.save(target, "WEBP", quality=85)
        else:
            upright.save(target, fmt or "PNG", optimize=True)


def publish(docs_dir: Path, site_dir: Path, uris: list[str]) -> None:
    for uri in uris:
        clean_copy(docs_dir / uri, site_dir / uri)


def resized_copy(source: Path, target: Path, max_side: int) -> None:
    """A JPEG no larger than max_side, upright and without metadata (yearbook photos, cover)."""
    with Image.open(source) as img:
        if img.format == "JPEG":
            img.draft("RGB", (max_side, max_side))  # decode at reduced scale: much faster
        upright = ImageOps.exif_transpose(img)
        upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        if upright.mode in ("RGBA", "LA", "P"):
            rgba = upright.convert("RGBA")
            upright = Image.new("RGB", rgba.size, "white")
            upright.paste(rgba, mask=rgba.getchannel("A"))
        target.parent.mkdir(parents=True, exist_ok=True)
        upright.convert("RGB").save(target, "JPEG", quality=82, optimize=True)
