"""The leader's home: the month's monthly-report figures on screen, the charts' JSON (the same
figures as the report's workbook), the lists behind each chart, office scope and the cache."""

import hashlib
import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl

from wagewatch.extensions import db
from wagewatch.models import Role
from wagewatch.reports import leader_figures
from wagewatch.reports.monthly import collect
from wagewatch.reports.monthly_workbook import render
from wagewatch.rules.report_period import report_period
from wagewatch.services.reference.calendar import today

from tests.factories import login, make_office, make_user, text_of
from tests.reports.monthly_data import build

STATIC = Path(__file__).resolve().parents[3] / "wagewatch" / "static"
CHART_JS = STATIC / "vendor" / "chartjs" / "chart.umd.min.js"
CHART_JS_SHA256 = "48444a82d4edcb5bec0f1965faacdde18d9c17db3063d042abada2f705c9f54a"


def _leader(app, client):
    data = build()
    assert login(app, client, "monthly-leader").status_code == 302
    return data


def _workbook_summary(data):
    figures = collect(data.office, report_period("2026-10"), today())
    book = openpyxl.load_workbook(io.BytesIO(render(figures, "预览")))
    return figures, book, {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=4, values_only=True)}


def test_the_json_figures_are_the_monthly_reports_figures(app, client):
    data = _leader(app, client)
    response = client.get("/leader/figures.json?month=2026-10")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    shown = response.get_json()
    figures, book, summary = _workbook_summary(data)
    assert len(shown["summary"]) == len(leader_figures.SUMMARY_KEYS)
    for item in shown["summary"]:
        expected = summary[item["label"]]
        if item["unit"] == "元":
            assert Decimal(item["value"]) == Decimal(str(expected)), item
        elif item["unit"] == "%":
            assert item["value"] == expected, item
        else:
            assert item["value"] == expected, item
    values = {item["key"]: item["value"] for item in shown["summary"]}
    assert values["received"] == 3 and values["arrears_yuan"] == "26000.00"
    assert values["recovered_yuan"] == "15000.00"
    assert round(values["recovery_rate"], 6) == round(15000 / 26000, 6)
    # The 12 months, the townships and the blacklist movements as the workbook has them.
    assert shown["series"]["months"] == [s["month"] for s in figures["series"]]
    assert shown["series"]["arrears_yuan"] == [s["arrears_yuan"] for s in figures["series"]]
    assert shown["series"]["recovered_yuan"] == [s["recovered_yuan"] for s in figures["series"]]
    townships = {r[0]: r for r in book["分镇街"].iter_rows(min_row=4, values_only=True)}
    for name, received in zip(shown["townships"]["labels"], shown["townships"]["received"],
                              strict=True):
        assert townships[name][1] == received
    blacklist = dict(zip(shown["blacklist"]["keys"], shown["blacklist"]["values"], strict=True))
    assert blacklist["listed"] == figures["blacklist"]["listed"]
    assert blacklist["in_force"] == figures["blacklist"]["in_force"]


def test_the_home_page_shows_the_months_figures_and_the_chart_holders(app, client):
    _leader(app, client)
    page = client.get("/?month=2026-10")
    text = text_of(page)
    html = page.get_data(as_text=True)
    assert "统计期 2026-10-01 至 2026-10-31" in text and "口径与月度监察报告相同" in text
    assert "收到投诉（件） 3" in text and "涉欠金额（元） 26,000.00" in text
    assert "清欠率（%） 57.7" in text  # 15,000 of 26,000 yuan
    for chart in ("chart-months", "chart-rate", "chart-townships", "chart-sectors",
                  "chart-blacklist", "chart-handlers"):
        assert f'id="{chart}"' in html
    assert 'data-source="/leader/figures.json?month=2026-10"' in html
    # Under each chart, its figures as a table whose first column links to the same list.
    assert "数据与清单" in html and html.count('class="small mt-1 chart-data"') == 6
    assert "金山桥街道 2 14,000.00 5,000.00" in text  # received, owed and recovered yuan
    # The library is served from the app itself, never a CDN; no inline script.
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js?v=' in html
    assert "http" not in "".join(line for line in html.splitlines() if "<script" in line)
    assert "<script>" not in html


def test_a_month_not_offered_falls_back_to_the_current_month(app, client):
    _leader(app, client)
    shown = client.get("/leader/figures.json?month=1999-01").get_json()
    assert shown["month"] == today().strftime("%Y-%m")


def test_each_chart_links_to_the_list_behind_it(app, client):
    data = _leader(app, client)
    shown = client.get("/leader/figures.json?month=2026-10").get_json()
    jinshan = shown["townships"]["labels"].index("金山桥街道")
    link = shown["links"]["townships"][jinshan]
    query = parse_qs(urlsplit(link).query)
    assert query == {"township": [str(data.jinshan.id)], "received_from": ["2026-10-01"],
                     "received_to": ["2026-10-31"]}
    listed = text_of(client.get(link))
    assert data.cases["a"].number in listed and data.cases["b"].number in listed
    assert data.cases["c"].number not in listed and data.cases["e"].number not in listed
    october = shown["series"]["months"].index("2026-10")
    assert data.cases["c"].number in text_of(client.get(shown["links"]["series"][october]))


def test_overdue_cases_per_handler_add_up_and_link_to_the_handlers_list(app, client):
    data = _leader(app, client)
    other = make_user(role=Role.CLERK, username="second-clerk", display_name="第二承办人",
                      office=data.office)
    data.cases["e"].handler_id = other.id
    data.cases["e"].next_due_on = today().replace(day=1) if today().day > 1 else today()
    data.cases["c"].next_due_on = today() - timedelta(days=3)
    db.session.commit()
    shown = client.get("/leader/figures.json?month=2026-10").get_json()
    past = next(i["value"] for i in shown["summary"] if i["key"] == "past_deadline")
    assert sum(shown["handlers"]["values"]) == past
    assert data.clerk.display_name in shown["handlers"]["labels"]
    index = shown["handlers"]["labels"].index(data.clerk.display_name)
    listed = text_of(client.get(shown["links"]["handlers"][index]))
    assert data.cases["c"].number in listed and data.cases["e"].number not in listed
    selected = client.get(shown["links"]["handlers"][index]).get_data(as_text=True)
    assert f'name="handler" placeholder="姓名或账号" type="text" value="{data.clerk.display_name}"' in selected


def test_another_offices_leader_sees_only_their_own_office(app, client):
    build()
    elsewhere = make_office(code="ELSE", townships=("别处街道",))
    make_user(role=Role.LEADER, username="else-leader", office=elsewhere)
    assert login(app, client, "else-leader").status_code == 302
    shown = client.get("/leader/figures.json?month=2026-10").get_json()
    assert shown["office"] == elsewhere.name
    assert sum(shown["series"]["new_cases"]) == 0 and shown["townships"]["labels"] == ["别处街道"]


def test_the_figures_are_reused_briefly_per_office_and_month(app, client, monkeypatch):
    _leader(app, client)
    calls = []
    real = leader_figures.screen_figures
    monkeypatch.setattr("wagewatch.web.main.leader_home.screen_figures",
                        lambda *a: calls.append(1) or real(*a))
    client.get("/leader/figures.json?month=2026-10")
    client.get("/?month=2026-10")
    assert len(calls) == 1
    client.get("/leader/figures.json?month=2026-09")
    assert len(calls) == 2
    app.config["LEADER_FIGURES_CACHE_SECONDS"] = 0
    client.get("/leader/figures.json?month=2026-10")
    assert len(calls) == 3


def test_clerks_and_police_get_no_leader_figures(app, client, login_as):
    login_as(Role.CLERK)
    assert client.get("/leader/figures.json").status_code == 403
    assert 'id="leader-charts"' not in client.get("/").get_data(as_text=True)


def test_the_vendored_chart_library_is_pinned_with_its_licence(app, client):
    assert hashlib.sha256(CHART_JS.read_bytes()).hexdigest() == CHART_JS_SHA256
    assert "MIT License" in (CHART_JS.parent / "LICENSE.md").read_text()
    assert "4.5.1" in (CHART_JS.parent / "README.md").read_text()
    assert client.get("/static/vendor/chartjs/chart.umd.min.js").status_code == 200
