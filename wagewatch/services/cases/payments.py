"""Payment orders, extra compensation and recoveries, with per-worker balances in yuan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseStatus, Contractor, Payer, PaymentOrder, PaymentOrderItem, Recovery,
    RecoveryAllocation, User,
)
from wagewatch.rules.case_flow import TransitionRefused, check_pay_within, next_status
from wagewatch.rules.money import MoneyRefused, check_allocation, extra_compensation
from wagewatch.services import ServiceError, audit
from wagewatch.services.cases.balances import balances
from wagewatch.services.cases.registration import add_event, refresh_deadlines
from wagewatch.services.documents import issuing
from wagewatch.services.flags.evaluation import evaluate_employer
from wagewatch.services.locks import lock_case
from wagewatch.services.reference.calendar import today
from wagewatch.services.submissions import once_per_token


@dataclass(frozen=True)
class OrderInput:
    """A payment order as issued: its date and the working days to pay, counted from service."""

    issued_on: date
    pay_within_working_days: int


def issue_payment_order(case: Case, data: OrderInput, actor: User) -> PaymentOrder:
    """Order the employer to pay every worker's outstanding amount within a number of working days
    of service (S-423 art. 26): the order takes the office's next 文号, its 指令书 is generated and
    stored, and it stays 未送达 (no pay-by date, cannot lapse) until its service is recorded."""
    lock_case(case)
    try:
        target = CaseStatus(next_status(str(case.status), "order_payment"))
    except TransitionRefused as error:
        raise ServiceError(str(error)) from error
    if data.issued_on < (case.accepted_on or case.received_on):
        raise ServiceError("签发日期不能早于立案日期。", field="issued_on")
    if data.issued_on > today():
        raise ServiceError("签发日期不能晚于今天。", field="issued_on")
    try:
        check_pay_within(data.pay_within_working_days)
    except TransitionRefused as error:
        raise ServiceError(str(error), field="pay_within_working_days") from error
    owed = {cw_id: b.outstanding for cw_id, b in balances(case).items() if b.outstanding > 0}
    if not owed:
        raise ServiceError("本案已无欠付金额，无需责令支付。")
    order = PaymentOrder(
        document_number="", issued_on=data.issued_on, amount_yuan=sum(owed.values(), Decimal("0")),
        pay_within_working_days=data.pay_within_working_days, created_by_id=actor.id,
        items=[PaymentOrderItem(case_worker_id=k, amount_yuan=v) for k, v in owed.items()],
    )
    case.payment_orders.append(order)
    previous, case.status = case.status, target
    db.session.flush()
    document = issuing.issue(case, "payment_order", actor, issued_on=data.issued_on,
                               subject=order, payment_order=order)
    order.document_number = document.number or ""
    refresh_deadlines(case)
    evaluate_employer(case.employer_id, today())
    add_event(case, actor, "order_payment", previous, target,
              f"{order.document_number}：责令自送达之日起{data.pay_within_working_days}个工作日内支付 "
              f"{order.amount_yuan:,.2f} 元（待送达）")
    audit.record("payment_order.create", object_type="payment_order", object_id=order.id,
                 actor=actor, changes=audit.changes_between({}, {
                     "case": case.number, "document_number": order.document_number,
                     "amount_yuan": order.amount_yuan,
                     "pay_within_working_days": data.pay_within_working_days}))
    db.session.commit()
    return order


def order_extra_compensation(order: PaymentOrder, rate: Decimal, ordered_on: date,
                             actor: User) -> Decimal:
    """Order extra compensation of 50%-100% of what is still unpaid after the pay-by date
    (S-423 art. 26), on a day after that date and not after today (China time); returns the
    amount in yuan."""
    lock_case(order.case)
    case = order.case
    refusal = order.extra_compensation_refused(ordered_on)
    if refusal:
        raise ServiceError(refusal, field="ordered_on")
    if ordered_on > today():
        raise ServiceError("责令日期不能晚于今天。", field="ordered_on")
    unpaid = sum((b.outstanding for b in balances(case).values()), Decimal("0"))
    try:
        amount = extra_compensation(unpaid, rate)
    except MoneyRefused as error:
        raise ServiceError(str(error), field="rate_percent") from error
    before = {"extra_compensation_yuan": order.extra_compensation_yuan}
    order.extra_compensation_rate, order.extra_compensation_yuan = rate, amount
    order.extra_compensation_ordered_on = ordered_on
    add_event(case, actor, "extra_compensation", case.status, case.status,
              f"责令加付赔偿金 {amount:,.2f} 元（未付 {unpaid:,.2f} 元的 {rate * 100:.0f}%）")
    db.session.flush()
    issuing.issue(case, "handling_decision", actor, issued_on=ordered_on, subject=order,
                    payment_order=order)
    audit.record("payment_order.extra_compensation", object_type="payment_order",
                 object_id=order.id, actor=actor,
                 changes=audit.changes_between(before, {"extra_compensation_yuan": amount}))
    db.session.commit()
    return amount


@dataclass(frozen=True)
class RecoveryInput:
    """A payment to workers: date, amount and payer, and its split keyed by case-worker id."""

    paid_on: date
    amount_yuan: Decimal
    payer: Payer
    payer_contractor_id: int | None
    note: str | None
    allocations: dict[int, Decimal]


@once_per_token(Recovery)
def record_recovery(case: Case, data: RecoveryInput, actor: User,
                    submission_token: str | None = None) -> Recovery:
    """Record money paid to the workers; nobody may receive more than is still owed to them."""
    lock_case(case)
    if data.paid_on < case.received_on:
        raise ServiceError("支付日期不能早于收到投诉的日期。", field="paid_on")
    current = balances(case)
    try:
        check_allocation(data.amount_yuan, data.allocations,
                         {k: b.outstanding for k, b in current.items()},
                         {cw.id: cw.worker.name for cw in case.workers})
    except MoneyRefused as error:
        raise ServiceError(str(error), field="allocations") from error
    payer_contractor = None
    if data.payer_contractor_id:
        payer_contractor = db.session.get(Contractor, data.payer_contractor_id)
        if payer_contractor is None or payer_contractor.office_id != case.office_id:
            raise ServiceError("未找到支付单位。", field="payer_contractor_id")
    recovery = Recovery(
        paid_on=data.paid_on, amount_yuan=data.amount_yuan, payer=data.payer,
        payer_contractor=payer_contractor, note=data.note, created_by_id=actor.id,
        submission_token=submission_token,
        allocations=[RecoveryAllocation(case_worker_id=k, amount_yuan=v)
                     for k, v in data.allocations.items() if v],
    )
    case.recoveries.append(recovery)
    refresh_deadlines(case)
    add_event(case, actor, "recovery", case.status, case.status,
              f"{data.payer.label}支付 {data.amount_yuan:,.2f} 元")
    db.session.flush()
    evaluate_employer(case.employer_id, today())
    audit.record("recovery.create", object_type="recovery", object_id=recovery.id, actor=actor,
                 changes=audit.changes_between({}, {"case": case.number,
                                                    "amount_yuan": data.amount_yuan,
                                                    "payer": str(data.payer)}))
    db.session.commit()
    return recovery
