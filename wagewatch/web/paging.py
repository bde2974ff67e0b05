"""Pages of long lists whose count stops at a cap ("1,000+"), so a page never counts a million rows."""

from __future__ import annotations

from math import ceil

from sqlalchemy import Select, func, select

from wagewatch.extensions import db

#: Rows counted at most; beyond this the list says "1,000+".
COUNT_CAP = 1000
#: The highest page number asked for that is read as such.
MAX_PAGE = 10**6
#: Rows a list pages through at most: OFFSET never skips more than this (an index walk of
#: 10,000 entries, a few milliseconds), so a deep page costs what page 200 costs; past it the
#: list asks for narrower filters (every list has them, and the search finds one record).
MAX_ROWS = 10_000


class CappedPage:
    """One page of ``query`` and a count capped at ``cap`` rows (one bounded count query)."""

    def __init__(self, query: Select, page: int, per_page: int, cap: int | None = None) -> None:
        self.per_page = per_page
        cap = COUNT_CAP if cap is None else cap
        counted = db.session.scalar(select(func.count()).select_from(
            query.order_by(None).limit(cap + 1).subquery())) or 0
        self.capped = counted > cap
        self.count = min(counted, cap)
        last = max(1, ceil(self.count / per_page))
        # Past the cap the page number is taken as asked (rows exist beyond the count), up to
        # the last page within MAX_ROWS.
        deepest = max(1, MAX_ROWS // per_page)
        self.page = min(max(1, page), deepest) if self.capped else min(max(1, page), last)
        rows = list(db.session.scalars(
            query.limit(per_page + 1).offset((self.page - 1) * per_page)).unique())
        self.items = rows[:per_page]
        #: More rows exist past the deepest page a list offers: narrow the filters to see them.
        self.at_limit = len(rows) > per_page and self.page >= deepest
        self.has_next = len(rows) > per_page and not self.at_limit
        self.has_prev = self.page > 1
        self.pages = max(last, self.page + (1 if self.has_next else 0))

    @property
    def total(self) -> str:
        """The count as shown: "123" or "1,000+"."""
        return f"{self.count:,}+" if self.capped else str(self.count)

    @property
    def pages_label(self) -> str:
        return f"{self.pages}+" if self.capped else str(self.pages)

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def page_number(name: str = "page") -> int:
    """The ?page= (or ?NAME=) of the request: 1 for anything that is not a positive number; a number past
    ``MAX_PAGE`` (however long) is taken as ``MAX_PAGE``, which the list turns into its last page."""
    from flask import request

    value = request.args.get(name, "1")
    digits = value.lstrip("0") if value.isascii() and value.isdigit() else ""
    if not digits:
        return 1
    return MAX_PAGE if len(digits) > 7 else min(int(digits), MAX_PAGE)
