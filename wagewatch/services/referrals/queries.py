"""Read-side queries of police referrals: the office's list, the overdue count, a case's ones."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from wagewatch.extensions import db
from wagewatch.models import Case, Contractor, PoliceReferral, ReferralStatus
from wagewatch.services.bound_values import OFFICE, of_case
from wagewatch.services.id_sets import among_bound, bound_ids, built_per_database

def referral_list_query(office_id: int, *, status: str | None = None, overdue: bool = False,
                        now: datetime | None = None, police_only: bool = False,
                        by_due: bool = False, township_id: int | None = None) -> Select:
    """An office's referrals, newest first; ``overdue`` keeps those whose current step is past
    its limit at ``now``; ``police_only`` keeps those with a recorded hand-over (what the police
    pages, the police export and the API list); ``by_due`` puts the nearest step limit first
    (S-310 arts. 8, 9) and reads the referrals alone (the page's case numbers and employers
    come after the page is cut, ``case_labels``); ``township_id`` keeps its cases."""
    query = select(PoliceReferral).where(PoliceReferral.office_id == office_id)
    if police_only:
        query = query.where(PoliceReferral.handed_to_police)
    if status in {s.value for s in ReferralStatus}:
        query = query.where(PoliceReferral.status == ReferralStatus(status))
    if overdue and now is not None:
        query = query.where(PoliceReferral.next_due_at < now)
    if township_id:
        query = query.where(PoliceReferral.case_id.in_(
            select(Case.id).where(Case.office_id == office_id, Case.township_id == township_id)))
    if by_due:
        return query.order_by(PoliceReferral.next_due_at.asc().nulls_last(),
                              PoliceReferral.reported_at.desc(), PoliceReferral.id.desc())
    return query.options(joinedload(PoliceReferral.case).joinedload(Case.employer)).order_by(
        PoliceReferral.reported_at.desc(), PoliceReferral.id.desc())


def case_labels(case_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Per case of ``case_ids``: its number and its employer's name, as a list of referrals shows
    them, in one statement of plain values (the whole case and contractor records of fifty
    referrals took most of the police list's reading)."""
    if not case_ids:
        return {}
    return {case_id: (number, employer) for case_id, number, employer in db.session.execute(
        _case_labels_statement(), {"case_ids": bound_ids(case_ids)})}


@built_per_database
def _case_labels_statement() -> Select:
    """case_labels' statement, built once: the cases bound as ``case_ids``."""
    return (select(Case.id, Case.number, Contractor.name)
            .join(Contractor, Contractor.id == Case.employer_id)
            .where(among_bound(Case.id, "case_ids")))


def overdue_count(office_id: int, now: datetime) -> int:
    """How many of the office's referrals have a current step past its limit."""
    return db.session.scalar(_overdue_statement(), {"office_id": office_id, "now": now}) or 0


@cache
def _overdue_statement() -> Select:
    """overdue_count's statement, built once (the office and the moment bound)."""
    now = bindparam("now", type_=PoliceReferral.next_due_at.type)
    return select(func.count()).select_from(PoliceReferral).where(
        PoliceReferral.office_id == OFFICE, PoliceReferral.next_due_at < now)


def referrals_of_case(case_id: int) -> list[PoliceReferral]:
    """A case's referrals, oldest first (a refused one may be followed by another)."""
    return list(db.session.scalars(of_case(PoliceReferral), {"case_id": case_id}))
