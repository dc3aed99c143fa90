"""Is this file a usable photo or radio piece? One answer for the content check, the photo
pipeline and the podcast, so `guong check` and the build never disagree about a file."""

from __future__ import annotations

import functools
import warnings
from pathlib import Path
from typing import Any

from PIL import Image

PHOTO_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
AUDIO_SUFFIXES = frozenset({".mp3", ".m4a"})


class MediaProblem(ValueError):
    """A photo or audio file we cannot use; the message is Vietnamese and names no file
    (callers name it with the key)."""


def open_photo(path: Path, max_pixels: int) -> Image.Image:
    """Open a photo lazily, refusing unsupported formats and decompression bombs before any
    pixel is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise MediaProblem(f"ảnh hỏng hoặc không đọc được ({exc})") from None
    if img.format not in PHOTO_FORMATS:
        img.close()
        raise MediaProblem(f"ảnh dạng {img.format} chưa hỗ trợ; dùng JPEG, PNG hoặc WebP")
    width, height = img.size
    if width * height > max_pixels:
        img.close()
        raise MediaProblem(
            f"ảnh quá lớn ({width}×{height} điểm ảnh, tối đa {max_pixels:,}); "
            "hãy thu nhỏ ảnh trước khi đưa lên"
        )
    return img


def check_image(path: Path, max_pixels: int) -> None:
    """Open and decode a photo cheaply (at 1/8 scale): a truncated file fails here, at load
    time, instead of in the photo pipeline after the site was half written."""
    with open_photo(path, max_pixels) as img:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                img.draft("RGB", (max(1, img.width // 8), max(1, img.height // 8)))
                img.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            raise MediaProblem(f"ảnh hỏng hoặc không đọc được ({exc})") from None


def check_audio(path: Path) -> float:
    """Parse a radio piece (mutagen) as what its suffix says, MP3 or M4A; return its duration.

    A file that does not parse, whose content is not of its suffix's kind, that holds no
    audio frames or whose duration is 0 is refused, naming the file. The parse is cached
    by path, size and modification time, so the podcast feed reads its duration from the
    same parse as the content check."""
    suffix = path.suffix.lower()
    if suffix not in AUDIO_SUFFIXES:
        raise MediaProblem("tệp âm thanh phải là .mp3 hoặc .m4a")
    try:
        stat = path.stat()
    except OSError as exc:
        raise MediaProblem(f"không đọc được tệp âm thanh '{path.name}' ({exc.strerror})") from None
    result = _parse_audio(str(path), suffix, stat.st_size, stat.st_mtime_ns)
    if isinstance(result, str):
        raise MediaProblem(f"tệp âm thanh '{path.name}' {result}")
    return result


@functools.lru_cache(maxsize=4096)
def _parse_audio(path: str, suffix: str, size: int, mtime_ns: int) -> float | str:
    """Duration in seconds, or what is wrong (a string), for check_audio."""
    if size == 0:
        return "rỗng (0 byte)"
    mp3 = suffix == ".mp3"
    info = _audio_info(path, mp3)
    if info is None:
        if _audio_info(path, not mp3) is not None:  # a mislabelled file: say what it is
            return (
                f"có đuôi {suffix} nhưng nội dung là {'M4A' if mp3 else 'MP3'}; "
                f"đổi đuôi thành {'.m4a' if mp3 else '.mp3'}"
            )
        return "hỏng hoặc không phải MP3/M4A"
    length = float(getattr(info, "length", 0) or 0)
    if not 0 < length < float("inf"):
        return "có thời lượng bằng 0"
    return round(length, 3)


def _audio_info(path: str, mp3: bool):
    """mutagen's stream info when the file really is MP3 (resp. M4A) audio, else None."""
    from mutagen.mp3 import MP3  # only sites with audio pay for it
    from mutagen.mp4 import MP4

    try:
        info: Any = (MP3 if mp3 else MP4)(path).info
        if mp3 and info.sketchy:  # fewer than 4 frames in a row: random bytes look like that
            return None
        if not mp3 and (not info.codec or not _mp4_has_media(path)):  # headers, no samples
            return None
    except Exception:
        return None
    return info


def _mp4_has_media(path: str) -> bool:
    """An MP4 file with an 'mdat' box that holds bytes (mutagen reads only the headers)."""
    with open(path, "rb") as handle:
        end = handle.seek(0, 2)
        offset = 0
        while offset + 8 <= end:
            handle.seek(offset)
            header = handle.read(16)
            size, box = int.from_bytes(header[:4], "big"), header[4:8]
            skip = 8
            if size == 1 and len(header) == 16:
                size, skip = int.from_bytes(header[8:16], "big"), 16
            elif size == 0:
                size = end - offset
            if size < skip:
                return False
            if box == b"mdat":
                return size > skip
            offset += size
    return False
