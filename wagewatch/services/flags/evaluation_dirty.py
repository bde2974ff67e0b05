"""The dirty set of the flag rules: every employer whose rule facts a use case changed is marked in
that use case's transaction (on flush), so `rules run` re-evaluates only those employers and the
ones a passing day can change (pay-by dates, the 5-year limitation, dated payments)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, event, func, insert, literal, or_, select
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.orm.util import identity_key
from sqlalchemy.orm.attributes import get_history

from wagewatch.models import (
    BlacklistProceeding, Case, CaseWorker, Contractor, ContractorKind, CrimeThresholdSetting,
    Office, PaymentOrder, PoliceReferral, ProceedingCase, Recovery, RecoveryAllocation,
    RuleDirtyEmployer, Worker, utcnow,
)
from wagewatch.rules.flags import CUMULATION_LIMITATION_YEARS
from wagewatch.rules.periods import add_months

#: Facts that hang off a case: a change to any of them changes its employer's facts.
BY_CASE = (CaseWorker, PaymentOrder, Recovery, PoliceReferral, ProceedingCase)
_MARKED = "rules_dirty_marked"
#: add_months clamps to a month's last day: a pay-by date and its limitation end differ from
#: whole months by at most this much.
_CLAMP = timedelta(days=3)


def _old_and_new(obj: Any, attribute: str) -> set[Any]:
    """An attribute's value now and, when changed in this flush, before."""
    values = {getattr(obj, attribute), *get_history(obj, attribute).deleted}
    return {v for v in values if v is not None}


def _changed(session: Session) -> list[tuple[Any, bool]]:
    """The objects this flush wrote, each with whether it is new."""
    dirty = [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    return [*((o, True) for o in session.new), *((o, False) for o in dirty),
            *((o, False) for o in session.deleted)]


def _loaded_employers(session: Session, cases: set[int]) -> tuple[set[int], set[int]]:
    """The employers of those ``cases`` the session holds with their employer loaded, and the
    cases it does not: a flushed case's employer is as in the database, and one whose employer
    changed is itself among the flushed objects, with its former employer."""
    found: set[int] = set()
    unloaded: set[int] = set()
    for case_id in cases:
        case = session.identity_map.get(identity_key(Case, case_id))
        employer_id = case.__dict__.get("employer_id") if case is not None else None
        if employer_id is None:
            unloaded.add(case_id)
        else:
            found.add(employer_id)
    return found, unloaded


def _employers_of(session: Session, changed: list[tuple[Any, bool]]) -> set[int]:
    """The employers whose rule facts these flushed objects change (ids; queries by case)."""
    connection = session.connection()
    contractors: set[int] = set()
    cases: set[int] = set()
    recoveries: set[int] = set()
    proceedings: set[int] = set()
    workers: set[int] = set()
    people: set[tuple[int, str]] = set()
    regions: set[str] = set()
    offices: set[int] = set()
    for obj, new in changed:
        if isinstance(obj, Case):
            contractors |= _old_and_new(obj, "employer_id")
        elif isinstance(obj, BY_CASE):
            cases |= _old_and_new(obj, "case_id")
        elif isinstance(obj, RecoveryAllocation):
            recoveries |= _old_and_new(obj, "recovery_id")
        elif isinstance(obj, CrimeThresholdSetting):
            regions.add(obj.region)
        elif new:
            continue  # a new proceeding, worker, contractor or office has no cases yet
        elif isinstance(obj, BlacklistProceeding):
            proceedings.add(obj.id)
        elif isinstance(obj, Worker):
            workers.add(obj.id)  # the name appears in the reasons
        elif isinstance(obj, Contractor):
            contractors.add(obj.id)  # an individual's ID number groups records (S-JI art. 3)
            people |= {(obj.office_id, n) for n in _old_and_new(obj, "id_number")}
        elif isinstance(obj, Office) and get_history(obj, "region").has_changes():
            offices.add(obj.id)
    queries: list[Select[Any]] = []
    if recoveries:
        cases |= set(connection.scalars(select(Recovery.case_id).where(
            Recovery.id.in_(recoveries))))
    if proceedings:
        cases |= set(connection.scalars(select(ProceedingCase.case_id).where(
            ProceedingCase.proceeding_id.in_(proceedings))))
    if workers:
        cases |= set(connection.scalars(select(CaseWorker.case_id).where(
            CaseWorker.worker_id.in_(workers))))
    loaded, unloaded = _loaded_employers(session, cases)
    contractors |= loaded
    if unloaded:
        queries.append(select(Case.employer_id).where(Case.id.in_(unloaded)))
    if people:
        queries.append(select(Contractor.id).where(
            Contractor.kind == ContractorKind.INDIVIDUAL,
            Contractor.id_number.in_({n for _, n in people}),
            Contractor.office_id.in_({o for o, _ in people})))
    if regions:
        offices |= set(connection.scalars(select(Office.id).where(Office.region.in_(regions))))
    if offices:  # a threshold or a region changed: every employer of the office
        queries.append(select(Case.employer_id).where(Case.office_id.in_(offices)).distinct())
    for query in queries:
        contractors |= set(connection.scalars(query))
    return contractors


def mark(session: Session, contractor_ids: Iterable[int], *, flushing: bool = False) -> None:
    """Mark employers dirty inside the session's transaction (once per transaction each): while
    ``flushing`` written at once, otherwise added to the session's next flush."""
    marked: set[int] = session.info.setdefault(_MARKED, set())
    fresh = sorted(set(contractor_ids) - marked)
    if not fresh:
        return
    now = utcnow()
    if flushing:
        session.connection().execute(insert(RuleDirtyEmployer), [
            {"contractor_id": cid, "marked_at": now} for cid in fresh])
    else:
        session.add_all(RuleDirtyEmployer(contractor_id=cid, marked_at=now) for cid in fresh)
    marked |= set(fresh)


def _after_flush(session: Session, _context: object) -> None:
    changed = _changed(session)
    if changed:
        mark(session, _employers_of(session, changed), flushing=True)


def _forget(session: Session, transaction: SessionTransaction) -> None:
    """The transaction (or a savepoint) ended: mark afresh next time. A flush's own
    subtransaction ending is not the end of the use case's transaction, whose marks stand."""
    if transaction.parent is not None and not transaction.nested:
        return
    session.info.pop(_MARKED, None)  # rolled back or committed (a savepoint's marks may be gone)


def listen() -> None:
    """Mark on every flush of every session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_transaction_end", _forget)


def dated_employers(lo: date, hi: date, office_id: int | None) -> Select[Any]:
    """Employers whose decisions can differ between judging on ``lo`` and on ``hi`` with no fact
    changed: a served order's pay-by day ends (S-45 art. 5), a lapse leaves the 5-year limitation
    (Criminal Law art. 87 (1)), or a payment dated in between counts (all as contractor ids)."""
    years = CUMULATION_LIMITATION_YEARS * 12
    limitation_lo = add_months(lo, -years) - _CLAMP
    limitation_hi = add_months(hi, -years) + _CLAMP
    by_order = select(PaymentOrder.case_id).where(or_(
        (PaymentOrder.pay_by_on >= lo) & (PaymentOrder.pay_by_on < hi),
        (PaymentOrder.pay_by_on >= limitation_lo) & (PaymentOrder.pay_by_on <= limitation_hi)))
    by_payment = select(Recovery.case_id).where(Recovery.paid_on > lo, Recovery.paid_on <= hi)
    query = select(Case.employer_id).where(
        or_(Case.id.in_(by_order), Case.id.in_(by_payment))).distinct()
    if office_id is not None:
        query = query.where(Case.office_id == office_id)
    return query


def dirty_employers(up_to: int, office_id: int | None) -> Select[Any]:
    """The marked employers (contractor ids) with marks up to id ``up_to``."""
    query = select(RuleDirtyEmployer.contractor_id).where(
        RuleDirtyEmployer.id <= up_to).distinct()
    if office_id is not None:
        query = query.join(Contractor, Contractor.id == RuleDirtyEmployer.contractor_id).where(
            Contractor.office_id == office_id)
    return query


def watermark(session: Session) -> int:
    """The newest mark's id now: a run consumes the marks up to it, later ones wait."""
    return int(session.scalar(select(func.coalesce(func.max(RuleDirtyEmployer.id), literal(0))))
               or 0)
