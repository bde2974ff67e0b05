"""Login under attack: a parallel burst, equal hash work, the per-address throttle, masking."""

import threading

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, User
from wagewatch.services.accounts import authentication
from wagewatch.services.accounts.authentication import GENERIC_LOGIN_FAILURE

from tests.factories import PASSWORD, csrf_token, login, make_user, text_of

pytestmark = pytest.mark.committing


@pytest.fixture
def hash_checks(monkeypatch):
    """Every password-hash check made by a login, as the hash it was checked against."""
    calls = []
    real = authentication.check_password_hash

    def counting(pwhash, password):
        calls.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(authentication, "check_password_hash", counting)
    return calls


def test_a_parallel_burst_of_wrong_passwords_gets_exactly_five_checks(app, hash_checks):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the parallel burst runs on PostgreSQL (SQLite serialises its writers)")
    user = make_user(username="zhao")
    clients = [app.test_client() for _ in range(30)]
    tokens = [csrf_token(app, client) for client in clients]
    barrier = threading.Barrier(30)
    statuses = []

    def attempt(index):
        barrier.wait()
        response = clients[index].post("/auth/login", data={
            "username": "zhao", "password": "Wrong-pass-1", "csrf_token": tokens[index]})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [200] * 30
    assert hash_checks.count(user.password_hash) == 5
    assert len(hash_checks) == 30  # the other 25 spent the same work on the dummy hash
    db.session.refresh(user)
    assert user.locked_until is not None


def test_unknown_locked_and_wrong_do_the_same_hash_work(app, client, hash_checks):
    user = make_user(username="zhao")
    method = app.config["PASSWORD_HASH_METHOD"]
    outcomes = {}
    for label, name, password in (("unknown", "nobody", "Whatever-123"),
                                  ("wrong", "zhao", "Wrong-pass-1")):
        hash_checks.clear()
        response = login(app, client, name, password)
        assert GENERIC_LOGIN_FAILURE in text_of(response)
        outcomes[label] = list(hash_checks)
    for _ in range(4):
        login(app, client, "zhao", "Wrong-pass-1")
    hash_checks.clear()
    assert GENERIC_LOGIN_FAILURE in text_of(login(app, client, "zhao", PASSWORD))
    outcomes["locked"] = list(hash_checks)
    for label, calls in outcomes.items():
        assert len(calls) == 1, label
        assert calls[0].startswith(method + "$"), label  # same scrypt parameters
    assert outcomes["wrong"] == [user.password_hash]
    assert outcomes["unknown"][0] != user.password_hash != outcomes["locked"][0]


def test_an_address_with_too_many_failures_is_refused_and_another_is_not(app):
    app.config["LOGIN_ADDRESS_FAILURE_LIMIT"] = 6
    make_user(username="zhao")
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    for index in range(6):
        login(app, attacker, f"guess{index}", "Wrong-pass-1")
    refused = login(app, attacker, "zhao", PASSWORD)
    assert refused.status_code == 200 and GENERIC_LOGIN_FAILURE in text_of(refused)
    throttled = db.session.scalar(db.select(AuditEvent)
                                  .where(AuditEvent.action == "login.throttled"))
    assert throttled.source_ip == "10.0.0.9"
    colleague = app.test_client()
    colleague.environ_base["REMOTE_ADDR"] = "10.0.0.10"
    assert login(app, colleague, "zhao", PASSWORD).status_code == 302
    assert db.session.scalar(db.select(User.locked_until).where(User.username == "zhao")) is None


def test_an_unknown_username_is_audited_masked(app, client):
    login(app, client, "Wage-watch-2026x", "Whatever-123")  # a password typed as the username
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "login.failure"))
    assert "wage-watch-2026x" not in event.detail.lower()
    assert event.detail.endswith("w**************x")
