"""Server-side login sessions: started at login, checked on every request, ended on the server."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, exists, func, select, update
from sqlalchemy.orm import joinedload

from wagewatch.extensions import db
from wagewatch.models import ReminderDigest, SecondFactor, User, UserSession, utcnow

#: How often a session's last-seen time is written (it measures the 30-minute idle timeout).
TOUCH_INTERVAL = timedelta(seconds=60)


#: One statement for what every request needs: the session, its user and office, whether a
#: second factor is enrolled (the sign-in gate) and the unread digests (the navigation badge).
#: Built once: SQLAlchemy keeps a statement object's cache key, which a statement built anew
#: on each request has to work out again (about a quarter of a millisecond of CPU each time).
_RESUME = (
    select(UserSession,
           exists().where(SecondFactor.user_id == UserSession.user_id,
                          SecondFactor.enrolled_at.is_not(None)),
           select(func.count()).select_from(ReminderDigest).where(
               ReminderDigest.user_id == UserSession.user_id,
               ReminderDigest.read_at.is_(None)).scalar_subquery())
    .options(joinedload(UserSession.user).joinedload(User.office))
    .where(UserSession.token_hash == bindparam("token_hash"))
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, source_ip: str | None, *, second_factor_done: bool = False) -> str:
    """Open a session for ``user`` in the current transaction and return its secret token.

    The session is half signed in until its second factor is checked (``mark_second_factor``),
    unless ``second_factor_done`` carries that check over from the session it renews.
    """
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=_hash(token), user=user, source_ip=source_ip,
                               second_factor_at=utcnow() if second_factor_done else None))
    user.session_token = token
    user.second_factor_done = second_factor_done
    return token


def mark_second_factor(user: User) -> None:
    """Record in the current transaction that this session's second factor was checked."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.token_hash == _hash(user.session_token or ""),
               UserSession.ended_at.is_(None))
        .values(second_factor_at=utcnow())
    )
    user.second_factor_done = True


def resume(
    token: str, *, idle_timeout: timedelta, absolute_timeout: timedelta, now: datetime | None = None
) -> User | None:
    """The user of a live session, or None when it ended, idled 30 min or passed 12 h (item 5)."""
    now = now or utcnow()
    found = db.session.execute(_RESUME, {"token_hash": _hash(token)}).first()
    if found is None or found[0].ended_at is not None:
        return None
    session_row = found[0]
    reason = None
    if not session_row.user.active:
        reason = "disabled"
    elif now - session_row.last_seen_at > idle_timeout:
        reason = "idle"
    elif now - session_row.created_at > absolute_timeout:
        reason = "absolute"
    if reason:
        session_row.ended_at, session_row.end_reason = now, reason
        db.session.commit()
        return None
    if now - session_row.last_seen_at > TOUCH_INTERVAL:
        session_row.last_seen_at = now
        db.session.commit()
    user = session_row.user
    user.session_token = token
    user.second_factor_done = session_row.second_factor_at is not None
    user.second_factor_enrolled, user.unread_digests = bool(found[1]), int(found[2] or 0)
    return user


def end(token: str | None, reason: str) -> None:
    """End one session in the current transaction (logout, renewal)."""
    if not token:
        return
    db.session.execute(
        update(UserSession)
        .where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )


def end_all(user: User, reason: str) -> None:
    """End every open session of ``user`` in the current transaction (disable, reset, role change)."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
