"""China time: every "today" is the date in Asia/Shanghai, on a server whose clock runs in UTC."""

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from wagewatch.extensions import db
from wagewatch.models import Case, Role, utcnow
from wagewatch.rules.clock import CHINA_TZ, local_date, zone_named
from wagewatch.services.reference.calendar import today
from wagewatch.services.reference.calendar import local_datetime

from tests.factories import post, text_of
from tests.web.cases.factories import make_employer
from tests.web.cases.test_registration import form_data


@pytest.mark.parametrize(("moment", "day"), [
    (datetime(2026, 3, 10, 15, 59, tzinfo=UTC), date(2026, 3, 10)),   # 23:59 in Beijing
    (datetime(2026, 3, 10, 16, 0, tzinfo=UTC), date(2026, 3, 11)),    # midnight in Beijing
    (datetime(2026, 3, 10, 16, 30, tzinfo=UTC), date(2026, 3, 11)),   # 00:30
    (datetime(2026, 3, 11, 7, 59, tzinfo=UTC), date(2026, 3, 11)),
    (datetime(2026, 12, 31, 16, 0, tzinfo=UTC), date(2027, 1, 1)),    # a new year in China
])
def test_the_date_in_china(moment, day):
    assert local_date(moment) == day


def test_a_naive_moment_has_no_date_in_china():
    with pytest.raises(ValueError):
        local_date(datetime(2026, 3, 10, 16, 30))


def test_the_zone_setting():
    assert zone_named("Asia/Shanghai") is CHINA_TZ
    assert local_date(datetime(2026, 3, 10, 16, 30, tzinfo=UTC), zone_named("UTC")) == date(2026, 3, 10)


def test_today_is_the_date_in_beijing_on_a_utc_server(app, beijing_half_past_midnight):
    assert time.strftime("%Z") == "UTC"  # the process itself runs in UTC
    assert utcnow() == beijing_half_past_midnight
    assert today() == date(2026, 3, 11)
    assert local_datetime(utcnow()) == "2026-03-11 00:30"


def test_a_complaint_dated_today_is_accepted_at_half_past_midnight(app, client, login_as,
                                                                    beijing_half_past_midnight):
    login_as(Role.CLERK)
    make_employer()
    response = post(app, client, "/cases/new", form_data(received_on="2026-03-11"))
    assert response.status_code == 302, text_of(response)
    case = db.session.scalar(db.select(Case))
    assert case.received_on == date(2026, 3, 11)
    assert case.number == "经开劳监〔2026〕0001号"
    tomorrow = text_of(post(app, client, "/cases/new", form_data(
        received_on="2026-03-12", submission_token="tok-2")))
    assert "日期不能晚于今天" in tomorrow


def test_the_configured_zone_is_the_one_source(app, beijing_half_past_midnight):
    app.config["TIMEZONE"] = "UTC"
    try:
        assert today() == date(2026, 3, 10)
    finally:
        app.config["TIMEZONE"] = "Asia/Shanghai"
    assert today() == date(2026, 3, 11)
    assert CHINA_TZ.utcoffset(None) == timedelta(hours=8) == timezone(timedelta(hours=8)).utcoffset(None)
