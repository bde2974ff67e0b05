"""Arrears at a day's end and the employer's own correction (S-45 art. 7)."""

from datetime import date
from decimal import Decimal as D

import pytest

from wagewatch.rules.arrears import Payment, WorkerClaim, employer_correction, service_note


def claim(*payments: Payment, owed: str = "1000") -> WorkerClaim:
    return WorkerClaim("张伟", D("1"), D(owed), payments)


@pytest.mark.parametrize(("workers", "by", "remaining", "completed"), [
    ((claim(Payment(date(2026, 3, 2), D("1000"), "employer")),), date(2026, 3, 2), "0", date(2026, 3, 2)),
    ((claim(Payment(date(2026, 3, 2), D("1000"), "employer")),), date(2026, 3, 1), "1000", None),
    ((claim(Payment(date(2026, 3, 2), D("1000"), "emergency_fund")),), date(2026, 3, 9), "1000", None),
    ((claim(Payment(date(2026, 3, 2), D("400"), "employer"), Payment(date(2026, 3, 5), D("600"), "employer")),
      claim(Payment(date(2026, 3, 3), D("1000"), "employer"))), date(2026, 3, 9), "0", date(2026, 3, 5)),
    ((claim(Payment(date(2026, 3, 2), D("400"), "employer"), Payment(date(2026, 3, 5), D("600"), "owner")),),
     date(2026, 3, 9), "600", None),
])
def test_only_the_employers_own_payments_correct_the_violation(workers, by, remaining, completed):
    assert employer_correction(workers, by) == (D(remaining), completed)


@pytest.mark.parametrize(("served_on", "note"), [
    (None, "未送达：支付期限不起算，不构成逾期不支付"),
    (date(2026, 10, 9), None),
    (date(2026, 10, 10), "送达晚于支付期限2026-10-09：不构成逾期不支付"),
])
def test_the_service_note_beside_an_order(served_on, note):
    assert service_note(served_on, date(2026, 10, 9)) == note
