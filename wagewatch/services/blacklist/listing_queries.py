"""Read side of the blacklist: who is listed on a day, candidates, proceedings and their deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import selectinload

from wagewatch.extensions import db
from wagewatch.models import (
    OPEN_PROCEEDING_STATUSES, BlacklistProceeding, Contractor, Listing, ProceedingCase,
    ProceedingStatus, RuleDecision, RuleSet,
)
from wagewatch.rules.flags import blacklist_decision_deadline
from wagewatch.rules.listing import (
    S17_REMOVAL_WORKING_DAYS, early_removal_decision_due, objection_answer_due, objection_window,
    removal_due,
)
from wagewatch.rules.working_days import (
    Deadline, WorkingDayCalendar, add_working_days, deadline_status,
)
from wagewatch.services.bound_values import OFFICE, TODAY
from wagewatch.services.id_sets import among


def _listed_on_day(day: date | ColumnElement[date]):
    """The condition "listed on ``day``": inside the period and not removed on or before it."""
    return (Listing.starts_on <= day) & (Listing.ends_on >= day) & or_(
        Listing.removed_on.is_(None), Listing.removed_on > day)


def listed_on(contractor_id: int, day: date) -> Listing | None:
    """The listing period (S-45 or S-17) that had the contractor on the list on ``day``, in one
    query; None when it was not listed that day."""
    return db.session.scalar(select(Listing).where(
        Listing.contractor_id == contractor_id, _listed_on_day(day))
        .order_by(Listing.starts_on.desc()).limit(1))


def listings_on(office_id: int, day: date) -> list[Listing]:
    """Every listing of the office in force on ``day`` (S-45, S-17: the list as published that
    day), with contractors and persons loaded in two more queries, newest decision first."""
    return list(db.session.scalars(_listings_on_statement(), {"office_id": office_id, "today": day}))


@cache
def _listings_on_statement() -> Select:
    """listings_on's statement, built once (the office and the day bound): the police list
    shows the listed contractors on every visit."""
    return (select(Listing).where(Listing.office_id == OFFICE, _listed_on_day(TODAY))
            .options(selectinload(Listing.contractor), selectinload(Listing.persons))
            .order_by(Listing.decided_on.desc(), Listing.id.desc()))


def open_proceeding(contractor_id: int) -> BlacklistProceeding | None:
    """The contractor's proceeding still under way or listed, if any (at most one at a time)."""
    return db.session.scalar(select(BlacklistProceeding).where(
        BlacklistProceeding.contractor_id == contractor_id,
        BlacklistProceeding.status.in_(OPEN_PROCEEDING_STATUSES)).limit(1))


@dataclass
class Candidate:
    """A contractor flagged by the S-45 candidate rule, with the cases and reasons."""

    contractor: Contractor
    case_numbers: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)


def candidates(office_id: int) -> list[Candidate]:
    """Contractors of the office with a current flagged "blacklist_s45" decision and no
    proceeding under way (S-45 art. 5: the office *shall* list them)."""
    flags = db.session.scalars(select(RuleDecision).where(
        RuleDecision.office_id == office_id, RuleDecision.rule == "blacklist_s45",
        RuleDecision.flagged.is_(True), RuleDecision.superseded_at.is_(None))
        .order_by(RuleDecision.contractor_id, RuleDecision.case_id)).all()
    busy = set(db.session.scalars(select(BlacklistProceeding.contractor_id).where(
        BlacklistProceeding.office_id == office_id,
        BlacklistProceeding.status.in_(OPEN_PROCEEDING_STATUSES))))
    ids = {f.contractor_id for f in flags} - busy
    contractors = {c.id: c for c in db.session.scalars(select(Contractor).where(among(Contractor.id, ids)))}
    found: dict[int, Candidate] = {}
    for flag in flags:
        if flag.contractor_id in contractors:
            item = found.setdefault(flag.contractor_id, Candidate(contractors[flag.contractor_id]))
            item.case_numbers.extend(flag.reasons.get("case_numbers") or [])
            item.summaries.append(flag.summary)
    return sorted(found.values(), key=lambda c: c.contractor.name)


#: What a list of proceedings shows and counts by (proceeding_deadlines): the contractor, the
#: cases with their payment orders, the notice, objections, and listings with their
#: applications, each read for the whole list at once.
PROCEEDING_ROWS = (
    selectinload(BlacklistProceeding.contractor),
    selectinload(BlacklistProceeding.cases).selectinload(ProceedingCase.payment_order),
    selectinload(BlacklistProceeding.notice), selectinload(BlacklistProceeding.objections),
    selectinload(BlacklistProceeding.listings).selectinload(Listing.applications))


def office_proceedings(office_id: int, include_closed: bool = False) -> list[BlacklistProceeding]:
    """The office's proceedings under way or listed (and, on request, the 200 latest closed)."""
    return list(db.session.scalars(_proceedings_statement(include_closed),
                                   {"office_id": office_id}))


@cache
def _proceedings_statement(include_closed: bool) -> Select:
    """office_proceedings' statement, built once per kind (the office bound): the home page's
    counts read it on every visit."""
    query = select(BlacklistProceeding).where(BlacklistProceeding.office_id == OFFICE).options(
        *PROCEEDING_ROWS)
    if not include_closed:
        query = query.where(BlacklistProceeding.status.in_(OPEN_PROCEEDING_STATUSES))
    return query.order_by(BlacklistProceeding.id.desc()).limit(500)


def contractor_history(contractor_id: int) -> list[BlacklistProceeding]:
    """Every proceeding of a contractor with all its listing periods, oldest first."""
    return list(db.session.scalars(select(BlacklistProceeding).where(
        BlacklistProceeding.contractor_id == contractor_id)
        .options(selectinload(BlacklistProceeding.listings).selectinload(Listing.persons))
        .order_by(BlacklistProceeding.opened_on, BlacklistProceeding.id)))


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline of a proceeding as shown to clerks: overdue ones in red."""

    kind: str
    label: str
    deadline: Deadline
    duty: bool        # a duty of the office: overdue is a fault; otherwise a period that runs
    overdue: bool
    due_soon: bool


def earliest_pay_by(proceeding: BlacklistProceeding) -> date | None:
    """The earliest pay-by date among the triggering payment orders still in force."""
    days = [link.payment_order.pay_by_on for link in proceeding.cases
            if link.payment_order is not None and link.order_revoked_on is None
            and link.payment_order.pay_by_on is not None]
    return min(days) if days else None


def proceeding_deadlines(proceeding: BlacklistProceeding, today: date,
                         calendar: WorkingDayCalendar) -> list[DeadlineRow]:
    """The pending deadlines of a proceeding, counted in working days (S-45, S-17): decision due,
    objection window, answers due, early-removal decision due, removal due."""
    items: list[tuple[str, str, Deadline, bool]] = []
    pay_by = earliest_pay_by(proceeding)
    if proceeding.status.before_decision and pay_by is not None:
        days = "40" if proceeding.complex_case else "20"
        items.append(("decision", f"作出列入决定（责令支付期满后{days}个工作日）",
                      blacklist_decision_deadline(pay_by, proceeding.complex_case, calendar), True))
    if (proceeding.status.before_decision and proceeding.notice is not None
            and proceeding.notice.served_on is not None):  # the window runs from service
        items.append(("objection_window", "陈述申辩期（送达后5个工作日）",
                      objection_window(proceeding.notice.served_on, calendar), False))
    for objection in proceeding.unanswered_objections:
        items.append(("answer", f"答复{objection.received_on}提出的异议（5个工作日）",
                      objection_answer_due(objection.received_on, calendar), True))
    listing = proceeding.current_listing
    if proceeding.status is ProceedingStatus.LISTED and listing is not None:
        pending = listing.pending_application
        if pending is not None:
            items.append(("early_removal", "作出提前移出决定（申请后15个工作日）",
                          early_removal_decision_due(pending.applied_on, calendar), True))
        if listing.ends_on < today:
            items.append(_removal_item(proceeding, listing, calendar))
    rows = []
    for kind, label, deadline, duty in items:
        status = deadline_status(deadline.due_on, today, calendar)
        rows.append(DeadlineRow(kind, label, deadline, duty, duty and status.overdue,
                                duty and status.due_soon))
    return rows


def _removal_item(proceeding: BlacklistProceeding, listing: Listing,
                  calendar: WorkingDayCalendar) -> tuple[str, str, Deadline, bool]:
    if listing.rule_set is RuleSet.S17:
        return ("removal", "期满移出或自动延长（期满后20个工作日）",
                add_working_days(listing.ends_on, S17_REMOVAL_WORKING_DAYS, calendar), True)
    return ("removal", "期满移出（期满后10个工作日）", removal_due(listing.ends_on, calendar), True)


@dataclass(frozen=True)
class DueCounts:
    """Proceedings with a duty due within 3 working days, and with one overdue."""

    soon: int
    overdue: int


def due_counts(office_id: int, today: date, calendar: WorkingDayCalendar) -> DueCounts:
    """For the dashboard: the office's open proceedings with a duty overdue, or due within
    3 working days (S-45, S-17 deadlines)."""
    soon = overdue = 0
    for proceeding in office_proceedings(office_id):
        rows = proceeding_deadlines(proceeding, today, calendar)
        overdue += any(r.overdue for r in rows)
        soon += not any(r.overdue for r in rows) and any(r.due_soon for r in rows)
    return DueCounts(soon=soon, overdue=overdue)

