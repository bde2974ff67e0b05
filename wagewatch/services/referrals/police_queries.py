"""What the police may see: flagged contractors of their office, and referrals handed to them."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import BindParameter, Row, Select, exists, select

from wagewatch.extensions import db
from wagewatch.models import Contractor, PoliceReferral, RuleDecision
from wagewatch.services.bound_values import OFFICE
from wagewatch.services.id_sets import among_bound, bound_ids, built_per_database

#: The rules whose flags the police read (S-45 art. 5; S-310, S-100).
POLICE_RULES = ("blacklist_s45", "police_referral")


def _current_flag(office_id: int | BindParameter[int]):
    return (RuleDecision.office_id == office_id, RuleDecision.flagged.is_(True),
            RuleDecision.superseded_at.is_(None), RuleDecision.rule.in_(POLICE_RULES))


def candidate_contractors_query(office_id: int) -> Select:
    """Contractors of the office with a current blacklist or police-referral flag, by name."""
    flagged = exists().where(RuleDecision.contractor_id == Contractor.id, *_current_flag(office_id))
    return select(Contractor).where(Contractor.office_id == office_id, flagged).order_by(
        Contractor.name, Contractor.id)


def flags_by_contractor(office_id: int, contractor_ids: list[int]) -> dict[int, list[Row]]:
    """The current flags of the listed contractors with their reasons, in one query: each the
    columns a flag is shown and exported by (FLAG_COLUMNS), as a row, not an entity (the police
    list shows some forty a page)."""
    result: dict[int, list[Row]] = defaultdict(list)
    if not contractor_ids:
        return result
    for decision in db.session.execute(_flags_statement(), {
            "office_id": office_id, "contractor_ids": bound_ids(contractor_ids)}):
        result[decision.contractor_id].append(decision)
    return result


#: What the police list and its export show of a flag (rule_flags in _flags.html, the export's
#: sheet) and what its rows are built from (blacklist_lists.candidate_rows).
FLAG_COLUMNS = (RuleDecision.contractor_id, RuleDecision.case_id, RuleDecision.rule,
                RuleDecision.summary, RuleDecision.reasons, RuleDecision.as_of,
                RuleDecision.lapsed_on, RuleDecision.decided_at)


@built_per_database
def _flags_statement() -> Select:
    """flags_by_contractor's statement, built once: the office and the contractors bound."""
    return (select(*FLAG_COLUMNS)
            .where(among_bound(RuleDecision.contractor_id, "contractor_ids"),
                   *_current_flag(OFFICE))
            .order_by(RuleDecision.rule, RuleDecision.case_id))


def referred_case_ids(office_id: int, case_ids: list[int]) -> dict[int, int]:
    """Of these cases, those handed to the police: case id → referral id."""
    if not case_ids:
        return {}
    return dict(db.session.execute(_referred_statement(), {
        "office_id": office_id, "case_ids": bound_ids(case_ids)}).tuples().all())


@built_per_database
def _referred_statement() -> Select:
    """referred_case_ids' statement, built once: the office and the cases bound."""
    return select(PoliceReferral.case_id, PoliceReferral.id).where(
        PoliceReferral.office_id == OFFICE, among_bound(PoliceReferral.case_id, "case_ids"),
        PoliceReferral.handed_to_police)
