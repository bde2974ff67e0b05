"""Loading the flag rules' facts: each case with its payments by date and payer, its served
orders and what has dealt with it, grouped by offender (individuals by ID number)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, literal, select

from wagewatch.models import (
    BlacklistProceeding, Case, CaseStatus, CaseWorker, Contractor, ContractorKind, PaymentOrder,
    PoliceReferral, ProceedingCase, ProceedingStatus, ReferralStatus, Recovery,
    RecoveryAllocation, RuleDecision, Worker,
)
from wagewatch.rules.arrears import CaseFacts, OrderFacts, Payment, WorkerClaim
from wagewatch.services.id_sets import among
from wagewatch.services.plain_rows import rows

#: Cases in these statuses can carry a payment order, so the flags can apply to them.
EVALUATED_STATUSES = (CaseStatus.INVESTIGATING, CaseStatus.PAYMENT_ORDERED, CaseStatus.REFERRED,
                      CaseStatus.RESOLVED)
#: A proceeding in these statuses has decided on the case's listing (S-45 arts. 5, 7).
DECIDED_PROCEEDINGS = (ProceedingStatus.LISTED, ProceedingStatus.REMOVED,
                       ProceedingStatus.NOT_LISTED)


@dataclass(frozen=True)
class LoadedCase:
    case_id: int
    office_id: int
    contractor_id: int
    offender: tuple[object, ...]
    facts: CaseFacts


def offender_contractor_ids(contractor_ids: list[int]) -> dict[int, tuple[object, ...]]:
    """Each contractor, and every other contractor record of the same individual (same ID number
    in the same office), mapped to its offender key: a company is itself, a person is its ID."""
    if not contractor_ids:
        return {}
    people = rows(select(Contractor.office_id, Contractor.id_number).where(
        among(Contractor.id, contractor_ids), Contractor.kind == ContractorKind.INDIVIDUAL,
        Contractor.id_number.is_not(None))).all()
    keys: dict[int, tuple[object, ...]] = {cid: ("contractor", cid) for cid in contractor_ids}
    if people:
        wanted = {(p.office_id, p.id_number) for p in people}
        # The offices too, so the index (office, ID number) finds each person's records: by ID
        # number alone PostgreSQL scanned every contractor (75 ms a chunk at a million cases).
        for cid, office_id, id_number in rows(
                select(Contractor.id, Contractor.office_id, Contractor.id_number).where(
                    Contractor.kind == ContractorKind.INDIVIDUAL,
                    Contractor.office_id.in_({p.office_id for p in people}),
                    Contractor.id_number.in_({p.id_number for p in people}))):
            if (office_id, id_number) in wanted:
                keys[cid] = ("person", office_id, id_number)
    return keys


def _payments(case_ids: list[int]) -> dict[int, list[Payment]]:
    """Every payment of the cases by case-worker id, in the order paid (the blacklist procedure's
    correction reads each date)."""
    paid: dict[int, list[Payment]] = defaultdict(list)
    for cw_id, paid_on, amount, payer in rows(
            select(RecoveryAllocation.case_worker_id, Recovery.paid_on,
                   RecoveryAllocation.amount_yuan, Recovery.payer)
            .join(Recovery, Recovery.id == RecoveryAllocation.recovery_id)
            .where(among(Recovery.case_id, case_ids))
            .order_by(Recovery.paid_on, Recovery.id, RecoveryAllocation.id)).all():
        paid[cw_id].append(Payment(paid_on, Decimal(amount), str(payer)))
    return paid


def _payments_by_judgement_day(case_ids: list[int], as_of: date) -> dict[int, list[Payment]]:
    """Each worker's payments up to the end of ``as_of`` summed in SQL by payer and by the first
    day the rules judge at on or after them (the case's pay-by days before ``as_of``, and
    ``as_of``), each sum dated on its latest payment, in the order of each payer's first payment.
    The rules compare payment dates only with those days, so they decide exactly as on every
    payment (S-45 art. 5: the yuan unpaid at a pay-by day's end; art. 7: later payments by payer),
    while a worker paid in instalments comes back as one row per payer and period."""
    until = (select(func.min(PaymentOrder.pay_by_on))
             .where(PaymentOrder.case_id == Recovery.case_id,
                    PaymentOrder.pay_by_on >= Recovery.paid_on, PaymentOrder.pay_by_on < as_of)
             .correlate(Recovery).scalar_subquery())
    each = (select(RecoveryAllocation.case_worker_id.label("cw_id"), Recovery.payer,
                   Recovery.paid_on, RecoveryAllocation.amount_yuan,
                   func.coalesce(until, literal(as_of)).label("until"),
                   func.row_number().over(
                       partition_by=RecoveryAllocation.case_worker_id,
                       order_by=(Recovery.paid_on, Recovery.id, RecoveryAllocation.id)).label("seq"))
            .join(Recovery, Recovery.id == RecoveryAllocation.recovery_id)
            .where(among(Recovery.case_id, case_ids), Recovery.paid_on <= as_of).subquery())
    paid: dict[int, list[Payment]] = defaultdict(list)
    for cw_id, payer, paid_on, amount in rows(
            select(each.c.cw_id, each.c.payer, func.max(each.c.paid_on),
                   func.sum(each.c.amount_yuan))
            .group_by(each.c.cw_id, each.c.until, each.c.payer)
            .order_by(each.c.cw_id, func.min(each.c.seq))).all():
        paid[cw_id].append(Payment(paid_on, Decimal(amount), str(payer)))
    return paid


def _handled(case_ids: list[int]) -> tuple[dict[int, str], dict[int, str], set[int]]:
    """Which cases a referral or a listing decision dealt with, and the revoked orders' ids."""
    referred = {case_id: f"已移送公安机关（{ReferralStatus(status).label}）"
                for case_id, status in rows(
                    select(PoliceReferral.case_id, PoliceReferral.status).where(
                        among(PoliceReferral.case_id, case_ids),
                        PoliceReferral.status != ReferralStatus.NOT_APPROVED)
                    .order_by(PoliceReferral.id)).all()}
    decided: dict[int, str] = {}
    revoked: set[int] = set()
    for case_id, order_id, revoked_on, status in rows(
            select(ProceedingCase.case_id, ProceedingCase.payment_order_id,
                   ProceedingCase.order_revoked_on, BlacklistProceeding.status)
            .join(BlacklistProceeding, BlacklistProceeding.id == ProceedingCase.proceeding_id)
            .where(among(ProceedingCase.case_id, case_ids)).order_by(ProceedingCase.id)).all():
        if revoked_on is not None:
            if order_id is not None:
                revoked.add(order_id)
        elif status in DECIDED_PROCEEDINGS:
            decided[case_id] = f"列入程序已处理（{ProceedingStatus(status).label}）"
    return referred, decided, revoked


def load_case_facts(case_ids: list[int], as_of: date | None = None,
                    offenders: dict[int, tuple[object, ...]] | None = None) -> list[LoadedCase]:
    """The rules' facts for many cases in a few set-based queries (none per case). With
    ``as_of`` (the day the flag rules judge on) each worker's payments come summed in SQL by
    payer between the days the rules compare them with; without it, every payment. ``offenders``:
    the employers' offender keys when the caller has them (offender_contractor_ids)."""
    if not case_ids:
        return []
    cases = rows(select(
        Case.id, Case.office_id, Case.employer_id, Case.number, Case.group_incident,
        Case.extreme_incident, Case.employer_absconded, Case.property_transferred,
        Case.records_destroyed, Case.no_show_after_notice, Case.ability_to_pay,
    ).where(among(Case.id, case_ids)).order_by(Case.id)).all()
    paid = _payments(case_ids) if as_of is None else _payments_by_judgement_day(case_ids, as_of)
    workers: dict[int, list[WorkerClaim]] = defaultdict(list)
    # The name by primary key per row: PostgreSQL joined by hashing all 441,130 workers
    # (about 60 ms a batch of 2,000 cases, 25 ms so).
    name_of = select(Worker.name).where(Worker.id == CaseWorker.worker_id).scalar_subquery()
    for cw_id, case_id, worker_id, name, months, claimed, confirmed in rows(
            select(CaseWorker.id, CaseWorker.case_id, CaseWorker.worker_id, name_of,
                   CaseWorker.months_owed, CaseWorker.claimed_yuan, CaseWorker.confirmed_yuan)
            .where(among(CaseWorker.case_id, case_ids))
            .order_by(CaseWorker.case_id, CaseWorker.id)).all():  # stable reasons: entry order
        owed = confirmed if confirmed is not None else claimed
        workers[case_id].append(WorkerClaim(name, Decimal(months), Decimal(owed),
                                            tuple(paid.get(cw_id, ())), f"worker:{worker_id}"))
    referred, decided, revoked = _handled(case_ids)
    orders: dict[int, list[OrderFacts]] = defaultdict(list)
    for order_id, case_id, number, issued, pay_by, served in rows(
            select(PaymentOrder.id, PaymentOrder.case_id, PaymentOrder.document_number,
                   PaymentOrder.issued_on, PaymentOrder.pay_by_on, PaymentOrder.served_on)
            .where(among(PaymentOrder.case_id, case_ids))
            .order_by(PaymentOrder.case_id, PaymentOrder.issued_on, PaymentOrder.id)).all():
        if order_id not in revoked:  # a revoked order grounds nothing (S-45)
            orders[case_id].append(OrderFacts(number, issued, pay_by, served))
    employers = sorted({row.employer_id for row in cases})
    if offenders is None or any(e not in offenders for e in employers):
        offenders = offender_contractor_ids(employers)
    return [LoadedCase(row.id, row.office_id, row.employer_id, offenders[row.employer_id], CaseFacts(
        row.number, tuple(workers[row.id]), tuple(orders[row.id]),
        group_incident=row.group_incident, extreme_incident=row.extreme_incident,
        employer_absconded=row.employer_absconded, property_transferred=row.property_transferred,
        records_destroyed=row.records_destroyed, no_show_after_notice=row.no_show_after_notice,
        ability_to_pay=row.ability_to_pay, referred=referred.get(row.id),
        listing_decided=decided.get(row.id))) for row in cases]


def offender_case_ids(contractor_ids: list[int]) -> tuple[list[int], set[int]]:
    """The evaluated cases of these contractors' offenders, and every contractor id they cover."""
    keys = offender_contractor_ids(contractor_ids)
    people = {key for key in keys.values() if key[0] == "person"}
    covered = set(keys)
    if people:
        covered |= set(rows(select(Contractor.id).where(
            Contractor.kind == ContractorKind.INDIVIDUAL,
            Contractor.id_number.in_({key[2] for key in people}),
            Contractor.office_id.in_({key[1] for key in people}))).scalars())
    ids = list(rows(select(Case.id).where(
        among(Case.employer_id, covered), Case.status.in_(EVALUATED_STATUSES)).order_by(Case.id))
               .scalars())
    return ids, covered


def lapse_candidates(as_of: date) -> Select[Any]:
    """Cases (ids) with a served, unrevoked order whose pay-by day ended before ``as_of`` with
    some worker's wages unpaid at its end, in one GROUP BY over orders × workers × payments.
    Only these can be flagged (S-45 art. 5; S-JI art. 4); the amounts are in yuan."""
    revoked = select(ProceedingCase.payment_order_id).where(
        ProceedingCase.order_revoked_on.is_not(None),
        ProceedingCase.payment_order_id.is_not(None))
    paid_by = (select(RecoveryAllocation.case_worker_id, RecoveryAllocation.amount_yuan,
                      Recovery.paid_on, Recovery.case_id)
               .join(Recovery, Recovery.id == RecoveryAllocation.recovery_id).subquery())
    owed = func.coalesce(CaseWorker.confirmed_yuan, CaseWorker.claimed_yuan)
    return (select(PaymentOrder.case_id)
            .join(CaseWorker, CaseWorker.case_id == PaymentOrder.case_id)
            .outerjoin(paid_by, (paid_by.c.case_worker_id == CaseWorker.id)
                       & (paid_by.c.case_id == PaymentOrder.case_id)
                       & (paid_by.c.paid_on <= PaymentOrder.pay_by_on))
            .where(PaymentOrder.served_on.is_not(None), PaymentOrder.pay_by_on.is_not(None),
                   PaymentOrder.served_on <= PaymentOrder.pay_by_on,
                   PaymentOrder.pay_by_on < as_of, PaymentOrder.id.not_in(revoked))
            .group_by(PaymentOrder.id, PaymentOrder.case_id, CaseWorker.id, owed)
            .having(owed - func.coalesce(func.sum(paid_by.c.amount_yuan), 0) > 0))


def rule_candidates(as_of: date) -> Select[Any]:
    """The evaluated cases (id, employer id) the rules can flag on ``as_of`` or that carry a
    current decision to keep or clear; on every other case each rule decides "not flagged" with
    nothing stored before or now, so it needs no evaluation."""
    current = select(RuleDecision.case_id).where(RuleDecision.superseded_at.is_(None),
                                                 RuleDecision.case_id.is_not(None))
    return select(Case.id, Case.employer_id).where(
        Case.status.in_(EVALUATED_STATUSES),
        Case.id.in_(lapse_candidates(as_of).union(current)))
