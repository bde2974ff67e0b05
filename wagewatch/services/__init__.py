"""Use cases: load facts, call rules, write, commit once."""

from typing import Protocol

from sqlalchemy.orm.exc import StaleDataError

from wagewatch.extensions import db


class ServiceError(Exception):
    """A domain refusal with a message in Chinese; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleRecord(ServiceError):
    """Someone else saved the record since the form was loaded (security.md item 18)."""

    def __init__(self) -> None:
        super().__init__("该记录已被他人修改，请核对后重新提交。")


class Versioned(Protocol):
    """A record with an optimistic-lock version column."""

    version: int


def commit_edit(record: Versioned, expected_version: int) -> None:
    """Commit an edit of a versioned record, refusing it when someone saved in between.

    The version is compared with what the form was loaded with, then bumped; the UPDATE itself
    also checks it, so two simultaneous saves cannot both win.
    """
    if record.version != expected_version:
        db.session.rollback()
        raise StaleRecord()
    record.version = expected_version + 1
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise StaleRecord() from error
