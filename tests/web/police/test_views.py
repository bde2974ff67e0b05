"""The police's pages: flagged contractors with reasons, the referred cases' full file (personal
data only for referred cases, on request, audited), receipt, decision and progress notes."""

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, PoliceDecision, ReferralStatus, Role

from tests.factories import login, make_contractor, make_office, make_user, post, text_of
from tests.web.referrals.factories import flagged_case, make_referral, reload, step_post


@pytest.fixture
def police(login_as):
    return login_as(Role.POLICE, username="police-jz", display_name="刘警官")


def url(referral, step: str) -> str:
    return f"/police/referrals/{referral.id}/steps/{step}"


def test_police_see_flagged_contractors_with_the_reasons(app, client, police):
    case = flagged_case()
    page = text_of(client.get("/police/"))
    assert case.employer.name in page and case.number in page
    assert "黑名单）候选" in page and "移送公安机关候选" in page
    assert ("✔ 以逃跑、藏匿等方法逃避支付 〔《最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》"
            "第二条；《人力资源社会保障部 公安部关于加强涉嫌拒不支付劳动报酬犯罪案件查处衔接工作的通知》"
            "（人社部发〔2014〕100号）〕") in page
    assert "张伟被拖欠4个月工资共12,000.00元" in page


def test_the_police_list_prints_each_cited_article_once_and_links_the_reasons_to_it(app, client, police):
    """Twenty contractors' reasons cite the same few articles: their words are listed once at the
    foot of the page, each reason linking to its article, instead of under every reason."""
    import re

    for _ in range(2):
        flagged_case()
    response = client.get("/police/")
    html = response.get_data(as_text=True)
    wording = "以逃避支付劳动报酬为目的，隐匿财产、恶意清偿"  # S-JI art. 2, cited by both contractors
    assert html.count(wording) == 1
    assert 'details class="wording"' not in html
    section = html[html.index('id="cited-wording"'):]
    assert "引用条文" in section and wording in section
    targets = set(re.findall(r'class="wording-link small" href="#([^"]+)"', html))
    assert "wording-S-JI-art-2" in targets
    assert targets == set(re.findall(r'<dt id="([^"]+)"', section))
    assert html.count('id="rule-flags"') == 0  # one flags block per contractor: no repeated id


def test_the_case_page_keeps_each_reasons_wording_under_it(app, client, login_as):
    """A case page shows one flag block: every reason with its citation, and the cited articles'
    words folded under the reason itself (no page-wide list of articles there)."""
    case = flagged_case()
    login_as(Role.CLERK, username="clerk-flags")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert html.count('id="rule-flags"') == 1
    block = html[html.index('id="rule-flags"'):]
    assert 'data-rule="police_referral"' in block
    assert "✔ 以逃跑、藏匿等方法逃避支付 〔" in text_of(client.get(f"/cases/{case.id}"))
    assert 'details class="wording"' in block and "以逃避支付劳动报酬为目的，隐匿财产、恶意清偿" in block
    assert "wording-link" not in html and 'id="cited-wording"' not in html


def test_a_citation_shown_both_ways_keeps_each_way(app, client, login_as):
    """A citation is rendered once per source and kept: the police list's linked citation must
    not turn up on a case page citing the same source, nor the case page's folded wording on the
    police list, whichever is seen first."""
    case = flagged_case()
    login_as(Role.CLERK, username="clerk-cites")
    officer = app.test_client()
    login(app, officer, make_user(role=Role.POLICE, username="police-cites").username)
    pages = [client.get(f"/cases/{case.id}"), officer.get("/police/"), client.get(f"/cases/{case.id}")]
    folded, linked, folded_again = (page.get_data(as_text=True) for page in pages)
    assert "以逃避支付劳动报酬为目的，隐匿财产、恶意清偿" in linked  # the same source, cited on both
    for html in (folded, folded_again):
        assert 'details class="wording"' in html and "wording-link" not in html
    assert "wording-link" in linked and 'details class="wording"' not in linked


def test_the_police_list_reads_the_listed_contractors_flags_once(app, client, police):
    """The flags with their reasons (a JSON document each) come in one statement, shared by the
    list's rows and the reasons shown under them."""
    from tests.statements import sent_statements

    case = flagged_case()
    with sent_statements() as sent:
        page = text_of(client.get("/police/"))
    assert case.number in page and "移送公安机关候选" in page
    assert len([s for s in sent if "rule_decision.reasons" in s]) == 1


def test_police_see_a_payment_after_the_deadline_as_a_ground_to_mitigate(app, client, police):
    from datetime import date
    from decimal import Decimal

    from wagewatch.models import Payer
    from wagewatch.services.cases import payments

    case = flagged_case()
    payments.record_recovery(case, payments.RecoveryInput(
        date(2026, 10, 10), Decimal("24000.00"), Payer.EMPLOYER, None, None,
        {cw.id: Decimal("12000.00") for cw in case.workers}), case.handler)
    page = text_of(client.get("/police/"))
    assert "移送公安机关候选" in page  # paid the day after the pay-by day: still flagged
    assert ("支付期限届满后已支付用人单位24,000.00元，已全额支付；不影响犯罪构成，在提起公诉前支付劳动报酬"
            "并依法承担相应赔偿责任的，可以减轻或者免除处罚 〔《中华人民共和国刑法》第二百七十六条之一第三款〕") in page


def test_the_referral_file_shows_the_flag_with_citations_and_a_later_payment_to_mitigate(
        app, client, police):
    from datetime import date
    from decimal import Decimal

    from wagewatch.models import Payer
    from wagewatch.services.cases import payments

    referral = make_referral(up_to="handed_over")
    page = text_of(client.get(f"/police/referrals/{referral.id}"))
    assert "涉嫌拒不支付劳动报酬罪，移送公安机关候选" in page
    assert "〔《最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》第三条第（一）项〕" in page
    assert "可以减轻或者免除处罚的情节" not in page  # nothing paid yet
    case = referral.case
    payments.record_recovery(case, payments.RecoveryInput(
        date(2026, 10, 20), Decimal("6000.00"), Payer.GENERAL_CONTRACTOR, None, None,
        {case.workers[0].id: Decimal("6000.00")}), case.handler)
    html = client.get(f"/police/referrals/{referral.id}").get_data(as_text=True)
    page = text_of(client.get(f"/police/referrals/{referral.id}"))
    assert "可以减轻或者免除处罚的情节" in page and 'id="mitigation"' in html
    assert "支付期限届满后已支付" in page and "现仍欠" in page
    assert "〔《中华人民共和国刑法》第二百七十六条之一第三款〕" in page
    assert "在提起公诉前支付劳动者的劳动报酬，并依法承担相应赔偿责任的，可以减轻或者免除处罚。" in page  # wording


def test_another_offices_flags_are_not_shown(app, client, police):
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("棠张镇",))
    case = flagged_case(clerk=make_user(role=Role.CLERK, username="clerk-tsq", office=other))
    page = text_of(client.get("/police/"))
    assert case.employer.name not in page and "目前没有被规则标记" in page


def test_a_referral_not_yet_handed_over_is_hidden_and_the_attempt_audited(app, client, police):
    referral = make_referral(up_to="checklist")
    assert client.get(f"/police/referrals/{referral.id}").status_code == 404
    assert post(app, client, f"/police/referrals/{referral.id}/reveal").status_code == 404
    assert referral.case.number not in text_of(client.get("/police/referrals"))
    denial = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "access.not_referred"))
    assert denial.actor_role == "police" and denial.object_id == str(referral.id)


def test_another_offices_referral_is_a_404(app, client, police):
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("棠张镇",))
    referral = make_referral(case=flagged_case(
        clerk=make_user(role=Role.CLERK, username="clerk-tsq", office=other)), up_to="handed_over")
    assert client.get(f"/police/referrals/{referral.id}").status_code == 404


def test_the_file_shows_full_id_numbers_only_on_request_and_audits_it(app, client, police):
    referral = make_referral(up_to="handed_over")
    worker = referral.case.workers[0].worker
    masked = client.get(f"/police/referrals/{referral.id}").get_data(as_text=True)
    assert worker.id_number not in masked and worker.id_number[:4] + "**********" in masked
    assert worker.phone not in masked
    number = referral.case.payment_orders[0].document_number
    assert number == "经开劳监限支〔2026〕001号"
    assert number in masked and "在住所或经营场所张贴" in masked  # order and service
    assert "涉嫌犯罪案件移送书：已附" in text_of(client.get(f"/police/referrals/{referral.id}"))
    full = post(app, client, f"/police/referrals/{referral.id}/reveal")
    html = full.get_data(as_text=True)
    assert worker.id_number in html and worker.phone in html
    assert full.headers["Cache-Control"] == "no-store"
    unmask = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "worker.unmask"))
    assert unmask.actor_role == "police" and unmask.object_type == "worker"
    assert referral.case.number in unmask.detail and worker.id_number not in (unmask.detail or "")


def test_the_file_reveal_is_audited_once_for_every_person_it_shows(app, client, police):
    employer = make_contractor(name="徐州鑫源建设有限公司", persons=(
        {"name": "王建国", "id_number": "320302198001011239"},))
    referral = make_referral(case=flagged_case(employer=employer), up_to="handed_over")
    html = post(app, client, f"/police/referrals/{referral.id}/reveal").get_data(as_text=True)
    shown = [cw.worker for cw in referral.case.workers] + list(employer.persons)
    assert len(shown) == 3 and all(p.id_number in html for p in shown)
    events = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action.in_(("worker.unmask", "contractor_person.unmask")))).all()
    assert sorted((e.object_type, e.object_id) for e in events) == sorted(
        [("worker", str(cw.worker.id)) for cw in referral.case.workers]
        + [("contractor_person", str(employer.persons[0].id))])
    assert all("共显示3人" in e.detail and e.actor_role == "police" for e in events)


def test_police_record_receipt_decision_and_progress(app, client, police):
    referral = make_referral(up_to="handed_over")
    response = step_post(app, client, url(referral, "receipt"), "receipt",
                         {"received_at": "2026-11-05T15:00", "receiver": "刘警官"}, referral.version)
    assert response.status_code == 302
    referral = reload(referral)
    assert referral.status is ReferralStatus.RECEIVED
    response = step_post(app, client, url(referral, "decision"), "decision",
                         {"decision": "filed", "decided_at": "2026-11-07T10:00",
                          "reasons": "涉嫌拒不支付劳动报酬罪"}, referral.version)
    html = response.get_data(as_text=True)
    assert 'data-field="decision-police_case_number"' in html and "请填写公安机关的案件编号" in html
    assert "涉嫌拒不支付劳动报酬罪" in html   # what was typed is kept
    step_post(app, client, url(referral, "decision"), "decision",
              {"decision": "filed", "decided_at": "2026-11-07T10:00",
               "police_case_number": "徐经公刑立字〔2026〕88号"}, referral.version)
    referral = reload(referral)
    assert referral.police_decision is PoliceDecision.FILED and referral.status is ReferralStatus.FILED
    step_post(app, client, url(referral, "note"), "note", {"text": "已传唤张某到案"})
    page = text_of(client.get(f"/police/referrals/{referral.id}"))
    assert "公安民警刘警官：已传唤张某到案" in page and "徐经公刑立字〔2026〕88号" in page
    # The office sees the police's decision on its case timeline.
    assert "公安机关决定立案" in " ".join(e.note or "" for e in reload(referral).case.events)


def test_police_cannot_record_the_offices_steps(app, client, police):
    referral = make_referral(up_to="handed_over")
    assert client.post(url(referral, "materials")).status_code == 404  # no such police step
    assert step_post(app, client, f"/referrals/{referral.id}/steps/materials", "materials",
                     {}).status_code == 403


@pytest.mark.parametrize("path", ["/cases/", "/referrals/", "/supervision/", "/contractors/",
                                  "/projects/"])
def test_police_cannot_reach_the_clerks_pages(app, client, police, path):
    assert client.get(path).status_code == 403


def test_clerks_cannot_reach_the_police_pages(app, client, login_as):
    login_as(Role.CLERK, username="clerk-pol")
    assert client.get("/police/").status_code == 403
    assert client.get("/police/referrals").status_code == 403


def test_police_see_the_contractors_listed_today_with_decision_and_persons(app, client, police):
    from datetime import date

    from tests.factories import make_contractor
    from tests.web.blacklist.factories import make_listing

    listed = make_contractor(name="徐州失信建设有限公司", persons=(
        {"name": "王五", "position": "legal_representative", "id_number": None},))
    make_listing(contractor=listed, decided_on=date(2026, 3, 10), number="经开劳监列字〔2026〕3号")
    expired = make_contractor(name="徐州过期建设有限公司")
    make_listing(contractor=expired, decided_on=date(2022, 1, 5), number="经开劳监列字〔2022〕1号")
    page = text_of(client.get("/police/"))
    assert "徐州失信建设有限公司" in page and "经开劳监列字〔2026〕3号" in page
    assert "2026-03-10 至 2029-03-10" in page and "王五（法定代表人）" in page
    assert "徐州过期建设有限公司" not in page


def test_the_police_file_reads_the_case_s_workers_in_one_statement(app, client, police):
    from tests.statements import sent_statements

    referral = make_referral(up_to="handed_over")
    names = [cw.worker.name for cw in referral.case.workers]
    assert len(names) > 1
    db.session.expire_all()
    with sent_statements() as sent:
        page = text_of(client.get(f"/police/referrals/{referral.id}"))
    assert all(name in page for name in names)
    assert len([s for s in sent if s.lstrip().startswith("SELECT worker.")]) == 1


def test_a_flagged_contractors_card_links_only_the_cases_handed_to_the_police(app, client, police):
    """Each card names the contractor's cases already handed over, linking to the referral the
    police can open; a referral the bureau has not handed over is not named."""
    handed = make_referral(up_to="handed_over",
                           case=flagged_case(employer=make_contractor(name="徐州移交建设有限公司")))
    kept = make_referral(up_to="approved",
                         case=flagged_case(employer=make_contractor(name="徐州未移交建设有限公司")))
    html = client.get("/police/").get_data(as_text=True)
    handed_card = html[html.index(f'id="referred-{handed.case.employer_id}"'):]
    handed_card = handed_card[:handed_card.index("</div>")]
    assert f'href="/police/referrals/{handed.id}"' in handed_card
    assert handed.case.number in handed_card
    assert kept.case.employer.name in html  # still on the list, as flagged
    assert f'id="referred-{kept.case.employer_id}"' not in html
    assert f"/police/referrals/{kept.id}" not in html
