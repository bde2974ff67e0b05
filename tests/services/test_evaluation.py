"""Flags stored with their reasons: raised by use cases and by `rules run`, kept as history."""

from datetime import date
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.models import Office, Payer, Role, RuleDecision, ServiceMethod
from wagewatch.services import case_steps, cases, payments
from wagewatch.services.evaluation import current_flags, run_all

from tests.cases.factories import register


def ignored_order_case(**facts):
    case = register(received_on=date(2026, 9, 21), workers=2, **facts)
    clerk = case.handler
    case_steps.accept(case, date(2026, 9, 22), clerk)
    for cw in case.workers:
        cases.confirm_worker_amount(cw, Decimal("12000.00"), Decimal("4"), clerk)
    payments.issue_payment_order(case, payments.OrderInput(
        "限字15号", date(2026, 9, 29), 3, ServiceMethod.IN_PERSON, date(2026, 9, 29), None), clerk)
    return case


def test_the_use_case_that_changes_a_case_re_evaluates_its_employer(app):
    case = ignored_order_case(employer_absconded=True)
    # The order's pay-by date (9 October) is long past today: flagged in the same transaction.
    assert {f.rule for f in current_flags(case_id=case.id)} == {"blacklist_s45", "police_referral"}


def test_rules_run_flags_a_case_once_the_pay_by_date_passed(app, runner):
    case = ignored_order_case(employer_absconded=True)
    before = runner.invoke(args=["rules", "run", "--as-of", "2026-10-09"])  # the pay-by day
    assert "解除标记 2 项" in before.output and current_flags(case_id=case.id) == []
    result = runner.invoke(args=["rules", "run", "--as-of", "2026-10-12"])
    assert result.exit_code == 0 and "新增标记 2 项" in result.output
    flags = {f.rule: f for f in current_flags(case_id=case.id)}
    assert set(flags) == {"blacklist_s45", "police_referral"}
    assert "张伟被拖欠4个月工资共12,000.00元" in flags["blacklist_s45"].summary
    assert "逃避支付" in flags["police_referral"].summary
    assert flags["blacklist_s45"].reasons["case_numbers"] == [case.number]
    again = runner.invoke(args=["rules", "run", "--as-of", "2026-10-12"])
    assert "变更记录 0 条" in again.output  # nothing changed, nothing written


def test_a_payment_clears_the_flags_and_history_answers_for_the_earlier_day(app):
    case = ignored_order_case()
    assert [f.rule for f in current_flags(case_id=case.id)] == ["blacklist_s45"]
    payments.record_recovery(case, payments.RecoveryInput(
        date(2026, 10, 13), Decimal("24000.00"), Payer.EMPLOYER, None, None,
        {cw.id: Decimal("12000.00") for cw in case.workers}), case.handler)
    assert current_flags(case_id=case.id) == []
    rows = db.session.scalars(db.select(RuleDecision).where(RuleDecision.case_id == case.id)
                              .order_by(RuleDecision.id)).all()
    assert [(r.flagged, r.superseded_at is None) for r in rows] == [(True, False), (False, True)]
    from wagewatch.models import utcnow
    from wagewatch.rules.clock import CHINA_TZ

    today = utcnow().astimezone(CHINA_TZ).date()
    assert current_flags(case_id=case.id, on=today) == []


def test_a_region_with_a_higher_threshold_does_not_flag(app):
    office = db.session.scalar(db.select(Office))
    office.region = "guangdong_1"  # 20,000 yuan for one worker
    db.session.commit()
    case = ignored_order_case()
    run_all(date(2026, 10, 12))
    assert current_flags(case_id=case.id) == []


def test_the_case_and_contractor_pages_show_the_flags_with_reasons(app, client, login_as):
    case = ignored_order_case(employer_absconded=True)
    login_as(Role.LEADER, username="leader-flags")
    from tests.factories import text_of

    page = text_of(client.get(f"/cases/{case.id}"))
    assert "黑名单）候选" in page and "移送公安机关候选" in page
    assert "✔ 以逃跑、藏匿等方法逃避支付 〔S-JI art. 2; S-100〕" in page
    contractor_page = text_of(client.get(f"/contractors/{case.employer_id}"))
    assert "黑名单）候选" in contractor_page and case.number in contractor_page


def test_a_rerun_writes_nothing_when_rows_come_back_in_another_physical_order(app, runner):
    case = ignored_order_case(employer_absconded=True)
    runner.invoke(args=["rules", "run", "--as-of", "2026-10-12"])
    # An UPDATE rewrites the row at the end of PostgreSQL's heap, so a SELECT without ORDER BY
    # may return 张伟 after 王芳: the reasons (worst worker, list order) must not depend on that.
    first = case.workers[0]
    db.session.execute(db.update(type(first)).where(type(first).id == first.id)
                       .values(months_owed=first.months_owed))
    worker = first.worker
    db.session.execute(db.update(type(worker)).where(type(worker).id == worker.id)
                       .values(name=worker.name))
    db.session.commit()
    again = runner.invoke(args=["rules", "run", "--as-of", "2026-10-12"])
    assert "变更记录 0 条" in again.output, again.output
