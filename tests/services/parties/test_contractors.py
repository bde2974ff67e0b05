"""The contractor use cases: register, edit, duplicates, persons, search, resolution."""

import pytest

from wagewatch.extensions import db
from wagewatch.models import (
    AuditEvent, Contractor, ContractorKind, PersonPosition, Role, User,
)
from wagewatch.services import ServiceError, StaleRecord
from wagewatch.services.parties import contractors
from wagewatch.services.parties.contractors import ContractorDetails, PossibleDuplicate

from tests.factories import default_office, make_contractor, make_office, make_user

USCC = "91320301MA1MXXXXXU"
ID_NUMBER = "320302198001011239"


def company(name="徐州鑫源建设有限公司", uscc=USCC, **fields):
    return ContractorDetails(kind=ContractorKind.COMPANY, name=name, uscc=uscc, **fields)


def clerk():
    found = db.session.scalar(db.select(User).where(User.username == "clerk-s"))
    return found or make_user(username="clerk-s")


def register(details, **kwargs):
    return contractors.create_contractor(office_id=default_office().id, details=details,
                                         actor=clerk(), **kwargs)


def test_a_company_keeps_its_uscc_and_drops_an_id_number(app):
    contractor = register(company(id_number=ID_NUMBER, short_name="鑫源"))
    assert contractor.uscc == USCC and contractor.id_number is None
    assert contractor.normalised_name == "徐州鑫源建设"


def test_an_individual_keeps_the_id_number_and_drops_a_uscc(app):
    contractor = register(ContractorDetails(kind=ContractorKind.INDIVIDUAL, name="李大勇",
                                            uscc=USCC, id_number=ID_NUMBER, phone="13812345678"))
    assert contractor.uscc is None and contractor.id_number == ID_NUMBER


def test_creation_is_audited_with_the_id_number_and_phone_masked(app):
    contractor = register(ContractorDetails(kind=ContractorKind.INDIVIDUAL, name="李大勇",
                                            id_number=ID_NUMBER, phone="13812345678"))
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "contractor.create"))
    assert event.object_id == str(contractor.id)
    assert event.changes["id_number"] == [None, "3203**********1239"]
    assert event.changes["phone"] == [None, "138****5678"]
    assert ID_NUMBER not in str(event.changes)


def test_a_registered_uscc_is_refused_even_when_confirmed(app):
    existing = make_contractor(name="另一家公司", uscc=USCC)
    with pytest.raises(PossibleDuplicate) as refused:
        register(company(), confirmed_ids={existing.id})
    assert refused.value.blocking and refused.value.field == "uscc"
    assert [m.contractor for m in refused.value.matches] == [existing]


def test_the_same_uscc_in_another_office_is_allowed(app):
    make_contractor(uscc=USCC, office=make_office(code="TSQ", name="铜山区", townships=()))
    assert register(company()).uscc == USCC


def test_a_matching_name_warns_until_the_clerk_confirms(app):
    existing = make_contractor(name="徐州鑫源建设（有限公司）")
    with pytest.raises(PossibleDuplicate) as warned:
        register(company(name="徐州鑫源建设有限责任公司"))
    assert not warned.value.blocking
    assert warned.value.matches[0].contractor == existing
    assert "名称相同" in warned.value.matches[0].reason
    assert db.session.scalar(db.select(db.func.count()).select_from(Contractor)) == 1
    created = register(company(name="徐州鑫源建设有限责任公司"), confirmed_ids={existing.id})
    assert created.id != existing.id


def test_confirming_one_match_does_not_cover_another(app):
    first = make_contractor(name="徐州鑫源建设有限公司")
    make_contractor(name="徐州鑫源建设股份有限公司")
    with pytest.raises(PossibleDuplicate) as warned:
        register(company(), confirmed_ids={first.id})
    assert len(warned.value.matches) == 2


def test_a_matching_id_number_warns_for_individuals(app):
    make_contractor(name="李大勇", kind="individual", id_number=ID_NUMBER)
    with pytest.raises(PossibleDuplicate) as warned:
        register(ContractorDetails(kind=ContractorKind.INDIVIDUAL, name="李勇",
                                   id_number=ID_NUMBER))
    assert warned.value.matches[0].reason == "身份证号码相同"


def test_a_resent_form_creates_one_contractor(app):
    first = register(company(), submission_token="token-1")
    again = register(company(), submission_token="token-1")
    assert again.id == first.id
    assert db.session.scalar(db.select(db.func.count()).select_from(Contractor)) == 1


def test_an_edit_checks_the_version_and_audits_the_change(app):
    contractor = make_contractor(name="徐州鑫源建设有限公司", uscc=USCC)
    clerk = make_user(username="clerk-e")
    contractors.update_contractor(contractor, details=company(address="徐州市经开区"),
                                  expected_version=1, actor=clerk)
    assert contractor.version == 2 and contractor.address == "徐州市经开区"
    with pytest.raises(StaleRecord):
        contractors.update_contractor(contractor, details=company(address="别处"),
                                      expected_version=1, actor=clerk)
    db.session.refresh(contractor)
    assert contractor.address == "徐州市经开区"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "contractor.update"))
    assert event.changes == {"address": [None, "徐州市经开区"]}


def test_an_edit_that_keeps_the_name_is_not_warned_again(app):
    make_contractor(name="徐州鑫源建设有限公司")
    twin = make_contractor(name="徐州鑫源建设股份有限公司")
    contractors.update_contractor(twin, details=company(name=twin.name, uscc=twin.uscc,
                                                        address="新地址"),
                                  expected_version=1, actor=make_user(username="clerk-e"))
    assert twin.address == "新地址"


def test_persons_are_added_once_and_removed_with_an_audit_row(app):
    contractor = make_contractor()
    clerk = make_user(username="clerk-p")
    person = contractors.add_person(contractor, name="王建国", actor=clerk, id_number=ID_NUMBER,
                                    position=PersonPosition.LEGAL_REPRESENTATIVE, title="总经理")
    with pytest.raises(ServiceError, match="已登记法定代表人“王建国”"):
        contractors.add_person(contractor, name="赵强", actor=clerk,
                               position=PersonPosition.LEGAL_REPRESENTATIVE)
    with pytest.raises(ServiceError, match="身份证号码"):
        contractors.add_person(contractor, name="王建", actor=clerk, id_number=ID_NUMBER,
                               position=PersonPosition.RESPONSIBLE_MANAGER)
    contractors.remove_person(person, actor=clerk)
    assert contractor.persons == []
    actions = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.object_type == "contractor").order_by(AuditEvent.id)).all()
    assert [e.action for e in actions] == ["contractor.person_add", "contractor.person_remove"]
    assert actions[1].changes["id_number"] == ["3203**********1239", None]


def test_an_individual_has_no_separate_persons(app):
    individual = make_contractor(name="李大勇", kind="individual", id_number=ID_NUMBER)
    with pytest.raises(ServiceError, match="本人即为责任人"):
        contractors.add_person(individual, name="李大勇", actor=make_user(username="c"),
                               position=PersonPosition.PRINCIPAL)


@pytest.mark.parametrize("query", ["鑫源", "XINYUAN", "91320301ma1m", "徐州鑫源建设（有限公司）"])
def test_search_finds_by_name_short_name_or_uscc(app, query):
    wanted = make_contractor(name="徐州鑫源建设有限公司", short_name="XinYuan", uscc=USCC)
    make_contractor(name="江苏恒达建设集团有限公司")
    found = db.session.scalars(contractors.search_contractors(default_office().id, q=query)).all()
    assert found == [wanted]


def test_search_treats_wildcards_literally_and_stays_in_the_office(app):
    make_contractor(name="徐州鑫源建设有限公司")
    other = make_office(code="TSQ", name="铜山区", townships=())
    make_contractor(name="徐州鑫源劳务有限公司", office=other)
    office_id = default_office().id
    assert db.session.scalars(contractors.search_contractors(office_id, q="%")).all() == []
    assert len(db.session.scalars(contractors.search_contractors(office_id, q="鑫源")).all()) == 1


def test_resolution_by_uscc_id_number_or_unique_name(app):
    company_ = make_contractor(name="徐州鑫源建设有限公司", uscc=USCC)
    person = make_contractor(name="李大勇", kind="individual", id_number=ID_NUMBER)
    office_id = default_office().id
    assert contractors.resolve_contractor(office_id, USCC.lower()) == company_
    assert contractors.resolve_contractor(office_id, ID_NUMBER) == person
    assert contractors.resolve_contractor(office_id, "徐州鑫源建设（有限公司）") == company_
    twin = make_contractor(name="李大勇", kind="individual", id_number="320322198506155436")
    with pytest.raises(ServiceError, match="多个同名"):
        contractors.resolve_contractor(office_id, "李大勇")
    assert contractors.resolve_contractor(office_id, "李大勇", prefer_id=twin.id) == twin
    with pytest.raises(ServiceError, match="未找到"):
        contractors.resolve_contractor(office_id, "不存在的公司")


def test_another_offices_contractor_cannot_be_resolved(app):
    make_contractor(uscc=USCC, office=make_office(code="TSQ", name="铜山区", townships=()))
    with pytest.raises(ServiceError, match="未找到"):
        contractors.resolve_contractor(default_office().id, USCC)


def test_role_is_irrelevant_to_the_service(app):
    # The service trusts the view's role gate; any actor is recorded as given.
    contractor = contractors.create_contractor(
        office_id=default_office().id, details=company(),
        actor=make_user(role=Role.CLERK, username="writer"))
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "contractor.create"))
    assert event.actor_username == "writer" and contractor.created_by_id is not None
