"""`guong`: the staff command line (new, check, report, export, import).

Only parses arguments and prints; the work is done by the same core as the build
(content/, outputs/reports.py, outputs/spreadsheets.py), so `guong check` and
`mkdocs build` can never disagree.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.prompt import Prompt
from rich.table import Table

from .adapter.project import Project, ProjectError, load_project
from .cli_vi import vietnamese_argparse
from .content import authoring
from .content.catalog import Catalog, load_catalog
from .content.model import Quarter, parse_period, parse_when
from .content.problems import ContentError, Problem, Problems
from .content.publication import REASONS
from .content.taxonomy import Taxonomy
from .outputs import reports, yearbook
from .outputs.spreadsheets import Sheet, SpreadsheetError, csv_text, read_table, write_csv, write_xlsx

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # never wrap messages


class Fail(Exception):
    """Stop with a Vietnamese message and an exit code."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


# --- helpers ------------------------------------------------------------------------------


def _catalog(project: Project) -> tuple[Catalog, Problems]:
    try:
        return load_catalog(project.docs_dir, project.settings())
    except ContentError as exc:
        for problem in exc.problems.errors:
            err.print(f"  - {problem}", markup=False)
        raise Fail(f"Nội dung có {len(exc.problems.errors)} lỗi; sửa trước (xem: guong check).", 1) from None


def _year_option(value: str) -> int:
    if not re.fullmatch(r"\d{4}", value):
        raise argparse.ArgumentTypeError("năm phải có 4 chữ số, ví dụ 2024")
    return int(value)


def _reminder(project: Project, catalog: Catalog) -> str | None:
    now = project.settings().now
    options = project.options.reports
    last_year = len(reports.year_profiles(catalog, now.year - 1))
    return reports.deadline_reminder(
        now,
        last_year,
        options.units,
        options.quotas,
        len(project.taxonomies.fields),
        options.deadline,
        options.remind_days,
    )


_HINT = re.compile(r"có phải (?:là |ý bạn là )?'([^']+)'")


def _problem_json(problem: Problem) -> dict:
    hint = _HINT.search(problem.message)
    return {
        "file": f"content/{problem.path}",
        "key": problem.key,
        "message": problem.message,
        "suggestion": hint[1] if hint else None,
        "severity": "error" if problem.is_error else "warning",
    }


# --- output: plain lines when piped, tables on a terminal ---------------------------------

# `--format`: table (rich, only sensible on a terminal), text (one plain line per problem or
# row, never wrapped: greppable in CI logs), json, csv. Default: table on a terminal, else text.
FORMATS = ("text", "table", "json", "csv")


def _format(args) -> str:
    if args.format:
        return args.format
    return "table" if sys.stdout.isatty() else "text"


def _say(text: str) -> None:
    """One line on stdout exactly as given: no wrapping at any width, no markup."""
    print(text)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def problem_line(problem: Problem) -> str:
    """`content/<file>: <key>: lỗi|cảnh báo: <message>` on one line."""
    key = f"{problem.key}: " if problem.key else ""
    level = "lỗi" if problem.is_error else "cảnh báo"
    return f"content/{problem.path}: {key}{level}: {_one_line(problem.message)}"


def problems_csv(problems: Sequence[Problem]) -> str:
    """The same fields as `--format json`, one row per problem."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "key", "severity", "message", "suggestion"])
    for p in problems:
        item = _problem_json(p)
        writer.writerow(
            [item["file"], item["key"], item["severity"], item["message"], item["suggestion"] or ""]
        )
    return buffer.getvalue()


MIN_MESSAGE_WIDTH = 24


def problems_table(problems: Sequence[Problem], width: int) -> Table | None:
    """A table whose file, key and level columns are never wrapped or cut; only the message
    wraps. None when `width` is too narrow for that (the caller prints plain lines)."""
    from rich.cells import cell_len

    levels = ["LỖI" if p.is_error else "cảnh báo" for p in problems]
    paths = [f"content/{p.path}" for p in problems]
    keys = [p.key or "—" for p in problems]
    widths = [
        max(cell_len(v) for v in [head, *column])
        for head, column in (("Mức", levels), ("Tệp", paths), ("Khóa", keys))
    ]
    message_width = width - sum(widths) - 13  # 4 columns: 5 borders + 2 x 4 padding
    if message_width < MIN_MESSAGE_WIDTH:
        return None
    table = Table(title="Vấn đề trong nội dung", show_lines=True, expand=False)
    for head, column_width in zip(("Mức", "Tệp", "Khóa"), widths, strict=False):
        table.add_column(head, no_wrap=True, width=column_width)
    table.add_column("Cần sửa", overflow="fold", width=message_width)
    for level, path, key, p in zip(levels, paths, keys, problems, strict=False):
        table.add_row(level, path, key, p.message)
    return table


def sheet_lines(sheet: Sheet) -> list[str]:
    """A report table as plain lines: title, then ' | '-separated header and rows."""
    lines = [f"== {sheet.title} =="]
    for row in [sheet.headers, *sheet.rows]:
        lines.append(" | ".join(_one_line(v) for v in row))
    return lines


def sheet_table(sheet: Sheet, width: int) -> Table | None:
    """A rich table that breaks no label; None if it does not fit in `width`."""
    from rich.measure import Measurement

    table = Table(title=sheet.title, expand=False)
    for header in sheet.headers:
        table.add_column(str(header), no_wrap=True)
    for row in sheet.rows:
        table.add_row(*(_styled(v) for v in row))
    if Measurement.get(out, out.options.update(max_width=100_000), table).maximum > width:
        return None
    return table


# --- check --------------------------------------------------------------------------------


def cmd_check(project: Project, args) -> int:
    catalog = None
    try:
        catalog, problems = load_catalog(project.docs_dir, project.settings())
    except ContentError as exc:
        problems = exc.problems
    if catalog is not None and project.options.yearbook.enabled:  # the build reads these too
        try:
            periods = [parse_period(p) for p in project.options.yearbook.periods]
        except ValueError as exc:
            raise Fail(f"Cấu hình yearbook.periods trong mkdocs.yml: {exc}") from None
        problems.items += yearbook.book_forewords(catalog, project.docs_dir, periods)[1].items
    errors, warnings = problems.errors, problems.warnings
    reminder = _reminder(project, catalog) if catalog is not None else None
    left_out = catalog.publication.left_out if catalog is not None else ()
    failed = bool(errors) or (args.strict and bool(warnings))
    fmt = _format(args)
    if fmt == "json":
        print(
            json.dumps(
                {
                    "ok": not failed,
                    "errors": [_problem_json(p) for p in errors],
                    "warnings": [_problem_json(p) for p in warnings],
                    "summary": {
                        "errors": len(errors),
                        "warnings": len(warnings),
                        "published": len(catalog.profiles) if catalog else None,
                        "unpublished": len(catalog.unpublished) if catalog else None,
                        "campaigns": len(catalog.campaigns) if catalog else None,
                    },
                    "reminder": reminder,
                    "left_out": [
                        {"file": f"content/{item.path}", "reason": REASONS[item.reason]} for item in left_out
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 1 if failed else 0
    if fmt == "csv":
        print(problems_csv(errors + warnings), end="")
        if reminder:
            err.print(reminder, markup=False, soft_wrap=True)
        return 1 if failed else 0
    if errors or warnings:
        table = problems_table(errors + warnings, out.width) if fmt == "table" else None
        if table is None:
            for p in errors + warnings:
                _say(problem_line(p))
        else:
            out.print(table, markup=False)
    if left_out:  # what the build will not publish, and why (backups, scans, stray files)
        _say(f"Không xuất bản {len(left_out)} tệp trong thư mục nội dung:")
        for item in left_out:
            _say(f"  - content/{item.path}: {REASONS[item.reason]}")
    if catalog is not None:
        _say(
            f"Đã kiểm tra: {len(catalog.profiles)} gương đang xuất bản, "
            f"{len(catalog.unpublished)} bản nháp hoặc hẹn giờ, {len(catalog.campaigns)} "
            f"phong trào; {len(warnings)} cảnh báo."
        )
    if errors:
        _say(
            f"KHÔNG ĐẠT: {len(errors)} lỗi, {len(warnings)} cảnh báo. Sửa các lỗi trên rồi "
            "chạy lại 'guong check'."
        )
    elif failed:
        _say(f"KHÔNG ĐẠT (--strict): {len(warnings)} cảnh báo.")
    else:
        _say("ĐẠT: nội dung hợp lệ, có thể xuất bản.")
    if reminder:
        err.print(reminder, markup=False, soft_wrap=True)
    return 1 if failed else 0


# --- report -------------------------------------------------------------------------------


def report_sheets(project: Project, catalog: Catalog, year: int) -> list[Sheet]:
    """The report as tables: shared by the terminal, --csv and --xlsx."""
    profiles = reports.year_profiles(catalog, year)
    cov = reports.coverage(profiles, project.taxonomies, year, project.settings().now)
    quarters = [Quarter(year, q).label for q in reports.QUARTERS]
    sheets = [
        Sheet(
            f"Độ phủ {year}",
            ["Lĩnh vực", *quarters, "Cả năm"],
            [[row.label, *(cov.cell(row, q) for q in reports.QUARTERS), sum(row.counts)] for row in cov.rows]
            + [["Tổng", *cov.totals, sum(cov.totals)]],
            (34, 12, 12, 12, 12, 8),
        )
    ]
    units = reports.unit_quotas(profiles, project.options.reports.units, project.options.reports.quotas)
    sheets.append(
        Sheet(
            "Đơn vị giới thiệu",
            ["Đơn vị", "Loại đơn vị", "Số gương", "Định mức", "Đánh giá"],
            [[u.unit, u.kind, u.count, u.quota, u.status] for u in units],
            (48, 16, 10, 10, 16),
        )
    )
    for name, rows in reports.counts(profiles, catalog, project.options.provinces).items():
        sheets.append(
            Sheet(f"Theo {name.lower()}", [name, "Số gương"], [[c.label, c.count] for c in rows], (48, 10))
        )
    return sheets


def cmd_report(project: Project, args) -> int:
    catalog, _ = _catalog(project)
    sheets = report_sheets(project, catalog, args.year)
    total = len(reports.year_profiles(catalog, args.year))
    fmt = _format(args)
    # json and csv put only the data on stdout; the sentences go to stderr.
    say = _say if fmt in ("text", "table") else (lambda text: err.print(text, markup=False, soft_wrap=True))
    if fmt == "json":
        print(
            json.dumps(
                {
                    "year": args.year,
                    "profiles": total,
                    "tables": [
                        {
                            "title": sheet.title,
                            "headers": list(sheet.headers),
                            "rows": [list(row) for row in sheet.rows],
                        }
                        for sheet in sheets
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif fmt == "csv":
        print(csv_text(sheets), end="")
    else:
        say(f"Báo cáo năm {args.year}: {total} gương điển hình (đã và sẽ xuất bản, không tính bản nháp).")
        for sheet in sheets:
            table = sheet_table(sheet, out.width) if fmt == "table" else None
            if table is None:
                for line in sheet_lines(sheet):
                    _say(line)
            else:
                out.print(table)
    cov_gaps = [r for r in sheets[0].rows if "THIẾU" in r]
    units = sheets[1].rows
    under = [u for u in units if u[4] == "thiếu"]
    over = [u for u in units if u[4] == "vượt"]
    say(
        f"Ô trống (THIẾU): {sum(r.count('THIẾU') for r in cov_gaps)} ở "
        f"{len(cov_gaps)} lĩnh vực. Đơn vị thiếu định mức: {len(under)}"
        + (f" ({', '.join(u[0] for u in under)})" if under else "")
        + f". Đơn vị vượt định mức: {len(over)}"
        + (f" ({', '.join(u[0] for u in over)})" if over else "")
        + "."
    )
    if args.csv:
        write_csv(Path(args.csv), sheets)
        say(f"Đã ghi {args.csv}")
    if args.xlsx:
        write_xlsx(Path(args.xlsx), sheets)
        say(f"Đã ghi {args.xlsx}")
    if reminder := _reminder(project, catalog):
        err.print(reminder, markup=False, soft_wrap=True)
    return 0


def _styled(value) -> str:
    from rich.markup import escape

    text = escape(str(value))
    if text == "THIẾU" or text == "thiếu":
        return f"[bold red]{text}[/]"
    if text == "vượt":
        return f"[yellow]{text}[/]"
    return text


# --- export -------------------------------------------------------------------------------


def cmd_export(project: Project, args) -> int:
    if not (args.xlsx or args.csv):
        raise Fail("cần --xlsx TỆP.xlsx (hoặc --csv TỆP.csv)")
    catalog, _ = _catalog(project)
    rows = reports.export_rows(reports.year_profiles(catalog, args.year), catalog, project.site_url)
    sheet = Sheet(f"Gương điển hình {args.year}", reports.EXPORT_HEADERS, rows, reports.EXPORT_WIDTHS)
    for target, write in ((args.xlsx, write_xlsx), (args.csv, write_csv)):
        if target:
            write(Path(target), [sheet])
            out.print(f"Đã ghi {len(rows)} gương điển hình năm {args.year} vào {target}", markup=False)
    return 0


# --- import -------------------------------------------------------------------------------


def cmd_import(project: Project, args) -> int:
    if args.feed:
        return cmd_import_feed(project, args)
    if not args.file:
        raise Fail("cần TỆP .xlsx/.csv, hoặc --feed ĐỊA_CHỈ_HOẶC_TỆP để nhập từ nguồn tin JSON Feed")
    for flag, given in (("--site-url", args.site_url), ("--unit", args.unit), ("--campaign", args.campaign)):
        if given:
            raise Fail(f"{flag} chỉ dùng cùng --feed")
    try:
        headers, rows = read_table(Path(args.file))
    except (SpreadsheetError, OSError) as exc:
        raise Fail(str(exc), 1) from None
    result = authoring.import_rows(
        project.docs_dir,
        headers,
        rows,
        project.taxonomies,
        project.settings().now,
        publish=args.publish,
        force=args.force,
    )
    for column in result.unmapped_columns:
        err.print(f"Cột '{column}' không khớp khóa nào, bỏ qua.", markup=False)
    for path in result.written:
        _say(f"Đã tạo {_shown(path, project)}")
    for number, reason in result.skipped:
        err.print(f"Dòng {number}: không nhập được: {reason}", markup=False)
    for number, path, why in result.duplicates:
        action = "vẫn nhập (--force)" if args.force else "bỏ qua; thêm --force để vẫn nhập"
        err.print(
            f"Dòng {number}: trùng với hồ sơ có sẵn {_shown(path, project)} ({why}); {action}.", markup=False
        )
    state = "xuất bản" if args.publish else "bản nháp (draft: true)"
    duplicates = 0 if args.force else len(result.duplicates)
    _say(
        f"Nhập {len(result.written)} hồ sơ dạng {state}; {len(result.skipped)} dòng "
        f"không nhập được; {duplicates} dòng trùng hồ sơ có sẵn, không nhập."
    )
    return 1 if result.skipped or duplicates else 0


def cmd_import_feed(project: Project, args) -> int:
    """`guong import --feed`: another guong site's exemplars as drafts (content/aggregate.py)."""
    from .content import aggregate

    if args.file:
        raise Fail("dùng TỆP (bảng tính) hoặc --feed (nguồn tin), không dùng cả hai")
    if args.publish or args.force:
        raise Fail(
            "--publish và --force không dùng cùng --feed: hồ sơ nhập từ nguồn tin luôn là bản "
            "nháp, và lần nhập sau cập nhật bản nháp thay vì tạo bản trùng"
        )
    try:
        feed = aggregate.read_source(args.feed, site_url=args.site_url or "")
        result = aggregate.import_feed(
            project.docs_dir,
            feed,
            project.taxonomies,
            project.settings().max_image_pixels,
            unit=args.unit or "",
            default_campaign=args.campaign or "",
        )
    except aggregate.FeedError as exc:
        raise Fail(str(exc), 1) from None
    except OSError as exc:
        raise Fail(f"không ghi được hồ sơ ({exc})", 1) from None
    for number, what, why in feed.rejected:
        err.print(f"Mục {number} ('{what}'): không nhập được: {why}.", markup=False)
    words = {"created": "Đã tạo", "updated": "Đã cập nhật", "unchanged": "Không đổi"}
    for outcome in result.outcomes:
        shown = _shown(outcome.path, project)
        if outcome.action == "published":
            err.print(
                f"Bỏ qua '{outcome.item.title}': {shown} đã xuất bản (không còn draft: true); "
                "không ghi đè hồ sơ đã xuất bản.",
                markup=False,
            )
            continue
        _say(f"{words[outcome.action]} {shown} (bản nháp; nguồn: {outcome.item.url})")
        for warning in outcome.warnings:
            err.print(f"Cảnh báo: {shown}: {warning}.", markup=False)
        if outcome.todo:
            err.print(
                f"Cần điền: {shown}: {', '.join(outcome.todo)} không khớp danh mục của trang này; "
                "điền vào tệp (xem dòng '# CẦN ĐIỀN'), cho tới lúc đó 'guong check' và "
                "'mkdocs build' báo lỗi.",
                markup=False,
            )
    name = f" '{feed.title}'" if feed.title else ""
    _say(
        f"Nhập từ nguồn{name}: {len(result.of('created'))} hồ sơ mới, "
        f"{len(result.of('updated'))} cập nhật, {len(result.of('unchanged'))} không đổi (bản nháp, "
        f"draft: true); {len(result.of('published'))} đã xuất bản, bỏ qua; "
        f"{len(feed.rejected)} mục không nhập được."
    )
    return 1 if feed.rejected else 0


def _shown(path: Path, project: Project) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


# --- new ----------------------------------------------------------------------------------


class _Missing:
    """What `guong new --no-input` lacks or cannot use, reported together at the end."""

    def __init__(self):
        self.missing: list[str] = []
        self.wrong: list[str] = []

    def check(self) -> None:
        parts = []
        if self.missing:
            parts.append(
                f"thiếu {len(self.missing)} mục bắt buộc: {', '.join(self.missing)}"
                " (thêm các cờ này, hoặc bỏ --no-input để được hỏi từng mục)"
            )
        parts += self.wrong
        if parts:
            raise Fail("; ".join(parts))


def _choose(
    taxonomy_title: str,
    options: dict[str, str],
    given: str | None,
    interactive: bool,
    match,
    flag: str,
    todo: _Missing,
) -> str | None:
    """A value given by flag, or chosen by number, key or label from a numbered list."""
    if given:
        found = match(given)
        if not found:
            todo.wrong.append(
                f"{flag} ({taxonomy_title.lower()}): '{given}' không có trong danh "
                f"sách ({', '.join(options)})"
            )
        return found
    if not interactive:
        todo.missing.append(f"{flag} ({taxonomy_title.lower()})")
        return None
    keys = list(options)
    out.print(f"[bold]{taxonomy_title}[/]")
    for number, key in enumerate(keys, 1):
        out.print(f"  {number:>2}. {options[key]} ({key})", markup=False)
    while True:
        answer = Prompt.ask("Chọn số, khóa hoặc tên", console=out).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(keys):
            return keys[int(answer) - 1]
        if found := match(answer):
            return found
        out.print("Không có trong danh sách, chọn lại.", markup=False)


def _ask(
    label: str,
    given: str | None,
    interactive: bool,
    required: bool = True,
    default: str = "",
    flag: str = "",
    todo: _Missing | None = None,
) -> str:
    if given is not None:
        return given.strip()
    if not interactive:
        if required and not default and todo is not None:
            todo.missing.append(f"{flag} ({label.split(' (')[0].lower()})")
        return default
    while True:
        answer = Prompt.ask(label, console=out, default=default or None) or ""
        if answer.strip() or not required:
            return answer.strip()


def cmd_new(project: Project, args) -> int:
    tax = project.taxonomies
    interactive = not args.no_input
    campaigns = authoring.campaign_names(project.docs_dir)
    if not campaigns:
        raise Fail("chưa có phong trào nào trong content/phong-trao/; tạo phong trào trước")
    todo = _Missing()

    def taxo(t: Taxonomy, given, flag):
        return _choose(t.title, {k.key: k.label for k in t}, given, interactive, t.match, flag, todo)

    title = _ask(
        "Tiêu đề (tên người/tập thể – điểm nổi bật)", args.title, interactive, flag="--title", todo=todo
    )
    when_text = _ask(
        "Ngày đăng (2024-05-19 hoặc 19/05/2024)",
        args.date,
        interactive,
        default=project.settings().now.date().isoformat(),
    )
    when = None
    try:
        when = parse_when(when_text).date()
    except ValueError as exc:
        todo.wrong.append(f"--date (ngày đăng): {exc}")
    meta: dict = {"title": title, "date": when.isoformat() if when else when_text}
    meta["field"] = taxo(tax.fields, args.field, "--field")
    meta["level"] = taxo(tax.levels, args.level, "--level")
    meta["kind"] = taxo(tax.kinds, args.kind, "--kind")
    chosen = [
        _choose(
            "Phong trào",
            campaigns,
            ref,
            interactive,
            lambda v: authoring.match_campaign(v, campaigns),
            "--campaign",
            todo,
        )
        for ref in (args.campaign or [None])
    ]
    meta["campaign"] = chosen[0] if len(chosen) == 1 else chosen
    for key, label, given in (
        ("unit", "Đơn vị giới thiệu", args.unit),
        ("locality", "Địa phương", args.locality),
        ("summary", "Tóm tắt thành tích (sapo)", args.summary),
    ):
        value = _ask(label, given, interactive, required=False)
        if value:
            meta[key] = value
    if args.occasion:
        meta["occasion"] = taxo(tax.occasions, args.occasion, "--occasion")
    todo.check()  # every missing or unusable value in one message
    assert when is not None
    meta["draft"] = not args.publish
    slug = authoring.unique_slug(
        args.slug or authoring.display_name(title), authoring.existing_slugs(project.docs_dir)
    )
    try:
        path = authoring.write_profile(project.docs_dir, when.year, slug, authoring.profile_text(meta))
    except FileExistsError as exc:  # a race with another writer: still never overwrite
        raise Fail(f"tệp '{exc.filename}' đã có; không ghi đè", 1) from None
    draft = ", bản nháp" if meta["draft"] else ""
    out.print(
        f"Đã tạo {path.relative_to(project.root)} (đường dẫn /guong/{slug}/{draft}). "
        "Viết câu chuyện thay cho các câu hướng dẫn trong tệp: 'guong check' báo lỗi "
        "khi hồ sơ xuất bản còn giữ chúng.",
        markup=False,
        soft_wrap=True,
    )
    return 0


# --- argument parsing ---------------------------------------------------------------------


NEW_FLAGS = (
    ("title", "TIÊU_ĐỀ", "tiêu đề: tên người/tập thể – điểm nổi bật (bắt buộc)"),
    ("date", "NGÀY", "ngày đăng, 2024-05-19 hoặc 19/05/2024 (mặc định: hôm nay)"),
    ("field", "LĨNH_VỰC", "lĩnh vực: khóa hoặc tên trong cấu hình (bắt buộc)"),
    ("level", "CẤP", "cấp công nhận: co-so, huyen, so-nganh, tinh, toan-quoc… (bắt buộc)"),
    ("kind", "ĐỐI_TƯỢNG", "đối tượng: ca-nhan, tap-the, ho-gia-dinh (bắt buộc)"),
    ("unit", "ĐƠN_VỊ", "đơn vị giới thiệu"),
    ("locality", "ĐỊA_PHƯƠNG", 'địa phương, ví dụ "xã Ea Tiêu, tỉnh Đắk Lắk"'),
    ("summary", "SAPO", "tóm tắt thành tích (sapo) cho danh sách và nguồn tin"),
    ("occasion", "DỊP", "khóa dịp kỷ niệm, ví dụ thi-dua-ai-quoc"),
    ("slug", "SLUG", "tên tệp/đường dẫn (mặc định: theo họ tên, không dấu)"),
)


# --- poster -------------------------------------------------------------------------------


def cmd_poster(project: Project, args) -> int:
    """One poster PDF (A4, or A3 with --a3) of a published profile, without building the site."""
    import difflib

    from .outputs import pdf, posters

    catalog, _ = _catalog(project)
    found = {p.slug: p for p in catalog.profiles}
    profile = found.get(args.slug)
    if profile is None:
        near = difflib.get_close_matches(args.slug, list(found), n=1)
        hint = f"; có phải là '{near[0]}'?" if near else ""
        raise Fail(f"không có hồ sơ đã xuất bản '{args.slug}'{hint}", 1)
    problem = pdf.weasyprint_problem()
    if problem is not None:
        raise Fail(f"không tạo được áp phích PDF: {problem}", 1)
    try:
        fonts = posters.poster_fonts(project.options.yearbook.font, project.root)
    except pdf.FontError as exc:
        raise Fail(f"áp phích PDF: {exc}", 1) from None
    size = "A3" if args.a3 else "A4"
    target = Path(args.output or f"ap-phich-{profile.slug}-{size.lower()}.pdf")
    for complaint in posters.standalone(
        profile, project.docs_dir, project.site_url, project.site_name, size, target, fonts
    ):
        err.print(f"Cảnh báo: {complaint}", markup=False)
    _say(f"Đã ghi áp phích khổ {size} của '{profile.title}' vào {target}")
    return 0


def parser() -> argparse.ArgumentParser:
    """Build inside `vietnamese_argparse()` so argparse's own strings are Vietnamese."""
    top = argparse.ArgumentParser(
        prog="guong", description="Công cụ cho cán bộ biên tập trang gương điển hình tiên tiến."
    )
    top.add_argument(
        "-f", "--config", default="mkdocs.yml", metavar="TỆP", help="tệp mkdocs.yml (mặc định: %(default)s)"
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="LỆNH", title="các lệnh")

    new = sub.add_parser(
        "new",
        help="tạo hồ sơ gương mới (hỏi từng mục, hoặc dùng cờ)",
        description="Tạo hồ sơ gương mới trong content/guong/<năm>/. Không bao giờ ghi đè tệp có sẵn.",
    )
    for flag, metavar, text in NEW_FLAGS:
        new.add_argument(f"--{flag}", metavar=metavar, help=text)
    new.add_argument(
        "--campaign",
        action="append",
        metavar="PHONG_TRÀO",
        help="slug hoặc tên phong trào (bắt buộc); lặp lại nếu nhiều",
    )
    new.add_argument(
        "--publish", action="store_true", help="đăng ngay (draft: false); mặc định là bản nháp (draft: true)"
    )
    new.add_argument(
        "--no-input",
        action="store_true",
        help="không hỏi; thiếu cờ bắt buộc thì dừng và liệt kê mọi cờ còn thiếu",
    )

    check = sub.add_parser(
        "check",
        help="kiểm tra toàn bộ nội dung như khi dựng trang",
        description="Kiểm tra toàn bộ nội dung đúng như khi dựng trang.",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="text: mỗi vấn đề một dòng 'tệp: khóa: mức: nội dung'; table: bảng; "
        "json, csv: cho máy đọc (mặc định: bảng khi chạy trong cửa sổ "
        "lệnh, text khi chuyển tiếp/ghi log)",
    )
    check.add_argument(
        "--strict", action="store_true", help="coi cảnh báo là lỗi (như mkdocs build --strict)"
    )

    report = sub.add_parser(
        "report",
        help="báo cáo độ phủ theo quý, định mức đơn vị, thống kê",
        description="Báo cáo độ phủ lĩnh vực × quý, định mức đơn vị, thống kê.",
    )
    report.add_argument(
        "--year", type=_year_option, default=None, metavar="NĂM", help="năm báo cáo (mặc định: năm nay)"
    )
    report.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="text: mỗi dòng bảng một dòng, cột cách nhau ' | '; table; json; "
        "csv (mặc định: bảng trong cửa sổ lệnh, text khi chuyển tiếp)",
    )
    report.add_argument("--csv", metavar="TỆP.csv", help="ghi thêm ra tệp CSV")
    report.add_argument("--xlsx", metavar="TỆP.xlsx", help="ghi thêm ra tệp Excel")

    export = sub.add_parser(
        "export",
        help="danh sách năm gửi Sở Nội vụ (Excel)",
        description="Danh sách gương điển hình của một năm gửi Sở Nội vụ.",
    )
    export.add_argument(
        "--year", type=_year_option, default=None, metavar="NĂM", help="năm (mặc định: năm nay)"
    )
    export.add_argument("--xlsx", metavar="TỆP.xlsx", help="ghi ra tệp Excel")
    export.add_argument("--csv", metavar="TỆP.csv", help="ghi ra tệp CSV")

    imp = sub.add_parser(
        "import",
        help="nhập danh sách .xlsx/.csv, hoặc nguồn tin của trang khác (--feed), thành hồ sơ nháp",
        description="Nhập danh sách .xlsx/.csv thành hồ sơ; dòng trùng với hồ "
        "sơ có sẵn được bỏ qua và báo lại. Với --feed: nhập gương từ JSON Feed "
        "(/feed.json) hoặc /guong/index.json của một trang gương điển hình khác thành "
        "bản nháp, kèm ảnh và 'source:' là địa chỉ bài gốc; nhập lại cập nhật bản nháp, "
        "không tạo bản trùng, không đụng tới hồ sơ đã xuất bản.",
    )
    imp.add_argument("file", nargs="?", metavar="TỆP", help="tệp .xlsx hoặc .csv")
    imp.add_argument(
        "--feed",
        metavar="NGUỒN",
        help="địa chỉ http(s) hoặc tệp đã lưu của feed.json hoặc guong/index.json của trang khác",
    )
    imp.add_argument(
        "--site-url",
        metavar="ĐỊA_CHỈ",
        help="địa chỉ trang nguồn, khi nhập từ tệp guong/index.json đã lưu",
    )
    imp.add_argument("--unit", metavar="ĐƠN_VỊ", help="đơn vị giới thiệu ghi vào mọi hồ sơ nhập (--feed)")
    imp.add_argument(
        "--campaign",
        metavar="PHONG_TRÀO",
        help="phong trào (slug hoặc tên) cho các mục không khớp phong trào nào ở trang này (--feed)",
    )
    imp.add_argument("--publish", action="store_true", help="tạo hồ sơ xuất bản ngay (draft: false)")
    imp.add_argument(
        "--force",
        action="store_true",
        help="vẫn nhập các dòng trùng với hồ sơ có sẵn (cùng tiêu đề, hoặc cùng họ tên và ngày)",
    )
    edit = sub.add_parser(
        "edit",
        help="biên tập trên trình duyệt: mở trang xem trước và trang /admin/ sửa thẳng các tệp trên máy",
        description="Chạy trang xem trước (tự tải lại) và trang biên tập /admin/ ghi thẳng vào "
        "content/ trên máy này, trong một lệnh; chỉ máy này truy cập được (127.0.0.1). "
        "Nhấn Ctrl-C để dừng.",
    )
    edit.add_argument(
        "--port", type=int, default=8000, metavar="CỔNG", help="cổng của trang xem trước (mặc định: 8000)"
    )
    edit.add_argument(
        "--api-port",
        type=int,
        default=0,
        metavar="CỔNG",
        help="cổng cho trang biên tập đọc, ghi tệp (mặc định: một cổng trống bất kỳ)",
    )
    edit.add_argument("--open", action="store_true", help="mở trang biên tập trong trình duyệt")
    poster = sub.add_parser(
        "poster",
        help="áp phích PDF (A4 hoặc A3) của một gương, có mã QR tới bài",
        description="Tạo áp phích PDF của một gương điển hình đã xuất bản (ảnh, tên, tóm tắt, "
        "mã QR tới bài trên trang) mà không cần dựng cả trang.",
    )
    poster.add_argument("slug", metavar="SLUG", help="tên tệp hồ sơ không có .md, ví dụ nguyen-thi-lan")
    poster.add_argument("--a3", action="store_true", help="khổ A3 (mặc định: A4)")
    poster.add_argument(
        "-o", "--output", metavar="TỆP.pdf", help="tệp PDF ghi ra (mặc định: ap-phich-<slug>-a4.pdf)"
    )
    return top


def cmd_edit(project: Project, args: argparse.Namespace) -> int:
    from . import editserver
    from .outputs import cms

    admin = project.options.admin
    if not admin.enabled or not admin.local_backend:
        key = "admin.enabled" if not admin.enabled else "admin.local_backend"
        raise Fail(
            f"mkdocs.yml tắt trang biên tập ({key}: false trong phần guong:); bật lại để dùng guong edit."
        )
    if not cms.vendored_files():
        raise Fail("chưa có Decap CMS cho trang biên tập: chạy 'make vendor' (cần npm) rồi chạy lại.")

    def say(text: str) -> None:
        print(text, flush=True)

    try:
        return editserver.run(
            Path(args.config).resolve(),
            project.root,
            project.docs_dir,
            args.port,
            args.api_port,
            args.open,
            say,
        )
    except OSError as exc:
        raise Fail(f"không mở được cổng cho trang biên tập: {exc.strerror or exc}") from None


COMMANDS = {
    "new": cmd_new,
    "edit": cmd_edit,
    "check": cmd_check,
    "report": cmd_report,
    "export": cmd_export,
    "import": cmd_import,
    "poster": cmd_poster,
}


def main(argv: Sequence[str] | None = None) -> int:
    with vietnamese_argparse():
        args = parser().parse_args(argv)
    try:
        project = load_project(args.config)
        if getattr(args, "year", "absent") is None:
            args.year = project.settings().now.year
        return COMMANDS[args.command](project, args)
    except ProjectError as exc:
        err.print(f"Lỗi: {exc}", markup=False)
        return 2
    except Fail as exc:
        err.print(f"Lỗi: {exc}", markup=False)
        return exc.code
    except KeyboardInterrupt:
        err.print("Đã dừng.", markup=False)
        return 130


if __name__ == "__main__":
    sys.exit(main())
