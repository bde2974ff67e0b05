"""The subcontracting chain: participants, who engaged them, replacing the general contractor."""

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, FundingType, ParticipantRole, Sector, Township
from wagewatch.services import ServiceError
from wagewatch.services.parties import participants, projects
from wagewatch.services.parties.projects import ProjectDetails

from tests.factories import make_contractor, make_project, make_user


def details(**fields):
    township = db.session.scalar(db.select(Township).order_by(Township.id))
    values = {"name": "金山桥安置房二期工程", "township_id": township.id,
              "sector": Sector.CONSTRUCTION, "funding_type": FundingType.GOVERNMENT, **fields}
    return ProjectDetails(**values)


@pytest.fixture
def chain(app):
    """Owner, general contractor, labour subcontractor and a team leader under it."""
    owner = make_contractor(name="徐州经开区城建投资有限公司")
    builder = make_contractor(name="江苏恒达建设集团有限公司")
    labour = make_contractor(name="徐州鑫源劳务有限公司")
    leader = make_contractor(name="李大勇", kind="individual", id_number="320322198506155436")
    project = make_project(owner=owner, general_contractor=builder,
                           participants=((labour, "labour_subcontractor", builder),
                                         (leader, "team_leader", labour)))
    return {"owner": owner, "builder": builder, "labour": labour, "leader": leader,
            "project": project, "clerk": make_user(username="clerk-p")}


def test_replacing_the_general_contractor_moves_the_participants_it_engaged(chain):
    project, clerk = chain["project"], chain["clerk"]
    replacement = make_contractor(name="中建某局第三建设有限公司")
    projects.update_project(
        project, actor=clerk, expected_version=1,
        details=details(owner_id=chain["owner"].id, general_contractor_id=replacement.id))
    labour = next(p for p in project.participants if p.contractor == chain["labour"])
    assert labour.engaged_by == replacement
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "project.update"))
    assert event.changes["participants_reengaged"] == [None, 1]


def test_clearing_a_general_contractor_that_engaged_participants_is_refused(chain):
    with pytest.raises(ServiceError, match="不能清空"):
        projects.update_project(chain["project"], actor=chain["clerk"], expected_version=1,
                                details=details(owner_id=chain["owner"].id))


def test_the_chain_runs_from_the_owner_down_to_the_team_leader(chain):
    roots, unplaced = participants.project_chain(chain["project"])
    assert unplaced == []
    (owner,) = roots
    assert (owner.contractor, owner.label) == (chain["owner"], "建设单位")
    (builder,) = owner.children
    assert (builder.contractor, builder.label) == (chain["builder"], "施工总承包单位")
    (labour,) = builder.children
    assert labour.label == "劳务分包" and labour.participant.engaged_by == chain["builder"]
    (leader,) = labour.children
    assert leader.contractor == chain["leader"] and leader.label == "包工头/班组长"


def test_a_participant_must_be_engaged_by_a_party_of_the_project(chain):
    stranger = make_contractor(name="无关公司")
    newcomer = make_contractor(name="徐州某某钢结构有限公司")
    with pytest.raises(ServiceError) as refused:
        participants.add_participant(chain["project"], contractor=newcomer,
                                 role=ParticipantRole.SUBCONTRACTOR,
                                 engaged_by_id=stranger.id, actor=chain["clerk"])
    assert refused.value.field == "engaged_by_id"


@pytest.mark.parametrize(
    ("who", "engaged_by", "message"),
    [
        ("builder", "labour", "建设单位或施工总承包单位"),   # already the general contractor
        ("labour", "leader", "循环"),                        # the leader's own engager
        ("labour", "labour", "循环"),                        # engaged by itself
        ("leader", "labour", "同一发包方"),                  # already there
    ],
)
def test_impossible_chains_are_refused(chain, who, engaged_by, message):
    with pytest.raises(ServiceError, match=message):
        participants.add_participant(chain["project"], contractor=chain[who],
                                 role=ParticipantRole.TEAM_LEADER,
                                 engaged_by_id=chain[engaged_by].id, actor=chain["clerk"])


def test_participants_are_added_and_removed_with_audit_rows(chain):
    project, clerk = chain["project"], chain["clerk"]
    steel = make_contractor(name="徐州某某钢结构有限公司")
    participant = participants.add_participant(project, contractor=steel,
                                           role=ParticipantRole.SUBCONTRACTOR,
                                           engaged_by_id=chain["builder"].id, actor=clerk,
                                           scope="钢结构")
    participants.remove_participant(participant, actor=clerk)
    actions = db.session.scalars(
        db.select(AuditEvent.action).where(AuditEvent.object_id == str(project.id))
        .order_by(AuditEvent.id)).all()
    assert actions == ["project.participant_add", "project.participant_remove"]


def test_a_participant_that_engaged_others_cannot_be_removed_first(chain):
    labour = next(p for p in chain["project"].participants if p.contractor == chain["labour"])
    with pytest.raises(ServiceError, match="请先移除其下级"):
        participants.remove_participant(labour, actor=chain["clerk"])


def test_a_contractors_projects_name_its_role(chain):
    assert projects.projects_involving(chain["leader"]) == [(chain["project"], "包工头/班组长")]
    assert projects.projects_involving(chain["builder"]) == [(chain["project"], "施工总承包单位")]
