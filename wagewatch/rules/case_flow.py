"""The case workflow and its statutory deadlines (S-423 arts. 17, 20, 26; S-25)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wagewatch.rules.limitation import limitation_check
from wagewatch.rules.periods import period_end
from wagewatch.rules.working_days import Deadline, WorkingDayCalendar, add_working_days

ACCEPTANCE_WORKING_DAYS = 5        # S-25: decide on acceptance within 5 working days
INVESTIGATION_WORKING_DAYS = 60    # S-423 art. 17: close within 60 working days of filing
EXTENSION_WORKING_DAYS = 30        # S-423 art. 17: one extension of 30 with the head's approval
TIME_BAR_YEARS = 2                 # S-423 art. 20: not investigated after 2 years
#: S-423 art. 26 leaves the period of a payment order (限期支付) to the office; the office's bound
#: keeps it within the 60 working days an investigation has (art. 17), and at least one day.
PAY_WITHIN_WORKING_DAYS = (1, 60)

@dataclass(frozen=True)
class CaseStatusInfo:
    """A case status as the pages, workbooks and reports name it, and where it stands: open (a
    complaint not yet decided on, or a case under investigation) or closed."""

    label: str
    is_open: bool
    investigating: bool = False  # accepted and under investigation (S-423 art. 17's clock runs)


#: Every case status, in the workflow's order, with its one Chinese label.
STATUSES: dict[str, CaseStatusInfo] = {
    "registered": CaseStatusInfo("已登记待受理", is_open=True),
    "not_accepted": CaseStatusInfo("不予受理", is_open=False),
    "investigating": CaseStatusInfo("已立案调查", is_open=True, investigating=True),
    "payment_ordered": CaseStatusInfo("已责令限期支付", is_open=True, investigating=True),
    "resolved": CaseStatusInfo("已办结", is_open=False),
    "withdrawn": CaseStatusInfo("已撤销立案", is_open=False),
    "referred": CaseStatusInfo("已移送", is_open=False),
}

OPEN_STATUSES = frozenset(key for key, info in STATUSES.items() if info.is_open)
INVESTIGATION_STATUSES = frozenset(key for key, info in STATUSES.items() if info.investigating)
#: Closed after acceptance: the case was investigated and ended (not a refused complaint).
CLOSED_AFTER_ACCEPTANCE = frozenset(
    key for key, info in STATUSES.items() if not info.is_open and key != "not_accepted")


def status_label(status: str) -> str:
    """The Chinese label of a case status (the one table above)."""
    return STATUSES[status].label


#: Which transitions each status allows; the action names are the routes' names.
TRANSITIONS: dict[str, dict[str, str]] = {
    "registered": {"accept": "investigating", "not_accept": "not_accepted"},
    "investigating": {"order_payment": "payment_ordered", "resolve": "resolved",
                      "withdraw": "withdrawn", "refer": "referred"},
    "payment_ordered": {"order_payment": "payment_ordered", "resolve": "resolved",
                        "withdraw": "withdrawn", "refer": "referred"},
}

ACTION_LABELS = {
    "accept": "受理并立案", "not_accept": "不予受理", "order_payment": "责令限期支付",
    "resolve": "办结", "withdraw": "撤销立案", "refer": "移送", "extend": "延长办案期限",
}


class TransitionRefused(Exception):
    """A workflow step that the case's status or the law does not allow; message in Chinese."""


def next_status(current: str, action: str) -> str:
    """The status after ``action``, or TransitionRefused when the current status forbids it."""
    allowed = TRANSITIONS.get(current, {})
    if action not in allowed:
        raise TransitionRefused(f"案件当前状态下不能执行“{ACTION_LABELS.get(action, action)}”。")
    return allowed[action]


def acceptance_deadline(received_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """Acceptance must be decided by the 5th working day after receipt (S-25)."""
    return add_working_days(received_on, ACCEPTANCE_WORKING_DAYS, calendar)


def investigation_deadline(filed_on: date, extended: bool, calendar: WorkingDayCalendar) -> Deadline:
    """60 working days after filing, 90 with the one approved extension (S-423 art. 17)."""
    days = INVESTIGATION_WORKING_DAYS + (EXTENSION_WORKING_DAYS if extended else 0)
    return add_working_days(filed_on, days, calendar)


def pay_by_deadline(served_on: date, working_days: int, calendar: WorkingDayCalendar) -> Deadline:
    """The pay-by date of a payment order: ``working_days`` working days counted from the day it
    was served, not issued (S-423 art. 26; a period running from receipt starts on 送达)."""
    return add_working_days(served_on, working_days, calendar)


def check_pay_within(working_days: int) -> None:
    """A payment order gives 1 to 60 working days to pay, counted from its service (S-423 arts. 17
    and 26: the period the office sets stays within the investigation's own 60 working days)."""
    low, high = PAY_WITHIN_WORKING_DAYS
    if not low <= working_days <= high:
        raise TransitionRefused(f"支付期限须为{low}至{high}个工作日。")


def time_barred(violation_ended_on: date | None, received_on: date) -> bool:
    """True when the complaint came after the 2 years that follow the end of the violation
    (S-423 art. 20), counted by the Civil Code (the end day not counted; corresponding day)."""
    if violation_ended_on is None:
        return False
    return received_on > period_end(violation_ended_on, years=TIME_BAR_YEARS)


def check_not_accepted(reason: str, violation_ended_on: date | None, received_on: date,
                       work_ends: Sequence[date | None] = ()) -> None:
    """A time-bar refusal (S-423 art. 20) needs the violation to have ended more than 2 years
    before receipt, judged as at acceptance: from the latest of the case's end date and the
    workers' last working days (``work_ends``; None for a worker still working or not recorded)."""
    if reason != "time_barred":
        return
    check = limitation_check(violation_ended_on, work_ends, received_on)
    if not check.flagged:
        raise TransitionRefused(f"不能以“超过2年”为由不予受理：{check.summary}。")


def check_extension(already_extended: bool, status: str) -> None:
    """Only one extension, and only while the case is being investigated (S-423 art. 17)."""
    if already_extended:
        raise TransitionRefused("办案期限只能延长一次，本案已延长过。")
    if status not in INVESTIGATION_STATUSES:
        raise TransitionRefused(f"只有{status_label('investigating')}的案件可以延长办案期限。")


@dataclass(frozen=True)
class PendingDeadline:
    """The earliest deadline a case must meet next, for lists and the dashboard."""

    due_on: date | None
    kind: str | None
    provisional: bool


def pending_deadline(
    status: str,
    acceptance: Deadline | None,
    investigation: Deadline | None,
    unpaid_pay_by: Deadline | None,
) -> PendingDeadline:
    """Which deadline is next: acceptance while registered; then the investigation limit or an
    unpaid payment order's pay-by date, whichever comes first; none once the case is closed."""
    if status == "registered" and acceptance:
        candidates = [("acceptance", acceptance)]
    elif status in INVESTIGATION_STATUSES:
        candidates = [(k, d) for k, d in (("investigation", investigation),
                                          ("pay_by", unpaid_pay_by)) if d]
    else:
        candidates = []
    if not candidates:
        return PendingDeadline(None, None, False)
    kind, deadline = min(candidates, key=lambda item: item[1].due_on)
    return PendingDeadline(deadline.due_on, kind, deadline.provisional)


DEADLINE_LABELS = {"acceptance": "受理期限", "investigation": "办案期限", "pay_by": "限期支付期限"}


COLLECTIVE_THRESHOLD = 5  # S-25 (collective complaints name representatives)


def check_representatives(worker_count: int, representative_count: int) -> None:
    """A complaint of 5 or more workers names at least one representative."""
    if worker_count >= COLLECTIVE_THRESHOLD and representative_count == 0:
        raise TransitionRefused(
            f"{worker_count}名工人的集体投诉，请至少推选1名代表（勾选“代表”）。")
