"""Spreadsheets in and out (openpyxl, csv): staff keep their lists in Excel.

Written sheets have a bold, frozen header row, set column widths and wrapped text so they
print and read well as they are; CSV is UTF-8 with a BOM so Excel shows Vietnamese marks.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Sheet:
    title: str  # at most 31 characters (Excel's limit)
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[int] = ()


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    # openpyxl is imported here: a tenth of a second that `guong check` and `new` never need
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        ws = book.create_sheet(sheet.title[:31])
        ws.append(list(sheet.headers))
        for row in sheet.rows:
            ws.append(list(row))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows():
            for cell in row:
                cell.alignment = wrap
        ws.freeze_panes = "A2"
        for index, _header in enumerate(sheet.headers, 1):
            width = sheet.widths[index - 1] if index <= len(sheet.widths) else _width(sheet, index - 1)
            ws.column_dimensions[get_column_letter(index)].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _width(sheet: Sheet, column: int) -> int:
    longest = max(
        [len(str(sheet.headers[column]))] + [len(str(r[column])) for r in sheet.rows if column < len(r)]
    )
    return min(60, max(8, longest + 2))


def csv_text(sheets: Sequence[Sheet]) -> str:
    """Several tables in one CSV, each introduced by its title and separated by a blank row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for number, sheet in enumerate(sheets):
        if len(sheets) > 1:
            if number:
                writer.writerow([])
            writer.writerow([sheet.title])
        writer.writerow(sheet.headers)
        writer.writerows(sheet.rows)
    return out.getvalue()


def write_csv(path: Path, sheets: Sequence[Sheet]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(sheets), encoding="utf-8-sig")


class SpreadsheetError(Exception):
    """A file that cannot be read as a table (Vietnamese message)."""


def read_table(path: Path) -> tuple[list[str], list[list[Any]]]:
    """Headers and data rows of the first sheet of an .xlsx, or of a .csv (UTF-8, ; or ,)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise SpreadsheetError(
                f"'{path.name}' không phải UTF-8; trong Excel chọn 'CSV UTF-8' khi lưu"
            ) from None
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        table = list(csv.reader(io.StringIO(text), dialect))
    elif suffix in (".xlsx", ".xlsm"):
        try:
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise SpreadsheetError(f"không mở được '{path.name}' ({exc})") from None
        table = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        raise SpreadsheetError(f"'{path.name}': chỉ nhận tệp .xlsx hoặc .csv")
    table = [row for row in table if any(v not in (None, "") for v in row)]
    if not table:
        raise SpreadsheetError(f"'{path.name}' không có dòng nào")
    headers = [unicodedata.normalize("NFC", str(h or "")).strip() for h in table[0]]
    rows = [
        [unicodedata.normalize("NFC", v).strip() if isinstance(v, str) else v for v in row]
        for row in table[1:]
    ]
    return headers, rows
