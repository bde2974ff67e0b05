"""Paged blacklist lists: candidates awaiting a proceeding and the office's proceedings, by due date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement, Date, Exists, Integer, Numeric, Row, Select, and_, bindparam, case, cast, exists,
    func, or_, select,
)
from sqlalchemy.orm import aliased

from wagewatch.extensions import db
from wagewatch.models import (
    OPEN_PROCEEDING_STATUSES, BlacklistProceeding, Case, Contractor, PaymentOrder,
    ProceedingCase, ProceedingStatus, RuleDecision, Township,
)
from wagewatch.rules.flags import blacklist_decision_deadline
from wagewatch.rules.working_days import Deadline, WorkingDayCalendar
from wagewatch.services.blacklist.listing_queries import PROCEEDING_ROWS
from wagewatch.services.bound_values import OFFICE
from wagewatch.services.id_sets import among_bound, bound_ids, built_per_database

RULE = "blacklist_s45"
BEFORE_DECISION = tuple(s for s in ProceedingStatus if s.before_decision)


@dataclass(frozen=True)
class ListFilters:
    """What the clerk narrowed the lists to: a township, the yuan unpaid when the pay-by day
    ended (from/to), and whole days since that day (at least/at most)."""

    township_id: int | None = None
    owed_min: Decimal | None = None
    owed_max: Decimal | None = None
    days_min: int | None = None
    days_max: int | None = None


#: Where a stored decision states the yuan unpaid at the pay-by day: the S-45 decision's first
#: reason "owes_wages", the referral decision's first reason "threshold" (rules.flags).
OWED_PATHS = {RULE: ("reasons", 0, "facts", "unpaid_yuan"),
              "police_referral": ("reasons", 0, "facts", "total_unpaid_yuan")}


def _unpaid_at_lapse(flag: Any, rules: tuple[str, ...]):
    """The yuan unpaid at the pay-by day that a stored decision of ``rules`` states."""
    values = [(flag.rule == rule,
               cast(flag.reasons[OWED_PATHS[rule]].as_string(), Numeric(14, 2)))
              for rule in rules]
    return values[0][1] if len(values) == 1 else case(*values)


def _flags(flag: Any, office_id: int | ColumnElement[int], rules: tuple[str, ...],
           township_id: Any) -> list:
    """The office's current flagged decisions of ``rules`` (on a township's cases, unless None)."""
    conditions = [flag.office_id == office_id, flag.rule.in_(rules), flag.flagged.is_(True),
                  flag.superseded_at.is_(None)]
    if township_id is not None:
        conditions.append(exists().where(Case.id == flag.case_id, Case.township_id == township_id))
    return conditions


def _earlier(first: Any, other: Any):
    """``other`` comes before ``first`` in the lists' order: an earlier lapse, none last, then id."""
    return or_(other.lapsed_on < first.lapsed_on,
               and_(other.lapsed_on == first.lapsed_on, other.id < first.id),
               and_(first.lapsed_on.is_(None), or_(other.lapsed_on.is_not(None), other.id < first.id)))


#: The contractor's other flags, one alias for every statement (a fresh alias's columns are
#: adapted again on first use, about a millisecond per page; an alias object is immutable).
_OTHER_FLAG = aliased(RuleDecision)


def candidate_query(office_id: int | ColumnElement[int], filters: ListFilters,
                    today: date | ColumnElement[date],
                    rules: tuple[str, ...] = (RULE,), awaiting_proceeding: bool = True) -> Select:
    """Ids of the office's contractors with a current flagged decision of ``rules`` (by default
    S-45 candidates with no proceeding under way, S-45 art. 5), earliest lapsed pay-by day first:
    the order of their decision due dates (20 working days after that day, S-45).

    Each contractor is its first flag in that order (no earlier flag of the same contractor), so
    the list walks the stored lapse dates by index and stops at the page: nothing is aggregated."""
    return _candidates(office_id, rules, awaiting_proceeding, filters.township_id or None,
                       filters.owed_min, filters.owed_max, *_lapse_bounds(filters, today))


def _lapse_bounds(filters: ListFilters, today: Any) -> tuple[Any, Any]:
    """The latest and earliest lapsed pay-by day the filters' whole days since it allow."""
    return (None if filters.days_min is None else today - timedelta(days=filters.days_min),
            None if filters.days_max is None else today - timedelta(days=filters.days_max))


#: The values a candidate list built once binds (candidate_list).
_TOWNSHIP = bindparam("township_id", type_=Integer)
_OWED_MIN = bindparam("owed_min", type_=Numeric(14, 2))
_OWED_MAX = bindparam("owed_max", type_=Numeric(14, 2))
_LAPSED_BY = bindparam("lapsed_by", type_=Date)
_LAPSED_SINCE = bindparam("lapsed_since", type_=Date)


def candidate_list(office_id: int, filters: ListFilters, today: date,
                   rules: tuple[str, ...] = (RULE,),
                   awaiting_proceeding: bool = True) -> tuple[Select, dict[str, Any]]:
    """candidate_query as a statement built once per shape (the rules, and which filters are
    set) with its values: the blacklist and police lists ask for it on every visit, and
    building it afresh took about half a millisecond."""
    lapsed_by, lapsed_since = _lapse_bounds(filters, today)
    values = {"office_id": office_id, "township_id": filters.township_id or None,
              "owed_min": filters.owed_min, "owed_max": filters.owed_max,
              "lapsed_by": lapsed_by, "lapsed_since": lapsed_since}
    given = {name: value for name, value in values.items() if value is not None}
    return _candidate_statement(rules, awaiting_proceeding, frozenset(given)), given


@cache
def _candidate_statement(rules: tuple[str, ...], awaiting_proceeding: bool,
                         given: frozenset[str]) -> Select:
    def bound(parameter: Any) -> Any:
        return parameter if parameter.key in given else None

    return _candidates(OFFICE, rules, awaiting_proceeding, bound(_TOWNSHIP), bound(_OWED_MIN),
                       bound(_OWED_MAX), bound(_LAPSED_BY), bound(_LAPSED_SINCE))


def _candidates(office_id: Any, rules: tuple[str, ...], awaiting_proceeding: bool,
                township: Any, owed_min: Any, owed_max: Any, lapsed_by: Any,
                lapsed_since: Any) -> Select:
    """candidate_query's statement; each filter a value, a bound parameter, or None (not set)."""
    flag, other = RuleDecision, _OTHER_FLAG

    def same_contractor(*conditions: Any) -> Exists:
        return exists().where(other.contractor_id == flag.contractor_id,
                              *_flags(other, office_id, rules, township), *conditions)

    query = select(flag.contractor_id).where(*_flags(flag, office_id, rules, township),
                                             ~same_contractor(_earlier(flag, other)))
    if awaiting_proceeding:
        query = query.where(~exists().where(
            BlacklistProceeding.contractor_id == flag.contractor_id,
            BlacklistProceeding.status.in_(OPEN_PROCEEDING_STATUSES)))
    owed = _unpaid_at_lapse(other, rules)
    if owed_min is not None:  # the largest stated amount is at least owed_min
        query = query.where(same_contractor(owed >= owed_min))
    if owed_max is not None:  # an amount is stated and none exceeds owed_max
        query = query.where(same_contractor(owed <= owed_max), ~same_contractor(owed > owed_max))
    if lapsed_by is not None:
        query = query.where(flag.lapsed_on <= lapsed_by)
    if lapsed_since is not None:
        query = query.where(flag.lapsed_on >= lapsed_since)
    return query.order_by(flag.lapsed_on.asc().nulls_last(), flag.contractor_id)


@dataclass
class CandidateRow:
    """One candidate as listed: the contractor (a row of its id, name, kind, USCC and address),
    its flagged cases and reasons, the earliest lapsed pay-by day, the decision due 20 working
    days after it (S-45) and the yuan unpaid."""

    contractor: Row
    case_numbers: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    townships: list[str] = field(default_factory=list)
    lapsed_on: date | None = None
    days_since: int | None = None
    decision_due: Deadline | None = None
    owed_yuan: Decimal | None = None


def candidate_rows(contractor_ids: list[int], today: date, calendar: WorkingDayCalendar,
                   rules: tuple[str, ...] = (RULE,),
                   flags: Iterable[Any] | None = None) -> list[CandidateRow]:
    """The page's flagged contractors (ids in list order) with their facts, in two queries: the
    contractors, and their current flags of ``rules`` as plain columns with their cases'
    townships; or, given the ``flags`` the caller has read whole (entities or rows of
    police_queries.FLAG_COLUMNS), the townships of their cases."""
    if not contractor_ids:
        return []
    contractors = {c.id: c for c in db.session.execute(
        _contractors_statement(), {"contractor_ids": bound_ids(contractor_ids)})}
    rows = {cid: CandidateRow(contractors[cid]) for cid in contractor_ids if cid in contractors}
    places: dict[int, set[str]] = defaultdict(set)
    for contractor_id, rule, reasons, summary, lapsed_on, township in _flag_facts(
            contractor_ids, rules, flags):
        row = rows.get(contractor_id)
        if row is None:
            continue
        for number in reasons.get("case_numbers") or []:
            if number not in row.case_numbers:
                row.case_numbers.append(number)
        if summary not in row.summaries:
            row.summaries.append(summary)
        owed = _owed(rule, reasons)
        if owed is not None and (row.owed_yuan is None or owed > row.owed_yuan):
            row.owed_yuan = owed
        if lapsed_on is not None and (row.lapsed_on is None or lapsed_on < row.lapsed_on):
            row.lapsed_on = lapsed_on
        if township is not None:
            places[contractor_id].add(township)
    for contractor_id, row in rows.items():
        row.townships = sorted(places[contractor_id])
        if row.lapsed_on is not None:
            row.days_since = (today - row.lapsed_on).days
            row.decision_due = blacklist_decision_deadline(row.lapsed_on, False, calendar)
    return [rows[cid] for cid in contractor_ids if cid in rows]


@built_per_database
def _contractors_statement() -> Select:
    """The contractors bound as ``contractor_ids``, built once (an IN list of a page's ids was a
    statement of its own for every length, built and keyed again on each request): the columns
    the lists show, not whole entities."""
    return select(Contractor.id, Contractor.name, Contractor.kind, Contractor.uscc,
                  Contractor.address).where(among_bound(Contractor.id, "contractor_ids"))


def _flag_facts(contractor_ids: list[int], rules: tuple[str, ...],
                flags: Iterable[Any] | None) -> Iterable[tuple]:
    """Per current flagged decision of ``rules`` of the contractors: its contractor, rule,
    reasons, summary, lapse and its case's township, by contractor, case and rule (the order the
    rows list them in); from ``flags`` when given."""
    if flags is None:
        return db.session.execute(_flag_facts_statement(rules),
                                  {"contractor_ids": bound_ids(contractor_ids)}).tuples()
    flags = sorted(flags, key=lambda flag: (flag.contractor_id, flag.case_id or 0, flag.rule))
    places: dict[int | None, str] = dict(db.session.execute(_townships_statement(), {
        "case_ids": bound_ids(flag.case_id for flag in flags if flag.case_id is not None)
    }).tuples().all()) if flags else {}
    return [(flag.contractor_id, flag.rule, flag.reasons, flag.summary, flag.lapsed_on,
             places.get(flag.case_id)) for flag in flags]


@built_per_database
def _townships_statement() -> Select:
    """The townships of the cases bound as ``case_ids`` (case id, name), built once: the police
    list reads them for its flags on every visit."""
    return (select(Case.id, Township.name).join(Township, Township.id == Case.township_id)
            .where(among_bound(Case.id, "case_ids")))


@built_per_database
def _flag_facts_statement(rules: tuple[str, ...]) -> Select:
    """_flag_facts of the contractors bound as ``contractor_ids``, in one statement. The reasons
    are read whole and picked apart in Python: extracting two paths on the server parses every
    document twice, which took longer than sending it."""
    flag = RuleDecision
    return (select(flag.contractor_id, flag.rule, flag.reasons, flag.summary, flag.lapsed_on,
                   Township.name)
            .outerjoin(Case, Case.id == flag.case_id)
            .outerjoin(Township, Township.id == Case.township_id)
            .where(among_bound(flag.contractor_id, "contractor_ids"), flag.rule.in_(rules),
                   flag.flagged.is_(True), flag.superseded_at.is_(None))
            .order_by(flag.contractor_id, func.coalesce(flag.case_id, 0), flag.rule))


def _owed(rule: str, reasons: dict) -> Decimal | None:
    """The yuan unpaid at the lapse that a decision of ``rule`` states, or None if it states none."""
    try:
        return Decimal(str(reasons["reasons"][0]["facts"][OWED_PATHS[rule][-1]]))
    except (KeyError, IndexError, TypeError, InvalidOperation):
        return None


def proceeding_query(office_id: int, include_closed: bool,
                     filters: ListFilters) -> tuple[Select, dict[str, Any]]:
    """The office's proceedings under way or listed (all, on request), those awaiting a decision
    first by the earliest pay-by day of their orders still in force (the decision is due 20 or 40
    working days after it, S-45), then the rest newest first; narrowed to a township's cases. A
    statement built once per shape, with its values (for CappedPage's ``params``)."""
    township = filters.township_id or None
    values = {"office_id": office_id, **({"township_id": township} if township else {})}
    return _proceeding_statement(include_closed, township is not None), values


@cache
def _proceeding_statement(include_closed: bool, by_township: bool) -> Select:
    pay_by = (select(func.min(PaymentOrder.pay_by_on))
              .join(ProceedingCase, ProceedingCase.payment_order_id == PaymentOrder.id)
              .where(ProceedingCase.proceeding_id == BlacklistProceeding.id,
                     ProceedingCase.order_revoked_on.is_(None))
              .correlate(BlacklistProceeding).scalar_subquery())
    due_key = case((BlacklistProceeding.status.in_(BEFORE_DECISION), pay_by), else_=None)
    query = select(BlacklistProceeding).where(BlacklistProceeding.office_id == OFFICE).options(
        *PROCEEDING_ROWS)
    if not include_closed:
        query = query.where(BlacklistProceeding.status.in_(OPEN_PROCEEDING_STATUSES))
    if by_township:
        query = query.where(exists().where(
            ProceedingCase.proceeding_id == BlacklistProceeding.id,
            Case.id == ProceedingCase.case_id, Case.township_id == _TOWNSHIP))
    return query.order_by(due_key.asc().nulls_last(), BlacklistProceeding.id.desc())
