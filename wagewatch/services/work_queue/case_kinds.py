"""The queue's kinds read from cases: complaints to accept (S-25), investigations near their limit
(S-423 art. 17) and lapsed payment orders awaiting extra compensation (S-423 art. 26)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, Row, Select, bindparam, exists, func, select, tuple_
from sqlalchemy.orm import aliased

from wagewatch.extensions import db
from wagewatch.models import (
    INVESTIGATION_STATUSES, Case, CaseStatus, CaseWorker, PaymentOrder, Recovery, RecoveryAllocation,
)
from wagewatch.rules.case_actions import NEAR_LIMIT_WORKING_DAYS
from wagewatch.rules.work_queue import DueItem
from wagewatch.rules.working_days import add_working_days
from wagewatch.services.bound_values import CAP, HORIZON, LIMIT, TODAY
from wagewatch.services.id_sets import among_bound, bound_ids, built_per_database
from wagewatch.services.work_queue import reading
from wagewatch.services.work_queue.reading import (
    Scope, Statements, as_rows, case_item, case_rows, first, office_cases, page_and_count,
)


def acceptance(scope: Scope) -> tuple[list[DueItem], int]:
    """Complaints still to be decided on, by their acceptance limit (S-25: 5 working days);
    the stored next due date is that limit while a case is registered."""
    rows, total = first(_acceptance_statements(scope.mine_only), scope.params, scope.limit,
                        count=scope.counts("acceptance"))
    return [case_item(scope, c, "acceptance", c.next_due_on or c.acceptance_due_on, "accept")
            for c in rows], total


@cache
def _acceptance_statements(mine_only: bool) -> Statements:
    query = office_cases(mine_only, Case.status == CaseStatus.REGISTERED)
    return page_and_count(as_rows(query, Case.next_due_on, Case.acceptance_due_on)
                          .order_by(Case.next_due_on, Case.id),
                          query.with_only_columns(Case.next_due_on).order_by(Case.next_due_on))


def investigation(scope: Scope) -> tuple[list[DueItem], int]:
    """Investigations whose limit is at most 10 working days away or past (S-423 art. 17): the
    one extension first, closing once it was used."""
    horizon = add_working_days(scope.today, NEAR_LIMIT_WORKING_DAYS, scope.calendar).due_on
    rows, total = _cases_by_status(scope, "investigation", INVESTIGATION_STATUSES,
                                   Case.investigation_due_on, {**scope.params, "horizon": horizon})
    items = []
    for c in rows:
        step = "resolve" if c.extension_approved_on is not None else "extend"
        assert c.investigation_due_on is not None  # read for being at most the horizon
        items.append(case_item(scope, c, "investigation", c.investigation_due_on, step))
    return items, total


def _cases_by_status(scope: Scope, kind: str, statuses: tuple[CaseStatus, ...], due,
                     params: dict[str, Any]) -> tuple[list[Row], int]:
    """The office's first ``scope.limit`` cases in ``statuses`` by the date column ``due`` (then
    id) up to HORIZON, as queue rows (case_rows, with ``due`` and the extension's date), and how
    many there are up to one past reading.COUNT_CAP. Each status is read apart, an ordered range of the
    index (office, status, due) that stops at the limit: one query over all the statuses would
    gather every match to sort it. The count walks the same range in order too: unordered,
    PostgreSQL scans the table for the first matches."""
    keys: list[tuple] = []
    total = 0
    for status in statuses:
        found, count = first(_by_status(status, due, scope.mine_only), params, scope.limit,
                             counted=total, count=scope.counts(kind))
        keys.extend(found)
        total += count
    ids = [case_id for _, case_id in sorted(keys)[:scope.limit]]
    if not ids:
        return [], total
    loaded = case_rows(ids, due, Case.extension_approved_on)
    return [loaded[case_id] for case_id in ids], total


@cache
def _by_status(status: CaseStatus, due: Any, mine_only: bool) -> Statements:
    query = office_cases(mine_only, Case.status == status, due <= HORIZON)
    return page_and_count(query.with_only_columns(due, Case.id).order_by(due, Case.id),
                          query.with_only_columns(due).order_by(due))


#: Cases read at a time while looking for the earliest lapsed orders; the first batch of each
#: status is twice the queue's limit at most (about two in three such cases hold a lapsed order, so
#: it usually gives the whole page: 200 cases' orders probed for 50 took twice the time).
LAPSED_BATCH = 200


@cache
def _lapsed() -> tuple[ColumnElement[bool], ...]:
    """The conditions on a case's latest served order past its pay-by date (before TODAY) with
    money still owed and no extra compensation ordered yet (S-423 art. 26: 50%-100% of the
    unpaid amount)."""
    later = aliased(PaymentOrder)
    owed = (select(func.coalesce(func.sum(func.coalesce(CaseWorker.confirmed_yuan,
                                                        CaseWorker.claimed_yuan)), 0))
            .where(CaseWorker.case_id == PaymentOrder.case_id).scalar_subquery())
    paid = (select(func.coalesce(func.sum(RecoveryAllocation.amount_yuan), 0))
            .join(Recovery, Recovery.id == RecoveryAllocation.recovery_id)
            .where(Recovery.case_id == PaymentOrder.case_id).scalar_subquery())
    return (PaymentOrder.pay_by_on < TODAY, PaymentOrder.extra_compensation_yuan.is_(None),
            # Served by its pay-by date, as extra compensation requires (rules.arrears).
            PaymentOrder.served_on.is_not(None), PaymentOrder.served_on <= PaymentOrder.pay_by_on,
            ~exists().where(later.case_id == PaymentOrder.case_id, later.id > PaymentOrder.id),
            owed > paid)


def lapsed_orders(scope: Scope) -> tuple[list[DueItem], int]:
    """Cases whose latest served order passed its pay-by date with money still owed and no extra
    compensation ordered yet, earliest pay-by date first.

    Such a case's stored next due date is at most that pay-by date (an unpaid served order's
    pay-by date is one of the dates it is the earliest of, registration.refresh_deadlines), so
    the office's investigations are read by next due date off the index (office, status,
    next_due_on), LAPSED_BATCH at a time, until the next case's due date is past the pay-by date
    of the ``limit``-th order found: no later case can hold an earlier one. Walking the orders by
    pay-by date instead would pass every closed case's order first (nine in ten at a million)."""
    found: list[tuple[date, int, int]] = []   # (pay-by date, order, case), the earliest first
    # Ordered cases first: once they give ``limit`` orders, the other statuses are read only up
    # to the latest pay-by date among them.
    statuses = sorted(INVESTIGATION_STATUSES, key=lambda s: s is not CaseStatus.PAYMENT_ORDERED)
    orders = _lapsed_among()
    for status in statuses:
        after: tuple | None = None
        while True:
            bounded = len(found) == scope.limit
            size = LAPSED_BATCH if after is not None else min(LAPSED_BATCH, 2 * scope.limit)
            params = {**scope.params, "limit": size}
            if bounded:
                params["until"] = found[-1][0]
            if after is not None:
                params["after_due"], params["after_id"] = after
            batch = db.session.execute(
                _lapsed_batch(status, scope.mine_only, bounded, after is not None), params).all()
            if not batch:
                break
            # The orders' keys only: the cases of the ``limit`` kept are loaded once, below.
            found.extend((pay_by, order_id, case_id) for pay_by, order_id, case_id in db.session.execute(
                orders, {**scope.params, "case_ids": bound_ids(case_id for _, case_id in batch)})
                if pay_by is not None)   # lapsed: a pay-by date past
            found = sorted(found)[:scope.limit]
            if len(batch) < size or (len(found) == scope.limit
                                     and batch[-1][0] > found[-1][0]):
                break
            after = tuple(batch[-1])
    total = len(found)
    if total == scope.limit and not scope.counts("pay_by"):
        total = reading.COUNT_CAP + 1
    elif total == scope.limit:  # how many in all, up to one past the cap: the cases read by index,
        total = 0             # the ordered ones first (the others are rarely reached)
        for status in statuses:
            total += db.session.scalar(_lapsed_count(status, scope.mine_only),
                                       {**scope.params, "cap": reading.COUNT_CAP + 1 - total}) or 0
            if total > reading.COUNT_CAP:
                break
    loaded = case_rows([case_id for _, _, case_id in found]) if found else {}
    return [case_item(scope, loaded[case_id], "pay_by", pay_by_on, "extra_compensation",
                      order_id=order_id) for pay_by_on, order_id, case_id in found], total


@cache
def _lapsed_batch(status: CaseStatus, mine_only: bool, bounded: bool, resumed: bool) -> Select:
    """The next LAPSED_BATCH (``limit``) of the office's cases in ``status`` with an order, due
    before TODAY; ``bounded`` by the date ``until``, ``resumed`` after (``after_due``, ``after_id``)."""
    query = office_cases(mine_only, Case.status == status, Case.next_due_on < TODAY,
                         exists().where(PaymentOrder.case_id == Case.id))
    if bounded:
        query = query.where(Case.next_due_on <= bindparam("until", type_=Date))
    if resumed:
        query = query.where(tuple_(Case.next_due_on, Case.id) > tuple_(
            bindparam("after_due", type_=Date), bindparam("after_id", type_=Integer)))
    return query.with_only_columns(Case.next_due_on, Case.id).order_by(
        Case.next_due_on, Case.id).limit(LIMIT)


@built_per_database
def _lapsed_among() -> Select:
    """The lapsed orders (_lapsed) of the cases bound as ``case_ids``."""
    return select(PaymentOrder.pay_by_on, PaymentOrder.id, PaymentOrder.case_id).where(
        among_bound(PaymentOrder.case_id, "case_ids"), *_lapsed())


@cache
def _lapsed_count(status: CaseStatus, mine_only: bool) -> Select:
    counted = office_cases(mine_only, Case.status == status, Case.next_due_on < TODAY,
                           exists().where(PaymentOrder.case_id == Case.id, *_lapsed()))
    return select(func.count()).select_from(
        counted.with_only_columns(Case.id).limit(CAP).subquery())

