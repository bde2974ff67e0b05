"""Sheet layout of the monthly report: title rows, headers, data and totals rows, number formats
and the A4 landscape print setup (reports/xlsx.py print_setup); every string goes through reports/xlsx.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wagewatch.reports.monthly_figures import RATE, YUAN
from wagewatch.reports.xlsx import (
    BODY_FONT, BOLD_FONT, HEADER_ALIGNMENT, HEADER_FILL, TITLE_ALIGNMENT, TITLE_FONT, TITLE_SIZE, YUAN_FORMAT,
    display_width, print_setup, row_height, set_text, set_value,
)

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
    def lines(self) -> str:
        """The header as printed: the unit on its own line, so a narrow column never breaks
        inside the brackets."""
        cut = self.header.rfind("（")
        if cut > 0 and self.header.endswith("）"):
            return f"{self.header[:cut]}\n{self.header[cut:]}"
        return self.header

    @property
    def print_width(self) -> int:
        """The column width: wide enough for the longest header line."""
        return max(self.width, max(display_width(line) for line in self.lines.split("\n")) + 2)

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
    width = sum(c.print_width for c in columns) if len(columns) > 1 else 40
    title_cell = set_text(sheet, 1, 1, title)
    title_cell.font = TITLE_FONT
    title_cell.alignment = TITLE_ALIGNMENT
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    sheet.row_dimensions[1].height = row_height(title, width, TITLE_SIZE)
    caption_cell = set_text(sheet, 2, 1, caption)
    caption_cell.font = BODY_FONT
    caption_cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    sheet.row_dimensions[2].height = row_height(caption, width)
    for index, column in enumerate(columns, start=1):
        header = set_text(sheet, HEADER_ROW, index, column.lines)
        header.font = BOLD_FONT
        header.fill = HEADER_FILL
        header.border = BOX
        header.alignment = HEADER_ALIGNMENT
        sheet.column_dimensions[get_column_letter(index)].width = column.print_width
    sheet.row_dimensions[HEADER_ROW].height = max(row_height(c.lines, c.print_width)
                                                  for c in columns)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=2)
    print_setup(sheet, HEADER_ROW)
    return sheet


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
        target.font = BOLD_FONT if bold else BODY_FONT


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
