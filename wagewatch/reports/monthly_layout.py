"""Sheet layout of the monthly report: title rows, headers, data and totals rows, number formats
and the A4 landscape print setup; every string goes through reports/xlsx.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wagewatch.reports.monthly_figures import RATE, YUAN
from wagewatch.reports.xlsx import HEADER_FILL, YUAN_FORMAT, set_text, set_value

COUNT_FORMAT = "0"
RATE_FORMAT = "0.0%"
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class Column:
    """One column: its header (with unit) and how its values are formatted."""

    header: str
    unit: str = ""
    width: int = 13

    @property
    def number_format(self) -> str | None:
        if self.unit == YUAN:
            return YUAN_FORMAT
        if self.unit == RATE:
            return RATE_FORMAT
        if self.unit:
            return COUNT_FORMAT
        return None


def format_for(unit: str) -> str | None:
    return Column("", unit).number_format


def new_sheet(workbook: Workbook, name: str, title: str, caption: str,
              columns: Sequence[Column]) -> Worksheet:
    """A sheet with the title row (office, month, period), a caption row, the header row,
    frozen panes below the headers, column widths and the print setup."""
    sheet = workbook.create_sheet(title=name[:31])
    last = max(len(columns), 2)
    title_cell = set_text(sheet, 1, 1, title)
    title_cell.font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    set_text(sheet, 2, 1, caption).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    sheet.row_dimensions[2].height = 32
    for index, column in enumerate(columns, start=1):
        header = set_text(sheet, HEADER_ROW, index, column.header)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.border = BOX
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 45
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=2)
    print_setup(sheet)
    return sheet


def print_setup(sheet: Worksheet) -> None:
    """A4 landscape, fit to one page wide (any number of pages tall), title and header rows
    repeated on every page, page numbers in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_row(sheet: Worksheet, row: int, values: Sequence[object], columns: Sequence[Column],
              *, bold: bool = False) -> None:
    """One data or totals row; numbers get their column's format, strings stay text."""
    for index, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        if value is None:
            target = sheet.cell(row=row, column=index)
        else:
            target = set_value(sheet, row, index, value, column.number_format
                               if not isinstance(value, str) else None)
        target.border = BOX
        if bold:
            target.font = Font(bold=True)


def write_table(sheet: Worksheet, rows: Sequence[Sequence[object]], columns: Sequence[Column],
                totals: Sequence[object] | None = None) -> int:
    """Data rows from the first data row, then a bold totals row (values, never formulas);
    returns the next free row."""
    row = FIRST_DATA_ROW
    for values in rows:
        write_row(sheet, row, values, columns)
        row += 1
    if totals is not None:
        write_row(sheet, row, totals, columns, bold=True)
        row += 1
    return row


def rate(numerator: int, denominator: int) -> float | None:
    """A share as a fraction for the 0.0% format; None (an empty cell) when nothing to divide."""
    return round(numerator / denominator, 6) if denominator else None
