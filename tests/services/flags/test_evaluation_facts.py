"""The flag rules' facts with each worker's payments summed in SQL by payer and judgement day:
what the rules read of them, and every decision, equal those from every payment loaded."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from wagewatch.demo import seed
from wagewatch.extensions import db
from wagewatch.models import Case, Payer, PaymentOrder
from wagewatch.rules.arrears import CaseFacts, payments_text
from wagewatch.rules.flags import offender_decisions
from wagewatch.rules.thresholds import DEFAULT_REGION, KNOWN_THRESHOLDS
from wagewatch.services.cases import payments
from wagewatch.services.flags.evaluation_facts import EVALUATED_STATUSES, LoadedCase, load_case_facts

from tests import factories
from tests.services.flags.test_evaluation import ignored_order_case

THRESHOLD = next(t for t in KNOWN_THRESHOLDS if t.region == DEFAULT_REGION)


def _judgement_days(facts: CaseFacts, as_of: date) -> list[date]:
    return sorted({o.pay_by_on for o in facts.orders if o.pay_by_on and o.pay_by_on < as_of}
                  | {as_of})


def _as_the_rules_read_it(loaded: list[LoadedCase], as_of: date) -> dict[str, object]:
    """Per case: every fact but the payments, and per worker the yuan unpaid at the end of each
    day the rules judge at and the later payments by payer (in yuan, in the order shown)."""
    seen: dict[str, object] = {}
    for item in loaded:
        days = _judgement_days(item.facts, as_of)
        seen[item.facts.case_number] = (
            item.offender, replace(item.facts, workers=()),
            [(w.name, w.months_owed, w.owed_yuan, w.key,
              [w.unpaid_at_end_of(day) for day in days],
              [(payments_text(later := w.payments_between(day, as_of)),
                sum((p.amount_yuan for p in later), Decimal("0"))) for day in days])
             for w in item.facts.workers])
    return seen


def _decisions(loaded: list[LoadedCase], as_of: date) -> dict[str, dict[str, object]]:
    groups: dict[tuple[object, ...], list[CaseFacts]] = defaultdict(list)
    for item in loaded:
        groups[item.offender].append(item.facts)
    return {number: {rule: decision.as_dict() for rule, decision in by_rule.items()}
            for cases in groups.values()
            for number, by_rule in offender_decisions(cases, THRESHOLD, as_of).items()}


def assert_same_as_every_payment(case_ids: list[int], as_of: date) -> list[LoadedCase]:
    every = load_case_facts(case_ids)
    summed = load_case_facts(case_ids, as_of)
    assert _as_the_rules_read_it(summed, as_of) == _as_the_rules_read_it(every, as_of)
    assert _decisions(summed, as_of) == _decisions(every, as_of)
    return summed


def _pay(case: Case, on: date, payer: Payer, split: dict[int, str]) -> None:
    amounts = {cw_id: Decimal(yuan) for cw_id, yuan in split.items()}
    payments.record_recovery(case, payments.RecoveryInput(
        on, sum(amounts.values(), Decimal("0")), payer, None, None, amounts), case.handler)


def test_partial_later_and_mixed_payments_over_two_orders_read_as_every_payment(app):
    case = ignored_order_case(employer_absconded=True)  # 2 workers of 12,000 yuan, pay-by 9 Oct
    first = case.workers[0]
    db.session.add(PaymentOrder(  # a second order served 14 October, to pay by 20 October
        case_id=case.id, document_number="徐开人社限字〔2026〕第900号", issued_on=date(2026, 10, 13),
        amount_yuan=Decimal("9000.00"), pay_within_working_days=3, pay_by_on=date(2026, 10, 20),
        served_on=date(2026, 10, 14)))
    db.session.commit()
    _pay(case, date(2026, 10, 5), Payer.EMPLOYER, {first.id: "2000.00"})           # partial, before
    _pay(case, date(2026, 10, 9), Payer.OWNER, {first.id: "1000.00"})              # on the pay-by day
    _pay(case, date(2026, 10, 12), Payer.EMPLOYER, {first.id: "500.00"})           # after it
    _pay(case, date(2026, 10, 15), Payer.GENERAL_CONTRACTOR, {first.id: "300.00"})
    _pay(case, date(2026, 10, 16), Payer.EMPLOYER, {first.id: "200.00"})
    _pay(case, date(2026, 10, 20), Payer.EMPLOYER, {first.id: "0.50"})            # second pay-by day
    _pay(case, date(2026, 10, 25), Payer.EMERGENCY_FUND, {first.id: "100.00"})
    # the second worker is never paid
    for as_of in (date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 21), date(2026, 10, 22),
                  date(2026, 12, 1)):
        summed = assert_same_as_every_payment([case.id], as_of)
    paid = [p.amount_yuan for p in summed[0].facts.workers[0].payments]
    # 1 December: before-or-on 9 October by payer, 10-20 October by payer, then the fund
    assert paid == [Decimal("2000.00"), Decimal("1000.00"), Decimal("700.50"), Decimal("300.00"),
                    Decimal("100.00")]
    assert summed[0].facts.workers[1].payments == ()


@pytest.mark.committing
def test_demo_cases_read_as_every_payment_on_several_days(app):
    seed(300, 11, factories.default_office())
    ids = list(db.session.scalars(db.select(Case.id).where(Case.status.in_(EVALUATED_STATUSES))
                                  .order_by(Case.id)))
    assert len(ids) > 150
    orders = db.session.scalar(db.select(db.func.count()).select_from(PaymentOrder)
                               .where(PaymentOrder.served_on.is_not(None)))
    assert orders > 30
    assert any(len(w.payments) > 1 for item in load_case_facts(ids) for w in item.facts.workers)
    anchor = date(2026, 11, 27)
    for as_of in (anchor - timedelta(days=200), anchor - timedelta(days=30), anchor,
                  anchor + timedelta(days=400)):
        summed = assert_same_as_every_payment(ids, as_of)
    flagged = [d for by_rule in _decisions(summed, anchor).values() for d in by_rule.values()
               if d["flagged"]]
    assert flagged  # the comparison covered flagged decisions with their reasons


def test_an_individuals_records_are_one_offender_in_each_office_and_not_across_offices(app):
    from tests.web.cases.factories import valid_id_number
    from wagewatch.services.flags.evaluation_facts import offender_contractor_ids

    id_number = valid_id_number(region="320311", born="19700101", seq="555")
    other_office = factories.make_office(code="XZTS", name="铜山区劳动保障监察大队")
    here = [factories.make_contractor(name=name, kind="individual", id_number=id_number)
            for name in ("王包工", "王包工（班组）")]
    there = factories.make_contractor(name="王包工", kind="individual", id_number=id_number,
                                      office=other_office)
    company = factories.make_contractor(name="徐州恒达建设工程有限公司")
    keys = offender_contractor_ids([here[0].id, there.id, company.id])
    assert keys[here[0].id] == keys[here[1].id] == ("person", here[0].office_id, id_number)
    assert keys[there.id] == ("person", other_office.id, id_number)
    assert keys[company.id] == ("contractor", company.id)
