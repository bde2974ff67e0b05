"""A blacklist notice made first and served later: no objection window runs and no decision may
follow until its service is recorded; the window then counts 5 working days from service
(S-45 art. 6), the decision's service is recorded after the decision in the same way."""

import re
from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ProceedingStatus, Role, ServiceMethod
from wagewatch.services import ServiceError
from wagewatch.services.blacklist import procedure
from wagewatch.services.blacklist.listing_queries import proceeding_deadlines
from wagewatch.services.documents import issuing, service_records
from wagewatch.services.reference.calendar import current_calendar

from tests.factories import post, text_of
from tests.web.blacklist.factories import candidate_case, decision

ISSUED = date(2025, 3, 17)   # Monday: a window counted from here would end on 24 March
SERVED = date(2025, 3, 20)   # Thursday: the window from service ends on Thursday 27 March


def _issued():
    case = candidate_case()
    proceeding = procedure.start_proceeding(case.employer, case.handler, date(2025, 3, 14))
    procedure.issue_notice(proceeding, "", "逾期未支付工资", "人社部令第45号第五条", ISSUED,
                           case.handler, proceeding.version)
    return case, proceeding


def _notice_document(proceeding):
    return next(d for d in issuing.proceeding_documents(proceeding) if d.kind == "blacklist_notice")


def _serve(document, served_on, actor):
    return service_records.record_service(document, service_records.ServiceInput(
        recipient="徐州恒达建设工程有限公司", place="徐州市经济技术开发区高新路1号",
        method=ServiceMethod.IN_PERSON, served_on=served_on, served_time=None,
        servers="李明、周强"), actor)


def _served():
    case, proceeding = _issued()
    _serve(_notice_document(proceeding), SERVED, case.handler)
    db.session.refresh(proceeding)
    return case, proceeding


def test_an_issued_notice_runs_no_window_until_it_is_served(app):
    case, proceeding = _issued()
    notice = _notice_document(proceeding)
    assert notice.number == "经开劳监列告〔2025〕001号" and notice.issued_on == ISSUED
    assert proceeding.status is ProceedingStatus.CANDIDATE and proceeding.notice.served_on is None
    kinds = [row.kind for row in proceeding_deadlines(proceeding, date(2025, 3, 18),
                                                      current_calendar())]
    assert "objection_window" not in kinds and "decision" in kinds
    with pytest.raises(ServiceError, match="尚未送达"):
        procedure.record_objection(proceeding, date(2025, 3, 18), "异议", case.handler,
                                   proceeding.version)
    with pytest.raises(ServiceError, match="尚未送达列入告知书"):
        procedure.decide_listing(proceeding, decision(date(2025, 3, 31)), case.handler,
                                 proceeding.version)
    with pytest.raises(ServiceError, match="已制作，尚未送达"):
        procedure.serve_notice(proceeding, procedure.NoticeInput(
            "", "逾期未支付工资", "依据", SERVED, ServiceMethod.IN_PERSON), case.handler,
            proceeding.version)


def test_the_service_recorded_later_starts_the_window_from_the_service_date(app):
    case, proceeding = _served()
    notice = proceeding.notice
    assert notice.served_on == SERVED and notice.service_method is ServiceMethod.IN_PERSON
    assert proceeding.status is ProceedingStatus.NOTICE_SERVED
    window = next(row for row in proceeding_deadlines(proceeding, SERVED, current_calendar())
                  if row.kind == "objection_window")
    assert window.deadline.due_on == date(2025, 3, 27)
    served = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "blacklist.notice_served"))
    assert served.changes["objection_window_ends_on"] == [None, "2025-03-27"]
    assert "陈述申辩期至2025-03-27" in case.events[-1].note
    with pytest.raises(ServiceError, match="2025-03-20"):   # a second receipt keeps the date
        _serve(_notice_document(proceeding), date(2025, 3, 21), case.handler)


@pytest.mark.parametrize(("received_on", "accepted"), [
    (date(2025, 3, 25), True),    # after a window counted from the issue date: still open
    (date(2025, 3, 26), True),    # the day before the window's last day
    (date(2025, 3, 27), True),    # its last day, 5 working days after the service
    (date(2025, 3, 28), False),   # the day after
])
def test_objections_count_from_the_service_not_the_issue(app, received_on, accepted):
    case, proceeding = _served()
    if accepted:
        procedure.record_objection(proceeding, received_on, "请求暂缓", case.handler,
                                   proceeding.version)
        assert proceeding.status is ProceedingStatus.OBJECTION
    else:
        with pytest.raises(ServiceError, match="2025-03-27届满"):
            procedure.record_objection(proceeding, received_on, "请求暂缓", case.handler,
                                       proceeding.version)


def test_an_objection_before_the_service_date_is_refused(app):
    case, proceeding = _served()
    with pytest.raises(ServiceError, match="不能早于告知书送达日期"):
        procedure.record_objection(proceeding, date(2025, 3, 19), "异议", case.handler,
                                   proceeding.version)


@pytest.mark.parametrize(("decided_on", "allowed"), [
    (date(2025, 3, 26), False), (date(2025, 3, 27), False), (date(2025, 3, 28), True),
])
def test_the_decision_waits_for_the_window_counted_from_service(app, decided_on, allowed):
    case, proceeding = _served()
    if allowed:
        listing = procedure.decide_listing(proceeding, decision(decided_on), case.handler,
                                           proceeding.version)
        assert listing.starts_on == decided_on and listing.served_on is None
    else:
        with pytest.raises(ServiceError, match="陈述申辩期至2025-03-27尚未届满"):
            procedure.decide_listing(proceeding, decision(decided_on), case.handler,
                                     proceeding.version)


def test_a_notice_is_served_only_after_the_pay_by_date(app):
    case = candidate_case()   # ordered to pay by 13 March 2025
    proceeding = procedure.start_proceeding(case.employer, case.handler, date(2025, 3, 14))
    with pytest.raises(ServiceError, match="届满后才能告知列入"):
        procedure.issue_notice(proceeding, "", "逾期未支付工资", "依据", date(2025, 3, 13),
                               case.handler, proceeding.version)


def test_the_page_says_not_served_and_the_queue_leads_to_the_service_form(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl")
    proceeding = procedure.start_proceeding(case.employer, case.handler, date(2025, 3, 14))
    page_url = f"/blacklist/proceedings/{proceeding.id}"
    issued = post(app, client, f"{page_url}/notice/issue", {
        "version": str(proceeding.version), "document_number": "", "grounds": "逾期未支付工资",
        "basis": "人社部令第45号第五条", "issued_on": ISSUED.isoformat()}, follow_redirects=True)
    page = text_of(issued)
    assert "已制作列入告知书经开劳监列告〔2025〕001号" in page
    assert "未送达" in page and "陈述申辩期（送达后5个工作日）" not in page
    html = issued.get_data(as_text=True)
    assert 'id="serve-notice"' in html and "登记异议" not in page and "作出列入决定</a>" not in html

    from wagewatch.services import work_queue
    queue = work_queue.clerk_queue(case.office_id, case.handler_id, date(2025, 3, 18),
                                   current_calendar())
    steps = [due.item.step for due in queue.items
             if due.item.ids.get("proceeding_id") == proceeding.id]
    assert steps == ["record_notice_service"]

    url = re.search(r'id="serve-notice" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    served = post(app, client, url, {
        "recipient": "徐州恒达建设工程有限公司", "place": "徐州市经济技术开发区高新路1号",
        "method": "in_person", "served_on": SERVED.isoformat(), "servers": "李明、周强"})
    assert served.headers["Location"].endswith(page_url)
    page = text_of(client.get(page_url))
    assert "2025-03-20，" in page and "陈述申辩期（送达后5个工作日）：2025-03-27" in page
    assert "登记异议" in page and "未送达" not in page.split("列入告知书")[-1].split("执法文书")[0]


def test_the_decision_says_not_served_until_its_service_is_recorded(app, client, login_as):
    case, proceeding = _served()
    procedure.decide_listing(proceeding, decision(date(2025, 3, 28)), case.handler,
                             proceeding.version)
    login_as(Role.CLERK, username="clerk-bl")
    page_url = f"/blacklist/proceedings/{proceeding.id}"
    html = client.get(page_url).get_data(as_text=True)
    assert 'class="text-warning-emphasis listing-unserved">未送达' in html
    assert 'id="serve-decision"' in html
    decided = next(d for d in issuing.proceeding_documents(proceeding)
                   if d.kind == "listing_decision")
    _serve(decided, date(2025, 3, 31), case.handler)
    html = client.get(page_url).get_data(as_text=True)
    assert "listing-unserved" not in html and 'id="serve-decision"' not in html
    assert "2025-03-31，" in text_of(client.get(page_url))
    listing = proceeding.current_listing
    db.session.refresh(listing)
    # The 3 years run from the decision (S-45 art. 11), not from its service.
    assert (listing.served_on, listing.starts_on, listing.ends_on) == (
        date(2025, 3, 31), date(2025, 3, 28), date(2028, 3, 28))
