"""Declarative base with a stable naming convention and the shared column types."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import BigInteger, DateTime, Enum, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, registry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: A 64-bit primary key that is still SQLite's rowid alias (SQLite autoincrements only INTEGER).
BigIntPK = BigInteger().with_variant(Integer, "sqlite")


def utcnow() -> datetime:
    """The current time as an aware UTC datetime (the callable default of every `_at` column).

    The app's one clock: a ``CLOCK`` setting (a function returning an aware datetime) replaces
    the system clock, so tests can stand at any moment without touching the machine's time."""
    if has_app_context():
        clock = current_app.config.get("CLOCK")
        if clock is not None:
            return clock().astimezone(UTC)
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store naive UTC, return aware UTC, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def enum_type(enum_class: type[enum.Enum], length: int = 24) -> Enum:
    """A portable enum column that stores the member's value as text, not a native type."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def optimistic_lock(version: Mapped[int]) -> dict[str, Any]:
    """Mapper arguments making ``version`` the optimistic-lock column; the services set it
    (commit_edit) instead of SQLAlchemy generating it (security.md item 18)."""
    return {"version_id_col": version, "version_id_generator": False}


class Base(DeclarativeBase):
    """Base class of every wagewatch model."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime},
    )
