"""Screening a party before saving: its flags, earlier cases, an active listing and open police
referrals, found by USCC first, then by normalised name."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from wagewatch.extensions import db
from wagewatch.models import Case, Contractor, PoliceReferral, ReferralStatus, RuleDecision
from wagewatch.rules.names import normalise_name
from wagewatch.services.blacklist.listing_queries import listed_on
from wagewatch.services.parties.contractors import naming_case_ids
from wagewatch.services.reference.calendar import today

#: Referrals that are over: refused by the head, or closed.
CLOSED_REFERRAL_STATUSES = (ReferralStatus.NOT_APPROVED, ReferralStatus.CLOSED)


@dataclass
class PartyRecord:
    """What the office already knows about one matching contractor."""

    contractor: Contractor
    matched_by: str                      # "uscc", "id_number" or "name"
    case_count: int = 0
    recent_cases: list[Case] = field(default_factory=list)
    flags: list[RuleDecision] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # listings and referrals, in Chinese

    @property
    def noteworthy(self) -> bool:
        return bool(self.case_count or self.flags or self.notes)


def screen_party(office_id: int, *, uscc: str | None = None, id_number: str | None = None,
                 name: str | None = None, exclude_id: int | None = None,
                 limit: int = 5) -> list[PartyRecord]:
    """The office's contractors matching the party (USCC or ID number first, then normalised
    name), each with its earlier cases, current flags and any listing or referral."""
    base = select(Contractor).where(Contractor.office_id == office_id)
    if exclude_id is not None:
        base = base.where(Contractor.id != exclude_id)
    found: list[tuple[Contractor, str]] = []
    for value, column, label in ((uscc, Contractor.uscc, "uscc"),
                                 (id_number, Contractor.id_number, "id_number")):
        if value:
            found += [(c, label) for c in db.session.scalars(
                base.where(column == value.strip().upper()).limit(limit))]
    if name and normalise_name(name):
        seen = {c.id for c, _ in found}
        found += [(c, "name") for c in db.session.scalars(
            base.where(Contractor.normalised_name == normalise_name(name)).limit(limit))
            if c.id not in seen]
    records = []
    for contractor, how in found[:limit]:
        involved = select(Case).where(Case.office_id == office_id,
                                      Case.id.in_(naming_case_ids(office_id, contractor.id)))
        record = PartyRecord(
            contractor, how,
            case_count=db.session.scalar(select(func.count()).select_from(involved.subquery())) or 0,
            recent_cases=list(db.session.scalars(involved.order_by(Case.received_on.desc()).limit(3))),
            flags=list(db.session.scalars(select(RuleDecision).where(
                RuleDecision.contractor_id == contractor.id, RuleDecision.flagged.is_(True),
                RuleDecision.superseded_at.is_(None)))))
        record.notes.extend(_listing_and_referral_notes(contractor))
        records.append(record)
    return records


def _listing_and_referral_notes(contractor: Contractor) -> list[str]:
    """An active blacklist listing (S-45 / S-17) and referrals to the police still open."""
    notes = []
    listing = listed_on(contractor.id, today())
    if listing is not None:
        notes.append(f"正在失信联合惩戒名单期内：{listing.document_number}，"
                     f"{listing.starts_on}至{listing.ends_on}")
    for referral in db.session.scalars(select(PoliceReferral).where(
            PoliceReferral.contractor_id == contractor.id,
            PoliceReferral.status.not_in(CLOSED_REFERRAL_STATUSES)).limit(3)):
        notes.append(f"移送公安机关办理中：{referral.case.number}（{referral.status.label}）")
    return notes
