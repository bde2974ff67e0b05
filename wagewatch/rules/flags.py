"""Who is flagged: blacklist candidates (S-45 art. 5) and police-referral candidates (S-310,
S-100, Criminal Law art. 276-1), each decided per case with every condition's reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from wagewatch.rules.reasons import Decision, Reason
from wagewatch.rules.thresholds import CrimeThreshold, WorkerArrears, threshold_reason
from wagewatch.rules.working_days import Deadline, WorkingDayCalendar, add_working_days

BLACKLIST_DECISION_WORKING_DAYS = 20      # S-45: decide within 20 working days
BLACKLIST_COMPLEX_EXTRA_WORKING_DAYS = 20  # S-45: +20 for complex cases, approved


@dataclass(frozen=True)
class OrderFacts:
    """A payment order as the rules see it."""

    document_number: str
    issued_on: date
    pay_by_on: date


@dataclass(frozen=True)
class CaseFacts:
    """What the rules know of one case on a given day (amounts in yuan)."""

    case_number: str
    workers: tuple[WorkerArrears, ...]
    orders: tuple[OrderFacts, ...]
    group_incident: bool = False
    extreme_incident: bool = False
    employer_absconded: bool = False
    property_transferred: bool = False
    records_destroyed: bool = False
    no_show_after_notice: bool = False
    ability_to_pay: bool = False

    @property
    def unpaid_yuan(self) -> Decimal:
        return sum((w.unpaid_yuan for w in self.workers), Decimal("0"))


def _owes(case: CaseFacts) -> Reason:
    unpaid = case.unpaid_yuan
    return Reason("owes_wages", "S-45 art. 5", unpaid > 0,
                  f"尚欠{len([w for w in case.workers if w.unpaid_yuan > 0])}名工人工资{unpaid:,.2f}元"
                  if unpaid > 0 else "已无欠付工资", {"unpaid_yuan": str(unpaid)})


def _order_ignored(case: CaseFacts, as_of: date) -> Reason:
    """A payment order was issued and its pay-by date has passed with wages still unpaid."""
    if not case.orders:
        return Reason("payment_order_unpaid", "S-45 art. 5", False, "尚未责令限期支付", {})
    latest = max(case.orders, key=lambda o: (o.issued_on, o.document_number))
    passed = as_of > latest.pay_by_on
    unpaid = case.unpaid_yuan > 0
    facts = {"document_number": latest.document_number, "pay_by_on": latest.pay_by_on.isoformat()}
    if passed and unpaid:
        text = f"{latest.document_number}责令于{latest.pay_by_on}前支付，逾期仍未支付"
    elif not passed:
        text = f"{latest.document_number}的支付期限{latest.pay_by_on}尚未届满"
    else:
        text = f"{latest.document_number}责令的工资已付清"
    return Reason("payment_order_unpaid", "S-45 art. 5; S-423 art. 26", passed and unpaid, text, facts)


def blacklist_candidate(case: CaseFacts, threshold: CrimeThreshold, as_of: date) -> Decision:
    """S-45 art. 5: the employer owes wages, the amount is 数额较大 or a group or extreme incident
    with serious impact occurred, and a payment order's deadline passed unpaid: it *shall* be listed."""
    amount = threshold_reason(case.workers, threshold)
    incident = Reason(
        "incident", "S-45 art. 5 (2)", case.group_incident or case.extreme_incident,
        "因拖欠工资引发群体性事件" if case.group_incident else
        "因拖欠工资引发极端事件" if case.extreme_incident else "未记录群体性或极端事件", {})
    serious = Reason("serious", "S-45 art. 5", amount.met or incident.met,
                     "数额较大或造成严重不良社会影响" if amount.met or incident.met
                     else "既未达到数额较大，也未记录群体性或极端事件", {})
    reasons = (_owes(case), amount, incident, serious, _order_ignored(case, as_of))
    flagged = reasons[0].met and serious.met and reasons[4].met
    return Decision("blacklist_s45", flagged, reasons, (case.case_number,))


def evasion_reason(case: CaseFacts) -> Reason:
    """Evading payment (S-JI art. 2; S-100) or having the ability to pay (art. 276-1)."""
    evasions = [label for flag, label in (
        (case.property_transferred, "转移、隐匿财产"), (case.employer_absconded, "逃跑、藏匿"),
        (case.records_destroyed, "隐匿、销毁或篡改工资支付记录"),
        (case.no_show_after_notice, "经有效方式通知后不到场或拒不支付（视为逃匿）"))
        if flag]
    if evasions:
        return Reason("evasion", "S-JI art. 2; S-100", True,
                      "以" + "、".join(evasions) + "等方法逃避支付", {"evasion": evasions})
    if case.ability_to_pay:
        return Reason("evasion", "Criminal Law art. 276-1", True, "有能力支付而不支付", {})
    return Reason("evasion", "S-JI art. 2; Criminal Law art. 276-1", False,
                  "未记录逃避支付的行为或支付能力", {})


def referral_candidate(case: CaseFacts, threshold: CrimeThreshold, as_of: date) -> Decision:
    """A case to refer to the police (S-310; S-100): 数额较大, a payment order ignored after its
    pay-by date, and evasion or ability to pay recorded (Criminal Law art. 276-1)."""
    reasons = (threshold_reason(case.workers, threshold), _order_ignored(case, as_of),
               evasion_reason(case))
    return Decision("police_referral", all(r.met for r in reasons), reasons, (case.case_number,))


def blacklist_decision_deadline(pay_by_on: date, complex_case: bool,
                                calendar: WorkingDayCalendar) -> Deadline:
    """The listing decision is due 20 working days after the pay-by date, 40 for a complex case
    with recorded approval (S-45)."""
    days = BLACKLIST_DECISION_WORKING_DAYS + (
        BLACKLIST_COMPLEX_EXTRA_WORKING_DAYS if complex_case else 0)
    return add_working_days(pay_by_on, days, calendar)
