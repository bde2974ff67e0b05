"""How much of a statutory clock has run, in working days or calendar days."""

from datetime import date, datetime

import pytest

from wagewatch.rules.elapsed import calendar_day_usage, working_day_usage
from wagewatch.rules.referral_steps import CHINA_TZ, day_limit
from wagewatch.rules.working_days import WorkingDayCalendar, add_working_days

CALENDAR = WorkingDayCalendar()


@pytest.mark.parametrize(("today", "text", "percent", "level"), [
    (date(2026, 11, 2), "已用 0/5 个工作日", 0, "info"),      # received Monday 2 November
    (date(2026, 11, 5), "已用 3/5 个工作日", 60, "info"),
    (date(2026, 11, 6), "已用 4/5 个工作日", 80, "warning"),
    (date(2026, 11, 8), "已用 4/5 个工作日", 80, "warning"),  # Sunday: no working day run
    (date(2026, 11, 9), "已用 5/5 个工作日", 100, "danger"),   # the last day
    (date(2026, 11, 11), "已逾期 2 个工作日", 100, "danger"),
])
def test_the_acceptance_clock_counts_working_days_run(today, text, percent, level):
    due = add_working_days(date(2026, 11, 2), 5, CALENDAR)
    usage = working_day_usage(date(2026, 11, 2), due.due_on, 5, today, CALENDAR)
    assert (usage.text, usage.percent, usage.level) == (text, percent, level)


def test_a_holiday_does_not_use_the_clock():
    # Served 29 September 2026: 30 September worked, 1-7 October National Day off.
    usage = working_day_usage(date(2026, 9, 29), date(2026, 10, 9), 3, date(2026, 10, 7), CALENDAR)
    assert usage.text == "已用 1/3 个工作日"


def test_the_police_decision_clock_counts_calendar_days():
    received = datetime(2026, 11, 5, 15, 0, tzinfo=CHINA_TZ)
    due = day_limit(received, 3)
    usage = calendar_day_usage(received, due, 3, datetime(2026, 11, 7, 9, 0, tzinfo=CHINA_TZ))
    assert usage.text == "已用 2/3 日"
    late = calendar_day_usage(received, due, 3, datetime(2026, 11, 9, 9, 0, tzinfo=CHINA_TZ))
    assert late.text == "已逾期 1 日" and late.level == "danger"
