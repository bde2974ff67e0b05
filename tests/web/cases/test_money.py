"""Payment orders, extra compensation and recoveries as the clerk records them."""

import hashlib
import io
from datetime import date
from decimal import Decimal

import pytest

from wagewatch.extensions import db
from wagewatch.models import (
    Attachment, AttachmentKind, AuditEvent, Case, CaseStatus, Payer, PaymentOrder, Recovery,
    Role, ServiceMethod, User,
)
from wagewatch.services.cases import case_steps, registration, payments
from wagewatch.services.documents import attachments, issuing

from tests.factories import post, text_of
from tests.web.cases.factories import register
from tests.web.evidence import files


@pytest.fixture
def case(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-cases")
    registered = register(received_on=date(2026, 9, 21), workers=3)
    case_steps.accept(registered, date(2026, 9, 22), clerk)
    return registered


def order_form(**overrides):
    data = {"issued_on": "2026-09-29", "pay_within_working_days": "3"}
    data.update(overrides)
    return data


def service_form(**overrides):
    data = {"recipient": "徐州恒达建筑劳务有限公司", "place": "金山路18号", "method": "in_person",
            "served_on": "2026-09-29", "served_time": "10:30", "servers": "李明、周强"}
    data.update(overrides)
    return data


def reload(case):
    db.session.expire_all()
    return db.session.get(Case, case.id)


def issue_and_serve(app, client, case, **service):
    post(app, client, f"/cases/{case.id}/payment-orders/new", order_form())
    order = db.session.scalar(db.select(PaymentOrder))
    document = issuing.order_document(order)
    post(app, client, f"/cases/{case.id}/documents/{document.id}/service", service_form(**service))
    db.session.refresh(order)
    return order


def test_a_payment_order_is_unserved_until_its_service_is_recorded(app, client, case):
    response = post(app, client, f"/cases/{case.id}/payment-orders/new", order_form())
    assert response.status_code == 302
    order = db.session.scalar(db.select(PaymentOrder))
    assert order.document_number == "经开劳监限支〔2026〕001号"
    assert order.served_on is None and order.pay_by_on is None
    assert order.amount_yuan == Decimal("24000.00")
    assert reload(case).status is CaseStatus.PAYMENT_ORDERED
    assert {i.amount_yuan for i in order.items} == {Decimal("8000.00")}
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "payment_order.create"))
    page = text_of(client.get(f"/cases/{case.id}"))
    assert "未送达" in page and "经开劳监限支〔2026〕001号" in page
    assert "pay_by" not in registration.case_deadlines(reload(case))


def test_the_pay_by_date_counts_working_days_from_service(app, client, case):
    order = issue_and_serve(app, client, case)
    # Served 29 September: 30 September, then 1-7 October off, 8 and 9 October.
    assert order.served_on == date(2026, 9, 29) and order.pay_by_on == date(2026, 10, 9)
    assert order.service_method is ServiceMethod.IN_PERSON
    assert reload(case).next_due_kind in {"pay_by", "investigation"}


def test_a_later_service_moves_the_pay_by_date(app, client, case):
    order = issue_and_serve(app, client, case, served_on="2026-09-30")
    # 8, 9 October and the make-up working Saturday 10 October.
    assert order.pay_by_on == date(2026, 10, 10)


def _with_files(data, *named_files):
    return {**data, "service_attachments": [(io.BytesIO(content), name)
                                            for name, content in named_files]}


def test_posting_counts_as_service_only_with_photo_or_video(app, client, case):
    post(app, client, f"/cases/{case.id}/payment-orders/new", order_form())
    order = db.session.scalar(db.select(PaymentOrder))
    url = f"/cases/{case.id}/documents/{issuing.order_document(order).id}/service"
    assert 'enctype="multipart/form-data"' in client.get(url).get_data(as_text=True)
    # A typed note is no longer proof of posting (S-JI art. 4): a photo or video is.
    response = post(app, client, url, service_form(method="posted", evidence="照片3张"))
    page = response.get_data(as_text=True)
    assert "张贴送达须上传送达照片/视频" in text_of(response)
    assert 'data-field="service_attachments"' in page  # beside the file field
    assert 'value="金山路18号"' in page and "照片3张" in page  # nothing typed is lost
    # A web page renamed .jpg is refused by its content; nothing is kept, the order stays unserved.
    refused = post(app, client, url, _with_files(service_form(method="posted"),
                                                 ("现场.jpg", b"<html><script>x</script></html>")),
                   content_type="multipart/form-data")
    assert "现场.jpg" in text_of(refused) and 'data-field="service_attachments"' in (
        refused.get_data(as_text=True))
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
    db.session.refresh(order)
    assert order.served_on is None
    photo, video = files.jpeg(), files.mp4()
    post(app, client, url, _with_files(service_form(method="posted", evidence="张贴于大门"),
                                       ("张贴1.jpg", photo), ("张贴录像.mp4", video)),
         content_type="multipart/form-data")
    db.session.refresh(order)
    assert order.service_method is ServiceMethod.POSTED and order.served_on == date(2026, 9, 29)
    kept = attachments.attachments_of_payment_order(order.id, kind=AttachmentKind.SERVICE_PROOF)
    assert [(a.original_name, a.sha256) for a in kept] == [
        ("张贴1.jpg", hashlib.sha256(photo).hexdigest()),
        ("张贴录像.mp4", hashlib.sha256(video).hexdigest())]
    assert attachments.stored_path(kept[0]).read_bytes() == photo  # kept byte for byte
    assert order.service_evidence.startswith("张贴于大门；送达照片/视频：张贴1.jpg（SHA-256 "
                                             f"{kept[0].short_sha256}）")
    attachments.require_service_evidence(order)


def test_posting_may_use_photos_uploaded_before(app, client, case):
    clerk = db.session.scalar(db.select(User).where(User.username == "clerk-cases"))
    photo_id = files.attach_service_photo(case, clerk)
    post(app, client, f"/cases/{case.id}/payment-orders/new", order_form())
    order = db.session.scalar(db.select(PaymentOrder))
    url = f"/cases/{case.id}/documents/{issuing.order_document(order).id}/service"
    assert "张贴现场.jpg" in client.get(url).get_data(as_text=True)  # offered to choose
    post(app, client, url, service_form(method="posted", proof_ids=[str(photo_id)]))
    db.session.refresh(order)
    assert order.served_on is not None
    assert db.session.get(Attachment, photo_id).payment_order_id == order.id
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
        AuditEvent.action == "attachment.link")) == 1


def test_extra_compensation_only_after_the_deadline_and_within_50_to_100_percent(app, client, case):
    order = issue_and_serve(app, client, case)
    url = f"/cases/{case.id}/payment-orders/{order.id}/extra-compensation"
    early = post(app, client, url, {"rate_percent": "50", "ordered_on": "2026-10-09"})
    assert "期限届满后仍未支付" in text_of(early)
    too_high = post(app, client, url, {"rate_percent": "120", "ordered_on": "2026-10-12"})
    assert "50%至100%" in text_of(too_high)
    post(app, client, url, {"rate_percent": "50", "ordered_on": "2026-10-12"})
    db.session.refresh(order)
    assert order.extra_compensation_yuan == Decimal("12000.00")


def test_extra_compensation_is_refused_while_the_order_is_unserved(app, client, case):
    post(app, client, f"/cases/{case.id}/payment-orders/new", order_form())
    order = db.session.scalar(db.select(PaymentOrder))
    response = post(app, client, f"/cases/{case.id}/payment-orders/{order.id}/extra-compensation",
                    {"rate_percent": "50", "ordered_on": "2026-11-12"})
    assert "尚未送达" in text_of(response)


def allocation_form(case, amounts, total, payer="general_contractor"):
    data = {"paid_on": "2026-10-15", "amount_yuan": total, "payer": payer,
            "payer_contractor_id": "0", "submission_token": f"rec-{total}"}
    for i, (cw, amount) in enumerate(zip(case.workers, amounts, strict=False)):
        data[f"allocations-{i}-case_worker_id"] = str(cw.id)
        data[f"allocations-{i}-amount_yuan"] = amount
    return data


def test_a_partial_payment_is_split_over_workers(app, client, case):
    response = post(app, client, f"/cases/{case.id}/recoveries/new",
                    allocation_form(case, ["8000.00", "2000.00", ""], "10000.00"))
    assert response.status_code == 302
    case = reload(case)
    balances = payments.balances(case)
    outstanding = [balances[cw.id].outstanding for cw in case.workers]
    assert outstanding == [Decimal("0.00"), Decimal("6000.00"), Decimal("8000.00")]
    assert case.recoveries[0].payer is Payer.GENERAL_CONTRACTOR
    page = text_of(client.get(f"/cases/{case.id}"))
    assert "施工总承包单位先行清偿" in page and "14,000.00" in page


def test_the_case_list_shows_each_cases_workers_owed_and_recovered(app, client, case):
    """The list's money columns: the workers, the yuan owed and every payment's split summed
    (two payments over two workers), and a case without payments at 0.00."""
    import re

    other = register(received_on=date(2026, 9, 20), workers=1)
    post(app, client, f"/cases/{case.id}/recoveries/new",
         allocation_form(case, ["8000.00", "2000.00", ""], "10000.00"))
    second = allocation_form(case, ["", "500.00", ""], "500.00")
    second["submission_token"] = "rec-second"
    assert post(app, client, f"/cases/{case.id}/recoveries/new", second).status_code == 302
    html = client.get("/cases/").get_data(as_text=True)

    def cells(number):
        row = html[html.index(number):]
        row = row[:row.index("</tr>")]
        return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]

    assert cells(case.number)[4:7] == ["3", "24,000.00", "10,500.00"]
    assert cells(other.number)[4:7] == ["1", "8,000.00", "0.00"]


def test_a_payment_beyond_what_is_owed_is_refused_with_the_input_kept(app, client, case):
    response = post(app, client, f"/cases/{case.id}/recoveries/new",
                    allocation_form(case, ["9000.00", "", ""], "9000.00"))
    assert "张伟尚欠 8,000.00 元，本次分配 9,000.00 元超过了欠付金额" in text_of(response)
    assert 'value="9000.00"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Recovery)) is None


def test_a_split_that_does_not_add_up_is_refused(app, client, case):
    response = post(app, client, f"/cases/{case.id}/recoveries/new",
                    allocation_form(case, ["1000.00", "1000.00", ""], "3000.00"))
    assert "不一致" in text_of(response)


def test_a_double_clicked_payment_is_recorded_once(app, client, case):
    form = allocation_form(case, ["1000.00", "", ""], "1000.00")
    post(app, client, f"/cases/{case.id}/recoveries/new", form)
    post(app, client, f"/cases/{case.id}/recoveries/new", form)
    assert db.session.scalar(db.select(db.func.count()).select_from(Recovery)) == 1


def test_the_confirmed_amount_replaces_the_claim(app, client, case):
    worker = case.workers[0]
    post(app, client, f"/cases/{case.id}/workers/{worker.id}/confirm",
         {"confirmed_yuan": "6500.00", "months_owed": "2.5"})
    balances = payments.balances(reload(case))
    assert balances[worker.id].owed == Decimal("6500.00")
    assert balances[worker.id].claimed == Decimal("8000.00")


def test_a_worker_is_added_to_an_open_case(app, client, case):
    from tests.web.cases.factories import valid_id_number

    response = post(app, client, f"/cases/{case.id}/workers", {
        "name": "新工人", "id_number": valid_id_number(seq="555"), "months_owed": "1",
        "claimed_yuan": "3000"})
    assert response.status_code == 302
    assert len(reload(case).workers) == 4


def test_extra_compensation_is_not_offered_for_an_order_without_service(app, client, case):
    post(app, client, f"/cases/{case.id}/payment-orders/new", order_form())
    order = db.session.scalar(db.select(PaymentOrder))
    # A pay-by date without a recorded service (as older records may carry) does not start the clock.
    order.pay_by_on = date(2026, 3, 5)  # before the tests' today, 11 March 2026
    db.session.commit()
    url = f"/cases/{case.id}/payment-orders/{order.id}/extra-compensation"
    assert url not in client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert client.get(url).status_code == 302
    response = post(app, client, url, {"rate_percent": "50", "ordered_on": "2026-03-10"})
    assert "尚未送达" in text_of(response)
    db.session.refresh(order)
    assert order.extra_compensation_yuan is None


def test_extra_compensation_is_offered_once_a_served_order_has_lapsed(app, client, case):
    order = issue_and_serve(app, client, case)
    order.served_on, order.pay_by_on = date(2026, 3, 2), date(2026, 3, 5)  # before 11 March 2026
    db.session.commit()
    url = f"/cases/{case.id}/payment-orders/{order.id}/extra-compensation"
    assert url in client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert client.get(url).status_code == 200
