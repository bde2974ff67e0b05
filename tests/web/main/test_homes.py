"""The clerk's and the police officer's homes: the queue of due work with each next step's button,
the police inbox with its calendar-day clocks, and the contractors flagged since the last visit."""

from datetime import date, datetime, timedelta

import pytest
from lxml import html

from wagewatch.extensions import db
from wagewatch.models import PageVisit, Role
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.services.flags import evaluation

from tests.factories import login, make_user
from tests.web.blacklist.factories import candidate_case, make_listed_employer
from tests.web.cases.factories import register
from tests.web.referrals.factories import at, make_referral


def clock(app, moment: datetime) -> None:
    app.config["CLOCK"] = lambda: moment


@pytest.fixture(autouse=True)
def _reset_clock(app):
    yield
    app.config.pop("CLOCK", None)


def doc_of(client, url: str = "/"):
    return html.fromstring(client.get(url).get_data(as_text=True))


def text(node) -> str:
    return " ".join(node.text_content().split())


def test_the_clerk_home_lists_due_work_with_the_next_steps_button(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-home")
    clock(app, datetime(2026, 11, 27, 9, 0, tzinfo=CHINA_TZ))
    soon = register(clerk=clerk, received_on=date(2026, 11, 23))
    overdue = register(clerk=clerk, received_on=date(2026, 11, 2))
    doc = doc_of(client)
    rows = doc.xpath("//*[@id='queue-table']/tbody/tr")
    assert [r.get("data-subject") for r in rows] == [overdue.number, soon.number]
    assert "已逾期 14 个工作日" in text(rows[0]) and "投诉待受理" in text(rows[0])
    button = rows[0].xpath(".//a[contains(@class, 'queue-step')]")[0]
    assert text(button) == "受理并立案" and button.get("href") == f"/cases/{overdue.id}/accept"
    assert client.get(button.get("href")).status_code == 200
    assert text(doc.xpath("//*[@id='queue-total']")[0]) == "2"


def test_a_candidate_row_starts_the_proceeding_from_the_home(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-home")
    case = candidate_case(actor=clerk)
    doc = doc_of(client)
    [form] = doc.xpath("//tr[@data-kind='candidate']//form")
    assert form.get("action") == f"/blacklist/candidates/{case.employer_id}/start"
    data = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    response = client.post(form.get("action"), data=data)
    assert response.status_code == 302
    assert doc_of(client).xpath("//tr[@data-kind='candidate']") == []
    assert doc_of(client).xpath("//tr[@data-kind='decision']")


def test_the_police_inbox_shows_referrals_waiting_with_their_clocks(app, client):
    received = make_referral(up_to="received")                  # received 5 November 15:00
    handed = make_referral(case=None, up_to="handed_over", clerk=make_user(
        role=Role.CLERK, username="clerk-two"))                 # handed over 4 November 16:00
    reported = make_referral(clerk=make_user(role=Role.CLERK, username="clerk-three"))
    make_user(role=Role.POLICE, username="police-home")
    login(app, client, "police-home")
    clock(app, at("2026-11-07 09:00"))
    doc = doc_of(client)
    items = doc.xpath("//*[@id='police-inbox']/li")
    assert [i.get("data-referral") for i in items] == [handed.case.number, received.case.number]
    assert reported.case.number not in text(doc.xpath("//*[@id='police-inbox']")[0])
    assert "已移送 3 日，待接收" in text(items[0])
    assert text(items[0].xpath(".//a[contains(@class, 'btn')]")[0]) == "记录公安机关接收"
    assert "公安机关立案审查：已用 2/3 日" in text(items[1])
    assert text(items[1].xpath(".//a[contains(@class, 'btn')]")[0]) == "记录公安机关的立案决定"
    assert items[1].xpath(".//*[@role='progressbar']")[0].get("aria-valuenow") == "2"


def test_the_police_home_shows_contractors_flagged_since_the_last_visit(app, client):
    officer = make_user(role=Role.POLICE, username="police-home")
    login(app, client, "police-home")
    first_visit = datetime(2026, 11, 20, 9, 0, tzinfo=CHINA_TZ)
    clock(app, first_visit)
    old = candidate_case()                                     # flagged before the first visit
    doc = doc_of(client)
    assert old.employer.name in text(doc.xpath("//*[@id='new-flags']")[0])  # the last 7 days
    assert "首次访问：近7日" in text(doc.xpath("//*[@id='new-flags-since']")[0])

    clock(app, first_visit + timedelta(minutes=10))            # a reload: the same visit
    assert old.employer.name in text(doc_of(client).xpath("//*[@id='new-flags']")[0])

    clock(app, first_visit + timedelta(days=1))                # the next visit
    assert doc_of(client).xpath("//*[@id='new-flags-empty']")
    clock(app, first_visit + timedelta(days=2))
    newer = candidate_case(employer=make_listed_employer(name="徐州新标记建设有限公司"))
    evaluation.evaluate_employer(newer.employer_id, date(2026, 11, 22))
    clock(app, first_visit + timedelta(days=3))
    doc = doc_of(client)
    names = text(doc.xpath("//*[@id='new-flags']")[0])
    assert "上次访问（2026-11-21 09:00）以来" in text(doc.xpath("//*[@id='new-flags-since']")[0])
    assert "徐州新标记建设有限公司" in names and old.employer.name not in names
    visit = db.session.get(PageVisit, (officer.id, "police_home"))
    assert visit.previous_visited_at == first_visit + timedelta(days=1)


def test_the_home_shows_the_users_own_refused_sign_ins(app, client):
    """A user's refused sign-ins are listed on the home, newest first, at most five; another
    user's are not."""
    from tests.factories import post

    app.config["LOCKOUT_THRESHOLD"] = 10  # six refusals without locking the account
    clerk = make_user(role=Role.CLERK, username="clerk-tried")
    other = make_user(role=Role.CLERK, username="clerk-other")
    for attempt in range(6):
        response = post(app, client, "/auth/login", {"username": clerk.username,
                                                     "password": f"wrong-{attempt}"})
        assert response.status_code == 200  # refused, the form shown again
    post(app, client, "/auth/login", {"username": other.username, "password": "wrong"})
    assert login(app, client, clerk.username).status_code == 302
    doc = doc_of(client)
    listed = [text(item) for item in doc.xpath("//li[contains(., '127.0.0.1')]")]
    assert len(listed) == 5
    other_client = app.test_client()
    assert login(app, other_client, other.username).status_code == 302
    assert len(doc_of(other_client).xpath("//li[contains(., '127.0.0.1')]")) == 1
