"""The queue's order and wording: by the last day of each limit, working days or calendar days."""

from datetime import date

import pytest

from wagewatch.rules.work_queue import DueItem, due_text, rank, working_days_left
from wagewatch.rules.working_days import WorkingDayCalendar, working_days_between

CALENDAR = WorkingDayCalendar()
TODAY = date(2026, 10, 9)  # a Friday after the National Day holiday


def item(kind: str, due_on: date, subject: str = "A", **fields) -> DueItem:
    return DueItem(kind, due_on, subject, "", "accept", **fields)


@pytest.mark.parametrize("day", [date(2025, 3, 13), date(2026, 9, 29), date(2026, 10, 1),
                                 date(2026, 10, 8), TODAY, date(2026, 10, 10), date(2026, 10, 12),
                                 date(2026, 12, 31)])
def test_one_walk_counts_as_working_days_between(day):
    assert working_days_left(TODAY, [day], CALENDAR)[day] == working_days_between(TODAY, day, CALENDAR)


def test_items_come_by_their_last_day_then_by_kind():
    ranked = rank([item("candidate", date(2026, 10, 12), "B"), item("acceptance", date(2026, 10, 12)),
                   item("referral", date(2026, 10, 8), calendar_days=True),
                   item("pay_by", date(2026, 9, 29))], TODAY, CALENDAR)
    assert [(r.item.kind, r.text, r.level) for r in ranked] == [
        ("pay_by", "已逾期 3 个工作日", "danger"),      # 30 September, 8 and 9 October
        ("referral", "已逾期 1 日", "danger"),
        ("acceptance", "剩 2 个工作日", "warning"),     # Saturday 10 October is a make-up day
        ("candidate", "剩 2 个工作日", "warning")]


def test_only_the_first_items_are_ranked():
    items = [item("acceptance", date(2026, 10, day), str(day)) for day in range(12, 31)]
    assert [r.item.subject for r in rank(items, TODAY, CALENDAR, limit=3)] == ["12", "13", "14"]


@pytest.mark.parametrize(("left", "calendar_days", "text"), [
    (-2, False, "已逾期 2 个工作日"), (0, False, "今日到期"), (3, False, "剩 3 个工作日"),
    (-1, True, "已逾期 1 日"), (2, True, "剩 2 日")])
def test_due_text(left, calendar_days, text):
    assert due_text(left, calendar_days) == text
