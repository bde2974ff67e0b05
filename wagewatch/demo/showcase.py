"""After the demo cases: one account per role, flags evaluated, blacklist proceedings at each stage,
police referrals at each step and supervised cases, made through the services so every page has
something real to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from wagewatch.demo.showcase_referrals import showcase_referrals, working_days_before
from wagewatch.extensions import db
from wagewatch.models import (
    BlacklistProceeding, Case, CaseStatus, Contractor, Office, Role, RuleDecision, ServiceMethod,
    User,
)
from wagewatch.rules.sources import citation
from wagewatch.services import ServiceError
from wagewatch.services.accounts import users
from wagewatch.services.blacklist import procedure
from wagewatch.services.cases import supervision
from wagewatch.services.documents import issuing, service_records
from wagewatch.services.flags import evaluation

#: The demo accounts, one per role: username and display name.
ACCOUNTS = {
    Role.ADMIN: ("demo-admin", "演示管理员"),
    Role.CLERK: ("demo-clerk", "演示监察员"),
    Role.POLICE: ("demo-police", "演示民警"),
    Role.LEADER: ("demo-leader", "演示领导"),
    Role.AUDITOR: ("demo-auditor", "演示审计员"),
}
#: Blacklist stages shown, in the order the flagged employers are taken (S-45 procedure).
STAGES = {
    "candidate": "已启动列入程序，待送达告知书",
    "notice_issued": "告知书已制作，尚未送达（陈述申辩期未起算）",
    "notice_served": "告知书已送达，异议期内",
    "window_closed": "异议期已满，待作出决定",
    "listed": "已列入名单",
}
AUTHORITY = "徐州经济技术开发区人力资源和社会保障局"


@dataclass
class ShowcaseSummary:
    """What the showcase made: new accounts with their one-time passwords, flags, stages."""

    accounts: list[tuple[str, Role, str]] = field(default_factory=list)
    flagged_employers: int = 0
    proceedings: dict[str, str] = field(default_factory=dict)  # stage -> employer name
    referrals: dict[str, str] = field(default_factory=dict)  # referral stage -> case number
    supervised: list[str] = field(default_factory=list)  # case numbers
    skipped: list[str] = field(default_factory=list)  # why a stage could not be shown


def demo_accounts(office: Office) -> list[tuple[str, Role, str]]:
    """Create the demo account of each role that does not exist yet, each with a one-time
    password (changed at first login; administrators, police and leaders then enrol their second
    factor). Returns (username, role, password) of the accounts created now: shown once."""
    created = []
    for role, (username, display_name) in ACCOUNTS.items():
        if db.session.scalar(select(User.id).where(User.username == username)) is not None:
            continue
        user, password = users.create_user(username=username, display_name=display_name,
                                           role=role, office=office)
        created.append((user.username, role, password or ""))
    return created


def _candidates(office_id: int) -> list[int]:
    """Employers flagged for the blacklist with no proceeding yet, the oldest flag first."""
    proceeding_ids = select(BlacklistProceeding.contractor_id).where(
        BlacklistProceeding.office_id == office_id)
    return list(db.session.scalars(
        select(RuleDecision.contractor_id)
        .where(RuleDecision.rule == procedure.RULE, RuleDecision.flagged.is_(True),
               RuleDecision.superseded_at.is_(None), RuleDecision.contractor_id.is_not(None),
               RuleDecision.contractor_id.not_in(proceeding_ids))
        .join(Case, Case.id == RuleDecision.case_id).where(Case.office_id == office_id)
        .group_by(RuleDecision.contractor_id).order_by(RuleDecision.contractor_id)))


def _advance(proceeding: BlacklistProceeding, stage: str, anchor: date, actor: User) -> None:
    """Take a fresh proceeding to ``stage`` with dates before ``anchor`` (S-45 arts. 6-8: the
    notice served, 5 working days for objections, then the decision)."""
    if stage == "candidate":
        return
    if stage == "notice_issued":
        procedure.issue_notice(proceeding, "", "经责令限期支付，逾期仍未支付农民工工资",
                               citation("S-45 art. 5"), working_days_before(anchor, 1), actor,
                               proceeding.version)
        return
    served_on = working_days_before(anchor, {"notice_served": 2, "window_closed": 8,
                                              "listed": 15}[stage])
    procedure.serve_notice(proceeding, procedure.NoticeInput(
        document_number="", grounds="经责令限期支付，逾期仍未支付农民工工资",
        basis=citation("S-45 art. 5"), served_on=served_on, service_method=ServiceMethod.IN_PERSON,
        service_evidence="当面送达，负责人签收"), actor, proceeding.version)
    if stage != "listed":
        return
    decided_on = working_days_before(anchor, 6)
    contractor = proceeding.contractor
    listing = procedure.decide_listing(proceeding, procedure.DecisionInput(
        document_number="", decided_on=decided_on, authority=AUTHORITY,
        main_facts=f"{contractor.name}拖欠农民工工资，经责令限期支付逾期仍未支付",
        grounds="拖欠农民工工资，经责令限期支付逾期仍未支付", basis=citation("S-45 art. 5"),
        punishment_measures="在政府资金支持、政府采购、招投标、生产许可、履职资质资格认定、融资贷款、"
                            "市场准入、评优评先等方面依法依规予以限制",
        early_removal_terms="列入之日起满6个月，已改正违法行为且未再发生欠薪的，可书面申请提前移出",
        remedies="如不服本决定，可在收到之日起60日内申请行政复议，或在6个月内提起行政诉讼"),
        actor, proceeding.version)
    decision = next(d for d in issuing.proceeding_documents(proceeding)
                    if d.kind == "listing_decision" and d.data.get("listing_id") == listing.id)
    service_records.record_service(decision, service_records.ServiceInput(
        recipient=contractor.name, place=contractor.address or "单位住所",
        method=ServiceMethod.IN_PERSON, served_on=decided_on, served_time=None,
        servers=actor.display_name, evidence="当面送达，负责人签收"), actor)


def _supervise(office_id: int, anchor: date, actor: User, wanted: int) -> list[str]:
    """Name open cases with a group incident or an absconded employer for supervision."""
    numbers: list[str] = []
    cases = db.session.scalars(select(Case).where(
        Case.office_id == office_id, Case.status.in_((CaseStatus.INVESTIGATING,
                                                       CaseStatus.PAYMENT_ORDERED)),
        Case.group_incident | Case.employer_absconded).order_by(Case.received_on.desc())
        .limit(wanted * 3))
    for case in cases:
        if len(numbers) == wanted:
            break
        if supervision.open_listing(case.id) is not None:
            continue
        listed_on = max(case.received_on, working_days_before(anchor, 3))
        supervision.create_listing(
            case, actor, authority="徐州市人力资源和社会保障局", official="经开区劳动保障监察大队大队长",
            grounds="欠薪引发群体性事件" if case.group_incident else "用人单位负责人逃匿",
            listed_on=listed_on, deadline_on=listed_on + timedelta(days=30))
        numbers.append(case.number)
    return numbers


def showcase(office: Office, anchor: date, actor: User) -> ShowcaseSummary:
    """Evaluate the office's flags as of ``anchor``, then take flagged employers through the
    blacklist procedure to each stage, one case to each police-referral step (the police steps
    recorded by the demo police account) and name two cases for supervision. Every step goes
    through the services (documents generated, files checked and stored, audited, committed one
    by one)."""
    summary = ShowcaseSummary()
    evaluation.run_all(anchor, office.id)
    candidates = _candidates(office.id)
    summary.flagged_employers = len(candidates)
    for stage in STAGES:
        taken = False
        while candidates and not taken:
            contractor_id = candidates.pop(0)
            contractor = db.session.get_one(Contractor, contractor_id)
            try:
                proceeding = procedure.start_proceeding(
                    contractor, actor, working_days_before(anchor, 20 if stage != "candidate" else 1))
                _advance(proceeding, stage, anchor, actor)
            except ServiceError as refusal:
                db.session.rollback()
                summary.skipped.append(f"{contractor.name}：{refusal.message}")
                continue
            summary.proceedings[stage] = contractor.name
            taken = True
    police = db.session.scalar(select(User).where(
        User.username == ACCOUNTS[Role.POLICE][0], User.office_id == office.id)) or actor
    summary.referrals = showcase_referrals(office.id, anchor, actor, police, summary.skipped)
    summary.supervised = _supervise(office.id, anchor, actor, wanted=2)
    return summary
