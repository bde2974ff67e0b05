"""Issuing the monthly report: a frozen snapshot that reproduces, versions with reasons."""

import hashlib
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, CaseWorker, MonthlyReport
from wagewatch.services import ServiceError
from wagewatch.services.reports import monthly_reports

from tests.reports.monthly_data import build


def _total_received(data: bytes) -> int:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["分镇街"]
    total = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "合计")[1]
    assert isinstance(total, int), total
    return total


def _actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_an_issued_report_reproduces_after_cases_change(app):
    data = build()
    report = monthly_reports.issue(data.office, "2026-10", data.clerk)
    assert (report.version, report.first_day, report.last_day) == (1, date(2026, 10, 1),
                                                                   date(2026, 10, 31))
    assert report.sha256 == hashlib.sha256(report.workbook).hexdigest()
    assert "monthly_report.issue" in _actions()
    # A late correction: a claim in an October case doubles.
    worker = db.session.scalar(db.select(CaseWorker).where(
        CaseWorker.case_id == data.cases["c"].id).limit(1))
    worker.claimed_yuan = Decimal("40000.00")
    db.session.commit()
    again = monthly_reports.download(db.session.get(MonthlyReport, report.id), data.clerk)
    assert hashlib.sha256(again).hexdigest() == report.sha256
    assert _total_received(again) == 3
    assert report.figures["series"][-1]["arrears_yuan"] == "26000.00"
    assert _actions()[-1] == "export.monthly_report"
    # The preview shows the data as it is now.
    preview = openpyxl.load_workbook(io.BytesIO(
        monthly_reports.preview(data.office, "2026-10", data.clerk)))
    assert "预览（未签发）" in preview["汇总"]["A2"].value
    rows = {r[0]: r[1] for r in preview["汇总"].iter_rows(min_row=4, values_only=True)}
    assert rows["涉欠金额"] == 26000 - 4000 + 40000
    assert db.session.scalar(db.select(db.func.count()).select_from(MonthlyReport)) == 1


def test_reissuing_needs_a_reason_and_keeps_the_old_version(app):
    data = build()
    first = monthly_reports.issue(data.office, "2026-10", data.clerk)
    with pytest.raises(ServiceError, match="须填写理由") as refused:
        monthly_reports.issue(data.office, "2026-10", data.clerk, "  ")
    assert refused.value.field == "reason"
    data.cases["e"].received_on = date(2026, 10, 30)  # a case registered with the wrong date
    db.session.commit()
    second = monthly_reports.issue(data.office, "2026-10", data.clerk, "更正1件案件的收到日期")
    assert (second.version, second.reissue_reason) == (2, "更正1件案件的收到日期")
    assert _total_received(second.workbook) == 4
    assert _total_received(db.session.get(MonthlyReport, first.id).workbook) == 3
    assert "第2版" in openpyxl.load_workbook(io.BytesIO(second.workbook))["汇总"]["A2"].value
    assert monthly_reports.latest(data.office.id, "2026-10").id == second.id
    assert [(r.period, r.version) for r in monthly_reports.versions(data.office.id)] == [
        ("2026-10", 2), ("2026-10", 1)]


@pytest.mark.parametrize(("month", "message"), [
    ("2026-13", "月份须在01-12之间"), ("2099-01", "结束后才能签发"), ("10/2026", "月份格式"),
])
def test_a_month_that_cannot_be_issued_is_refused(app, month, message):
    data = build()
    with pytest.raises(ServiceError, match=message) as refused:
        monthly_reports.issue(data.office, month, data.clerk)
    assert refused.value.field == "month"
    assert db.session.scalar(db.select(db.func.count()).select_from(MonthlyReport)) == 0


def test_the_office_cutoff_day_is_recorded_with_the_version(app):
    data = build()
    data.office.report_cutoff_day = 25
    db.session.commit()
    report = monthly_reports.issue(data.office, "2026-10", data.clerk)
    assert (report.cutoff_day, report.first_day, report.last_day) == (
        25, date(2026, 9, 26), date(2026, 10, 25))
    assert "每月25日" in openpyxl.load_workbook(io.BytesIO(report.workbook))["汇总"]["A2"].value
