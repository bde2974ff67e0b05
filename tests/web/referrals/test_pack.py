"""The hand-over pack (S-310 art. 6): assembled at the hand-over from the generated instruments,
the served payment order with its proof of service and the evidence behind each item; listed
with pages and SHA-256 in the 移送材料清单; frozen as handed over."""

import hashlib
import io

import docx

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, IssuedDocument, ReferralDocumentKind
from wagewatch.services.documents.attachments import stored_path
from wagewatch.services.referrals import referral_packs

from tests.web.evidence.files import pdf
from tests.web.referrals.factories import attach_to_item, make_referral, reload


def stored_bytes(item) -> bytes:
    return item.document.content if item.document else stored_path(item.attachment).read_bytes()


def docx_text(content: bytes) -> str:
    opened = docx.Document(io.BytesIO(content))
    parts = [p.text for p in opened.paragraphs]
    parts += [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_hand_over_assembles_the_pack_with_every_file_its_pages_and_hash(app):
    referral = reload(make_referral(up_to="handed_over"))
    pack = referral.pack
    order = referral.case.payment_orders[0]
    rows = [(i.position, i.item_kind, i.name, i.pages) for i in pack.items]
    assert [(kind, name) for _, kind, name, _ in rows] == [
        ("referral_letter", f"涉嫌犯罪案件移送书（{referral.letter_number}）"),
        ("investigation_report", f"涉嫌犯罪案件调查报告（{referral.case.number}）"),
        ("other_evidence", "工资表/欠条：工资表.png"),
        ("other_evidence", "询问笔录扫描件：询问笔录.pdf"),
        ("payment_order", f"责令限期支付（改正）指令书（{order.document_number}）"),
        ("payment_order", f"送达回证（{order.document_number}）"),
        ("payment_order", "送达照片/视频：张贴现场.jpg"),
        ("materials_list", f"移送材料清单（{referral.case.number}）"),
    ]
    assert [r[0] for r in rows] == list(range(1, 9))
    pages = {name: p for _, _, name, p in rows}
    assert pages["工资表/欠条：工资表.png"] == 1 and pages["询问笔录扫描件：询问笔录.pdf"] == 3
    assert all(p >= 1 for p in pages.values())
    for item in pack.items:   # each hash is the hash of the bytes kept
        content = stored_bytes(item)
        assert hashlib.sha256(content).hexdigest() == item.sha256 and len(content) == item.size_bytes
    assert pack.sha256 == referral_packs.pack_hash(referral_packs.manifest_items(pack))
    assert pack.item_count == 8 and pack.total_bytes == sum(i.size_bytes for i in pack.items)
    listing = docx_text(pack.items[-1].document.content)
    for item in pack.items[:-1]:
        assert item.sha256 in listing and item.name in listing
    assert "7份" in listing
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "referral_pack.create"))
    assert audit.changes["sha256"] == [None, pack.sha256] and audit.changes["items"] == [None, 8]
    assert pack.sha256[:12] in referral.events[-1].note and referral.letter_number in referral.events[-1].note


def test_a_refused_hand_over_issues_nothing_and_uses_no_number(app):
    referral = make_referral(up_to="approved")
    from wagewatch.services import ServiceError
    from wagewatch.services.referrals import handover

    try:
        handover.hand_over(referral, referral.case.handler, handed_over_at=referral.approved_at,
                            police_unit="公安分局", note=None, expected_version=referral.version)
    except ServiceError as refused:
        assert "其他有关涉嫌犯罪的材料" in refused.message
    assert db.session.scalar(db.select(IssuedDocument).where(
        IssuedDocument.kind == "referral_letter")) is None
    assert reload(referral).pack is None


def test_the_pack_stays_frozen_after_a_later_upload(app):
    referral = reload(make_referral(up_to="handed_over"))
    before = [(i.name, i.sha256) for i in referral.pack.items]
    pack_hash = referral.pack.sha256
    late = attach_to_item(referral, ReferralDocumentKind.OTHER_EVIDENCE, pdf(5), "补充笔录.pdf",
                          referral.case.handler)
    referral = reload(referral)
    assert late.referral_document_id is not None
    assert [(i.name, i.sha256) for i in referral.pack.items] == before
    assert referral.pack.sha256 == pack_hash
    assert referral_packs.pack_hash(referral_packs.manifest_items(referral.pack)) == pack_hash
    buffer = io.BytesIO()
    referral_packs.write_zip(referral.pack, buffer)
    assert b"\xe8\xa1\xa5\xe5\x85\x85" not in buffer.getvalue()   # "补充" is in no file name
