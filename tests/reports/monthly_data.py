"""A small, fully known data set for the monthly report of October 2026: two townships (and a
third whose name looks like a formula), both sectors, three funding types, recoveries by every
payer, orders, referrals on both sides of the Beijing-time month boundary, supervision, blacklist
movements, identifiers that need work, and cases outside the period that must not count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseStatus, CaseWorker, Channel, Contractor, Office, Payer, PaymentOrder, PoliceDecision,
    PoliceReferral, Project, Recovery, ReferralStatus, RemovalReason, Role, Sector, ServiceMethod,
    SupervisedListing, Township, User, Worker,
)

from tests.factories import make_contractor, make_office, make_project, make_user
from tests.web.blacklist.factories import make_listing
from tests.web.cases.factories import valid_id_number
from tests.web.referrals.factories import at

FORMULA_NAME = '=HYPERLINK("http://x","点我")'
#: Names a spreadsheet would read as formulas (security.md items 14-15).
FORMULA_NAMES = (FORMULA_NAME, "+1+1", "@SUM(A1)", "-2+3")
INVALID_ID = "320303198513121234"  # month 13: no such birth date


@dataclass
class MonthlyData:
    office: Office
    clerk: User
    jinshan: Township
    donghuan: Township
    cases: dict[str, Case] = field(default_factory=dict)


def _worker(office: Office, seq: int, *, id_number: str | None = None,
            warning: str | None = None) -> Worker:
    worker = Worker(office_id=office.id, name=f"工人{seq}",
                    id_number=id_number or valid_id_number(seq=f"{seq:03d}"),
                    id_number_warning=warning)
    db.session.add(worker)
    return worker


def _case(data: MonthlyData, key: str, *, township: Township, sector: str, received_on: date,
          employer: Contractor, project: Project | None = None, status: CaseStatus =
          CaseStatus.INVESTIGATING, accepted_on: date | None = None, closed_on: date | None = None,
          next_due_on: date | None = None, workers: tuple = ()) -> Case:
    seq = len(data.cases) + 1
    case = Case(office_id=data.office.id, number=f"测〔2026〕{seq}号", number_year=2026,
                number_seq=seq, received_on=received_on, channel=Channel.WINDOW,
                township_id=township.id, project_id=project.id if project else None,
                employer_id=employer.id, sector=Sector(sector), status=status,
                acceptance_due_on=received_on, accepted_on=accepted_on, closed_on=closed_on,
                next_due_on=next_due_on, handler_id=data.clerk.id)
    db.session.add(case)
    for index, (claimed, confirmed, worker) in enumerate(workers):
        case.workers.append(CaseWorker(worker=worker, months_owed=Decimal("3"),
                                       claimed_yuan=Decimal(claimed),
                                       confirmed_yuan=Decimal(confirmed) if confirmed else None,
                                       representative=index == 0))
    data.cases[key] = case
    return case


def _recovery(case: Case, paid_on: date, amount: str, payer: Payer) -> None:
    case.recoveries.append(Recovery(paid_on=paid_on, amount_yuan=Decimal(amount), payer=payer))


def _referral(data: MonthlyData, case: Case, handed_over: str, decided: str | None = None,
              decision: PoliceDecision | None = None) -> None:
    db.session.add(PoliceReferral(
        office_id=data.office.id, case_id=case.id, contractor_id=case.employer_id,
        status=ReferralStatus.FILED if decision else ReferralStatus.HANDED_OVER,
        reported_at=at("2026-10-01 09:00"), reported_by_id=data.clerk.id, report="报告",
        handed_over_at=at(handed_over), police_decision=decision,
        police_decided_at=at(decided) if decided else None))


def build() -> MonthlyData:
    """The data set; the expected October figures are spelled out in test_monthly_collector."""
    office = make_office(code="JKMR", townships=("金山桥街道", "东环街道", FORMULA_NAME, "+1+1"))
    jinshan, donghuan = office.townships[0], office.townships[1]
    clerk = make_user(role=Role.CLERK, username="monthly-clerk", office=office)
    make_user(role=Role.LEADER, username="monthly-leader", office=office)
    data = MonthlyData(office, clerk, jinshan, donghuan)
    employer = make_contractor(name=FORMULA_NAME, office=office)
    no_uscc = make_contractor(name="徐州无码建筑劳务有限公司", office=office)
    no_uscc.uscc = None
    government = make_project(name="安置房", office=office, township=jinshan,
                              funding_type="government", site_liaison_name="张主任")
    private = make_project(name="商业广场", office=office, township=donghuan, funding_type="private")
    soe = make_project(name="污水厂", office=office, township=donghuan, funding_type="soe",
                       site_liaison_name="李科长")
    make_project(name="已完工项目", office=office, township=donghuan, funding_type="soe",
                 end_on=date(2026, 6, 30))  # ended before October: not active in the period
    w = [_worker(office, n) for n in range(1, 9)]
    bad = _worker(office, 90, id_number=INVALID_ID)
    warned = _worker(office, 91, id_number=valid_id_number(region="999999", seq="091"),
                     warning="地区码不在行政区划表中")

    a = _case(data, "a", township=jinshan, sector="construction", received_on=date(2026, 10, 5),
              employer=employer, project=government, status=CaseStatus.RESOLVED,
              accepted_on=date(2026, 10, 6), closed_on=date(2026, 10, 20),
              workers=(("5000", "6000", w[0]), ("5000", None, w[1])))
    _recovery(a, date(2026, 10, 15), "3000.00", Payer.EMPLOYER)
    _recovery(a, date(2026, 10, 18), "2000.00", Payer.GENERAL_CONTRACTOR)
    a.payment_orders.append(PaymentOrder(
        document_number="限字1号", issued_on=date(2026, 10, 10), amount_yuan=Decimal("8000.00"),
        pay_within_working_days=5, pay_by_on=date(2026, 10, 17),
        service_method=ServiceMethod.IN_PERSON, served_on=date(2026, 10, 10),
        extra_compensation_rate=Decimal("0.50"), extra_compensation_yuan=Decimal("4000.00"),
        extra_compensation_ordered_on=date(2026, 10, 25)))
    _case(data, "b", township=jinshan, sector="non_construction", received_on=date(2026, 10, 12),
          employer=no_uscc, status=CaseStatus.NOT_ACCEPTED, closed_on=date(2026, 10, 14),
          workers=(("3000", None, bad),))
    c = _case(data, "c", township=donghuan, sector="construction", received_on=date(2026, 10, 20),
              employer=employer, project=private, accepted_on=date(2026, 10, 21),
              next_due_on=date(2026, 10, 25),
              workers=(("4000", None, w[2]), ("4000", None, w[3]), ("4000", None, warned)))
    _recovery(c, date(2026, 10, 28), "1000.00", Payer.OWNER)
    _recovery(c, date(2026, 11, 2), "500.00", Payer.EMERGENCY_FUND)  # November
    d = _case(data, "d", township=donghuan, sector="construction", received_on=date(2026, 9, 20),
              employer=employer, project=soe, status=CaseStatus.RESOLVED,
              accepted_on=date(2026, 9, 21), closed_on=date(2026, 10, 8),
              workers=(("9000", None, w[4]),))
    _recovery(d, date(2026, 10, 3), "9000.00", Payer.EMERGENCY_FUND)
    _case(data, "e", township=jinshan, sector="non_construction", received_on=date(2026, 11, 3),
          employer=no_uscc, workers=(("7777", None, w[5]),))  # November: never in October
    db.session.flush()
    _referral(data, c, "2026-10-22 10:00", "2026-10-24 15:00", PoliceDecision.FILED)
    _referral(data, d, "2026-10-31 23:30", "2026-11-01 09:00", PoliceDecision.DECLINED)
    _referral(data, a, "2026-11-01 00:30")  # Beijing November 1: not October
    db.session.add(SupervisedListing(
        office_id=office.id, case_id=d.id, authority="区政府", official="王局长", grounds="逃匿",
        listed_on=date(2026, 9, 25), deadline_on=date(2026, 10, 10), created_by_id=clerk.id))
    db.session.add(SupervisedListing(
        office_id=office.id, case_id=c.id, authority="区政府", official="王局长", grounds="群体",
        listed_on=date(2026, 10, 22), deadline_on=date(2026, 12, 31), created_by_id=clerk.id))
    db.session.commit()
    make_listing(contractor=employer, decided_on=date(2026, 10, 9), number="列字〔2026〕9号")
    early = make_listing(contractor=make_contractor(name="@SUM(A1)", office=office),
                         decided_on=date(2024, 5, 6), number="列字〔2024〕3号",
                         removed_on=date(2026, 10, 12))
    early.removal_reason = RemovalReason.EARLY_REMOVAL
    expired = make_listing(contractor=make_contractor(name="-2+3", office=office),
                           decided_on=date(2023, 10, 1), number="列字〔2023〕1号",
                           removed_on=date(2026, 10, 5))
    expired.removal_reason = RemovalReason.EXPIRED
    db.session.commit()
    return data
