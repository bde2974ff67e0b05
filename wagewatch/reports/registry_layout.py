"""Laying out registry workbooks: header rows, text and date formats, drop-down lists, the
instructions sheet; shared by the import template and the full-registry export (XlsxWriter,
constant memory, through the safe cells of reports/xlsx_stream.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from xlsxwriter.utility import quote_sheetname, xl_col_to_name

from wagewatch.reports.registry_format import (
    FIRST_DATA_ROW, GENERAL_INSTRUCTIONS, INSTRUCTIONS_SHEET, LISTS_SHEET, SHEETS, TEXT_FORMAT,
    Column, Kind, display_header,
)
from wagewatch.reports.xlsx import DATE_FORMAT, YUAN_FORMAT
from wagewatch.reports.xlsx_stream import StreamBook, StreamSheet, print_setup, stream_workbook

#: Drop-downs and formats cover this many rows of a template or export sheet.
VALIDATED_ROWS = 20_000
MONTHS_FORMAT = "0.0"
NUMBER_FORMATS = {Kind.CODE: TEXT_FORMAT, Kind.DATE: DATE_FORMAT, Kind.YUAN: YUAN_FORMAT,
                  Kind.DECIMAL: MONTHS_FORMAT, Kind.INTEGER: "0", Kind.PERCENT: "0",
                  Kind.DATETIME: TEXT_FORMAT}


def _drop_down_columns() -> list[tuple[str, Column]]:
    return [(name, column) for name, columns in SHEETS.items() for column in columns
            if column.kind in (Kind.CHOICE, Kind.YES_NO)]


def _list_ranges() -> dict[tuple[str, str], str]:
    """Where each drop-down's values sit on the hidden lists sheet, by (sheet, column key)."""
    return {(name, column.key): (f"{quote_sheetname(LISTS_SHEET)}!${xl_col_to_name(i)}$2:"
                                 f"${xl_col_to_name(i)}${len(column.dropdown) + 1}")
            for i, (name, column) in enumerate(_drop_down_columns())}


def _lists_sheet(book: StreamBook) -> None:
    """The hidden sheet with one column per drop-down (the ranges of ``_list_ranges``)."""
    sheet = book.add_sheet(LISTS_SHEET)
    sheet.sheet.hide()
    lists = _drop_down_columns()
    sheet.append([f"{name}·{column.header}" for name, column in lists], kind="header")
    for row in range(max(len(column.dropdown) for _, column in lists)):
        sheet.append([column.dropdown[row] if row < len(column.dropdown) else None
                      for _, column in lists])


def start_sheet(book: StreamBook, name: str, ranges: dict[tuple[str, str], str],
                rows: int = VALIDATED_ROWS) -> StreamSheet:
    """A registry sheet with widths, column formats, drop-downs and its header row written;
    its data rows then take each column's number format (text for codes)."""
    columns = SHEETS[name]
    formats = [NUMBER_FORMATS.get(column.kind) for column in columns]
    stream = book.add_sheet(name, formats)
    sheet = stream.sheet
    sheet.freeze_panes(FIRST_DATA_ROW - 1, 0)
    print_setup(sheet, FIRST_DATA_ROW - 1)
    stream.columns([column.width for column in columns], formats)  # cells typed in later too
    for index, column in enumerate(columns):
        if (name, column.key) in ranges:
            sheet.data_validation(FIRST_DATA_ROW - 1, index, FIRST_DATA_ROW + rows - 2, index, {
                "validate": "list", "source": f"={ranges[(name, column.key)]}",
                "ignore_blank": True, "show_error": True, "error_title": "请从列表中选择",
                "error_message": f"“{column.header}”只能填写：{'、'.join(column.dropdown)}"})
    for index, column in enumerate(columns):
        stream.put(0, index, display_header(column),
                   kind="required" if column.required else "header")
    stream.row = FIRST_DATA_ROW - 1
    return stream


def _kind_text(column: Column) -> str:
    return {Kind.TEXT: "文本", Kind.CODE: "文本（按文本填写）", Kind.DATE: "日期",
            Kind.YUAN: "金额（元，两位小数）", Kind.DECIMAL: "数字（一位小数）",
            Kind.INTEGER: "整数", Kind.CHOICE: "从下拉列表选择", Kind.YES_NO: "是/否",
            Kind.DATETIME: "时间（北京时间，按文本填写）", Kind.PERCENT: "百分数（整数）"}[column.kind]


def instructions_sheet(book: StreamBook) -> None:
    """The sheet explaining the workbook and every column, in Chinese."""
    sheet = book.add_sheet(INSTRUCTIONS_SHEET)
    print_setup(sheet.sheet, 0)
    sheet.columns((10, 26, 8, 18, 40, 80))
    sheet.append(["欠薪案件登记簿（导入模板和全量导出） 填写说明"], kind="header")
    for line in GENERAL_INSTRUCTIONS:
        sheet.append([line])
    sheet.append([])
    sheet.append(["工作表", "列名", "必填", "格式", "可选值", "说明"], kind="header")
    for name, columns in SHEETS.items():
        for column in columns:
            limit = f"（不超过{column.max_length}字）" if column.max_length else ""
            sheet.append([name, display_header(column), "是" if column.required else "否",
                          _kind_text(column) + limit, "、".join(column.dropdown), column.help])


@contextmanager
def new_registry_workbook(output: str | IO[bytes]) -> Iterator[dict[str, StreamSheet]]:
    """A constant-memory workbook with every data sheet of the format started (by name), the
    instructions and the hidden lists sheet; rows are then appended to the sheets in any
    interleaving. Saved to ``output`` when the block ends without an error; its scratch files
    are removed however it ends."""
    with stream_workbook(output) as book:
        ranges = _list_ranges()  # the lists sheet comes last, its ranges are known up front
        sheets = {name: start_sheet(book, name, ranges) for name in SHEETS}
        instructions_sheet(book)
        _lists_sheet(book)
        yield sheets


def append_row(sheet: StreamSheet, columns: Sequence[Column], values: dict) -> None:
    """The next data row of a registry sheet from the plain values by column key."""
    sheet.append([values.get(column.key) for column in columns])


def write_template(output: str | IO[bytes]) -> None:
    """The empty import template: headers, formats, drop-downs and the instructions sheet."""
    with new_registry_workbook(output):
        pass
