"""The clerk's queue of due work, read in a few bounded, index-friendly queries (one or two per
kind, each limited): complaints to accept, investigations near their limit, lapsed orders,
blacklist candidates, objections, listing and early-removal decisions, referral steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Exists, Row, Select, exists, func, select, tuple_
from sqlalchemy.orm import aliased, joinedload, selectinload

from wagewatch.extensions import db
from wagewatch.models import (
    BlacklistProceeding, Case, CaseStatus, CaseWorker, Contractor, EarlyRemovalApplication,
    Listing, Objection, PaymentOrder, PoliceReferral, ProceedingCase, ProceedingStatus, Recovery,
    RecoveryAllocation, RuleDecision,
)
from wagewatch.models import INVESTIGATION_STATUSES
from wagewatch.rules.case_actions import NEAR_LIMIT_WORKING_DAYS
from wagewatch.rules.flags import blacklist_decision_deadline
from wagewatch.rules.listing import early_removal_decision_due, objection_answer_due
from wagewatch.rules.referral_steps import local
from wagewatch.rules.work_queue import KINDS, DueItem, RankedItem, rank
from wagewatch.rules.working_days import WorkingDayCalendar, add_working_days
from wagewatch.services import capped_counts
from wagewatch.services.blacklist.blacklist_lists import RULE as CANDIDATE_RULE
from wagewatch.services.blacklist.blacklist_lists import ListFilters, candidate_query
from wagewatch.services.id_sets import among

BEFORE_DECISION = (ProceedingStatus.CANDIDATE, ProceedingStatus.NOTICE_SERVED,
                   ProceedingStatus.OBJECTION)
#: The referral steps the office itself takes (the police record receipt and decisions).
OFFICE_REFERRAL_STEPS = ("approval", "hand_over", "reconsideration_request",
                         "supervision_request", "materials")


@dataclass(frozen=True)
class WorkQueue:
    """The first ``limit`` items by legal deadline, and how many of each kind are due in all."""

    items: list[RankedItem]
    counts: dict[str, int]
    #: The kinds whose count stopped at COUNT_CAP: more are due than counted.
    capped_kinds: frozenset[str] = frozenset()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def capped(self) -> bool:
        """Whether a count stopped at COUNT_CAP (the total is then shown as "1,000+")."""
        return bool(self.capped_kinds)

    def count_text(self, kind: str) -> str:
        """A kind's count as shown: "12", or "1,000+" when it stopped at the cap."""
        count = self.counts.get(kind, 0)
        return f"{count:,}+" if kind in self.capped_kinds else f"{count:,}"

    @property
    def total_text(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


def clerk_queue(office_id: int, user_id: int, today: date, calendar: WorkingDayCalendar, *,
                mine_only: bool = False, limit: int = 50) -> WorkQueue:
    """What is due for the office (or, with ``mine_only``, for the clerk's own cases, proceedings
    and referrals), ordered by the last day of each limit: working days for S-25, S-423 and S-45
    limits, calendar days for S-310's. Each kind is read with at most ``limit`` rows."""
    sources = {"acceptance": _acceptance, "investigation": _investigation,
               "pay_by": _lapsed_orders, "objection": _objections, "decision": _decisions,
               "early_removal": _early_removals, "candidate": _candidates,
               "referral": _referral_steps}
    items: list[DueItem] = []
    counts: dict[str, int] = {}
    capped: set[str] = set()
    key = ("work_queue", office_id, user_id if mine_only else None, today, COUNT_CAP)
    known = capped_counts.known_capped(key)
    scope = _Scope(office_id, user_id, mine_only, today, calendar, limit, frozenset(known))
    for kind in KINDS:
        found, count = sources[kind](scope)
        items.extend(found)
        if count:
            counts[kind] = min(count, COUNT_CAP)
        if count > COUNT_CAP:
            capped.add(kind)
    capped_counts.remember_capped(key, known, capped)
    return WorkQueue(rank(items, today, calendar, limit=limit), counts, frozenset(capped))


@dataclass(frozen=True)
class _Scope:
    office_id: int
    user_id: int
    mine_only: bool
    today: date
    calendar: WorkingDayCalendar
    limit: int
    #: Kinds counted past the cap a moment ago (capped_counts): taken as past it uncounted.
    capped_before: frozenset[str] = frozenset()

    def counts(self, kind: str) -> bool:
        return kind not in self.capped_before


#: Counts stop here ("1,000+"): a count never reads more rows than one past this, whatever the size.
COUNT_CAP = 1000


def _first(query: Select, limit: int, count_query: Select | None = None,
           counted: int = 0, count: bool = True) -> tuple[list, int]:
    """The first ``limit`` rows of an ordered query, and how many rows it has up to one past
    COUNT_CAP less ``counted``, the rows of the same kind already counted (more than COUNT_CAP in
    all: "1,000+"; the count, or ``count_query`` when grouping makes the query itself slow to
    count, reads at most that many rows, unordered; without ``count`` a full page is taken as past
    the cap). A query of one column or entity gives its values, others rows."""
    rows = db.session.execute(query.limit(limit)).all()
    found = [row[0] if len(row) == 1 else row for row in rows]
    if len(found) < limit or counted > COUNT_CAP:
        return found, len(found)
    if not count:
        return found, COUNT_CAP + 1
    capped = (count_query if count_query is not None else query.order_by(None)) \
        .limit(COUNT_CAP + 1 - counted).subquery()
    return found, db.session.scalar(select(func.count()).select_from(capped)) or 0


def _cases_by_status(scope: _Scope, kind: str, statuses: tuple[CaseStatus, ...], due,
                     *conditions) -> tuple[list[Row], int]:
    """The office's first ``scope.limit`` cases in ``statuses`` by the date column ``due`` (then
    id), as queue rows (_case_rows, with ``due`` and the extension's date), and how many there
    are up to one past COUNT_CAP. Each status is read apart, an ordered range of the index
    (office, status, due) that stops at the limit: one query over all the statuses would gather
    every match to sort it. The count walks the same range in order too: unordered, PostgreSQL
    scans the table for the first matches."""
    keys: list[tuple] = []
    total = 0
    for status in statuses:
        query = _cases(scope, Case.status == status, *conditions)
        found, count = _first(query.with_only_columns(due, Case.id).order_by(due, Case.id),
                              scope.limit, query.with_only_columns(due).order_by(due),
                              counted=total, count=scope.counts(kind))
        keys.extend(found)
        total += count
    ids = [case_id for _, case_id in sorted(keys)[:scope.limit]]
    if not ids:
        return [], total
    loaded = _case_rows(ids, due, Case.extension_approved_on)
    return [loaded[case_id] for case_id in ids], total


#: What a queue row shows of a case, read as columns with its employer's name: a Case entity
#: with its employer is some sixty columns through the ORM for a number and a name.
_CASE_COLUMNS = (Case.id, Case.number, Contractor.name.label("employer_name"), Case.handler_id,
                 Case.due_provisional)


def _as_rows(query: Select, *columns: Any) -> Select:
    """``query`` (of cases) reading the queue's columns and ``columns`` instead of entities."""
    return query.with_only_columns(*_CASE_COLUMNS, *columns).join_from(
        Case, Contractor, Contractor.id == Case.employer_id)


def _case_rows(ids: list[int], *columns: Any) -> dict[int, Row]:
    """The queue's columns of the cases ``ids`` (and ``columns``), by case id."""
    return {row.id: row for row in db.session.execute(
        _as_rows(select(Case).where(among(Case.id, ids)), *columns))}


def _cases(scope: _Scope, *conditions) -> Select:
    query = select(Case).where(Case.office_id == scope.office_id, *conditions)
    return query.where(Case.handler_id == scope.user_id) if scope.mine_only else query


def _case_item(scope: _Scope, case: Row, kind: str, due_on: date, step: str,
               **ids: int) -> DueItem:
    return DueItem(kind, due_on, case.number, case.employer_name, step, {"case_id": case.id, **ids},
                   mine=case.handler_id == scope.user_id, provisional=case.due_provisional)


def _acceptance(scope: _Scope) -> tuple[list[DueItem], int]:
    """Complaints still to be decided on, by their acceptance limit (S-25: 5 working days);
    the stored next due date is that limit while a case is registered."""
    query = _cases(scope, Case.status == CaseStatus.REGISTERED)
    rows, total = _first(_as_rows(query, Case.next_due_on, Case.acceptance_due_on)
                         .order_by(Case.next_due_on, Case.id), scope.limit,
                         query.with_only_columns(Case.next_due_on).order_by(Case.next_due_on),
                         count=scope.counts("acceptance"))
    return [_case_item(scope, c, "acceptance", c.next_due_on or c.acceptance_due_on, "accept")
            for c in rows], total


def _investigation(scope: _Scope) -> tuple[list[DueItem], int]:
    """Investigations whose limit is at most 10 working days away or past (S-423 art. 17): the
    one extension first, closing once it was used."""
    horizon = add_working_days(scope.today, NEAR_LIMIT_WORKING_DAYS, scope.calendar).due_on
    rows, total = _cases_by_status(scope, "investigation", INVESTIGATION_STATUSES,
                                   Case.investigation_due_on,
                                   Case.investigation_due_on <= horizon)
    items = []
    for c in rows:
        step = "resolve" if c.extension_approved_on is not None else "extend"
        assert c.investigation_due_on is not None  # read for being at most the horizon
        items.append(_case_item(scope, c, "investigation", c.investigation_due_on, step))
    return items, total


#: Cases read at a time while looking for the earliest lapsed orders.
LAPSED_BATCH = 200


def _lapsed(scope: _Scope) -> list:
    """The conditions on a case's latest served order past its pay-by date with money still owed
    and no extra compensation ordered yet (S-423 art. 26: 50%-100% of the unpaid amount)."""
    return [PaymentOrder.pay_by_on < scope.today, *_unpaid_latest_served()]


@cache
def _unpaid_latest_served() -> tuple[ColumnElement[bool], ...]:
    """The conditions of _lapsed that do not depend on the day, built once per process: their
    alias and subqueries cost about a millisecond to build and key afresh."""
    later = aliased(PaymentOrder)
    owed = (select(func.coalesce(func.sum(func.coalesce(CaseWorker.confirmed_yuan,
                                                        CaseWorker.claimed_yuan)), 0))
            .where(CaseWorker.case_id == PaymentOrder.case_id).scalar_subquery())
    paid = (select(func.coalesce(func.sum(RecoveryAllocation.amount_yuan), 0))
            .join(Recovery, Recovery.id == RecoveryAllocation.recovery_id)
            .where(Recovery.case_id == PaymentOrder.case_id).scalar_subquery())
    return (PaymentOrder.extra_compensation_yuan.is_(None),
            # Served by its pay-by date, as extra compensation requires (rules.arrears).
            PaymentOrder.served_on.is_not(None), PaymentOrder.served_on <= PaymentOrder.pay_by_on,
            ~exists().where(later.case_id == PaymentOrder.case_id, later.id > PaymentOrder.id),
            owed > paid)


def _lapsed_orders(scope: _Scope) -> tuple[list[DueItem], int]:
    """Cases whose latest served order passed its pay-by date with money still owed and no extra
    compensation ordered yet, earliest pay-by date first.

    Such a case's stored next due date is at most that pay-by date (an unpaid served order's
    pay-by date is one of the dates it is the earliest of, registration.refresh_deadlines), so
    the office's investigations are read by next due date off the index (office, status,
    next_due_on), LAPSED_BATCH at a time, until the next case's due date is past the pay-by date
    of the ``limit``-th order found: no later case can hold an earlier one. Walking the orders by
    pay-by date instead would pass every closed case's order first (nine in ten at a million)."""
    found: list[tuple[date, int, int]] = []   # (pay-by date, order, case), the earliest first
    ordered = exists().where(PaymentOrder.case_id == Case.id)
    # Ordered cases first: once they give ``limit`` orders, the other statuses are read only up
    # to the latest pay-by date among them.
    statuses = sorted(INVESTIGATION_STATUSES, key=lambda s: s is not CaseStatus.PAYMENT_ORDERED)
    for status in statuses:
        after: tuple | None = None
        while True:
            cases = _cases(scope, Case.status == status, Case.next_due_on < scope.today, ordered)
            if len(found) == scope.limit:
                cases = cases.where(Case.next_due_on <= found[-1][0])
            if after is not None:
                cases = cases.where(tuple_(Case.next_due_on, Case.id) > tuple_(*after))
            batch = db.session.execute(cases.with_only_columns(Case.next_due_on, Case.id)
                                       .order_by(Case.next_due_on, Case.id)
                                       .limit(LAPSED_BATCH)).all()
            if not batch:
                break
            # The orders' keys only: the cases of the ``limit`` kept are loaded once, below.
            found.extend((pay_by, order_id, case_id) for pay_by, order_id, case_id in db.session.execute(
                select(PaymentOrder.pay_by_on, PaymentOrder.id, PaymentOrder.case_id)
                .where(among(PaymentOrder.case_id, [case_id for _, case_id in batch]),
                       *_lapsed(scope))) if pay_by is not None)   # lapsed: a pay-by date past
            found = sorted(found)[:scope.limit]
            if len(batch) < LAPSED_BATCH or (len(found) == scope.limit
                                             and batch[-1][0] > found[-1][0]):
                break
            after = tuple(batch[-1])
    total = len(found)
    if total == scope.limit and not scope.counts("pay_by"):
        total = COUNT_CAP + 1
    elif total == scope.limit:  # how many in all, up to one past the cap: the cases read by index,
        total = 0             # the ordered ones first (the others are rarely reached)
        for status in statuses:
            counted = _cases(scope, Case.status == status, Case.next_due_on < scope.today,
                             exists().where(PaymentOrder.case_id == Case.id, *_lapsed(scope)))
            total += db.session.scalar(select(func.count()).select_from(
                counted.with_only_columns(Case.id).limit(COUNT_CAP + 1 - total).subquery())) or 0
            if total > COUNT_CAP:
                break
    loaded = _case_rows([case_id for _, _, case_id in found]) if found else {}
    return [_case_item(scope, loaded[case_id], "pay_by", pay_by_on, "extra_compensation",
                       order_id=order_id) for pay_by_on, order_id, case_id in found], total


def _proceedings(scope: _Scope, *conditions) -> Select:
    query = select(BlacklistProceeding).where(BlacklistProceeding.office_id == scope.office_id,
                                              *conditions)
    if scope.mine_only:
        query = query.where(BlacklistProceeding.created_by_id == scope.user_id)
    return query


def _objections(scope: _Scope) -> tuple[list[DueItem], int]:
    """Objections not yet answered, each within 5 working days of receipt (S-45)."""
    query = (select(Objection, BlacklistProceeding)
             .join(BlacklistProceeding, BlacklistProceeding.id == Objection.proceeding_id)
             .where(BlacklistProceeding.office_id == scope.office_id,
                    BlacklistProceeding.status.in_(BEFORE_DECISION),
                    Objection.answered_on.is_(None)))
    if scope.mine_only:
        query = query.where(BlacklistProceeding.created_by_id == scope.user_id)
    rows, total = _first(query.options(joinedload(BlacklistProceeding.contractor))
                         .order_by(Objection.received_on, Objection.id), scope.limit,
                         count=scope.counts("objection"))
    items = [DueItem("objection", objection_answer_due(o.received_on, scope.calendar).due_on,
                     p.contractor.name, f"{o.received_on.isoformat()}提出的异议", "answer_objection",
                     {"proceeding_id": p.id, "objection_id": o.id},
                     mine=p.created_by_id == scope.user_id)
             for o, p in rows]
    return items, total


def _decisions(scope: _Scope) -> tuple[list[DueItem], int]:
    """Proceedings before their decision, due 20 working days after the earliest pay-by date of
    their orders in force, 40 for an approved complex case (S-45); the notice comes first."""
    query = _proceedings(scope, BlacklistProceeding.status.in_(BEFORE_DECISION))
    rows, total = _first(query.options(
        joinedload(BlacklistProceeding.contractor), joinedload(BlacklistProceeding.notice),
        selectinload(BlacklistProceeding.cases).joinedload(ProceedingCase.payment_order))
        .order_by(BlacklistProceeding.opened_on, BlacklistProceeding.id), scope.limit,
        count=scope.counts("decision"))
    items = []
    for p in rows:
        days = [link.payment_order.pay_by_on for link in p.cases
                if link.payment_order is not None and link.order_revoked_on is None
                and link.payment_order.pay_by_on is not None]
        if not days:
            continue
        deadline = blacklist_decision_deadline(min(days), p.complex_case, scope.calendar)
        items.append(DueItem(
            "decision", deadline.due_on, p.contractor.name, p.status.label,
            "serve_notice" if p.notice is None else
            "record_notice_service" if p.notice.served_on is None else "decide_listing",
            {"proceeding_id": p.id},
            mine=p.created_by_id == scope.user_id, provisional=deadline.provisional))
    return items, total


def _early_removals(scope: _Scope) -> tuple[list[DueItem], int]:
    """Early-removal applications not yet decided, each within 15 working days (S-45)."""
    query = (select(EarlyRemovalApplication, Listing, BlacklistProceeding)
             .join(Listing, Listing.id == EarlyRemovalApplication.listing_id)
             .join(BlacklistProceeding, BlacklistProceeding.id == Listing.proceeding_id)
             .where(BlacklistProceeding.office_id == scope.office_id,
                    BlacklistProceeding.status == ProceedingStatus.LISTED,
                    EarlyRemovalApplication.decided_on.is_(None)))
    if scope.mine_only:
        query = query.where(BlacklistProceeding.created_by_id == scope.user_id)
    rows, total = _first(query.options(joinedload(BlacklistProceeding.contractor))
                         .order_by(EarlyRemovalApplication.applied_on), scope.limit,
                         count=scope.counts("early_removal"))
    items = [DueItem("early_removal",
                     early_removal_decision_due(a.applied_on, scope.calendar).due_on,
                     p.contractor.name, f"{a.applied_on.isoformat()}申请提前移出",
                     "decide_early_removal", {"proceeding_id": p.id, "application_id": a.id},
                     mine=p.created_by_id == scope.user_id)
             for a, _listing, p in rows]
    return items, total


def _candidates(scope: _Scope) -> tuple[list[DueItem], int]:
    """Contractors the S-45 rule flags with no proceeding under way (the office *shall* list
    them, S-45 art. 5); the decision is due 20 working days after the earliest lapse among the
    contractor's flagged cases.

    Each flag stores that lapse (``RuleDecision.lapsed_on``, written by the evaluation from
    rules.flags.lapsed_on): the pay-by day at whose end the case's first served order lapsed
    unpaid, always before the day the rules were run. The queue therefore walks the office's
    current flags by the index (office, lapsed_on, contractor) through the blacklist list's own
    query, one contractor per first flag, and stops at ``limit`` instead of aggregating every
    flag with its orders. It is the day the former aggregation (the earliest pay-by date before
    today among the flagged cases' orders) gave, except for a case whose earlier order was paid
    by its day (or revoked) before a later one lapsed: the deadline then counts from the lapse, as
    S-45 has it and as the blacklist page shows it. "Mine": one of the flagged cases is the
    clerk's."""
    flag = RuleDecision
    query = candidate_query(scope.office_id, ListFilters(), scope.today).where(
        flag.lapsed_on < scope.today)
    if scope.mine_only:
        query = query.where(_handles_a_flagged_case(scope, flag.contractor_id))
    rows, total = _first(query.add_columns(flag.lapsed_on), scope.limit, query.order_by(None),
                         count=scope.counts("candidate"))
    # The page's names and "mine" marks apart: probed for the page's contractors only (in the
    # select list of the walk, PostgreSQL would hash every flagged case of the clerk first).
    found = {contractor_id: (name, mine) for contractor_id, name, mine in db.session.execute(
        select(Contractor.id, Contractor.name, _handles_a_flagged_case(scope, Contractor.id))
        .where(among(Contractor.id, [contractor_id for contractor_id, _ in rows])))} if rows else {}
    items = []
    for contractor_id, lapsed_on in rows:
        name, mine = found[contractor_id]
        deadline = blacklist_decision_deadline(lapsed_on, False, scope.calendar)
        items.append(DueItem("candidate", deadline.due_on, name,
                             f"责令支付期满（{lapsed_on.isoformat()}）未付", "start_proceeding",
                             {"contractor_id": contractor_id}, mine=bool(mine),
                             provisional=deadline.provisional))
    return items, total


#: One alias for every statement: a fresh alias's columns are adapted again on first use
#: (about a millisecond per statement); an alias object is immutable and may be reused.
_CLERKS_FLAG = aliased(RuleDecision)


def _handles_a_flagged_case(scope: _Scope, contractor_id: Any) -> Exists:
    """The clerk handles one of the contractor's cases that the S-45 rule currently flags."""
    other = _CLERKS_FLAG
    return exists().where(other.contractor_id == contractor_id,
                          other.office_id == scope.office_id, other.rule == CANDIDATE_RULE,
                          other.flagged.is_(True), other.superseded_at.is_(None),
                          Case.id == other.case_id, Case.handler_id == scope.user_id)


def _referral_steps(scope: _Scope) -> tuple[list[DueItem], int]:
    """Referral steps the office takes, by their limits in calendar days or hours (S-310 arts.
    5, 9, 12): the head's approval, the hand-over, reconsideration, supervision, materials."""
    query = select(PoliceReferral).where(
        PoliceReferral.office_id == scope.office_id,
        PoliceReferral.next_step.in_(OFFICE_REFERRAL_STEPS),
        PoliceReferral.next_due_at.is_not(None))
    if scope.mine_only:
        query = query.where(PoliceReferral.reported_by_id == scope.user_id)
    rows, total = _first(query.with_only_columns(
        PoliceReferral.id, PoliceReferral.next_step, PoliceReferral.next_due_at,
        PoliceReferral.reported_by_id, Case.number, Contractor.name.label("employer_name"))
        .join_from(PoliceReferral, Case, Case.id == PoliceReferral.case_id)
        .join(Contractor, Contractor.id == Case.employer_id)
        .order_by(PoliceReferral.next_due_at, PoliceReferral.id), scope.limit,
        query.with_only_columns(PoliceReferral.id), count=scope.counts("referral"))
    return [DueItem("referral", local(r.next_due_at).date(), r.number, r.employer_name,
                    f"referral_{r.next_step}", {"referral_id": r.id},
                    mine=r.reported_by_id == scope.user_id, calendar_days=True)
            for r in rows], total
