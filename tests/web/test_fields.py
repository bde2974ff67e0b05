"""Numbers kept exact and dates kept plausible: the field types every form uses."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms.validators import Optional

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, CrimeThresholdSetting, Recovery, Role
from wagewatch.services.reference import maintenance
from wagewatch.services.reference.calendar import today
from wagewatch.web.fields import AHEAD, RECORDED, SEARCHED, WORK, ExactDecimalField, WindowDateField
from wagewatch.web.forms import BaseForm, required

from tests.factories import post, text_of
from tests.web.cases.test_money import allocation_form, case  # noqa: F401 - the case fixture


class _NumbersAndDates(BaseForm):
    class Meta:
        csrf = False

    amount = ExactDecimalField("金额（元）", [required("请填写金额。")])
    months = ExactDecimalField("欠薪月数", [Optional()], places=1, maximum=600, unit="个月")
    received_on = WindowDateField("收到日期", [Optional()])
    work_from = WindowDateField("务工起始", [Optional()], window=WORK)


def _form(app, **values) -> _NumbersAndDates:
    with app.test_request_context():
        form = _NumbersAndDates(MultiDict({"amount": "100", **values}))
        form.validate()
        return form


@pytest.mark.parametrize("typed", ["NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "1e400",
                                   "-1e400", "1e-400", "100.005", "0.001", "-5", "12,345.678元"])
def test_hostile_or_overprecise_amounts_are_refused_with_the_typed_text_kept(app, typed):
    form = _form(app, amount=typed)
    assert len(form.amount.errors) == 1 and "此项必填" not in form.amount.errors[0]
    assert form.amount._value() == typed


@pytest.mark.parametrize(("typed", "value"), [("100.01", "100.01"), ("12,345.50元", "12345.50"),
                                              ("１２３４５．６", "12345.6"), ("100.500", "100.500"),
                                              ("1e3", "1000")])
def test_plain_amounts_are_read_exactly(app, typed, value):
    form = _form(app, amount=typed)
    assert form.amount.errors == [] and form.amount.data == Decimal(value)


def test_minus_zero_is_zero(app):
    form = _form(app, months="-0")
    assert form.months.errors == [] and str(form.months.data) == "0"


def test_an_amount_is_never_rounded_to_make_it_fit(app):
    assert _form(app, amount="100.005").amount.errors == ["金额最多保留两位小数（分），不做四舍五入。"]
    assert _form(app, months="2.25").months.errors == ["最多保留一位小数，不做四舍五入。"]


@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31", "1999-12-31", "9999-12-31"])
def test_a_received_date_outside_its_window_is_refused_with_the_window_named(app, typed):
    form = _form(app, received_on=typed)
    assert form.received_on.errors[0].endswith("（须在2000-01-01至今天之间）。")
    assert form.received_on._value() == typed


def test_the_received_date_may_be_today_in_china_but_not_tomorrow(app):
    assert _form(app, received_on=today().isoformat()).received_on.errors == []
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert _form(app, received_on=tomorrow).received_on.errors == [
        "日期不能晚于今天（须在2000-01-01至今天之间）。"]


def test_a_work_period_lies_between_1990_and_a_month_ahead(app):
    latest = (today() + timedelta(days=31)).isoformat()
    window = f"（须在1990-01-01至{latest}之间）。"
    assert _form(app, work_from="0001-01-01").work_from.errors == ["务工日期不能早于1990-01-01" + window]
    assert _form(app, work_from="9999-12-31").work_from.errors == [f"务工日期不能晚于{latest}" + window]
    assert _form(app, work_from="1990-01-01").work_from.errors == []
    assert _form(app, work_from=(today() + timedelta(days=31)).isoformat()).work_from.errors == []


def test_every_window_ends_and_starts_where_it_says(app):
    for window in (RECORDED, WORK, AHEAD, SEARCHED):
        assert window.earliest.year in (1990, 2000)
        assert window.latest() - today() == timedelta(days=window.days_after_today)


def test_a_threshold_of_1e400_gets_a_message_not_a_500(app, client, login_as):
    maintenance.ensure_thresholds()
    db.session.commit()
    login_as(Role.ADMIN)
    for typed in ("1e400", "NaN", "Infinity", "10000.005"):
        response = post(app, client, "/admin/reference/thresholds/jiangsu",
                        {"single_worker_yuan": typed, "group_yuan": "60000"})
        assert response.status_code == 200, typed
        assert f'value="{typed}"' in response.get_data(as_text=True)
    setting = db.session.get(CrimeThresholdSetting, "jiangsu")
    db.session.refresh(setting)
    assert setting.single_worker_yuan == Decimal("10000.00")
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "crime_threshold.update")) is None


def test_a_recovery_of_100_005_is_refused_not_rounded(app, client, case):  # noqa: F811
    response = post(app, client, f"/cases/{case.id}/recoveries/new",
                    allocation_form(case, ["100.005", "", ""], "100.005"))
    assert response.status_code == 200
    assert "最多保留两位小数" in text_of(response)
    assert db.session.scalar(db.select(Recovery)) is None


def test_a_worker_row_working_from_year_1_is_refused_on_registration(app, client, login_as):
    from tests.web.cases.factories import make_employer
    from tests.web.cases.test_registration import form_data

    login_as(Role.CLERK)
    make_employer()
    response = post(app, client, "/cases/new", form_data(**{
        "workers-0-work_from": "0001-01-01", "workers-0-work_to": "9999-12-31"}))
    assert response.status_code == 200
    shown = text_of(response)
    assert "务工日期不能早于1990-01-01（须在1990-01-01至" in shown and "务工日期不能晚于" in shown
    assert 'value="0001-01-01"' in response.get_data(as_text=True)


@pytest.mark.parametrize("typed, message", [
    ("0001-01-01T00:00", "不能早于2000-01-01"), ("1999-12-31T23:59", "不能早于2000-01-01"),
    ("9999-12-31T23:59", "不能晚于今天")])
def test_a_referral_moment_outside_its_window_is_refused_beside_the_field(app, typed, message):
    from werkzeug.datastructures import MultiDict

    from wagewatch.web.referrals.forms import StartReferralForm

    with app.test_request_context(method="POST"):
        form = StartReferralForm(formdata=MultiDict({"reported_at": typed, "report": "老板逃匿"}),
                                 meta={"csrf": False})
        assert not form.validate()
        assert any(message in error for error in form.reported_at.errors), form.reported_at.errors
        assert form.reported_at._value() == typed  # the typed text is shown again
