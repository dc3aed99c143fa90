"""Read one content file strictly.

MkDocs' own `get_data` turns broken YAML into `{}` without a word; staff need to hear about
it, so every problem here becomes a `SourceError` with a Vietnamese message.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler


# libyaml's loader when PyYAML was built with it (the wheels are): 5-10x faster on 5,000 files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceError(Exception):
    """A file that cannot be read as frontmatter + Markdown; `key` is '' for whole-file errors."""

    def __init__(self, message: str, key: str = ""):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Document:
    """Frontmatter and Markdown body of one file, NFC-normalised."""

    meta: dict[str, Any]
    body: str


def nfc(value: Any) -> Any:
    """NFC-normalise every string in a YAML value (text typed on macOS arrives as NFD)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value


def parse_text(text: str) -> Document:
    """Split and parse frontmatter; raise SourceError for every way it can be wrong."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    if not text.strip():
        raise SourceError("tệp rỗng; cần phần khai báo YAML giữa hai dòng '---' và nội dung")
    handler = YAMLHandler()
    if not frontmatter.checks(text, handler):
        raise SourceError("thiếu phần khai báo YAML ở đầu tệp (bắt đầu bằng dòng '---')")
    try:
        raw_meta, body = handler.split(text)
    except ValueError as exc:
        raise SourceError("phần khai báo YAML không có dòng '---' kết thúc") from exc
    try:
        meta = yaml.load(raw_meta, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 2}, cột {mark.column + 1})" if mark else ""
        reason = getattr(exc, "problem", None) or "cú pháp sai"
        raise SourceError(f"YAML hỏng{where}: {reason}; kiểm tra dấu ':' và dấu ngoặc kép") from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SourceError(
            "phần khai báo phải là các cặp 'khóa: giá trị' (một mapping YAML), "
            f"không phải {type(meta).__name__}"
        )
    return Document(meta={str(k): v for k, v in nfc(meta).items()}, body=body.strip() + "\n")


def read_document(path: Path) -> Document:
    """Read a file as strict UTF-8 (a BOM is tolerated) and parse it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"không đọc được tệp ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"tệp không phải UTF-8 (byte lạ ở vị trí {exc.start}); hãy lưu lại với mã hóa UTF-8"
        ) from exc
    return parse_text(text)
