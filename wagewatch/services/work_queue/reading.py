"""Reading the clerk's queue: the request's values bound into statements built once per
process, each kind's first rows and its count up to a cap, and the rows a queue shows of a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, func, select

from wagewatch.extensions import db
from wagewatch.models import Case, Contractor
from wagewatch.rules.work_queue import DueItem
from wagewatch.rules.working_days import WorkingDayCalendar
from wagewatch.services.bound_values import CAP, LIMIT, OFFICE, USER
from wagewatch.services.id_sets import among_bound, bound_ids, built_per_database


@dataclass(frozen=True)
class Scope:
    """What one reading of the queue is for: the office, the clerk (``mine_only``: the clerk's
    own work alone), the day and its calendar, and the rows of each kind to read."""

    office_id: int
    user_id: int
    mine_only: bool
    today: date
    calendar: WorkingDayCalendar
    limit: int
    #: Kinds counted past the cap a moment ago (capped_counts): taken as past it uncounted.
    capped_before: frozenset[str] = frozenset()

    def counts(self, kind: str) -> bool:
        return kind not in self.capped_before

    @property
    def params(self) -> dict[str, Any]:
        """The values bound into the queue's statements (OFFICE, USER, TODAY)."""
        return {"office_id": self.office_id, "user_id": self.user_id, "today": self.today}


#: Counts stop here ("1,000+"): a count never reads more rows than one past this, whatever the size.
COUNT_CAP = 1000


@dataclass(frozen=True)
class Statements:
    """A kind's ordered rows, LIMIT ``limit``; and its count, reading at most ``cap`` rows."""

    page: Select
    count: Select


def page_and_count(query: Select, count_query: Select | None = None) -> Statements:
    """The statements ``first`` executes for an ordered query (``count_query`` when grouping makes
    the query itself slow to count; otherwise the query unordered)."""
    counted = count_query if count_query is not None else query.order_by(None)
    return Statements(query.limit(LIMIT),
                       select(func.count()).select_from(counted.limit(CAP).subquery()))


def first(statements: Statements, params: dict[str, Any], limit: int, counted: int = 0,
          count: bool = True) -> tuple[list, int]:
    """The first ``limit`` rows of an ordered query, and how many rows it has up to one past
    COUNT_CAP less ``counted``, the rows of the same kind already counted (more than COUNT_CAP in
    all: "1,000+"; the count reads at most that many rows, unordered; without ``count`` a full
    page is taken as past the cap). A query of one column or entity gives its values, others
    rows."""
    rows = db.session.execute(statements.page, {**params, "limit": limit}).all()
    found = [row[0] if len(row) == 1 else row for row in rows]
    if len(found) < limit or counted > COUNT_CAP:
        return found, len(found)
    if not count:
        return found, COUNT_CAP + 1
    return found, db.session.scalar(statements.count,
                                    {**params, "cap": COUNT_CAP + 1 - counted}) or 0


#: What a queue row shows of a case, read as columns with its employer's name: a Case entity
#: with its employer is some sixty columns through the ORM for a number and a name.
_CASE_COLUMNS = (Case.id, Case.number, Contractor.name.label("employer_name"), Case.handler_id,
                 Case.due_provisional)


def as_rows(query: Select, *columns: Any) -> Select:
    """``query`` (of cases) reading the queue's columns and ``columns`` instead of entities."""
    return query.with_only_columns(*_CASE_COLUMNS, *columns).join_from(
        Case, Contractor, Contractor.id == Case.employer_id)


def case_rows(ids: list[int], *columns: Any) -> dict[int, Row]:
    """The queue's columns of the cases ``ids`` (and ``columns``), by case id."""
    return {row.id: row for row in db.session.execute(_case_rows_statement(columns),
                                                      {"case_ids": bound_ids(ids)})}


@built_per_database
def _case_rows_statement(columns: tuple[Any, ...]) -> Select:
    return as_rows(select(Case).where(among_bound(Case.id, "case_ids")), *columns)


def office_cases(mine_only: bool, *conditions) -> Select:
    """The office's cases (OFFICE; with ``mine_only`` the clerk's, USER) meeting ``conditions``."""
    query = select(Case).where(Case.office_id == OFFICE, *conditions)
    return query.where(Case.handler_id == USER) if mine_only else query


def case_item(scope: Scope, case: Row, kind: str, due_on: date, step: str,
              **ids: int) -> DueItem:
    """A queue item for a case row (as_rows): its number, employer and whether it is the clerk's."""
    return DueItem(kind, due_on, case.number, case.employer_name, step, {"case_id": case.id, **ids},
                   mine=case.handler_id == scope.user_id, provisional=case.due_provisional)

