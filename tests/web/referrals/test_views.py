"""The clerks' referral pages: start from the case, one POST form per step, limits in red,
the checklist refusal, the overdue filter, office scoping and the dashboard."""

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, CaseStatus, ReferralStatus, Role
from wagewatch.services.referrals import referral_outcomes

from tests.factories import make_office, make_user, post_new, text_of
from tests.web.evidence.files import pdf, upload
from tests.web.referrals.factories import flagged_case, make_referral, reload, step_post


@pytest.fixture
def clerk(login_as):
    return login_as(Role.CLERK, username="clerk-ref")


def url(referral, step: str) -> str:
    return f"/referrals/{referral.id}/steps/{step}"


def test_a_flagged_case_page_offers_the_referral_and_its_form_keeps_the_input(app, client, clerk):
    case = flagged_case(clerk=clerk)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="start-referral"' in page and "移送其他部门" in page
    form = text_of(client.get(f"/referrals/cases/{case.id}/new"))
    assert "移送公安机关候选" in form and "✔ 以逃跑、藏匿等方法逃避支付" in form
    response = post_new(app, client, f"/referrals/cases/{case.id}/new",
                    {"reported_at": "2026-13-40T10:00", "report": "老板逃匿"})
    assert "不是有效的日期与时间值" in text_of(response)
    assert "老板逃匿" in response.get_data(as_text=True)
    response = post_new(app, client, f"/referrals/cases/{case.id}/new",
                    {"reported_at": "2026-11-02T10:00", "report": "老板逃匿，拖欠24,000元"})
    assert response.status_code == 302
    detail = text_of(client.get(response.headers["Location"]))
    assert "已报告待审批" in detail and "负责人审批" in detail
    assert "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第五条" in detail
    # Reported on 2 November: the head's decision was due by the end of 5 November.
    assert "已逾期：应于2026-11-05（当日24时前）完成" in detail
    assert "有步骤已超过法定时限" in detail


def test_an_unflagged_case_needs_the_justification_beside_the_field(app, client, clerk):
    from datetime import date

    from tests.web.cases.factories import register
    from wagewatch.services.cases import case_steps

    case = register(clerk=clerk)
    case_steps.accept(case, date(2026, 11, 3), clerk)
    assert "本案目前未被规则标记" in text_of(client.get(f"/referrals/cases/{case.id}/new"))
    response = post_new(app, client, f"/referrals/cases/{case.id}/new",
                    {"reported_at": "2026-11-20T10:00", "report": "我的报告"})
    html = response.get_data(as_text=True)
    assert 'data-field="justification"' in html and "请书面说明移送的理由" in html
    assert "我的报告" in html


def test_the_steps_are_posted_one_form_each_and_the_checklist_blocks_the_hand_over(app, client, clerk):
    referral = make_referral(case=flagged_case(clerk=clerk))
    response = step_post(app, client, url(referral, "approval"), "approval",
                         {"decision": "approve", "approver_name": "王局长",
                          "approved_at": "2026-11-04T09:00"}, referral.version)
    assert response.status_code == 302
    referral = reload(referral)
    assert referral.status is ReferralStatus.APPROVED
    response = step_post(app, client, url(referral, "hand_over"), "hand_over",
                         {"handed_over_at": "2026-11-04T16:00", "police_unit": "经开公安分局"},
                         referral.version)
    page = text_of(response)
    assert "卷宗材料不齐，不能移送" in page and "其他有关涉嫌犯罪的材料（工资支付记录、询问笔录等）：缺少文件" in page
    assert "移送书文号" not in page   # the system numbers the letter; nobody types it
    assert 'value="经开公安分局"' in response.get_data(as_text=True)   # the input is kept
    assert reload(referral).case.status is CaseStatus.PAYMENT_ORDERED
    # Each item links to the upload with the item chosen; the uploaded file shows under it.
    detail = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    item = next(d for d in referral.documents if d.kind.value == "other_evidence")
    assert f"link=referral_item:{item.id}" in detail.replace("%3A", ":")
    form = client.get(f"/cases/{referral.case_id}/attachments?link=referral_item:{item.id}")
    assert f'<option selected value="referral_item:{item.id}"' in form.get_data(as_text=True)
    upload(app, client, referral.case_id, pdf(2), "询问笔录.pdf", kind="interview_record",
           link=f"referral_item:{item.id}")
    step_post(app, client, url(referral, "checklist"), "checklist",
              {"note_item_list": "本案无涉案物品", "note_inspection_reports": "无需鉴定"},
              referral.version)
    referral = reload(referral)
    page = text_of(client.get(f"/referrals/{referral.id}"))
    assert "卷宗材料齐全" in page and "询问笔录.pdf" in page
    response = step_post(app, client, url(referral, "hand_over"), "hand_over",
                         {"handed_over_at": "2026-11-04T16:00", "police_unit": "经开公安分局"},
                         referral.version)
    assert response.status_code == 302
    referral = reload(referral)
    assert referral.status is ReferralStatus.HANDED_OVER and referral.case.status is CaseStatus.REFERRED
    page = text_of(client.get(f"/referrals/{referral.id}"))
    assert "移送材料包" in page and referral.pack.sha256 in page and referral.letter_number in page
    case_page = text_of(client.get(f"/cases/{referral.case_id}"))
    assert "已移送" in case_page and "移送经开公安分局" in case_page


def test_a_step_the_status_does_not_offer_is_refused_with_a_message(app, client, clerk):
    referral = make_referral(case=flagged_case(clerk=clerk))
    response = step_post(app, client, url(referral, "materials"), "materials",
                         {"handed_over_at": "2026-11-04T16:00"}, referral.version)
    assert response.status_code == 302
    assert "不能办理“移交涉案材料" in text_of(client.get(response.headers["Location"]))


def test_a_stale_step_form_keeps_the_input(app, client, clerk):
    referral = make_referral(case=flagged_case(clerk=clerk))
    response = step_post(app, client, url(referral, "approval"), "approval",
                         {"decision": "approve", "approver_name": "赵局长",
                          "approved_at": "2026-11-04T09:00"}, referral.version - 1 or 99)
    assert "该记录已被他人修改" in text_of(response) and 'value="赵局长"' in response.get_data(as_text=True)


def test_the_list_filters_overdue_referrals(app, client, clerk):
    late = make_referral(case=flagged_case(clerk=clerk))
    done = make_referral(case=flagged_case(clerk=clerk), up_to="filed")
    referral_outcomes.hand_over_materials(done, clerk, handed_over_at=done.police_decided_at,
                                          note=None, expected_version=done.version)
    everything = text_of(client.get("/referrals/"))
    assert late.case.number in everything and done.case.number in everything
    overdue = text_of(client.get("/referrals/?overdue=y"))
    assert late.case.number in overdue and done.case.number not in overdue and "逾期" in overdue
    assert "没有符合条件的移送" in text_of(client.get("/referrals/?status=filed"))


def test_another_offices_referral_is_a_404_and_audited(app, client, clerk):
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("棠张镇",))
    other_clerk = make_user(role=Role.CLERK, username="clerk-other", office=other)
    referral = make_referral(case=flagged_case(clerk=other_clerk))
    assert client.get(f"/referrals/{referral.id}").status_code == 404
    assert step_post(app, client, url(referral, "note"), "note", {"text": "x"}).status_code == 404
    denial = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "access.out_of_office"))
    assert denial.object_type == "police_referral" and denial.object_id == str(referral.id)


def test_a_leader_reads_referrals_but_cannot_post_steps(app, client, login_as):
    referral = make_referral()
    login_as(Role.LEADER, username="leader-ref")
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "负责人审批" in page and "<form method=\"post\" action=\"/referrals/" not in page
    assert step_post(app, client, url(referral, "approval"), "approval", {}).status_code == 403


def test_the_dashboard_counts_overdue_referral_steps(app, client, clerk):
    make_referral(case=flagged_case(clerk=clerk))
    page = client.get("/").get_data(as_text=True)
    assert 'id="referral-overdue-count">1<' in page
    assert 'id="supervision-open-count">0<' in page


def test_a_refusal_is_followed_up_through_the_forms(app, client, clerk):
    referral = make_referral(case=flagged_case(clerk=clerk), up_to="declined")
    page = text_of(client.get(f"/referrals/{referral.id}"))
    assert "公安不予立案" in page and "提请复议（3日内）" in page and "证据不足" in page
    step_post(app, client, url(referral, "reconsideration_request"), "reconsideration_request",
              {"requested_at": "2026-11-10T09:00", "note": "证据充分"}, referral.version)
    referral = reload(referral)
    response = step_post(app, client, url(referral, "reconsideration_answer"), "reconsideration_answer",
                         {"answered_at": "2026-11-12T09:00", "result": "filed"}, referral.version)
    assert "请填写公安机关的案件编号" in text_of(response)
    step_post(app, client, url(referral, "reconsideration_answer"), "reconsideration_answer",
              {"answered_at": "2026-11-12T09:00", "result": "upheld", "note": "维持"}, referral.version)
    referral = reload(referral)
    assert referral.status is ReferralStatus.UPHELD
    step_post(app, client, url(referral, "supervision_request"), "supervision_request",
              {"requested_at": "2026-11-14T09:00", "procuratorate": "经开区人民检察院",
               "note": "建议监督"}, referral.version)
    referral = reload(referral)
    step_post(app, client, url(referral, "supervision_result"), "supervision_result",
              {"answered_at": "2026-11-20T09:00", "result": "filed",
               "police_case_number": "徐经公刑立字〔2026〕99号", "note": "检察院通知立案"},
              referral.version)
    referral = reload(referral)
    assert referral.status is ReferralStatus.FILED and referral.police_case_number.endswith("99号")
    assert "移交涉案材料（立案后3日内）" in text_of(client.get(f"/referrals/{referral.id}"))
