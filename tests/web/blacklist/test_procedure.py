"""From candidate to listed (S-45), each step through its form: notice, objection, answer,
decision, service; the objection window; not listing; a complex case; start refusals."""

import re
from datetime import date

from wagewatch.extensions import db
from wagewatch.models import (
    AuditEvent, BlacklistProceeding, Listing, Payer, ProceedingStatus, Role, ServiceRecord,
)
from wagewatch.services.reference.calendar import CACHE_KEY

from tests.factories import post, post_new, text_of
from tests.web.blacklist.factories import LEGAL_REP_ID, candidate_case, make_contractor


def _start(app, client, case):
    page = text_of(client.get("/blacklist/"))
    assert case.employer.name in page and case.number in page  # listed as a candidate
    response = post(app, client, f"/blacklist/candidates/{case.employer_id}/start",
                    {"submission_token": "tok-1"})
    assert response.status_code == 302
    return db.session.scalar(db.select(BlacklistProceeding))


def _step(app, client, proceeding, step, data, follow=True):
    url = f"/blacklist/proceedings/{proceeding.id}/{step}"
    version = db.session.scalar(db.select(BlacklistProceeding.version)
                                .where(BlacklistProceeding.id == proceeding.id))
    return post(app, client, url, {"version": str(version), **data}, follow_redirects=follow)


NOTICE = {"document_number": "经开劳监告字〔2025〕1号", "grounds": "逾期未支付工资",
          "basis": "人社部令第45号第五条", "served_on": "2025-03-17", "service_method": "in_person"}
DECISION = {"document_number": "经开劳监列字〔2025〕1号", "authority": "徐州经开区人社局",
            "main_facts": "拖欠2名农民工工资24,000元", "grounds": "逾期未支付", "basis": "第45号令",
            "punishment_measures": "联合惩戒", "early_removal_terms": "满6个月可申请",
            "remedies": "行政复议或行政诉讼"}


def _serve_decision(app, client, proceeding):
    """The proceeding page's "登记决定书送达" leads to the decision's service record (送达回证)."""
    page = client.get(f"/blacklist/proceedings/{proceeding.id}").get_data(as_text=True)
    url = re.search(r'id="serve-decision" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "back=proceeding" in url
    return post(app, client, url, {
        "recipient": "徐州恒达建设工程有限公司", "place": "徐州市经济技术开发区高新路1号",
        "method": "receiving_person", "served_on": "2025-03-27", "servers": "李明、周强",
        "signer_name": "刘收发", "signer_capacity": "单位收件人"})


def test_a_clerk_lists_a_candidate_through_notice_objection_answer_and_decision(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = _start(app, client, case)
    page = text_of(client.get(f"/blacklist/proceedings/{proceeding.id}"))
    assert "候选，待告知" in page and "作出列入决定（责令支付期满后20个工作日）：2025-04-11" in page
    assert "逾期" in page  # the decision was due in April 2025

    posted = _step(app, client, proceeding, "notice", {
        **NOTICE, "service_method": "posted", "service_evidence": "照片3张"})
    assert 'data-field="service_attachments">张贴送达须上传送达照片/视频' in posted.get_data(as_text=True)
    assert 'value="经开劳监告字〔2025〕1号"' in posted.get_data(as_text=True)  # input kept
    assert "陈述申辩期至 2025-03-24" in text_of(_step(app, client, proceeding, "notice", NOTICE))

    late = _step(app, client, proceeding, "objections/new",
                 {"received_on": "2025-03-25", "content": "已筹措资金"})
    assert "陈述申辩期已于2025-03-24届满" in text_of(late)
    done = _step(app, client, proceeding, "objections/new",
                 {"received_on": "2025-03-20", "content": "工程款未结算，请求暂缓"})
    assert "应于 2025-03-27 前答复" in text_of(done)

    refused = text_of(_step(app, client, proceeding, "decide", {**DECISION, "decided_on": "2025-03-26"}))
    assert "暂不能作出列入决定" in refused and "尚有1项异议未答复" in refused
    objection = proceeding.objections[0]
    _step(app, client, proceeding, f"objections/{objection.id}/answer",
          {"answered_on": "2025-03-26", "answer": "不予采纳：工程款结算不影响工资支付义务"})

    listed = text_of(_step(app, client, proceeding, "decide", {**DECISION, "decided_on": "2025-03-26"}))
    assert "已作出列入决定，列入期限 2025-03-26 至 2028-03-26" in listed
    assert "期限按《中华人民共和国民法典》第二百条至第二百零二条计算" in listed
    assert "王建国" in listed and "3203**********1239" in listed and LEGAL_REP_ID not in listed
    assert "未送达" in listed and "请送达后在执法文书中登记送达" in listed
    served = _serve_decision(app, client, proceeding)
    assert served.status_code == 302
    assert served.headers["Location"].endswith(f"/blacklist/proceedings/{proceeding.id}")
    page = text_of(client.get(served.headers["Location"]))
    assert "已登记《列入拖欠农民工工资失信联合惩戒对象名单决定书》的送达，并生成送达回证" in page
    assert "2025-03-27，交单位收件人签收" in page

    actions = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.object_type == "blacklist_proceeding").order_by(AuditEvent.id)).all()
    assert actions == ["blacklist.start", "blacklist.notice", "blacklist.objection",
                       "blacklist.answer", "blacklist.decide_listing"]
    listing = db.session.scalar(db.select(Listing))
    assert listing.served_on.isoformat() == "2025-03-27"
    record = db.session.scalar(db.select(ServiceRecord).order_by(ServiceRecord.id.desc()).limit(1))
    assert record.document.kind == "listing_decision" and record.receipt is not None  # 送达回证
    decided = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "blacklist.decide_listing"))
    assert decided.changes["person_1_id_number"] == [None, "3203**********1239"]


def test_the_decision_is_refused_on_the_windows_last_day_and_allowed_the_next_working_day(
        app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = _start(app, client, case)
    # Served Friday 21 March 2025: 24, 25, 26, 27, 28 March; the next working day is Monday 31.
    _step(app, client, proceeding, "notice", {**NOTICE, "served_on": "2025-03-21"})
    last_day = text_of(_step(app, client, proceeding, "decide", {**DECISION, "decided_on": "2025-03-28"}))
    assert "陈述申辩期至2025-03-28尚未届满" in last_day
    assert db.session.scalar(db.select(Listing)) is None
    next_day = text_of(_step(app, client, proceeding, "decide", {**DECISION, "decided_on": "2025-03-31"}))
    assert "列入期限 2025-03-31 至 2028-03-31" in next_day


def test_no_decision_before_the_notice_and_no_decision_in_the_future(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = _start(app, client, case)
    before = text_of(_step(app, client, proceeding, "decide", {**DECISION, "decided_on": "2025-04-01"}))
    assert "尚未送达列入告知书" in before
    future = text_of(_step(app, client, proceeding, "decide", {**DECISION, "decided_on": "2099-01-01"}))
    assert "日期不能晚于今天" in future


def _pay(case, payer, day, amount, worker=1):
    from decimal import Decimal

    from wagewatch.services.cases import payments

    cw = case.workers[worker]
    payments.record_recovery(case, payments.RecoveryInput(
        day, Decimal(amount), payer, None, None, {cw.id: Decimal(amount)}), case.handler)


def test_not_listing_needs_a_correction_and_a_written_commitment(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = _start(app, client, case)
    data = {"decided_on": "2025-03-20", "reason": "已全额支付", "corrected_on": "2025-03-18",
            "commitment_on": "2025-03-19"}
    unpaid = text_of(_step(app, client, proceeding, "not-list", data))
    assert "用人单位本身尚欠24,000.00元，不能决定不予列入" in unpaid
    _pay(case, Payer.EMPLOYER, date(2025, 3, 16), "12000.00")
    _pay(case, Payer.EMPLOYER, date(2025, 3, 18), "12000.00", worker=0)
    early = text_of(_step(app, client, proceeding, "not-list", {**data, "corrected_on": "2025-03-17"}))
    assert "用人单位于2025-03-18才全额支付，纠正日期不能早于该日" in early
    missing = text_of(_step(app, client, proceeding, "not-list", {
        "decided_on": "2025-03-20", "reason": "已全额支付", "corrected_on": "2025-03-18"}))
    assert "不予列入须记录书面信用承诺的日期" in missing
    late = text_of(_step(app, client, proceeding, "not-list", {
        "decided_on": "2025-03-20", "reason": "已全额支付", "corrected_on": "2025-03-18",
        "commitment_on": "2025-03-21"}))
    assert "纠正违法行为和作出书面信用承诺都须在决定之前" in late
    done = text_of(_step(app, client, proceeding, "not-list", {
        "decided_on": "2025-03-20", "reason": "已全额支付", "corrected_on": "2025-03-18",
        "commitment_on": "2025-03-19"}))
    assert "决定不予列入" in done and "2025-03-19 作出书面信用承诺" in done
    db.session.expire_all()
    assert proceeding.status is ProceedingStatus.NOT_LISTED


def test_an_advance_by_the_general_contractor_is_not_the_employers_correction(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = _start(app, client, case)
    _pay(case, Payer.GENERAL_CONTRACTOR, date(2025, 3, 17), "5000.00")
    _pay(case, Payer.EMPLOYER, date(2025, 3, 18), "7000.00")
    _pay(case, Payer.EMPLOYER, date(2025, 3, 18), "12000.00", worker=0)
    page = text_of(_step(app, client, proceeding, "not-list", {
        "decided_on": "2025-03-20", "reason": "已全额支付", "corrected_on": "2025-03-18",
        "commitment_on": "2025-03-19"}))
    assert "用人单位本身尚欠5,000.00元，不能决定不予列入" in page and "总包先行清偿" in page
    db.session.expire_all()
    assert proceeding.status is ProceedingStatus.CANDIDATE


def test_a_complex_case_gets_20_more_working_days_once(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = _start(app, client, case)
    data = {"approver": "张局长", "approved_on": "2025-03-20", "reason": "涉及多个分包单位"}
    page = text_of(_step(app, client, proceeding, "complex", data))
    assert "作出列入决定（责令支付期满后40个工作日）：2025-05-13" in page
    assert "张局长 于 2025-03-20 批准延长20个工作日" in page
    assert "已经延长过一次" in text_of(_step(app, client, proceeding, "complex", data))


def test_a_company_without_a_legal_representative_is_not_listed(app, client, login_as):
    employer = make_contractor(name="徐州无名建筑劳务有限公司")
    case = candidate_case(employer=employer)
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = _start(app, client, case)
    _step(app, client, proceeding, "notice", NOTICE)
    page = text_of(_step(app, client, proceeding, "decide", {**DECISION, "decided_on": "2025-03-25"}))
    assert "请先在单位信息中登记法定代表人或主要负责人" in page


def test_a_contractor_that_is_no_candidate_cannot_be_started(app, client, login_as):
    other = make_contractor(name="徐州守信建设有限公司")
    login_as(Role.CLERK, username="clerk-bl")
    response = post_new(app, client, f"/blacklist/candidates/{other.id}/start", follow_redirects=True)
    assert "没有黑名单候选标记" in text_of(response)
    assert db.session.scalar(db.select(BlacklistProceeding)) is None


def test_a_re_sent_start_form_opens_one_proceeding(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    for _ in range(2):
        post(app, client, f"/blacklist/candidates/{case.employer_id}/start",
             {"submission_token": "same"})
    assert db.session.scalar(db.select(db.func.count()).select_from(BlacklistProceeding)) == 1
    again = post(app, client, f"/blacklist/candidates/{case.employer_id}/start",
                 {"submission_token": "other"}, follow_redirects=True)
    assert "已有进行中的列入程序" in text_of(again)


def test_a_stale_form_is_refused_with_the_input_kept(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = _start(app, client, case)
    response = post(app, client, f"/blacklist/proceedings/{proceeding.id}/notice",
                    {**NOTICE, "version": "0"})
    assert "该记录已被他人修改" in text_of(response)
    assert 'value="经开劳监告字〔2025〕1号"' in response.get_data(as_text=True)


def test_the_leader_reads_the_proceeding_without_action_buttons(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = _start(app, client, case)
    post(app, client, "/auth/logout")
    login_as(Role.LEADER, username="leader-bl")
    html = client.get(f"/blacklist/proceedings/{proceeding.id}").get_data(as_text=True)
    assert "候选，待告知" in html and 'id="proceeding-actions"' not in html
    assert client.get(f"/blacklist/proceedings/{proceeding.id}/notice").status_code == 403


def test_the_list_and_the_dashboard_show_overdue_and_provisional_deadlines(
        app, client, login_as, monkeypatch):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    _start(app, client, case)
    listing = text_of(client.get("/blacklist/"))
    assert "作出列入决定（责令支付期满后20个工作日）：2025-04-11 逾期" in listing
    assert "暂定" not in listing
    home = client.get("/").get_data(as_text=True)
    assert 'id="blacklist-overdue-count">1<' in home
    # A year whose holidays are not known yet: counted Monday to Friday and marked provisional.
    monkeypatch.setattr("wagewatch.rules.working_days.PACKAGE_YEARS", frozenset(range(2004, 2025)))
    app.extensions.pop(CACHE_KEY, None)  # the deadlines it kept were counted with 2025 known
    provisional = text_of(client.get("/blacklist/"))
    assert "2025-04-10 逾期 暂定" in provisional  # no Qingming holiday without the 2025 calendar
