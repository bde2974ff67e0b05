"""Contractors (companies and individuals such as team leaders) and the persons listed with them."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, fields, replace

from sqlalchemy import CompoundSelect, Select, false, func, or_, union
from sqlalchemy.exc import IntegrityError

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseParty, Contractor, ContractorKind, ContractorPerson, PersonPosition, User,
)
from wagewatch.rules.names import normalise_name
from wagewatch.rules.search_terms import classify
from wagewatch.services import ServiceError, StaleRecord, audit, commit_edit
from wagewatch.services.cases import search
from wagewatch.services.id_sets import among_found, in_order
from wagewatch.services.submissions import existing_for_token, once_per_token

USCC_TAKEN = "该统一社会信用代码已登记，不能重复登记。"
SORTS = {
    "name": (Contractor.name, Contractor.id),
    "-name": (Contractor.name.desc(), Contractor.id.desc()),
    "created": (Contractor.created_at, Contractor.id),
    "-created": (Contractor.created_at.desc(), Contractor.id.desc()),
}
#: Each sort as a key for the pages after the first (web/paging.py): columns and whether descending;
#: the name orders follow ix_contractor_office_name_id (migration 0027).
KEYSETS = {"name": ((Contractor.name, Contractor.id), False),
           "-name": ((Contractor.name, Contractor.id), True),
           "created": ((Contractor.created_at, Contractor.id), False),
           "-created": ((Contractor.created_at, Contractor.id), True)}


@dataclass(frozen=True)
class ContractorDetails:
    """What a clerk enters about a contractor; identifiers already checked and normalised."""

    kind: ContractorKind
    name: str
    short_name: str | None = None
    uscc: str | None = None
    uscc_warning: str | None = None
    id_number: str | None = None
    id_number_warning: str | None = None
    address: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class DuplicateMatch:
    """An already registered contractor that may be the same party, and why it matched."""

    contractor: Contractor
    reason: str


class PossibleDuplicate(ServiceError):
    """The contractor may already be registered: the clerk sees the matches before saving.

    A USCC already registered in the office is refused outright (``blocking``); a matching name
    or ID number is saved only once the clerk confirms it is a different party.
    """

    def __init__(self, matches: list[DuplicateMatch], *, blocking: bool = False) -> None:
        if blocking:
            super().__init__(USCC_TAKEN, field="uscc")
        else:
            super().__init__("可能与上方列出的已登记单位或个人重复；"
                             "核对后确认不是同一单位的，请勾选此项再保存。", field="confirm_distinct")
        self.matches = matches
        self.blocking = blocking


def _cleaned(details: ContractorDetails) -> ContractorDetails:
    """A company keeps its USCC, an individual its ID number; blanks become None."""
    values = {f.name: getattr(details, f.name) for f in fields(details)}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip() or None
    if details.kind is ContractorKind.COMPANY:
        values.update(id_number=None, id_number_warning=None)
    else:
        values.update(uscc=None, uscc_warning=None)
    if values["uscc"] is None:
        values["uscc_warning"] = None
    if values["id_number"] is None:
        values["id_number_warning"] = None
    return ContractorDetails(**values)


def _snapshot(contractor: Contractor) -> dict:
    return {f.name: getattr(contractor, f.name) for f in fields(ContractorDetails)}


def find_duplicates(office_id: int, details: ContractorDetails,
                    exclude_id: int | None = None) -> list[DuplicateMatch]:
    """Contractors of the office with the same USCC, ID number or normalised name."""
    normalised = normalise_name(details.name)
    conditions = [Contractor.normalised_name == normalised]
    if details.uscc:
        conditions.append(Contractor.uscc == details.uscc)
    if details.id_number:
        conditions.append(Contractor.id_number == details.id_number)
    query = db.select(Contractor).where(Contractor.office_id == office_id, or_(*conditions))
    if exclude_id is not None:
        query = query.where(Contractor.id != exclude_id)
    matches = []
    for other in db.session.scalars(query.order_by(Contractor.id).limit(20)):
        if details.uscc and other.uscc == details.uscc:
            reason = "统一社会信用代码相同"
        elif details.id_number and other.id_number == details.id_number:
            reason = "身份证号码相同"
        else:
            reason = "名称相同（不计“有限公司”等字样、括号和空格）"
        matches.append(DuplicateMatch(other, reason))
    return matches


def _check_duplicates(office_id: int, details: ContractorDetails, *, exclude_id: int | None,
                      confirmed_ids: Collection[int], identity_changed: bool) -> None:
    matches = find_duplicates(office_id, details, exclude_id)
    same_uscc = [m for m in matches if details.uscc and m.contractor.uscc == details.uscc]
    if same_uscc:
        raise PossibleDuplicate(same_uscc, blocking=True)
    if identity_changed and any(m.contractor.id not in confirmed_ids for m in matches):
        raise PossibleDuplicate(matches)


@once_per_token(Contractor, office_from="office_id")
def create_contractor(
    *, office_id: int, details: ContractorDetails, actor: User,
    confirmed_ids: Collection[int] = (), submission_token: str | None = None,
) -> Contractor:
    """Register a contractor; a re-sent form (same token) returns the record it already created."""
    details = _cleaned(details)
    _check_duplicates(office_id, details, exclude_id=None, confirmed_ids=confirmed_ids,
                      identity_changed=True)
    contractor = Contractor(office_id=office_id, created_by_id=actor.id,
                            normalised_name=normalise_name(details.name),
                            submission_token=submission_token, **_snapshot_of(details))
    db.session.add(contractor)
    try:
        db.session.flush()
        audit.record("contractor.create", object_type="contractor", object_id=contractor.id,
                     actor=actor, changes=audit.changes_between({}, _snapshot(contractor)))
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if existing_for_token(Contractor, submission_token) is not None:
            raise  # the same form sent twice at once: answered with the first one's record
        raise ServiceError(USCC_TAKEN, field="uscc") from error
    return contractor


def _snapshot_of(details: ContractorDetails) -> dict:
    return {f.name: getattr(details, f.name) for f in fields(details)}



def update_contractor(
    contractor: Contractor, *, details: ContractorDetails, expected_version: int, actor: User,
    confirmed_ids: Collection[int] = (),
) -> None:
    """Edit a contractor, refusing a stale form; a changed name or ID is checked for duplicates."""
    if contractor.version != expected_version:
        raise StaleRecord()
    details = _cleaned(details)
    identity_changed = (normalise_name(details.name) != contractor.normalised_name
                        or details.uscc != contractor.uscc
                        or details.id_number != contractor.id_number)
    _check_duplicates(contractor.office_id, details, exclude_id=contractor.id,
                      confirmed_ids=confirmed_ids, identity_changed=identity_changed)
    before = _snapshot(contractor)
    for name, value in _snapshot_of(details).items():
        setattr(contractor, name, value)
    contractor.normalised_name = normalise_name(details.name)
    audit.record("contractor.update", object_type="contractor", object_id=contractor.id,
                 actor=actor, changes=audit.changes_between(before, _snapshot(contractor)))
    try:
        commit_edit(contractor, expected_version)
    except IntegrityError as error:
        db.session.rollback()
        raise ServiceError(USCC_TAKEN, field="uscc") from error


def _person_snapshot(person: ContractorPerson) -> dict:
    return {"name": person.name, "position": str(person.position), "title": person.title,
            "id_number": person.id_number}


def add_person(
    contractor: Contractor, *, name: str, position: PersonPosition, actor: User,
    id_number: str | None = None, id_number_warning: str | None = None, title: str | None = None,
) -> ContractorPerson:
    """List a legal representative, principal or responsible person with a company (S-45 art. 6)."""
    if contractor.kind is ContractorKind.INDIVIDUAL:
        raise ServiceError("个人（包工头、班组长等）本人即为责任人，无需另行登记人员。", field="name")
    current = contractor.legal_representative
    if position is PersonPosition.LEGAL_REPRESENTATIVE and current is not None:
        raise ServiceError(f"已登记法定代表人“{current.name}”，如需更换请先移除。", field="position")
    if id_number and any(p.id_number == id_number for p in contractor.persons):
        raise ServiceError("本单位已登记该身份证号码的人员。", field="id_number")
    if any(p.name == name and p.position is position for p in contractor.persons):
        raise ServiceError("本单位已登记该人员。", field="name")
    person = ContractorPerson(name=name.strip(), position=position, title=title or None,
                              id_number=id_number or None,
                              id_number_warning=id_number_warning if id_number else None)
    contractor.persons.append(person)
    db.session.flush()
    audit.record("contractor.person_add", object_type="contractor", object_id=contractor.id,
                 actor=actor, changes=audit.changes_between({}, _person_snapshot(person)))
    db.session.commit()
    return person


def remove_person(person: ContractorPerson, *, actor: User) -> None:
    """Remove a person listed with a contractor (kept in the audit log, ID number masked)."""
    contractor = person.contractor
    audit.record("contractor.person_remove", object_type="contractor", object_id=contractor.id,
                 actor=actor, changes=audit.changes_between(_person_snapshot(person), {}))
    contractor.persons.remove(person)
    db.session.commit()


def search_contractors(office_id: int, *, q: str | None = None, kind: ContractorKind | None = None,
                       sort: str = "name", names: search.NameMatches | None = None) -> Select:
    """The office's contractors matching a name, short name or USCC fragment, sorted; the name
    candidates are kept in ``names`` (for common_name_fragment)."""
    query = db.select(Contractor).where(Contractor.office_id == office_id)
    text = (q or "").strip()
    terms = classify(text)
    if terms is not None:
        # A number such as 1175 means a case elsewhere; here it is part of a name.
        matches = search.contractor_ids(office_id, terms, names)
        if matches is None:
            matches = search.contractor_ids(office_id, replace(terms, name=terms.text), names)
        query = (query.where(among_found(Contractor.id, matches)) if matches is not None
                 else query.where(false()))
    if kind is not None:
        query = query.where(Contractor.kind == kind)
    return query.order_by(*SORTS.get(sort, SORTS["name"]))


def contractors_by_id(ids: list[int]) -> list[Contractor]:
    """The contractors of ``ids`` in that order: a search's page once its matches are found and
    ordered (paging.IdsFirst), so the count and the page do not each confirm the fragment."""
    return in_order(db.select(Contractor), Contractor.id, ids)


def common_name_fragment(office_id: int, q: str | None,
                         names: search.NameMatches | None = None) -> bool:
    """Whether ``search_contractors`` looked only at the newest CANDIDATE_CAP contractors whose
    names hold the typed fragment (more share it); ``names``: the search's own candidates."""
    terms = classify((q or "").strip())
    if terms is None:
        return False
    return search.common_fragment(office_id, terms if terms.name else replace(terms, name=terms.text),
                                  kinds=(search.CONTRACTOR,), names=names)


def resolve_contractor(office_id: int, text: str, *, prefer_id: int | None = None) -> Contractor:
    """The office's contractor a clerk means by a USCC, an ID number or a (normalised) name."""
    value = (text or "").strip()
    if not value:
        raise ServiceError("请输入单位名称、统一社会信用代码或身份证号码。")
    code = re.sub(r"\s", "", value).upper()
    base = db.select(Contractor).where(Contractor.office_id == office_id)
    for column in (Contractor.uscc, Contractor.id_number):
        found = db.session.scalar(base.where(column == code).limit(1))
        if found is not None:
            return found
    by_name = (Contractor.name == value, Contractor.normalised_name == normalise_name(value))
    for condition in by_name:
        candidates = db.session.scalars(base.where(condition).limit(10)).all()
        preferred = [c for c in candidates if c.id == prefer_id]
        if preferred or len(candidates) == 1:
            return (preferred or candidates)[0]
        if candidates:
            raise ServiceError("有多个同名的单位或个人，请改为输入统一社会信用代码或身份证号码。")
    raise ServiceError("未找到该单位或个人，请先在“单位与个人”中登记。")


@dataclass(frozen=True)
class CaseSummary:
    """How many of the office's cases name a contractor (as employer or liable party), and which."""

    count: int
    numbers: list[str]


def naming_case_ids(office_id: int, contractor_id: int) -> CompoundSelect:
    """The ids of the cases naming the contractor as employer or as another liable party, each
    branch found by its own index and the two joined by UNION: an OR of the two across case and
    case_party read every case of the office (35 ms at 100,000 cases; 0.1 ms this way). The
    party branch may name another office's case: callers keep ``Case.office_id`` too."""
    return union(
        db.select(Case.id).where(Case.office_id == office_id, Case.employer_id == contractor_id),
        db.select(CaseParty.case_id).where(CaseParty.contractor_id == contractor_id))


def cases_involving(contractor: Contractor, limit: int = 50) -> CaseSummary:
    """The office's cases naming the contractor as employer or other liable party, newest first."""
    condition = (Case.office_id == contractor.office_id) & Case.id.in_(
        naming_case_ids(contractor.office_id, contractor.id))
    count = db.session.scalar(db.select(func.count()).select_from(Case).where(condition)) or 0
    numbers = db.session.scalars(
        db.select(Case.number).where(condition)
        .order_by(Case.number_year.desc(), Case.number_seq.desc()).limit(limit)).all()
    return CaseSummary(count=count, numbers=list(numbers))
