"""Demo cases: workers and amounts, then the workflow up to the case's status, dated consistently."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from wagewatch.demo import names
from wagewatch.demo.context import DemoContext, Party
from wagewatch.demo.identifiers import hometown_of_number, id_number
from wagewatch.demo.parties import Site
from wagewatch.demo.payments import CaseDraft, OrderInfo, issue_order, order_extra, recover
from wagewatch.demo.workflow import close_case, decide, not_accept
from wagewatch.models import CaseStatus, Channel, Liability, Sector
from wagewatch.rules.case_flow import pending_deadline
from wagewatch.rules.liability import liable_parties
from wagewatch.rules.working_days import Deadline

CHANNELS = tuple(Channel)
CHANNEL_WEIGHTS = (30, 25, 25, 8, 7, 5)   # window, hotline, national platform, petition, ...
#: Statuses other than "registered", with weights by the complaint's age (new, recent, old).
LATER_STATUSES = (CaseStatus.NOT_ACCEPTED, CaseStatus.INVESTIGATING, CaseStatus.PAYMENT_ORDERED,
                  CaseStatus.RESOLVED, CaseStatus.WITHDRAWN, CaseStatus.REFERRED)
STATUS_WEIGHTS = ((8, 80, 5, 5, 1, 1), (6, 40, 22, 25, 5, 2), (8, 3, 4, 72, 8, 5))
SIZES = ("1", "2-4", "5-9", "10-25")
SIZE_WEIGHTS = (35, 35, 20, 10)
MONTHS = tuple(Decimal(m) for m in ("1", "1.5", "2", "2.5", "3", "4", "5", "6", "7", "8"))
MONTH_WEIGHTS = (14, 6, 18, 6, 16, 12, 10, 8, 5, 5)
MIN_CLAIM, MAX_CLAIM = Decimal(3000), Decimal(60000)


@dataclass(frozen=True)
class CaseOutcome:
    """What the summary counts about one generated case."""

    status: CaseStatus
    channel: Channel
    claimed: Decimal
    recovered: Decimal
    payers: tuple[str, ...]


def add_case(ctx: DemoContext, *, received_on: date, number: str, seq: int,
             sites: list[Site], employers: list[Party], recent_workers: deque[int],
             registered: bool) -> CaseOutcome:
    """One complaint and everything that happened to it up to the anchor date."""
    rng = ctx.rng
    case_id = ctx.ids.take("case")
    channel = ctx.pick("channel", CHANNELS, CHANNEL_WEIGHTS)
    site = rng.choice(sites) if sites and ctx.chance(0.65) else None
    if site is not None:
        employer = (site.general_contractor if not site.members or ctx.chance(0.15)
                    else rng.choice(site.members))
        township_id = site.township_id
    else:
        employer = rng.choice(employers)
        township_id = ctx.townships[rng.randrange(len(ctx.townships))][0]
    linked = site is not None and ctx.chance(0.95)   # a few construction complaints name no project
    draft = CaseDraft(ctx, case_id, ctx.handler(), employer, site)
    status = CaseStatus.REGISTERED if registered else _status(ctx, received_on)
    violation_ended_on = received_on - timedelta(days=rng.randint(0, 60))
    if status is CaseStatus.NOT_ACCEPTED and ctx.chance(0.2):
        violation_ended_on = received_on - timedelta(days=730 + rng.randint(30, 400))
    claimed, work_from = _add_workers(ctx, draft, site is not None, violation_ended_on,
                                      recent_workers, confirm=status not in {
                                          CaseStatus.REGISTERED, CaseStatus.NOT_ACCEPTED})
    if linked:
        assert site is not None
        for party in liable_parties(employer.id, employer.individual,
                                    site.general_contractor.id, site.chain):
            ctx.batch.add("case_party", {
                "id": ctx.ids.take("case_party"), "case_id": case_id,
                "contractor_id": party.contractor_id, "liability": Liability(party.liability),
                "note": party.reason[:200]})
    row = _case_row(ctx, draft, received_on, seq, number=number, channel=channel, township_id=township_id,
                    project_id=site.id if linked and site else None,
                    sector=Sector.CONSTRUCTION if site else Sector.NON_CONSTRUCTION,
                    violation_ended_on=violation_ended_on,
                    summary=_summary(draft, site, claimed, work_from, violation_ended_on))
    ctx.batch.add("case", row)
    draft.event(received_on, "registered", None, CaseStatus.REGISTERED,
                f"{channel.label}收到投诉，涉及{len(draft.outstanding)}名工人")
    acceptance = ctx.add_working_days(received_on, 5)
    investigation: Deadline | None = None
    order = None
    if status is CaseStatus.NOT_ACCEPTED:
        not_accept(draft, row, received_on, violation_ended_on)
    elif status is not CaseStatus.REGISTERED:
        investigation, order = _handle(draft, row, status, received_on)
    draft.status = status
    unpaid_pay_by = order.pay_by if order is not None and draft.unpaid > 0 else None
    pending = pending_deadline(str(status), acceptance, investigation, unpaid_pay_by)
    row.update(status=status, acceptance_due_on=acceptance.due_on,
               investigation_due_on=investigation.due_on if investigation else None,
               next_due_on=pending.due_on, next_due_kind=pending.kind,
               due_provisional=pending.provisional)
    draft.write_events()
    return CaseOutcome(status, channel, claimed, draft.recovered,
                       tuple(str(p) for p in draft.payers))


def _status(ctx: DemoContext, received_on: date) -> CaseStatus:
    """Young complaints are mostly still open, old ones mostly closed."""
    age = (ctx.anchor - received_on).days
    if ctx.chance(0.5 if age <= 7 else 0.05 if age <= 14 else 0.002):
        return CaseStatus.REGISTERED
    weights = STATUS_WEIGHTS[0 if age <= 10 else 1 if age <= 120 else 2]
    return ctx.pick("status", LATER_STATUSES, weights)


def _add_workers(ctx: DemoContext, draft: CaseDraft, construction: bool, work_to: date,
                 recent_workers: deque[int], confirm: bool) -> tuple[Decimal, date]:
    """1 to 25 workers, new or met in earlier cases, with months owed and amounts in yuan."""
    rng = ctx.rng
    size = ctx.pick("size", SIZES, SIZE_WEIGHTS)
    count = {"1": 1, "2-4": rng.randint(2, 4), "5-9": rng.randint(5, 9),
             "10-25": rng.randint(10, 25)}[size]
    representatives = rng.randint(1, 3) if count >= 5 else 0
    wage_low, wage_high = (5000, 9000) if construction else (3500, 7000)
    confirmed_now = confirm and ctx.chance(0.85)
    total, earliest, in_case = Decimal(0), work_to, set()
    for index in range(count):
        worker_id = recent_workers[rng.randrange(len(recent_workers))] if (
            len(recent_workers) > 50 and ctx.chance(0.03)) else 0
        if worker_id in in_case or not worker_id:
            worker_id = _new_worker(ctx, construction, work_to)
            recent_workers.append(worker_id)
        in_case.add(worker_id)
        months = ctx.choice(MONTHS, MONTH_WEIGHTS)
        claimed = Decimal(rng.randrange(wage_low, wage_high + 1, 100)) * months
        claimed = min(max(claimed - rng.randrange(0, 800, 10), MIN_CLAIM), MAX_CLAIM)
        confirmed = None
        if confirmed_now:
            confirmed = claimed if ctx.chance(0.7) else (
                claimed * Decimal(rng.randint(85, 99)) / 100).quantize(Decimal("1"))
        work_from = work_to - timedelta(days=int(months * 30) + rng.randint(0, 20))
        earliest = min(earliest, work_from)
        case_worker_id = ctx.ids.take("case_worker")
        ctx.batch.add("case_worker", {
            "id": case_worker_id, "case_id": draft.case_id, "worker_id": worker_id,
            "work_from": work_from, "work_to": work_to, "months_owed": months,
            "claimed_yuan": claimed.quantize(Decimal("0.01")),
            "confirmed_yuan": confirmed.quantize(Decimal("0.01")) if confirmed else None,
            "representative": index < representatives})
        draft.outstanding[case_worker_id] = (confirmed or claimed).quantize(Decimal("0.01"))
        total += claimed
    return total.quantize(Decimal("0.01")), earliest


def _new_worker(ctx: DemoContext, construction: bool, seen_on: date) -> int:
    worker_id = ctx.ids.take("worker")
    male = ctx.chance(0.88 if construction else 0.55)
    number = id_number(worker_id, male)
    ctx.batch.add("worker", {
        "id": worker_id, "office_id": ctx.office_id, "name": names.person_name(ctx.rng, male),
        "id_number": number, "id_number_warning": None, "hometown": hometown_of_number(number),
        "phone": names.phone(ctx.rng) if ctx.chance(0.95) else None,
        "created_at": ctx.at(ctx.clamp(seen_on + timedelta(days=ctx.rng.randint(0, 60))))})
    return worker_id


def _handle(draft: CaseDraft, row: dict, status: CaseStatus,
            received_on: date) -> tuple[Deadline, OrderInfo | None]:
    """Accept, investigate, order, recover and close, each step dated within the anchor."""
    ctx = draft.ctx
    accepted_on, investigation, span = decide(draft, row, received_on, status)
    order: OrderInfo | None = None
    if status is CaseStatus.PAYMENT_ORDERED or (
            status is CaseStatus.RESOLVED and ctx.chance(0.45) and span > 2):
        offset = ctx.rng.randint(0, min(25, max(span - 1, 0)))   # before the case closes
        issued_on = ctx.add_working_days(accepted_on, offset).due_on
        order = issue_order(draft, issued_on, ctx.rng.choice((5, 10, 10, 15)),
                            row["employer_absconded"])
    if status is CaseStatus.INVESTIGATING and ctx.chance(0.2):
        recover(draft, ctx.clamp(accepted_on + timedelta(days=ctx.rng.randint(1, 40))), False)
    elif status is CaseStatus.PAYMENT_ORDERED:
        assert order is not None
        if ctx.chance(0.4):
            recover(draft, ctx.clamp(min(order.pay_by.due_on, order.issued_on + timedelta(
                days=ctx.rng.randint(1, 10)))), False)
        ordered_on = order.pay_by.due_on + timedelta(days=ctx.rng.randint(1, 15))
        if ordered_on <= ctx.anchor and draft.unpaid > 0 and ctx.chance(0.35):
            order_extra(draft, order, ordered_on)
    elif status in {CaseStatus.RESOLVED, CaseStatus.WITHDRAWN, CaseStatus.REFERRED}:
        order = close_case(draft, row, status, accepted_on, span, order) or order
    return investigation, order


def _case_row(ctx: DemoContext, draft: CaseDraft, received_on: date, seq: int,
              **values: object) -> dict:
    """Every column of the case row (bulk inserts need them all); the workflow fills in more."""
    absconded = ctx.chance(0.04)
    large = len(draft.outstanding) >= 10
    row = {
        "id": draft.case_id, "office_id": ctx.office_id, "received_on": received_on,
        "number_year": received_on.year, "number_seq": seq, "employer_id": draft.employer.id,
        "status": CaseStatus.REGISTERED, "acceptance_due_on": None, "accepted_on": None,
        "not_accepted_reason": None, "not_accepted_note": None, "not_accepted_notice_on": None,
        "investigation_due_on": None, "extension_approver": None, "extension_approved_on": None,
        "extension_reason": None, "next_due_on": None, "next_due_kind": None,
        "due_provisional": False, "closed_on": None, "closing_note": None,
        "referral_target": None, "referral_department": None,
        "group_incident": ctx.chance(0.08 if large else 0.01),
        "extreme_incident": ctx.chance(0.003),
        "employer_absconded": absconded,
        "property_transferred": ctx.chance(0.03), "records_destroyed": ctx.chance(0.02),
        "no_show_after_notice": absconded or ctx.chance(0.03),
        "ability_to_pay": ctx.chance(0.2),
        "facts_note": "用人单位负责人失联，经电话、短信通知未到案接受调查" if absconded else None,
        "handler_id": draft.handler_id, "created_at": ctx.at(received_on),
        "submission_token": None, "version": 1,
    }
    row.update(values)
    return row


def _summary(draft: CaseDraft, site: Site | None, claimed: Decimal, work_from: date,
             work_to: date) -> str:
    count = len(draft.outstanding)
    period = f"{work_from:%Y年%m月}至{work_to:%Y年%m月}"
    who = f"{count}名农民工" if site else f"{count}名职工"
    where = site.name if site else ""
    return f"{where}{who}反映{draft.employer.name}拖欠{period}工资，共计 {claimed:,.2f} 元。"

