"""Evidence attachments: checked, stored byte for byte, linked to the record they prove,
downloaded and withdrawn under audit; the queries the case page and the hand-over pack use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypedDict, Unpack

from flask import current_app
from sqlalchemy import Select

from wagewatch.extensions import db
from wagewatch.files import storage
from wagewatch.files.sniffing import FileRefused, Limits, check_name, sniff
from wagewatch.files.thumbnails import make_thumbnail
from wagewatch.files.uploads import SpooledUpload
from wagewatch.models import (
    Attachment, AttachmentKind, BlacklistProceeding, Case, PaymentOrder, PoliceReferral,
    ServiceMethod, User, utcnow,
)
from wagewatch.services import ServiceError, audit
from wagewatch.services.bound_values import CASE

#: Where a case's attachment may point, by the prefix of the form's choice ("order:12").
CASE_LINKS = {"worker": "case_worker_id", "order": "payment_order_id", "recovery": "recovery_id",
              "referral_item": "referral_document_id"}
PROCEEDING_LINKS = {"notice": "listing_notice_id", "decision": "listing_id"}
MESSAGE_SERVICE_EVIDENCE = ("张贴送达须有送达照片/视频（或送达回证扫描件）作为证据：请先在案件页"
                            "上传“送达照片/视频”类材料，再在此选择。")


def limits() -> Limits:
    """The configured per-type limits (bytes) and the image pixel limit."""
    config = current_app.config
    return Limits(document_bytes=config["ATTACHMENT_MAX_DOCUMENT_BYTES"],
                  image_bytes=config["ATTACHMENT_MAX_IMAGE_BYTES"],
                  video_bytes=config["ATTACHMENT_MAX_VIDEO_BYTES"],
                  image_pixels=config["ATTACHMENT_MAX_IMAGE_PIXELS"])


@dataclass(frozen=True)
class AttachmentInput:
    """What the clerk says of a file: its kind, the record it belongs to ("order:12"), a note."""

    kind: AttachmentKind
    link: str | None = None
    note: str | None = None


def case_link_choices(case: Case, referrals: Sequence[PoliceReferral] | None = None
                      ) -> list[tuple[str, str]]:
    """The records of a case an attachment may belong to, as (choice value, label);
    ``referrals``: the case's police referrals when the caller has read them."""
    pairs = [(f"worker:{cw.id}", f"工人：{cw.worker.name}") for cw in case.workers]
    pairs += [(f"order:{o.id}", f"责令支付文书：{o.document_number}") for o in case.payment_orders]
    pairs += [(f"recovery:{r.id}", f"清欠：{r.paid_on.isoformat()} {r.amount_yuan:,.2f}元")
              for r in case.recoveries]
    if referrals is None:
        referrals = db.session.scalars(db.select(PoliceReferral).where(
            PoliceReferral.case_id == case.id).order_by(PoliceReferral.id)).all()
    pairs += [(f"referral_item:{d.id}", f"移送材料：{d.kind.label}")
              for r in referrals for d in r.documents]
    return pairs


def proceeding_link_choices(proceeding: BlacklistProceeding) -> list[tuple[str, str]]:
    """The steps of a blacklist proceeding whose service an attachment may prove."""
    pairs = []
    if proceeding.notice is not None:
        pairs.append((f"notice:{proceeding.notice.id}",
                      f"告知书送达：{proceeding.notice.document_number}"))
    pairs += [(f"decision:{listing.id}", f"列入决定书送达：{listing.document_number}")
              for listing in proceeding.listings]
    return pairs


def attach_to_case(case: Case, upload: SpooledUpload | None, original_name: str | None,
                   data: AttachmentInput, actor: User) -> tuple[Attachment, bool]:
    """Check and keep an uploaded file as evidence of a case; returns (attachment, created).
    The same bytes already attached to the case (not withdrawn) are not stored twice."""
    link_field, link_id = _link(data.link, case_link_choices(case), CASE_LINKS)
    return _attach(upload, original_name, data, actor, office_id=case.office_id, case_id=case.id,
                   link_field=link_field, link_id=link_id, subject=f"案件 {case.number}")


def attach_to_proceeding(proceeding: BlacklistProceeding, upload: SpooledUpload | None,
                         original_name: str | None, data: AttachmentInput,
                         actor: User) -> tuple[Attachment, bool]:
    """Keep proof of service of a blacklist notice or decision (S-45 arts. 7-8)."""
    link_field, link_id = _link(data.link, proceeding_link_choices(proceeding), PROCEEDING_LINKS)
    return _attach(upload, original_name, data, actor, office_id=proceeding.office_id,
                   proceeding_id=proceeding.id, link_field=link_field, link_id=link_id,
                   subject=f"失信名单程序 {proceeding.id}")


def _link(choice: str | None, allowed: list[tuple[str, str]],
          fields: dict[str, str]) -> tuple[str | None, int | None]:
    if not choice:
        return None, None
    if choice not in {value for value, _ in allowed}:
        raise ServiceError("请选择本案的记录。", field="link")
    prefix, _, number = choice.partition(":")
    return fields[prefix], int(number)


class Owner(TypedDict):
    """What an attachment belongs to: its office and its case or blacklist proceeding."""

    office_id: int
    case_id: int | None
    proceeding_id: int | None


def _attach(upload: SpooledUpload | None, original_name: str | None, data: AttachmentInput,
            actor: User, *, office_id: int, link_field: str | None, link_id: int | None,
            subject: str, case_id: int | None = None,
            proceeding_id: int | None = None) -> tuple[Attachment, bool]:
    if upload is None:
        raise ServiceError("请选择要上传的文件。", field="file")
    owner: Owner = {"office_id": office_id, "case_id": case_id, "proceeding_id": proceeding_id}
    checked = _checked(upload, original_name, actor, subject=subject, field="file", **owner)
    attachment, created = _keep(upload, checked, data, actor, link_field=link_field,
                                link_id=link_id, subject=subject, **owner)
    db.session.commit()
    if created and checked[1].content_type.is_image:
        ensure_thumbnail(attachment)
    return attachment, created


def _checked(upload: SpooledUpload, original_name: str | None, actor: User, *, subject: str,
             field: str, office_id: int, case_id: int | None,
             proceeding_id: int | None) -> tuple:
    """(name, sniffed type) of an upload, or ServiceError on ``field`` (the refusal audited)."""
    try:
        name = check_name(original_name)
        upload.flush()
        return name, sniff(upload.file, upload.size, limits())
    except FileRefused as error:
        audit.record_alone("attachment.refused", object_type="case" if case_id else
                           "blacklist_proceeding", object_id=case_id or proceeding_id,
                           success=False, actor=actor, detail=f"{subject}：{error.message}")
        raise ServiceError(error.message, field=field) from error


def _keep(upload: SpooledUpload, checked: tuple, data: AttachmentInput, actor: User, *,
          office_id: int, case_id: int | None, proceeding_id: int | None,
          link_field: str | None, link_id: int | None, subject: str) -> tuple[Attachment, bool]:
    """Store a checked upload and add its row (flushed, audited; the caller commits). The same
    bytes already kept for the owner (not withdrawn) are returned instead of stored twice."""
    name, sniffed = checked
    sha256 = upload.sha256
    existing = db.session.scalar(db.select(Attachment).where(
        Attachment.office_id == office_id, Attachment.case_id == case_id,
        Attachment.proceeding_id == proceeding_id, Attachment.sha256 == sha256,
        Attachment.withdrawn_at.is_(None)))
    if existing is not None:
        return existing, False
    storage.store(Path(upload.name), sha256)
    attachment = Attachment(
        office_id=office_id, case_id=case_id, proceeding_id=proceeding_id, kind=data.kind,
        content_type=sniffed.content_type, sha256=sha256, size_bytes=upload.size,
        page_count=sniffed.page_count, width=sniffed.width, height=sniffed.height,
        original_name=name, note=data.note or None, uploaded_by_id=actor.id)
    if link_field:
        setattr(attachment, link_field, link_id)
    db.session.add(attachment)
    db.session.flush()
    audit.record("attachment.create", object_type="attachment", object_id=attachment.id,
                 actor=actor, changes=audit.changes_between({}, {
                     "subject": subject, "kind": str(data.kind), "link": data.link,
                     "content_type": str(sniffed.content_type), "size_bytes": upload.size,
                     "sha256": sha256, "original_name": name}))
    return attachment, True


def _check_each(uploads: list[tuple[SpooledUpload, str | None]], actor: User, subject: str,
                **owner: Unpack[Owner]) -> list[tuple]:
    checked = []
    for upload, original_name in uploads:
        try:
            checked.append(_checked(upload, original_name, actor, subject=subject,
                                    field="service_attachments", **owner))
        except ServiceError as error:
            raise ServiceError(f"“{original_name or ''}”：{error.message}",
                               field="service_attachments") from error
    return checked


def check_service_uploads(case: Case, uploads: list[tuple[SpooledUpload, str | None]],
                          actor: User) -> list[tuple]:
    """Check every service photo/video uploaded with a service record before anything is kept;
    a refused file is a ServiceError on "service_attachments" naming the file."""
    return _check_each(uploads, actor, f"案件 {case.number}", office_id=case.office_id,
                       case_id=case.id, proceeding_id=None)


def check_proceeding_uploads(proceeding: BlacklistProceeding,
                             uploads: list[tuple[SpooledUpload, str | None]],
                             actor: User) -> list[tuple]:
    """check_service_uploads for the proof of service of a blacklist step (S-JI art. 4)."""
    return _check_each(uploads, actor, f"失信名单程序 {proceeding.id}",
                       office_id=proceeding.office_id, case_id=None, proceeding_id=proceeding.id)


def evidence_note(typed: str | None, files: list[Attachment]) -> str | None:
    """The typed evidence followed by the files that prove the service (name, short SHA-256)."""
    parts = [(typed or "").strip()]
    if files:
        parts.append("送达照片/视频：" + "、".join(
            f"{a.original_name}（SHA-256 {a.short_sha256}）" for a in files))
    return "；".join(part for part in parts if part) or None


def keep_proceeding_uploads(proceeding: BlacklistProceeding,
                            uploads: list[tuple[SpooledUpload, str | None]], checked: list[tuple],
                            link: str, note: str, actor: User) -> list[Attachment]:
    """Keep checked proofs of service (check_proceeding_uploads) as 送达照片/视频 of the
    proceeding, linked to its notice or decision (``link``: "notice:3", "decision:5");
    the caller commits."""
    prefix, _, number = link.partition(":")
    return [_keep(upload, result, AttachmentInput(AttachmentKind.SERVICE_PROOF, link, note), actor,
                  office_id=proceeding.office_id, case_id=None, proceeding_id=proceeding.id,
                  link_field=PROCEEDING_LINKS[prefix], link_id=int(number),
                  subject=f"失信名单程序 {proceeding.id}")[0]
            for (upload, _), result in zip(uploads, checked, strict=True)]


def keep_service_uploads(case: Case, uploads: list[tuple[SpooledUpload, str | None]],
                         checked: list[tuple], order: PaymentOrder | None, note: str,
                         actor: User) -> list[Attachment]:
    """Keep checked service photos/videos (check_service_uploads) as 送达照片/视频 of the case,
    linked to ``order`` when the served document is a payment order; the caller commits."""
    kept = []
    for (upload, _), result in zip(uploads, checked, strict=True):
        attachment, _created = _keep(
            upload, result, AttachmentInput(AttachmentKind.SERVICE_PROOF,
                                            f"order:{order.id}" if order else None, note),
            actor, office_id=case.office_id, case_id=case.id, proceeding_id=None,
            link_field="payment_order_id" if order else None,
            link_id=order.id if order else None, subject=f"案件 {case.number}")
        if order is not None and attachment.payment_order_id is None:
            link_service_proofs(order, [attachment], actor)  # the same photo uploaded earlier
        kept.append(attachment)
    return kept


def withdraw_attachment(attachment: Attachment, reason: str, actor: User) -> None:
    """Mark an attachment withdrawn with a reason; its row and file stay (evidence is never
    deleted), it no longer counts as proof and is not offered for a hand-over."""
    if attachment.withdrawn:
        raise ServiceError("该材料已撤回。", field="reason")
    if not (reason or "").strip():
        raise ServiceError("请填写撤回理由。", field="reason")
    attachment.withdrawn_at, attachment.withdrawn_by_id = utcnow(), actor.id
    attachment.withdrawal_reason = reason.strip()
    audit.record("attachment.withdraw", object_type="attachment", object_id=attachment.id,
                 actor=actor, detail=f"{attachment.kind.label}“{attachment.original_name}”"
                                     f"（SHA-256 {attachment.short_sha256}）撤回：{reason.strip()}")
    db.session.commit()


def record_download(attachment: Attachment, actor: User) -> Path:
    """Audit a download and return the stored file; a missing file is a ServiceError."""
    path = stored_path(attachment)
    if not path.is_file():
        audit.record_alone("attachment.download", object_type="attachment",
                           object_id=attachment.id, success=False, actor=actor,
                           detail="存储中找不到该文件")
        raise ServiceError("存储中找不到该文件，请联系系统管理员运行完整性检查。")
    audit.record("attachment.download", object_type="attachment", object_id=attachment.id,
                 actor=actor, detail=f"下载{attachment.kind.label}“{attachment.original_name}”"
                                     f"（SHA-256 {attachment.short_sha256}）")
    db.session.commit()
    return path


def stored_path(attachment: Attachment) -> Path:
    """Where the attachment's bytes are kept (identical for every attachment with its SHA-256)."""
    return storage.object_path(attachment.sha256)


def ensure_thumbnail(attachment: Attachment) -> Path | None:
    """The thumbnail of an image attachment, made now if missing; None for other types or when
    the image cannot be reduced safely."""
    if not attachment.content_type.is_image:
        return None
    target = storage.thumbnail_path(attachment.sha256)
    if target.is_file():
        return target
    original = stored_path(attachment)
    if not original.is_file():
        return None
    ok = make_thumbnail(original, target, current_app.config["ATTACHMENT_MAX_IMAGE_PIXELS"])
    return target if ok else None


def download_name(attachment: Attachment) -> str:
    """The original name, with the type's extension added when the name claims another type."""
    name = attachment.original_name
    if not name.lower().endswith(attachment.content_type.extensions):
        name += attachment.content_type.extensions[0]
    return name


# Queries ---------------------------------------------------------------------------------------


def _ordered(query: Select, include_withdrawn: bool) -> Select:
    """``query`` of attachments oldest first, the withdrawn ones left out unless asked for."""
    query = query if include_withdrawn else query.where(Attachment.withdrawn_at.is_(None))
    return query.order_by(Attachment.uploaded_at, Attachment.id)


def _active(query: Select, include_withdrawn: bool):
    return db.session.scalars(_ordered(query, include_withdrawn)).all()


def attachments_of_case(case_id: int, *, include_withdrawn: bool = True) -> list[Attachment]:
    """Every attachment of a case, oldest first (withdrawn ones included unless asked not to)."""
    return list(db.session.scalars(_of_case(include_withdrawn), {"case_id": case_id}))


@cache
def _of_case(include_withdrawn: bool) -> Select:
    """attachments_of_case's statement, built once (the case bound as CASE): read on every case
    page."""
    return _ordered(db.select(Attachment).where(Attachment.case_id == CASE), include_withdrawn)


def attachments_of_referral_item(referral_document_id: int, *,
                                 include_withdrawn: bool = False) -> list[Attachment]:
    """The files behind one item of a police referral's file checklist (S-310 art. 6)."""
    return _active(db.select(Attachment).where(
        Attachment.referral_document_id == referral_document_id), include_withdrawn)


def attachments_of_referral(referral: PoliceReferral, *,
                            include_withdrawn: bool = False) -> dict[int, list[Attachment]]:
    """The files behind each checklist item of a referral, by ReferralDocument id."""
    ids = [document.id for document in referral.documents]
    found: dict[int, list[Attachment]] = {document_id: [] for document_id in ids}
    if ids:
        for attachment in _active(db.select(Attachment).where(
                Attachment.referral_document_id.in_(ids)), include_withdrawn):
            found[attachment.referral_document_id].append(attachment)
    return found


def attachments_of_payment_order(order_id: int, *, kind: AttachmentKind | None = None,
                                 include_withdrawn: bool = False) -> list[Attachment]:
    """The files linked to a payment order (proof of its service, among others)."""
    query = db.select(Attachment).where(Attachment.payment_order_id == order_id)
    if kind is not None:
        query = query.where(Attachment.kind == kind)
    return _active(query, include_withdrawn)


def attachments_of_proceeding(proceeding_id: int, *,
                              include_withdrawn: bool = True) -> list[Attachment]:
    """The files of a blacklist proceeding (proof of service of its notice and decisions)."""
    return _active(db.select(Attachment).where(Attachment.proceeding_id == proceeding_id),
                   include_withdrawn)


def unlinked_service_proofs(case: Case) -> list[Attachment]:
    """The case's service photos and videos not yet tied to a payment order."""
    return _active(db.select(Attachment).where(
        Attachment.case_id == case.id, Attachment.kind == AttachmentKind.SERVICE_PROOF,
        Attachment.payment_order_id.is_(None)), include_withdrawn=False)


def chosen_service_proofs(case: Case, attachment_ids: tuple[int, ...] | list[int]) -> list[Attachment]:
    """The chosen attachments, each an unlinked, not withdrawn service photo/video of the case."""
    wanted = set(attachment_ids)
    chosen = [a for a in unlinked_service_proofs(case) if a.id in wanted]
    if len(chosen) != len(wanted):
        raise ServiceError("请选择本案尚未关联文书的送达照片/视频。", field="service_attachments")
    return chosen


def link_service_proofs(order: PaymentOrder, chosen: list[Attachment], actor: User) -> None:
    """Tie service photos/videos (from chosen_service_proofs) to the order, in the caller's
    transaction (the caller commits); each link is audited."""
    for attachment in chosen:
        attachment.payment_order_id = order.id
        audit.record("attachment.link", object_type="attachment", object_id=attachment.id,
                     actor=actor, detail=f"{attachment.original_name} 作为"
                                         f"{order.document_number}的送达证据")
    db.session.flush()


def require_service_evidence(order: PaymentOrder) -> None:
    """Service by posting counts only with photo or video evidence (S-JI art. 4): the order needs
    a linked, not withdrawn attachment of kind 送达照片/视频 (a photo, a video, or a scan of the
    送达回证). Raises ServiceError(field="service_attachments") otherwise."""
    if order.service_method is not ServiceMethod.POSTED:
        return
    if not attachments_of_payment_order(order.id, kind=AttachmentKind.SERVICE_PROOF):
        raise ServiceError(MESSAGE_SERVICE_EVIDENCE, field="service_attachments")


# Integrity ---------------------------------------------------------------------------------------


@dataclass
class IntegrityReport:
    """The result of re-hashing every stored file: how many were fine, which were not."""

    checked: int = 0
    missing: dict[str, list[int]] = field(default_factory=dict)
    altered: dict[str, list[int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered


def verify_store() -> IntegrityReport:
    """Re-hash every file the attachments refer to (all offices); report missing and altered
    ones with the attachment ids that use them."""
    report = IntegrityReport()
    users: dict[str, list[int]] = {}
    for attachment_id, sha256 in db.session.execute(
            db.select(Attachment.id, Attachment.sha256).order_by(Attachment.id)):
        users.setdefault(sha256, []).append(attachment_id)
    for sha256, ids in users.items():
        path = storage.object_path(sha256)
        report.checked += 1
        if not path.is_file():
            report.missing[sha256] = ids
        elif storage.file_sha256(path) != sha256:
            report.altered[sha256] = ids
    return report

