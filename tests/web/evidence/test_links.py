"""An attachment belongs to the record it proves: a payment order, a recovery, an item of the
police referral's file; the queries the hand-over pack reads find it there."""

from datetime import date
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.models import Attachment, Payer, ReferralDocumentKind
from wagewatch.services.cases import payments
from wagewatch.services.documents import attachments

from tests.factories import login
from tests.web.evidence import files
from tests.web.evidence.files import upload
from tests.web.referrals.factories import make_referral


def test_files_are_linked_to_the_order_the_recovery_and_the_referral_items(app, client):
    referral = make_referral()
    case = referral.case
    clerk = case.handler
    login(app, client, clerk.username)
    payments.record_recovery(case, payments.RecoveryInput(
        paid_on=date(2026, 10, 20), amount_yuan=Decimal("1000.00"), payer=Payer.EMPLOYER,
        payer_contractor_id=None, note=None,
        allocations={case.workers[0].id: Decimal("1000.00")}), clerk)
    order, recovery = case.payment_orders[0], case.recoveries[0]
    item = next(d for d in referral.documents if d.kind is ReferralDocumentKind.INVESTIGATION_REPORT)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    for value in (f"order:{order.id}", f"recovery:{recovery.id}", f"referral_item:{item.id}"):
        assert f'value="{value}"' in page
    scan, receipt, report = files.pdf(4), files.jpeg(300, 200), files.pdf(12)
    upload(app, client, case.id, scan, "指令书送达回证.pdf", link=f"order:{order.id}")
    upload(app, client, case.id, receipt, "转账凭证.jpg", kind="payment_voucher",
           link=f"recovery:{recovery.id}")
    upload(app, client, case.id, report, "调查报告.pdf", kind="other",
           link=f"referral_item:{item.id}")
    by_name = {a.original_name: a for a in db.session.scalars(db.select(Attachment))}
    assert by_name["指令书送达回证.pdf"].payment_order_id == order.id
    assert by_name["转账凭证.jpg"].recovery_id == recovery.id
    # The photo of the posting chosen when the service was recorded, then the scan.
    assert [a.original_name for a in attachments.attachments_of_payment_order(order.id)] == [
        "张贴现场.jpg", "指令书送达回证.pdf"]
    files_of_items = attachments.attachments_of_referral(referral)
    found = files_of_items[item.id]
    assert [(a.original_name, a.page_count, a.size_bytes) for a in found] == [
        ("调查报告.pdf", 12, len(report))]
    assert attachments.attachments_of_referral_item(item.id) == found
    assert all(files_of_items[d.id] == [] for d in referral.documents if d.id != item.id)
    attachments.withdraw_attachment(found[0], "版本有误", clerk)
    assert attachments.attachments_of_referral_item(item.id) == []
    assert attachments.attachments_of_referral_item(item.id, include_withdrawn=True) == found
    assert attachments.stored_path(found[0]).read_bytes() == report
