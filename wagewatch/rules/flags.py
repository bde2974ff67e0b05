"""Who is flagged: blacklist candidates (S-45 art. 5) and police-referral candidates (S-310,
S-100, Criminal Law art. 276-1), judged at the pay-by day of a served order and across the
offender's cases not yet dealt with (S-JI art. 3 累计), each with every condition's reason."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from datetime import date
from decimal import Decimal

from wagewatch.rules.arrears import (
    ZERO, CaseFacts, Lapse, OrderFacts, Payment, WorkerClaim, lapse_of, payments_text,
    why_not_lapsed,
)
from wagewatch.rules.periods import period_end
from wagewatch.rules.reasons import Decision, Reason
from wagewatch.rules.thresholds import CrimeThreshold, WorkerArrears, threshold_reason
from wagewatch.rules.working_days import Deadline, WorkingDayCalendar, add_working_days

__all__ = ["CaseFacts", "OrderFacts", "Payment", "WorkerClaim", "blacklist_candidate",
           "referral_candidate", "offender_decisions", "blacklist_decision_deadline", "lapsed_on"]

BLACKLIST_DECISION_WORKING_DAYS = 20      # S-45: decide within 20 working days
BLACKLIST_COMPLEX_EXTRA_WORKING_DAYS = 20  # S-45: +20 for complex cases, approved
#: Criminal Law art. 87 (1): a crime punishable by less than 5 years is prosecuted within
#: 5 years; older lapses are not added to the offender's other cases.
CUMULATION_LIMITATION_YEARS = 5


def _lapses(cases: Sequence[CaseFacts], as_of: date) -> list[Lapse]:
    return [lapse for case in cases if (lapse := lapse_of(case, as_of)) is not None]


def _merged_arrears(lapses: Sequence[Lapse]) -> list[WorkerArrears]:
    """Each worker once across the lapsed cases, with the yuan unpaid at each case's pay-by day
    summed and the longest months owed (S-JI art. 3: workers and amounts counted cumulatively)."""
    merged: dict[str, WorkerArrears] = {}
    for lapse in lapses:
        for claim, arrears in zip(lapse.case.workers, lapse.arrears, strict=True):
            key = claim.key or claim.name
            known = merged.get(key)
            merged[key] = arrears if known is None else WorkerArrears(
                known.name, max(known.months_owed, arrears.months_owed),
                known.unpaid_yuan + arrears.unpaid_yuan)
    return list(merged.values())


def _not_lapsed(cases: Sequence[CaseFacts], as_of: date) -> Reason:
    text = "；".join(f"{c.case_number}：{why_not_lapsed(c, as_of)}" if len(cases) > 1
                    else why_not_lapsed(c, as_of) for c in cases)
    return Reason("payment_order_unpaid", "S-45 art. 5; S-JI art. 4", False, text, {})


def _lapsed(lapses: Sequence[Lapse]) -> Reason:
    text = "；".join(lapse.text() for lapse in lapses)
    return Reason("payment_order_unpaid", "S-45 art. 5; S-423 art. 26", True,
                  text + "，逾期未支付", {"orders": [lapse.as_facts() for lapse in lapses]})


def _cumulation(lapses: Sequence[Lapse]) -> Reason:
    numbers = [lapse.case.case_number for lapse in lapses]
    return Reason("cumulation", "S-JI art. 3", True,
                  f"同一用人单位未经处理的{len(numbers)}起案件累计计算：" + "、".join(numbers),
                  {"case_numbers": numbers})


def _later_payments(lapses: Sequence[Lapse], as_of: date) -> tuple[Payment, ...]:
    if len(lapses) == 1:
        return lapses[0].later_payments(as_of)
    return tuple(chain.from_iterable(lapse.later_payments(as_of) for lapse in lapses))


def _unpaid_now(lapses: Sequence[Lapse], as_of: date) -> Decimal:
    return sum((lapse.case.unpaid_at_end_of(as_of) for lapse in lapses), ZERO)


class _Judged:
    """Cases judged together on ``as_of``, with what both rules state of them worked out once
    (the merged arrears, the threshold reason, the order's reason, the cumulation, the later
    payments): the two rules then give the same reasons as when each works them out alone."""

    def __init__(self, cases: Sequence[CaseFacts], as_of: date,
                 lapses: Sequence[Lapse] | None = None) -> None:
        self.cases = cases
        self.as_of = as_of
        self.lapses = _lapses(cases, as_of) if lapses is None else lapses
        self.considered: Sequence[CaseFacts] = [lapse.case for lapse in self.lapses] \
            if self.lapses else cases
        # Each worked out on first use (both rules ask for most of them; an offender is judged
        # some twenty thousand times in a run, so no closures or hashing of keys per question).
        self._arrears: list[WorkerArrears] | None = None
        self._amount: tuple[CrimeThreshold, Reason] | None = None
        self._order: Reason | None = None
        self._cumulation: tuple[Reason | None] | None = None
        self._later: tuple[Payment, ...] | None = None
        self._unpaid_now: Decimal | None = None

    def arrears(self) -> list[WorkerArrears]:
        """Each worker's arrears: at the lapsed orders' pay-by days, merged across the cases
        (S-JI art. 3); without a lapse, at the end of ``as_of``."""
        if self._arrears is None:
            self._arrears = _merged_arrears(self.lapses) if self.lapses else \
                [a for c in self.cases for a in c.arrears_at(self.as_of)]
        return self._arrears

    def amount(self, threshold: CrimeThreshold) -> Reason:
        if self._amount is None or self._amount[0] is not threshold:
            self._amount = (threshold, threshold_reason(self.arrears(), threshold))
        return self._amount[1]

    def order(self) -> Reason:
        if self._order is None:
            self._order = _lapsed(self.lapses) if self.lapses \
                else _not_lapsed(self.cases, self.as_of)
        return self._order

    def cumulation(self) -> Reason | None:
        if self._cumulation is None:
            self._cumulation = (_cumulation(self.lapses) if len(self.lapses) > 1 else None,)
        return self._cumulation[0]

    def later(self) -> tuple[Payment, ...]:
        if self._later is None:
            self._later = _later_payments(self.lapses, self.as_of)
        return self._later

    def unpaid_now(self) -> Decimal:
        if self._unpaid_now is None:
            self._unpaid_now = _unpaid_now(self.lapses, self.as_of)
        return self._unpaid_now

    def case_numbers(self) -> tuple[str, ...]:
        return tuple(c.case_number for c in self.considered)


def _paid_after_for_listing(judged: _Judged) -> Reason | None:
    """A payment after the pay-by day is a fact beside the flag, not its end: only the employer's
    own full payment with a written credit commitment before the decision allows not listing
    (S-45 art. 7)."""
    later = judged.later()
    if not later:
        return None
    remaining = judged.unpaid_now()
    by_employer = all(p.payer == "employer" for p in later)
    if remaining == 0 and by_employer:
        text = (f"支付期限届满后用人单位已全额支付（{payments_text(later)}），列入条件不因此消除；"
                "作出列入决定前用人单位纠正并作出书面信用承诺的，可以不予列入")
    else:
        text = (f"支付期限届满后已支付{payments_text(later)}，现仍欠{remaining:,.2f}元，"
                "列入条件不因此消除")
        if not by_employer:
            text += "；总包先行清偿、建设单位或应急周转金垫付不属于用人单位纠正"
    return Reason("paid_after_deadline", "S-45 art. 7", True, text, {
        "paid_after_yuan": str(sum((p.amount_yuan for p in later), ZERO)),
        "unpaid_now_yuan": str(remaining), "employer_paid_in_full": remaining == 0 and by_employer})


def _paid_after_for_police(judged: _Judged) -> Reason | None:
    """Payment after the pay-by day does not undo the offence; paid before prosecution with the
    compensation due, it is a ground to mitigate or exempt (Criminal Law art. 276-1 para. 3)."""
    later = judged.later()
    if not later:
        return None
    remaining = judged.unpaid_now()
    state = "已全额支付" if remaining == 0 else f"现仍欠{remaining:,.2f}元"
    return Reason("paid_after_deadline", "Criminal Law art. 276-1 para. 3", True,
                  f"支付期限届满后已支付{payments_text(later)}，{state}；不影响犯罪构成，"
                  "在提起公诉前支付劳动报酬并依法承担相应赔偿责任的，可以减轻或者免除处罚",
                  {"paid_after_yuan": str(sum((p.amount_yuan for p in later), ZERO)),
                   "unpaid_now_yuan": str(remaining)})


def later_payment_mitigation(cases: Sequence[CaseFacts], as_of: date) -> Reason | None:
    """What was paid (yuan) after the pay-by day of the cases' lapsed orders, up to the end of
    ``as_of``, as the ground to mitigate or exempt of Criminal Law art. 276-1 para. 3 that the
    police are shown; None when nothing was paid after a lapse."""
    return _paid_after_for_police(_Judged(cases, as_of))


def blacklist_candidate(cases: Sequence[CaseFacts], threshold: CrimeThreshold, as_of: date,
                        lapses: Sequence[Lapse] | None = None) -> Decision:
    """S-45 art. 5: the employer owed wages when a served payment order's pay-by day ended, the
    amount was 数额较大 (counted across ``cases``, S-JI art. 3) or a group or extreme incident
    with serious impact occurred: it *shall* be listed. Later payments are shown, not counted.
    ``lapses``: the cases' lapses when the caller has them (``_lapses(cases, as_of)``)."""
    return _blacklist(_Judged(cases, as_of, lapses), threshold)


def _blacklist(judged: _Judged, threshold: CrimeThreshold) -> Decision:
    arrears, considered = judged.arrears(), judged.considered
    when = "支付期限届满时" if judged.lapses else "目前"
    unpaid = sum((w.unpaid_yuan for w in arrears), ZERO)
    owed = len([w for w in arrears if w.unpaid_yuan > 0])
    owes = Reason("owes_wages", "S-45 art. 5", unpaid > 0,
                  f"{when}尚欠{owed}名工人工资{unpaid:,.2f}元" if unpaid > 0 else "已无欠付工资",
                  {"unpaid_yuan": str(unpaid)})
    amount = judged.amount(threshold)
    group = next((c.case_number for c in considered if c.group_incident), None)
    extreme = next((c.case_number for c in considered if c.extreme_incident), None)
    incident = Reason(
        "incident", "S-45 art. 5 (2)", bool(group or extreme),
        f"因拖欠工资引发群体性事件（{group}）" if group else
        f"因拖欠工资引发极端事件（{extreme}）" if extreme else "未记录群体性或极端事件", {})
    serious = Reason("serious", "S-45 art. 5", amount.met or incident.met,
                     "数额较大或造成严重不良社会影响" if amount.met or incident.met
                     else "既未达到数额较大，也未记录群体性或极端事件", {})
    order = judged.order()
    extra = [r for r in (judged.cumulation(), _paid_after_for_listing(judged)) if r is not None]
    flagged = owes.met and serious.met and order.met
    return Decision("blacklist_s45", flagged, (owes, amount, incident, serious, order, *extra),
                    judged.case_numbers())


def evasion_reason(cases: Sequence[CaseFacts]) -> Reason:
    """Evading payment (S-JI art. 2; S-100) or having the ability to pay (art. 276-1), in any of
    the cases counted together."""
    named = len(cases) > 1
    evasions: list[str] = []
    for case in cases:
        for flag, label in ((case.property_transferred, "转移、隐匿财产"),
                            (case.employer_absconded, "逃跑、藏匿"),
                            (case.records_destroyed, "隐匿、销毁或篡改工资支付记录"),
                            (case.no_show_after_notice, "经有效方式通知后不到场或拒不支付（视为逃匿）")):
            if flag:
                evasions.append(f"{label}（{case.case_number}）" if named else label)
    if evasions:
        return Reason("evasion", "S-JI art. 2; S-100", True,
                      "以" + "、".join(evasions) + "等方法逃避支付", {"evasion": evasions})
    able = [c.case_number for c in cases if c.ability_to_pay]
    if able:
        return Reason("evasion", "Criminal Law art. 276-1", True,
                      "有能力支付而不支付" + (f"（{'、'.join(able)}）" if named else ""), {})
    return Reason("evasion", "S-JI art. 2; Criminal Law art. 276-1", False,
                  "未记录逃避支付的行为或支付能力", {})


def referral_candidate(cases: Sequence[CaseFacts], threshold: CrimeThreshold, as_of: date,
                       lapses: Sequence[Lapse] | None = None) -> Decision:
    """To refer to the police (S-310; S-100): 数额较大 at the pay-by day of a served order
    (counted across ``cases``, S-JI art. 3), that order ignored, and evasion or ability to pay
    recorded (Criminal Law art. 276-1). Later payments are shown to the police (para. 3)."""
    return _referral(_Judged(cases, as_of, lapses), threshold)


def _referral(judged: _Judged, threshold: CrimeThreshold) -> Decision:
    reasons = (judged.amount(threshold), judged.order(), evasion_reason(judged.considered))
    extra = [r for r in (judged.cumulation(), _paid_after_for_police(judged)) if r is not None]
    return Decision("police_referral", all(r.met for r in reasons), (*reasons, *extra),
                    judged.case_numbers())


def within_limitation(lapse: Lapse, as_of: date) -> bool:
    """A lapse counts with the offender's other cases while its pay-by date is within the
    5-year limitation (Criminal Law art. 87 (1)), counted by the Civil Code (arts. 200-202)."""
    return as_of <= period_end(lapse.judged_on, years=CUMULATION_LIMITATION_YEARS)


RULES = {"blacklist_s45": blacklist_candidate, "police_referral": referral_candidate}
_JUDGED = {"blacklist_s45": _blacklist, "police_referral": _referral}


def offender_decisions(cases: Sequence[CaseFacts], threshold: CrimeThreshold,
                       as_of: date) -> dict[str, dict[str, Decision]]:
    """Every rule's decision for each case of one offender (an employer; an individual by ID
    number): the cases whose served orders lapsed unpaid, not yet dealt with by a referral or
    listing (未经处理) and within the limitation, are judged together and each carries that
    decision naming them all (S-JI art. 3); every other case is judged on its own."""
    lapsed = [lapse_of(c, as_of) for c in cases]  # once per case, shared by both rules
    joined = [lapse for c, lapse in zip(cases, lapsed, strict=True) if c.handled is None
              and lapse is not None and within_limitation(lapse, as_of)]
    together = [lapse.case for lapse in joined]
    judged = _Judged(together, as_of, joined)
    joint = {rule: decide(judged, threshold) for rule, decide in _JUDGED.items()} \
        if together else {}
    result: dict[str, dict[str, Decision]] = {}
    for case, lapse in zip(cases, lapsed, strict=True):
        if any(case is member for member in together):
            result[case.case_number] = joint
        else:
            alone = _Judged([case], as_of, [lapse] if lapse is not None else [])
            result[case.case_number] = {rule: decide(alone, threshold)
                                        for rule, decide in _JUDGED.items()}
            if case.listing_decided:
                result[case.case_number]["blacklist_s45"] = _already_decided(
                    case, result[case.case_number]["blacklist_s45"])
    return result


def _already_decided(case: CaseFacts, decision: Decision) -> Decision:
    """A case a listing or not-listing decision has dealt with is no longer a candidate
    (S-45 arts. 5, 7); its reasons stay for the record."""
    handled = Reason("not_yet_decided", "S-45 art. 5", False,
                     f"{case.listing_decided}，不再作为列入候选", {})
    return Decision(decision.rule, False, (handled, *decision.reasons), decision.case_numbers)


def lapsed_on(decision: Decision, case_number: str) -> date | None:
    """The pay-by day at whose end the case's served order lapsed unpaid, as the decision states
    it (the listing decision is due 20 working days after it, S-45); None when the decision rests
    on no lapse of that case (not flagged for want of one)."""
    for reason in decision.reasons:
        if reason.condition == "payment_order_unpaid" and reason.met:
            days = [order["pay_by_on"] for order in reason.facts.get("orders", ())
                    if order.get("case_number") == case_number]
            return date.fromisoformat(min(days)) if days else None
    return None


def blacklist_decision_deadline(pay_by_on: date, complex_case: bool,
                                calendar: WorkingDayCalendar) -> Deadline:
    """The listing decision is due 20 working days after the pay-by date, 40 for a complex case
    with recorded approval (S-45)."""
    days = BLACKLIST_DECISION_WORKING_DAYS + (
        BLACKLIST_COMPLEX_EXTRA_WORKING_DAYS if complex_case else 0)
    return add_working_days(pay_by_on, days, calendar)
