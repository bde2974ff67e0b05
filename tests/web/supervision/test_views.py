"""Supervised listings (挂牌督办): name a case, report progress, close; open and overdue counts."""

from datetime import date, timedelta

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Role, SupervisedListing, SupervisionStatus
from wagewatch.rules.supervision import supervision_overdue, supervision_status_text
from wagewatch.services import ServiceError
from wagewatch.services.cases import supervision
from wagewatch.services.reference.calendar import today

from tests.factories import make_office, make_user, post, text_of
from tests.web.cases.factories import make_employer, register


@pytest.fixture
def clerk(login_as):
    return login_as(Role.CLERK, username="clerk-sup")


def listing(case, *, deadline: date, listed: date = date(2026, 11, 3)) -> SupervisedListing:
    return supervision.create_listing(case, case.handler, authority="经开区管委会", official="王主任",
                                      grounds="用人单位负责人逃匿", listed_on=listed, deadline_on=deadline)


@pytest.mark.parametrize(("deadline", "closed", "today_", "overdue", "text"), [
    (date(2026, 11, 30), None, date(2026, 11, 30), False, "今天到期（2026-11-30）"),
    (date(2026, 11, 30), None, date(2026, 12, 1), True, "已逾期1天（期限2026-11-30）"),
    (date(2026, 11, 30), None, date(2026, 11, 28), False, "距期限还有2天（2026-11-30）"),
    (date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 5), False, "已于2026-12-02结束督办，超过期限2天"),
])
def test_a_listing_is_overdue_from_the_day_after_its_deadline(deadline, closed, today_, overdue, text):
    assert supervision_overdue(deadline, closed, today_) is overdue
    assert supervision_status_text(deadline, closed, today_) == text


def test_a_clerk_lists_a_case_with_the_input_kept_on_error(app, client, clerk):
    case = register(clerk=clerk, employer_absconded=True)
    assert 'id="start-supervision"' in client.get(f"/cases/{case.id}").get_data(as_text=True)
    response = post(app, client, f"/supervision/cases/{case.id}/new", {
        "authority": "经开区管委会", "official": "王主任", "grounds": "老板逃匿",
        "listed_on": "2026-11-10", "deadline_on": "2026-11-01"})
    assert "办结期限不能早于挂牌日期" in text_of(response)
    assert "王主任" in response.get_data(as_text=True)
    response = post(app, client, f"/supervision/cases/{case.id}/new", {
        "authority": "经开区管委会", "official": "王主任", "grounds": "老板逃匿",
        "listed_on": "2026-11-10", "deadline_on": "2026-12-31"})
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "督办中" in page and "王主任" in page and "2026-12-31" in page
    assert "经开区管委会挂牌督办" in text_of(client.get(f"/cases/{case.id}"))
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "supervision.create"))


def test_a_second_open_listing_of_the_same_case_is_refused(app, clerk):
    case = register(clerk=clerk)
    listing(case, deadline=date(2026, 12, 31))
    with pytest.raises(ServiceError, match="已在挂牌督办中"):
        listing(case, deadline=date(2026, 12, 31))


def test_progress_notes_and_closing(app, client, clerk):
    item = listing(register(clerk=clerk), deadline=date(2026, 11, 20))
    post(app, client, f"/supervision/{item.id}/notes", {"written_on": "2026-11-12", "text": "已约谈总包"})
    response = post(app, client, f"/supervision/{item.id}/notes", {"written_on": "2026-11-01", "text": "早"})
    assert "日期不能早于挂牌日期" in text_of(response)
    page = text_of(client.get(f"/supervision/{item.id}"))
    assert "已约谈总包" in page and "已逾期" in page
    response = post(app, client, f"/supervision/{item.id}/close",
                    {"closed_on": "2026-11-25", "note": "工资已全部支付", "version": "0"})
    assert "该记录已被他人修改" in text_of(response) and "工资已全部支付" in response.get_data(as_text=True)
    post(app, client, f"/supervision/{item.id}/close",
         {"closed_on": "2026-11-25", "note": "工资已全部支付", "version": str(item.version)})
    db.session.expire_all()
    closed = db.session.get(SupervisedListing, item.id)
    assert closed.status is SupervisionStatus.CLOSED and closed.closed_on == date(2026, 11, 25)
    assert "超过期限5天" in text_of(client.get(f"/supervision/{item.id}"))


def test_open_and_overdue_listings_are_counted_and_listed(app, client, clerk):
    late = listing(register(clerk=clerk), deadline=date(2026, 11, 20))
    current = listing(register(clerk=clerk), deadline=today() + timedelta(days=10))
    assert supervision.counts(clerk.office_id, today()) == {"open": 2, "overdue": 1}
    home = client.get("/").get_data(as_text=True)
    assert 'id="supervision-open-count">2<' in home and 'id="supervision-overdue-count">1<' in home
    overdue = text_of(client.get("/supervision/?show=overdue"))
    assert late.case.number in overdue and current.case.number not in overdue


def test_leaders_read_but_do_not_write_and_other_offices_get_404(app, client, login_as):
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("棠张镇",))
    other.case_number_format = "铜劳监〔{year}〕{seq:04d}号"  # case numbers are unique everywhere
    db.session.commit()
    mine = listing(register(), deadline=date(2026, 12, 31))
    login_as(Role.LEADER, username="leader-sup")
    assert "王主任" in text_of(client.get(f"/supervision/{mine.id}"))
    assert post(app, client, f"/supervision/{mine.id}/notes", {"written_on": "2026-11-12",
                                                              "text": "x"}).status_code == 403
    other_clerk = make_user(role=Role.CLERK, username="clerk-tsq", office=other)
    theirs = listing(register(clerk=other_clerk, employer=make_employer(office=other)),
                     deadline=date(2026, 12, 31))
    assert client.get(f"/supervision/{theirs.id}").status_code == 404
    assert theirs.case.number not in text_of(client.get("/supervision/?show=all"))
