"""Demo money: payment orders, extra compensation and recoveries split over a case's workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from wagewatch.demo.context import DemoContext, Party
from wagewatch.demo.parties import Site
from wagewatch.models import CaseStatus, Liability, Payer, ServiceMethod
from wagewatch.rules.money import CENT, extra_compensation
from wagewatch.rules.sources import citation
from wagewatch.rules.working_days import Deadline

PAYERS = (Payer.EMPLOYER, Payer.GENERAL_CONTRACTOR, Payer.OWNER, Payer.EMERGENCY_FUND)
PAYER_WEIGHTS = {Payer.EMPLOYER: 60, Payer.GENERAL_CONTRACTOR: 20, Payer.OWNER: 8,
                 Payer.EMERGENCY_FUND: 12}
PAYER_NOTES = {
    Payer.EMPLOYER: ("银行转账至工人本人账户", "现场发放，工人签字确认"),
    Payer.GENERAL_CONTRACTOR: ("通过农民工工资专用账户代发，总包单位保留追偿权利",),
    Payer.OWNER: ("建设单位在欠付工程款范围内垫付",),
    Payer.EMERGENCY_FUND: ("动用应急周转金垫付，已启动追偿程序",),
}
SERVICE_METHODS = (ServiceMethod.IN_PERSON, ServiceMethod.RECEIVING_PERSON,
                   ServiceMethod.FAMILY_MEMBER)
EXTRA_RATES = (Decimal("0.50"), Decimal("0.60"), Decimal("0.80"), Decimal("1.00"))


@dataclass
class CaseDraft:
    """One case being generated: its parties, its workers' outstanding yuan, its timeline."""

    ctx: DemoContext
    case_id: int
    handler_id: int
    employer: Party
    site: Site | None
    status: CaseStatus = CaseStatus.REGISTERED
    outstanding: dict[int, Decimal] = field(default_factory=dict)  # case-worker id -> yuan
    payers: list[Payer] = field(default_factory=list)
    recovered: Decimal = Decimal("0.00")
    events: list[tuple] = field(default_factory=list)

    def event(self, day: date, kind: str, from_status: CaseStatus | None,
              to_status: CaseStatus | None, note: str) -> None:
        """Note a timeline entry; ``write_events`` stores them in date order."""
        self.events.append((day, len(self.events), kind, from_status, to_status, note))

    def write_events(self) -> None:
        """Store the timeline with ids and times in date order (steps are generated out of
        order: an extension approved on day 50 is decided before the order of day 10)."""
        stamp: datetime | None = None
        current: CaseStatus | None = None
        for day, _, kind, from_status, to_status, note in sorted(self.events):
            if from_status is not None and from_status == to_status:
                from_status = to_status = current   # a step within whatever status held then
            current = to_status
            moment = self.ctx.at(day)
            if stamp is not None and moment <= stamp:
                moment = stamp + timedelta(minutes=self.ctx.rng.randint(3, 40))
            stamp = moment
            self.ctx.batch.add("case_event", {
                "id": self.ctx.ids.take("case_event"), "case_id": self.case_id,
                "occurred_at": moment, "actor_id": self.handler_id, "kind": kind,
                "from_status": str(from_status) if from_status else None,
                "to_status": str(to_status) if to_status else None, "note": note})

    @property
    def unpaid(self) -> Decimal:
        return sum(self.outstanding.values(), Decimal("0.00"))


@dataclass(frozen=True)
class OrderInfo:
    order_id: int
    issued_on: date
    pay_by: Deadline


def issue_order(draft: CaseDraft, issued_on: date, pay_within: int, absconded: bool) -> OrderInfo:
    """An order to pay every worker's outstanding amount within ``pay_within`` working days
    (S-423 art. 26); posted with photo and video when the employer absconded (S-JI art. 4)."""
    ctx, rng = draft.ctx, draft.ctx.rng
    order_id = ctx.ids.take("payment_order")
    if absconded:
        method = ServiceMethod.POSTED
        evidence = f"张贴于{draft.employer.name}经营场所及项目部门口，拍照、录像存档"
    else:
        method = (ServiceMethod.FAMILY_MEMBER if draft.employer.individual and ctx.chance(0.5)
                  else ctx.choice(SERVICE_METHODS, (45, 40, 15)))
        evidence = "送达回证已签收"
    served = min(issued_on + timedelta(days=rng.choice((0, 0, 1, 2))), ctx.anchor)
    pay_by = ctx.add_working_days(served, pay_within)  # the clock starts on service
    amount = draft.unpaid
    number = f"劳监限改〔{issued_on.year}〕{order_id:05d}号"
    ctx.batch.add("payment_order", {
        "id": order_id, "case_id": draft.case_id, "document_number": number,
        "issued_on": issued_on, "amount_yuan": amount, "pay_within_working_days": pay_within,
        "pay_by_on": pay_by.due_on, "pay_by_provisional": pay_by.provisional,
        "service_method": method, "served_on": served, "service_evidence": evidence,
        "extra_compensation_rate": None, "extra_compensation_yuan": None,
        "extra_compensation_ordered_on": None, "created_at": ctx.at(issued_on),
        "created_by_id": draft.handler_id})
    for cw_id, owed in draft.outstanding.items():
        if owed > 0:
            ctx.batch.add("payment_order_item", {
                "id": ctx.ids.take("payment_order_item"), "order_id": order_id,
                "case_worker_id": cw_id, "amount_yuan": owed})
    previous, draft.status = draft.status, CaseStatus.PAYMENT_ORDERED
    draft.event(issued_on, "order_payment", previous, draft.status,
                f"{number}：责令于{pay_by.due_on}前支付 {amount:,.2f} 元")
    return OrderInfo(order_id, issued_on, pay_by)


def order_extra(draft: CaseDraft, order: OrderInfo, ordered_on: date) -> None:
    """Extra compensation of 50%-100% of what is unpaid after the pay-by date (S-423 art. 26)."""
    rate = draft.ctx.rng.choice(EXTRA_RATES)
    unpaid = draft.unpaid
    amount = extra_compensation(unpaid, rate)
    # The order row is still in this chunk's buffer: complete it there.
    row = next(r for r in reversed(draft.ctx.batch.rows["payment_order"])
               if r["id"] == order.order_id)
    row.update(extra_compensation_rate=rate, extra_compensation_yuan=amount,
               extra_compensation_ordered_on=ordered_on)
    draft.event(ordered_on, "extra_compensation", draft.status, draft.status,
                f"责令加付赔偿金 {amount:,.2f} 元（未付 {unpaid:,.2f} 元的 {rate * 100:.0f}%）")


def choose_payer(draft: CaseDraft, police: bool = False) -> tuple[Payer, int | None]:
    """Who pays (S-724 arts. 29, 30, 36, 63), among the parties this case actually has."""
    site = draft.site
    options = [Payer.EMPLOYER, Payer.EMERGENCY_FUND]
    if site is not None and site.general_contractor.id != draft.employer.id:
        options.insert(1, Payer.GENERAL_CONTRACTOR)
    if site is not None:
        options.insert(-1, Payer.OWNER)
    if police:  # the employer absconded or refuses: someone else pays first
        options.remove(Payer.EMPLOYER)
    payer = draft.ctx.pick("payer", options, tuple(PAYER_WEIGHTS[p] for p in options))
    contractor = {Payer.EMPLOYER: draft.employer.id, Payer.EMERGENCY_FUND: None,
                  Payer.GENERAL_CONTRACTOR: site.general_contractor.id if site else None,
                  Payer.OWNER: site.owner.id if site else None}[payer]
    if payer is Payer.OWNER and Payer.OWNER not in draft.payers:
        draft.ctx.batch.add("case_party", {
            "id": draft.ctx.ids.take("case_party"), "case_id": draft.case_id,
            "contractor_id": contractor, "liability": Liability.OWNER_ADVANCE,
            "note": f"建设单位未按约定拨付工程款，在欠付工程款范围内先行垫付（{citation('S-724 art. 29')}）。"})
    return payer, contractor


def recover(draft: CaseDraft, paid_on: date, full: bool, police: bool = False,
            by_employer: bool = False) -> Decimal:
    """A payment split over the workers: everything outstanding, or a share to some of them.
    No worker ever receives more than is outstanding, and the split sums to the amount."""
    ctx, rng = draft.ctx, draft.ctx.rng
    owed = [(k, v) for k, v in draft.outstanding.items() if v > 0]
    if not full and len(owed) > 1 and ctx.chance(0.5):
        owed = rng.sample(owed, rng.randint(1, len(owed) - 1))
    share = Decimal(1) if full else Decimal(rng.randint(30, 80)) / 100
    split = {k: (v * share).quantize(CENT, rounding=ROUND_DOWN) for k, v in owed}
    split = {k: v for k, v in split.items() if v > 0}
    if not split:
        return Decimal("0.00")
    amount = sum(split.values(), Decimal("0.00"))
    payer, contractor = ((Payer.EMPLOYER, draft.employer.id) if by_employer
                         else choose_payer(draft, police))
    recovery_id = ctx.ids.take("recovery")
    ctx.batch.add("recovery", {
        "id": recovery_id, "case_id": draft.case_id, "paid_on": paid_on, "amount_yuan": amount,
        "payer": payer, "payer_contractor_id": contractor,
        "note": rng.choice(PAYER_NOTES[payer]), "created_at": ctx.at(paid_on),
        "created_by_id": draft.handler_id, "submission_token": None})
    for cw_id, part in split.items():
        ctx.batch.add("recovery_allocation", {
            "id": ctx.ids.take("recovery_allocation"), "recovery_id": recovery_id,
            "case_worker_id": cw_id, "amount_yuan": part})
        draft.outstanding[cw_id] -= part
    draft.payers.append(payer)
    draft.recovered += amount
    draft.event(paid_on, "recovery", draft.status, draft.status,
                f"{payer.label}支付 {amount:,.2f} 元")
    return amount


def payment_days(ctx: DemoContext, start: date, end: date, count: int) -> list[date]:
    """``count`` sorted payment dates between ``start`` and ``end``, the last one on ``end``."""
    span = max((end - start).days, 0)
    days = sorted(start + timedelta(days=ctx.rng.randint(0, span)) for _ in range(count - 1))
    return [*days, end]
