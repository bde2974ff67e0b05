"""Makers of blacklist data: a flagged candidate employer, a proceeding taken to listing, and
listing periods written directly for the expiry and publication tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.models import (
    BlacklistProceeding, Case, Contractor, EarlyRemovalApplication, ListedPerson, Listing, Objection,
    Office, PersonPosition, ProceedingStatus, Role, RuleSet, ServiceMethod, Township, User,
)
from wagewatch.rules.listing import s17_period_end, s45_period_end
from wagewatch.services.blacklist import procedure
from wagewatch.services.cases import case_steps, registration

from tests.factories import default_office, issue_served_order, make_contractor, make_user
from tests.web.cases.factories import register, valid_id_number

EMPLOYER = "徐州恒达建设工程有限公司"
LEGAL_REP_ID = "320302198001011239"
MANAGER_ID = valid_id_number(seq="271")


def make_listed_employer(*, name: str = EMPLOYER, office=None) -> Contractor:
    """A company with a legal representative and a responsible manager, both with ID numbers."""
    contractor = make_contractor(name=name, office=office, persons=(
        {"name": "王建国", "id_number": LEGAL_REP_ID},
        {"name": "赵工头", "id_number": MANAGER_ID, "position": "responsible_manager"}))
    contractor.address = "徐州市经济技术开发区高新路1号"
    db.session.commit()
    return contractor


def clerk(office=None) -> User:
    office = office or default_office()
    return db.session.scalar(db.select(User).where(
        User.role == Role.CLERK, User.office_id == office.id)) or make_user(
        role=Role.CLERK, username=f"clerk-bl-{office.code}", office=office)


def candidate_case(*, employer: Contractor | None = None, received_on: date = date(2025, 3, 3),
                   actor: User | None = None):
    """A case whose employer is a flagged S-45 candidate: 2 workers owed 12,000 yuan for 4 months,
    ordered on 10 March 2025 to pay within 3 working days (by 13 March), unpaid since."""
    employer = employer or make_listed_employer()
    actor = actor or clerk(db.session.get(Office, employer.office_id))
    case = register(clerk=actor, received_on=received_on, workers=2, employer=employer)
    case_steps.accept(case, received_on + timedelta(days=1), actor)
    for cw in case.workers:
        registration.confirm_worker_amount(cw, Decimal("12000.00"), Decimal("4"), actor)
    issue_served_order(case, issued_on=date(2025, 3, 10), pay_within=3, actor=actor)
    return case


NOTICE = procedure.NoticeInput("经开劳监告字〔2025〕1号", "逾期未支付工资", "人社部令第45号第五条",
                               date(2025, 3, 17), ServiceMethod.IN_PERSON)


def decision(decided_on: date = date(2025, 3, 25), number: str = "经开劳监列字〔2025〕1号"):
    return procedure.DecisionInput(
        document_number=number, decided_on=decided_on, authority="徐州经济技术开发区人力资源和社会保障局",
        main_facts="拖欠2名农民工工资24,000元，经责令限期支付逾期仍未支付", grounds="逾期未支付",
        basis="人社部令第45号", punishment_measures="联合惩戒", early_removal_terms="满6个月可申请",
        remedies="行政复议或行政诉讼")


def listed_proceeding(*, employer: Contractor | None = None) -> BlacklistProceeding:
    """A candidate taken through the services to listing: notice served 17 March 2025 (window to
    24 March), listed from 25 March 2025 to 24 March 2028."""
    case = candidate_case(employer=employer)
    actor = case.handler
    proceeding = procedure.start_proceeding(case.employer, actor, date(2025, 3, 14))
    procedure.serve_notice(proceeding, NOTICE, actor, proceeding.version)
    procedure.decide_listing(proceeding, decision(), actor, proceeding.version)
    return proceeding


def make_listing(*, contractor: Contractor, decided_on: date, rule_set: RuleSet = RuleSet.S45,
                 number: str = "经开劳监列字〔2022〕9号", corrected_on: date | None = None,
                 removed_on: date | None = None) -> Listing:
    """A listing period written directly (as migrated data would be), with its persons."""
    end = s45_period_end(decided_on) if rule_set is RuleSet.S45 else s17_period_end(decided_on)
    proceeding = BlacklistProceeding(
        office_id=contractor.office_id, contractor_id=contractor.id, rule_set=rule_set,
        status=ProceedingStatus.REMOVED if removed_on else ProceedingStatus.LISTED,
        opened_on=decided_on, corrected_on=corrected_on)
    listing = Listing(
        office_id=contractor.office_id, contractor_id=contractor.id, rule_set=rule_set,
        document_number=number, authority="徐州经济技术开发区人力资源和社会保障局",
        decided_on=decided_on, starts_on=decided_on, ends_on=end, removed_on=removed_on,
        main_facts="拖欠农民工工资，逾期未支付", grounds="逾期未支付", basis="依据",
        punishment_measures="联合惩戒", early_removal_terms="条件", remedies="复议或诉讼",
        persons=[ListedPerson(name=p.name, position=PersonPosition(p.position),
                              id_number=p.id_number) for p in contractor.persons])
    proceeding.listings.append(listing)
    db.session.add(proceeding)
    db.session.commit()
    return listing


def matrix_samples(contractor: Contractor) -> dict[str, int]:
    """Ids for the role-matrix walk: a listed proceeding with an objection and an application."""
    listing = make_listing(contractor=contractor, decided_on=date(2025, 9, 1))
    objection = Objection(received_on=date(2025, 8, 20), content="异议")
    listing.proceeding.objections.append(objection)
    application = EarlyRemovalApplication(applied_on=date(2026, 3, 2), written_commitment=True)
    listing.applications.append(application)
    db.session.commit()
    return {"proceeding_id": listing.proceeding_id, "objection_id": objection.id,
            "application_id": application.id}


def lapsed_case(employer, issued_on: date, owed: str = "12000.00",
                township: Township | None = None, **facts: bool) -> Case:
    """A case of ``employer``: two workers owed ``owed`` yuan each, ordered on ``issued_on`` to
    pay within 3 working days, unpaid since (flagged by the use cases as they are recorded)."""
    actor = clerk()
    case = register(clerk=actor, received_on=issued_on - timedelta(days=7), workers=2,
                    employer=employer, **facts)
    if township is not None:
        case.township_id = township.id
        db.session.commit()
    case_steps.accept(case, issued_on - timedelta(days=6), actor)
    for cw in case.workers:
        registration.confirm_worker_amount(cw, Decimal(owed), Decimal("4"), actor)
    issue_served_order(case, issued_on=issued_on, pay_within=3, actor=actor)
    return case
