"""Early removal (S-45): eligibility 6 months after correction, each bar, the 15-working-day
decision, removal of the listed persons, and fraud restarting the listing with new dates."""

from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import BlacklistProceeding, Listing, ProceedingStatus, RemovalReason, Role
from wagewatch.services import ServiceError
from wagewatch.services.blacklist.listing_queries import listed_on
from wagewatch.services.cases import case_steps
from wagewatch.services.referrals import referral_outcomes

from tests.factories import post, text_of
from tests.web.blacklist.factories import listed_proceeding
from tests.web.cases.factories import register


def _step(app, client, proceeding, step, data):
    version = db.session.scalar(db.select(BlacklistProceeding.version)
                                .where(BlacklistProceeding.id == proceeding.id))
    return text_of(post(app, client, f"/blacklist/proceedings/{proceeding.id}/{step}",
                        {"version": str(version), **data}, follow_redirects=True))


APPLICATION = {"applied_on": "2025-11-06", "corrected_on": "2025-05-05", "written_commitment": "y",
               "note": "已全额支付并提交信用承诺书"}


def _apply(app, client, proceeding, **changes):
    page = _step(app, client, proceeding, "early-removal/new", {**APPLICATION, **changes})
    db.session.expire_all()
    return page, proceeding.current_listing.applications[-1]


def test_approval_removes_the_employer_and_its_persons(app, client, login_as):
    proceeding = listed_proceeding()
    login_as(Role.CLERK, username="clerk-er")
    page, application = _apply(app, client, proceeding)
    # 15 working days after Thursday 6 November 2025.
    assert "已登记提前移出申请，应于 2025-11-27 前作出决定" in page
    detail = text_of(client.get(f"/blacklist/proceedings/{proceeding.id}"))
    assert "作出提前移出决定（申请后15个工作日）：2025-11-27" in detail
    assert "2025-11-06" in detail  # eligible the day after the 6 months since the correction
    done = _step(app, client, proceeding, f"early-removal/{application.id}/decide",
                 {"decided_on": "2025-11-20", "outcome": "approve"})
    assert "已同意提前移出，单位及其列入人员一并移出" in done
    db.session.expire_all()
    listing = proceeding.current_listing
    assert proceeding.status is ProceedingStatus.REMOVED
    assert listing.removal_reason is RemovalReason.EARLY_REMOVAL
    assert listing.removed_on == listing.publication_stopped_on == date(2025, 11, 20)
    assert [p.removed_on for p in listing.persons] == [date(2025, 11, 20)] * 2
    assert listed_on(listing.contractor_id, date(2025, 11, 19)) == listing
    assert listed_on(listing.contractor_id, date(2025, 11, 20)) is None


def _new_case_during_listing(proceeding):
    case = register(clerk=proceeding.cases[0].case.handler, received_on=date(2025, 9, 1),
                    employer=proceeding.contractor)
    case_steps.accept(case, date(2025, 9, 2), case.handler)
    return case


@pytest.mark.parametrize(("bar", "application", "decision", "message"), [
    ("six_months", {"applied_on": "2025-11-05"}, {},
     "自纠正之日起在名单内满6个月于2025-11-05届满，申请日2025-11-05未满"),
    ("commitment", {"written_commitment": ""}, {}, "未作出书面信用承诺"),
    ("uncorrected", {"corrected_on": ""}, {}, "未纠正违法行为"),
    ("other", {}, {"other_bar": "因拖欠工资正在被外省立案查处"},
     "其他依法不予提前移出的情形：因拖欠工资正在被外省立案查处"),
])
def test_each_condition_refuses_approval(app, client, login_as, bar, application, decision, message):
    proceeding = listed_proceeding()
    login_as(Role.CLERK, username="clerk-er")
    _, record = _apply(app, client, proceeding, **application)
    page = _step(app, client, proceeding, f"early-removal/{record.id}/decide",
                 {"decided_on": "2025-11-20", "outcome": "approve", **decision})
    assert "不符合提前移出的条件" in page and message in page
    db.session.expire_all()
    assert proceeding.status is ProceedingStatus.LISTED
    assert listed_on(proceeding.contractor_id, date(2025, 11, 21)) is not None


def _referral(proceeding, up_to):
    from tests.web.referrals.factories import make_referral

    return make_referral(clerk=proceeding.cases[0].case.handler, up_to=up_to)


def _judged(proceeding):
    referral = _referral(proceeding, "filed")
    referral_outcomes.record_judgement(referral, referral.reported_by, judged_on=date(2026, 12, 1),
                                       court="徐州经济技术开发区人民法院", number="（2026）苏0391刑初88号",
                                       expected_version=referral.version)
    return referral


@pytest.mark.parametrize(("bar", "make", "shown"), [
    ("new_arrears", _new_case_during_listing, "列入期间再次发生拖欠工资违法行为：{number}（2025-09-01登记）"),
    ("referral", lambda p: _referral(p, "handed_over"),
     "涉嫌拒不支付劳动报酬罪正在移送公安机关：{number}，移送函经开劳监移〔2026〕001号（已移送待公安接收）"),
    ("police_filed", lambda p: _referral(p, "filed"),
     "公安机关已对拒不支付劳动报酬罪立案：{number}，移送函经开劳监移〔2026〕001号（立案号徐经公刑立字〔2026〕88号）"),
    ("judgement", _judged, "人民法院已作出拒不支付劳动报酬罪刑事判决：{number}，移送函经开劳监移〔2026〕001号"
                           "（2026-12-01，徐州经济技术开发区人民法院）"),
])
def test_each_computed_bar_is_shown_with_its_number_and_cannot_be_cleared(
        app, client, login_as, bar, make, shown):
    proceeding = listed_proceeding()
    login_as(Role.CLERK, username="clerk-er")
    source = make(proceeding)
    number = source.number if bar == "new_arrears" else source.case.number
    _, record = _apply(app, client, proceeding)
    url = f"/blacklist/proceedings/{proceeding.id}/early-removal/{record.id}/decide"
    text = shown.format(number=number)
    assert text in text_of(client.get(url))
    assert text in text_of(client.get(f"/blacklist/proceedings/{proceeding.id}"))
    # No tick box to untick: the bar comes from the registry, whatever the form sends.
    page = _step(app, client, proceeding, f"early-removal/{record.id}/decide",
                 {"decided_on": "2025-11-20", "outcome": "approve", "new_arrears": "",
                  "criminal_proceedings": ""})
    assert "不符合提前移出的条件" in page and text in page
    db.session.expire_all()
    assert proceeding.status is ProceedingStatus.LISTED


def test_a_judgement_is_recorded_only_after_the_police_filed(app):
    proceeding = listed_proceeding()
    referral = _referral(proceeding, "handed_over")
    with pytest.raises(ServiceError, match="不能记录刑事判决"):
        referral_outcomes.record_judgement(referral, referral.reported_by, judged_on=date(2026, 12, 1),
                                           court="某法院", number=None, expected_version=referral.version)


def test_a_refusal_needs_reasons_and_keeps_the_listing(app, client, login_as):
    proceeding = listed_proceeding()
    login_as(Role.CLERK, username="clerk-er")
    _, record = _apply(app, client, proceeding, written_commitment="")
    step = f"early-removal/{record.id}/decide"
    missing = _step(app, client, proceeding, step, {"decided_on": "2025-11-20", "outcome": "refuse"})
    assert "不予提前移出的，请写明理由" in missing
    done = _step(app, client, proceeding, step, {"decided_on": "2025-11-20", "outcome": "refuse",
                                                 "note": "未提交书面信用承诺"})
    assert "已决定不予提前移出" in done and "不予提前移出：未提交书面信用承诺" in done
    db.session.expire_all()
    assert record.approved is False and proceeding.status is ProceedingStatus.LISTED


def test_fraud_revokes_the_early_removal_and_restarts_the_listing(app, client, login_as):
    proceeding = listed_proceeding()
    login_as(Role.CLERK, username="clerk-er")
    _, record = _apply(app, client, proceeding)
    _step(app, client, proceeding, f"early-removal/{record.id}/decide",
          {"decided_on": "2025-11-20", "outcome": "approve"})
    page = _step(app, client, proceeding, f"early-removal/{record.id}/fraud", {
        "revoked_on": "2026-01-05", "document_number": "经开劳监列字〔2026〕2号",
        "note": "提交的工资支付凭证系伪造"})
    assert "已撤销提前移出，重新列入 2026-01-05 至 2029-01-05" in page
    assert "2026-01-05 因欺诈撤销：提交的工资支付凭证系伪造" in page
    db.session.expire_all()
    first, second = proceeding.listings
    assert proceeding.status is ProceedingStatus.LISTED
    assert second.previous_listing_id == first.id and [p.removed_on for p in second.persons] == [None, None]
    contractor_id = proceeding.contractor_id
    assert listed_on(contractor_id, date(2025, 6, 1)) == first
    assert listed_on(contractor_id, date(2025, 12, 1)) is None
    assert listed_on(contractor_id, date(2026, 2, 1)) == second
    again = _step(app, client, proceeding, f"early-removal/{record.id}/fraud", {
        "revoked_on": "2026-01-06", "document_number": "x", "note": "再次"})
    assert "只有已批准且尚未撤销的提前移出才能因欺诈撤销" in again
    assert db.session.scalar(db.select(db.func.count()).select_from(Listing)) == 2


def test_the_history_page_answers_was_it_listed_on_a_day(app, client, login_as):
    proceeding = listed_proceeding()
    login_as(Role.LEADER, username="leader-er")
    url = f"/blacklist/contractors/{proceeding.contractor_id}"
    listed = text_of(client.get(url + "?on=2025-06-01"))
    assert "2025-06-01 在黑名单期内 ：经开劳监列字〔2025〕1号，2025-03-25 至 2028-03-25" in listed
    assert "2025-03-24 不在黑名单期内" in text_of(client.get(url + "?on=2025-03-24"))
    bad = text_of(client.get(url + "?on=2025-02-30"))
    assert "不是有效的日期值" in bad
    detail = text_of(client.get(f"/contractors/{proceeding.contractor_id}"))
    assert "列入黑名单的记录" in detail
