"""Assemble a police hand-over pack of 50 files and download it as a .zip, in-process on SQLite
(benchmarks/output/): the time of the hand-over (three instruments issued, the pack frozen, one
commit) and of writing the .zip (every file re-hashed), and the process's peak resident set
during each (VmHWM, reset through /proc/self/clear_refs before each phase).

    .venv/bin/python benchmarks/referral_pack.py
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import time
from datetime import date, datetime
from decimal import Decimal

from common import OUTPUT, machine, peak_kib, reset_peak, save

from PIL import Image
from pypdf import PdfWriter

from wagewatch import create_app
from wagewatch.extensions import db
from wagewatch.files.uploads import SpooledUpload
from wagewatch.models import (
    AttachmentKind, Channel, Contractor, ContractorKind, ReferralDocumentKind, ReferralPack, Role,
    Sector, ServiceMethod, Township, User,
)
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.rules.names import normalise_name
from wagewatch.services import ServiceError
from wagewatch.services.accounts.authentication import hash_password
from wagewatch.services.cases import case_steps, registration, payments
from wagewatch.services.documents import attachments, issuing, service_records
from wagewatch.services.reference.setup import ensure_initial_setup
from wagewatch.services.referrals import referral_packs, handover

FOLDER = OUTPUT / "referral-pack-bench"
#: 44 evidence files + 移送书, 调查报告, 指令书, 送达回证, 移送材料清单 = 49, + one service photo = 50.
PHOTOS, PDFS, VIDEOS = 30, 12, 2


def _app():
    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{FOLDER / 'pack-bench.sqlite'}",
        "WAGEWATCH_ENV": "benchmark", "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef",
        "ATTACHMENT_FOLDER": str(FOLDER / "attachments")}, instance_path=str(FOLDER / "instance"))


def _photo() -> bytes:
    noise = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _mp4(size: int, variant: int) -> bytes:
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41"
    body = size - len(ftyp) - 8
    pattern = bytes(range(256)) * (body // 256 + 2)
    return ftyp + struct.pack(">I4s", body + 8, b"mdat") + pattern[variant:variant + body]


def _attach(case, actor, content: bytes, name: str, kind: AttachmentKind,
            link: str | None) -> None:
    spooled = SpooledUpload()
    spooled.write(content)
    try:
        attachments.attach_to_case(case, spooled, name, attachments.AttachmentInput(kind, link),
                                   actor)
    finally:
        spooled.close()


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CHINA_TZ)


def _referral_ready():
    """A case with a served order and an approved referral whose file holds 44 evidence files."""
    office, _ = ensure_initial_setup()
    clerk = User(username="bench-clerk", display_name="基准测试监察员", role=Role.CLERK,
                 office=office, password_hash=hash_password("Bench-Wagewatch-2026!"),
                 must_change_password=False)
    db.session.add(clerk)
    employer = Contractor(office_id=office.id, kind=ContractorKind.COMPANY,
                          name="徐州恒达建设工程有限公司", address="徐州经济技术开发区高新路8号",
                          normalised_name=normalise_name("徐州恒达建设工程有限公司"))
    db.session.add(employer)
    db.session.commit()
    case = registration.register_case(clerk, registration.CaseInput(
        received_on=date(2026, 9, 21), channel=Channel.WINDOW,
        township_id=db.session.scalar(db.select(Township.id)), employer_id=employer.id,
        project_id=None, sector=Sector.CONSTRUCTION, summary="拖欠工资",
        facts={"employer_absconded": True}), [registration.WorkerInput(
            name=name, id_number=number, phone=None, work_from=None, work_to=None,
            months_owed=Decimal("4"), claimed_yuan=Decimal("12000"))
            for name, number in (("张伟", "320303198503121235"), ("李强", "320303199001011237"))])
    case_steps.accept(case, date(2026, 9, 22), clerk)
    for cw in case.workers:
        registration.confirm_worker_amount(cw, Decimal("12000.00"), Decimal("4"), clerk)
    _attach(case, clerk, _pdf(1), "张贴现场照片.pdf", AttachmentKind.SERVICE_PROOF, None)
    order = payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 3), clerk)
    proof = attachments.unlinked_service_proofs(case)[0].id
    service_records.record_service(issuing.order_document(order), service_records.ServiceInput(
        recipient=employer.name, place=employer.address, method=ServiceMethod.POSTED,
        served_on=date(2026, 9, 29), served_time=None, servers="李明、周强"), clerk,
        chosen_attachment_ids=[proof])
    referral = handover.start_referral(case, clerk, reported_at=_at("2026-11-02 10:00"),
                                        report="拖欠2名工人工资共24,000元，经责令支付逾期未付，已逃匿。",
                                        justification="老板逃匿")
    handover.decide_approval(referral, clerk, approved=True, approver_name="王局长",
                              approved_at=_at("2026-11-04 09:00"), note=None,
                              expected_version=referral.version)
    item = next(d for d in referral.documents if d.kind is ReferralDocumentKind.OTHER_EVIDENCE)
    link = f"referral_item:{item.id}"
    for n in range(PHOTOS):
        for _ in range(5):  # random pixels now and then look like a hidden second format: retry
            try:
                _attach(case, clerk, _photo(), f"工资表{n + 1:02d}.jpg", AttachmentKind.PAYROLL,
                        link)
                break
            except ServiceError:
                db.session.rollback()
        else:
            raise SystemExit("five random photos in a row were refused")
    for n in range(PDFS):
        _attach(case, clerk, _pdf(4 + n), f"询问笔录{n + 1:02d}.pdf",
                AttachmentKind.INTERVIEW_RECORD, link)
    for n in range(VIDEOS):
        _attach(case, clerk, _mp4(20 * 1024 * 1024, n + 1), f"现场视频{n + 1}.mp4", AttachmentKind.OTHER,
                link)
    db.session.refresh(referral)
    handover.update_checklist(referral, clerk, notes={
        ReferralDocumentKind.ITEM_LIST: "本案无扣押的涉案物品",
        ReferralDocumentKind.INSPECTION_REPORTS: "本案无需检验鉴定"},
        expected_version=referral.version)
    return referral, clerk


def main() -> None:
    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    app = _app()
    with app.app_context():
        db.create_all()
        referral, clerk = _referral_ready()
        db.session.expire_all()
        reset_peak()
        base = peak_kib()
        started = time.perf_counter()
        handover.hand_over(referral, clerk, handed_over_at=_at("2026-11-04 16:00"),
                            police_unit="徐州经济技术开发区公安分局", note=None,
                            expected_version=referral.version)
        hand_over_s = time.perf_counter() - started
        hand_over_peak = peak_kib()
        assert referral.pack is not None        # frozen by the hand-over
        pack_id = referral.pack.id
        db.session.expire_all()
        pack = db.session.get_one(ReferralPack, pack_id)
        reset_peak()
        zip_base = peak_kib()
        started = time.perf_counter()
        handle = referral_packs.download(pack, clerk)
        zip_s = time.perf_counter() - started
        zip_peak = peak_kib()
        zip_bytes = handle.seek(0, 2)
        handle.close()
        result = {
            "machine": machine(), "files": pack.item_count, "pack_bytes": pack.total_bytes,
            "zip_bytes": zip_bytes, "hand_over_seconds": round(hand_over_s, 2),
            "hand_over_rss_before_mib": round(base / 1024, 1),
            "hand_over_peak_rss_mib": round(hand_over_peak / 1024, 1),
            "zip_seconds": round(zip_s, 2), "zip_rss_before_mib": round(zip_base / 1024, 1),
            "zip_peak_rss_mib": round(zip_peak / 1024, 1)}
    print(result)
    print(save("referral_pack", result))


if __name__ == "__main__":
    main()
