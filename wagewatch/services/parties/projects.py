"""Projects: their parties, funding, the S-724 duties and the site liaison (chain: participants)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, or_
from sqlalchemy.orm import selectinload

from wagewatch.extensions import db
from wagewatch.models import (
    Contractor, FundingType, PaymentCycle, Project, ProjectParticipant, Sector, Township, User,
    WageGuarantee,
)
from wagewatch.rules.project_duties import DutyWarning, ProjectFacts, project_duty_warnings
from wagewatch.rules.search_terms import escape_like
from wagewatch.services import ServiceError, StaleRecord, audit, commit_edit
from wagewatch.services.submissions import once_per_token

SORTS = {
    "name": (Project.name, Project.id),
    "-name": (Project.name.desc(), Project.id.desc()),
    "created": (Project.created_at, Project.id),
    "-created": (Project.created_at.desc(), Project.id.desc()),
}


@dataclass(frozen=True)
class ProjectDetails:
    """What a clerk records about a project; money in yuan, parties as contractor ids."""

    name: str
    township_id: int
    sector: Sector
    funding_type: FundingType
    owner_id: int | None = None
    general_contractor_id: int | None = None
    contract_value_yuan: Decimal | None = None
    start_on: date | None = None
    end_on: date | None = None
    wage_account_bank: str | None = None
    wage_account_number: str | None = None
    wage_account_opened_on: date | None = None
    wage_guarantee: WageGuarantee = WageGuarantee.NONE
    wage_guarantee_yuan: Decimal | None = None
    real_name_registration: bool = False
    notice_board_checked_on: date | None = None
    labour_officer_name: str | None = None
    labour_officer_phone: str | None = None
    payment_cycle: PaymentCycle | None = None
    site_liaison_name: str | None = None
    site_liaison_position: str | None = None
    site_liaison_phone: str | None = None
    active: bool = True


def _values(source: object) -> dict:
    values = {f.name: getattr(source, f.name) for f in fields(ProjectDetails)}
    return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in values.items()}


def _check_references(office_id: int, details: ProjectDetails) -> None:
    township = db.session.get(Township, details.township_id)
    if township is None or township.office_id != office_id:
        raise ServiceError("请选择本机构的镇（街道）。", field="township_id")
    for name, label in (("owner_id", "建设单位"), ("general_contractor_id", "施工总承包单位")):
        contractor_id = getattr(details, name)
        if contractor_id is None:
            continue
        contractor = db.session.get(Contractor, contractor_id)
        if contractor is None or contractor.office_id != office_id:
            raise ServiceError(f"未找到该{label}。", field=name.removesuffix("_id"))


@once_per_token(Project, office_from="office_id")
def create_project(*, office_id: int, details: ProjectDetails, actor: User,
                   submission_token: str | None = None) -> Project:
    """Register a project; a re-sent form (same token) returns the project it already created."""
    _check_references(office_id, details)
    project = Project(office_id=office_id, created_by_id=actor.id,
                      submission_token=submission_token, **_values(details))
    db.session.add(project)
    db.session.flush()
    audit.record("project.create", object_type="project", object_id=project.id, actor=actor,
                 changes=audit.changes_between({}, _values(project)))
    db.session.commit()
    return project



def _handovers(project: Project, details: ProjectDetails) -> list[tuple[ProjectParticipant, int]]:
    """The participants a replaced owner or general contractor hands on to its replacement.

    Clearing a party that still engaged participants, or naming a participant as owner or
    general contractor, is refused before anything changes.
    """
    moves = []
    for name in ("owner_id", "general_contractor_id"):
        old, new = getattr(project, name), getattr(details, name)
        field = name.removesuffix("_id")
        if old == new:
            continue
        if new is not None and any(p.contractor_id == new for p in project.participants):
            raise ServiceError("该单位已是本项目的分包参与方。", field=field)
        if old is None or old in (details.owner_id, details.general_contractor_id):
            continue
        engaged = [p for p in project.participants if p.engaged_by_id == old]
        if engaged and new is None:
            raise ServiceError(f"原单位仍是{len(engaged)}个参与方的发包方，不能清空；"
                               "请改为更换，或先移除这些参与方。", field=field)
        moves += [(participant, new) for participant in engaged]
    return moves


def update_project(project: Project, *, details: ProjectDetails, expected_version: int,
                   actor: User) -> None:
    """Edit a project, refusing a stale form; a replaced party hands on its participants."""
    if project.version != expected_version:
        raise StaleRecord()
    _check_references(project.office_id, details)
    moves = _handovers(project, details)
    before = _values(project)
    for participant, engaged_by_id in moves:
        participant.engaged_by_id = engaged_by_id
    for name, value in _values(details).items():
        setattr(project, name, value)
    changes = audit.changes_between(before, _values(project))
    if moves:
        changes["participants_reengaged"] = [None, len(moves)]
    audit.record("project.update", object_type="project", object_id=project.id, actor=actor,
                 changes=changes)
    commit_edit(project, expected_version)


def duty_facts(project: Project) -> ProjectFacts:
    """The plain facts the S-724 duty rules read from a project."""
    cycle = project.payment_cycle
    return ProjectFacts(
        construction=project.sector is Sector.CONSTRUCTION,
        wage_account_opened=bool(project.wage_account_number),
        wage_guarantee_in_place=project.wage_guarantee is not WageGuarantee.NONE,
        real_name_registration=project.real_name_registration,
        notice_board_checked_on=project.notice_board_checked_on,
        labour_officer_named=bool(project.labour_officer_name),
        payment_cycle_within_one_month=None if cycle is None else cycle.within_one_month,
    )


def duty_warnings(project: Project) -> list[DutyWarning]:
    """The project's unmet S-724 duties (arts. 24, 28, 55, 56); none outside construction."""
    return project_duty_warnings(duty_facts(project))


def projects_involving(contractor: Contractor) -> list[tuple[Project, str]]:
    """The office's projects in which a contractor is owner, general contractor or participant."""
    participating = db.select(ProjectParticipant.project_id).where(
        ProjectParticipant.contractor_id == contractor.id)
    projects = db.session.scalars(
        db.select(Project).where(
            Project.office_id == contractor.office_id,
            or_(Project.owner_id == contractor.id, Project.general_contractor_id == contractor.id,
                Project.id.in_(participating)))
        .order_by(Project.created_at.desc(), Project.id.desc())).all()
    result = []
    for project in projects:
        roles = [label for matches, label in (
            (project.owner_id == contractor.id, "建设单位"),
            (project.general_contractor_id == contractor.id, "施工总承包单位"),
        ) if matches]
        roles += [p.role.label for p in project.participants if p.contractor_id == contractor.id]
        result.append((project, "、".join(dict.fromkeys(roles))))
    return result


def search_projects(
    office_id: int, *, q: str | None = None, township_id: int | None = None,
    sector: Sector | None = None, funding_type: FundingType | None = None, sort: str = "-created",
) -> Select:
    """The office's projects filtered by name fragment, township, sector and funding type."""
    query = db.select(Project).where(Project.office_id == office_id).options(
        selectinload(Project.township), selectinload(Project.owner),
        selectinload(Project.general_contractor))
    text = (q or "").strip()
    if text:
        query = query.where(Project.name.ilike(f"%{escape_like(text)}%", escape="\\"))
    if township_id:
        query = query.where(Project.township_id == township_id)
    if sector is not None:
        query = query.where(Project.sector == sector)
    if funding_type is not None:
        query = query.where(Project.funding_type == funding_type)
    return query.order_by(*SORTS.get(sort, SORTS["-created"]))
