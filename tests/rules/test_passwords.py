"""The password policy: length, character classes, common and context words."""

from datetime import UTC, datetime, timedelta

import pytest

from wagewatch.rules.passwords import check_password, hash_needs_upgrade, password_expired


@pytest.mark.parametrize(
    ("candidate", "ok"),
    [
        ("Abcdef1!", True),        # 8 characters, four classes
        ("Abcde1!", False),        # 7 characters
        ("abcdefgh1", False),      # two classes
        ("ABCDEFG1!", True),       # upper, digit, symbol
        ("Xy7#mQ2$vK", True),
        ("Password1!", False),     # common word inside
        ("Qwerty123!", False),
        ("Zhangsan-88", False),    # the user's own name (context word)
        ("Wagewatch-88", False),   # the system's name
        ("a" * 129 + "B1", False),  # too long
    ],
)
def test_password_policy_accepts_only_strong_passwords(candidate, ok):
    verdict = check_password(candidate, context_words=("zhangsan", "张三"))
    assert verdict.ok is ok
    assert bool(verdict.problems) is (not ok)


def test_refusal_reasons_are_in_chinese():
    verdict = check_password("abc")
    assert "密码至少8位" in verdict.problems
    assert any("至少三类" in p for p in verdict.problems)


def test_new_password_may_not_repeat_the_current_one():
    verdict = check_password("Xy7#mQ2$vK", current="Xy7#mQ2$vK")
    assert not verdict.ok
    assert "新密码不能与当前密码相同" in verdict.problems


@pytest.mark.parametrize(("age_days", "expired"), [(89, False), (90, False), (91, True)])
def test_password_expires_after_90_days(age_days, expired):
    now = datetime(2026, 11, 28, tzinfo=UTC)
    assert password_expired(now - timedelta(days=age_days), now, 90) is expired


def test_expiry_can_be_switched_off():
    now = datetime(2026, 11, 28, tzinfo=UTC)
    assert not password_expired(now - timedelta(days=1000), now, 0)


@pytest.mark.parametrize(("stored", "upgrade"), [
    ("scrypt:131072:8:1$salt$hash", False),   # the configured parameters
    ("scrypt:262144:8:1$salt$hash", False),   # stronger: kept, never lowered
    ("scrypt:32768:8:1$salt$hash", True),     # Werkzeug's default N, below OWASP's minimum
    ("scrypt:131072:4:1$salt$hash", True),
    ("scrypt:131072:8:0$salt$hash", True),
    ("pbkdf2:sha256:600000$salt$hash", True),
    ("scrypt$salt$hash", True),               # parameters not stated
])
def test_a_weaker_stored_hash_is_upgraded(stored, upgrade):
    assert hash_needs_upgrade(stored, "scrypt:131072:8:1") is upgrade
