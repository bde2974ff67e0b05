"""The clerk's queue of due work: what each kind of item is, its next step's label, its legal
source, and the order by legal deadline (the last day first come first; S-25, S-423, S-45, S-310)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from wagewatch.rules.case_actions import CASE_ACTION_LABELS
from wagewatch.rules.referral_steps import STEPS
from wagewatch.rules.working_days import WorkingDayCalendar, working_days_between


@dataclass(frozen=True)
class QueueKind:
    """A kind of due work: its title in the queue and the rule that sets its limit."""

    title: str
    source: str


#: In this order when two items fall due on the same day.
KINDS: dict[str, QueueKind] = {
    "acceptance": QueueKind("投诉待受理（5个工作日）", "S-25"),
    "investigation": QueueKind("办案期限将届满", "S-423 art. 17"),
    "pay_by": QueueKind("限期支付已过仍未支付", "S-423 art. 26"),
    "objection": QueueKind("异议待答复（5个工作日）", "S-45"),
    "decision": QueueKind("列入决定到期", "S-45"),
    "early_removal": QueueKind("提前移出申请待决定（15个工作日）", "S-45"),
    "candidate": QueueKind("黑名单候选，尚未启动列入程序", "S-45 art. 5"),
    "referral": QueueKind("移送公安步骤到期", "S-310"),
}

#: The next step's button label; case steps share the case page's labels.
STEP_LABELS: dict[str, str] = {
    **CASE_ACTION_LABELS,
    "start_proceeding": "启动列入程序",
    "serve_notice": "送达列入告知书",
    "record_notice_service": "登记告知书送达",
    "answer_objection": "答复异议",
    "decide_listing": "作出列入决定",
    "decide_early_removal": "作出提前移出决定",
    **{f"referral_{key}": info.title for key, info in STEPS.items()},
}


@dataclass(frozen=True)
class DueItem:
    """One piece of due work: the last day of its limit, what it concerns, the next step and the
    ids that step's form needs."""

    kind: str
    due_on: date
    subject: str                  # a case number or a contractor's name
    detail: str                   # the employer, or what the limit is
    step: str                     # a key of STEP_LABELS
    ids: Mapping[str, int] = field(default_factory=dict)
    mine: bool = False
    provisional: bool = False
    calendar_days: bool = False   # S-310 limits run in calendar days, not working days


@dataclass(frozen=True)
class RankedItem:
    """An item with the days left to its limit (negative once overdue) and how that reads."""

    item: DueItem
    days_left: int
    text: str
    level: str                    # danger (overdue or today), warning (3 days or fewer), secondary

    @property
    def title(self) -> str:
        return KINDS[self.item.kind].title

    @property
    def step_label(self) -> str:
        return STEP_LABELS[self.item.step]


def due_text(days_left: int, calendar_days: bool = False) -> str:
    """"已逾期 2 个工作日", "今日到期" or "剩 3 个工作日" (日 for calendar-day limits)."""
    unit = "日" if calendar_days else "个工作日"
    if days_left < 0:
        return f"已逾期 {-days_left} {unit}"
    if days_left == 0:
        return "今日到期"
    return f"剩 {days_left} {unit}"


def working_days_left(today: date, days: Iterable[date],
                      calendar: WorkingDayCalendar) -> dict[date, int]:
    """Working days from ``today`` to each day, as working_days_between counts them (negative for
    days already past)."""
    return {day: working_days_between(today, day, calendar) for day in set(days)}


def rank(items: Iterable[DueItem], today: date, calendar: WorkingDayCalendar,
         soon: int = 3, limit: int | None = None) -> list[RankedItem]:
    """The first ``limit`` items by legal deadline, the earliest last day first (working days
    left for working-day limits, calendar days for S-310's); on the same day by kind, then by
    subject."""
    order = list(KINDS)
    chosen = sorted(items, key=lambda i: (i.due_on, order.index(i.kind), i.subject))[:limit]
    working = working_days_left(today, [i.due_on for i in chosen if not i.calendar_days], calendar)
    ranked = []
    for item in chosen:
        left = (item.due_on - today).days if item.calendar_days else working[item.due_on]
        if today > item.due_on and left >= 0:
            left = -1  # due on a day off that has passed: overdue all the same
        level = "danger" if left <= 0 else "warning" if left <= soon else "secondary"
        ranked.append(RankedItem(item, left, due_text(left, item.calendar_days), level))
    return ranked
