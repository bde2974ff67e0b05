"""The dashboard's counts add the open statuses together and stop one past the cap of all of them:
exact up to the cap, "N+" beyond it."""

from datetime import date

from wagewatch.models import Role
from wagewatch.rules.working_days import WorkingDayCalendar
from wagewatch.services.cases import case_steps, queries
from wagewatch.services.cases.queries import dashboard

from tests.factories import make_user
from tests.web.cases.factories import register

TODAY = date(2026, 11, 27)  # a Friday


def test_open_cases_of_several_statuses_count_together_up_to_the_cap(app, monkeypatch):
    clerk = make_user(role=Role.CLERK, username="clerk-board")
    register(clerk=clerk, received_on=date(2026, 11, 2))                     # registered
    for received in (date(2026, 11, 3), date(2026, 11, 4)):                    # investigating
        case_steps.accept(register(clerk=clerk, received_on=received), received, clerk)
    calendar = WorkingDayCalendar()
    monkeypatch.setattr(queries, "DASHBOARD_CAP", 2)
    board = dashboard(clerk.office_id, TODAY, calendar, handler_id=clerk.id)
    assert board["open"] == "2+" and board["overdue_count"] == "1"
    monkeypatch.setattr(queries, "DASHBOARD_CAP", 3)
    board = dashboard(clerk.office_id, TODAY, calendar, handler_id=clerk.id)
    assert board["open"] == "3" and [c.received_on for c in board["overdue"]] == [date(2026, 11, 2)]
    assert dashboard(clerk.office_id, TODAY, calendar, lists=False)["overdue"] == []
