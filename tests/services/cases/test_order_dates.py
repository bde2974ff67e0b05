"""A payment order's dates are bounded by the case: issued not before acceptance nor after today,
served not before issue nor after today, paid by within 1-60 working days of service; extra
compensation ordered after the pay-by date and not after today."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from wagewatch.extensions import db
from wagewatch.models import PaymentOrder, ServiceMethod
from wagewatch.services import ServiceError
from wagewatch.services.cases import case_steps, payments
from wagewatch.services.documents import issuing, service_records
from wagewatch.services.reference.calendar import today

from tests.web.cases.factories import register

#: 5 working days after service on 30 September 2026, after the National Day holiday (1-7
#: October): 8, 9, 10 (a make-up Saturday), 12 and 13 October.
PAY_BY = date(2026, 10, 13)


def _accepted_case():
    case = register(received_on=date(2026, 9, 21), workers=1)
    case_steps.accept(case, date(2026, 9, 22), case.handler)
    return case


def _service(served_on: date) -> service_records.ServiceInput:
    return service_records.ServiceInput(
        recipient="徐州某建设有限公司", place="用人单位经营场所", method=ServiceMethod.IN_PERSON,
        served_on=served_on, served_time=None, servers="李明、周强")


@pytest.mark.parametrize("issued_on, message", [
    (date(2026, 9, 21), "签发日期不能早于立案日期。"),
    (None, "签发日期不能晚于今天。")])
def test_an_order_is_issued_within_the_case(app, issued_on, message):
    case = _accepted_case()
    issued_on = issued_on or today() + timedelta(days=1)
    with pytest.raises(ServiceError) as refused:
        payments.issue_payment_order(case, payments.OrderInput(issued_on, 5), case.handler)
    assert refused.value.message == message and refused.value.field == "issued_on"


@pytest.mark.parametrize("served_on, message", [
    (date(2026, 9, 28), "送达日期不能早于文书日期。"),
    (None, "送达日期不能晚于今天。")])
def test_an_order_is_served_between_its_issue_and_today(app, served_on, message):
    case = _accepted_case()
    order = payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 5),
                                         case.handler)
    served_on = served_on or today() + timedelta(days=1)
    with pytest.raises(ServiceError) as refused:
        service_records.record_service(issuing.order_document(order), _service(served_on),
                                       case.handler)
    assert refused.value.message == message and refused.value.field == "served_on"
    assert order.served_on is None and order.pay_by_on is None


def test_the_pay_by_date_follows_service_within_its_working_days(app):
    case = _accepted_case()
    order = payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 5),
                                         case.handler)
    service_records.record_service(issuing.order_document(order), _service(date(2026, 9, 30)),
                                   case.handler)
    # 5 working days counted from the day after service, over the National Day holiday.
    assert order.served_on == date(2026, 9, 30)
    assert order.pay_by_on == PAY_BY


@pytest.mark.parametrize("working_days", [0, -3, 61, 10**6])
def test_the_service_refuses_a_period_outside_1_to_60_working_days(app, working_days):
    """Not only the form: a period outside the window never reaches the database."""
    case = _accepted_case()
    with pytest.raises(ServiceError) as refused:
        payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), working_days),
                                     case.handler)
    assert refused.value.message == "支付期限须为1至60个工作日。"
    assert refused.value.field == "pay_within_working_days"
    assert db.session.scalar(db.select(db.func.count(PaymentOrder.id))) == 0


@pytest.mark.parametrize("working_days", [1, 60])
def test_the_edges_of_the_period_are_accepted(app, working_days):
    case = _accepted_case()
    order = payments.issue_payment_order(
        case, payments.OrderInput(date(2026, 9, 29), working_days), case.handler)
    assert order.pay_within_working_days == working_days


def _lapsed_order():
    case = _accepted_case()
    order = payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 5),
                                         case.handler)
    service_records.record_service(issuing.order_document(order), _service(date(2026, 9, 30)),
                                   case.handler)
    return order


@pytest.mark.parametrize("ordered_on, message", [
    (PAY_BY, "只有在限期支付期限届满后仍未支付，才能责令加付赔偿金。"),
    (None, "责令日期不能晚于今天。")])
def test_extra_compensation_is_ordered_after_the_pay_by_date_and_not_after_today(
        app, ordered_on, message):
    order = _lapsed_order()
    ordered_on = ordered_on or today() + timedelta(days=1)
    with pytest.raises(ServiceError) as refused:
        payments.order_extra_compensation(order, Decimal("0.50"), ordered_on, order.case.handler)
    assert refused.value.message == message and refused.value.field == "ordered_on"
    db.session.refresh(order)
    assert order.extra_compensation_yuan is None and order.extra_compensation_ordered_on is None


def test_extra_compensation_may_be_ordered_today(app):
    order = _lapsed_order()
    amount = payments.order_extra_compensation(order, Decimal("0.50"), today(), order.case.handler)
    assert amount == Decimal("4000.00") and order.extra_compensation_ordered_on == today()
