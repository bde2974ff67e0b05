"""User accounts, their roles, and their server-side login sessions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, enum_type, optimistic_lock, utcnow
from wagewatch.models.office import Office


class Role(enum.StrEnum):
    """What a user does in the bureau; each blueprint admits a set of roles."""

    ADMIN = "admin"
    CLERK = "clerk"
    POLICE = "police"
    LEADER = "leader"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "系统管理员",
    Role.CLERK: "监察员",
    Role.POLICE: "公安民警",
    Role.LEADER: "领导",
    Role.AUDITOR: "审计员",
}


class User(UserMixin, Base):
    """A person who logs in; the role decides what they may do, the office what they may see."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(enum_type(Role, 16))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    must_change_password: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    failed_login_count: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    #: Granted by an administrator: bulk exports with full ID numbers and phones (PIPL art. 51).
    may_export_full_ids: Mapped[bool] = mapped_column(default=False)
    #: Where the daily digest of due work is e-mailed (when SMTP is configured); optional.
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    office: Mapped[Office] = relationship()
    sessions: Mapped[list[UserSession]] = relationship(back_populates="user")

    # Optimistic locking for edits (security.md item 18): the edit use case bumps the version;
    # logins and lockouts update the row without counting as an edit.
    __mapper_args__ = optimistic_lock(version)

    if TYPE_CHECKING:  # declared for the type checker only: an annotation here would be mapped
        session_token: str | None
        second_factor_enrolled: bool | None
        unread_digests: int | None
    #: The token of the login session this object was loaded through (Flask-Login's id);
    #: a plain attribute, not a column.
    session_token = None
    #: Whether the second factor was checked in that session (set by the session loader).
    second_factor_done = False
    #: Read with the session in one statement (sessions.resume) for the request's checks and
    #: navigation: whether a second factor is enrolled, how many reminder digests are unread.
    #: None when not read that way (the services then ask the database).
    second_factor_enrolled = None
    unread_digests = None

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled users cannot log in
        return self.active

    def get_id(self) -> str | None:
        """Flask-Login keeps the session token, not the user id, so sessions can be revoked."""
        return self.session_token

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class UserSession(Base):
    """One login: its token (hashed), when it started and was last used, and whether it ended."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))
    source_ip: Mapped[str | None] = mapped_column(String(45))
    #: When the second factor was checked in this session; until then it is half signed in.
    second_factor_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="sessions")


class PageVisit(Base):
    """When a user last opened a page that shows what is new since the previous visit (the
    police home's newly flagged contractors), and when the visit before that was."""

    __tablename__ = "page_visit"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    page: Mapped[str] = mapped_column(String(32), primary_key=True)
    visited_at: Mapped[datetime]
    previous_visited_at: Mapped[datetime | None]
