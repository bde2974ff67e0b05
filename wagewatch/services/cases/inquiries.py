"""The inquiry notice (询问通知书): summon the employer to appear with its records (S-423 art. 15)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from wagewatch.extensions import db
from wagewatch.instruments.context import cn_datetime
from wagewatch.models import Case, IssuedDocument, User
from wagewatch.services import ServiceError
from wagewatch.services.documents import issuing


@dataclass(frozen=True)
class InquiryInput:
    """When and where to appear, who comes, and the records to bring."""

    issued_on: date
    matter: str
    attendee: str
    appear_on: date
    appear_time: time
    place: str
    materials: list[str]


def issue_inquiry_notice(case: Case, data: InquiryInput, actor: User) -> IssuedDocument:
    """Generate the numbered 询问通知书 for the employer; it is then served like any instrument
    (not appearing after verifiable notice counts as absconding, S-100). One commit."""
    if not case.status.is_open or case.accepted_on is None:
        raise ServiceError("只有已立案、尚未结案的案件可以通知询问。", field="issued_on")
    if data.issued_on < case.accepted_on:
        raise ServiceError("文书日期不能早于立案日期。", field="issued_on")
    if data.appear_on < data.issued_on:
        raise ServiceError("到场日期不能早于文书日期。", field="appear_on")
    if not data.materials:
        raise ServiceError("请至少填写一项材料。", field="materials")
    subject = {"matter": data.matter, "attendee": data.attendee,
               "appear_at": cn_datetime(data.appear_on, data.appear_time), "place": data.place,
               "materials": data.materials}
    document = issuing.issue(case, "inquiry_notice", actor, issued_on=data.issued_on,
                               subject=subject)
    db.session.commit()
    return document
