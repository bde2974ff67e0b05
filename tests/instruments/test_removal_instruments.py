"""The 移出决定（通知） (S-45 arts. 16-17): issued when a listing expires, is removed early or is
revoked, numbered, stored, reopened with python-docx and listed on the proceeding page."""

from datetime import date

from wagewatch.extensions import db
from wagewatch.instruments.citations import ADMINISTRATIVE_REVIEW_LAW
from wagewatch.models import Role
from wagewatch.rules.sources import citation
from wagewatch.services.blacklist import listing_removal
from wagewatch.services.blacklist.listing_expiry import expire_listings
from wagewatch.services.documents import issuing

from tests.factories import text_of
from tests.instruments.test_blacklist_instruments import text
from tests.web.blacklist.factories import LEGAL_REP_ID, MANAGER_ID, listed_proceeding

#: 《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人力资源社会保障部令第45号）第十六条、第十七条
BASIS = citation("S-45 art. 16") + "、第十七条"


def _removals(proceeding):
    return [d for d in issuing.proceeding_documents(proceeding) if d.kind == "removal_decision"]


def test_the_expiry_run_issues_a_numbered_removal_notice_naming_the_listing(app):
    proceeding = listed_proceeding()  # listed 2025-03-25 to 2028-03-25 by 经开劳监列字〔2025〕1号
    report = expire_listings(date(2028, 3, 27))
    assert report.removed == 1
    db.session.expire_all()
    [removal] = _removals(proceeding)
    assert removal.number == "经开劳监列移〔2028〕001号" and removal.issued_on == date(2028, 3, 27)
    assert removal.created_by_id is None  # issued by the daily run, not by a clerk
    content = text(removal)
    for expected in ("移出拖欠农民工工资失信联合惩戒对象名单决定书", "经开劳监列移〔2028〕001号",
                     proceeding.contractor.name, "王建国", LEGAL_REP_ID, "赵工头", MANAGER_ID,
                     "经开劳监列字〔2025〕1号", "2025年3月25日", "自2025年3月25日起至2028年3月25日止",
                     "移出事由：期满移出", "自2028年3月27日起", "停止公开", BASIS,
                     proceeding.cases[0].case_number):
        assert expected in content, expected
    assert "行政复议" not in content  # an expiry takes nothing from the employer: no remedies


def test_the_cli_run_files_it_and_the_proceeding_page_lists_it(app, runner, client, login_as):
    proceeding = listed_proceeding()
    result = runner.invoke(args=["blacklist", "expire", "--as-of", "2028-03-27"])
    assert "移出 1 家" in result.output, result.output
    login_as(Role.CLERK, username="clerk-bl-removal")
    page = text_of(client.get(f"/blacklist/proceedings/{proceeding.id}"))
    assert "移出拖欠农民工工资失信联合惩戒对象名单决定书" in page and "经开劳监列移〔2028〕001号" in page


def test_a_revocation_issues_a_removal_decision_with_its_reason_and_remedies(app):
    proceeding = listed_proceeding()
    listing_removal.revoke_for_payment_order(
        proceeding.cases[0].payment_order_id, date(2025, 6, 3), "行政复议决定撤销责令支付文书",
        proceeding.cases[0].case.handler)
    db.session.commit()
    [removal] = _removals(proceeding)
    assert removal.number == "经开劳监列移〔2025〕001号" and removal.issued_on == date(2025, 6, 3)
    content = text(removal)
    for expected in ("撤销列入", "行政复议决定撤销责令支付文书", "自2025年6月3日起", BASIS,
                     "经开劳监列字〔2025〕1号", ADMINISTRATIVE_REVIEW_LAW + "第二十条"):
        assert expected in content, expected


def test_an_approved_early_removal_is_followed_by_the_removal_notice(app):
    proceeding = listed_proceeding()
    actor = proceeding.cases[0].case.handler
    listing_removal.apply_for_early_removal(proceeding, date(2025, 11, 6), date(2025, 5, 5), True,
                                            None, actor, proceeding.version)
    application = proceeding.current_listing.applications[-1]
    listing_removal.decide_early_removal(proceeding, application, date(2025, 11, 10), True, None,
                                         "已全额支付", actor, proceeding.version)
    kinds = [d.kind for d in issuing.proceeding_documents(proceeding)]
    assert kinds[-2:] == ["early_removal_decision", "removal_decision"]
    content = text(_removals(proceeding)[0])
    for expected in ("移出事由：提前移出", "2025年11月10日", citation("S-45", 14), "第十六条、第十七条"):
        assert expected in content, expected


def test_a_correction_rebuilds_the_removal_notice_from_the_listing(app):
    proceeding = listed_proceeding()
    expire_listings(date(2028, 3, 27))
    [removal] = _removals(proceeding)
    corrected = issuing.correct(removal, "补正当事人地址", date(2028, 3, 28),
                                  proceeding.cases[0].case.handler)
    assert corrected.version == 2 and corrected.number == removal.number
    assert "移出事由：期满移出" in text(corrected)
