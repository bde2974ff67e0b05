"""The monthly report workbook, reopened with openpyxl: sheets, headers, figures, formats,
chart, print setup, frozen headers, and no formulas anywhere."""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from wagewatch.reports.monthly import collect
from wagewatch.reports.monthly_workbook import SHEETS, render
from wagewatch.rules.report_period import report_period
from wagewatch.services.reports.monthly_reports import _frozen

from tests.reports.monthly_data import FORMULA_NAME, FORMULA_NAMES, build


@pytest.fixture
def workbook_bytes(app):
    data = build()
    figures = _frozen(collect(data.office, report_period("2026-10"), date(2026, 11, 28)))
    return render(figures, "第1版，2026-11-28由测试签发")


def _open(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _row(sheet, first_cell: str) -> list:
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if row[0] == first_cell:
            return list(row)
    raise AssertionError(f"no row {first_cell} in {sheet.title}")


def test_sheets_titles_and_headers(workbook_bytes):
    book = _open(workbook_bytes)
    assert book.sheetnames == list(SHEETS)
    assert all(len(name) <= 31 for name in book.sheetnames)
    by_township = book["分镇街"]
    title = by_township["A1"].value
    assert "测试监察大队" not in title and "2026-10" in title and "2026-10-01" in title \
        and "2026-10-31" in title
    assert "第1版" in by_township["A2"].value
    headers = [c.value.replace("\n", "") for c in by_township[3]]
    assert headers[:4] == ["镇（街道）", "收到投诉（件）", "受理（立案）（件）", "不予受理（件）"]
    assert "涉欠金额（元）" in headers and "涉及农民工（人）" in headers and "结案率（%）" in headers


def test_township_rows_and_totals_hold_the_figures(workbook_bytes):
    sheet = _open(workbook_bytes)["分镇街"]
    headers = [c.value.replace("\n", "") for c in sheet[3]]
    column = {h: i for i, h in enumerate(headers)}
    jinshan, donghuan, total = _row(sheet, "金山桥街道"), _row(sheet, "东环街道"), _row(sheet, "合计")
    assert jinshan[column["收到投诉（件）"]] == 2 and donghuan[column["收到投诉（件）"]] == 1
    assert total[column["收到投诉（件）"]] == 3
    assert Decimal(str(total[column["涉欠金额（元）"]])) == Decimal("26000")
    assert Decimal(str(total[column["清欠合计（元）"]])) == Decimal("15000")
    assert total[column["结案率（%）"]] == pytest.approx(0.5)
    assert total[column["移送公安（件）"]] == 2


def test_number_formats(workbook_bytes):
    sheet = _open(workbook_bytes)["分镇街"]
    headers = [c.value.replace("\n", "") for c in sheet[3]]
    row = 4
    assert sheet.cell(row, headers.index("涉欠金额（元）") + 1).number_format == "#,##0.00"
    assert sheet.cell(row, headers.index("收到投诉（件）") + 1).number_format == "0"
    assert sheet.cell(row, headers.index("结案率（%）") + 1).number_format == "0.0%"
    movements = _open(workbook_bytes)["黑名单变动"]
    assert movements["B4"].number_format == "yyyy-mm-dd"


def test_every_sheet_prints_a4_landscape_fitted_to_width_with_repeated_headers(workbook_bytes):
    for sheet in _open(workbook_bytes).worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.print_area
        if sheet.title == "近12个月图表":  # the chart alone on one page, no header rows over it
            assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 1)
            assert not sheet.print_title_rows
            continue
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$3"
        assert sheet.freeze_panes == "B4"


def test_the_twelve_month_chart(workbook_bytes):
    book = _open(workbook_bytes)
    sheet = book["近12个月"]
    assert [c.value.replace("\n", "") for c in sheet[3]] == [
        "月份", "新收案件（件）", "涉欠金额（元）", "清欠金额（元）", "涉欠金额（万元）", "清欠金额（万元）"]
    assert _row(sheet, "2026-10")[1:] == [3, 26000, 15000, 2.6, 1.5]
    assert not sheet._charts and len(book["近12个月图表"]._charts) == 1
    assert "近12个月新收案件与金额" in book["近12个月图表"]["A1"].value
    chart = book["近12个月图表"]._charts[0]
    assert chart.tagname == "lineChart" and len(chart._charts) == 2  # amounts on a second axis
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        xml = archive.read("xl/charts/chart1.xml").decode()
    # The chart's own series references (the only <f> in the file, written by the app).
    assert "金额（万元）" in xml and 'formatCode="#,##0"' in xml
    for column in "BEF":
        assert f"<f>'近12个月'!${column}$4:${column}$15</f>" in xml


def test_formula_looking_names_stay_text_and_no_sheet_has_a_formula(workbook_bytes):
    book = _open(workbook_bytes)
    township = _row(book["分镇街"], FORMULA_NAME)
    assert township[0] == FORMULA_NAME
    movement = [r for r in book["黑名单变动"].iter_rows(min_row=4, values_only=True)
                if r[2] == FORMULA_NAME]
    assert movement and movement[0][0] == "列入"
    written = {(cell.value, cell.data_type, bool(cell.quotePrefix))
               for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
               if cell.value in FORMULA_NAMES}
    assert {value for value, _, _ in written} == set(FORMULA_NAMES)
    assert all(kind == "s" and quoted for _, kind, quoted in written)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        sheets = [n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
        assert len(sheets) == len(SHEETS)
        for name in sheets:
            assert "<f>" not in archive.read(name).decode() and "<f " not in archive.read(name).decode()


def test_set_text_cleans_control_characters_and_marks_cut_text():
    from openpyxl import Workbook

    from wagewatch.reports.xlsx import CUT_MARK, MAX_CELL_TEXT, set_text

    sheet = Workbook().active
    assert set_text(sheet, 1, 1, "张\x00三\x1f").value == "张三"
    long = set_text(sheet, 2, 1, "欠" * 40_000).value
    assert len(long) == MAX_CELL_TEXT and long.endswith(CUT_MARK)
    formula = set_text(sheet, 3, 1, "=1+1")
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=1+1", "s", True)


def test_summary_lists_each_figure_with_unit_and_definition(workbook_bytes):
    summary = _open(workbook_bytes)["汇总"]
    assert [c.value for c in summary[3]] == ["指标", "数值", "单位", "口径说明"]
    rows = {r[0]: r for r in summary.iter_rows(min_row=4, values_only=True)}
    assert rows["收到投诉"][1:3] == (3, "件")
    assert rows["涉欠金额"][2] == "元" and "核定" in rows["涉欠金额"][3]
    assert rows["列入失信名单"][1] == 1 and rows["身份证号码无效"][1] == 1
    assert rows["包挂覆盖率"][1] == pytest.approx(2 / 3, abs=1e-6)


def test_the_list_of_what_to_fix(workbook_bytes):
    sheet = _open(workbook_bytes)["待核实清单"]
    assert [c.value for c in sheet[3]] == ["类别", "案号", "用人单位", "说明"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == ["用人单位缺统一社会信用代码", "身份证号码无效", "身份证号码待核实",
                                    "办案期限已过"]
    assert rows[2][2] == FORMULA_NAME and sheet["C6"].data_type == "s"
    assert sheet.print_title_rows == "$1:$3" and sheet.page_setup.orientation == "landscape"


def test_a_month_with_nothing_to_fix_says_so(app):
    from tests.factories import default_office

    figures = _frozen(collect(default_office(), report_period("2026-10"), date(2026, 11, 28)))
    sheet = _open(render(figures, "预览"))["待核实清单"]
    assert sheet["A4"].value == "无需核实的记录"
