"""The subcontracting chain of a project: participants, who engaged them, and the chain view."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from wagewatch.extensions import db
from wagewatch.models import Contractor, ParticipantRole, Project, ProjectParticipant, User
from wagewatch.services import ServiceError, audit


def _participant_snapshot(participant: ProjectParticipant) -> dict:
    return {"contractor_id": participant.contractor_id, "contractor": participant.contractor.name,
            "role": str(participant.role), "engaged_by_id": participant.engaged_by_id,
            "engaged_by": participant.engaged_by.name, "scope": participant.scope}


def engaging_parties(project: Project) -> list[Contractor]:
    """The parties that can engage a participant: owner, general contractor, participants."""
    parties: dict[int, Contractor] = {}
    for contractor in (project.owner, project.general_contractor,
                       *(p.contractor for p in project.participants)):
        if contractor is not None:
            parties.setdefault(contractor.id, contractor)
    return list(parties.values())


def _ancestors(project: Project, contractor_id: int) -> set[int]:
    """Every party above ``contractor_id`` in the chain (who engaged it, who engaged them, ...)."""
    above = defaultdict(set)
    for participant in project.participants:
        above[participant.contractor_id].add(participant.engaged_by_id)
    found: set[int] = set()
    pending = [contractor_id]
    while pending:
        for parent in above[pending.pop()] - found:
            found.add(parent)
            pending.append(parent)
    return found


def add_participant(
    project: Project, *, contractor: Contractor, role: ParticipantRole, engaged_by_id: int,
    actor: User, scope: str | None = None,
) -> ProjectParticipant:
    """Add a subcontractor, labour subcontractor or team leader and the party that engaged it."""
    if contractor.office_id != project.office_id:
        raise ServiceError("未找到该单位或个人。", field="contractor")
    engaged_by = next((c for c in engaging_parties(project) if c.id == engaged_by_id), None)
    if engaged_by is None:
        raise ServiceError("发包方须为本项目的建设单位、施工总承包单位或已登记的参与方。",
                           field="engaged_by_id")
    if contractor.id in (project.owner_id, project.general_contractor_id):
        raise ServiceError("该单位已是本项目的建设单位或施工总承包单位。", field="contractor")
    if contractor.id == engaged_by.id or contractor.id in _ancestors(project, engaged_by.id):
        raise ServiceError("发包关系不能形成循环：该单位是所选发包方的上级。", field="engaged_by_id")
    if any(p.contractor_id == contractor.id and p.engaged_by_id == engaged_by.id
           for p in project.participants):
        raise ServiceError("该单位已由同一发包方登记为本项目参与方。", field="contractor")
    participant = ProjectParticipant(contractor=contractor, role=role, engaged_by=engaged_by,
                                     scope=(scope or "").strip() or None)
    project.participants.append(participant)
    db.session.flush()
    audit.record("project.participant_add", object_type="project", object_id=project.id,
                 actor=actor, changes=audit.changes_between({}, _participant_snapshot(participant)))
    db.session.commit()
    return participant


def remove_participant(participant: ProjectParticipant, *, actor: User) -> None:
    """Remove a participant; refused while it is the only link to participants it engaged."""
    project = participant.project
    others = [p for p in project.participants if p is not participant]
    still_in_chain = (
        participant.contractor_id in (project.owner_id, project.general_contractor_id)
        or any(p.contractor_id == participant.contractor_id for p in others))
    engaged = [p for p in others if p.engaged_by_id == participant.contractor_id]
    if engaged and not still_in_chain:
        raise ServiceError(
            f"“{participant.contractor.name}”仍是{len(engaged)}个参与方的发包方，请先移除其下级。")
    audit.record("project.participant_remove", object_type="project", object_id=project.id,
                 actor=actor, changes=audit.changes_between(_participant_snapshot(participant), {}))
    project.participants.remove(participant)
    db.session.commit()


@dataclass
class ChainNode:
    """One party in the project's chain, what it is there, and the parties it engaged."""

    contractor: Contractor
    label: str
    participant: ProjectParticipant | None = None
    children: list[ChainNode] = field(default_factory=list)


def project_chain(project: Project) -> tuple[list[ChainNode], list[ProjectParticipant]]:
    """The chain owner → general contractor → participants, and participants it cannot place."""
    below: dict[int, list[ProjectParticipant]] = defaultdict(list)
    for participant in project.participants:
        below[participant.engaged_by_id].append(participant)
    expanded: set[int] = set()
    placed: set[int] = set()

    def node(contractor: Contractor, label: str, participant: ProjectParticipant | None = None,
             extra: list[ChainNode] | None = None) -> ChainNode:
        built = ChainNode(contractor, label, participant, list(extra or []))
        if contractor.id not in expanded:
            expanded.add(contractor.id)
            for child in below[contractor.id]:
                placed.add(child.id)
                built.children.append(node(child.contractor, child.role.label, child))
        return built

    general = project.general_contractor
    roots: list[ChainNode] = []
    if project.owner is not None:
        gc_node = [] if general is None else [node(general, "施工总承包单位")]
        roots.append(node(project.owner, "建设单位", extra=gc_node))
    elif general is not None:
        roots.append(node(general, "施工总承包单位"))
    unplaced = [p for p in project.participants if p.id not in placed]
    return roots, unplaced
