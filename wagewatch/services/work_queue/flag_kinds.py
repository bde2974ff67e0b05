"""The queue's kinds read from blacklist proceedings, flags and referrals: objections (S-45),
listing and early-removal decisions (S-45), candidates to list (S-45 art. 5) and the office's
referral steps (S-310)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Exists, Select, exists, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from wagewatch.extensions import db
from wagewatch.models import (
    BlacklistProceeding, Case, Contractor, EarlyRemovalApplication, Listing, Objection,
    PoliceReferral, ProceedingCase, ProceedingStatus, RuleDecision,
)
from wagewatch.rules.flags import blacklist_decision_deadline
from wagewatch.rules.listing import early_removal_decision_due, objection_answer_due
from wagewatch.rules.referral_steps import local
from wagewatch.rules.work_queue import DueItem
from wagewatch.services.blacklist.blacklist_lists import RULE as CANDIDATE_RULE
from wagewatch.services.blacklist.blacklist_lists import ListFilters, candidate_query
from wagewatch.services.bound_values import OFFICE, TODAY, USER
from wagewatch.services.id_sets import among_bound, bound_ids, built_per_database
from wagewatch.services.work_queue.reading import Scope, Statements, first, page_and_count

BEFORE_DECISION = (ProceedingStatus.CANDIDATE, ProceedingStatus.NOTICE_SERVED,
                   ProceedingStatus.OBJECTION)
#: The referral steps the office itself takes (the police record receipt and decisions).
OFFICE_REFERRAL_STEPS = ("approval", "hand_over", "reconsideration_request",
                         "supervision_request", "materials")


def _proceedings(mine_only: bool, *conditions) -> Select:
    query = select(BlacklistProceeding).where(BlacklistProceeding.office_id == OFFICE,
                                              *conditions)
    if mine_only:
        query = query.where(BlacklistProceeding.created_by_id == USER)
    return query


def objections(scope: Scope) -> tuple[list[DueItem], int]:
    """Objections not yet answered, each within 5 working days of receipt (S-45)."""
    rows, total = first(_objection_statements(scope.mine_only), scope.params, scope.limit,
                        count=scope.counts("objection"))
    items = [DueItem("objection", objection_answer_due(o.received_on, scope.calendar).due_on,
                     p.contractor.name, f"{o.received_on.isoformat()}提出的异议", "answer_objection",
                     {"proceeding_id": p.id, "objection_id": o.id},
                     mine=p.created_by_id == scope.user_id)
             for o, p in rows]
    return items, total


@cache
def _objection_statements(mine_only: bool) -> Statements:
    query = (select(Objection, BlacklistProceeding)
             .join(BlacklistProceeding, BlacklistProceeding.id == Objection.proceeding_id)
             .where(BlacklistProceeding.office_id == OFFICE,
                    BlacklistProceeding.status.in_(BEFORE_DECISION),
                    Objection.answered_on.is_(None)))
    if mine_only:
        query = query.where(BlacklistProceeding.created_by_id == USER)
    return page_and_count(query.options(joinedload(BlacklistProceeding.contractor))
                          .order_by(Objection.received_on, Objection.id))


def decisions(scope: Scope) -> tuple[list[DueItem], int]:
    """Proceedings before their decision, due 20 working days after the earliest pay-by date of
    their orders in force, 40 for an approved complex case (S-45); the notice comes first."""
    rows, total = first(_decision_statements(scope.mine_only), scope.params, scope.limit,
                        count=scope.counts("decision"))
    items = []
    for p in rows:
        days = [link.payment_order.pay_by_on for link in p.cases
                if link.payment_order is not None and link.order_revoked_on is None
                and link.payment_order.pay_by_on is not None]
        if not days:
            continue
        deadline = blacklist_decision_deadline(min(days), p.complex_case, scope.calendar)
        items.append(DueItem(
            "decision", deadline.due_on, p.contractor.name, p.status.label,
            "serve_notice" if p.notice is None else
            "record_notice_service" if p.notice.served_on is None else "decide_listing",
            {"proceeding_id": p.id},
            mine=p.created_by_id == scope.user_id, provisional=deadline.provisional))
    return items, total


@cache
def _decision_statements(mine_only: bool) -> Statements:
    query = _proceedings(mine_only, BlacklistProceeding.status.in_(BEFORE_DECISION))
    return page_and_count(query.options(
        joinedload(BlacklistProceeding.contractor), joinedload(BlacklistProceeding.notice),
        selectinload(BlacklistProceeding.cases).joinedload(ProceedingCase.payment_order))
        .order_by(BlacklistProceeding.opened_on, BlacklistProceeding.id))


def early_removals(scope: Scope) -> tuple[list[DueItem], int]:
    """Early-removal applications not yet decided, each within 15 working days (S-45)."""
    rows, total = first(_early_removal_statements(scope.mine_only), scope.params, scope.limit,
                        count=scope.counts("early_removal"))
    items = [DueItem("early_removal",
                     early_removal_decision_due(a.applied_on, scope.calendar).due_on,
                     p.contractor.name, f"{a.applied_on.isoformat()}申请提前移出",
                     "decide_early_removal", {"proceeding_id": p.id, "application_id": a.id},
                     mine=p.created_by_id == scope.user_id)
             for a, _listing, p in rows]
    return items, total


@cache
def _early_removal_statements(mine_only: bool) -> Statements:
    query = (select(EarlyRemovalApplication, Listing, BlacklistProceeding)
             .join(Listing, Listing.id == EarlyRemovalApplication.listing_id)
             .join(BlacklistProceeding, BlacklistProceeding.id == Listing.proceeding_id)
             .where(BlacklistProceeding.office_id == OFFICE,
                    BlacklistProceeding.status == ProceedingStatus.LISTED,
                    EarlyRemovalApplication.decided_on.is_(None)))
    if mine_only:
        query = query.where(BlacklistProceeding.created_by_id == USER)
    return page_and_count(query.options(joinedload(BlacklistProceeding.contractor))
                          .order_by(EarlyRemovalApplication.applied_on))


def candidates(scope: Scope) -> tuple[list[DueItem], int]:
    """Contractors the S-45 rule flags with no proceeding under way (the office *shall* list
    them, S-45 art. 5); the decision is due 20 working days after the earliest lapse among the
    contractor's flagged cases.

    Each flag stores that lapse (``RuleDecision.lapsed_on``, written by the evaluation from
    rules.flags.lapsed_on): the pay-by day at whose end the case's first served order lapsed
    unpaid, always before the day the rules were run. The queue therefore walks the office's
    current flags by the index (office, lapsed_on, contractor) through the blacklist list's own
    query, one contractor per first flag, and stops at ``limit`` instead of aggregating every
    flag with its orders. It is the day the former aggregation (the earliest pay-by date before
    today among the flagged cases' orders) gave, except for a case whose earlier order was paid
    by its day (or revoked) before a later one lapsed: the deadline then counts from the lapse, as
    S-45 has it and as the blacklist page shows it. "Mine": one of the flagged cases is the
    clerk's."""
    rows, total = first(_candidate_statements(scope.mine_only), scope.params, scope.limit,
                        count=scope.counts("candidate"))
    # The page's names and "mine" marks apart: probed for the page's contractors only (in the
    # select list of the walk, PostgreSQL would hash every flagged case of the clerk first).
    found = {contractor_id: (name, mine) for contractor_id, name, mine in db.session.execute(
        _candidate_names(), {**scope.params, "contractor_ids": bound_ids(
            contractor_id for contractor_id, _ in rows)})} if rows else {}
    items = []
    for contractor_id, lapsed_on in rows:
        name, mine = found[contractor_id]
        deadline = blacklist_decision_deadline(lapsed_on, False, scope.calendar)
        items.append(DueItem("candidate", deadline.due_on, name,
                             f"责令支付期满（{lapsed_on.isoformat()}）未付", "start_proceeding",
                             {"contractor_id": contractor_id}, mine=bool(mine),
                             provisional=deadline.provisional))
    return items, total


@cache
def _candidate_statements(mine_only: bool) -> Statements:
    flag = RuleDecision
    query = candidate_query(OFFICE, ListFilters(), TODAY).where(flag.lapsed_on < TODAY)
    if mine_only:
        query = query.where(_handles_a_flagged_case(flag.contractor_id))
    return page_and_count(query.add_columns(flag.lapsed_on), query.order_by(None))


@built_per_database
def _candidate_names() -> Select:
    """The names of the contractors bound as ``contractor_ids``, and whether the clerk handles
    one of each one's flagged cases."""
    return select(Contractor.id, Contractor.name, _handles_a_flagged_case(Contractor.id)).where(
        among_bound(Contractor.id, "contractor_ids"))


#: One alias for every statement: a fresh alias's columns are adapted again on first use
#: (about a millisecond per statement); an alias object is immutable and may be reused.
_CLERKS_FLAG = aliased(RuleDecision)


def _handles_a_flagged_case(contractor_id: Any) -> Exists:
    """The clerk (USER) handles one of the contractor's cases that the S-45 rule currently flags."""
    other = _CLERKS_FLAG
    return exists().where(other.contractor_id == contractor_id,
                          other.office_id == OFFICE, other.rule == CANDIDATE_RULE,
                          other.flagged.is_(True), other.superseded_at.is_(None),
                          Case.id == other.case_id, Case.handler_id == USER)


def referral_steps(scope: Scope) -> tuple[list[DueItem], int]:
    """Referral steps the office takes, by their limits in calendar days or hours (S-310 arts.
    5, 9, 12): the head's approval, the hand-over, reconsideration, supervision, materials."""
    rows, total = first(_referral_statements(scope.mine_only), scope.params, scope.limit,
                        count=scope.counts("referral"))
    return [DueItem("referral", local(r.next_due_at).date(), r.number, r.employer_name,
                    f"referral_{r.next_step}", {"referral_id": r.id},
                    mine=r.reported_by_id == scope.user_id, calendar_days=True)
            for r in rows], total


@cache
def _referral_statements(mine_only: bool) -> Statements:
    query = select(PoliceReferral).where(
        PoliceReferral.office_id == OFFICE,
        PoliceReferral.next_step.in_(OFFICE_REFERRAL_STEPS),
        PoliceReferral.next_due_at.is_not(None))
    if mine_only:
        query = query.where(PoliceReferral.reported_by_id == USER)
    return page_and_count(query.with_only_columns(
        PoliceReferral.id, PoliceReferral.next_step, PoliceReferral.next_due_at,
        PoliceReferral.reported_by_id, Case.number, Contractor.name.label("employer_name"))
        .join_from(PoliceReferral, Case, Case.id == PoliceReferral.case_id)
        .join(Contractor, Contractor.id == Case.employer_id)
        .order_by(PoliceReferral.next_due_at, PoliceReferral.id),
        query.with_only_columns(PoliceReferral.id))
