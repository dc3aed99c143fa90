"""Vietnamese for argparse's own strings ("usage:", "options:", errors), for `guong`.

argparse looks its messages up through the module globals `argparse._` and
`argparse.ngettext` (bound to gettext at import) each time it builds a parser, formats help
or reports an error; this is so on Python 3.11 to 3.14. `vietnamese_argparse()` swaps both
for the duration of a `with` block and always puts the originals back, so nothing else in
the process (MkDocs, other tools) is affected. A message argparse adds in a later Python
that is not in the table below is shown in English rather than breaking anything.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

MESSAGES: dict[str, str] = {
    "usage: ": "cách dùng: ",
    "options": "tùy chọn",
    "positional arguments": "tham số",
    "subcommands": "lệnh",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r, có phải ý bạn là %(closest)r? "
    "(chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "not allowed with argument %s": "không dùng chung với %s",
    "ignored explicit argument %r": "không nhận giá trị %r",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' đã cũ, sắp bỏ",
    "argument '%(argument_name)s' is deprecated": "tham số '%(argument_name)s' đã cũ, sắp bỏ",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' đã cũ, sắp bỏ",
}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


@contextmanager
def vietnamese_argparse() -> Iterator[None]:
    """Build parsers and parse arguments inside this block to get Vietnamese messages."""
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext") if hasattr(argparse, name)}
    if len(saved) == 2:  # the hook argparse has had since Python 3.2; else stay English
        argparse._ = translate  # type: ignore[attr-defined]
        argparse.ngettext = translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(argparse, name, value)
