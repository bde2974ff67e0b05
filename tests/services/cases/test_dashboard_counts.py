"""The dashboard's counts add the open statuses together and stop one past the cap of all of them:
exact up to the cap, "N+" beyond it."""

from datetime import date

from wagewatch.models import Role
from wagewatch.rules.working_days import WorkingDayCalendar
from wagewatch.services.cases import case_steps, queries
from wagewatch.services.cases.queries import dashboard

from tests.factories import make_user
from tests.statements import sent_statements
from tests.web.cases.factories import register

TODAY = date(2026, 11, 27)  # a Friday


def test_open_cases_of_several_statuses_count_together_up_to_the_cap(app, monkeypatch):
    clerk = make_user(role=Role.CLERK, username="clerk-board")
    register(clerk=clerk, received_on=date(2026, 11, 2))                     # registered
    for received in (date(2026, 11, 3), date(2026, 11, 4)):                    # investigating
        case_steps.accept(register(clerk=clerk, received_on=received), received, clerk)
    calendar = WorkingDayCalendar()
    monkeypatch.setattr(queries, "DASHBOARD_CAP", 2)
    with sent_statements() as sent:
        board = dashboard(clerk.office_id, TODAY, calendar, handler_id=clerk.id, lists=False)
    assert board["open"] == "2+" and board["overdue_count"] == "1"
    # One count statement per figure, whatever the number of open statuses it adds up.
    assert sum("count(" in statement for statement in sent) == 3
    monkeypatch.setattr(queries, "DASHBOARD_CAP", 3)
    board = dashboard(clerk.office_id, TODAY, calendar, handler_id=clerk.id)
    assert board["open"] == "3" and [c.received_on for c in board["overdue"]] == [date(2026, 11, 2)]
    assert dashboard(clerk.office_id, TODAY, calendar, lists=False)["overdue"] == []



def test_a_count_past_the_cap_is_taken_as_past_it_for_a_minute(app, monkeypatch):
    """The board says "1+" again without counting; a list that comes back shorter than a page is
    counted exactly at once; after CAPPED_SECONDS the counts are counted again."""
    from wagewatch.services import capped_counts

    from tests.statements import sent_statements

    clerk = make_user(role=Role.CLERK, username="clerk-board")
    late = [register(clerk=clerk, received_on=day) for day in (date(2026, 11, 2), date(2026, 11, 3))]
    calendar = WorkingDayCalendar()
    monkeypatch.setattr(queries, "DASHBOARD_CAP", 1)

    def counts_sent(sent: list[str]) -> int:
        return sum(1 for s in sent if s.lstrip().upper().startswith("SELECT COUNT("))

    def board() -> dict:
        return dashboard(clerk.office_id, TODAY, calendar, limit=2)

    with sent_statements() as first:
        shown = board()
    assert (shown["open"], shown["overdue_count"]) == ("1+", "1+")
    with sent_statements() as again:
        shown = board()
    assert (shown["open"], shown["overdue_count"], len(shown["overdue"])) == ("1+", "1+", 2)
    assert counts_sent(again) < counts_sent(first)
    assert dashboard(clerk.office_id, TODAY, calendar, handler_id=clerk.id + 1)["open"] == "0"
    case_steps.accept(late[0], date(2026, 11, 26), clerk)     # one overdue case left: exact now
    with sent_statements() as short:
        shown = board()
    assert (shown["open"], shown["overdue_count"], len(shown["overdue"])) == ("1+", "1", 1)
    assert counts_sent(short) == 0  # open taken as past the cap; each short list is its own count
    monkeypatch.setattr(capped_counts, "CAPPED_SECONDS", 0)
    with sent_statements() as later:
        assert board()["open"] == "1+"
    assert counts_sent(later) > counts_sent(again)
