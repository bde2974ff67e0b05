"""The two-year limitation at acceptance (S-423 art. 20), from the recorded end dates."""

from datetime import date

import pytest

from wagewatch.rules.limitation import limitation_check

RECEIVED = date(2026, 11, 2)


@pytest.mark.parametrize(("case_end", "work_ends", "received", "barred"), [
    (date(2024, 11, 2), [], RECEIVED, False),             # exactly 2 years: the last day
    (date(2024, 11, 1), [], RECEIVED, True),              # 2 years and 1 day
    (date(2024, 11, 3), [], RECEIVED, False),             # 1 day short of 2 years
    (None, [date(2024, 11, 1), date(2024, 10, 1)], RECEIVED, True),   # workers' last days
    (None, [date(2024, 11, 1), date(2025, 3, 1)], RECEIVED, False),   # one worked on: continuing
    (date(2024, 1, 5), [date(2025, 3, 1)], RECEIVED, False),  # a later recorded end counts
    (None, [date(2024, 11, 1), None], RECEIVED, False),   # a worker without an end: not ended
    (date(2024, 11, 1), [None], RECEIVED, True),          # the case's end date decides
    (None, [], RECEIVED, False),                          # nothing recorded
    # 29 February: the period ends on 28 February two years later (Civil Code art. 202).
    (date(2024, 2, 29), [], date(2026, 2, 28), False),
    (date(2024, 2, 29), [], date(2026, 3, 1), True),
])
def test_a_complaint_more_than_two_years_after_the_end_is_not_investigated(
        case_end, work_ends, received, barred):
    decision = limitation_check(case_end, work_ends, received)
    assert decision.flagged is barred
    assert decision.reasons[0].source == "S-423 art. 20"


def test_the_reason_names_the_end_the_last_day_and_the_receipt():
    decision = limitation_check(None, [date(2024, 11, 1)], RECEIVED)
    assert decision.summary == ("违法行为于2024-11-01终止（工人最后工作日），2年期间至2026-11-01届满，"
                                "2026-11-02收到投诉，已超过2年，不再查处")
    open_ended = limitation_check(None, [date(2024, 11, 1), None], RECEIVED)
    assert open_ended.summary.startswith("1名工人未记录工作结束日期")
