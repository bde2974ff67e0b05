"""One-time submission tokens: a re-sent or concurrently sent create form makes one record (security.md item 19)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError

from wagewatch.extensions import db
from wagewatch.services import ServiceError

EXPIRED = "表单已失效，请重新打开页面后填写。"


def existing_for_token(model: type[Any], token: str | None, office_id: int | None = None) -> Any:
    """The record of ``model`` a form carrying this one-time token already created, or None.

    With ``office_id``, a record of another office refuses the form: a token never opens a way
    into another office's records.
    """
    if not token:
        return None
    record = db.session.scalar(db.select(model).where(model.submission_token == token))
    if record is not None and office_id is not None and getattr(record, "office_id", office_id) != office_id:
        raise ServiceError(EXPIRED)
    return record


def once_per_token(model: type, *, office_from: str | None = None,
                   answer: Callable[[Any], Any] = lambda record: record,
                   conflict: tuple[str, str | None] | None = None) -> Callable:
    """Decorate a create use case that takes ``submission_token`` and stores it on a ``model`` row.

    A token already used answers with the record it created, without running the use case again.
    When two posts with the same token run at once, the second one's insert breaks the unique token
    (an IntegrityError at a flush or at the commit): it is rolled back and answered with the first
    one's record, so eight parallel posts give eight answers and one row. ``office_from`` names the
    argument (an office id, or an object with ``office_id``) whose office the record must belong to;
    ``answer`` turns the record into the use case's return value; ``conflict`` is the message (and
    field) for an IntegrityError that is not about the token.
    """

    def decorate(use_case: Callable) -> Callable:
        signature = inspect.signature(use_case)

        @functools.wraps(use_case)
        def run(*args: Any, **kwargs: Any) -> Any:
            arguments = signature.bind(*args, **kwargs).arguments
            token = arguments.get("submission_token")
            office = arguments.get(office_from) if office_from else None
            office_id = getattr(office, "office_id", office)
            existing = existing_for_token(model, token, office_id)
            if existing is not None:
                return answer(existing)
            try:
                return use_case(*args, **kwargs)
            except IntegrityError as error:
                db.session.rollback()
                existing = existing_for_token(model, token, office_id)
                if existing is not None:
                    return answer(existing)
                if conflict is not None:
                    raise ServiceError(conflict[0], field=conflict[1]) from error
                raise

        return run

    return decorate
