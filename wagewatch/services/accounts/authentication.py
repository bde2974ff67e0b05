"""Logging in and out, lockout, and a user's own password change (security.md items 3-5)."""

from __future__ import annotations

import secrets
import string
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, update
from werkzeug.security import check_password_hash, generate_password_hash

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, User, utcnow
from wagewatch.rules.passwords import check_password, hash_needs_upgrade, password_expired
from wagewatch.services import ServiceError, audit
from wagewatch.services.accounts import sessions

GENERIC_LOGIN_FAILURE = "用户名或密码错误，或账户已被锁定。"


class LoginRefused(ServiceError):
    """Any failed login; the message never says whether the user exists or is locked."""

    def __init__(self) -> None:
        super().__init__(GENERIC_LOGIN_FAILURE)


def hash_password(password: str) -> str:
    """Hash with the configured method (scrypt N=2**17, r=8, p=1 in production)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def normalise_username(username: str) -> str:
    return username.strip().lower()


def one_time_password() -> str:
    """A random 16-character password that meets the policy, for new accounts and resets."""
    alphabet = string.ascii_letters + string.digits + "-_!@#%"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(16))
        if check_password(candidate).ok:
            return candidate


def authenticate(username: str, password: str, source_ip: str | None) -> User:
    """Check a login; on success open a server-side session and return the user.

    Five consecutive failures lock the account for 30 minutes (configurable), counted in the
    database so the count holds across worker processes: each attempt takes its failure slot
    with one atomic UPDATE before the password is checked, so a parallel burst gets exactly
    five checks. An address with 20 failures in 15 minutes (configurable) is refused too.
    Unknown, locked and throttled attempts spend the same hash work as a wrong password.
    Every outcome is audited and committed.
    """
    config = current_app.config
    now = utcnow()
    name = normalise_username(username)
    if _address_throttled(source_ip, now):
        check_password_hash(_dummy_hash(), password)
        audit.record("login.throttled", success=False,
                     detail=f"来源地址登录失败过多：{mask_username(name)}")
        db.session.commit()
        raise LoginRefused()
    user = db.session.scalar(db.select(User).where(User.username == name))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        audit.record("login.failure", success=False, detail=f"未知用户名：{mask_username(name)}")
        db.session.commit()
        raise LoginRefused()
    count = _take_failure_slot(user, now)
    if count is None or count > config["LOCKOUT_THRESHOLD"]:
        check_password_hash(_dummy_hash(), password)
        audit.record("login.locked", object_type="user", object_id=user.id, success=False,
                     actor=user, detail="账户锁定期间尝试登录")
        db.session.commit()
        raise LoginRefused()
    password_ok = check_password_hash(user.password_hash, password)
    if not password_ok or not user.active:
        _count_failure(user, count, reason="密码错误" if not password_ok else "账户已停用")
        raise LoginRefused()
    db.session.refresh(user)
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    if hash_needs_upgrade(user.password_hash, config["PASSWORD_HASH_METHOD"]):
        user.password_hash = hash_password(password)
    if password_expired(user.password_changed_at, now, config["PASSWORD_MAX_AGE_DAYS"]):
        user.must_change_password = True
    sessions.start(user, source_ip)
    audit.record("login.success", object_type="user", object_id=user.id, actor=user)
    db.session.commit()
    return user


def mask_username(name: str) -> str:
    """An unknown username as the audit log keeps it: often a mistyped password, so only its
    first and last characters and its length are kept (``z*******o``)."""
    name = name[:64]
    if len(name) <= 2:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _address_throttled(source_ip: str | None, now) -> bool:
    """Whether this address reached its failure limit within the window (from the audit log,
    so every worker process sees the same count)."""
    config = current_app.config
    if not source_ip or not config["LOGIN_ADDRESS_FAILURE_LIMIT"]:
        return False
    since = now - timedelta(minutes=config["LOGIN_ADDRESS_WINDOW_MINUTES"])
    failures = db.session.scalar(
        db.select(func.count()).select_from(AuditEvent)
        .where(AuditEvent.source_ip == source_ip, AuditEvent.occurred_at >= since,
               AuditEvent.action.in_(("login.failure", "login.locked", "login.throttled")))
    )
    return failures >= config["LOGIN_ADDRESS_FAILURE_LIMIT"]


def _take_failure_slot(user: User, now) -> int | None:
    """Count this attempt as a failure before checking it, atomically and committed; None when
    the account is locked. A right password clears the count again."""
    count = db.session.execute(
        update(User)
        .where(User.id == user.id,
               (User.locked_until.is_(None)) | (User.locked_until <= now))
        .values(failed_login_count=User.failed_login_count + 1)
        .returning(User.failed_login_count)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.commit()
    return count


def _count_failure(user: User, count: int, reason: str) -> None:
    """Audit a failed check (its slot is already counted) and lock at the threshold."""
    config = current_app.config
    audit.record("login.failure", object_type="user", object_id=user.id, success=False,
                 actor=user, detail=f"{reason}（连续第{count}次）")
    if count >= config["LOCKOUT_THRESHOLD"]:
        until = utcnow() + timedelta(minutes=config["LOCKOUT_MINUTES"])
        db.session.execute(
            update(User).where(User.id == user.id)
            .values(locked_until=until, failed_login_count=0)
            .execution_options(synchronize_session=False)
        )
        audit.record("account.locked", object_type="user", object_id=user.id, success=False,
                     actor=user, detail=f"连续{count}次登录失败，锁定{config['LOCKOUT_MINUTES']}分钟")
    db.session.commit()


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(8), method=method)
    return _DUMMY_HASHES[method]


def logout(user: User) -> None:
    """End the user's current session on the server, so a copied cookie stops working."""
    sessions.end(user.session_token, "logout")
    audit.record("logout", object_type="user", object_id=user.id, actor=user)
    db.session.commit()


def change_password(user: User, current: str, new: str, source_ip: str | None) -> str:
    """Replace the user's password after checking the current one; returns the renewed token.

    Every other session of the user ends (security.md item 5) and this one is renewed.
    """
    if not check_password_hash(user.password_hash, current):
        audit.record("password.change", object_type="user", object_id=user.id, success=False,
                     detail="当前密码错误")
        db.session.commit()
        raise ServiceError("当前密码不正确。", field="current_password")
    verdict = check_password(new, context_words=(user.username, user.display_name),
                             current=current)
    if not verdict.ok:
        raise ServiceError("；".join(verdict.problems), field="new_password")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    sessions.end_all(user, "password_changed")
    token = sessions.start(user, source_ip, second_factor_done=user.second_factor_done)
    audit.record("password.change", object_type="user", object_id=user.id)
    db.session.commit()
    return token


def password_change_due(user: User) -> bool:
    """Whether the user must change the password before doing anything else."""
    return user.must_change_password or password_expired(
        user.password_changed_at, utcnow(), current_app.config["PASSWORD_MAX_AGE_DAYS"]
    )

