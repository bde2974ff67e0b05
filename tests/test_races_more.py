"""Races end in answers for the referral, blacklist-start and S-17 legacy forms: 8 posts, 1 row."""

from __future__ import annotations

import pytest

from wagewatch.models import BlacklistProceeding, Listing, PoliceReferral, Role

from tests.test_races import assert_answered, count, parallel_posts
from tests.web.blacklist.factories import candidate_case, make_listed_employer
from tests.web.blacklist.test_expiry import LEGACY
from tests.web.referrals.factories import flagged_case

pytestmark = pytest.mark.committing


def test_eight_referral_reports_with_one_token_make_one_referral(app, login_as):
    clerk = login_as(Role.CLERK, username="clerk-race-referral")
    case = flagged_case(clerk=clerk)
    answers = parallel_posts(app, clerk.username, f"/referrals/cases/{case.id}/new", {
        "reported_at": "2026-11-02T10:00", "report": "老板逃匿，拖欠24,000元",
        "submission_token": "race-referral"})
    assert_answered(answers)
    assert count(PoliceReferral) == 1


def test_eight_blacklist_starts_with_one_token_open_one_proceeding(app, login_as):
    case = candidate_case()
    clerk = login_as(Role.CLERK, username="clerk-race-blacklist")
    answers = parallel_posts(app, clerk.username, f"/blacklist/candidates/{case.employer_id}/start",
                             {"submission_token": "race-start"})
    assert_answered(answers)
    assert count(BlacklistProceeding) == 1


def test_eight_blacklist_starts_with_different_tokens_open_one_proceeding(app, login_as):
    case = candidate_case()
    clerk = login_as(Role.CLERK, username="clerk-race-blacklist")
    answers = parallel_posts(app, clerk.username, f"/blacklist/candidates/{case.employer_id}/start",
                             {}, per_client=lambda i: {"submission_token": f"race-start-{i}"})
    assert_answered(answers)
    assert count(BlacklistProceeding) == 1


def test_eight_legacy_listings_with_one_token_make_one_listing(app, login_as):
    make_listed_employer()
    clerk = login_as(Role.CLERK, username="clerk-race-s17")
    answers = parallel_posts(app, clerk.username, "/blacklist/legacy/new",
                             {**LEGACY, "submission_token": "race-legacy"})
    assert_answered(answers)
    assert count(BlacklistProceeding) == 1 and count(Listing) == 1


def test_eight_referral_reports_with_different_tokens_make_one_referral(app, login_as):
    clerk = login_as(Role.CLERK, username="clerk-race-referral")
    case = flagged_case(clerk=clerk)
    answers = parallel_posts(app, clerk.username, f"/referrals/cases/{case.id}/new", {
        "reported_at": "2026-11-02T10:00", "report": "老板逃匿，拖欠24,000元"},
        per_client=lambda i: {"submission_token": f"race-referral-{i}"})
    assert_answered(answers)
    assert count(PoliceReferral) == 1
