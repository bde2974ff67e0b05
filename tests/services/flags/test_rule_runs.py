"""`rules run` judges only what changed: use cases mark their employer dirty in their own
transaction, a passing pay-by day is caught without any edit, and incremental runs after a
series of edits store exactly the decisions a full run would."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from wagewatch.extensions import db
from wagewatch.models import Payer, RuleDecision, RuleDirtyEmployer
from wagewatch.services.cases import registration, payments
from wagewatch.services.flags.evaluation import current_flags, run_all

from tests.factories import issue_served_order
from tests.services.flags.test_evaluation import ignored_order_case
from tests.web.blacklist.factories import make_listed_employer
from tests.web.referrals.factories import flagged_case, make_referral


def marks() -> list[int]:
    """The employer of every stored mark, one entry per mark."""
    return list(db.session.scalars(select(RuleDirtyEmployer.contractor_id)))


def marked() -> set[int]:
    return set(marks())


def forget_marks() -> None:
    db.session.execute(delete(RuleDirtyEmployer))
    db.session.commit()


def decisions() -> dict[tuple[int | None, str], tuple[bool, str]]:
    return {(d.case_id, d.rule): (d.flagged, d.summary) for d in db.session.scalars(
        select(RuleDecision).where(RuleDecision.superseded_at.is_(None)))}


def pay(case, day: date, yuan: str, payer: Payer = Payer.EMPLOYER) -> None:
    worker = case.workers[0]
    payments.record_recovery(case, payments.RecoveryInput(
        day, Decimal(yuan), payer, None, None, {worker.id: Decimal(yuan)}), case.handler)


USE_CASES = {
    "confirming a worker's amount": lambda case: registration.confirm_worker_amount(
        case.workers[0], Decimal("9000.00"), Decimal("3"), case.handler),
    "issuing a payment order": lambda case: payments.issue_payment_order(
        case, payments.OrderInput(date(2026, 10, 20), 5), case.handler),
    "recording an order's service": lambda case: issue_served_order(
        case, issued_on=date(2026, 10, 20), pay_within=5),
    "recording a recovery": lambda case: pay(case, date(2026, 10, 15), "500.00"),
    "reporting to the police": lambda case: make_referral(case=case),
    "registering another case": lambda case: ignored_order_case(),
}


@pytest.mark.parametrize("use_case", USE_CASES)
def test_each_use_case_that_changes_a_case_marks_its_employer_in_its_transaction(app, use_case):
    case = flagged_case()
    forget_marks()
    USE_CASES[use_case](case)
    db.session.rollback()  # only what the use case committed counts
    assert case.employer_id in marked()


def test_a_use_case_that_flushes_many_times_marks_its_employer_once(app):
    case = flagged_case()
    forget_marks()
    issue_served_order(case, issued_on=date(2026, 10, 20), pay_within=5)  # two use cases
    assert marks() == [case.employer_id] * 2


def test_a_savepoint_rolled_back_takes_its_marks_and_the_next_change_marks_again(app):
    case = flagged_case()
    forget_marks()
    with db.session.begin_nested() as savepoint:
        case.workers[0].confirmed_yuan = Decimal("1.00")
        db.session.flush()
        assert marks() == [case.employer_id]
        savepoint.rollback()
    assert marks() == []
    case.workers[1].confirmed_yuan = Decimal("2.00")
    db.session.commit()
    assert marks() == [case.employer_id]


def test_a_run_consumes_the_marks_and_a_rolled_back_edit_leaves_none(app):
    case = ignored_order_case()
    run_all(date(2026, 10, 12))
    assert marked() == set()
    case.workers[0].confirmed_yuan = Decimal("1.00")
    db.session.flush()
    db.session.rollback()
    assert marked() == set()


def test_a_pay_by_day_passing_raises_the_flag_with_no_edit(app):
    case = ignored_order_case(employer_absconded=True)   # pay-by day 9 October
    other = flagged_case(employer=make_listed_employer(name="徐州无关建设有限公司"))
    run_all(date(2026, 10, 5), everything=True)
    assert current_flags(case_id=case.id) == [] and current_flags(case_id=other.id) == []
    report = run_all(date(2026, 10, 12))                  # nothing marked: only the day passed
    assert report.raised == 4 and report.employers == 2
    assert {f.rule for f in current_flags(case_id=case.id)} == {"blacklist_s45", "police_referral"}
    assert run_all(date(2026, 10, 12)).judged == 0        # the same day again: nothing to judge


def test_an_employer_with_nothing_changed_is_not_judged(app):
    case = ignored_order_case()
    other = ignored_order_case(employer=make_listed_employer(name="徐州无关建设有限公司"))
    run_all(date(2026, 10, 12), everything=True)
    pay(case, date(2026, 10, 13), "100.00")
    report = run_all(date(2026, 10, 12))
    assert report.employers == 1 and report.judged == 1 and other.employer_id != case.employer_id


def _edits():
    """Each step: an edit through the use cases (or none) and the day the run judges on."""
    def second_case(state):
        state["second"] = ignored_order_case(employer=state["a"].employer)
    return [
        (None, date(2026, 10, 5)),
        (None, date(2026, 10, 12)),                       # the pay-by day passed
        (lambda s: pay(s["a"], date(2026, 10, 13), "3000.00"), date(2026, 10, 14)),
        (lambda s: pay(s["b"], date(2026, 10, 8), "12000.00", Payer.OWNER), date(2026, 10, 14)),
        (second_case, date(2026, 10, 20)),                # cumulation across the employer's cases
        (lambda s: registration.confirm_worker_amount(s["second"].workers[1], Decimal("4000.00"),
                                               Decimal("2"), s["second"].handler),
         date(2026, 10, 20)),
        (lambda s: make_referral(case=s["c"]), date(2026, 10, 21)),
        (None, date(2026, 10, 8)),                        # judged on an earlier day again
        (lambda s: pay(s["second"], date(2026, 10, 25), "12000.00"), date(2031, 10, 13)),
    ]


def test_incremental_runs_after_a_series_of_edits_store_what_a_full_run_would(app):
    state = {"a": ignored_order_case(employer_absconded=True),
             "b": ignored_order_case(employer=make_listed_employer(name="徐州乙建设有限公司")),
             "c": flagged_case(employer=make_listed_employer(name="徐州丙建设有限公司"))}
    run_all(date(2026, 10, 1))
    for step, (edit, day) in enumerate(_edits()):
        if edit is not None:
            edit(state)
        run_all(day)
        incremental = decisions()
        full = run_all(day, everything=True)
        assert (step, full.changed) == (step, 0)
        assert decisions() == incremental
