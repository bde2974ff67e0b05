"""Each role's home reads its rows in a fixed number of statements: more items on the page (queue
rows, newly flagged contractors) do not add reads."""

from datetime import date, datetime, timedelta

import pytest
from lxml import html

from wagewatch.extensions import db
from wagewatch.models import Role
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.services.flags import evaluation

from tests.factories import login, make_user
from tests.statements import sent_statements
from tests.web.blacklist.factories import candidate_case, make_listed_employer
from tests.web.cases.factories import register

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=CHINA_TZ)


@pytest.fixture(autouse=True)
def _clock(app):
    app.config["CLOCK"] = lambda: NOW
    yield
    app.config.pop("CLOCK", None)


def home(client) -> tuple[int, html.HtmlElement]:
    """The statements one request of the home sends (after a first request), and its page."""
    client.get("/")
    db.session.expire_all()
    with sent_statements() as sent:
        response = client.get("/")
    assert response.status_code == 200
    return len(sent), html.fromstring(response.get_data(as_text=True))


def kinds(doc) -> list[str]:
    return sorted(row.get("data-kind") for row in doc.xpath("//*[@id='queue-table']/tbody/tr"))


def test_the_clerk_home_reads_three_items_of_each_kind_in_as_many_statements_as_one(
        app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-home")
    candidate_case(actor=clerk)
    register(clerk=clerk, received_on=date(2026, 11, 23))
    few, doc = home(client)
    assert kinds(doc) == ["acceptance", "candidate", "investigation", "pay_by"]
    for n in (2, 3):
        candidate_case(actor=clerk, employer=make_listed_employer(name=f"徐州第{n}建设有限公司"))
        register(clerk=clerk, received_on=date(2026, 11, 23))
    many, doc = home(client)
    assert kinds(doc) == ["acceptance"] * 3 + ["candidate"] * 3 + ["investigation"] * 3 + ["pay_by"] * 3
    assert many == few


def test_the_police_home_reads_three_flagged_contractors_in_as_many_statements_as_one(
        app, client):
    make_user(role=Role.POLICE, username="police-home")
    login(app, client, "police-home")
    candidate_case()
    few, doc = home(client)
    assert len(doc.xpath("//*[@id='new-flags']/li")) == 1
    for n in (2, 3):
        case = candidate_case(employer=make_listed_employer(name=f"徐州第{n}建设有限公司"))
        evaluation.evaluate_employer(case.employer_id, NOW.date() - timedelta(days=1))
    many, doc = home(client)
    assert len(doc.xpath("//*[@id='new-flags']/li")) == 3
    assert many == few


def test_the_dashboards_proceeding_counts_read_three_proceedings_in_as_many_statements_as_one(
        app, client, login_as):
    """The office's open proceedings, counted for the dashboard by their deadlines (each from its
    cases' payment orders), come with what the deadlines need: more proceedings add no reads."""
    from wagewatch.services.blacklist import procedure

    clerk = login_as(Role.CLERK, username="clerk-proceedings")

    def proceeding(name: str | None) -> None:
        employer = make_listed_employer(name=name) if name else None
        case = candidate_case(actor=clerk, employer=employer)
        procedure.start_proceeding(case.employer, clerk, date(2025, 3, 14))

    proceeding(None)
    few, _ = home(client)
    for n in (2, 3):
        proceeding(f"徐州第{n}建设有限公司")
    many, _ = home(client)
    assert many == few
