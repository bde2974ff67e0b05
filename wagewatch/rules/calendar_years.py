"""When an administrator may mark a year's working-day schedule complete (国务院办公厅 notice)."""

from __future__ import annotations

from dataclasses import dataclass

from wagewatch.rules import working_days


@dataclass(frozen=True)
class CompletionProblem:
    """Why a year cannot be marked complete (or reopened) as asked, and the form field it concerns."""

    message: str
    field: str
    needs_confirmation: bool = False


def completion_problem(year: int, *, entered_days: int, notice_reference: str,
                       confirmed_empty: bool) -> CompletionProblem | None:
    """Marking ``year`` complete: not for a year chinesecalendar carries (always complete), only
    with the notice's reference, and with no entered holiday or make-up day only when confirmed
    (the State Council announces holidays every year, so an empty year is almost always an
    omission)."""
    if year in working_days.PACKAGE_YEARS:
        return CompletionProblem(f"{year}年的工作日安排已由内置日历数据提供，始终视为完整。", "year")
    if not notice_reference.strip():
        return CompletionProblem("请填写国务院办公厅放假安排通知的文号，例如：国办发明电〔2026〕5号。",
                                 "notice_reference")
    if entered_days == 0 and not confirmed_empty:
        return CompletionProblem(
            f"{year}年尚未录入任何节假日或调休上班日。请先逐日录入通知中的安排；"
            "如确认该年没有任何调整，请勾选确认后再提交。", "confirm_empty", needs_confirmation=True)
    return None


def reopen_problem(year: int) -> CompletionProblem | None:
    """Reopening ``year``: only a year beyond the package can become provisional again."""
    if year in working_days.PACKAGE_YEARS:
        return CompletionProblem(f"{year}年的工作日安排已由内置日历数据提供，不能重新设为暂定。", "year")
    return None
