"""The full-registry export and the import template: sheets, headers, formats, masking, safety."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from wagewatch.extensions import db
from wagewatch.models import Case, Role
from wagewatch.reports.registry import write_registry
from wagewatch.reports.registry_format import CASE_COLUMNS, WORKER_COLUMNS, display_header
from wagewatch.reports.registry_layout import write_template

from tests.factories import make_user
from tests.reports.registry_factories import INJECTIONS, exported, make_registry, person_id


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _column(sheet, header: str) -> list:
    index = next(c.column for c in sheet[1] if c.value.rstrip("*") == header)
    return [sheet.cell(row=r, column=index) for r in range(2, sheet.max_row + 1)]


def _column_format(sheet, letter: str) -> str:
    """The number format of a whole column (neighbouring columns alike are stored as one range)."""
    index = openpyxl.utils.column_index_from_string(letter)
    return next((d.number_format for d in sheet.column_dimensions.values()
                 if d.min <= index <= d.max), "General")


def test_the_export_has_every_case_and_worker_with_text_identifiers(app):
    clerk = make_user(role=Role.CLERK)
    make_registry(30, clerk=clerk)
    numbers = list(db.session.scalars(db.select(Case.number).order_by(Case.id)))
    book = _book(exported(clerk.office_id))
    assert book.sheetnames == ["案件", "工人", "限期支付", "限期支付明细", "清欠", "清欠分配",
                               "移送公安", "黑名单", "列入人员", "填写说明", "选项"]
    cases, workers = book["案件"], book["工人"]
    assert [c.value for c in cases[1]] == [display_header(c) for c in CASE_COLUMNS]
    assert [c.value for c in workers[1]] == [display_header(c) for c in WORKER_COLUMNS]
    assert [c.value for c in _column(cases, "案号")] == numbers
    ids = _column(workers, "身份证号码")
    assert len(ids) == sum(1 + i % 3 for i in range(30))
    assert ids[0].value == person_id(0) and ids[0].data_type == "s" and ids[0].number_format == "@"
    assert all(c.number_format == "@" for c in _column(cases, "统一社会信用代码") if c.value)
    assert _column_format(cases, "N") == "@"  # 统一社会信用代码, empty cells typed in later too
    assert _column(workers, "主张金额（元）")[0].value == 1000  # a number, formatted in yuan
    assert cases.freeze_panes == "A2"


def test_without_unmask_id_numbers_and_phones_are_masked(app):
    clerk = make_user(role=Role.CLERK)
    make_registry(3, clerk=clerk)
    workers = _book(exported(clerk.office_id, unmask=False))["工人"]
    first = person_id(0)
    assert _column(workers, "身份证号码")[0].value == first[:4] + "*" * 10 + first[-4:]
    assert _column(workers, "手机号码")[0].value == "138****0000"


def test_formula_looking_names_stay_text_and_the_sheets_have_no_formula(app):
    clerk = make_user(role=Role.CLERK)
    make_registry(60, clerk=clerk)
    data = exported(clerk.office_id)
    book = _book(data)
    employers = {c.value for c in _column(book["案件"], "用人单位名称")}
    workers = {c.value for c in _column(book["工人"], "姓名")}
    assert set(INJECTIONS) <= employers and set(INJECTIONS) <= workers
    hyperlink = next(c for c in _column(book["案件"], "用人单位名称") if c.value == INJECTIONS[0])
    assert hyperlink.data_type == "s" and hyperlink.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 11
        for name in sheets:
            assert "<f>" not in archive.read(name).decode()


def test_progress_is_reported_per_batch_with_the_total(app, monkeypatch):
    from wagewatch.reports import registry

    clerk = make_user(role=Role.CLERK)
    make_registry(25, clerk=clerk)
    monkeypatch.setattr(registry, "BATCH", 10)
    seen = []
    count = write_registry(clerk.office_id, io.BytesIO(), unmask=False,
                           on_progress=lambda done, total: seen.append((done, total)))
    assert count == 25 and seen == [(10, 25), (20, 25), (25, 25)]


def test_the_template_has_drop_downs_text_columns_and_instructions(app):
    buffer = io.BytesIO()
    write_template(buffer)
    book = _book(buffer.getvalue())
    cases, workers = book["案件"], book["工人"]
    assert cases.max_row == 1 and workers.max_row == 1  # headers only, no example row
    lists = book["选项"]
    assert lists.sheet_state == "hidden"
    validations = {str(v.sqref): v.formula1 for v in cases.data_validations.dataValidation}
    status_range = validations["G2:G20001"].split("!")[1].replace("$", "")
    status_labels = [c.value for row in lists[status_range] for c in row]
    assert status_labels == ["已登记待受理", "不予受理", "已立案调查", "已责令限期支付", "已办结",
                             "已撤销立案", "已移送"]
    channel_range = validations["D2:D20001"].split("!")[1].replace("$", "")
    assert lists[channel_range][0][0].value == "窗口来访"
    choice_columns = [c for c in CASE_COLUMNS if c.kind in ("choice", "yes_no")]
    assert len(validations) == len(choice_columns)
    for letter in ("B", "N", "O"):  # 案号, 统一社会信用代码, 用人单位负责人身份证号码
        assert _column_format(cases, letter) == "@"
    assert _column_format(workers, "C") == "@"  # 身份证号码
    assert _column_format(workers, "D") == "@"  # 手机号码
    described = {row[1].value for row in book["填写说明"].iter_rows(min_row=10) if row[1].value}
    assert {display_header(c) for c in (*CASE_COLUMNS, *WORKER_COLUMNS)} <= described
