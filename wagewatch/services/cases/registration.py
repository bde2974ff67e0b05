"""Registering complaints, their workers and liable parties, and keeping case deadlines current."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from decimal import Decimal

from sqlalchemy import Date, Integer, Select, bindparam, or_, select

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseEvent, CaseParty, CaseStatus, CaseWorker, Channel, Contractor, ContractorKind,
    Liability, Project, Sector, Township, User, Worker,
)
from wagewatch.rules.case_flow import (
    TransitionRefused, acceptance_deadline, check_representatives, investigation_deadline,
    pending_deadline,
)
from wagewatch.rules.identifiers import check_id_number, hometown_of
from wagewatch.rules.liability import ChainLink, liable_parties
from wagewatch.rules.reasons import Reason
from wagewatch.rules.warnings import repeat_employer
from wagewatch.rules.working_days import Deadline
from wagewatch.services import ServiceError, audit, commit_edit
from wagewatch.services.bound_values import CASE
from wagewatch.services.cases.balances import load_orders_and_recoveries
from wagewatch.services.cases.case_numbers import take_case_number
from wagewatch.services.flags.evaluation import evaluate_employer
from wagewatch.services.locks import lock_case
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.services.submissions import existing_for_token, once_per_token


@dataclass(frozen=True)
class WorkerInput:
    """One worker's row of a complaint: identity, period, months owed and amount claimed (yuan)."""

    name: str
    id_number: str
    phone: str | None
    work_from: date | None
    work_to: date | None
    months_owed: Decimal
    claimed_yuan: Decimal
    representative: bool = False


@dataclass(frozen=True)
class CaseInput:
    """What a clerk records when registering a complaint."""

    received_on: date
    channel: Channel
    township_id: int
    employer_id: int
    project_id: int | None
    sector: Sector
    summary: str
    violation_ended_on: date | None = None
    facts: dict[str, bool] = field(default_factory=dict)


def submitted_case(submission_token: str | None) -> Case | None:
    """The case a registration form with this one-time token already created, if any."""
    return existing_for_token(Case, submission_token)


FACT_FIELDS = ("group_incident", "extreme_incident", "employer_absconded", "property_transferred",
               "records_destroyed", "no_show_after_notice", "ability_to_pay")


@once_per_token(Case, office_from="actor")
def register_case(actor: User, data: CaseInput, workers: list[WorkerInput],
                  submission_token: str | None = None) -> Case:
    """Register a complaint with its workers; a re-sent form returns the case already created.

    The case number is taken in the same transaction; the acceptance deadline is the 5th working
    day after receipt (S-25); liable parties follow S-724 arts. 30 and 36.
    """
    office = actor.office
    township = db.session.get(Township, data.township_id)
    employer = db.session.get(Contractor, data.employer_id)
    project = db.session.get(Project, data.project_id) if data.project_id else None
    if township is None or township.office_id != office.id:
        raise ServiceError("请选择本机构的镇（街道）。", field="township_id")
    if employer is None or employer.office_id != office.id:
        raise ServiceError("未找到该用人单位。", field="employer")
    if project is not None and project.office_id != office.id:
        raise ServiceError("未找到该项目。", field="project_id")
    if not workers:
        raise ServiceError("请至少录入一名工人。", field="workers")
    _check_workers(workers)
    seq, number = take_case_number(office, data.received_on.year)
    case = Case(
        office=office, number=number, number_year=data.received_on.year, number_seq=seq,
        received_on=data.received_on, channel=data.channel, township=township, project=project,
        employer=employer, sector=project.sector if project else data.sector,
        summary=data.summary, violation_ended_on=data.violation_ended_on, handler=actor,
        status=CaseStatus.REGISTERED, submission_token=submission_token,
        acceptance_due_on=data.received_on,
        **{name: bool(data.facts.get(name)) for name in FACT_FIELDS},
    )
    db.session.add(case)
    for row in workers:
        _add_worker(case, row)
    for suggestion in _suggested_parties(employer, project):
        case.parties.append(CaseParty(contractor_id=suggestion.contractor_id,
                                      liability=Liability(suggestion.liability),
                                      note=suggestion.reason[:200]))
    refresh_deadlines(case)
    add_event(case, actor, "registered", None, CaseStatus.REGISTERED,
              f"{data.channel.label}收到投诉，涉及{len(workers)}名工人")
    db.session.flush()
    audit.record("case.create", object_type="case", object_id=case.id, actor=actor,
                 changes=audit.changes_between({}, {"number": number, "employer": employer.name,
                                                    "workers": len(workers)}))
    db.session.commit()
    return case


def _check_workers(workers: list[WorkerInput]) -> None:
    numbers = [w.id_number for w in workers]
    if len(set(numbers)) != len(numbers):
        raise ServiceError("同一工人（身份证号码相同）在本次投诉中录入了两次。", field="workers")
    try:
        check_representatives(len(workers), sum(1 for w in workers if w.representative))
    except TransitionRefused as error:
        raise ServiceError(str(error), field="workers") from error


def _add_worker(case: Case, row: WorkerInput) -> CaseWorker:
    """Attach a worker to the case, reusing the office's person with the same ID number."""
    worker = db.session.scalar(db.select(Worker).where(
        Worker.office_id == case.office.id, Worker.id_number == row.id_number))
    if worker is None:
        check = check_id_number(row.id_number, today())
        worker = Worker(office_id=case.office.id, name=row.name, id_number=check.value,
                        id_number_warning=check.warning, hometown=hometown_of(check.value),
                        phone=row.phone)
        db.session.add(worker)
    elif row.phone:
        worker.phone = row.phone
    case_worker = CaseWorker(worker=worker, work_from=row.work_from, work_to=row.work_to,
                             months_owed=row.months_owed, claimed_yuan=row.claimed_yuan,
                             representative=row.representative)
    case.workers.append(case_worker)
    return case_worker


def add_worker_to_case(case: Case, row: WorkerInput, actor: User) -> CaseWorker:
    """Add one more worker to an open case."""
    if not case.status.is_open:
        raise ServiceError("案件已结案，不能再添加工人。")
    if any(cw.worker.id_number == row.id_number for cw in case.workers):
        raise ServiceError("该工人已在本案中。", field="id_number")
    case_worker = _add_worker(case, row)
    add_event(case, actor, "worker_added", case.status, case.status, f"添加工人{row.name}")
    db.session.flush()
    evaluate_employer(case.employer_id, today())
    audit.record("case.worker_add", object_type="case", object_id=case.id, actor=actor,
                 changes=audit.changes_between({}, {"name": row.name, "id_number": row.id_number,
                                                    "claimed_yuan": row.claimed_yuan}))
    db.session.commit()
    return case_worker


def confirm_worker_amount(case_worker: CaseWorker, confirmed: Decimal, months_owed: Decimal,
                          actor: User) -> None:
    """Record the amount the investigation confirmed for a worker (yuan) and the months owed."""
    confirm_worker_amounts(case_worker.case, [(case_worker, confirmed, months_owed)], actor)


def confirm_worker_amounts(case: Case, rows: list[tuple[CaseWorker, Decimal, Decimal]],
                           actor: User) -> int:
    """Record the confirmed amounts (yuan) and months owed of several of the case's workers in one
    transaction under the case's lock; rows that change nothing are skipped. Returns how many
    changed. Each change is on the timeline and audited (the basis of the payment order, S-423
    art. 26)."""
    if not case.status.is_open:
        raise ServiceError("案件已结案，不能再核定金额。")
    lock_case(case)
    changed = 0
    for case_worker, confirmed, months_owed in rows:
        if case_worker.case_id != case.id:
            raise ServiceError("该工人不在本案中。")
        before = {"confirmed_yuan": case_worker.confirmed_yuan, "months_owed": case_worker.months_owed}
        if before == {"confirmed_yuan": confirmed, "months_owed": months_owed}:
            continue
        case_worker.confirmed_yuan, case_worker.months_owed = confirmed, months_owed
        add_event(case, actor, "amount_confirmed", case.status, case.status,
                  f"核定{case_worker.worker.name}欠薪 {confirmed:,.2f} 元")
        audit.record("case.worker_confirm", object_type="case", object_id=case.id,
                     actor=actor, changes=audit.changes_between(
                         before, {"confirmed_yuan": confirmed, "months_owed": months_owed}))
        changed += 1
    if changed:
        evaluate_employer(case.employer_id, today())
    db.session.commit()
    return changed


def add_party(case: Case, contractor: Contractor, liability: Liability, note: str | None,
              actor: User) -> None:
    """Name another party liable for the wages (S-724 arts. 19, 29, 30, 36)."""
    if contractor.office_id != case.office_id:
        raise ServiceError("未找到该单位。", field="contractor")
    if any(p.contractor_id == contractor.id and p.liability == liability for p in case.parties):
        raise ServiceError("该责任主体已记录。", field="contractor")
    case.parties.append(CaseParty(contractor=contractor, liability=liability, note=note))
    add_event(case, actor, "party_added", case.status, case.status,
              f"{contractor.name}：{liability.label}")
    audit.record("case.party_add", object_type="case", object_id=case.id, actor=actor,
                 changes=audit.changes_between({}, {"contractor": contractor.name,
                                                    "liability": str(liability)}))
    db.session.commit()


def _suggested_parties(employer: Contractor, project: Project | None):
    if project is None:
        return []
    chain = tuple(ChainLink(p.contractor_id, str(p.role), p.engaged_by_id)
                  for p in project.participants)
    return liable_parties(employer.id, employer.kind is ContractorKind.INDIVIDUAL,
                          project.general_contractor_id, chain)


def add_event(case: Case, actor: User | None, kind: str, from_status: CaseStatus | None,
              to_status: CaseStatus | None, note: str | None = None) -> None:
    """Append an entry to the case's timeline (in the caller's transaction), without loading the
    timeline so far: a long-running case has hundreds of entries."""
    db.session.add(CaseEvent(case=case, actor=actor, kind=kind,
                             from_status=str(from_status) if from_status else None,
                             to_status=str(to_status) if to_status else None, note=note))


def case_deadlines(case: Case) -> dict[str, Deadline]:
    """The case's statutory deadlines on the working-day calendar, keyed by kind."""
    calendar = current_calendar()
    deadlines = {"acceptance": acceptance_deadline(case.received_on, calendar)}
    if case.accepted_on:
        deadlines["investigation"] = investigation_deadline(case.accepted_on, case.extended, calendar)
    served = [o for o in case.payment_orders if o.pay_by_on is not None]
    if served and outstanding_total(case) > 0:
        # The pay-by date fixed at the latest served order's service stands, whatever the
        # calendar learns later; an unserved order has no clock yet.
        latest = served[-1]
        assert latest.pay_by_on is not None  # chosen for having one
        deadlines["pay_by"] = Deadline(latest.pay_by_on, latest.pay_within_working_days,
                                       latest.pay_by_provisional)
    return deadlines


def refresh_deadlines(case: Case) -> None:
    """Store the due dates and the next pending deadline for lists and dashboards."""
    deadlines = case_deadlines(case)
    case.acceptance_due_on = deadlines["acceptance"].due_on
    case.investigation_due_on = (deadlines["investigation"].due_on
                                 if "investigation" in deadlines else None)
    pending = pending_deadline(str(case.status), deadlines.get("acceptance"),
                               deadlines.get("investigation"), deadlines.get("pay_by"))
    case.next_due_on, case.next_due_kind = pending.due_on, pending.kind
    case.due_provisional = pending.provisional


def outstanding_total(case: Case) -> Decimal:
    """What the case's workers are still owed, in yuan."""
    load_orders_and_recoveries(case)
    owed = sum((cw.owed_yuan for cw in case.workers), Decimal("0"))
    paid = sum((a.amount_yuan for r in case.recoveries for a in r.allocations), Decimal("0"))
    return owed - paid


def refresh_open_case_deadlines(since: date) -> int:
    """Recompute the stored deadlines of open cases that reach ``since`` or later, after the
    administrator changed the calendar on that day; returns how many were refreshed."""
    query = db.select(Case).where(
        Case.status.in_([CaseStatus.REGISTERED, CaseStatus.INVESTIGATING,
                         CaseStatus.PAYMENT_ORDERED]),
        or_(Case.acceptance_due_on >= since, Case.investigation_due_on >= since,
            Case.next_due_on >= since))
    count = 0
    for case in db.session.scalars(query).all():
        refresh_deadlines(case)
        count += 1
    return count


def update_facts(case: Case, *, summary: str, violation_ended_on: date | None,
                 facts: dict[str, bool], expected_version: int, actor: User) -> None:
    """Edit the recorded facts the rules rely on (S-JI arts. 2-4; S-45 art. 5); version-checked."""
    fields = {"summary": summary, "violation_ended_on": violation_ended_on,
              **{name: bool(facts.get(name)) for name in FACT_FIELDS}}
    before = {name: getattr(case, name) for name in fields}
    for name, value in fields.items():
        setattr(case, name, value)
    changes = audit.changes_between(before, fields)
    evaluate_employer(case.employer_id, today())
    if changes:
        add_event(case, actor, "facts_updated", case.status, case.status, "更新案件事实")
        audit.record("case.update", object_type="case", object_id=case.id, actor=actor,
                     changes=changes)
    commit_edit(case, expected_version)


def record_unmask(case: Case, case_worker: CaseWorker, actor: User) -> None:
    """Audit that a clerk displayed a worker's full ID number and phone (security.md item 12)."""
    audit.record("worker.unmask", object_type="worker", object_id=case_worker.worker_id,
                 actor=actor, detail=f"在案件{case.number}中查看{case_worker.worker.name}的完整证件号码和电话")
    db.session.commit()


def repeat_employer_warning(case: Case) -> Reason | None:
    """The employer's other complaints in the 12 months before this one (a repeat employer)."""
    earlier = db.session.execute(_earlier_complaints_statement(), {
        "employer_id": case.employer_id, "case_id": case.id, "received_on": case.received_on}).all()
    return repeat_employer(case.received_on, [(n, d) for n, d in earlier])


@cache
def _earlier_complaints_statement() -> Select:
    """repeat_employer_warning's statement, built once: every case page asks."""
    return select(Case.number, Case.received_on).where(
        Case.employer_id == bindparam("employer_id", type_=Integer), Case.id != CASE,
        Case.received_on <= bindparam("received_on", type_=Date))
