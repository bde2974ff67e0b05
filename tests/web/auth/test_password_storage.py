"""Passwords are stored with the configured scrypt parameters; a weaker stored hash is replaced
at the next correct login, a stronger one is kept (security.md item 3)."""

import pytest
from werkzeug.security import generate_password_hash

from wagewatch.extensions import db
from wagewatch.models import Role, User
from wagewatch.services.accounts import authentication

from tests.factories import PASSWORD, login, make_user, post


def stored_hash(username):
    return db.session.scalar(db.select(User.password_hash).where(User.username == username)
                             .execution_options(populate_existing=True))


def test_new_and_changed_passwords_carry_the_configured_parameters(app, client, login_as):
    method = app.config["PASSWORD_HASH_METHOD"]
    user = login_as(Role.CLERK)
    post(app, client, "/auth/password", {"current_password": PASSWORD,
                                         "new_password": "Brand-new-2026",
                                         "confirm_password": "Brand-new-2026"})
    assert stored_hash(user.username).startswith(method + "$")
    created = authentication.hash_password("Another-one-2026")
    assert created.startswith(method + "$") and "Another-one-2026" not in created


@pytest.mark.parametrize("weaker", ["scrypt:512:8:1", "scrypt:1024:4:1", "pbkdf2:sha256:1000"])
def test_a_weaker_hash_is_upgraded_at_the_next_correct_login(app, weaker):
    method = app.config["PASSWORD_HASH_METHOD"]
    user = make_user(username="zhao")
    user.password_hash = generate_password_hash(PASSWORD, method=weaker)
    db.session.commit()
    assert login(app, app.test_client(), "zhao", "Wrong-pass-1").status_code == 200
    assert stored_hash("zhao").startswith(weaker + "$")  # a wrong password changes nothing
    assert login(app, app.test_client(), "zhao").status_code == 302
    assert stored_hash("zhao").startswith(method + "$")
    assert login(app, app.test_client(), "zhao").status_code == 302  # the same password


def test_a_stronger_hash_is_never_lowered(app):
    stronger = "scrypt:2048:8:1"
    assert stronger != app.config["PASSWORD_HASH_METHOD"]
    user = make_user(username="zhao")
    user.password_hash = generate_password_hash(PASSWORD, method=stronger)
    db.session.commit()
    assert login(app, app.test_client(), "zhao").status_code == 302
    assert stored_hash("zhao").startswith(stronger + "$")
