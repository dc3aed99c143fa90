"""Read one content file strictly.

MkDocs' own `get_data` turns broken YAML into `{}` without a word; staff need to hear about
it, so every problem here becomes a `SourceError` with a Vietnamese message naming the line.

Frontmatter is *plain* YAML (see "Quy tắc YAML nghiêm ngặt" in the README):

- anchors (`&x`), aliases (`*x`) and merge keys (`<<:`) are refused: staff never need them,
  they copy `private:` values into public keys, and aliases expand exponentially;
- a key written twice (at any level) is an error, not "the last one wins";
- explicit tags other than the plain ones (`!!python/object`, `!!binary`, `!!set`, ...) are
  refused, and so is every value PyYAML cannot build (`date: 2024-13-45` unquoted);
- frontmatter over 64 KB or nested deeper than `MAX_DEPTH` collections is refused;
- invisible control characters (C0 other than tab and newline, DEL, C1, U+2028/U+2029,
  lone surrogates, U+FFFE/U+FFFF) are refused anywhere in the file, story included: feed
  and sitemap writers (XML) cannot carry them, so they must be found here, not at build time.

Windows (CRLF) and old Mac (CR) line endings are normalised to LF first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .model import DATE_FORMS

# libyaml's parser when PyYAML was built with it (the wheels are): 5-10x faster on 5,000 files.
# The constructor (where the checks below live) is Python in both cases.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FRONTMATTER_BYTES = 64 * 1024
MAX_DEPTH = 6  # nested collections, the top-level mapping included
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_INT_TAG = "tag:yaml.org,2002:int"

# Invisible characters no story needs and XML 1.0 (feeds, sitemaps) cannot carry, or that
# break lines where readers do not expect it. Tab and newline are fine; CR is normalised.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CHAR_NAMES = {
    0x00: "ký tự NUL, thường do tệp hỏng hoặc tệp nhị phân",
    0x08: "xóa lùi (backspace)",
    0x0B: "tab dọc, thường do dán từ Word",
    0x0C: "ngắt trang, thường do dán từ Word",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "xuống dòng NEL, thường do dán từ Word hoặc tệp mã hóa cũ",
    0x2028: "ngắt dòng Unicode LINE SEPARATOR, thường do dán từ web hoặc Word",
    0x2029: "ngắt đoạn Unicode PARAGRAPH SEPARATOR, thường do dán từ web hoặc Word",
    0xFFFE: "không phải ký tự Unicode",
    0xFFFF: "không phải ký tự Unicode",
}

_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:?])[&*][^\s\[\]{},]", re.MULTILINE)
_BOUNDARY = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)
_FIRST_BOUNDARY = re.compile(r"-{3,}[ \t]*")
# A top-level `key:` line, plain or quoted (used to name the key of a line-level problem).
_TOP_KEY = re.compile(
    r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"?:\-&*!|>%@`{}\[\],][^:#]*?|-[^\s:][^:#]*?))"""
    r"""[ \t]*:(?:[ \t]|$)"""
)


class SourceError(Exception):
    """A file that cannot be read as frontmatter + Markdown.

    `key` is the top-level key the problem is in ('' for whole-file or story problems) and
    `line` the 1-based line in the file (0 when there is none)."""

    def __init__(self, message: str, key: str = "", line: int = 0):
        super().__init__(message)
        self.key = key
        self.line = line


@dataclass(frozen=True)
class Document:
    """Frontmatter and Markdown body of one file, NFC-normalised.

    `lines` maps each top-level key to its 1-based line in the file, for messages."""

    meta: dict[str, Any]
    body: str
    lines: dict[str, int] = field(default_factory=dict)


def nfc(value: Any) -> Any:
    """NFC-normalise every string in a YAML value (text typed on macOS arrives as NFD)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value


def describe_char(char: str) -> str:
    """'ký tự điều khiển U+000B (tab dọc, thường do dán từ Word)'."""
    code = ord(char)
    name = _CHAR_NAMES.get(code)
    if name is None:
        if 0xD800 <= code <= 0xDFFF:
            name = "nửa cặp UTF-16 (surrogate) đứng lẻ"
        elif 0x80 <= code <= 0x9F:
            name = "ký tự điều khiển C1, thường do tệp mã hóa sai"
        else:
            name = "không nhìn thấy được"
    return f"ký tự điều khiển U+{code:04X} ({name})"


def _short(text: str, limit: int = 40) -> str:
    text = _FORBIDDEN.sub("?", text.replace("\n", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the strict loader ------------------------------------------------------------------


class _Refused(Exception):
    """A YAML-level problem found while constructing: message, 0-based mark line, key."""

    def __init__(self, message: str, line: int, key: str):
        super().__init__(message)
        self.line, self.key = line, key


class _StrictLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe loader building only plain values, with keys as written (always text)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        # Only escapes ("\v", "\u0301") make a value differ from the raw text, which is
        # already NFC and free of control characters: without a backslash, skip the checks.
        self._escapes = "\\" in stream
        self._depth = 0
        self._path: list[str] = []
        self.top_lines: dict[str, int] = {}  # top-level key -> 0-based line in the YAML

    # every problem names the top-level key it is under
    def _refuse(self, node: Any, message: str, key: str | None = None) -> _Refused:
        top = self._path[0] if self._path else (key or "")
        return _Refused(message, node.start_mark.line, top)

    def _enter(self, node: Any) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise self._refuse(
                node,
                f"lồng nhau quá sâu (quá {MAX_DEPTH} cấp danh sách/mapping); phần khai báo "
                "chỉ cần chữ, danh sách và mapping đơn giản",
            )

    def _text(self, node: Any, value: str) -> str:
        if not self._escapes:
            return value
        value = unicodedata.normalize("NFC", value)
        if bad := _FORBIDDEN.search(value):
            raise self._refuse(
                node,
                f"có {describe_char(bad.group())}; xóa ký tự này (kể cả mã "
                "thoát như \\v, \\0, \\L trong ngoặc kép) rồi lưu lại",
            )
        return value

    def construct_scalar(self, node: Any) -> Any:
        value = super().construct_scalar(node)
        return self._text(node, value) if isinstance(value, str) else value

    def _value(self, node: Any) -> Any:
        if node in self.constructed_objects:  # an alias the token scan did not see
            raise self._refuse(node, "không được dùng bí danh YAML (alias '*tên'); hãy viết giá trị ra")
        try:
            return self.construct_object(node, deep=True)
        except _Refused:
            raise
        except Exception as exc:  # PyYAML's constructors raise bare ValueError & co.
            raise self._refuse(node, self._unbuildable(node, exc)) from exc

    def _unbuildable(self, node: Any, exc: Exception) -> str:
        private = bool(self._path) and self._path[0] == "private"
        shown = "" if private or not isinstance(node, ScalarNode) else f" '{_short(node.value)}'"
        if node.tag == _TIMESTAMP_TAG:
            return (
                f"ngày{shown} không có thật trong lịch; dùng {DATE_FORMS} (tháng 1-12, ngày có trong tháng)"
            )
        if node.tag == _INT_TAG:
            return f"số{shown} quá lớn hoặc không đúng dạng"
        return f"giá trị{shown} không đọc được ({type(exc).__name__}); hãy ghi dạng chữ thường"

    def construct_sequence(self, node: Any, deep: bool = False) -> list:
        if not isinstance(node, SequenceNode):
            return super().construct_sequence(node, deep)
        self._enter(node)
        try:
            return [self._value(child) for child in node.value]
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        if not isinstance(node, MappingNode):
            return super().construct_mapping(node, deep)
        self._enter(node)
        try:
            where = f" trong '{'.'.join(self._path)}'" if self._path else ""
            mapping: dict[str, Any] = {}
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    raise self._refuse(
                        key_node,
                        "không được dùng khóa gộp YAML '<<' (merge key): nó chép giá "
                        "trị từ chỗ khác, kể cả ghi chú nội bộ; hãy viết từng khóa ra",
                        "<<",
                    )
                if not isinstance(key_node, ScalarNode):
                    raise self._refuse(
                        key_node,
                        f"tên khóa{where} phải là một chữ, không phải danh sách hay "
                        "mapping (kiểm tra dấu '[', '{' hoặc '?' ở đầu dòng)",
                    )
                key = self._text(key_node, key_node.value)
                line = key_node.start_mark.line
                if key in seen:
                    raise self._refuse(
                        key_node,
                        f"khóa '{_short(key)}'{where} được ghi hai lần (dòng "
                        f"{seen[key] + 2} và dòng {line + 2}); mỗi khóa chỉ ghi một "
                        "lần, hãy xóa hoặc gộp một dòng",
                        key,
                    )
                seen[key] = line
                if self._depth == 1:
                    self.top_lines[key] = line
                self._path.append(key)
                mapping[key] = self._value(value_node)
                self._path.pop()
            return mapping
        finally:
            self._depth -= 1

    def construct_undefined(self, node: Any) -> Any:
        raise self._refuse(
            node,
            f"thẻ YAML '{_tag_name(node.tag)}' không được dùng; chỉ ghi chữ, "
            "số, ngày, true/false, danh sách và mapping",
        )


def _tag_name(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _refuse_tag(loader: _StrictLoader, node: Any) -> Any:
    return loader.construct_undefined(node)


# Legal in YAML but not plain values: bytes, sets and ordered pairs would reach every output.
for _tag in ("binary", "set", "omap", "pairs"):
    _StrictLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)
_StrictLoader.add_constructor(None, _refuse_tag)  # any other tag (!!python/object, !foo)


def _scan_anchors(raw: str) -> tuple[str, int] | None:
    """The first anchor or alias (`&x`, `*x`), found from tokens before anything is built.

    Runs only when an '&' or '*' could start a token (at a line start, after a space or a
    flow indicator: 'R&D' or '5*' cannot), so plain files pay nothing; a syntax error is left
    for the full parse to report."""
    if ("&" not in raw and "*" not in raw) or not _MAYBE_ANCHOR.search(raw):
        return None
    try:
        for token in yaml.scan(raw, Loader=_BASE_LOADER):
            if isinstance(token, yaml.AnchorToken):
                return f"&{token.value}", token.start_mark.line
            if isinstance(token, yaml.AliasToken):
                return f"*{token.value}", token.start_mark.line
    except yaml.YAMLError:
        return None
    return None


def _key_at(meta_lines: list[str], index: int) -> str:
    """The top-level key whose block holds line `index` of the frontmatter ('' if none)."""
    for i in range(min(index, len(meta_lines) - 1), -1, -1):
        line = meta_lines[i]
        if i == index and line.startswith("\t"):
            line = line.lstrip(" \t")  # a key indented with a tab is still that key
        if not line or line[0] in " \t#":
            continue
        if m := _TOP_KEY.match(line):
            return next(g for g in m.groups() if g is not None).strip()
        if i == index and re.fullmatch(r"[\w.-]{1,40}", line.strip()):
            return line.strip()  # a key missing its ':'
    return ""


def _yaml_reason(exc: yaml.YAMLError) -> tuple[str, Any]:
    """A Vietnamese reason for PyYAML's English one, and the mark where the problem starts."""
    problem = getattr(exc, "problem", None) or ""
    context = getattr(exc, "context", None) or ""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    ends = "end of stream" in problem or "stream end" in problem
    if "quoted scalar" in context and (ends or "document" in problem):
        return (
            "dấu ngoặc kép (hoặc ngoặc đơn) mở ở đây chưa được đóng; thêm dấu đóng ở cuối giá trị"
        ), context_mark or problem_mark
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        return (
            f"dấu '{bracket}' mở ở đây chưa được đóng bằng '{closing}' (hoặc thiếu dấu ',' "
            "giữa các mục); nếu giá trị là chữ có dấu ngoặc, hãy đặt nó trong dấu ngoặc "
            "kép"
        ), context_mark or problem_mark
    if "tab" in problem or "'\\t'" in problem:
        return ("có ký tự tab trong phần thụt lề; YAML chỉ thụt lề bằng dấu cách"), problem_mark
    if "mapping values are not allowed" in problem:
        return (
            "dấu ':' đặt sai chỗ: giá trị có chứa ': ' phải đặt trong dấu ngoặc kép, hoặc "
            "dòng này bị thụt lề thừa"
        ), problem_mark
    if "could not find expected ':'" in problem:
        return (
            "thiếu dấu ':' sau tên khóa (hoặc dòng này bị thụt lề sai, hoặc một giá trị "
            "nhiều dòng chưa thụt lề)"
        ), context_mark or problem_mark
    if (
        "expected <block end>" in problem
        or "expected key" in problem
        or "indentation" in problem
        or "expected '-'" in problem
    ):
        return (
            "thụt lề không đúng: các khóa cùng cấp phải thẳng hàng, mục danh sách bắt đầu bằng '- '"
        ), problem_mark
    if "escape" in problem:
        return (
            "dấu '\\' trong chuỗi ngoặc kép tạo thành mã thoát không hợp lệ; dùng ngoặc "
            "đơn '...' hoặc viết '\\\\'"
        ), problem_mark
    if "cannot start any token" in problem:
        return (
            "giá trị bắt đầu bằng ký tự dành riêng của YAML (như @ hoặc `); hãy đặt giá trị "
            "trong dấu ngoặc kép"
        ), problem_mark
    if "expected a single document" in context or "document" in problem:
        return "chỉ được có một khối khai báo giữa hai dòng '---'", problem_mark
    if ends:
        return ("phần khai báo kết thúc đột ngột (thiếu giá trị hoặc dấu đóng)", context_mark or problem_mark)
    detail = f" (chi tiết: {problem})" if problem else ""
    return f"cú pháp sai{detail}", problem_mark or context_mark


def _load_meta(raw: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse frontmatter text strictly; raise SourceError with key and line (file lines:
    the frontmatter starts on line 2)."""
    meta_lines = raw.split("\n")
    found = _scan_anchors(raw)
    if found:
        name, line = found
        raise SourceError(
            f"YAML không hợp lệ ở dòng {line + 2}: không được dùng neo/bí danh YAML '{name}' "
            "(anchor/alias): chúng chép giá trị từ chỗ khác, kể cả ghi chú nội bộ; hãy viết giá "
            "trị ra. Nếu giá trị là chữ bắt đầu bằng '&' hoặc '*', hãy đặt nó trong dấu ngoặc kép",
            _key_at(meta_lines, line),
            line + 2,
        )
    loader = _StrictLoader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, MappingNode):
            kind = "danh sách" if isinstance(node, SequenceNode) else "một giá trị đơn"
            raise SourceError(
                f"phần khai báo phải là các cặp 'khóa: giá trị' (một mapping YAML), không phải {kind}"
            )
        meta = loader.construct_object(node, deep=True)
        return meta, {k: v + 2 for k, v in loader.top_lines.items()}
    except _Refused as exc:
        raise SourceError(f"YAML không hợp lệ ở dòng {exc.line + 2}: {exc}", exc.key, exc.line + 2) from None
    except yaml.YAMLError as exc:
        reason, mark = _yaml_reason(exc)
        if mark is None:
            raise SourceError(f"YAML hỏng: {reason}; kiểm tra dấu ':' và dấu ngoặc kép") from None
        # The key is guessed from the text of the line (the YAML is broken, there is no
        # structure to ask): it is named in the message, not claimed as the problem's key.
        line, key = mark.line + 2, _key_at(meta_lines, mark.line)
        near = f" (khóa '{key}')" if key else ""
        raise SourceError(
            f"YAML hỏng ở dòng {line}, cột {mark.column + 1}{near}: {reason}", "", line
        ) from None
    except SourceError:
        raise
    except Exception as exc:  # anything else PyYAML may raise on odd input
        raise SourceError(f"YAML hỏng: không đọc được phần khai báo ({type(exc).__name__})") from None
    finally:
        loader.dispose()


def _check_characters(text: str, meta_end: int, closing_line: int, meta_lines: list[str]) -> None:
    """Refuse the first invisible control character, naming its line (and key)."""
    bad = _FORBIDDEN.search(text)
    if bad is None:
        return
    pos = bad.start()
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    others = len(_FORBIDDEN.findall(text)) - 1
    more = f" (và {others} chỗ khác trong tệp)" if others else ""
    what = describe_char(bad.group())
    fix = "xóa ký tự này (hoặc thay bằng dấu cách / xuống dòng) rồi lưu lại"
    if pos < meta_end:
        raise SourceError(
            f"phần khai báo, dòng {line}, cột {column}: có {what}{more}; {fix}",
            _key_at(meta_lines, line - 2),
            line,
        )
    where = "nội dung bài" if line > closing_line else "tệp"
    raise SourceError(f"{where}, dòng {line}, cột {column}: có {what}{more}; {fix}", "", line)


def parse_text(text: str) -> Document:
    """Split and parse frontmatter; raise SourceError for every way it can be wrong."""
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise SourceError("tệp rỗng; cần phần khai báo YAML giữa hai dòng '---' và nội dung")
    first_end = text.find("\n")
    first_line = text if first_end < 0 else text[:first_end]
    if not _FIRST_BOUNDARY.fullmatch(first_line):
        _check_characters(text, 0, 0, [])
        raise SourceError("thiếu phần khai báo YAML ở đầu tệp (bắt đầu bằng dòng '---')")
    closing = _BOUNDARY.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        _check_characters(text, len(text), 0, text.split("\n")[1:])
        raise SourceError("phần khai báo YAML không có dòng '---' kết thúc")
    raw_meta = text[first_end + 1 : closing.start()]
    body = text[closing.end() :]
    closing_line = text.count("\n", 0, closing.start()) + 1
    meta_lines = raw_meta.split("\n")
    _check_characters(text, closing.start(), closing_line, meta_lines)
    if len(raw_meta) * 4 > MAX_FRONTMATTER_BYTES:
        size = len(raw_meta.encode("utf-8"))
        if size > MAX_FRONTMATTER_BYTES:
            raise SourceError(
                f"phần khai báo YAML quá lớn ({size // 1024} KB, tối đa "
                f"{MAX_FRONTMATTER_BYTES // 1024} KB); đưa nội dung dài xuống phần bài viết"
            )
    meta, lines = _load_meta(raw_meta)
    return Document(meta=meta, body=body.strip() + "\n", lines=lines)


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
