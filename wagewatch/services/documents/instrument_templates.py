"""Office templates of instruments: upload (checked, sandboxed), preview on a real case, activate."""

from __future__ import annotations

import hashlib

from wagewatch.extensions import db
from wagewatch.instruments.engine import TemplateRefused, render
from wagewatch.instruments.kinds import KINDS, kind_of
from wagewatch.instruments.upload import check_template_upload
from wagewatch.models import Case, InstrumentTemplate, IssuedDocument, User, utcnow
from wagewatch.readers.upload_checks import UploadRefused
from wagewatch.services import ServiceError, audit


def versions(office_id: int, kind: str) -> list[InstrumentTemplate]:
    """The office's uploaded versions of ``kind``, newest first."""
    return list(db.session.scalars(db.select(InstrumentTemplate).where(
        InstrumentTemplate.office_id == office_id, InstrumentTemplate.kind == kind)
        .order_by(InstrumentTemplate.version.desc())))


def upload(office_id: int, kind: str, file_name: str, data: bytes,
           actor: User) -> InstrumentTemplate:
    """Store a checked template as the next version of the office's ``kind`` (not yet active)."""
    if kind not in KINDS:
        raise ServiceError("请选择文书种类。", field="kind")
    try:
        check_template_upload(data, file_name, kind_of(kind))
    except UploadRefused as error:
        audit.record_alone("instrument_template.refused", object_type="instrument_template",
                           success=False, detail=f"{kind_of(kind).title}：{error.message}")
        raise ServiceError(error.message, field="file") from error
    latest = db.session.scalar(db.select(db.func.max(InstrumentTemplate.version)).where(
        InstrumentTemplate.office_id == office_id, InstrumentTemplate.kind == kind)) or 0
    template = InstrumentTemplate(
        office_id=office_id, kind=kind, version=latest + 1, file_name=file_name[:200],
        content=data, sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=actor.id)
    db.session.add(template)
    db.session.flush()
    audit.record("instrument_template.upload", object_type="instrument_template",
                 object_id=template.id, actor=actor, changes=audit.changes_between({}, {
                     "kind": kind, "version": template.version, "sha256": template.sha256}))
    db.session.commit()
    return template


def preview(template: InstrumentTemplate, case_number: str, actor: User) -> bytes:
    """The template rendered with the data of the case's latest document of its kind (not
    stored); the case is recorded as previewed, which activation requires."""
    case = db.session.scalar(db.select(Case).where(
        Case.office_id == template.office_id, Case.number == case_number.strip()))
    if case is None:
        raise ServiceError("本机构没有这个案号的案件。", field="case_number")
    source = db.session.scalar(db.select(IssuedDocument).where(
        IssuedDocument.case_id == case.id, IssuedDocument.kind == template.kind)
        .order_by(IssuedDocument.id.desc()).limit(1))
    if source is None:
        raise ServiceError(f"该案件还没有制作过《{kind_of(template.kind).title}》，请换一个案件预览。",
                           field="case_number")
    try:
        data = render(template.content, source.data)
    except TemplateRefused as error:
        raise ServiceError(f"用该案件的数据生成失败：{error.message}", field="case_number") from error
    template.previewed_case_id = case.id
    audit.record("instrument_template.preview", object_type="instrument_template",
                 object_id=template.id, actor=actor, detail=f"以案件{case.number}预览")
    db.session.commit()
    return data


def activate(template: InstrumentTemplate, actor: User) -> None:
    """Make ``template`` the office's template for its kind after a preview; the previous active
    version is retired (kept, and named by the documents issued with it)."""
    if template.previewed_case_id is None:
        raise ServiceError("启用前请先用一个真实案件预览该模板。")
    if template.retired_at is not None or template.active:
        raise ServiceError("该版本已启用过，请上传新版本。")
    now = utcnow()
    for other in versions(template.office_id, template.kind):
        if other.active:
            other.retired_at = now
    template.activated_at, template.activated_by_id = now, actor.id
    audit.record("instrument_template.activate", object_type="instrument_template",
                 object_id=template.id, actor=actor,
                 detail=f"{kind_of(template.kind).title} {template.label}")
    db.session.commit()


def restore_default(office_id: int, kind: str, actor: User) -> None:
    """Go back to the shipped default template for ``kind`` (the uploaded versions are kept)."""
    now = utcnow()
    for other in versions(office_id, kind):
        if other.active:
            other.retired_at = now
    audit.record("instrument_template.restore_default", object_type="instrument_template",
                 actor=actor, detail=kind_of(kind).title)
    db.session.commit()
