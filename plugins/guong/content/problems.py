"""Collected content problems, so one pass over all files reports everything at once."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file: `path` is relative to the docs folder (`content/`)."""

    path: str
    key: str
    message: str
    is_error: bool = True

    def __str__(self) -> str:
        where = f"{self.path}: khóa '{self.key}'" if self.key else self.path
        return f"{where}: {self.message}"


@dataclass
class Problems:
    """Accumulates problems instead of raising at the first one."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, key: str, message: str) -> None:
        self.items.append(Problem(path, key, message, True))

    def warning(self, path: str, key: str, message: str) -> None:
        self.items.append(Problem(path, key, message, False))

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.is_error)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if not p.is_error)

    def report(self) -> str:
        """The Vietnamese error report shown to staff when the build must stop."""
        errors = self.errors
        lines = [
            f"Nội dung có {len(errors)} lỗi; chưa xuất bản gì, trang đã xuất bản lần trước "
            "vẫn giữ nguyên. Sửa các lỗi sau rồi chạy lại:"
        ]
        lines += [f"  - {p}" for p in errors]
        return "\n".join(lines)


class ContentError(Exception):
    """Raised by the core when content has errors; carries every problem found."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(problems.report())
