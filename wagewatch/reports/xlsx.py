"""Writing workbooks safely (security.md item 15): text that looks like a formula stays text,
control characters go, long text is never cut silently, rows stream in constant memory; and
the same rule for normal-mode sheets (set_text, set_value)."""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet

from wagewatch.temp_files import scratch_dir

#: Strings starting with these are read as formulas by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CELL_TEXT = 32_767
CUT_MARK = "……（内容过长，超出单元格上限，已截断，完整内容见系统）"
YUAN_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def clean_text(value: str) -> str:
    """Control characters removed; text over the cell limit cut with a visible mark."""
    text = CONTROL_CHARACTERS.sub("", value)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - len(CUT_MARK)] + CUT_MARK
    return text


def cell(sheet: WriteOnlyWorksheet, value: object, *, bold: bool = False) -> WriteOnlyCell:
    """One cell: strings always as text (never a formula), money and dates with formats."""
    if isinstance(value, str):
        text = clean_text(value)
        result = WriteOnlyCell(sheet, value=text)
        result.data_type = "s"  # openpyxl would turn "=..." into a live formula
        if text.startswith(FORMULA_STARTS):
            result.quotePrefix = True  # and Excel would re-read it as one when edited
    else:
        result = WriteOnlyCell(sheet, value=value)
        if isinstance(value, Decimal):
            result.number_format = YUAN_FORMAT
        elif isinstance(value, (date, datetime)):
            result.number_format = DATE_FORMAT
    if bold:
        result.font = Font(bold=True)
        result.fill = HEADER_FILL
        result.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return result


def write_table(workbook: Workbook, title: str, headers: Sequence[str],
                rows: Iterable[Sequence[object]], widths: Sequence[int] | None = None,
                caption: str | None = None) -> int:
    """Append a sheet with an optional caption row, a frozen header row and the rows; returns
    the number of data rows written (rows are consumed lazily, so memory stays flat)."""
    sheet = workbook.create_sheet(title=title)
    for index, width in enumerate(widths or [16] * len(headers), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3" if caption else "A2"  # set before any row is written
    if caption:
        sheet.append([cell(sheet, caption, bold=True)])
    sheet.append([cell(sheet, h, bold=True) for h in headers])
    count = 0
    for row in rows:
        sheet.append([cell(sheet, value) for value in row])
        count += 1
    return count


class _ScratchWriter(WorksheetWriter):
    """openpyxl's sheet writer on a file in the app's scratch folder (openpyxl's own writer
    uses the system temp directory and keeps the file when an export fails half-way)."""

    def cleanup(self) -> None:
        os.remove(self.out)


class _ScratchSheet(WriteOnlyWorksheet):
    def _get_writer(self) -> None:
        if self._writer is None:
            handle, path = tempfile.mkstemp(suffix=".xml", dir=self.parent.scratch)
            os.close(handle)
            self._writer = _ScratchWriter(self, out=path)
            self._writer.write_top()


class ScratchWorkbook(Workbook):
    """A write-only workbook whose sheets stream into ``scratch`` (constant memory)."""

    def __init__(self, scratch: str) -> None:
        super().__init__(write_only=True)
        self.scratch = scratch

    def create_sheet(self, title: str | None = None, index: int | None = None) -> _ScratchSheet:
        sheet = _ScratchSheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet


@contextmanager
def new_workbook() -> Iterator[Workbook]:
    """A write-only workbook streaming its rows into the app's own 0700 scratch folder; the
    scratch files are removed however the block ends, an error included (security.md item 26)."""
    with scratch_dir() as folder:
        workbook = ScratchWorkbook(str(folder))
        try:
            yield workbook
        finally:
            for sheet in workbook.worksheets:  # an abandoned sheet's XML stream, closed now
                if sheet.closed:
                    continue
                for stream in (sheet._rows, getattr(sheet._writer, "xf", None)):
                    if stream is not None:
                        with suppress(Exception):
                            stream.close()


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def set_text(sheet: Worksheet, row: int, column: int, value: str) -> Cell:
    """Write a string to a normal-mode cell as text (never a formula), cleaned as above."""
    text = clean_text(value)
    target = sheet.cell(row=row, column=column)
    target.value = text
    target.data_type = "s"  # openpyxl would turn "=..." into a live formula
    target.quotePrefix = text.startswith(FORMULA_STARTS)
    return target


def set_value(sheet: Worksheet, row: int, column: int, value: object,
              number_format: str | None = None) -> Cell:
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
