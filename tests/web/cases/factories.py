"""Makers of case-registry data for the case tests (valid USCCs and ID numbers)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from stdnum.cn import ric

from wagewatch.extensions import db
from wagewatch.models import Channel, Contractor, Role, Sector, Township, User
from wagewatch.services.cases import registration

from tests.factories import default_office, make_contractor, make_user


def valid_id_number(region: str = "320303", born: str = "19850312", seq: str = "123") -> str:
    body = region + born + seq
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def make_employer(*, name: str = "徐州恒达建设工程有限公司", office=None) -> Contractor:
    """The complaints' employer: one company per office, created on first use."""
    office = office or default_office()
    existing = db.session.scalar(db.select(Contractor).where(
        Contractor.office_id == office.id, Contractor.name == name))
    return existing or make_contractor(name=name, office=office)


def worker_rows(count: int, *, claimed: str = "8000.00", months: str = "3") -> list[registration.WorkerInput]:
    names = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞", "徐明", "孙丽"]
    return [registration.WorkerInput(
        name=names[i % len(names)] + ("" if i < len(names) else str(i)),
        id_number=valid_id_number(seq=f"{100 + i:03d}"), phone=f"1381234{5000 + i:04d}",
        work_from=date(2026, 3, 1), work_to=date(2026, 9, 30), months_owed=Decimal(months),
        claimed_yuan=Decimal(claimed), representative=(i == 0))
        for i in range(count)]


def register(*, clerk: User | None = None, received_on: date = date(2026, 11, 2), workers: int = 3,
             employer: Contractor | None = None, **facts: bool):
    """Register a complaint through the service, as the clerk would with the form."""
    clerk = clerk or db.session.scalar(db.select(User).where(User.role == Role.CLERK)) \
        or make_user(role=Role.CLERK, username="clerk-cases")
    employer = employer or make_employer()
    township = db.session.scalar(db.select(Township).where(Township.office_id == clerk.office_id))
    return registration.register_case(clerk, registration.CaseInput(
        received_on=received_on, channel=Channel.WINDOW, township_id=township.id,
        employer_id=employer.id, project_id=None, sector=Sector.CONSTRUCTION,
        summary="拖欠2026年3月至9月工资", facts=facts), worker_rows(workers))
