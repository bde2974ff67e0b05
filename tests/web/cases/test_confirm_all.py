"""Confirming every worker's amount in one step: prefilled, all or nothing, audited per worker."""

from datetime import date
from decimal import Decimal

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Role
from wagewatch.services.cases import case_steps, payments

from tests.factories import post, text_of
from tests.web.cases.factories import register


@pytest.fixture
def case(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-confirm")
    registered = register(received_on=date(2026, 9, 21), workers=3)
    case_steps.accept(registered, date(2026, 9, 22), clerk)
    return registered


def _rows(case, amounts, months=("2", "2", "2")):
    data = {}
    for index, (cw, amount, month) in enumerate(zip(case.workers, amounts, months, strict=False)):
        data[f"rows-{index}-case_worker_id"] = str(cw.id)
        data[f"rows-{index}-confirmed_yuan"] = amount
        data[f"rows-{index}-months_owed"] = month
    return data


def test_the_page_offers_each_workers_claim_and_one_save_confirms_them_all(app, client, case):
    page = text_of(client.get(f"/cases/{case.id}/workers/confirm"))
    assert all(cw.worker.name in page for cw in case.workers)
    assert "8000.00" in client.get(f"/cases/{case.id}/workers/confirm").get_data(as_text=True)

    response = post(app, client, f"/cases/{case.id}/workers/confirm",
                    _rows(case, ["6500.00", "7000", "8000.00"]))
    assert response.status_code == 302
    db.session.expire_all()
    owed = [payments.balances(case)[cw.id].owed for cw in case.workers]
    assert owed == [Decimal("6500.00"), Decimal("7000.00"), Decimal("8000.00")]
    audited = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "case.worker_confirm", AuditEvent.object_id == str(case.id))).all()
    assert len(audited) == 3
    assert "已核定 3 名工人的欠薪金额" in text_of(client.get(f"/cases/{case.id}"))


def test_one_bad_amount_saves_nothing_and_keeps_what_was_typed(app, client, case):
    response = post(app, client, f"/cases/{case.id}/workers/confirm",
                    _rows(case, ["6500.00", "100.005", "abc"]))
    assert response.status_code == 200
    shown = response.get_data(as_text=True)
    assert 'value="6500.00"' in shown and 'value="100.005"' in shown and 'value="abc"' in shown
    assert shown.count("invalid-feedback") == 2
    db.session.expire_all()
    assert all(cw.confirmed_yuan is None for cw in case.workers)


def test_unchanged_rows_are_not_recorded_again(app, client, case):
    post(app, client, f"/cases/{case.id}/workers/confirm", _rows(case, ["6500", "7000", "8000"]))
    post(app, client, f"/cases/{case.id}/workers/confirm", _rows(case, ["6500", "7000", "7500"]))
    audited = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.worker_confirm", AuditEvent.object_id == str(case.id)))
    assert audited == 4


def test_a_form_without_all_the_cases_workers_is_refused(app, client, case):
    data = _rows(case, ["6500", "7000", "8000"])
    for key in [k for k in data if k.startswith("rows-2-")]:
        del data[key]
    assert post(app, client, f"/cases/{case.id}/workers/confirm", data).status_code == 400
