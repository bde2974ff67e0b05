"""A request's values as named parameters, bound into statements built once per process."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Date, Integer, Select, bindparam, select

#: Building and keying some twenty statements afresh cost the clerk's home about a fifth of its
#: CPU; a statement built once with these in place of the request's values keeps its cache key,
#: and its compiled form is found at once. Bind them as {"office_id": ..., "user_id": ...}.
OFFICE = bindparam("office_id", type_=Integer)
USER = bindparam("user_id", type_=Integer)
TODAY = bindparam("today", type_=Date)
HORIZON = bindparam("horizon", type_=Date)
LIMIT = bindparam("limit", type_=Integer)
CAP = bindparam("cap", type_=Integer)
CASE = bindparam("case_id", type_=BigInteger)


@cache
def of_case(model: Any) -> Select:
    """The records of ``model`` (which has a ``case_id``) of the case bound as ``case_id``, oldest
    first: one statement per model, built once, for what a case page reads on every visit."""
    return select(model).where(model.case_id == CASE).order_by(model.id)
