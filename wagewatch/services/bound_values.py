"""A request's values as named parameters, bound into statements built once per process."""

from __future__ import annotations

from sqlalchemy import Date, Integer, bindparam

#: Building and keying some twenty statements afresh cost the clerk's home about a fifth of its
#: CPU; a statement built once with these in place of the request's values keeps its cache key,
#: and its compiled form is found at once. Bind them as {"office_id": ..., "user_id": ...}.
OFFICE = bindparam("office_id", type_=Integer)
USER = bindparam("user_id", type_=Integer)
TODAY = bindparam("today", type_=Date)
HORIZON = bindparam("horizon", type_=Date)
LIMIT = bindparam("limit", type_=Integer)
CAP = bindparam("cap", type_=Integer)
