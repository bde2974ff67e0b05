"""Police referral use cases: order of steps, the file checklist, the case closed as referred,
the police's outcomes, audit and timelines (S-310 arts. 5-9, 12; S-100)."""

from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import (
    AuditEvent, Case, CaseStatus, PoliceDecision, ReferralDocumentKind, ReferralStatus,
    ReferralTarget, ReviewResult, Role,
)
from wagewatch.rules.referral_steps import day_limit
from wagewatch.services import ServiceError, StaleRecord
from wagewatch.services.cases import case_steps
from wagewatch.services.documents import attachments
from wagewatch.services.referrals import referral_outcomes, handover
from wagewatch.services.referrals.queries import overdue_count

from tests.factories import make_user
from tests.web.cases.factories import register
from tests.web.referrals.factories import at, complete_file, flagged_case, make_referral, reload


def audited(action: str, object_id) -> AuditEvent | None:
    return db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.object_id == str(object_id)))


def test_a_flagged_case_starts_a_referral_with_the_rules_decision(app):
    referral = make_referral()
    assert referral.status is ReferralStatus.REPORTED and referral.rule_decision_id
    assert referral.justification is None
    assert len(referral.documents) == len(ReferralDocumentKind)
    assert not any(d.note for d in referral.documents)
    assert not any(attachments.attachments_of_referral(referral).values())
    # The head's 3-day limit is the current step, stored for the overdue filter.
    assert referral.next_step == "approval"
    assert referral.next_due_at == day_limit(at("2026-11-02 10:00"), 3)
    assert audited("referral.create", referral.id).changes["flagged"] == [None, True]
    assert "拟移送公安机关" in referral.case.events[-1].note


def test_an_unflagged_case_needs_a_written_justification(app):
    case = register()
    case_steps.accept(case, date(2026, 11, 3), case.handler)
    with pytest.raises(ServiceError) as refused:
        handover.start_referral(case, case.handler, reported_at=at("2026-11-20 10:00"), report="报告")
    assert refused.value.field == "justification" and "书面说明" in refused.value.message
    referral = handover.start_referral(case, case.handler, reported_at=at("2026-11-20 10:00"),
                                        report="报告", justification="老板已失联，工人多次上访")
    assert referral.rule_decision_id is None and referral.justification == "老板已失联，工人多次上访"
    assert "未经规则标记" in referral.events[0].note


def test_only_an_investigated_case_without_a_running_referral_can_start_one(app):
    registered = register()
    with pytest.raises(ServiceError, match="只有已立案调查的案件"):
        handover.start_referral(registered, registered.handler, reported_at=at("2026-11-20 10:00"),
                                 report="报告", justification="理由")
    referral = make_referral()
    with pytest.raises(ServiceError, match="已有进行中的移送"):
        handover.start_referral(referral.case, referral.case.handler,
                                 reported_at=at("2026-11-20 10:00"), report="再次报告")


def test_a_resent_start_form_creates_one_referral(app):
    case = flagged_case()
    first = handover.start_referral(case, case.handler, reported_at=at("2026-11-02 10:00"),
                                     report="报告", submission_token="token-1")
    again = handover.start_referral(case, case.handler, reported_at=at("2026-11-02 10:00"),
                                     report="报告", submission_token="token-1")
    assert first.id == again.id


def test_steps_run_in_order_and_not_before_the_step_they_follow(app):
    referral = make_referral()
    with pytest.raises(ServiceError, match="不能移送"):
        handover.hand_over(referral, referral.case.handler, handed_over_at=at("2026-11-03 10:00"),
                            police_unit="公安分局", note=None,
                            expected_version=referral.version)
    with pytest.raises(ServiceError) as early:
        handover.decide_approval(referral, referral.case.handler, approved=True, approver_name="王局长",
                                  approved_at=at("2026-11-01 10:00"), note=None,
                                  expected_version=referral.version)
    assert early.value.field == "approved_at" and "不能早于报告时间" in early.value.message


def test_a_refusal_needs_its_reasons_and_ends_the_referral(app):
    referral = make_referral()
    clerk = referral.case.handler
    with pytest.raises(ServiceError) as refused:
        handover.decide_approval(referral, clerk, approved=False, approver_name="王局长",
                                  approved_at=at("2026-11-03 10:00"), note=None,
                                  expected_version=referral.version)
    assert refused.value.field == "note"
    handover.decide_approval(referral, clerk, approved=False, approver_name="王局长",
                              approved_at=at("2026-11-03 10:00"), note="证据不足，继续调查",
                              expected_version=referral.version)
    referral = reload(referral)
    assert referral.status is ReferralStatus.NOT_APPROVED and referral.next_due_at is None
    assert referral.case.status is CaseStatus.PAYMENT_ORDERED
    again = handover.start_referral(referral.case, clerk, reported_at=at("2026-11-20 10:00"),
                                     report="补充证据后再次报告")
    assert again.status is ReferralStatus.REPORTED


def test_notes_are_not_files_the_hand_over_is_refused_naming_each_item_without_a_file(app):
    referral = make_referral(up_to="approved")
    clerk = referral.case.handler
    handover.update_checklist(referral, clerk, notes={   # a note claiming pages is not a file
        kind: "附3页" for kind in ReferralDocumentKind if kind.value not in (
            "item_list", "inspection_reports")}, expected_version=referral.version)
    with pytest.raises(ServiceError) as refused:
        handover.hand_over(referral, clerk, handed_over_at=at("2026-11-04 16:00"),
                            police_unit="公安分局", note=None, expected_version=referral.version)
    assert refused.value.field == "checklist" and "卷宗材料不齐" in refused.value.message
    for label in ("涉案物品清单：缺少文件", "有关检验报告或者鉴定结论：缺少文件",
                  "其他有关涉嫌犯罪的材料（工资支付记录、询问笔录等）：缺少文件"):
        assert label in refused.value.message
    assert "移送书：缺少" not in refused.value.message   # generated at the hand-over
    referral = reload(referral)
    assert referral.status is ReferralStatus.APPROVED and referral.pack is None
    assert referral.case.status is CaseStatus.PAYMENT_ORDERED


def test_a_withdrawn_file_no_longer_stands_behind_its_item(app):
    referral = make_referral(up_to="checklist")
    clerk = referral.case.handler
    assert handover.file_state(referral).flagged
    for attachment in attachments.attachments_of_referral(referral)[
            next(d.id for d in referral.documents if d.kind.value == "other_evidence")]:
        attachments.withdraw_attachment(attachment, "上传错误", clerk)
    missing = handover.missing_files(reload(referral))
    assert len(missing) == 1 and missing[0].startswith("其他有关涉嫌犯罪的材料")


def test_the_payment_order_item_needs_a_served_order(app):
    case = register()
    case_steps.accept(case, date(2026, 11, 3), case.handler)
    referral = handover.start_referral(case, case.handler, reported_at=at("2026-11-20 10:00"),
                                        report="报告", justification="老板失联")
    complete_file(referral, case.handler)
    missing = [r.condition for r in handover.file_state(referral).reasons if not r.met]
    assert missing == ["payment_order"]


def test_the_hand_over_closes_the_case_as_referred_to_the_police(app):
    referral = reload(make_referral(up_to="handed_over"))
    case = referral.case
    assert referral.status is ReferralStatus.HANDED_OVER
    assert case.status is CaseStatus.REFERRED and case.referral_target is ReferralTarget.POLICE
    assert case.closed_on == date(2026, 11, 4) and case.referral_department == "徐州经济技术开发区公安分局"
    # The case is closed as referred, then the letter, the report and the list are issued.
    assert [e.kind for e in case.events][-4:] == ["refer", "document", "document", "document"]
    assert audited("case.refer", case.id).changes["status"] == ["payment_ordered", "referred"]
    letter_number = audited("referral.hand_over", referral.id).changes["letter_number"][1]
    assert letter_number == referral.letter_number == "经开劳监移〔2026〕001号"
    assert referral.next_step == "police_receipt" and referral.next_due_at is None


def test_the_generic_close_form_cannot_refer_to_the_police(app):
    case = register()
    case_steps.accept(case, date(2026, 11, 3), case.handler)
    with pytest.raises(ServiceError) as refused:
        case_steps.close(case, "refer", date(2026, 11, 20), "移送", case.handler,
                         ReferralTarget.POLICE)
    assert refused.value.field == "target" and "移送公安" in refused.value.message
    assert db.session.get(Case, case.id).status is CaseStatus.INVESTIGATING


def test_filing_needs_a_police_case_number_and_a_refusal_its_reasons(app):
    referral = make_referral(up_to="received")
    police = make_user(role=Role.POLICE, username="police-svc")
    with pytest.raises(ServiceError) as no_number:
        referral_outcomes.record_decision(referral, police, decision=PoliceDecision.FILED,
                                          decided_at=at("2026-11-07 10:00"), reasons=None,
                                          police_case_number=None, expected_version=referral.version)
    assert no_number.value.field == "police_case_number"
    with pytest.raises(ServiceError) as no_reasons:
        referral_outcomes.record_decision(referral, police, decision=PoliceDecision.DECLINED,
                                          decided_at=at("2026-11-07 10:00"), reasons=None,
                                          police_case_number=None, expected_version=referral.version)
    assert no_reasons.value.field == "reasons"


def test_a_filed_referral_completes_when_materials_are_handed_over(app):
    referral = make_referral(up_to="filed")
    assert referral.status is ReferralStatus.FILED and referral.next_step == "materials"
    assert referral.next_due_at == day_limit(at("2026-11-07 10:00"), 3)
    assert "公安机关决定立案，案件编号徐经公刑立字〔2026〕88号" in [e.note for e in referral.case.events]
    referral_outcomes.hand_over_materials(referral, referral.case.handler,
                                          handed_over_at=at("2026-11-09 10:00"), note="物品清单1份",
                                          expected_version=referral.version)
    referral = reload(referral)
    assert referral.status is ReferralStatus.COMPLETED and referral.next_due_at is None
    assert not handover.progress(referral).late


def test_a_refusal_goes_through_reconsideration_and_supervision(app):
    referral = make_referral(up_to="declined")
    clerk = referral.case.handler
    assert referral.next_step == "reconsideration_request"
    referral_outcomes.request_reconsideration(referral, clerk, requested_at=at("2026-11-10 09:00"),
                                              note="证据充分", expected_version=referral.version)
    referral_outcomes.record_reconsideration_answer(
        referral, clerk, answered_at=at("2026-11-14 09:00"), result=ReviewResult.UPHELD,
        note="维持", police_case_number=None, expected_version=referral.version)
    assert referral.status is ReferralStatus.UPHELD
    assert handover.progress(referral).late == ("reconsideration_answer",)  # answered a day late
    referral_outcomes.request_supervision(referral, clerk, requested_at=at("2026-11-16 09:00"),
                                          procuratorate="经开区人民检察院", note="建议监督",
                                          expected_version=referral.version)
    referral_outcomes.record_supervision_result(
        referral, clerk, answered_at=at("2026-11-25 09:00"), result=ReviewResult.NOT_FILED,
        note="检察院认为不需要立案", police_case_number=None, expected_version=referral.version)
    referral = reload(referral)
    assert referral.status is ReferralStatus.CLOSED and referral.next_due_at is None
    assert [e.kind for e in referral.events][-4:] == [
        "reconsideration_request", "reconsideration_answer", "supervision_request", "supervision_result"]


def test_the_office_may_accept_a_refusal_and_end_the_referral(app):
    referral = make_referral(up_to="declined")
    with pytest.raises(ServiceError, match="不能记录复议决定"):
        referral_outcomes.record_reconsideration_answer(
            referral, referral.case.handler, answered_at=at("2026-11-10 09:00"),
            result=ReviewResult.FILED, note=None, police_case_number="1",
            expected_version=referral.version)
    referral_outcomes.close_referral(referral, referral.case.handler, closed_at=at("2026-11-10 09:00"),
                                     note="同意公安机关意见", expected_version=referral.version)
    assert reload(referral).status is ReferralStatus.CLOSED


def test_a_stale_form_is_refused(app):
    referral = make_referral()
    version = referral.version
    handover.update_checklist(referral, referral.case.handler, notes={
        ReferralDocumentKind.REFERRAL_LETTER: "2页"}, expected_version=version)
    with pytest.raises(StaleRecord):
        handover.decide_approval(referral, referral.case.handler, approved=True, approver_name="王局长",
                                  approved_at=at("2026-11-03 10:00"), note=None,
                                  expected_version=version)
    assert reload(referral).status is ReferralStatus.REPORTED


def test_progress_notes_need_the_file_with_the_police(app):
    referral = make_referral()
    with pytest.raises(ServiceError, match="移送公安机关之前"):
        referral_outcomes.add_progress_note(referral, referral.case.handler, text="进展")


def test_overdue_referrals_are_counted_for_the_office(app):
    make_referral()  # reported on 2 November, the head's decision was due on 5 November
    office_id = db.session.scalar(db.select(Case.office_id))
    assert overdue_count(office_id, at("2026-11-05 23:00")) == 0
    assert overdue_count(office_id, at("2026-11-06 00:01")) == 1


def test_an_approved_referral_may_be_closed_before_the_hand_over(app):
    referral = make_referral(up_to="approved")
    referral_outcomes.close_referral(referral, referral.case.handler, closed_at=at("2026-11-04 12:00"),
                                     note="用人单位已全额支付（S-JI art. 6）", expected_version=referral.version)
    referral = reload(referral)
    assert referral.status is ReferralStatus.CLOSED and referral.next_due_at is None
    assert referral.case.status is CaseStatus.PAYMENT_ORDERED


def test_the_report_cannot_predate_the_cases_filing(app):
    case = flagged_case()
    with pytest.raises(ServiceError) as early:
        handover.start_referral(case, case.handler, reported_at=at("2026-09-21 10:00"), report="报告")
    assert early.value.field == "reported_at"
