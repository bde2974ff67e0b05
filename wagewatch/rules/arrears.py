"""Arrears judged at a deadline: what a worker was owed at the end of a day, and whether a served
payment order lapsed unpaid (S-45 art. 5; Criminal Law art. 276-1; S-JI arts. 3-4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from wagewatch.rules.thresholds import WorkerArrears

ZERO = Decimal("0")

#: Who paid a recovery (S-724 arts. 29, 30, 36, 63); the models' Payer reads its labels here.
PAYER_LABELS = {
    "employer": "用人单位", "general_contractor": "施工总承包单位先行清偿",
    "owner": "建设单位垫付", "emergency_fund": "应急周转金垫付",
}


@dataclass(frozen=True)
class Payment:
    """Money paid to one worker through the case: the day, yuan, and who paid (PAYER_LABELS)."""

    paid_on: date
    amount_yuan: Decimal
    payer: str


@dataclass(frozen=True)
class WorkerClaim:
    """One worker's claim in a case: months and yuan owed, and every payment with its date.

    ``payments`` may also be sums by payer between the days the rules judge at (the case's
    pay-by days and the day of judgement), each dated on its latest payment, as `rules run`
    loads them: the flag rules compare payment dates only with those days.
    ``key`` identifies the person across an offender's cases (the worker's record), so one
    worker in two cases is counted once (S-JI art. 3 counts workers, not claims)."""

    name: str
    months_owed: Decimal
    owed_yuan: Decimal
    payments: tuple[Payment, ...] = ()
    key: str | None = None

    def unpaid_at_end_of(self, day: date) -> Decimal:
        """Yuan still unpaid at the end of ``day``: payments made on or before it count."""
        if not self.payments:  # most workers: nothing paid, nothing to add up
            return max(self.owed_yuan - ZERO, ZERO)
        paid = sum((p.amount_yuan for p in self.payments if p.paid_on <= day), ZERO)
        return max(self.owed_yuan - paid, ZERO)

    def payments_between(self, after: date, until: date) -> tuple[Payment, ...]:
        """Payments made after the end of ``after`` and at the latest on ``until``."""
        if not self.payments:
            return ()
        return tuple(p for p in self.payments if after < p.paid_on <= until)


@dataclass(frozen=True)
class OrderFacts:
    """A payment order as the rules see it; ``served_on`` and ``pay_by_on`` are None until it is
    served (the pay-by date counts from service)."""

    document_number: str
    issued_on: date
    pay_by_on: date | None
    served_on: date | None


def order_state(order: OrderFacts, as_of: date) -> str:
    """Where an order's time limit stands on ``as_of``: "unserved" (未送达: the limit runs from
    service), "served_late" (served after its pay-by date: it cannot lapse), "running" (pay-by
    day not yet over), or "passed" (the pay-by day has ended with the order served in time)."""
    if order.served_on is None or order.pay_by_on is None:
        return "unserved"
    if order.served_on > order.pay_by_on:
        return "served_late"
    return "passed" if as_of > order.pay_by_on else "running"


def service_note(served_on: date | None, pay_by_on: date | None) -> str | None:
    """What an order's service means for its time limit, shown beside the order (S-JI art. 4):
    None when it was served by its pay-by date."""
    if served_on is None or pay_by_on is None:
        return "未送达：支付期限不起算，不构成逾期不支付"
    if served_on > pay_by_on:
        return f"送达晚于支付期限{pay_by_on}：不构成逾期不支付"
    return None


def extra_compensation_refusal(served_on: date | None, pay_by_on: date | None,
                               ordered_on: date) -> str | None:
    """Why extra compensation (S-423 art. 26) cannot be ordered on ``ordered_on`` for an order
    served on ``served_on`` with pay-by date ``pay_by_on``; None when it can. Only an order that
    was served by its pay-by date, and whose pay-by date has passed, was ignored (逾期不支付)."""
    if served_on is None or pay_by_on is None:
        return "该指令书尚未送达，支付期限尚未起算，不能责令加付赔偿金。"
    if served_on > pay_by_on:
        return f"该指令书{service_note(served_on, pay_by_on)}，不能责令加付赔偿金。"
    if ordered_on <= pay_by_on:
        return "只有在限期支付期限届满后仍未支付，才能责令加付赔偿金。"
    return None


def order_text(order: OrderFacts, as_of: date) -> str:
    """How an order stands, in Chinese, for the flag pages."""
    state = order_state(order, as_of)
    if state == "unserved":
        return f"{order.document_number}未送达，支付期限不起算，不构成逾期不支付"
    if state == "served_late":
        return (f"{order.document_number}于{order.served_on}送达，晚于支付期限{order.pay_by_on}，"
                f"不构成逾期不支付")
    if state == "running":
        return f"{order.document_number}的支付期限{order.pay_by_on}尚未届满"
    return f"{order.document_number}责令于{order.pay_by_on}前支付，期限届满时已付清"


@dataclass(frozen=True)
class CaseFacts:
    """What the rules know of one case (amounts in yuan). ``referred`` and ``listing_decided`` say,
    in Chinese, which police referral or listing decision has already dealt with it (None: not)."""

    case_number: str
    workers: tuple[WorkerClaim, ...]
    orders: tuple[OrderFacts, ...]
    group_incident: bool = False
    extreme_incident: bool = False
    employer_absconded: bool = False
    property_transferred: bool = False
    records_destroyed: bool = False
    no_show_after_notice: bool = False
    ability_to_pay: bool = False
    referred: str | None = None
    listing_decided: str | None = None

    def __post_init__(self) -> None:
        # What was unpaid at a day's end, by day (facts are frozen, so it never changes): the
        # rules ask each case about the same few days (its pay-by days, the day of judgement)
        # many times over. Set here, not by cached_property, whose first read takes a lock.
        object.__setattr__(self, "_unpaid_memo", {})
        object.__setattr__(self, "_paid_any", any(w.payments for w in self.workers))

    @property
    def handled(self) -> str | None:
        """Dealt with by a referral or a listing decision (not 未经处理, S-JI art. 3)."""
        return self.listing_decided or self.referred

    def unpaid_at_end_of(self, day: date) -> Decimal:
        """Yuan still unpaid to all the case's workers at the end of ``day``."""
        return self._unpaid(day)[1]

    def arrears_at(self, day: date) -> tuple[WorkerArrears, ...]:
        """Each worker's arrears at the end of ``day`` (months owed, yuan still unpaid), in the
        order of ``workers``."""
        return tuple(WorkerArrears(w.name, w.months_owed, unpaid)
                     for w, unpaid in zip(self.workers, self._unpaid(day)[0], strict=True))

    def _unpaid(self, day: date) -> tuple[tuple[Decimal, ...], Decimal]:
        # Once per day asked, and once for every day when nothing was paid.
        memo: dict[date | None, tuple[tuple[Decimal, ...], Decimal]] = \
            self._unpaid_memo  # type: ignore[attr-defined]
        key = day if self._paid_any else None  # type: ignore[attr-defined]
        found = memo.get(key)
        if found is None:
            each = tuple(w.unpaid_at_end_of(day) for w in self.workers)
            found = memo[key] = (each, sum(each, ZERO))
        return found


@dataclass(frozen=True)
class Lapse:
    """A served order whose pay-by day ended with wages unpaid: the moment the flags are judged."""

    case: CaseFacts
    order: OrderFacts

    @property
    def judged_on(self) -> date:
        assert self.order.pay_by_on is not None  # a lapsed order was served: its pay-by date is set
        return self.order.pay_by_on

    @property
    def arrears(self) -> tuple[WorkerArrears, ...]:
        """Each worker's arrears at the end of the pay-by day."""
        return self.case.arrears_at(self.judged_on)

    @property
    def unpaid_yuan(self) -> Decimal:
        return self.case.unpaid_at_end_of(self.judged_on)

    def later_payments(self, as_of: date) -> tuple[Payment, ...]:
        """Payments after the pay-by day up to ``as_of``: facts shown beside the flag."""
        return tuple(p for w in self.case.workers if w.payments
                     for p in w.payments_between(self.judged_on, as_of))

    def text(self) -> str:
        return (f"{self.case.case_number}：{self.order.document_number}于{self.order.served_on}送达，"
                f"责令于{self.order.pay_by_on}前支付，期限届满时仍欠{self.unpaid_yuan:,.2f}元")

    def as_facts(self) -> dict[str, str]:
        return {"case_number": self.case.case_number,
                "document_number": self.order.document_number,
                "served_on": self.order.served_on.isoformat() if self.order.served_on else "",
                "pay_by_on": self.judged_on.isoformat(),
                "unpaid_yuan": str(self.unpaid_yuan)}


def lapse_of(case: CaseFacts, as_of: date) -> Lapse | None:
    """The case's first served order whose pay-by day ended before ``as_of`` with wages unpaid
    (S-45 art. 5; Criminal Law art. 276-1: non-payment after a government order). A payment
    after that day does not undo it; an order never served, or served after its pay-by date,
    cannot lapse (S-JI art. 4: the time limit runs from service)."""
    # An unserved order has no pay-by date yet (its clock starts on service): it sorts last.
    for order in sorted(case.orders, key=lambda o: (o.pay_by_on or date.max, o.issued_on,
                                                    o.document_number)):
        if (order.pay_by_on is not None and order_state(order, as_of) == "passed"
                and case.unpaid_at_end_of(order.pay_by_on) > 0):
            return Lapse(case, order)
    return None


def why_not_lapsed(case: CaseFacts, as_of: date) -> str:
    """Why no order of the case has lapsed, naming every order's state (未送达, 未届满...)."""
    if not case.orders:
        return "尚未责令限期支付"
    return "；".join(order_text(o, as_of) for o in sorted(
        case.orders, key=lambda o: (o.issued_on, o.document_number)))


def payments_text(payments: tuple[Payment, ...]) -> str:
    """Payments summed by payer, e.g. "用人单位3,000.00元、应急周转金垫付1,000.00元"."""
    totals: dict[str, Decimal] = {}
    for payment in payments:
        totals[payment.payer] = totals.get(payment.payer, ZERO) + payment.amount_yuan
    return "、".join(f"{PAYER_LABELS.get(payer, payer)}{amount:,.2f}元"
                    for payer, amount in totals.items())


def employer_correction(workers: tuple[WorkerClaim, ...] | list[WorkerClaim],
                        by: date) -> tuple[Decimal, date | None]:
    """What the employer itself still owed at the end of ``by`` (advances by the general
    contractor, the owner or the emergency fund are not its correction), and the day its own
    payments completed every claim (None while any is unpaid). Not listing needs the employer's
    full payment before the decision (S-45 art. 7)."""
    remaining = ZERO
    completed: date | None = None
    for worker in workers:
        paid, done_on = ZERO, None
        for payment in sorted(worker.payments, key=lambda p: p.paid_on):
            if payment.payer == "employer" and payment.paid_on <= by:
                paid += payment.amount_yuan
                if done_on is None and paid >= worker.owed_yuan:
                    done_on = payment.paid_on
        if paid < worker.owed_yuan:
            remaining += worker.owed_yuan - paid
        elif done_on is not None and (completed is None or done_on > completed):
            completed = done_on
    return remaining, completed if remaining == 0 else None
