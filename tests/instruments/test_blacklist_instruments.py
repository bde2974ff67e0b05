"""The blacklist notice and the listing decision generated at their steps, reopened with
python-docx, listed on the proceeding page and downloaded only within the office."""

import io
from datetime import date

import docx
import pytest

from wagewatch.extensions import db
from wagewatch.models import IssuedDocument, Role
from wagewatch.services.blacklist import procedure
from wagewatch.services.documents import issuing

from tests.factories import make_office, post, text_of
from tests.web.blacklist.factories import (
    LEGAL_REP_ID, MANAGER_ID, NOTICE, candidate_case, decision,
)


def text(document: IssuedDocument) -> str:
    """Every paragraph and table cell of the stored .docx, as a reader of the file sees it."""
    opened = docx.Document(io.BytesIO(document.content))
    parts = [p.text for p in opened.paragraphs]
    parts += [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _proceeding(*, notice=NOTICE, listed=True):
    case = candidate_case()
    actor = case.handler
    proceeding = procedure.start_proceeding(case.employer, actor, date(2025, 3, 14))
    procedure.serve_notice(proceeding, notice, actor, proceeding.version)
    if listed:
        procedure.decide_listing(proceeding, decision(), actor, proceeding.version)
    return case, proceeding


def _only(proceeding, kind):
    found = [d for d in issuing.proceeding_documents(proceeding) if d.kind == kind]
    assert len(found) == 1
    return found[0]


def test_the_notice_states_grounds_basis_persons_the_window_from_service_and_art_7(app):
    case, proceeding = _proceeding(listed=False)
    notice = _only(proceeding, "blacklist_notice")
    assert notice.number == "经开劳监告字〔2025〕1号" == proceeding.notice.document_number
    assert notice.case_id == case.id and notice.issued_on == date(2025, 3, 17)
    content = text(notice)
    order = case.payment_orders[0]
    for expected in (case.number, case.employer.name, "王建国", LEGAL_REP_ID, "赵工头", MANAGER_ID,
                     order.document_number, "24,000.00", "人民币贰万肆仟元整",
                     "2025年3月10日", "2025年3月13日", "逾期未支付工资",
                     "《保障农民工工资支付条例》第四十八条",
                     "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条",
                     "5个工作日内（即2025年3月24日前）", "第七条", "书面信用承诺",
                     "拟列入拖欠农民工工资失信联合惩戒对象名单告知书"):
        assert expected in content, expected


def test_the_decision_states_the_five_contents_of_art_8_and_the_listed_persons(app):
    case, proceeding = _proceeding()
    listing = proceeding.current_listing
    decided = _only(proceeding, "listing_decision")
    assert decided.number == listing.document_number == "经开劳监列字〔2025〕1号"
    content = text(decided)
    for expected in ("列入事由", "列入依据", "联合惩戒措施提示", "提前移出的条件和程序", "救济措施",
                     case.number, case.employer.name, "王建国", LEGAL_REP_ID, "赵工头", MANAGER_ID,
                     "24,000.00", "人民币贰万肆仟元整", "2025年3月17日", "经开劳监告字〔2025〕1号",
                     "自2025年3月25日起至2028年3月25日止", "满6个月可申请", "联合惩戒",
                     "60日内", "《中华人民共和国行政复议法》第二十条", "6个月内",
                     "《中华人民共和国行政诉讼法》第四十六条", "在规定期限内未提出陈述、申辩意见",
                     "第九条"):
        assert expected in content, expected


def test_a_blank_number_takes_the_offices_next_gap_free_number(app):
    blank = procedure.NoticeInput("", NOTICE.grounds, NOTICE.basis, NOTICE.served_on,
                                  NOTICE.service_method)
    _, proceeding = _proceeding(notice=blank, listed=False)
    notice = _only(proceeding, "blacklist_notice")
    assert notice.number == "经开劳监列告〔2025〕001号" == proceeding.notice.document_number


def test_a_correction_rebuilds_the_notice_from_the_proceeding(app):
    case, proceeding = _proceeding(listed=False)
    notice = _only(proceeding, "blacklist_notice")
    corrected = issuing.correct(notice, "补正送达地址", date(2025, 3, 18), case.handler)
    assert corrected.version == 2 and corrected.number == notice.number
    assert "5个工作日内（即2025年3月24日前）" in text(corrected)


def test_the_proceeding_page_lists_both_and_downloads_stay_in_the_office(app, client, login_as):
    _, proceeding = _proceeding()
    login_as(Role.CLERK, username="clerk-bl-docs")
    page = text_of(client.get(f"/blacklist/proceedings/{proceeding.id}"))
    assert "拟列入拖欠农民工工资失信联合惩戒对象名单告知书" in page
    assert "列入拖欠农民工工资失信联合惩戒对象名单决定书" in page
    decided = _only(proceeding, "listing_decision")
    url = f"/cases/{decided.case_id}/documents/{decided.id}/download"
    response = post(app, client, url)
    assert response.status_code == 200 and response.data == decided.content



def test_another_offices_clerk_gets_404_for_the_proceeding_and_its_documents(app, client,
                                                                             login_as):
    _, proceeding = _proceeding()
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("棠张镇",))
    login_as(Role.CLERK, username="clerk-tsq-bl", office=other)
    for document in issuing.proceeding_documents(proceeding):
        url = f"/cases/{document.case_id}/documents/{document.id}/download"
        assert post(app, client, url).status_code == 404
    assert client.get(f"/blacklist/proceedings/{proceeding.id}").status_code == 404


@pytest.mark.parametrize("kind", ["blacklist_notice", "listing_decision"])
def test_both_kinds_are_served_instruments(app, kind):
    from wagewatch.instruments.kinds import kind_of
    assert kind_of(kind).served and kind_of(kind).number_code


def _serve(document, served_on, actor):
    from wagewatch.models import ServiceMethod
    from wagewatch.services.documents import service_records
    return service_records.record_service(document, service_records.ServiceInput(
        recipient="徐州恒达建设工程有限公司", place="徐州市经济技术开发区高新路1号",
        method=ServiceMethod.IN_PERSON, served_on=served_on, served_time=None,
        servers="李明、周强"), actor)


def test_serving_the_decision_through_its_receipt_records_the_listings_service(app):
    case, proceeding = _proceeding()
    listing = proceeding.current_listing
    assert listing.served_on is None
    decided = _only(proceeding, "listing_decision")
    record = _serve(decided, date(2025, 3, 26), case.handler)
    assert record.receipt is not None and "送达回证" in text(record.receipt)
    assert decided.number in text(record.receipt)
    db.session.refresh(listing)
    assert listing.served_on == date(2025, 3, 26)


def test_the_notices_receipt_must_carry_the_service_date_its_window_runs_from(app):
    from wagewatch.services import ServiceError
    case, proceeding = _proceeding(listed=False)
    notice = _only(proceeding, "blacklist_notice")
    with pytest.raises(ServiceError, match="2025-03-17"):
        _serve(notice, date(2025, 3, 18), case.handler)
    db.session.rollback()
    record = _serve(notice, date(2025, 3, 17), case.handler)
    assert record.receipt is not None


def test_naming_a_case_for_supervision_issues_the_supervision_notice(app):
    from wagewatch.services.cases import supervision
    case = candidate_case()
    listing = supervision.create_listing(
        case, case.handler, authority="经开区管委会", official="王主任", grounds="用人单位负责人逃匿",
        listed_on=date(2025, 3, 14), deadline_on=date(2025, 4, 30))
    found = [d for d in issuing.case_documents(case) if d.kind == "supervision_notice"]
    assert len(found) == 1 and found[0].number == "经开劳监督〔2025〕001号"
    assert found[0].data["supervision_id"] == listing.id
    content = text(found[0])
    for expected in ("挂牌督办通知书", case.number, case.employer.name, "经开区管委会", "王主任",
                     "用人单位负责人逃匿", "2025年3月14日", "2025年4月30日", "16,000.00",
                     "人民币壹万陆仟元整", "每7日报告一次进展"):
        assert expected in content, expected


THURSDAY_NOTICE = procedure.NoticeInput("经开劳监告字〔2025〕2号", "逾期未支付工资", "人社部令第45号第五条",
                                        date(2025, 3, 20), NOTICE.service_method)


@pytest.mark.parametrize(("received_on", "accepted"), [
    (date(2025, 3, 26), True),    # the working day before the window's last day
    (date(2025, 3, 27), True),    # its last day: Thursday, 5 working days after a Thursday
    (date(2025, 3, 28), False),   # the working day after
])
def test_an_objection_counts_in_working_days_from_the_notices_service(app, received_on, accepted):
    from wagewatch.services import ServiceError
    case, proceeding = _proceeding(notice=THURSDAY_NOTICE, listed=False)
    assert "5个工作日内（即2025年3月27日前）" in text(_only(proceeding, "blacklist_notice"))
    if accepted:
        procedure.record_objection(proceeding, received_on, "请求暂缓", case.handler,
                                   proceeding.version)
        assert len(proceeding.objections) == 1
    else:
        with pytest.raises(ServiceError, match="2025-03-27届满"):
            procedure.record_objection(proceeding, received_on, "请求暂缓", case.handler,
                                       proceeding.version)


@pytest.mark.parametrize(("decided_on", "allowed"), [
    (date(2025, 3, 26), False), (date(2025, 3, 27), False), (date(2025, 3, 28), True),
])
def test_no_decision_until_the_day_after_the_window_from_service(app, decided_on, allowed):
    from wagewatch.services import ServiceError
    case, proceeding = _proceeding(notice=THURSDAY_NOTICE, listed=False)
    if allowed:
        procedure.decide_listing(proceeding, decision(decided_on), case.handler, proceeding.version)
        assert "2025年3月20日" in text(_only(proceeding, "listing_decision"))
    else:
        with pytest.raises(ServiceError, match="陈述申辩期至2025-03-27尚未届满"):
            procedure.decide_listing(proceeding, decision(decided_on), case.handler,
                                     proceeding.version)
        assert not [d for d in issuing.proceeding_documents(proceeding)
                    if d.kind == "listing_decision"]


def test_refusing_early_removal_issues_the_refusal_with_its_reasons_and_remedies(app):
    from wagewatch.services.blacklist import listing_removal
    case, proceeding = _proceeding()
    listing_removal.apply_for_early_removal(proceeding, date(2025, 6, 3), None, False, None,
                                            case.handler, proceeding.version)
    application = proceeding.current_listing.applications[-1]
    listing_removal.decide_early_removal(proceeding, application, date(2025, 6, 10), False, None,
                                         "未改正违法行为，亦未作出书面信用承诺", case.handler,
                                         proceeding.version)
    refusal = _only(proceeding, "early_removal_refusal")
    assert refusal.number == "经开劳监不移〔2025〕001号"
    content = text(refusal)
    for expected in ("不予提前移出", case.employer.name, "2025年6月3日", "经开劳监列字〔2025〕1号",
                     "未能证明已改正拖欠工资违法行为", "未作出书面信用承诺",
                     "未改正违法行为，亦未作出书面信用承诺", "第十二条至第十四条",
                     "《中华人民共和国行政复议法》第二十条", "60日内", "6个月内"):
        assert expected in content, expected
