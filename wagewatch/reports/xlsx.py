"""Writing workbooks safely (security.md item 15): text that looks like a formula stays text,
control characters go, long text is never cut silently; the rules shared by every workbook and
the openpyxl cells of the monthly report (set_text, set_value). Bulk exports stream through
reports/xlsx_stream.py with the same rules."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

#: Strings starting with these are read as formulas by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CELL_TEXT = 32_767
CUT_MARK = "……（内容过长，超出单元格上限，已截断，完整内容见系统）"
YUAN_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
#: One CJK font named on every workbook and styled cell, so no program falls back to a serif
#: Latin font (LibreOffice substitutes its own CJK Song face where 宋体 is not installed).
FONT_NAME = "宋体"
BODY_FONT = Font(name=FONT_NAME, size=11)
BOLD_FONT = Font(name=FONT_NAME, size=11, bold=True)
TITLE_SIZE = 14
TITLE_FONT = Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_ALIGNMENT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def use_cjk_font(workbook: Workbook) -> None:
    """Make the CJK body font the workbook's default (the font of every cell not styled
    otherwise); call before any cell is styled."""
    # openpyxl keeps the default font first; its stubs leave this list out.
    workbook._fonts = IndexedList([BODY_FONT])  # type: ignore[attr-defined]


def display_width(text: str) -> int:
    """Width of ``text`` in column-width units at 11 pt: two for a CJK character, one else."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def row_height(text: str, width: float, size: int = 11) -> float:
    """Height in points of a wrapped row holding ``text`` across ``width`` column units."""
    lines = 0
    for part in text.split("\n"):
        needed = display_width(part) * size / 11 * 1.1
        lines += max(1, -(-int(needed) // max(int(width) - 2, 1)))
    return round(lines * size * 1.45 + 4, 1)


def print_setup(sheet: Worksheet, title_rows: int, *,
                landscape: bool = True, one_page: bool = False) -> None:
    """A4 as a leader forwards it: fitted to one page wide (any number tall, or one page for
    a chart), the first ``title_rows`` rows repeated on every page, page numbers in the
    footer."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0
    page_setup_properties = sheet.sheet_properties.pageSetUpPr
    assert page_setup_properties is not None  # openpyxl makes one with every sheet
    page_setup_properties.fitToPage = True
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    odd_footer = sheet.oddFooter
    assert odd_footer is not None and odd_footer.center is not None  # openpyxl makes them all
    footer = odd_footer.center
    footer.text = "第 &P 页，共 &N 页"
    footer.font = FONT_NAME


def clean_text(value: str) -> str:
    """Control characters removed; text over the cell limit cut with a visible mark."""
    text = value if value.isprintable() else CONTROL_CHARACTERS.sub("", value)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - len(CUT_MARK)] + CUT_MARK
    return text


def set_text(sheet: Worksheet, row: int, column: int, value: str) -> Cell | MergedCell:
    """Write a string to a normal-mode cell as text (never a formula), cleaned as above."""
    text = clean_text(value)
    target = sheet.cell(row=row, column=column)
    target.value = text
    target.data_type = "s"  # openpyxl would turn "=..." into a live formula
    target.quotePrefix = text.startswith(FORMULA_STARTS)
    return target


def set_value(sheet: Worksheet, row: int, column: int, value: Any,
              number_format: str | None = None) -> Cell | MergedCell:
    """Write any value to a normal-mode cell: strings through set_text, numbers and dates with
    a number format (yuan and dates by default)."""
    if isinstance(value, str):
        return set_text(sheet, row, column, value)
    target = sheet.cell(row=row, column=column)
    target.value = value
    if number_format:
        target.number_format = number_format
    elif isinstance(value, Decimal):
        target.number_format = YUAN_FORMAT
    elif isinstance(value, (date, datetime)):
        target.number_format = DATE_FORMAT
    return target
