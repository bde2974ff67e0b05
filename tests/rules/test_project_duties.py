"""The S-724 duties of a construction project: which gaps raise which warning."""

from dataclasses import replace
from datetime import date

import pytest

from wagewatch.rules.project_duties import ProjectFacts, project_duty_warnings

#: A construction project that meets every duty.
COMPLIANT = ProjectFacts(
    construction=True, wage_account_opened=True, wage_guarantee_in_place=True,
    real_name_registration=True, notice_board_checked_on=date(2026, 3, 2),
    labour_officer_named=True, payment_cycle_within_one_month=True)
EVERYTHING_MISSING = ProjectFacts(
    construction=True, wage_account_opened=False, wage_guarantee_in_place=False,
    real_name_registration=False, notice_board_checked_on=None, labour_officer_named=False,
    payment_cycle_within_one_month=False)


@pytest.mark.parametrize(
    ("change", "rule", "source"),
    [
        ({"wage_account_opened": False}, "wage_account_missing", "S-724 art. 55"),
        ({"wage_guarantee_in_place": False}, "wage_guarantee_missing", "S-724 art. 55"),
        ({"real_name_registration": False}, "real_name_registration_missing", "S-724 art. 55"),
        ({"notice_board_checked_on": None}, "notice_board_unchecked", "S-724 art. 56"),
        ({"payment_cycle_within_one_month": False}, "payment_cycle_too_long", "S-724 art. 24"),
        ({"payment_cycle_within_one_month": None}, "payment_cycle_unknown", "S-724 art. 24"),
        ({"labour_officer_named": False}, "labour_officer_missing", "S-724 art. 28"),
    ],
)
def test_each_missing_duty_raises_its_own_warning(change, rule, source):
    warnings = project_duty_warnings(replace(COMPLIANT, **change))
    assert [(w.rule, w.source) for w in warnings] == [(rule, source)]
    assert warnings[0].message and warnings[0].citation.startswith("《保障农民工工资支付条例》")


def test_a_compliant_construction_project_has_no_warnings():
    assert project_duty_warnings(COMPLIANT) == []


@pytest.mark.parametrize("facts", [COMPLIANT, EVERYTHING_MISSING])
def test_projects_outside_construction_carry_none_of_these_duties(facts):
    assert project_duty_warnings(replace(facts, construction=False)) == []


def test_only_the_account_deposit_real_name_and_notice_board_are_violations():
    warnings = project_duty_warnings(EVERYTHING_MISSING)
    violations = [w.rule for w in warnings if w.is_violation]
    assert violations == ["wage_account_missing", "wage_guarantee_missing",
                          "real_name_registration_missing", "notice_board_unchecked"]
    reminders = {w.rule: w.source for w in warnings if not w.is_violation}
    assert reminders == {"payment_cycle_too_long": "S-724 art. 24",
                         "labour_officer_missing": "S-724 art. 28"}


def test_messages_are_in_chinese():
    for warning in project_duty_warnings(EVERYTHING_MISSING):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in warning.message)
