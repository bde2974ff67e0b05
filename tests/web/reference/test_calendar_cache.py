"""The working-day calendar is kept by the server process between requests and read again only
after an edit, whoever made it: a case page counts a holiday the moment it is committed, by the
maintenance page or by another process, and never a holiday that was rolled back."""

from __future__ import annotations

import re
from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import CalendarOverride, CalendarYear, DayKind, Role
from wagewatch.rules.case_flow import investigation_deadline
from wagewatch.rules.working_days import WorkingDayCalendar
from wagewatch.services.cases import case_steps
from wagewatch.services.reference.calendar import current_calendar

from tests.factories import login, make_user, post
from tests.statements import sent_statements
from tests.web.cases.factories import register

HOLIDAY = date(2027, 1, 4)   # a Monday of a year the package does not know
#: The investigation limit of a case filed on 17 November 2026: 60 working days, into 2027.
WITHOUT = investigation_deadline(date(2026, 11, 17), False, WorkingDayCalendar()).due_on
WITH = investigation_deadline(date(2026, 11, 17), False,
                              WorkingDayCalendar({HOLIDAY: False})).due_on


@pytest.fixture
def filed(app, client):
    """A case filed on 17 November 2026, and its clerk signed in."""
    clerk = make_user(role=Role.CLERK, username="clerk-calendar")
    case = register(clerk=clerk, received_on=date(2026, 11, 16))
    case_steps.accept(case, date(2026, 11, 17), clerk)
    assert login(app, client, clerk.username).status_code == 302
    return {"case": case, "clerk": clerk}


def investigation_due(client, case) -> date:
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    found = re.search(r'data-deadline="investigation".*?<strong>(\d{4}-\d{2}-\d{2})</strong>', page,
                      re.S)
    assert found is not None, "the case page shows the investigation limit"
    return date.fromisoformat(found.group(1))


def calendar_reads(client, case) -> list[str]:
    """The statements that touch the calendar tables while the case page is served."""
    with sent_statements() as sent:
        assert client.get(f"/cases/{case.id}").status_code == 200
    return [s for s in sent if "calendar_override" in s or "calendar_year" in s]


def rows_read(statements: list[str]) -> list[str]:
    return [s for s in statements if "calendar_override.day, calendar_override.kind" in s
            or "SELECT calendar_year.year" in s]


def test_a_holiday_committed_by_another_process_counts_on_the_next_page(filed, client):
    assert WITH > WITHOUT  # the holiday falls inside the limit and moves it
    case = filed["case"]
    assert investigation_due(client, case) == WITHOUT
    # Written as another server process would: this process is told nothing.
    db.session.add(CalendarOverride(day=HOLIDAY, kind=DayKind.HOLIDAY, note="元旦调休"))
    db.session.commit()
    assert investigation_due(client, case) == WITH
    db.session.delete(db.session.get_one(CalendarOverride, db.session.scalar(
        db.select(CalendarOverride.id))))
    db.session.commit()
    assert investigation_due(client, case) == WITHOUT


def test_a_holiday_entered_on_the_maintenance_page_counts_on_the_next_page(app, filed, client):
    case = filed["case"]
    assert investigation_due(client, case) == WITHOUT
    admin, admin_client = make_user(role=Role.ADMIN, username="admin-calendar"), app.test_client()
    assert login(app, admin_client, admin.username).status_code == 302
    response = post(app, admin_client, "/admin/reference/calendar",
                    {"day": HOLIDAY.isoformat(), "kind": "holiday", "note": "2027年元旦"})
    assert response.status_code == 302
    assert investigation_due(client, case) == WITH


def test_a_year_marked_complete_elsewhere_makes_the_limit_final_on_the_next_page(filed, client):
    case = filed["case"]
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "provisional-warning" in page  # 2027 is not known yet
    db.session.add(CalendarYear(year=2027, complete=True, notice_reference="国办发明电〔2026〕1号"))
    db.session.commit()
    assert "provisional-warning" not in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_the_calendar_rows_are_read_again_only_after_an_edit(filed, client):
    case = filed["case"]
    calendar_reads(client, case)                      # the process keeps the calendar
    kept = calendar_reads(client, case)
    assert len(kept) == 1 and rows_read(kept) == []   # one version check, no row read
    db.session.add(CalendarOverride(day=HOLIDAY, kind=DayKind.HOLIDAY))
    db.session.commit()
    after_edit = calendar_reads(client, case)
    assert len(rows_read(after_edit)) == 2            # the overrides and the complete years
    assert rows_read(calendar_reads(client, case)) == []


def test_a_rolled_back_holiday_is_never_counted_afterwards(app):
    """A calendar read inside a transaction that then rolls back (a test's, or a failed edit's)
    is kept under the version of rows that no longer exist: it is not used again, even where
    the next edit gives the same number of rows and the same id."""
    with app.app_context():
        db.session.add(CalendarOverride(day=HOLIDAY, kind=DayKind.HOLIDAY))
        db.session.flush()
        assert not current_calendar().is_working_day(HOLIDAY)
        db.session.rollback()
    other = date(2027, 1, 5)
    with app.app_context():
        db.session.add(CalendarOverride(day=other, kind=DayKind.HOLIDAY))
        db.session.commit()
    with app.app_context():
        calendar = current_calendar()
        assert calendar.is_working_day(HOLIDAY) and not calendar.is_working_day(other)
