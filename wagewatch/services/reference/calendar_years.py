"""Marking a year's working-day schedule complete or reopening it; open deadlines are recounted."""

from __future__ import annotations

from datetime import date

from wagewatch.extensions import db
from wagewatch.models import (
    OPEN_STATUSES, CalendarOverride, CalendarYear, Case, PaymentOrder, User, utcnow,
)
from wagewatch.rules.calendar_years import completion_problem, reopen_problem
from wagewatch.rules.case_flow import pay_by_deadline
from wagewatch.rules.working_days import PACKAGE_YEARS
from wagewatch.services import ServiceError, audit
from wagewatch.services.cases.registration import refresh_open_case_deadlines
from wagewatch.services.reference.calendar import current_calendar, forget_calendar


def entered_days(year: int) -> int:
    """How many holidays and make-up days the administrator entered for ``year``."""
    return db.session.scalar(db.select(db.func.count(CalendarOverride.id)).where(
        CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31))) or 0


def year_rows(today: date) -> list[dict]:
    """Every year beyond the package that has entries, a record, or is this or next year, with
    its state for the administrator's page."""
    records = {r.year: r for r in db.session.scalars(db.select(CalendarYear))}
    days = db.session.scalars(db.select(CalendarOverride.day)).all()
    counts: dict[int, int] = {}
    for day in days:
        counts[day.year] = counts.get(day.year, 0) + 1
    years = set(records) | set(counts) | {today.year, today.year + 1}
    return [{"year": y, "entered": counts.get(y, 0), "record": records.get(y),
             "complete": bool(records.get(y) and records[y].complete)}
            for y in sorted(years) if y not in PACKAGE_YEARS]


def mark_complete(year: int, *, notice_reference: str, confirmed_empty: bool,
                  actor: User) -> CalendarYear:
    """Mark ``year``'s schedule (国务院办公厅 notice) complete and recount every open deadline
    reaching into it; one commit, audited."""
    problem = completion_problem(year, entered_days=entered_days(year),
                                 notice_reference=notice_reference, confirmed_empty=confirmed_empty)
    if problem is not None:
        raise ServiceError(problem.message, field=problem.field)
    record = _record(year)
    if record.complete:
        raise ServiceError(f"{year}年已标记为全年安排录入完毕。", field="year")
    before = _snapshot(record)
    record.complete, record.notice_reference = True, notice_reference.strip()
    record.completed_at, record.completed_by_id = utcnow(), actor.id
    return _finish(record, before, "calendar_year.complete", actor)


def reopen(year: int, *, actor: User) -> CalendarYear:
    """Make ``year`` provisional again (e.g. the State Council amended its notice); open
    deadlines reaching into it are recounted and marked provisional; one commit, audited."""
    problem = reopen_problem(year)
    if problem is not None:
        raise ServiceError(problem.message, field=problem.field)
    record = db.session.scalar(db.select(CalendarYear).where(CalendarYear.year == year))
    if record is None or not record.complete:
        raise ServiceError(f"{year}年尚未标记为录入完毕。", field="year")
    before = _snapshot(record)
    record.complete = False
    return _finish(record, before, "calendar_year.reopen", actor)


def _record(year: int) -> CalendarYear:
    record = db.session.scalar(db.select(CalendarYear).where(CalendarYear.year == year))
    if record is None:
        record = CalendarYear(year=year, complete=False, notice_reference="")
        db.session.add(record)
        db.session.flush()
    return record


def _snapshot(record: CalendarYear) -> dict:
    return {"year": record.year, "complete": record.complete,
            "notice_reference": record.notice_reference}


def _finish(record: CalendarYear, before: dict, action: str, actor: User) -> CalendarYear:
    db.session.flush()
    audit.record(action, object_type="calendar_year", object_id=record.id, actor=actor,
                 changes=audit.changes_between(before, _snapshot(record)))
    forget_calendar()
    orders = recheck_pay_by_marks(record.year)
    cases = refresh_open_case_deadlines(since=date(record.year, 1, 1))
    audit.record("case.deadlines_refreshed", object_type="calendar_year", object_id=record.id,
                 actor=actor, detail=f"{record.year}年工作日安排状态变更后重新计算了{cases}件在办案件的期限，"
                                     f"复核了{orders}份责令支付文书的支付期限")
    db.session.commit()
    return record


def recheck_pay_by_marks(year: int) -> int:
    """The served orders of open cases whose pay-by runs into ``year``: the printed pay-by date
    stands (it was served), but it is provisional unless a recount on the calendar as it now is
    gives the same day on known years only. Returns how many orders were checked."""
    calendar = current_calendar()
    orders = db.session.scalars(db.select(PaymentOrder).join(Case).where(
        Case.status.in_(OPEN_STATUSES), PaymentOrder.pay_by_on >= date(year, 1, 1),
        PaymentOrder.served_on <= date(year, 12, 31))).all()
    for order in orders:
        recount = pay_by_deadline(order.served_on, order.pay_within_working_days, calendar)
        order.pay_by_provisional = recount.provisional or recount.due_on != order.pay_by_on
    return len(orders)
