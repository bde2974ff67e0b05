"""Makers of a whole registry (cases with workers, employers, projects, mixed statuses) written
straight to the database, fast enough for 1,000-case round trips."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseNumberCounter, CaseStatus, CaseWorker, Channel, Contractor, ContractorKind,
    FundingType, NotAcceptedReason, Office, Project, ReferralTarget, Sector, Township, User,
    Worker,
)
from wagewatch.reports.registry import write_registry
from wagewatch.rules.names import normalise_name

from tests.factories import valid_uscc
from tests.web.cases.factories import valid_id_number

INJECTIONS = ('=HYPERLINK("http://x","点我")', "+1+1", "@SUM(A1)", "-2+3")
STATUSES = (CaseStatus.REGISTERED, CaseStatus.INVESTIGATING, CaseStatus.RESOLVED,
            CaseStatus.NOT_ACCEPTED, CaseStatus.REFERRED, CaseStatus.WITHDRAWN)


def person_id(index: int) -> str:
    """A distinct valid ID number per index (born 1960-2001)."""
    born = (date(1960, 1, 1) + timedelta(days=index % 15_000)).strftime("%Y%m%d")
    return valid_id_number(born=born, seq=f"{100 + index // 15_000:03d}")


def make_registry(count: int, *, clerk: User, office: Office | None = None) -> list[Case]:
    """``count`` cases of the clerk's office: 20 employers (four named like formulas, one an
    individual), 5 projects, 1-3 workers per case, every importable status."""
    office = office or clerk.office
    townships = db.session.scalars(db.select(Township).where(Township.office_id == office.id)
                                   .order_by(Township.id)).all()
    employers = [Contractor(office_id=office.id, kind=ContractorKind.COMPANY, name=name,
                            normalised_name=normalise_name(name), uscc=valid_uscc())
                 for name in (*INJECTIONS, *(f"徐州第{i}建设工程有限公司" for i in range(15)))]
    employers.append(Contractor(office_id=office.id, kind=ContractorKind.INDIVIDUAL, name="李大勇",
                                normalised_name="李大勇", id_number=person_id(14_999)))
    projects = [Project(office_id=office.id, name=f"金山桥安置房{i}期工程", township=townships[0],
                        sector=Sector.CONSTRUCTION, funding_type=FundingType.GOVERNMENT)
                for i in range(5)]
    db.session.add_all([*employers, *projects])
    cases = []
    for i in range(count):
        status = STATUSES[i % len(STATUSES)]
        received = date(2026, 1, 1) + timedelta(days=i % 300)
        accepted = received + timedelta(days=2) if status not in (
            CaseStatus.REGISTERED, CaseStatus.NOT_ACCEPTED) else None
        closed = received + timedelta(days=20) if status not in (
            CaseStatus.REGISTERED, CaseStatus.INVESTIGATING) else None
        project = projects[i % 5] if i % 3 == 0 else None
        case = Case(
            office_id=office.id, number=office.case_number_format.format(year=2026, seq=i + 1),
            number_year=2026, number_seq=i + 1, received_on=received,
            channel=list(Channel)[i % len(Channel)], township=townships[i % len(townships)],
            project=project, employer=employers[i % len(employers)],
            sector=Sector.CONSTRUCTION if project or i % 2 else Sector.NON_CONSTRUCTION,
            summary=f"拖欠工资{i}", status=status, acceptance_due_on=received, accepted_on=accepted,
            closed_on=closed, handler=clerk, group_incident=i % 7 == 0,
            ability_to_pay=i % 5 == 0,
            not_accepted_reason=NotAcceptedReason.OUTSIDE_JURISDICTION
            if status is CaseStatus.NOT_ACCEPTED else None,
            not_accepted_notice_on=closed if status is CaseStatus.NOT_ACCEPTED else None,
            referral_target=ReferralTarget.OTHER_DEPARTMENT if status is CaseStatus.REFERRED else None,
            referral_department="市住建局" if status is CaseStatus.REFERRED else None)
        for j in range(1 + i % 3):
            index = i * 3 + j
            name = INJECTIONS[(i // 10) % 4] if i % 10 == 0 and j == 0 else f"工人{index}"
            worker = Worker(office_id=office.id, name=name, id_number=person_id(index),
                            phone=f"138{index:08d}")
            case.workers.append(CaseWorker(
                worker=worker, work_from=date(2025, 3, 1), work_to=date(2025, 9, 30),
                months_owed=Decimal("3.5"), claimed_yuan=Decimal(f"{1000 + i}.{i % 100:02d}"),
                confirmed_yuan=Decimal("900.00") if j == 1 else None, representative=j == 0))
        db.session.add(case)
        cases.append(case)
    db.session.add(CaseNumberCounter(office_id=office.id, year=2026, last_seq=count))
    db.session.commit()
    return cases


def exported(office_id: int, *, unmask: bool = True) -> bytes:
    """The office's registry export (the writer empties the session: reload records after)."""
    buffer = io.BytesIO()
    write_registry(office_id, buffer, unmask=unmask)
    return buffer.getvalue()


def reloaded(*usernames: str) -> list[User]:
    return [db.session.scalar(db.select(User).where(User.username == name)) for name in usernames]
