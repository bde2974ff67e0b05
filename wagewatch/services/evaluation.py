"""Evaluating the flag rules: one employer inside a use case, or everything in set-based batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, update

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseStatus, CaseWorker, CrimeThresholdSetting, Office, PaymentOrder, Recovery,
    RecoveryAllocation, RuleDecision, Worker, utcnow,
)
from wagewatch.rules.clock import day_end_utc
from wagewatch.rules.flags import CaseFacts, OrderFacts, blacklist_candidate, referral_candidate
from wagewatch.rules.reasons import Decision
from wagewatch.rules.thresholds import DEFAULT_REGION, KNOWN_THRESHOLDS, CrimeThreshold, WorkerArrears

#: Cases in these statuses can carry a payment order, so the flags can apply to them.
EVALUATED_STATUSES = (CaseStatus.INVESTIGATING, CaseStatus.PAYMENT_ORDERED, CaseStatus.REFERRED,
                      CaseStatus.RESOLVED)
RULES = {"blacklist_s45": blacklist_candidate, "police_referral": referral_candidate}
BATCH = 2000


def thresholds() -> dict[str, CrimeThreshold]:
    """The configured thresholds by region, falling back to the figures domain.md lists."""
    configured = {row.region: CrimeThreshold(row.region, row.name, row.single_worker_yuan,
                                             row.group_yuan)
                  for row in db.session.scalars(select(CrimeThresholdSetting))}
    return {**{t.region: t for t in KNOWN_THRESHOLDS}, **configured}


@dataclass(frozen=True)
class LoadedCase:
    case_id: int
    office_id: int
    contractor_id: int
    facts: CaseFacts


def load_case_facts(case_ids: list[int]) -> list[LoadedCase]:
    """The rules' facts for many cases in four queries (no query per case or per contractor)."""
    if not case_ids:
        return []
    cases = db.session.execute(select(
        Case.id, Case.office_id, Case.employer_id, Case.number, Case.group_incident,
        Case.extreme_incident, Case.employer_absconded, Case.property_transferred,
        Case.records_destroyed, Case.no_show_after_notice, Case.ability_to_pay,
    ).where(Case.id.in_(case_ids))).all()
    paid = dict(db.session.execute(
        select(RecoveryAllocation.case_worker_id, func.sum(RecoveryAllocation.amount_yuan))
        .join(Recovery, Recovery.id == RecoveryAllocation.recovery_id)
        .where(Recovery.case_id.in_(case_ids)).group_by(RecoveryAllocation.case_worker_id)).all())
    workers: dict[int, list[WorkerArrears]] = defaultdict(list)
    for cw_id, case_id, name, months, claimed, confirmed in db.session.execute(
            select(CaseWorker.id, CaseWorker.case_id, Worker.name, CaseWorker.months_owed,
                   CaseWorker.claimed_yuan, CaseWorker.confirmed_yuan)
            .join(Worker, Worker.id == CaseWorker.worker_id)
            .where(CaseWorker.case_id.in_(case_ids))
            .order_by(CaseWorker.case_id, CaseWorker.id)):  # stable reasons: rows in entry order
        owed = confirmed if confirmed is not None else claimed
        unpaid = max(Decimal(owed) - Decimal(paid.get(cw_id) or 0), Decimal("0"))
        workers[case_id].append(WorkerArrears(name, Decimal(months), unpaid))
    orders: dict[int, list[OrderFacts]] = defaultdict(list)
    for case_id, number, issued, pay_by in db.session.execute(
            select(PaymentOrder.case_id, PaymentOrder.document_number, PaymentOrder.issued_on,
                   PaymentOrder.pay_by_on).where(PaymentOrder.case_id.in_(case_ids))
            .order_by(PaymentOrder.case_id, PaymentOrder.issued_on, PaymentOrder.id)):
        orders[case_id].append(OrderFacts(number, issued, pay_by))
    return [LoadedCase(row.id, row.office_id, row.employer_id, CaseFacts(
        row.number, tuple(workers[row.id]), tuple(orders[row.id]),
        group_incident=row.group_incident, extreme_incident=row.extreme_incident,
        employer_absconded=row.employer_absconded, property_transferred=row.property_transferred,
        records_destroyed=row.records_destroyed, no_show_after_notice=row.no_show_after_notice,
        ability_to_pay=row.ability_to_pay)) for row in cases]


@dataclass
class RunReport:
    """What an evaluation did: cases evaluated, flags raised and flags cleared."""

    evaluated: int = 0
    raised: int = 0
    cleared: int = 0
    changed: int = 0


def _apply(loaded: Iterable[LoadedCase], as_of: date, report: RunReport) -> None:
    """Decide every rule for the loaded cases and store what changed against current decisions."""
    loaded = list(loaded)
    by_region = thresholds()
    regions = dict(db.session.execute(select(Office.id, Office.region)).all())
    current = {(d.case_id, d.rule): d for d in db.session.scalars(select(RuleDecision).where(
        RuleDecision.case_id.in_([c.case_id for c in loaded]),
        RuleDecision.superseded_at.is_(None)))}
    now = utcnow()
    superseded: list[int] = []
    for item in loaded:
        threshold = by_region.get(regions.get(item.office_id) or DEFAULT_REGION,
                                  by_region[DEFAULT_REGION])
        report.evaluated += 1
        for rule, decide in RULES.items():
            decision: Decision = decide(item.facts, threshold, as_of)
            previous = current.get((item.case_id, rule))
            if previous is None and not decision.flagged:
                continue  # nothing flagged before and nothing now: no row needed
            if previous is not None and previous.flagged == decision.flagged \
                    and previous.summary == decision.summary:
                continue
            if previous is not None:
                superseded.append(previous.id)
            report.changed += 1
            report.raised += decision.flagged and not (previous and previous.flagged)
            report.cleared += (not decision.flagged) and bool(previous and previous.flagged)
            db.session.add(RuleDecision(
                office_id=item.office_id, contractor_id=item.contractor_id, case_id=item.case_id,
                rule=rule, flagged=decision.flagged, summary=decision.summary,
                reasons=decision.as_dict(), as_of=as_of, decided_at=now))
    if superseded:
        db.session.execute(update(RuleDecision).where(RuleDecision.id.in_(superseded))
                           .values(superseded_at=now).execution_options(synchronize_session=False))


def evaluate_employer(contractor_id: int, as_of: date) -> RunReport:
    """Re-evaluate one employer's cases inside the caller's transaction (no commit)."""
    db.session.flush()
    ids = list(db.session.scalars(select(Case.id).where(
        Case.employer_id == contractor_id, Case.status.in_(EVALUATED_STATUSES))))
    report = RunReport()
    _apply(load_case_facts(ids), as_of, report)
    return report


def run_all(as_of: date, office_id: int | None = None, batch: int = BATCH) -> RunReport:
    """Re-evaluate every case in batches of ``batch`` ids, committing per batch (rules run)."""
    report = RunReport()
    last_id = 0
    while True:
        query = select(Case.id).where(Case.id > last_id, Case.status.in_(EVALUATED_STATUSES))
        if office_id is not None:
            query = query.where(Case.office_id == office_id)
        ids = list(db.session.scalars(query.order_by(Case.id).limit(batch)))
        if not ids:
            break
        _apply(load_case_facts(ids), as_of, report)
        db.session.commit()
        last_id = ids[-1]
    return report


def current_flags(*, contractor_id: int | None = None, case_id: int | None = None,
                  on: date | None = None) -> list[RuleDecision]:
    """Flagged decisions current now (or at the end of day ``on``) for a contractor or a case."""
    query = select(RuleDecision).where(RuleDecision.flagged.is_(True))
    if contractor_id is not None:
        query = query.where(RuleDecision.contractor_id == contractor_id)
    if case_id is not None:
        query = query.where(RuleDecision.case_id == case_id)
    if on is None:
        query = query.where(RuleDecision.superseded_at.is_(None))
    else:
        end = day_end_utc(on)
        query = query.where(RuleDecision.decided_at < end,
                            (RuleDecision.superseded_at.is_(None))
                            | (RuleDecision.superseded_at >= end))
    return list(db.session.scalars(query.order_by(RuleDecision.rule, RuleDecision.case_id)))

