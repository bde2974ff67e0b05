"""The clerk's queue: each kind of due work appears with its next step, in legal-deadline order,
and leaves the queue once the step is done."""

from datetime import date

import pytest

from wagewatch.models import Role
from wagewatch.rules.case_flow import investigation_deadline
from wagewatch.rules.working_days import WorkingDayCalendar
from wagewatch.services.blacklist import procedure
from wagewatch.services.cases import case_steps
from wagewatch.services.work_queue import clerk_queue

from tests.factories import issue_served_order, make_office, make_user
from tests.statements import sent_statements
from tests.web.blacklist.factories import NOTICE, candidate_case, make_listed_employer
from tests.web.cases.factories import make_employer, register
from tests.web.referrals.factories import make_referral

CALENDAR = WorkingDayCalendar()
TODAY = date(2026, 11, 27)  # a Friday


@pytest.fixture
def clerk(app):
    return make_user(role=Role.CLERK, username="clerk-queue", display_name="李监察")


def queue_of(clerk, **options):
    return clerk_queue(clerk.office_id, clerk.id, TODAY, CALENDAR, **options)


def kinds(queue) -> list[tuple[str, str]]:
    return [(row.item.kind, row.item.subject) for row in queue.items]


def test_complaints_to_accept_are_ordered_by_their_acceptance_limit(app, clerk):
    later = register(clerk=clerk, received_on=date(2026, 11, 26))    # due 3 December
    overdue = register(clerk=clerk, received_on=date(2026, 11, 2))   # due 9 November
    soon = register(clerk=clerk, received_on=date(2026, 11, 23))     # due 30 November
    queue = queue_of(clerk)
    assert kinds(queue) == [("acceptance", overdue.number), ("acceptance", soon.number),
                            ("acceptance", later.number)]
    first, second, third = queue.items
    assert (first.text, first.level, first.step_label) == ("已逾期 14 个工作日", "danger", "受理并立案")
    assert (second.text, second.level) == ("剩 1 个工作日", "warning")
    assert third.text == "剩 4 个工作日" and third.level == "secondary"
    assert queue.counts == {"acceptance": 3}


def test_an_accepted_complaint_leaves_the_queue(app, clerk):
    case = register(clerk=clerk, received_on=date(2026, 11, 23))
    case_steps.accept(case, date(2026, 11, 24), clerk)
    assert queue_of(clerk).items == []


def test_an_investigation_near_its_limit_asks_for_the_extension_then_for_closing(app, clerk):
    case = register(clerk=clerk, received_on=date(2026, 8, 28))
    case_steps.accept(case, date(2026, 8, 31), clerk)
    due = investigation_deadline(date(2026, 8, 31), False, CALENDAR).due_on
    [row] = queue_of(clerk).items
    assert (row.item.kind, row.item.due_on, row.item.step) == ("investigation", due, "extend")
    case_steps.extend_investigation(case, "王局长", date(2026, 11, 26), "案情复杂", clerk)
    assert queue_of(clerk).items == []  # 30 more working days: no longer near


def test_a_lapsed_unpaid_order_asks_for_extra_compensation(app, clerk):
    case = register(clerk=clerk, received_on=date(2026, 11, 2))
    case_steps.accept(case, date(2026, 11, 3), clerk)
    issue_served_order(case, issued_on=date(2026, 11, 16), pay_within=3, actor=clerk)
    rows = [r for r in queue_of(clerk).items if r.item.kind == "pay_by"]
    assert [(r.item.due_on, r.item.step, r.text) for r in rows] == [
        (date(2026, 11, 19), "extra_compensation", "已逾期 6 个工作日")]
    assert rows[0].item.ids["order_id"] == case.payment_orders[0].id


def test_lapsed_orders_come_by_pay_by_date_and_their_count_stops_at_the_cap(app, clerk, monkeypatch):
    """The cases are read a few at a time by their stored next due date; the earliest pay-by
    dates still come first, and past the cap the count says "2+"."""
    from wagewatch.services.work_queue import case_kinds, reading

    monkeypatch.setattr(case_kinds, "LAPSED_BATCH", 1)
    monkeypatch.setattr(reading, "COUNT_CAP", 2)
    orders = []
    for issued in (date(2026, 11, 16), date(2026, 11, 5), date(2026, 11, 10)):
        case = register(clerk=clerk, received_on=date(2026, 11, 2))
        case_steps.accept(case, date(2026, 11, 3), clerk)
        issue_served_order(case, issued_on=issued, pay_within=3, actor=clerk)
        orders.append(case.payment_orders[0])
    queue = queue_of(clerk, limit=2)
    assert [(r.item.kind, r.item.ids["order_id"]) for r in queue.items] == [
        ("pay_by", orders[1].id), ("pay_by", orders[2].id)]
    assert queue.counts["pay_by"] == 2 and queue.count_text("pay_by") == "2+" and queue.capped
    everything = queue_of(clerk)
    assert [r.item.due_on for r in everything.items if r.item.kind == "pay_by"] == sorted(
        o.pay_by_on for o in orders)


def test_blacklist_candidates_objections_and_decisions_are_due_by_s45(app, clerk):
    case = candidate_case(actor=clerk)              # pay-by 13 March 2025, decision due 11 April
    [row] = [r for r in queue_of(clerk).items if r.item.kind == "candidate"]
    assert (row.item.subject, row.item.step, row.item.due_on) == (
        case.employer.name, "start_proceeding", date(2025, 4, 11))
    proceeding = procedure.start_proceeding(case.employer, clerk, date(2025, 3, 14))
    queue = queue_of(clerk)
    assert "candidate" not in queue.counts
    [decision] = [r for r in queue.items if r.item.kind == "decision"]
    assert (decision.item.step, decision.item.due_on) == ("serve_notice", date(2025, 4, 11))
    procedure.serve_notice(proceeding, NOTICE, clerk, proceeding.version)
    procedure.record_objection(proceeding, date(2025, 3, 19), "已与工人协商", clerk, proceeding.version)
    queue = queue_of(clerk)
    assert [(r.item.kind, r.item.step) for r in queue.items if r.item.subject == case.employer.name] == [
        ("objection", "answer_objection"), ("decision", "decide_listing")]
    objection = next(r for r in queue.items if r.item.kind == "objection")
    assert objection.item.due_on == date(2025, 3, 26)  # 5 working days after receipt


def test_a_referral_step_of_the_office_counts_calendar_days(app, clerk):
    referral = make_referral(clerk=clerk)         # reported 2 November 10:00: approval by 5 November
    [row] = [r for r in queue_of(clerk).items if r.item.kind == "referral"]
    assert (row.item.due_on, row.item.step, row.text) == (
        date(2026, 11, 5), "referral_approval", "已逾期 22 日")
    assert row.step_label == "负责人审批" and row.item.ids == {"referral_id": referral.id}


def test_the_queue_mixes_kinds_by_deadline_and_narrows_to_my_cases(app, clerk):
    other = make_user(role=Role.CLERK, username="clerk-other")
    mine = register(clerk=clerk, received_on=date(2026, 11, 23))            # due 30 November
    theirs = register(clerk=other, received_on=date(2026, 11, 2),
                      employer=make_employer(name="徐州另一家建设有限公司"))   # due 9 November
    make_referral(clerk=clerk)                                               # due 5 November
    order = [(r.item.kind, r.item.due_on) for r in queue_of(clerk).items]
    assert order == sorted(order, key=lambda pair: pair[1])
    assert order.index(("referral", date(2026, 11, 5))) < order.index(("acceptance", date(2026, 11, 9)))
    subjects = [r.item.subject for r in queue_of(clerk, mine_only=True).items]
    assert mine.number in subjects and theirs.number not in subjects
    assert {r.item.subject: r.item.mine for r in queue_of(clerk).items}[theirs.number] is False


def test_the_queue_is_limited_and_still_counts_everything(app, clerk):
    for day in range(2, 8):
        register(clerk=clerk, received_on=date(2026, 11, day))
    queue = queue_of(clerk, limit=4)
    assert len(queue.items) == 4 and queue.total == 6


def test_another_offices_work_is_not_in_the_queue(app, clerk):
    office = make_office(code="QS", name="泉山区劳动保障监察大队")
    stranger = make_user(role=Role.CLERK, username="clerk-qs", office=office)
    register(clerk=stranger, received_on=date(2026, 11, 23),
             employer=make_employer(office=office))
    candidate_case(employer=make_listed_employer(name="泉山某建设有限公司", office=office))
    assert queue_of(clerk).items == []


def test_counts_stop_at_the_cap(app, clerk, monkeypatch):
    from wagewatch.services.work_queue import reading

    monkeypatch.setattr(reading, "COUNT_CAP", 5)
    for day in range(2, 9):
        register(clerk=clerk, received_on=date(2026, 11, day))
    queue = queue_of(clerk, limit=3)
    assert queue.counts == {"acceptance": 5} and queue.capped and len(queue.items) == 3


def _counts_sent(sent: list[str]) -> int:
    return sum(1 for statement in sent if statement.lstrip().upper().startswith("SELECT COUNT("))


def test_a_count_past_the_cap_is_not_counted_again_for_a_minute(app, clerk, monkeypatch):
    """A busy office's home says "2+" again without counting again; once fewer complaints than a
    page are left, the count is exact at once; after CAPPED_SECONDS it is counted again."""
    from wagewatch.services import capped_counts
    from wagewatch.services.work_queue import reading

    monkeypatch.setattr(reading, "COUNT_CAP", 2)
    cases = [register(clerk=clerk, received_on=date(2026, 11, day)) for day in (23, 24, 25, 26)]
    with sent_statements() as first:
        assert queue_of(clerk, limit=2).count_text("acceptance") == "2+"
    with sent_statements() as again:
        queue = queue_of(clerk, limit=2)
    assert queue.count_text("acceptance") == "2+" and queue.capped
    assert [r.item.kind for r in queue.items] == ["acceptance", "acceptance"]
    assert _counts_sent(first) == 1 and _counts_sent(again) == 0
    assert queue_of(clerk, limit=2, mine_only=True).count_text("acceptance") == "2+"  # counted apart
    for case in cases[:3]:
        case_steps.accept(case, date(2026, 11, 26), clerk)
    queue = queue_of(clerk, limit=2)
    assert queue.count_text("acceptance") == "1" and not queue.capped
    register(clerk=clerk, received_on=date(2026, 11, 26))
    register(clerk=clerk, received_on=date(2026, 11, 26))
    assert queue_of(clerk, limit=2).count_text("acceptance") == "2+"
    monkeypatch.setattr(capped_counts, "CAPPED_SECONDS", 0)
    with sent_statements() as later:
        assert queue_of(clerk, limit=2).count_text("acceptance") == "2+"
    assert _counts_sent(later) == 1


def test_a_capped_count_of_one_office_is_not_taken_for_another(app, clerk, monkeypatch):
    from wagewatch.services.work_queue import reading

    monkeypatch.setattr(reading, "COUNT_CAP", 2)
    for day in (23, 24, 25):
        register(clerk=clerk, received_on=date(2026, 11, day))
    assert queue_of(clerk, limit=2).count_text("acceptance") == "2+"
    office = make_office(code="QS", name="泉山区劳动保障监察大队")
    stranger = make_user(role=Role.CLERK, username="clerk-qs", office=office)
    for day in (23, 24):
        register(clerk=stranger, received_on=date(2026, 11, day),
                 employer=make_employer(office=office))
    assert queue_of(stranger, limit=2).count_text("acceptance") == "2"


def test_investigations_of_both_statuses_are_counted_together_up_to_the_cap(app, clerk, monkeypatch):
    """The count reads each status only up to one past the cap of the two together: 3 near their
    limit (1 investigating, 2 ordered to pay) read "2+" at a cap of 2 and "3" at a cap of 3."""
    from wagewatch.services.work_queue import reading

    for ordered in (False, True, True):
        case = register(clerk=clerk, received_on=date(2026, 8, 28))
        case_steps.accept(case, date(2026, 8, 31), clerk)
        if ordered:
            issue_served_order(case, issued_on=date(2026, 11, 24), pay_within=3, actor=clerk)
    monkeypatch.setattr(reading, "COUNT_CAP", 2)
    queue = queue_of(clerk)
    assert queue.count_text("investigation") == "2+" and "investigation" in queue.capped_kinds
    monkeypatch.setattr(reading, "COUNT_CAP", 3)
    queue = queue_of(clerk)
    assert queue.count_text("investigation") == "3" and not queue.capped_kinds
    assert len([r for r in queue.items if r.item.kind == "investigation"]) == 3
