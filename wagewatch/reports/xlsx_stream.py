"""Bulk workbooks streamed with XlsxWriter in constant-memory mode, every cell through the safe-cell
rules of reports/xlsx.py (security.md item 15) and the print setup of the app's other workbooks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from wagewatch.reports.xlsx import (
    DATE_FORMAT, FONT_NAME, FORMULA_STARTS, YUAN_FORMAT, clean_text, row_height,
)
from wagewatch.temp_files import scratch_dir

A4 = 9  # the paper size code of A4 in SpreadsheetML
FOOTER = f'&C&"{FONT_NAME},Regular"第 &P 页，共 &N 页'
HEADER_COLOR = "#DDEBF7"
#: Cell styles beside the plain body style: the table header, a workbook's title, a required
#: column's header (red).
STYLES: dict[str, dict[str, object]] = {
    "header": {"bold": True, "pattern": 1, "bg_color": HEADER_COLOR, "align": "center",
               "valign": "vcenter", "text_wrap": True},
    "required": {"bold": True, "font_color": "#C00000", "pattern": 1, "bg_color": HEADER_COLOR,
                 "align": "center", "valign": "vcenter", "text_wrap": True},
    "title": {"bold": True, "font_size": 14, "align": "left", "valign": "vcenter",
              "text_wrap": True},
}
TITLE_SIZE = 14
#: Day 0 of Excel's 1900 date system as XlsxWriter counts it (right from 1900-03-01 on, past
#: Excel's phantom 1900-02-29).
EXCEL_EPOCH = date(1899, 12, 30)
OPTIONS = {
    "constant_memory": True,  # each row goes to a scratch file once the next row starts
    # write_string is used for every string; these keep write() from guessing too.
    "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    "default_format_properties": {"font_name": FONT_NAME, "font_size": 11},
}


class StreamWorksheet(Worksheet):
    """XlsxWriter's worksheet with the style index of a cell written without a failed regex.

    XlsxWriter passes every XML attribute through a regex search for characters to escape; a
    cell's style index is an int, so that search raises a TypeError, caught and the int returned
    as it is: once for every formatted cell, which in a bulk export is most cells (about 5 % of
    the registry's writing, benchmarks/README.md). The same answer, decided by the type first.
    """

    def _escape_attributes(self, attribute: Any) -> Any:
        if not isinstance(attribute, str):
            return attribute  # what XlsxWriter returns for these, after the TypeError
        return super()._escape_attributes(attribute)


class StreamBook:
    """An XlsxWriter workbook with its cell formats made once and reused."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self._formats: dict[tuple[str | None, bool, str | None], Format | None] = {}

    def style(self, number_format: str | None = None, quote: bool = False,
              kind: str | None = None) -> Format | None:
        """The format for a number format, a quote prefix (text that looks like a formula) and
        one of STYLES; None for a plain cell."""
        key = (number_format, quote, kind)
        found = self._formats.get(key, False)
        if found is False:
            properties = dict(STYLES[kind]) if kind else {}
            if number_format:
                properties["num_format"] = number_format
            if quote:
                properties["quote_prefix"] = True
            found = self._formats[key] = self.book.add_format(properties) if properties else None
        return found

    def add_sheet(self, title: str, formats: Sequence[str | None] = ()) -> StreamSheet:
        """A new sheet whose data rows take ``formats`` column by column (None: by value)."""
        return StreamSheet(self, self.book.add_worksheet(title, StreamWorksheet), formats)


class StreamSheet:
    """A sheet written row after row (constant memory: no row may be revisited)."""

    def __init__(self, book: StreamBook, sheet: Worksheet, formats: Sequence[str | None]) -> None:
        self.book, self.sheet = book, sheet
        self.row = 0  # the next row to write, 0-based
        self.formats = list(formats)  # the data cells' number format, column by column
        style = book.style
        #: Per column, the formats of data cells: as they are, text that looks like a formula,
        #: money and dates (the column's own number format first, else yuan and yyyy-mm-dd).
        self._plain = [style(f) for f in formats]
        self._quoted = [style(f, True) for f in formats]
        self._money = [style(f or YUAN_FORMAT) for f in formats]
        self._dates = [style(f or DATE_FORMAT) for f in formats]

    def put(self, row: int, column: int, value: object, number_format: str | None = None,
            kind: str | None = None) -> None:
        """One cell: strings always as text (never a formula, cleaned, a quote prefix when they
        start like one), money in yuan and dates formatted unless ``number_format`` says
        otherwise; an empty cell keeps its format."""
        sheet, style = self.sheet, self.book.style
        if isinstance(value, str):
            text = clean_text(value)
            sheet.write_string(row, column, text,
                               style(number_format, text.startswith(FORMULA_STARTS), kind))
        elif value is None:
            if number_format or kind:
                sheet.write_blank(row, column, None, style(number_format, False, kind))
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, style(number_format, False, kind))
        elif isinstance(value, Decimal):
            sheet.write_number(row, column, float(value),
                               style(number_format or YUAN_FORMAT, False, kind))
        elif isinstance(value, (int, float)):
            sheet.write_number(row, column, value, style(number_format, False, kind))
        elif isinstance(value, (date, datetime)):
            sheet.write_datetime(row, column, value,
                                 style(number_format or DATE_FORMAT, False, kind))
        else:
            raise TypeError(f"no cell for {type(value).__name__}")

    def append(self, values: Sequence[Any], kind: str | None = None,
               height: float | None = None) -> None:
        """The next row: ``values`` in column order with the sheet's column formats (as ``put``
        writes them; an empty value writes no cell, the column's format covers it)."""
        row = self.row
        self.row = row + 1
        if height is not None:
            self.sheet.set_row(row, height)
        if kind is not None or len(values) > len(self._plain):
            for column, value in enumerate(values):
                self.put(row, column, value, kind=kind)
            return
        # The hot path of bulk exports: the formats chosen up front, the common types first, and
        # XlsxWriter's typed writers called directly (the public ones only add A1-notation
        # parsing; XlsxWriter is pinned and the export tests read every cell back).
        sheet = self.sheet
        for column, value in enumerate(values):
            kind_of = type(value)
            if kind_of is str:
                text = clean_text(value)
                sheet._write_string(row, column, text, (
                    self._quoted if text.startswith(FORMULA_STARTS) else self._plain)[column])
            elif value is None:
                continue
            elif kind_of is Decimal:
                sheet._write_number(row, column, float(value), self._money[column])
            elif kind_of is date and value.year > 1900:  # the serial day write_datetime makes
                sheet._write_number(row, column, (value - EXCEL_EPOCH).days, self._dates[column])
            elif kind_of is datetime:
                sheet._write_datetime(row, column, value, self._dates[column])
            elif kind_of is int or kind_of is float:
                sheet._write_number(row, column, value, self._plain[column])
            else:
                self.put(row, column, value, self.formats[column])

    def columns(self, widths: Sequence[float], formats: Sequence[str | None] = ()) -> None:
        """Column widths and the number format of cells typed in later (text for codes)."""
        for index, width in enumerate(widths):
            number_format = formats[index] if index < len(formats) else None
            self.sheet.set_column(index, index, width,
                                  self.book.style(number_format) if number_format else None)


def print_setup(sheet: Worksheet, title_rows: int, *, landscape: bool = True) -> None:
    """A4 as a leader forwards it, as reports/xlsx.py print_setup does for the other workbooks:
    one page wide (any number tall), the first ``title_rows`` rows repeated on every page,
    centred, page numbers in the footer in the CJK font."""
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    if title_rows:
        sheet.repeat_rows(0, title_rows - 1)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer(FOOTER)


@contextmanager
def stream_workbook(output: str | IO[bytes]) -> Iterator[StreamBook]:
    """A constant-memory workbook saved to ``output`` (a path or a binary file) when the block
    ends; its rows stream into the app's own 0700 scratch folder, removed however the block ends
    (security.md item 26). On an error nothing is saved."""
    with scratch_dir() as folder:
        book = xlsxwriter.Workbook(output, {**OPTIONS, "tmpdir": str(folder)})
        try:
            yield StreamBook(book)
        except BaseException:
            for sheet in book.worksheets():  # the abandoned sheets' scratch files, closed
                with suppress(Exception):
                    sheet.row_data_fh.close()
            raise
        book.close()


def write_table(book: StreamBook, title: str, headers: Sequence[str],
                rows: Iterable[Sequence[object]], widths: Sequence[int] | None = None,
                caption: str | None = None) -> int:
    """Add a sheet with an optional caption row (merged over the columns, wrapped), a frozen
    header row repeated on every printed page and the rows, set up for A4 landscape; returns
    the number of data rows written (rows are consumed lazily, so memory stays flat)."""
    stream = book.add_sheet(title, [None] * len(headers))
    sheet = stream.sheet
    widths = list(widths or [16] * len(headers))
    stream.columns(widths)
    header_rows = 2 if caption else 1
    sheet.freeze_panes(header_rows, 0)
    print_setup(sheet, header_rows)
    if caption:
        sheet.merge_range(0, 0, 0, len(headers) - 1, "", book.style(kind="title"))
        sheet.set_row(0, row_height(caption, sum(widths), TITLE_SIZE))
        stream.put(0, 0, caption, kind="title")  # over the merged range's blank first cell
        stream.row = 1
    stream.append(headers, kind="header",
                  height=max(row_height(h, w) for h, w in zip(headers, widths, strict=True)))
    count = 0
    for row in rows:
        stream.append(row)
        count += 1
    sheet.print_area(0, 0, header_rows + max(count, 1) - 1, len(headers) - 1)
    return count
