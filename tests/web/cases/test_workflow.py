"""Each workflow step through its own POST form: the status, the timeline and the audit row."""

from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Case, CaseStatus, Role
from wagewatch.services.cases import case_steps

from tests.factories import login, make_user, post, text_of
from tests.web.cases.factories import register


@pytest.fixture
def clerk(app, client, login_as):
    return login_as(Role.CLERK, username="clerk-cases")


def audited(action: str, case: Case) -> AuditEvent | None:
    return db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.object_id == str(case.id)))


def reload(case: Case) -> Case:
    db.session.expire_all()
    return db.session.get_one(Case, case.id)


def test_accept_files_the_case_and_starts_60_working_days(app, client, clerk):
    case = register(received_on=date(2026, 7, 31))
    response = post(app, client, f"/cases/{case.id}/accept", {"decided_on": "2026-08-03"})
    assert response.status_code == 302
    case = reload(case)
    assert case.status is CaseStatus.INVESTIGATING and case.accepted_on == date(2026, 8, 3)
    assert case.investigation_due_on == date(2026, 10, 30)
    assert audited("case.accept", case).changes["status"] == ["registered", "investigating"]
    assert "受理并立案" in text_of(client.get(f"/cases/{case.id}"))


def test_not_accepting_needs_a_reason_and_a_written_notice(app, client, clerk):
    case = register()
    response = post(app, client, f"/cases/{case.id}/not-accept",
                    {"reason": "time_barred", "note": "已超过时效", "notice_on": "2026-11-03"})
    assert "不能以“超过2年”为由不予受理：违法行为于2026-09-30终止（工人最后工作日）" in text_of(response)
    assert reload(case).status is CaseStatus.REGISTERED
    post(app, client, f"/cases/{case.id}/not-accept",
         {"reason": "outside_jurisdiction", "note": "用工地在铜山区，请向铜山区劳动保障监察大队投诉",
          "notice_on": "2026-11-03"})
    case = reload(case)
    assert case.status is CaseStatus.NOT_ACCEPTED and case.not_accepted_notice_on == date(2026, 11, 3)
    assert audited("case.not_accept", case)
    assert "不属于本机构管辖" in text_of(client.get(f"/cases/{case.id}"))


def test_a_step_the_status_does_not_allow_is_refused(app, client, clerk):
    case = register()
    response = post(app, client, f"/cases/{case.id}/resolve",
                    {"closed_on": "2026-11-05", "note": "已支付"})
    assert "不能执行" in text_of(response)
    assert reload(case).status is CaseStatus.REGISTERED


@pytest.mark.parametrize(("action", "status", "extra"), [
    ("resolve", CaseStatus.RESOLVED, {}),
    ("withdraw", CaseStatus.WITHDRAWN, {}),
    ("refer", CaseStatus.REFERRED, {"target": "other_department", "department": "区住建局"}),
])
def test_closing_steps(app, client, clerk, action, status, extra):
    case = register()
    case_steps.accept(case, date(2026, 11, 3), clerk)
    post(app, client, f"/cases/{case.id}/{action}",
         {"closed_on": "2026-11-20", "note": "说明", **extra})
    case = reload(case)
    assert case.status is status and case.closed_on == date(2026, 11, 20)
    assert audited(f"case.{action}", case)
    assert [e.kind for e in case.events][-2:] == [action, "document"]
    assert case.events[-1].note == "制作《劳动保障监察结案审批表》"


def test_referral_to_another_department_names_it(app, client, clerk):
    case = register()
    case_steps.accept(case, date(2026, 11, 3), clerk)
    response = post(app, client, f"/cases/{case.id}/refer",
                    {"closed_on": "2026-11-20", "note": "涉及工伤", "target": "other_department"})
    assert "请填写接收移送的部门" in text_of(response)


def test_the_generic_refer_form_offers_no_police_target(app, client, clerk):
    """A referral to the police goes through its own lifecycle (S-310): report, approval, file."""
    case = register()
    case_steps.accept(case, date(2026, 11, 3), clerk)
    page = client.get(f"/cases/{case.id}/refer").get_data(as_text=True)
    assert 'value="police"' not in page and "移送公安机关请在案件页点击“移送公安”" in page
    response = post(app, client, f"/cases/{case.id}/refer",
                    {"closed_on": "2026-11-20", "note": "涉嫌犯罪", "target": "police"})
    assert "不是有效的选择" in text_of(response)
    assert reload(case).status is CaseStatus.INVESTIGATING


def test_the_investigation_is_extended_once_with_approver_and_date(app, client, clerk):
    case = register(received_on=date(2026, 7, 31))
    case_steps.accept(case, date(2026, 8, 3), clerk)
    post(app, client, f"/cases/{case.id}/extend",
         {"approver": "王大队长", "approved_on": "2026-10-20", "reason": "涉及人数多"})
    case = reload(case)
    assert case.extension_approver == "王大队长"
    assert case.investigation_due_on == date(2026, 12, 11)  # 30 more working days
    response = post(app, client, f"/cases/{case.id}/extend",
                    {"approver": "王大队长", "approved_on": "2026-10-21", "reason": "再延"})
    assert "只能延长一次" in text_of(response)
    assert audited("case.extend", case)


def test_a_deadline_in_2027_is_shown_as_provisional(app, client, clerk):
    case = register(received_on=date(2026, 12, 1))
    case_steps.accept(case, date(2026, 12, 1), clerk)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "暂定：2027年的法定节假日安排尚未录入" in page
    assert reload(case).due_provisional


def test_a_partly_entered_year_stays_provisional_until_marked_complete(app, client, clerk):
    case = register(received_on=date(2026, 12, 28))
    assert reload(case).acceptance_due_on == date(2027, 1, 4) and reload(case).due_provisional
    admin = make_user(role=Role.ADMIN, username="admin-cal")
    admin_client = app.test_client()
    login(app, admin_client, admin.username)
    post(app, admin_client, "/admin/reference/calendar",
         {"day": "2027-01-01", "kind": "holiday", "note": "元旦"})
    case = reload(case)
    # 29, 30, 31 December, New Year's Day off, 4 and 5 January; one override does not make the
    # whole of 2027 known (Spring Festival is still missing), so the date stays provisional.
    assert case.acceptance_due_on == date(2027, 1, 5) and case.due_provisional
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "2027年仅录入了1天的节假日或调休安排" in page
    post(app, admin_client, "/admin/reference/calendar",
         {"day": "2027-01-04", "kind": "holiday", "note": "测试"})
    assert reload(case).acceptance_due_on == date(2027, 1, 6) and reload(case).due_provisional

    post(app, admin_client, "/admin/reference/calendar/years/complete",
         {"year": "2027", "notice_reference": "国办发明电〔2026〕5号"})
    case = reload(case)
    assert case.acceptance_due_on == date(2027, 1, 6) and not case.due_provisional
    assert "暂定" not in client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "calendar_year.complete"))

    post(app, admin_client, "/admin/reference/calendar/years/2027/reopen", {})
    assert reload(case).due_provisional
    assert "2027年仅录入了2天" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "calendar_year.reopen"))


def test_marking_an_empty_year_complete_needs_confirmation(app, clerk):
    case = register(received_on=date(2026, 12, 28))
    admin = make_user(role=Role.ADMIN, username="admin-cal")
    admin_client = app.test_client()
    login(app, admin_client, admin.username)
    response = post(app, admin_client, "/admin/reference/calendar/years/complete",
                    {"year": "2027", "notice_reference": "国办发明电〔2026〕5号"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "尚未录入任何节假日或调休上班日" in html
    assert "国办发明电〔2026〕5号" in html  # the typed reference is kept
    assert reload(case).due_provisional
    response = post(app, admin_client, "/admin/reference/calendar/years/complete",
                    {"year": "2026", "notice_reference": "国办发明电〔2025〕7号"})
    assert "始终视为完整" in response.get_data(as_text=True)
    response = post(app, admin_client, "/admin/reference/calendar/years/complete",
                    {"year": "2027", "notice_reference": " ", "confirm_empty": "y"})
    assert "请填写国务院办公厅放假安排通知的文号" in response.get_data(as_text=True)
    post(app, admin_client, "/admin/reference/calendar/years/complete",
         {"year": "2027", "notice_reference": "国办发明电〔2026〕5号", "confirm_empty": "y"})
    assert not reload(case).due_provisional


def test_stale_facts_are_refused_and_the_input_kept(app, client, clerk):
    case = register()
    version = case.version
    other = app.test_client()
    make_user(role=Role.CLERK, username="clerk-2")
    login(app, other, "clerk-2")
    post(app, other, f"/cases/{case.id}/facts", {"summary": "同事的修改", "version": version})
    response = post(app, client, f"/cases/{case.id}/facts",
                    {"summary": "我的修改", "version": version, "employer_absconded": "y"})
    assert "该记录已被他人修改" in text_of(response)
    assert "我的修改" in response.get_data(as_text=True)
    assert reload(case).summary == "同事的修改"


def test_facts_are_recorded_for_the_rules(app, client, clerk):
    case = register()
    post(app, client, f"/cases/{case.id}/facts", {
        "summary": "老板失联", "version": case.version, "employer_absconded": "y",
        "no_show_after_notice": "y", "violation_ended_on": "2026-10-31"})
    case = reload(case)
    assert case.employer_absconded and case.no_show_after_notice and not case.ability_to_pay
    assert audited("case.update", case).changes["employer_absconded"] == [False, True]


def test_the_dashboard_shows_my_cases_due_soon_and_overdue(app, client, clerk):
    from datetime import datetime

    from wagewatch.rules.clock import CHINA_TZ

    due_soon = register(received_on=date(2026, 11, 23))     # acceptance due 30 November
    overdue = register(received_on=date(2026, 11, 2))       # acceptance due 9 November
    later = register(received_on=date(2026, 11, 27))        # acceptance due 4 December
    app.config["CLOCK"] = lambda: datetime(2026, 11, 27, 10, 0, tzinfo=CHINA_TZ)
    try:
        page = client.get("/").get_data(as_text=True)
    finally:
        app.config.pop("CLOCK")
    assert 'id="open-count">3<' in page
    assert 'id="soon-count">1<' in page and 'id="overdue-count">1<' in page
    # The queue of due work lists every complaint to accept, the earliest limit first.
    assert page.index(overdue.number) < page.index(due_soon.number) < page.index(later.number)


def _ended(case: Case, work_to: date) -> Case:
    for cw in case.workers:
        cw.work_to = work_to
    db.session.commit()
    return case


@pytest.mark.parametrize(("work_to", "barred"), [
    (date(2024, 11, 2), False),   # received 2026-11-02: exactly 2 years
    (date(2024, 11, 1), True),    # 2 years and 1 day
])
def test_the_case_page_and_the_accept_step_apply_the_two_year_limitation(
        app, client, clerk, work_to, barred):
    case = _ended(register(received_on=date(2026, 11, 2)), work_to)
    page = text_of(client.get(f"/cases/{case.id}"))
    assert f"受理时效：违法行为于{work_to}终止（工人最后工作日），2年期间至" in page
    assert ("已超过2年，不再查处，应不予受理" in page) is barred
    assert f"违法行为于{work_to}终止" in text_of(client.get(f"/cases/{case.id}/accept"))
    response = post(app, client, f"/cases/{case.id}/accept", {"decided_on": "2026-11-03"})
    assert (reload(case).status is CaseStatus.REGISTERED) is barred
    if barred:
        text = text_of(response)
        assert "不能受理：违法行为于2024-11-01终止" in text and "请以“违法行为终止已超过2年”不予受理" in text
        assert 'value="2026-11-03"' in response.get_data(as_text=True)  # nothing typed is lost
        post(app, client, f"/cases/{case.id}/not-accept",
             {"reason": "time_barred", "note": "已书面告知", "notice_on": "2026-11-03"})
        assert reload(case).status is CaseStatus.NOT_ACCEPTED
