"""Police referral limits in calendar days and hours (S-310 arts. 5, 8, 9, 12) and the file."""

from datetime import UTC, datetime, timedelta

import pytest

from wagewatch.rules.referral_file import (
    FILE_ITEM_LABELS, FILE_ITEMS, ItemRecord, OrderRecord, file_check, missing_items,
)
from wagewatch.rules.referral_steps import CHINA_TZ, ReferralFacts, day_limit, referral_progress


def at(text: str) -> datetime:
    """A Beijing-time moment, e.g. ``at("2026-11-02 10:00")``."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CHINA_TZ)


REPORTED = at("2026-11-02 10:00")
APPROVED = at("2026-11-04 09:00")
HANDED = at("2026-11-04 16:00")
RECEIVED = at("2026-11-05 15:00")
DECLINED_AT = at("2026-11-08 10:00")
ASKED = at("2026-11-10 09:00")
ANSWERED = at("2026-11-13 11:00")


def approved(**more) -> ReferralFacts:
    return ReferralFacts(reported_at=REPORTED, approved=True, approved_at=APPROVED, **more)


def received(**more) -> ReferralFacts:
    return approved(handed_over_at=HANDED, police_received_at=RECEIVED, **more)


def declined(**more) -> ReferralFacts:
    return received(police_decision="declined", police_decided_at=DECLINED_AT, **more)


def step(facts: ReferralFacts, name: str, now: datetime):
    progress = referral_progress(facts, now)
    return next(s for s in progress.steps if s.step == name), progress


# (facts, step, now, expected state): the last moment on time, and one minute or day later.
LIMITS = [
    # The head decides within 3 days of the report (S-310 art. 5): report on 2 November.
    (ReferralFacts(REPORTED, approved=True, approved_at=at("2026-11-05 23:59")), "approval", "done"),
    (ReferralFacts(REPORTED, approved=True, approved_at=at("2026-11-06 00:00")), "approval", "late"),
    (ReferralFacts(REPORTED, approved=True, approved_at=at("2026-11-06 09:00")), "approval", "late"),
    # Handed over within 24 hours of approval (S-310 art. 5).
    (approved(handed_over_at=APPROVED + timedelta(hours=24)), "hand_over", "done"),
    (approved(handed_over_at=APPROVED + timedelta(hours=24, minutes=1)), "hand_over", "late"),
    # The police decide within 3 days of receipt (S-310 art. 8): received on 5 November.
    (received(police_decision="filed", police_decided_at=at("2026-11-08 23:59")), "police_decision", "done"),
    (received(police_decision="filed", police_decided_at=at("2026-11-09 08:00")), "police_decision", "late"),
    # Reconsideration asked within 3 days of the refusal (declined on 8 November).
    (declined(reconsideration_requested_at=at("2026-11-11 17:00")), "reconsideration_request", "done"),
    (declined(reconsideration_requested_at=at("2026-11-12 08:30")), "reconsideration_request", "late"),
    # ... and answered within 3 days of the request (asked on 10 November).
    (declined(reconsideration_requested_at=ASKED, reconsideration_result="upheld",
              reconsideration_answered_at=at("2026-11-13 18:00")), "reconsideration_answer", "done"),
    (declined(reconsideration_requested_at=ASKED, reconsideration_result="upheld",
              reconsideration_answered_at=at("2026-11-14 09:00")), "reconsideration_answer", "late"),
    # Procuratorate supervision within 3 days of the upheld refusal (answered on 13 November).
    (declined(reconsideration_requested_at=ASKED, reconsideration_result="upheld",
              reconsideration_answered_at=ANSWERED, supervision_requested_at=at("2026-11-16 16:00")),
     "supervision_request", "done"),
    (declined(reconsideration_requested_at=ASKED, reconsideration_result="upheld",
              reconsideration_answered_at=ANSWERED, supervision_requested_at=at("2026-11-17 10:00")),
     "supervision_request", "late"),
    # Materials handed over within 3 days of the filing notice (S-310 art. 12).
    (received(police_decision="filed", police_decided_at=at("2026-11-07 10:00"),
              materials_handed_over_at=at("2026-11-10 23:00")), "materials", "done"),
    (received(police_decision="filed", police_decided_at=at("2026-11-07 10:00"),
              materials_handed_over_at=at("2026-11-11 09:00")), "materials", "late"),
    # Filing after reconsideration starts the materials clock on the answer (13 November).
    (declined(reconsideration_requested_at=ASKED, reconsideration_result="filed",
              reconsideration_answered_at=ANSWERED, materials_handed_over_at=at("2026-11-16 12:00")),
     "materials", "done"),
    (declined(reconsideration_requested_at=ASKED, reconsideration_result="filed",
              reconsideration_answered_at=ANSWERED, materials_handed_over_at=at("2026-11-17 12:00")),
     "materials", "late"),
]


@pytest.mark.parametrize(("facts", "name", "state"), LIMITS)
def test_each_limit_is_met_on_its_last_day_and_missed_after(facts, name, state):
    found, progress = step(facts, name, at("2026-12-31 12:00"))
    assert found.state == state
    assert found.overdue is (state == "late")
    assert (name in progress.late) is (state == "late")


# (facts, the step to act on, now, pending or overdue): the same limits while nothing is recorded.
PENDING = [
    (ReferralFacts(REPORTED), "approval", at("2026-11-05 23:59"), "pending"),
    (ReferralFacts(REPORTED), "approval", at("2026-11-06 00:01"), "overdue"),
    (approved(), "hand_over", APPROVED + timedelta(hours=24), "pending"),
    (approved(), "hand_over", APPROVED + timedelta(hours=24, minutes=1), "overdue"),
    (approved(handed_over_at=HANDED), "police_receipt", at("2027-01-31 10:00"), "pending"),
    (received(), "police_decision", at("2026-11-08 23:59"), "pending"),
    (received(), "police_decision", at("2026-11-09 00:00"), "overdue"),
    (declined(), "reconsideration_request", at("2026-11-11 23:00"), "pending"),
    (declined(), "reconsideration_request", at("2026-11-12 00:00"), "overdue"),
    (declined(reconsideration_requested_at=ASKED), "reconsideration_answer", at("2026-11-13 23:59"), "pending"),
    (declined(reconsideration_requested_at=ASKED), "reconsideration_answer", at("2026-11-14 00:00"), "overdue"),
    (declined(reconsideration_requested_at=ASKED, reconsideration_result="upheld",
              reconsideration_answered_at=ANSWERED), "supervision_request", at("2026-11-16 23:59"), "pending"),
    (declined(reconsideration_requested_at=ASKED, reconsideration_result="upheld",
              reconsideration_answered_at=ANSWERED), "supervision_request", at("2026-11-17 00:00"), "overdue"),
    (received(police_decision="filed", police_decided_at=at("2026-11-07 10:00")), "materials",
     at("2026-11-10 23:59"), "pending"),
    (received(police_decision="filed", police_decided_at=at("2026-11-07 10:00")), "materials",
     at("2026-11-11 00:00"), "overdue"),
]


@pytest.mark.parametrize(("facts", "name", "now", "state"), PENDING)
def test_the_current_step_turns_overdue_after_its_limit(facts, name, now, state):
    found, progress = step(facts, name, now)
    assert progress.current == found and found.state == state
    assert (name in progress.overdue) is (state == "overdue")
    assert progress.next_due_at == found.due_at


def test_days_are_counted_on_the_beijing_calendar_whatever_the_clock_of_the_input():
    late_evening = datetime(2026, 11, 2, 15, 30, tzinfo=UTC)  # 23:30 in Beijing on 2 November
    assert day_limit(late_evening, 3).date().isoformat() == "2026-11-05"
    assert day_limit(datetime(2026, 11, 2, 16, 30, tzinfo=UTC), 3).date().isoformat() == "2026-11-06"


def test_due_times_are_shown_in_chinese_with_the_source():
    found, _ = step(ReferralFacts(REPORTED), "approval", at("2026-11-06 08:00"))
    assert found.due_text == "2026-11-05（当日24时前）"
    assert found.text == "已逾期：应于2026-11-05（当日24时前）完成"
    assert found.info.source == "S-310 art. 5" and found.info.party == "机关负责人"
    hand_over, _ = step(approved(), "hand_over", at("2026-11-04 10:00"))
    assert hand_over.due_text == "2026-11-05 09:00前" and hand_over.info.title == "移送公安机关"


def test_later_steps_wait_for_the_earlier_ones():
    progress = referral_progress(ReferralFacts(REPORTED), at("2026-11-03 10:00"))
    states = {s.step: s.state for s in progress.steps}
    assert states == {"report": "done", "approval": "pending", "hand_over": "waiting",
                      "police_receipt": "waiting", "police_decision": "waiting"}


def test_a_refused_approval_ends_the_referral():
    facts = ReferralFacts(REPORTED, approved=False, approved_at=at("2026-11-03 10:00"))
    progress = referral_progress(facts, at("2026-12-01 10:00"))
    assert progress.finished and progress.current is None and progress.overdue == ()
    assert [s.step for s in progress.steps] == ["report", "approval"]


def test_asking_the_procuratorate_directly_skips_reconsideration():
    facts = declined(supervision_requested_at=at("2026-11-11 10:00"))
    progress = referral_progress(facts, at("2026-11-20 10:00"))
    states = {s.step: s.state for s in progress.steps}
    assert states["reconsideration_request"] == "skipped"
    assert states["supervision_request"] == "done"
    assert progress.current.step == "supervision_result" and progress.overdue == ()


def test_closing_after_a_refusal_leaves_nothing_overdue():
    progress = referral_progress(declined(closed_at=at("2026-11-20 10:00")), at("2026-12-01 10:00"))
    assert progress.finished and progress.overdue == () and progress.current is None
    assert progress.steps[-1].state == "skipped"


def test_the_referral_is_finished_once_materials_are_handed_over():
    facts = received(police_decision="filed", police_decided_at=at("2026-11-07 10:00"),
                     materials_handed_over_at=at("2026-11-09 10:00"))
    progress = referral_progress(facts, at("2026-12-01 10:00"))
    assert progress.finished and progress.current is None and progress.late == ()


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        referral_progress(ReferralFacts(datetime(2026, 11, 2, 10, 0)), at("2026-11-03 10:00"))


# The file checklist (S-310 art. 6; S-100): a file behind every required item ----------------------

ALL_FILED = {item.kind: ItemRecord(() if item.generated else (f"{item.kind}.pdf",))
             for item in FILE_ITEMS}
ORDER = OrderRecord("经开劳监限字〔2026〕15号", ("责令限期支付（改正）指令书",), ("送达回证",))
ORDERS = (ORDER,)


def test_a_file_with_a_file_behind_every_item_passes():
    decision = file_check(ALL_FILED, ORDERS)
    assert decision.flagged and missing_items(ALL_FILED, ORDERS) == ()
    assert "责令支付文书及其送达证明：已附经开劳监限字〔2026〕15号及其送达证明共2份" in decision.summary
    assert "涉嫌犯罪案件移送书：移送时由系统制作" in decision.summary


@pytest.mark.parametrize("kind", [i.kind for i in FILE_ITEMS
                                  if not i.generated and i.kind != "payment_order"])
def test_an_item_without_a_file_is_named_even_when_it_was_ticked(kind):
    recorded = {**ALL_FILED, kind: ItemRecord(())}
    missing = missing_items(recorded, ORDERS)
    assert [r.condition for r in missing] == [kind]
    assert missing[0].text.startswith(FILE_ITEM_LABELS[kind] + "：缺少文件") and missing[0].source


@pytest.mark.parametrize(("kind", "note", "complete"), [
    ("item_list", "本案无涉案物品", True),
    ("inspection_reports", "无需检验鉴定", True),
    ("item_list", "", False),
    ("other_evidence", "稍后补交", False),   # evidence can never be absent
])
def test_only_some_items_may_be_absent_with_a_reason(kind, note, complete):
    recorded = {**ALL_FILED, kind: ItemRecord((), note)}
    assert file_check(recorded, ORDERS).flagged is complete


def test_the_payment_order_needs_an_order_with_recorded_service():
    missing = missing_items(ALL_FILED, ())
    assert [r.condition for r in missing] == ["payment_order"]
    assert missing[0].text == "责令支付文书及其送达证明：本案没有已送达的责令支付文书"


@pytest.mark.parametrize(("order", "lacking"), [
    (OrderRecord("限字1号", ("指令书",), ()), "限字1号缺少送达证明文件（送达回证或送达照片/视频）"),
    (OrderRecord("限字1号", (), ("送达回证",)), "限字1号缺少文书文件（请上传扫描件并关联到此项）"),
])
def test_a_served_order_needs_its_document_and_its_proof_of_service_as_files(order, lacking):
    missing = missing_items(ALL_FILED, (order,))
    assert [r.condition for r in missing] == ["payment_order"]
    assert missing[0].text.endswith(lacking)


def test_nothing_recorded_leaves_only_the_generated_items_met():
    missing = missing_items({}, ())
    assert [r.condition for r in missing] == [
        i.kind for i in FILE_ITEMS if not i.generated]


def test_an_approved_referral_closed_before_the_hand_over_leaves_nothing_overdue():
    facts = approved(closed_at=at("2026-11-04 12:00"))   # e.g. paid in full (S-JI art. 6)
    progress = referral_progress(facts, at("2026-11-10 10:00"))
    assert progress.finished and progress.overdue == ()
    assert {s.step: s.state for s in progress.steps}["hand_over"] == "skipped"
