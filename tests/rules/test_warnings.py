"""A repeat employer: another complaint within 12 months."""

from datetime import date

from wagewatch.rules.warnings import repeat_employer


def test_a_case_within_twelve_months_makes_a_repeat_employer():
    reason = repeat_employer(date(2026, 11, 2), [("A号", date(2025, 11, 2)), ("B号", date(2026, 5, 1))])
    assert reason is not None and reason.facts["case_numbers"] == ["A号", "B号"]
    assert "12个月内已有2件" in reason.text


def test_a_case_more_than_twelve_months_before_does_not_count():
    assert repeat_employer(date(2026, 11, 2), [("A号", date(2025, 11, 1))]) is None
    assert repeat_employer(date(2026, 11, 2), []) is None
