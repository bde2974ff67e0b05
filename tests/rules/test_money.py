"""Recovery splits and extra compensation, in exact yuan."""

from datetime import date
from decimal import Decimal as D

import pytest

from wagewatch.rules.arrears import extra_compensation_refusal
from wagewatch.rules.money import MoneyRefused, WorkerBalance, check_allocation, extra_compensation

OUTSTANDING = {1: D("8000.00"), 2: D("5000.00")}
NAMES = {1: "张伟", 2: "王芳"}


def test_a_split_that_adds_up_and_stays_within_what_is_owed_is_accepted():
    check_allocation(D("9000.00"), {1: D("8000.00"), 2: D("1000.00")}, OUTSTANDING, NAMES)


@pytest.mark.parametrize(("total", "split", "message"), [
    (D("0"), {1: D("0")}, "必须大于0"),
    (D("9000.00"), {1: D("8000.00"), 2: D("999.99")}, "不一致"),
    (D("8000.01"), {1: D("8000.01")}, "张伟尚欠 8,000.00 元"),
    (D("100.00"), {3: D("100.00")}, "不属于本案"),
    (D("100.00"), {}, "至少一名工人"),
])
def test_bad_splits_and_overpayments_are_refused(total, split, message):
    with pytest.raises(MoneyRefused, match=message):
        check_allocation(total, split, OUTSTANDING, NAMES)


@pytest.mark.parametrize(("rate", "amount"), [(D("0.50"), D("5000.00")), (D("1.00"), D("10000.00")),
                                              (D("0.75"), D("7500.00"))])
def test_extra_compensation_is_50_to_100_percent_of_the_unpaid(rate, amount):
    assert extra_compensation(D("10000.00"), rate) == amount


@pytest.mark.parametrize("rate", [D("0.49"), D("1.01"), D("0")])
def test_extra_compensation_outside_the_range_is_refused(rate):
    with pytest.raises(MoneyRefused, match="50%至100%"):
        extra_compensation(D("10000.00"), rate)


def test_outstanding_uses_the_confirmed_amount_once_confirmed():
    assert WorkerBalance(D("9000"), D("8000"), D("0"), D("3000")).outstanding == D("5000")
    assert WorkerBalance(D("9000"), None, D("0"), D("3000")).outstanding == D("6000")


@pytest.mark.parametrize(("served_on", "pay_by_on", "ordered_on", "refused"), [
    (None, None, date(2026, 11, 1), "尚未送达"),
    (None, date(2026, 10, 9), date(2026, 11, 1), "尚未送达"),
    (date(2026, 10, 12), date(2026, 10, 9), date(2026, 11, 1), "晚于支付期限"),
    (date(2026, 9, 29), date(2026, 10, 9), date(2026, 10, 9), "期限届满后"),
    (date(2026, 9, 29), date(2026, 10, 9), date(2026, 10, 10), None),
])
def test_extra_compensation_needs_a_served_order_whose_pay_by_day_has_passed(
        served_on, pay_by_on, ordered_on, refused):
    reason = extra_compensation_refusal(served_on, pay_by_on, ordered_on)
    assert (reason is None) if refused is None else (refused in reason)
