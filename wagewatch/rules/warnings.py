"""Warnings that do not decide anything but tell the clerk to look: a repeat employer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from wagewatch.rules.periods import add_months
from wagewatch.rules.reasons import Reason

REPEAT_WINDOW_MONTHS = 12


def repeat_employer(received_on: date, earlier: Sequence[tuple[str, date]]) -> Reason | None:
    """The employer had another complaint within the 12 months before this one was received
    (a repeat employer: typical of 恶意欠薪 and a reason to press for the blacklist)."""
    since = add_months(received_on, -REPEAT_WINDOW_MONTHS)
    recent = sorted((d, n) for n, d in earlier if since <= d <= received_on)
    if not recent:
        return None
    numbers = [n for _, n in recent]
    return Reason("repeat_employer", "监管提示（非法定条件）", True,
                  f"该用人单位在收到本投诉前12个月内已有{len(numbers)}件欠薪投诉："
                  + "、".join(numbers), {"case_numbers": numbers, "since": since.isoformat()})
