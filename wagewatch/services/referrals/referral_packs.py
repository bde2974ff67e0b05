"""The police hand-over pack (移送材料包, S-310 art. 6): assembled and frozen at the hand-over,
each file listed with pages and SHA-256 in the 移送材料清单; downloaded by the police as a .zip
with a manifest, re-hashed on the way out, audited."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from wagewatch.extensions import db
from wagewatch.instruments.context import estimated_pages
from wagewatch.models import (
    Attachment, IssuedDocument, PoliceReferral, ReferralDocumentKind, ReferralPack,
    ReferralPackItem, User,
)
from wagewatch.rules.referral_steps import local
from wagewatch.services import ServiceError, audit
from wagewatch.services.documents import issuing
from wagewatch.services.documents.attachments import download_name, stored_path
from wagewatch.services.referrals.referral_files import ReferralFiles, referral_files
from wagewatch.temp_files import temp_folder

#: The order of the checklist items in the pack (S-310 art. 6 (1)-(5), then the order, S-100).
ITEM_ORDER = (ReferralDocumentKind.REFERRAL_LETTER, ReferralDocumentKind.INVESTIGATION_REPORT,
              ReferralDocumentKind.ITEM_LIST, ReferralDocumentKind.INSPECTION_REPORTS,
              ReferralDocumentKind.OTHER_EVIDENCE, ReferralDocumentKind.PAYMENT_ORDER)
MATERIALS_LIST = "materials_list"
UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Source:
    """One file going into the pack, before it is numbered."""

    item_kind: str
    name: str
    file_name: str
    sha256: str
    size_bytes: int
    pages: int | None
    document: IssuedDocument | None = None
    attachment: Attachment | None = None


def attachment_pages(attachment: Attachment) -> int | None:
    """Pages of an evidence file: as counted at upload (PDF), one for an image, none known for
    a video or an office file whose pages are not counted."""
    if attachment.page_count:
        return attachment.page_count
    return 1 if attachment.content_type.is_image else None


def _of_document(item_kind: str, document: IssuedDocument, name: str | None = None) -> Source:
    title = document.data.get("title", document.kind)
    return Source(item_kind, name or f"{title}（{document.number or document.case.number}）",
                  issuing.file_name(document), document.sha256, document.size,
                  estimated_pages(document.content), document=document)


def _of_attachment(item_kind: str, attachment: Attachment) -> Source:
    return Source(item_kind, f"{attachment.kind.label}：{attachment.original_name}",
                  download_name(attachment), attachment.sha256, attachment.size_bytes,
                  attachment_pages(attachment), attachment=attachment)


def _sources(files: ReferralFiles, letter: IssuedDocument,
             report: IssuedDocument) -> list[Source]:
    """Every file of the checklist in the pack's order: the generated letter and report, the
    evidence linked to each item, then each served order with its 送达回证 and service proof."""
    sources = []
    for kind in ITEM_ORDER:
        if kind is ReferralDocumentKind.REFERRAL_LETTER:
            sources.append(_of_document(kind.value, letter))
        if kind is ReferralDocumentKind.INVESTIGATION_REPORT:
            sources.append(_of_document(kind.value, report))
        if kind is ReferralDocumentKind.PAYMENT_ORDER:
            for served in files.orders:
                sources += [_of_document(kind.value, d) for d in served.documents]
                sources += [_of_document(kind.value, r, f"送达回证（{served.order.document_number}）")
                            for r in served.receipts]
                sources += [_of_attachment(kind.value, a) for a in served.proofs]
        sources += [_of_attachment(kind.value, a) for a in files.items.get(kind, [])]
    seen: set[tuple[str, str]] = set()
    unique = []
    for source in sources:  # one file linked twice (to an order and to an item) goes in once
        key = (source.sha256, source.name)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def manifest_items(pack: ReferralPack) -> list[dict[str, Any]]:
    """The pack's items as the manifest lists them, in order."""
    return [{"no": item.position, "kind": item.item_kind, "name": item.name,
             "file": item.file_name, "sha256": item.sha256, "size": item.size_bytes,
             "pages": item.pages} for item in pack.items]


def pack_hash(items: list[dict[str, Any]]) -> str:
    """SHA-256 of the manifest's items: UTF-8 JSON, keys sorted, no spaces."""
    canonical = json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _zip_name(position: int, file_name: str) -> str:
    return f"{position:02d}-{UNSAFE.sub('_', file_name)}"


def assemble(referral: PoliceReferral, actor: User, issued_on: date) -> ReferralPack:
    """Issue the 移送书 (its 文号 becomes the referral's letter number) and the 调查报告, gather
    the checklist's files, issue the 移送材料清单 listing each with pages and SHA-256, and freeze
    the pack, inside the hand-over's transaction (S-310 art. 6; no commit here)."""
    case = referral.case
    letter = issuing.issue(case, "referral_letter", actor, subject=referral, issued_on=issued_on)
    report = issuing.issue(case, "investigation_report", actor, subject=referral,
                             issued_on=issued_on)
    sources = _sources(referral_files(referral), letter, report)
    materials = [{"name": s.name, "pages": s.pages, "sha256": s.sha256} for s in sources]
    listing = issuing.issue(case, "materials_list", actor, issued_on=issued_on,
                              subject={"referral": referral, "materials": materials})
    sources.append(_of_document(MATERIALS_LIST, listing))
    pack = ReferralPack(referral_id=referral.id, sha256="", item_count=len(sources),
                        total_bytes=sum(s.size_bytes for s in sources), created_by_id=actor.id)
    for position, s in enumerate(sources, start=1):
        pack.items.append(ReferralPackItem(
            position=position, item_kind=s.item_kind, name=s.name[:255],
            file_name=_zip_name(position, s.file_name)[:255],
            document_id=s.document.id if s.document else None,
            attachment_id=s.attachment.id if s.attachment else None,
            sha256=s.sha256, size_bytes=s.size_bytes, pages=s.pages))
    pack.sha256 = pack_hash(manifest_items(pack))
    referral.letter_number = letter.number
    db.session.add(pack)
    db.session.flush()
    audit.record("referral_pack.create", object_type="referral_pack", object_id=pack.id,
                 actor=actor, changes=audit.changes_between({}, {
                     "case": case.number, "letter_number": letter.number,
                     "items": pack.item_count, "total_bytes": pack.total_bytes,
                     "sha256": pack.sha256}))
    return pack


def manifest(pack: ReferralPack) -> dict[str, Any]:
    """The manifest.json of the pack: the referral, each item and the pack's SHA-256."""
    referral = pack.referral
    assert referral.handed_over_at is not None  # a pack is made when the materials are handed over
    return {"case_number": referral.case.number, "letter_number": referral.letter_number,
            "police_unit": referral.police_unit,
            "handed_over_at": local(referral.handed_over_at).isoformat(timespec="minutes"),
            "pack_sha256": pack.sha256,
            "pack_sha256_of": "items: UTF-8 JSON, keys sorted, separators (',', ':')",
            "items": manifest_items(pack)}


def _copy_checked(item: ReferralPackItem, archive: zipfile.ZipFile) -> None:
    """Copy one item's stored bytes into the archive, hashing them on the way: a file that is
    missing or differs from what was handed over stops the download."""
    digest = hashlib.sha256()
    with archive.open(item.file_name, "w", force_zip64=True) as target:
        if item.document is not None:
            digest.update(item.document.content)
            target.write(item.document.content)
        else:
            assert item.attachment is not None  # an item is a document or an attachment
            path = stored_path(item.attachment)
            if not path.is_file():
                raise ServiceError(f"存储中找不到“{item.name}”，请联系系统管理员运行完整性检查。")
            with path.open("rb") as source:
                while chunk := source.read(1024 * 1024):
                    digest.update(chunk)
                    target.write(chunk)
    if digest.hexdigest() != item.sha256:
        raise ServiceError(f"“{item.name}”与移送时的SHA-256不一致，请联系系统管理员运行完整性检查。")


def write_zip(pack: ReferralPack, target: IO[bytes]) -> None:
    """Write the pack as a .zip (files stored as they are, manifest.json last) to ``target``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for item in pack.items:
            _copy_checked(item, archive)
        archive.writestr("manifest.json", json.dumps(manifest(pack), ensure_ascii=False, indent=2),
                         compress_type=zipfile.ZIP_DEFLATED)


def download(pack: ReferralPack, actor: User) -> IO[bytes]:
    """The pack as a .zip in an unnamed scratch file (removed when closed), the download audited
    and committed; a file that fails its hash is audited as a failed download (ServiceError)."""
    handle = tempfile.TemporaryFile(dir=temp_folder())  # noqa: SIM115 - the caller sends and closes it
    try:
        write_zip(pack, handle)
    except ServiceError as error:
        handle.close()
        audit.record_alone("referral_pack.download", object_type="referral_pack",
                           object_id=pack.id, success=False, actor=actor, detail=error.message)
        raise
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    audit.record("referral_pack.download", object_type="referral_pack", object_id=pack.id,
                 actor=actor, detail=f"下载移送材料包（{pack.item_count}份，"
                                     f"SHA-256 {pack.sha256[:12]}）")
    db.session.commit()
    return handle


def zip_name(pack: ReferralPack) -> tuple[str, str]:
    """(ASCII name, Chinese name) of the downloaded .zip."""
    number = pack.referral.case.number
    return (f"referral-pack-{pack.referral_id}.zip",
            f"移送材料包-{UNSAFE.sub('_', number)}.zip")

