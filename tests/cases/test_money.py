"""Payment orders, extra compensation and recoveries as the clerk records them."""

from datetime import date
from decimal import Decimal

import pytest

from wagewatch.extensions import db
from wagewatch.models import (
    AuditEvent, Case, CaseStatus, Payer, PaymentOrder, Recovery, Role, ServiceMethod,
)
from wagewatch.services import case_steps, cases, documents, payments

from tests.cases.factories import register
from tests.factories import post, text_of


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
    document = documents.order_document(order)
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
    assert "pay_by" not in cases.case_deadlines(reload(case))


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


def test_posting_counts_as_service_only_with_photo_or_video(app, client, case):
    post(app, client, f"/cases/{case.id}/payment-orders/new", order_form())
    order = db.session.scalar(db.select(PaymentOrder))
    url = f"/cases/{case.id}/documents/{documents.order_document(order).id}/service"
    response = post(app, client, url, service_form(method="posted"))
    assert "张贴送达须记录拍照或录像的证据" in text_of(response)
    assert 'value="金山路18号"' in response.get_data(as_text=True)  # nothing typed is lost
    post(app, client, url, service_form(method="posted", evidence="照片3张、录像1段，存卷宗第5页"))
    db.session.refresh(order)
    assert order.service_evidence.startswith("照片")


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
    for i, (cw, amount) in enumerate(zip(case.workers, amounts)):
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
    from tests.cases.factories import valid_id_number

    response = post(app, client, f"/cases/{case.id}/workers", {
        "name": "新工人", "id_number": valid_id_number(seq="555"), "months_owed": "1",
        "claimed_yuan": "3000"})
    assert response.status_code == 302
    assert len(reload(case).workers) == 4
