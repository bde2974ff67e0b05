"""Laying out registry workbooks: header rows, text and date formats, drop-down lists, the
instructions sheet; shared by the import template and the full-registry export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from wagewatch.reports.registry_format import (
    CASE_SHEET, FIRST_DATA_ROW, GENERAL_INSTRUCTIONS, INSTRUCTIONS_SHEET, LISTS_SHEET, SHEETS,
    TEXT_FORMAT, WORKER_SHEET, Column, Kind, display_header,
)
from wagewatch.reports.xlsx import DATE_FORMAT, YUAN_FORMAT, cell, new_workbook

#: Drop-downs and formats cover this many rows of a template or export sheet.
VALIDATED_ROWS = 20_000
MONTHS_FORMAT = "0.0"
NUMBER_FORMATS = {Kind.CODE: TEXT_FORMAT, Kind.DATE: DATE_FORMAT, Kind.YUAN: YUAN_FORMAT,
                  Kind.DECIMAL: MONTHS_FORMAT, Kind.INTEGER: "0"}
REQUIRED_FONT = Font(bold=True, color="C00000")


def data_cell(sheet: WriteOnlyWorksheet, column: Column, value: object) -> WriteOnlyCell:
    """A data cell through the safe writer, with the column's number format (text for codes)."""
    result = cell(sheet, value)
    number_format = NUMBER_FORMATS.get(column.kind)
    if number_format:
        result.number_format = number_format
    return result


def _drop_down_columns() -> list[tuple[str, Column]]:
    return [(name, column) for name, columns in SHEETS.items() for column in columns
            if column.kind in (Kind.CHOICE, Kind.YES_NO)]


def _list_ranges() -> dict[tuple[str, str], str]:
    """Where each drop-down's values sit on the hidden lists sheet, by (sheet, column key)."""
    return {(name, column.key): (f"{quote_sheetname(LISTS_SHEET)}!${get_column_letter(i)}$2:"
                                 f"${get_column_letter(i)}${len(column.dropdown) + 1}")
            for i, (name, column) in enumerate(_drop_down_columns(), start=1)}


def _lists_sheet(workbook: Workbook) -> None:
    """The hidden sheet with one column per drop-down (the ranges of ``_list_ranges``)."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    lists = _drop_down_columns()
    sheet.append([cell(sheet, f"{name}·{column.header}", bold=True) for name, column in lists])
    for row in range(max(len(column.dropdown) for _, column in lists)):
        sheet.append([cell(sheet, column.dropdown[row]) if row < len(column.dropdown) else None
                      for _, column in lists])


def start_sheet(workbook: Workbook, name: str, ranges: dict[tuple[str, str], str],
                rows: int = VALIDATED_ROWS) -> WriteOnlyWorksheet:
    """A registry sheet with widths, column formats, drop-downs and its header row written."""
    columns = SHEETS[name]
    sheet = workbook.create_sheet(name)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    last = FIRST_DATA_ROW + rows - 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.kind in NUMBER_FORMATS:
            dimension.number_format = NUMBER_FORMATS[column.kind]  # cells typed in later too
        if (name, column.key) in ranges:
            validation = DataValidation(
                type="list", formula1=f"={ranges[(name, column.key)]}", allow_blank=True,
                showErrorMessage=True, errorTitle="请从列表中选择",
                error=f"“{column.header}”只能填写：{'、'.join(column.dropdown)}")
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            sheet.data_validations.append(validation)
    header = []
    for column in columns:
        title = cell(sheet, display_header(column), bold=True)
        if column.required:
            title.font = REQUIRED_FONT
        header.append(title)
    sheet.append(header)
    return sheet


def _kind_text(column: Column) -> str:
    return {Kind.TEXT: "文本", Kind.CODE: "文本（按文本填写）", Kind.DATE: "日期",
            Kind.YUAN: "金额（元，两位小数）", Kind.DECIMAL: "数字（一位小数）",
            Kind.INTEGER: "整数", Kind.CHOICE: "从下拉列表选择", Kind.YES_NO: "是/否"}[column.kind]


def instructions_sheet(workbook: Workbook) -> None:
    """The sheet explaining the workbook and every column, in Chinese."""
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    for letter, width in zip("ABCDEF", (10, 26, 8, 18, 40, 80)):
        sheet.column_dimensions[letter].width = width
    sheet.append([cell(sheet, "欠薪案件导入模板 填写说明", bold=True)])
    for line in GENERAL_INSTRUCTIONS:
        sheet.append([cell(sheet, line)])
    sheet.append([])
    sheet.append([cell(sheet, h, bold=True) for h in ("工作表", "列名", "必填", "格式", "可选值",
                                                         "说明")])
    for name, columns in SHEETS.items():
        for column in columns:
            limit = f"（不超过{column.max_length}字）" if column.max_length else ""
            sheet.append([cell(sheet, name), cell(sheet, display_header(column)),
                          cell(sheet, "是" if column.required else "否"),
                          cell(sheet, _kind_text(column) + limit),
                          cell(sheet, "、".join(column.dropdown)), cell(sheet, column.help)])


@contextmanager
def new_registry_workbook() -> Iterator[tuple[Workbook, WriteOnlyWorksheet, WriteOnlyWorksheet]]:
    """A write-only workbook with the case and worker sheets started, the instructions and the
    hidden lists sheet; rows are then appended to the two sheets in any interleaving. Its
    scratch files are removed when the block ends, however it ends."""
    with new_workbook() as workbook:
        ranges = _list_ranges()  # the lists sheet comes last, its ranges are known up front
        cases = start_sheet(workbook, CASE_SHEET, ranges)
        workers = start_sheet(workbook, WORKER_SHEET, ranges)
        instructions_sheet(workbook)
        _lists_sheet(workbook)
        yield workbook, cases, workers


def append_row(sheet: WriteOnlyWorksheet, columns: Sequence[Column], values: dict) -> None:
    sheet.append([data_cell(sheet, column, values.get(column.key)) for column in columns])


def write_template(output: str | IO[bytes]) -> None:
    """The empty import template: headers, formats, drop-downs and the instructions sheet."""
    with new_registry_workbook() as (workbook, _, _):
        workbook.save(output)
