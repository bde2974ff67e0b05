"""The second factor: TOTP enrolment, single-use codes, recovery codes, reset (security.md 23).

等保 2.0 level 3 (GB/T 22239-2019 8.1.4.1 d) and OWASP ASVS 5.0 6.3.3 ask for two factors for
privileged access. Codes are RFC 6238 TOTP (30-second steps, 6 digits, one step of clock drift
either way), each step accepted once per user; wrong codes are counted like wrong passwords and
lock the account at the same threshold. The secret is shown only while enrolment is pending.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
import time
from datetime import timedelta
from typing import Any, cast

import pyotp
import segno
from flask import current_app
from sqlalchemy import CursorResult, Update, delete, update

from wagewatch.extensions import db
from wagewatch.models import RecoveryCode, Role, SecondFactor, User, utcnow
from wagewatch.services import ServiceError, audit
from wagewatch.services.accounts import sessions

#: Roles that always sign in with a second factor; an office may require it of every role.
REQUIRED_ROLES = frozenset({Role.ADMIN, Role.POLICE, Role.LEADER})
RECOVERY_CODE_COUNT = 10
ISSUER = "wagewatch"
STEP_SECONDS = 30
#: Accepted clock drift, in steps either side of now.
DRIFT_STEPS = 1
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
WRONG_CODE = "验证码不正确或已使用过，请输入验证器上新的验证码。"


class SecondFactorLocked(ServiceError):
    """Too many wrong codes: the account is locked and the half-signed session ended."""

    def __init__(self) -> None:
        super().__init__("验证码错误次数过多，账户已被锁定，请稍后重新登录或联系管理员。")


def factor_of(user: User) -> SecondFactor | None:
    return db.session.scalar(db.select(SecondFactor).where(SecondFactor.user_id == user.id))


def is_enrolled(user: User) -> bool:
    if user.second_factor_enrolled is not None:  # read with the session (sessions.resume)
        return user.second_factor_enrolled
    factor = factor_of(user)
    return factor is not None and factor.enrolled_at is not None


def is_required(user: User) -> bool:
    """Whether this user signs in with a second factor: by role, by office, or once enrolled."""
    return (user.role in REQUIRED_ROLES or bool(user.office.require_second_factor)
            or is_enrolled(user))


def is_pending(user: User) -> bool:
    """A half-signed session: the password was right but the second factor is still owed."""
    return not user.second_factor_done and is_required(user)


def start_enrolment(user: User) -> SecondFactor:
    """The user's pending secret (created on first call, kept across page reloads)."""
    factor = factor_of(user)
    if factor is not None and factor.enrolled_at is not None:
        raise ServiceError("已绑定验证器。")
    if factor is None:
        factor = SecondFactor(user_id=user.id, secret=pyotp.random_base32(32))
        db.session.add(factor)
        audit.record("second_factor.enrolment_started", object_type="user", object_id=user.id,
                     actor=user)
        db.session.commit()
    return factor


def pending_secret(user: User) -> str | None:
    """The secret of a pending enrolment; None once enrolled (it is never shown again)."""
    factor = factor_of(user)
    if factor is None or factor.enrolled_at is not None:
        return None
    return factor.secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(text: str) -> bytes:
    """The QR code of ``text`` as an SVG image, drawn here (no external service)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=True,
                                     title="验证器二维码")
    return buffer.getvalue()


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Confirm the pending secret with a first code; returns the recovery codes (shown once).

    The session counts as fully signed in from here.
    """
    factor = factor_of(user)
    if factor is None or factor.enrolled_at is not None:
        raise ServiceError("请重新打开绑定页面。", field="code")
    _take_slot(user, factor)
    step = _matching_step(factor.secret, code)
    if step is None:
        _refuse(user, factor, "绑定时验证码错误")
    factor.enrolled_at = utcnow()
    user.second_factor_enrolled = True
    factor.last_used_step = step
    factor.failed_count = 0
    codes = _new_recovery_codes(user)
    sessions.mark_second_factor(user)
    audit.record("second_factor.enrol", object_type="user", object_id=user.id, actor=user,
                 detail=f"绑定验证器，生成{len(codes)}个恢复码")
    db.session.commit()
    return codes


def verify(user: User, code: str) -> None:
    """Check a TOTP code (a later step than the last one used) or an unused recovery code."""
    factor = factor_of(user)
    if factor is None or factor.enrolled_at is None:
        raise ServiceError("尚未绑定验证器。", field="code")
    _take_slot(user, factor)
    typed = "".join(code.split()).replace("-", "").lower()
    if typed.isdigit():
        step = _matching_step(factor.secret, typed)
        accepted = step is not None and _rows_updated(
            update(SecondFactor)
            .where(SecondFactor.id == factor.id,
                   (SecondFactor.last_used_step.is_(None)) | (SecondFactor.last_used_step < step))
            .values(last_used_step=step, failed_count=0)
            .execution_options(synchronize_session=False)
        ) == 1
        how = "动态验证码"
    else:
        accepted = _rows_updated(
            update(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None),
                   RecoveryCode.code_hash.in_(_stored_forms(user, typed)))
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False)
        ) == 1
        if accepted:
            db.session.execute(update(SecondFactor).where(SecondFactor.id == factor.id)
                               .values(failed_count=0)
                               .execution_options(synchronize_session=False))
        how = f"恢复码（剩余{remaining_recovery_codes(user)}个）"
    if not accepted:
        _refuse(user, factor, "验证码错误或已使用")
    sessions.mark_second_factor(user)
    audit.record("second_factor.success", object_type="user", object_id=user.id, actor=user,
                 detail=how)
    db.session.commit()


def remaining_recovery_codes(user: User) -> int:
    return len(db.session.scalars(db.select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def reset(user: User, *, actor: User) -> None:
    """Remove a user's factor and recovery codes (they enrol again at next login); audited."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(SecondFactor).where(SecondFactor.user_id == user.id))
    user.second_factor_enrolled = False
    sessions.end_all(user, "second_factor_reset")
    audit.record("user.reset_second_factor", object_type="user", object_id=user.id, actor=actor)
    db.session.commit()


def _take_slot(user: User, factor: SecondFactor) -> None:
    """Count this attempt as a failure before checking it (committed), so parallel guesses
    cannot all be checked before the lock; a right code clears the count again."""
    count = db.session.execute(
        update(SecondFactor).where(SecondFactor.id == factor.id)
        .values(failed_count=SecondFactor.failed_count + 1)
        .returning(SecondFactor.failed_count)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    db.session.commit()
    if count > current_app.config["LOCKOUT_THRESHOLD"]:
        _lock(user, factor, count)


def _refuse(user: User, factor: SecondFactor, reason: str) -> None:
    count = db.session.scalar(db.select(SecondFactor.failed_count)
                              .where(SecondFactor.id == factor.id)
                              .execution_options(populate_existing=True))
    audit.record("second_factor.failure", object_type="user", object_id=user.id, success=False,
                 actor=user, detail=f"{reason}（连续第{count}次）")
    db.session.commit()
    if count >= current_app.config["LOCKOUT_THRESHOLD"]:
        _lock(user, factor, count)
    raise ServiceError(WRONG_CODE, field="code")


def _lock(user: User, factor: SecondFactor, count: int) -> None:
    """Lock the account like repeated wrong passwords and end the half-signed session."""
    minutes = current_app.config["LOCKOUT_MINUTES"]
    db.session.execute(update(User).where(User.id == user.id)
                       .values(locked_until=utcnow() + timedelta(minutes=minutes),
                               failed_login_count=0)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(SecondFactor).where(SecondFactor.id == factor.id)
                       .values(failed_count=0).execution_options(synchronize_session=False))
    sessions.end_all(user, "second_factor_locked")
    audit.record("account.locked", object_type="user", object_id=user.id, success=False,
                 actor=user, detail=f"连续{count}次验证码错误，锁定{minutes}分钟")
    db.session.commit()
    raise SecondFactorLocked()


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (now ± drift) whose 6-digit code equals ``code``, or None."""
    typed = "".join(code.split())
    if len(typed) != 6 or not typed.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // STEP_SECONDS
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), typed):
            return step
    return None


#: scrypt cost of a recovery code's hash: the codes carry about 59 bits, below the 112 bits at
#: which ASVS 5.0 6.5.2 allows a plain hash, so they get a salted password-hashing function.
_RECOVERY_SCRYPT = {"n": 2**12, "r": 8, "p": 1, "dklen": 32}


def _hash_recovery(user: User, code: str) -> str:
    """scrypt of the code, salted with the user (64 hex characters, as the column holds)."""
    salt = f"wagewatch recovery code of user {user.id}".encode()
    return hashlib.scrypt(code.encode(), salt=salt, **_RECOVERY_SCRYPT).hex()


def _wrap_stored_hash(user: User, stored_hash: str) -> str:
    """scrypt of a hash stored before migration 0023, which wrapped every stored hash: codes
    issued as a bare SHA-256 (before scrypt) leave no SHA-256 at rest and still work once."""
    salt = f"wagewatch wrapped recovery code hash of user {user.id}".encode()
    return hashlib.scrypt(stored_hash.encode(), salt=salt, **_RECOVERY_SCRYPT).hex()


def _stored_forms(user: User, code: str) -> tuple[str, ...]:
    """What a typed code may be stored as: its scrypt hash (codes issued since 0023), or the
    wrapped SHA-256 or wrapped scrypt hash (codes issued before 0023 and not used yet). A bare
    SHA-256 is never accepted."""
    scrypt_hash = _hash_recovery(user, code)
    return (scrypt_hash, _wrap_stored_hash(user, scrypt_hash),
            _wrap_stored_hash(user, hashlib.sha256(code.encode()).hexdigest()))


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones (about 59 bits each); only their salted
    scrypt hashes are stored."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(user, raw)))
    return codes


def _rows_updated(statement: Update) -> int:
    """The number of rows an UPDATE changed (Session.execute returns a CursorResult for it, which
    SQLAlchemy types as a plain Result)."""
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount
