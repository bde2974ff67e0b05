"""Flags stored with their reasons: raised by use cases and by `rules run`, kept as history."""

from datetime import date
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.models import Office, Payer, Role, RuleDecision
from wagewatch.services.cases import case_steps, registration, payments
from wagewatch.services.flags.evaluation import current_flags, run_all

from tests.factories import issue_served_order
from tests.web.cases.factories import register


def ignored_order_case(**facts):
    case = register(received_on=date(2026, 9, 21), workers=2, **facts)
    clerk = case.handler
    case_steps.accept(case, date(2026, 9, 22), clerk)
    for cw in case.workers:
        registration.confirm_worker_amount(cw, Decimal("12000.00"), Decimal("4"), clerk)
    issue_served_order(case, issued_on=date(2026, 9, 29), pay_within=3, actor=clerk)
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


def test_a_payment_after_the_pay_by_day_is_shown_beside_the_flag_and_does_not_clear_it(app):
    case = ignored_order_case()
    assert [f.rule for f in current_flags(case_id=case.id)] == ["blacklist_s45"]
    # One yuan the day after the pay-by day (9 October) used to clear the flag.
    payments.record_recovery(case, payments.RecoveryInput(
        date(2026, 10, 10), Decimal("1.00"), Payer.OWNER, None, None,
        {case.workers[0].id: Decimal("1.00")}), case.handler)
    payments.record_recovery(case, payments.RecoveryInput(
        date(2026, 10, 13), Decimal("23999.00"), Payer.EMPLOYER, None, None,
        {case.workers[0].id: Decimal("11999.00"), case.workers[1].id: Decimal("12000.00")}),
        case.handler)
    flag = current_flags(case_id=case.id)[0]
    assert flag.rule == "blacklist_s45" and "支付期限届满时尚欠2名工人工资24,000.00元" in flag.summary
    later = next(r for r in flag.reasons["reasons"] if r["condition"] == "paid_after_deadline")
    assert later["text"].startswith("支付期限届满后已支付建设单位垫付1.00元、用人单位23,999.00元，现仍欠0.00元")
    rows = db.session.scalars(db.select(RuleDecision).where(RuleDecision.case_id == case.id)
                              .order_by(RuleDecision.id)).all()
    assert [r.flagged for r in rows] == [True, True, True]  # the reasons changed, not the outcome


def test_a_payment_on_the_pay_by_day_counts(app):
    case = ignored_order_case()
    payments.record_recovery(case, payments.RecoveryInput(
        date(2026, 10, 9), Decimal("24000.00"), Payer.GENERAL_CONTRACTOR, None, None,
        {cw.id: Decimal("12000.00") for cw in case.workers}), case.handler)
    assert current_flags(case_id=case.id) == []


def test_an_order_not_yet_served_raises_no_flag(app, client, login_as):
    case = register(received_on=date(2026, 9, 21), workers=2, employer_absconded=True)
    case_steps.accept(case, date(2026, 9, 22), case.handler)
    for cw in case.workers:
        registration.confirm_worker_amount(cw, Decimal("12000.00"), Decimal("4"), case.handler)
    payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 3), case.handler)
    run_all(date(2026, 12, 1))
    assert current_flags(case_id=case.id) == []  # the pay-by date runs from service
    login_as(Role.LEADER, username="leader-late")
    from tests.factories import text_of

    page = text_of(client.get(f"/cases/{case.id}"))
    assert "未送达" in page and "登记送达后起算支付期限" in page


def _crew_case(employer, first_seq: int, count: int, each: str, **facts):
    from tests.web.cases.factories import valid_id_number, worker_rows

    rows = [r.__class__(**{**r.__dict__, "name": f"工人{first_seq + i}",
                           "id_number": valid_id_number(seq=f"{first_seq + i:03d}"),
                           "claimed_yuan": Decimal(each), "months_owed": Decimal("1")})
            for i, r in enumerate(worker_rows(count))]
    template = register(received_on=date(2026, 9, 21), workers=1, employer=employer, **facts)
    from wagewatch.models import Township
    from wagewatch.services.cases.registration import CaseInput, register_case

    township = db.session.scalar(db.select(Township))
    case = register_case(template.handler, CaseInput(
        received_on=date(2026, 9, 21), channel=template.channel, township_id=township.id,
        employer_id=employer.id, project_id=None, sector=template.sector, summary="拖欠工资",
        facts=facts), rows)
    case_steps.accept(case, date(2026, 9, 22), case.handler)
    issue_served_order(case, issued_on=date(2026, 9, 29), pay_within=3)
    return case


def test_two_cases_of_6_and_5_workers_owed_66000_yuan_are_flagged_together(app):
    from tests.web.cases.factories import make_employer

    employer = make_employer(name="徐州累计欠薪建设有限公司")
    first = _crew_case(employer, 300, 6, "6000.00", employer_absconded=True)
    run_all(date(2026, 10, 12))
    assert current_flags(case_id=first.id) == []  # 6 workers, 36,000 yuan: not on its own
    second = _crew_case(employer, 400, 5, "6000.00")
    run_all(date(2026, 10, 12))
    for case in (first, second):
        flags = {f.rule: f for f in current_flags(case_id=case.id)}
        assert set(flags) == {"blacklist_s45", "police_referral"}
        assert flags["blacklist_s45"].reasons["case_numbers"] == [first.number, second.number]
        assert "拖欠11名工人工资共66,000.00元" in flags["police_referral"].summary
        assert f"累计计算：{first.number}、{second.number}" in flags["blacklist_s45"].summary


def test_a_group_decision_is_shown_once_on_the_contractor_pages(app, client, login_as):
    from tests.factories import text_of
    from tests.web.cases.factories import make_employer

    employer = make_employer(name="徐州累计欠薪建设有限公司")
    first = _crew_case(employer, 300, 6, "6000.00", employer_absconded=True)
    second = _crew_case(employer, 400, 5, "6000.00")
    run_all(date(2026, 10, 12))
    assert len(current_flags(contractor_id=employer.id)) == 4  # two rules stored on each case
    login_as(Role.LEADER, username="leader-group")
    html = client.get(f"/contractors/{employer.id}").get_data(as_text=True)
    assert html.count('data-rule="blacklist_s45"') == 1
    assert html.count('data-rule="police_referral"') == 1
    assert f"{first.number}、{second.number}" in text_of(client.get(f"/contractors/{employer.id}"))
    from tests.factories import login, make_user

    officer, police_client = make_user(role=Role.POLICE, username="police-group"), app.test_client()
    login(app, police_client, officer.username)
    police = text_of(police_client.get("/police/"))
    assert police.count("拖欠11名工人工资共66,000.00元") == 2  # once per rule, not once per case


def test_an_individual_employer_is_one_offender_across_its_records(app):
    from tests.factories import make_contractor
    from tests.web.cases.factories import valid_id_number

    id_number = valid_id_number(region="320311", born="19700101", seq="555")
    one = make_contractor(name="王包工", kind="individual", uscc=None, id_number=id_number)
    two = make_contractor(name="王包工（班组）", kind="individual", uscc=None, id_number=id_number)
    first = _crew_case(one, 500, 6, "6000.00")
    second = _crew_case(two, 600, 5, "6000.00", ability_to_pay=True)
    run_all(date(2026, 10, 12))
    assert {f.rule for f in current_flags(contractor_id=one.id)} == {"blacklist_s45",
                                                                   "police_referral"}
    assert current_flags(case_id=second.id)[0].reasons["case_numbers"] == [first.number,
                                                                           second.number]


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
    assert ("✔ 以逃跑、藏匿等方法逃避支付 〔《最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》"
            "第二条；《人力资源社会保障部 公安部关于加强涉嫌拒不支付劳动报酬犯罪案件查处衔接工作的通知》"
            "（人社部发〔2014〕100号）〕") in page
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


def test_a_flags_reasons_are_stored_as_readable_chinese_text(app, runner):
    """What a DBA or a backup shows of a decision's reasons: UTF-8 Chinese, not \\uXXXX escapes
    (six characters for each Chinese character, twice the bytes, and compressed on PostgreSQL)."""
    case = ignored_order_case(employer_absconded=True)
    assert runner.invoke(args=["rules", "run", "--as-of", "2026-10-12"]).exit_code == 0
    stored = db.session.scalars(db.select(db.cast(RuleDecision.reasons, db.Text)).where(
        RuleDecision.case_id == case.id, RuleDecision.superseded_at.is_(None))).all()
    assert len(stored) == 2
    for text in stored:
        assert case.number in text and "张伟被拖欠4个月工资" in text and "\\u" not in text
    flag = current_flags(case_id=case.id)[0]
    assert flag.reasons["case_numbers"] == [case.number]  # and it reads back as before


def test_a_rules_batch_plans_each_statement_for_its_values_on_postgresql(app, monkeypatch) -> None:
    """A run writes the decisions it reads: a generic plan cached while the table was empty
    scanned all of it for every later batch (minutes at a million cases)."""
    import pytest
    from sqlalchemy import text

    from wagewatch.services.flags import evaluation

    if db.engine.dialect.name != "postgresql":
        pytest.skip("plan caching and JIT are PostgreSQL's")
    ignored_order_case(employer_absconded=True)
    seen: list[tuple] = []
    real_apply = evaluation._apply

    def apply_and_look(*args, **kwargs):
        seen.append(tuple(db.session.execute(text(
            "SELECT current_setting('plan_cache_mode'), current_setting('jit')")).one()))
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(evaluation, "_apply", apply_and_look)
    run_all(date(2026, 10, 12), processes=1)
    assert seen and set(seen) == {("force_custom_plan", "off")}
