"""The streaming writer of bulk exports: every kind of value read back as the user sees it."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from wagewatch.reports import xlsx_stream
from wagewatch.reports.xlsx import CUT_MARK, MAX_CELL_TEXT
from wagewatch.reports.xlsx_stream import stream_workbook, write_table
from wagewatch.temp_files import temp_folder


def _written(rows, formats=()) -> bytes:
    buffer = io.BytesIO()
    with stream_workbook(buffer) as book:
        sheet = book.add_sheet("表", formats)
        for row in rows:
            sheet.append(row)
    return buffer.getvalue()


def test_strings_stay_text_cleaned_and_cut_visibly_and_numbers_and_dates_keep_formats(app):
    data = _written([
        ['=HYPERLINK("http://x","点我")', "-2+3", "\t@SUM(A1)", "张\x00三\x1f", "字" * 40_000,
         Decimal("1234567890.05"), date(2026, 3, 1), datetime(2026, 3, 1, 9, 30), 3, True,
         "320101199001011234", None, "第一行\n第二行"],
    ], formats=[None] * 10 + ["@", "@", None])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    cells = next(openpyxl.load_workbook(io.BytesIO(data))["表"].iter_rows(max_row=1))
    formula, minus, tab, control, long, money, day, moment, count, flag, code, empty, lines = cells
    for cell in (formula, minus, tab):
        assert cell.data_type == "s" and cell.quotePrefix
    assert formula.value == '=HYPERLINK("http://x","点我")' and tab.value == "\t@SUM(A1)"
    assert control.value == "张三" and not control.quotePrefix
    assert len(long.value) == MAX_CELL_TEXT and long.value.endswith(CUT_MARK)
    assert money.value == 1234567890.05 and money.number_format == "#,##0.00"
    assert day.value == datetime(2026, 3, 1) and day.number_format == "yyyy-mm-dd"
    assert moment.value == datetime(2026, 3, 1, 9, 30)
    assert count.value == 3 and flag.value is True
    assert code.value == "320101199001011234" and code.number_format == "@"
    assert empty.value is None and lines.value == "第一行\n第二行"


def test_a_table_prints_on_a4_landscape_with_its_header_repeated_in_the_cjk_font(app):
    buffer = io.BytesIO()
    with stream_workbook(buffer) as book:
        count = write_table(book, "案件", ("案号", "欠薪（元）"),
                            iter([("=1+1", Decimal("9000"))] * 3), (24, 14), caption="+标题")
    assert count == 3
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book["案件"]
    assert sheet["A1"].value == "+标题" and sheet["A1"].data_type == "s"
    assert "A1:B1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[2]] == ["案号", "欠薪（元）"] and sheet["A2"].font.b
    assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "第 &P 页" in sheet.oddFooter.center.text and sheet["A3"].font.name == "宋体"


def test_an_export_failing_half_way_saves_nothing_and_leaves_no_scratch_file(app, tmp_path):
    target = tmp_path / "registry.xlsx"

    def rows():
        yield from ([f"第{n}行", n] for n in range(2_000))
        raise OSError("disk full")

    with pytest.raises(OSError), stream_workbook(str(target)) as book:
        sheet = book.add_sheet("表", [None, None])
        for row in rows():
            sheet.append(row)
    assert not target.exists() and list(temp_folder(app).iterdir()) == []


def test_the_sheets_xml_is_what_xlsxwriters_own_worksheet_writes(app, monkeypatch):
    def sheet_xml() -> str:
        buffer = io.BytesIO()
        with stream_workbook(buffer) as book:
            sheet = book.add_sheet("表", ["@", None, None])
            sheet.columns([20, 12, 12], ["@"])
            sheet.sheet.data_validation(1, 0, 100, 0, {
                "validate": "list", "source": ["甲", "乙"],
                "input_title": '说明 "A&B"', "input_message": "<不少于> & 不多于"})
            sheet.append(["案号", "金额", "日期"], kind="header")
            for n in range(3):
                sheet.append([f"=第{n}行&\"x\"", Decimal(n) / 3, date(2026, 1, n + 1)])
        with zipfile.ZipFile(buffer) as archive:
            return archive.read("xl/worksheets/sheet1.xml").decode()

    ours = sheet_xml()
    monkeypatch.setattr(xlsx_stream.StreamWorksheet, "_escape_attributes",
                        xlsx_stream.Worksheet._escape_attributes)
    assert ours == sheet_xml()
    assert 'promptTitle="说明 &quot;A&amp;B&quot;"' in ours and ' s="' in ours
