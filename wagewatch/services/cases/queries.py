"""Read-side queries of the case registry: the filtered list, per-case money totals, a case's workers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, false, func, inspect, select, union_all
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from wagewatch.extensions import db
from wagewatch.models import (
    OPEN_STATUSES, Case, CaseStatus, CaseWorker, Channel, Contractor, RecoveryAllocation, Recovery,
    Sector, Township, Worker,
)
from wagewatch.rules.search_terms import classify
from wagewatch.rules.working_days import WorkingDayCalendar, add_working_days
from wagewatch.services import capped_counts
from wagewatch.services.bound_values import CAP, HORIZON, LIMIT, OFFICE, TODAY, USER
from wagewatch.services.cases import search
from wagewatch.services.collection_loads import load_of_case
from wagewatch.services.id_sets import among, among_bound, among_found, bound_ids, built_per_database

SORTS: dict[str, tuple[ColumnElement[Any], ...]] = {
    "received_desc": (Case.received_on.desc(), Case.id.desc()),
    "received_asc": (Case.received_on.asc(), Case.id.asc()),
    "number": (Case.number_year.desc(), Case.number_seq.desc()),
    "due": (Case.next_due_on.asc(), Case.id.asc()),
}
SORT_LABELS = {"received_desc": "收到日期（新→旧）", "received_asc": "收到日期（旧→新）",
               "number": "案号", "due": "最近期限"}
DUE_LABELS = {"overdue": "已逾期", "soon": "3个工作日内到期"}
#: The sorts whose pages after the first are read by key (web/paging.py): the columns in the order
#: shown, the last unique within the office, and whether descending. Each follows an index
#: (office, *columns): ix_case_office_received_id (0027), uq_case_office_year_seq. The deadline
#: order has no key: next_due_on is empty on closed cases.
KEYSETS: dict[str, tuple[tuple[Any, ...], bool]] = {
    "received_desc": ((Case.received_on, Case.id), True),
    "received_asc": ((Case.received_on, Case.id), False),
    "number": ((Case.number_year, Case.number_seq), True),
}


def case_list_keyset(filters: dict) -> tuple[tuple[Any, ...], bool] | None:
    """The key of the list's order (KEYSETS), or None when it pages by number only."""
    sort = filters.get("sort") or "received_desc"
    return KEYSETS.get(sort if sort in SORTS else "received_desc")


def case_list_query(office_id: int, filters: dict, today: date, calendar: WorkingDayCalendar,
                    handler_id: int | None = None,
                    names: search.NameMatches | None = None) -> Select:
    """The office's cases narrowed by the list's filters, in the chosen order; a search's name
    candidates are kept in ``names`` (for search.common_fragment)."""
    query = listed_cases().where(Case.office_id == office_id)
    if filters.get("status") in {s.value for s in CaseStatus}:
        query = query.where(Case.status == CaseStatus(filters["status"]))
    if filters.get("township"):
        query = query.where(Case.township_id == int(filters["township"]))
    if filters.get("sector") in {s.value for s in Sector}:
        query = query.where(Case.sector == Sector(filters["sector"]))
    if filters.get("channel") in {c.value for c in Channel}:
        query = query.where(Case.channel == Channel(filters["channel"]))
    if filters.get("employer"):
        query = query.where(Case.employer_id == filters["employer"])
    if filters.get("project"):
        query = query.where(Case.project_id == filters["project"])
    if filters.get("received_from"):
        query = query.where(Case.received_on >= filters["received_from"])
    if filters.get("received_to"):
        query = query.where(Case.received_on <= filters["received_to"])
    if handler_id is not None:
        query = query.where(Case.handler_id == handler_id)
    if str(filters.get("handler") or "").isdigit():
        query = query.where(Case.handler_id == int(filters["handler"]))
    if filters.get("due") == "overdue":
        query = query.where(Case.status.in_(OPEN_STATUSES), Case.next_due_on < today)
    elif filters.get("due") == "soon":
        horizon = add_working_days(today, 3, calendar).due_on
        query = query.where(Case.status.in_(OPEN_STATUSES), Case.next_due_on >= today,
                            Case.next_due_on <= horizon)
    text = (filters.get("q") or "").strip()
    terms = classify(text)
    if terms is not None:
        matches = search.case_ids(office_id, terms, names)
        query = query.where(among_found(Case.id, matches)) if matches is not None \
            else query.where(false())
    return query.order_by(*SORTS.get(filters.get("sort") or "", SORTS["received_desc"]))


@cache
def listed_cases() -> Select:
    """Cases as the list shows them, as plain rows of the columns shown (and of the list's keys,
    KEYSETS), with the employer's and the township's names: building a page of fifty case
    entities with their employer and township joined took about four times the CPU. The names
    are read per row returned, so a count or an id walk over the same statement skips them.
    Built once: each list and search narrows it with its own conditions."""
    employer = select(Contractor.name).where(Contractor.id == Case.employer_id).scalar_subquery()
    township = select(Township.name).where(Township.id == Case.township_id).scalar_subquery()
    return select(Case.id, Case.number, Case.number_year, Case.number_seq, Case.received_on,
                  Case.status, Case.next_due_on, Case.due_provisional,
                  employer.label("employer_name"), township.label("township_name"))


def cases_by_id(ids: list[int]) -> list[Row]:
    """The cases of ``ids`` as the list shows them (listed_cases), in the order of ``ids``: a
    search's page read by id once its matches are found and ordered (paging.IdsFirst), so that
    only the page's rows are read, not every match before the sort."""
    found = {row.id: row for row in db.session.execute(_cases_by_id_statement(),
                                                        {"case_ids": bound_ids(ids)})}
    return [found[case_id] for case_id in ids if case_id in found]


@built_per_database
def _cases_by_id_statement() -> Select:
    """cases_by_id's statement, built once: the page's ids bound."""
    return listed_cases().where(among_bound(Case.id, "case_ids"))


def money_by_case(case_ids: list[int]) -> dict[int, tuple[int, Decimal, Decimal]]:
    """Workers, amount owed and amount recovered (yuan) for each listed case, in one query
    (built once per process and kind of database, the page's ids bound)."""
    if not case_ids:
        return {}
    return {case_id: (count, Decimal(owed or 0), Decimal(paid or 0))
            for case_id, count, owed, paid in db.session.execute(
                _money_statement(), {"case_ids": bound_ids(case_ids)}).tuples()}


@built_per_database
def _money_statement() -> Select:
    """Per case of ``case_ids``: its workers, its yuan owed and its yuan recovered (summed per
    case by its key: fifty cases' recoveries, not a join multiplying workers by payments)."""
    paid = (select(func.sum(RecoveryAllocation.amount_yuan))
            .join(Recovery, Recovery.id == RecoveryAllocation.recovery_id)
            .where(Recovery.case_id == CaseWorker.case_id).scalar_subquery())
    return (select(CaseWorker.case_id, func.count(),
                   func.sum(func.coalesce(CaseWorker.confirmed_yuan, CaseWorker.claimed_yuan)), paid)
            .where(among_bound(CaseWorker.case_id, "case_ids")).group_by(CaseWorker.case_id))


#: The dashboard's counts stop here ("1,000+"): none reads more than one row past it.
DASHBOARD_CAP = 1000


def dashboard(office_id: int, today: date, calendar: WorkingDayCalendar,
              handler_id: int | None = None, limit: int = 20,
              lists: bool = True) -> dict[str, object]:
    """Open cases, those due within 3 working days and those overdue (a clerk's own, or the
    office's for a leader), each count capped at DASHBOARD_CAP ("1,000+") and a count found past
    the cap taken as past it for a minute (capped_counts), with the first ``limit`` of each list
    in deadline order (empty lists without ``lists``: the clerk's home shows the queue instead;
    a list shorter than ``limit`` is its own exact count). Every read is a range of the index
    (office, status, next_due_on), one open status at a time, that stops at its limit."""
    horizon = add_working_days(today, 3, calendar).due_on
    own = handler_id is not None
    params = {"office_id": office_id, "user_id": handler_id, "today": today, "horizon": horizon}
    key = ("dashboard", office_id, handler_id, today, DASHBOARD_CAP)
    known = capped_counts.known_capped(key)
    capped: set[str] = set()

    def count(name: str, shown: list[Case] | None = None) -> str:
        if shown is not None and len(shown) < limit and len(shown) <= DASHBOARD_CAP:
            return f"{len(shown):,}"  # the whole list is shown: its length is the count
        if name in known:
            capped.add(name)
            return f"{DASHBOARD_CAP:,}+"
        counted = db.session.scalar(_dashboard_count(name, own),
                                    {**params, "cap": DASHBOARD_CAP + 1}) or 0
        if counted > DASHBOARD_CAP:
            capped.add(name)
            return f"{DASHBOARD_CAP:,}+"
        return f"{counted:,}"

    def first(name: str) -> list[Case] | None:
        if not lists:
            return None
        keys = [tuple(row) for status in sorted(OPEN_STATUSES) for row in db.session.execute(
            _dashboard_first(name, status, own), {**params, "limit": limit})]
        ids = [case_id for _, case_id in sorted(keys)[:limit]]
        loaded = {case.id: case for case in db.session.scalars(
            select(Case).options(joinedload(Case.employer)).where(among(Case.id, ids))).unique()} \
            if ids else {}
        return [loaded[case_id] for case_id in ids]

    soon, overdue = first("soon"), first("overdue")
    board = {"open": count("open"), "soon_count": count("soon", shown=soon),
             "overdue_count": count("overdue", shown=overdue),
             "soon": soon or [], "overdue": overdue or [], "horizon": horizon}
    capped_counts.remember_capped(key, known, capped)
    return board


#: The dashboard's counts: what each asks of an open case's next due date.
_COUNTED = {"open": (), "soon": (Case.next_due_on >= TODAY, Case.next_due_on <= HORIZON),
            "overdue": (Case.next_due_on < TODAY,)}


def _due_range(name: str, status: CaseStatus, own: bool) -> Select:
    """The open cases in ``status`` of the office (OFFICE; ``own``: the clerk's, USER) that the
    dashboard's ``name`` counts (_COUNTED): a range of the index (office, status, next_due_on)."""
    query = select(Case.next_due_on, Case.id).where(
        Case.office_id == OFFICE, Case.status == status, *_COUNTED[name])
    return query.where(Case.handler_id == USER) if own else query


@cache
def _dashboard_first(name: str, status: CaseStatus, own: bool) -> Select:
    """The first ``limit`` (LIMIT) of _due_range in deadline order, built once."""
    return _due_range(name, status, own).order_by(Case.next_due_on, Case.id).limit(LIMIT)


@cache
def _dashboard_count(name: str, own: bool) -> Select:
    """The capped count of the dashboard's ``name`` (_COUNTED), built once: the office, the clerk
    (``own``), the day, the horizon and the cap bound. One statement: each open status's range
    of the index read in its order (unordered, PostgreSQL may scan the table for the first rows),
    one after the other, stopping one row past the cap of all of them together. Each range is a
    subquery of its own: SQLite refuses a LIMIT on a member of a UNION."""
    ranges = [_due_range(name, status, own).order_by(Case.next_due_on).limit(CAP).subquery()
              for status in sorted(OPEN_STATUSES)]
    joined = union_all(*(select(found.c.id) for found in ranges)).subquery()
    return select(func.count()).select_from(select(joined.c.id).limit(CAP).subquery())


@built_per_database
def _workers_statement() -> Select:
    """The workers bound as ``worker_ids``, built once."""
    return select(Worker).where(among_bound(Worker.id, "worker_ids"))


def load_workers(case: Case) -> None:
    """Every worker of the case in one statement, for pages that show each one (name, ID number,
    phone): lazily, each was a statement of its own. Workers already loaded are kept."""
    load_of_case(case, Case.workers)
    missing = [cw for cw in case.workers if "worker" in inspect(cw).unloaded]
    if missing:
        workers = {w.id: w for w in db.session.scalars(_workers_statement(), {
            "worker_ids": bound_ids(cw.worker_id for cw in missing)})}
        for cw in missing:
            set_committed_value(cw, "worker", workers[cw.worker_id])
