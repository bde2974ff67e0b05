"""A case ready for its instruments: an employer with its USCC, legal representative, address
and phone, three workers with confirmed amounts, accepted on 22 September 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.models import Case, IssuedDocument
from wagewatch.services.cases import case_steps, registration

from tests.factories import make_contractor
from tests.web.cases.factories import register

AMOUNTS = (Decimal("12000.00"), Decimal("7500.50"), Decimal("20000.00"))  # 39,500.50 in all


def employer(office=None):
    """The employer the instruments are addressed to, with every field the H block prints."""
    contractor = make_contractor(name="徐州恒达建筑劳务有限公司", office=office,
                                 phone="13852001234", persons=({"name": "张建军"},))
    contractor.address = "徐州经济技术开发区金山路18号"
    db.session.commit()
    return contractor


def accepted_case(clerk=None, office=None) -> Case:
    case = register(clerk=clerk, received_on=date(2026, 9, 21), workers=3,
                    employer=employer(office))
    case_steps.accept(case, date(2026, 9, 22), case.handler)
    for cw, amount in zip(case.workers, AMOUNTS, strict=True):
        registration.confirm_worker_amount(cw, amount, Decimal("3"), case.handler)
    return case


def documents_of(case: Case, kind: str) -> list[IssuedDocument]:
    return list(db.session.scalars(db.select(IssuedDocument).where(
        IssuedDocument.case_id == case.id, IssuedDocument.kind == kind)
        .order_by(IssuedDocument.id)))
