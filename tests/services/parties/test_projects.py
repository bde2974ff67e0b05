"""The project use cases: register, edit (version-checked), duty warnings, search."""

from datetime import date
from decimal import Decimal

import pytest

from wagewatch.extensions import db
from wagewatch.models import (
    AuditEvent, FundingType, PaymentCycle, Project, Sector, Township, WageGuarantee,
)
from wagewatch.services import ServiceError, StaleRecord
from wagewatch.services.parties import projects
from wagewatch.services.parties.projects import ProjectDetails

from tests.factories import default_office, make_contractor, make_office, make_project, make_user


def township():
    return db.session.scalar(db.select(Township).order_by(Township.id))


def details(**fields):
    values = {"name": "金山桥安置房二期工程", "township_id": township().id,
              "sector": Sector.CONSTRUCTION, "funding_type": FundingType.GOVERNMENT, **fields}
    return ProjectDetails(**values)


def test_a_project_is_created_with_money_in_exact_yuan_and_audited(app):
    owner = make_contractor(name="徐州经开区城建投资有限公司")
    project = projects.create_project(
        office_id=default_office().id, actor=make_user(),
        details=details(owner_id=owner.id, contract_value_yuan=Decimal("12345678.90"),
                        labour_officer_phone="13812345678"))
    db.session.expire_all()
    stored = db.session.get(Project, project.id)
    assert stored.contract_value_yuan == Decimal("12345678.90") and stored.owner == owner
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "project.create"))
    assert event.changes["contract_value_yuan"] == [None, "12345678.90"]
    assert event.changes["labour_officer_phone"] == [None, "138****5678"]


def test_a_township_or_contractor_of_another_office_is_refused(app):
    other = make_office(code="TSQ", name="铜山区", townships=("柳泉镇",))
    foreign_township = db.session.scalar(db.select(Township).where(Township.office_id == other.id))
    with pytest.raises(ServiceError) as refused:
        projects.create_project(office_id=default_office().id, actor=make_user(),
                                details=details(township_id=foreign_township.id))
    assert refused.value.field == "township_id"
    foreign = make_contractor(office=other)
    with pytest.raises(ServiceError) as refused:
        projects.create_project(office_id=default_office().id, actor=make_user(username="c2"),
                                details=details(general_contractor_id=foreign.id))
    assert refused.value.field == "general_contractor"


def test_a_resent_form_creates_one_project(app):
    clerk = make_user()
    first = projects.create_project(office_id=default_office().id, actor=clerk,
                                    details=details(), submission_token="t-1")
    again = projects.create_project(office_id=default_office().id, actor=clerk,
                                    details=details(), submission_token="t-1")
    assert first.id == again.id
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 1


def test_duty_warnings_read_the_project(app):
    bare = make_project()
    assert {w.rule for w in projects.duty_warnings(bare)} == {
        "wage_account_missing", "wage_guarantee_missing", "real_name_registration_missing",
        "notice_board_unchecked", "payment_cycle_unknown", "labour_officer_missing"}
    complete = make_project(
        name="完备项目", wage_account_bank="中国银行", wage_account_number="5100 0000 1234",
        wage_guarantee=WageGuarantee.EXEMPT, real_name_registration=True,
        notice_board_checked_on=date(2026, 3, 2), labour_officer_name="周敏",
        payment_cycle=PaymentCycle.MONTHLY)
    assert projects.duty_warnings(complete) == []
    complete.payment_cycle = PaymentCycle.QUARTERLY
    assert [w.rule for w in projects.duty_warnings(complete)] == ["payment_cycle_too_long"]
    assert projects.duty_warnings(make_project(name="工厂", sector="non_construction")) == []


def test_search_filters_by_name_township_sector_and_funding(app):
    office = default_office()
    first, second = office.townships
    make_project(name="金山桥安置房", township=first)
    make_project(name="东环路改造", township=second, funding_type="soe")
    make_project(name="东环食品厂扩建", township=second, sector="non_construction",
                 funding_type="private")

    def names(**filters):
        query = projects.search_projects(office.id, sort="name", **filters)
        return [p.name for p in db.session.scalars(query)]

    assert names(q="东环") == ["东环路改造", "东环食品厂扩建"]
    assert names(township_id=first.id) == ["金山桥安置房"]
    assert names(sector=Sector.NON_CONSTRUCTION) == ["东环食品厂扩建"]
    assert names(funding_type=FundingType.SOE) == ["东环路改造"]


def test_a_stale_edit_is_refused(app):
    project = make_project()
    clerk = make_user()
    projects.update_project(project, details=details(name="新名称"), expected_version=1,
                            actor=clerk)
    with pytest.raises(StaleRecord):
        projects.update_project(project, details=details(name="另一个名称"), expected_version=1,
                                actor=clerk)
    db.session.refresh(project)
    assert project.name == "新名称" and project.version == 2
