"""The monthly report notes deadlines counted on a year whose holiday schedule is not complete (暂定)."""

import io
from datetime import date

import openpyxl

from wagewatch.models import Role
from wagewatch.reports.monthly import collect
from wagewatch.reports.monthly_workbook import render
from wagewatch.rules.report_period import report_period
from wagewatch.services.reports.monthly_reports import _frozen

from tests.factories import make_user
from tests.web.cases.factories import register


def _summary_rows(figures) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(render(_frozen(figures), "预览（未签发）")))
    return [row for row in book["汇总"].iter_rows(values_only=True) if row[0]]


def test_a_deadline_in_an_unknown_year_adds_a_note_row_to_the_report(app):
    clerk = make_user(role=Role.CLERK, username="clerk-provisional")
    register(clerk=clerk, received_on=date(2026, 12, 28))  # acceptance due in 2027, not yet known
    register(clerk=clerk, received_on=date(2026, 11, 2))
    figures = collect(clerk.office, report_period("2026-12"), date(2026, 12, 31))
    assert figures["provisional"]["cases"] == 1 and figures["provisional"]["years"] == [2027]
    notes = [row for row in _summary_rows(figures) if row[0] == "注：暂定期限"]
    assert len(notes) == 1
    assert notes[0][3].startswith("暂定：1件在办案件的办理期限落在2027年")
    book = openpyxl.load_workbook(io.BytesIO(render(_frozen(figures), "预览（未签发）")))
    assert "暂定：1件在办案件" in book["立案结案"]["A2"].value


def test_no_note_row_when_every_deadline_is_known(app):
    clerk = make_user(role=Role.CLERK, username="clerk-known")
    register(clerk=clerk, received_on=date(2026, 11, 2))
    figures = collect(clerk.office, report_period("2026-11"), date(2026, 11, 30))
    assert figures["provisional"]["note"] == ""
    assert all(row[0] != "注：暂定期限" for row in _summary_rows(figures))


def test_a_snapshot_issued_before_the_note_existed_still_renders(app):
    clerk = make_user(role=Role.CLERK, username="clerk-old")
    register(clerk=clerk, received_on=date(2026, 12, 28))
    figures = collect(clerk.office, report_period("2026-12"), date(2026, 12, 31))
    del figures["provisional"]
    assert all(row[0] != "注：暂定期限" for row in _summary_rows(figures))
