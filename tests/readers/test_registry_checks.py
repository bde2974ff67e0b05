"""Registry row checks: a time-barred refusal is judged from the workers' end dates too (S-423 art. 20)."""

from datetime import date
from typing import Any

import pytest

from wagewatch.readers.registry_checks import check_rows
from wagewatch.readers.registry_reader import ParsedRegistry, SheetRow
from wagewatch.reports.registry_format import CASE_SHEET, WORKER_SHEET, SHEETS


def _parsed(case_end: date | None, work_to: date | None) -> ParsedRegistry:
    case: dict[str, Any] = {column.key: None for column in SHEETS[CASE_SHEET]}
    case.update(row_key=1, number="经开劳监〔2026〕0001号", received_on=date(2026, 11, 2),
                status="not_accepted", closed_on=date(2026, 11, 5), not_accepted_reason="time_barred",
                employer_name="徐州某某劳务有限公司", employer_kind="company", violation_ended_on=case_end)
    worker: dict[str, Any] = {column.key: None for column in SHEETS[WORKER_SHEET]}
    worker.update(case_row_key=1, name="王大力", work_from=date(2023, 3, 1), work_to=work_to)
    return ParsedRegistry(cases=[SheetRow(3, case)], workers=[SheetRow(3, worker)])


@pytest.mark.parametrize(("case_end", "work_to", "refused"), [
    (date(2024, 11, 1), date(2024, 11, 1), False),   # both ended 2 years and a day before receipt
    (date(2024, 11, 1), date(2025, 5, 31), True),    # the worker worked on: not time-barred
    (None, date(2024, 11, 1), False),                # the worker's end date alone suffices
    (None, date(2024, 11, 2), True),                 # exactly 2 years: in time
])
def test_a_time_barred_refusal_reads_the_workers_end_dates(case_end, work_to, refused):
    parsed = _parsed(case_end, work_to)
    check_rows(parsed, date(2026, 12, 1))
    messages = [e.message for e in parsed.errors if "超过2年" in e.message]
    assert bool(messages) is refused, parsed.errors
