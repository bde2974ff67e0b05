"""Render the monthly supervision report workbook from frozen figures only (no queries, no
clock), so the same figures always give the same sheets."""

from __future__ import annotations

import io
from datetime import date
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.legend import Legend
from openpyxl.utils import get_column_letter

from wagewatch.reports import monthly_layout as layout
from wagewatch.reports.monthly_figures import (
    BLACKLIST_FIGURES, CELL_FIGURES, DERIVED_FIGURES, FUNDING_LABELS, PROJECT_FIGURES,
    QUALITY_FIGURES, RECOVERY_KEYS, SECTOR_LABELS, SERIES_FIGURES, YUAN, Figure,
)
from wagewatch.reports.monthly_layout import Column
from wagewatch.reports.monthly_quality import ITEM_LIMIT
from wagewatch.reports.monthly_totals import total_of as _sum
from wagewatch.reports.monthly_totals import value_of as _value
from wagewatch.reports.monthly_totals import where
from wagewatch.reports.monthly_series import MOVEMENT_LABELS
from wagewatch.reports.xlsx import (
    TITLE_ALIGNMENT, TITLE_FONT, TITLE_SIZE, print_setup, row_height, set_text, use_cjk_font,
)

FIGURES = {**CELL_FIGURES, **PROJECT_FIGURES, **DERIVED_FIGURES}
SHEETS = ("汇总", "分镇街", "建设领域与非建设领域", "项目资金来源", "立案结案", "追发来源",
          "支付令与加付赔偿金", "公安移送", "挂牌督办", "黑名单变动", "包挂覆盖", "数据质量",
          "待核实清单", "近12个月", "近12个月图表")
TEN_THOUSAND = Decimal(10_000)
#: The chart sheet's printed area: the title row and the chart below it (one A4 page).
CHART_COLUMNS, CHART_ROWS = 16, 30
TOWNSHIP_KEYS = ("received", "accepted", "not_accepted", "closed", "closure_rate", "workers",
                 "arrears_yuan", "recovered_yuan", "orders", "referred", "supervised_open")
Cells = list[dict[str, Any]]


def _columns(first: Sequence[Column], keys: Sequence[str]) -> list[Column]:
    return [*first, *(Column(FIGURES[k].header, FIGURES[k].unit, 14 if FIGURES[k].is_money else 11)
                      for k in keys)]


class _Report:
    """One rendering: the figures, the title text and the workbook being written."""

    def __init__(self, figures: dict[str, Any], status: str) -> None:
        self.f = figures
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.worksheets[0])  # the empty sheet a workbook starts with
        use_cjk_font(self.workbook)
        self.title_prefix = (f"{figures['office']['name']} 月度劳动保障监察报告 {figures['month']}"
                             f"（统计期 {figures['first_day']} 至 {figures['last_day']}）")
        self.status = status
        self.townships = [(t_id, name) for t_id, name in figures["townships"]]

    def sheet(self, name: str, columns: Sequence[Column], note: str = ""):
        caption = f"{self.status}。{self.f['period_reason']}。" + (note or "")
        return layout.new_sheet(self.workbook, name, f"{self.title_prefix} — {name}", caption,
                                columns)

    def by_township(self, name: str, keys: Sequence[str], cells: Cells, note: str = "") -> None:
        columns = _columns([Column("镇（街道）", width=16)], keys)
        sheet = self.sheet(name, columns, note)
        rows = [[township, *(_value(_sum(cells, where("township_id", t_id)), k)
                             for k in keys)] for t_id, township in self.townships]
        layout.write_table(sheet, rows, columns, ["合计", *(_value(_sum(cells), k) for k in keys)])

    def by_split(self, name: str, split: str, labels: dict[str, str], keys: Sequence[str],
                 cells: Cells, note: str = "") -> None:
        """Rows per (split value, township), a subtotal per split value, then the total."""
        columns = _columns([Column(CELL_HEADERS[split], width=16), Column("镇（街道）", width=16)],
                           keys)
        sheet = self.sheet(name, columns, note)
        rows: list[list[object]] = []
        for value, label in labels.items():
            mine = [c for c in cells if c[split] == value]
            for t_id, township in self.townships:
                total = _sum(mine, where("township_id", t_id))
                rows.append([label, township, *(_value(total, k) for k in keys)])
            rows.append([label, "小计", *(_value(_sum(mine), k) for k in keys)])
        layout.write_table(sheet, rows, columns, ["合计", "", *(_value(_sum(cells), k) for k in keys)])

    def indicator_sheet(self, name: str, items: Sequence[tuple[Figure, object]]) -> None:
        columns = [Column("指标", width=28), Column("数值", width=16), Column("单位", width=8),
                   Column("口径说明", width=80)]
        sheet = self.sheet(name, columns)
        for row, (figure, value) in enumerate(items, start=layout.FIRST_DATA_ROW):
            layout.write_row(sheet, row, [figure.label, value, figure.unit, figure.definition],
                             columns)
            sheet.cell(row=row, column=2).number_format = layout.format_for(figure.unit) or "General"
            sheet.cell(row=row, column=4).alignment = layout.Alignment(wrap_text=True)


CELL_HEADERS = {"sector": "领域", "funding": "项目资金来源"}


def _summary(report: _Report) -> None:
    f = report.f
    total = _sum(f["cells"])
    projects = _sum(f["projects"])
    items: list[tuple[Figure, object]] = [(CELL_FIGURES[k], _value(total, k)) for k in (
        "received", "accepted", "not_accepted", "closed", "opened_closed")]
    items.append((DERIVED_FIGURES["closure_rate"], _value(total, "closure_rate")))
    items += [(CELL_FIGURES[k], _value(total, k)) for k in ("workers", "arrears_yuan")]
    items.append((DERIVED_FIGURES["recovered_yuan"], _value(total, "recovered_yuan")))
    items.append((DERIVED_FIGURES["recovery_rate"], _value(total, "recovery_rate")))
    items += [(CELL_FIGURES[k], _value(total, k)) for k in (
        *RECOVERY_KEYS, "orders", "ordered_yuan", "extra_orders", "extra_yuan", "referred",
        "police_filed", "police_declined", "supervised_new", "supervised_open",
        "supervised_overdue")]
    items += [(BLACKLIST_FIGURES[k], f["blacklist"][k]) for k in BLACKLIST_FIGURES]
    items += [(PROJECT_FIGURES[k], _value(projects, k)) for k in PROJECT_FIGURES]
    items.append((DERIVED_FIGURES["coverage_rate"], _value(projects, "coverage_rate")))
    items += [(QUALITY_FIGURES[k], f["data_quality"][k]) for k in QUALITY_FIGURES]
    report.indicator_sheet("汇总", items)
    _provisional_note(report, report.workbook["汇总"])


def _provisional_note(report: _Report, sheet: Any) -> None:
    """A note row under the table when deadlines are provisional (snapshots before schema 3
    carry no such figure and get no row)."""
    note = (report.f.get("provisional") or {}).get("note")
    if not note:
        return
    row = sheet.max_row + 2
    set_text(sheet, row, 1, "注：暂定期限")
    cell = set_text(sheet, row, 4, note)
    cell.alignment = layout.Alignment(wrap_text=True)
    sheet.row_dimensions[row].height = row_height(note, 80, 11)


def _blacklist(report: _Report) -> None:
    columns = [Column("变动", width=12), Column("日期", width=12), Column("单位或个人", width=30),
               Column("统一社会信用代码", width=22), Column("决定书文号", width=26),
               Column("适用办法", width=10), Column("名单期起", width=12), Column("名单期止", width=12)]
    counts = report.f["blacklist"]
    note = "；".join(f"{BLACKLIST_FIGURES[k].label}{counts[k]}{BLACKLIST_FIGURES[k].unit}"
                    for k in BLACKLIST_FIGURES)
    sheet = report.sheet("黑名单变动", columns, note)
    rows = [[MOVEMENT_LABELS[m["kind"]], date.fromisoformat(m["on"]), m["contractor"], m["uscc"],
             m["document_number"], m["rule_set"], date.fromisoformat(m["starts_on"]),
             date.fromisoformat(m["ends_on"])] for m in counts["movements"]]
    layout.write_table(sheet, rows, columns,
                       [f"共{len(rows)}项变动", None, None, None, None, None, None, None])


def _quality_items(report: _Report) -> None:
    """What to fix behind the data-quality figures: case, employer and the problem (no worker's
    name or ID number); at most ITEM_LIMIT rows of each kind."""
    columns = [Column("类别", width=26), Column("案号", width=26), Column("用人单位", width=36),
               Column("说明", width=44)]
    sheet = report.sheet("待核实清单", columns,
                         f"每类最多列出{ITEM_LIMIT}条（办案期限已过的按期限先后）；"
                         "完整情况在系统中查询，如案件列表按“已超期”筛选。")
    items = report.f["quality_items"]
    rows = [[i["kind"], i["case"], i["party"], i["detail"]] for i in items] or [
        ["无需核实的记录", "", "", ""]]
    layout.write_table(sheet, rows, columns)


def _wan(yuan: Decimal) -> Decimal:
    """Yuan as 万元 with two decimals (the chart's amount axis)."""
    return (yuan / TEN_THOUSAND).quantize(Decimal("0.01"))


def _series(report: _Report) -> None:
    """The last 12 months as a table (yuan, and 万元 for the chart) and, on a sheet of its own
    that prints on one A4 page, the chart with its title."""
    keys = list(SERIES_FIGURES)
    columns = [Column("月份", width=12), *(Column(SERIES_FIGURES[k].header, SERIES_FIGURES[k].unit,
                                                 16) for k in keys),
               Column("涉欠金额（万元）", YUAN, 14), Column("清欠金额（万元）", YUAN, 14)]
    sheet = report.sheet("近12个月", columns, "各月按同一统计截止日划分；图表见“近12个月图表”。")
    rows = [[s["month"], s["new_cases"], Decimal(s["arrears_yuan"]), Decimal(s["recovered_yuan"])]
            for s in report.f["series"]]
    rows = [[*r, _wan(r[2]), _wan(r[3])] for r in rows]
    totals = ["合计", sum(r[1] for r in rows), sum((r[2] for r in rows), Decimal("0.00")),
              sum((r[3] for r in rows), Decimal("0.00"))]
    totals += [_wan(totals[2]), _wan(totals[3])]
    end = layout.write_table(sheet, rows, columns, totals) - 2  # the last month's row
    _chart_sheet(report, sheet, end)


def _chart_sheet(report: _Report, data: Any, end: int) -> None:
    first = layout.FIRST_DATA_ROW
    months = Reference(data, min_col=1, min_row=first, max_row=end)
    title = "近12个月新收案件与金额"
    cases = LineChart()
    cases.title = title
    cases.y_axis.title = "新收案件（件）"
    cases.y_axis.number_format = "0"
    cases.x_axis.title = "月份"
    cases.add_data(Reference(data, min_col=2, min_row=layout.HEADER_ROW, max_row=end),
                   titles_from_data=True)
    cases.set_categories(months)
    amounts = LineChart()
    amounts.add_data(Reference(data, min_col=5, max_col=6, min_row=layout.HEADER_ROW, max_row=end),
                     titles_from_data=True)
    amounts.y_axis.axId = 200
    amounts.y_axis.title = "金额（万元）"
    amounts.y_axis.number_format = "#,##0"
    amounts.y_axis.majorGridlines = None
    amounts.y_axis.crosses = "max"
    cases.y_axis.crosses = "min"
    for axis in (cases.x_axis, cases.y_axis, amounts.y_axis):
        axis.delete = False
    cases += amounts
    cases.legend = Legend(legendPos="b")
    cases.height, cases.width = 14, 25
    sheet = report.workbook.create_sheet("近12个月图表")
    heading = f"{report.title_prefix} — {title}"
    last = get_column_letter(CHART_COLUMNS)
    cell = set_text(sheet, 1, 1, heading)
    cell.font, cell.alignment = TITLE_FONT, TITLE_ALIGNMENT
    sheet.merge_cells(f"A1:{last}1")
    sheet.row_dimensions[1].height = row_height(heading, CHART_COLUMNS * 8.43, TITLE_SIZE)
    sheet.add_chart(cases, "A3")
    print_setup(sheet, 0, one_page=True)
    sheet.print_area = f"A1:{last}{CHART_ROWS}"


def render(figures: dict[str, Any], status: str) -> bytes:
    """The report workbook (sheets in SHEETS order) from the figures ``collect`` returned;
    ``status`` (e.g. "第1版，2026-11-28签发" or "预览（未签发）") is printed under every title."""
    report = _Report(figures, status)
    cells = figures["cells"]
    _summary(report)
    report.by_township("分镇街", TOWNSHIP_KEYS, cells)
    report.by_split("建设领域与非建设领域", "sector", SECTOR_LABELS, TOWNSHIP_KEYS, cells)
    report.by_split("项目资金来源", "funding", FUNDING_LABELS, TOWNSHIP_KEYS, cells,
                    "资金来源取案件关联项目的资金来源。")
    report.by_township("立案结案", ("received", "accepted", "not_accepted", "closed",
                                "opened_closed", "closure_rate", "past_deadline"), cells,
                       (figures.get("provisional") or {}).get("note", ""))
    report.by_township("追发来源", (*RECOVERY_KEYS, "recovered_yuan"), cells)
    report.by_township("支付令与加付赔偿金", ("orders", "ordered_yuan", "extra_orders", "extra_yuan"),
                       cells)
    report.by_township("公安移送", ("referred", "police_filed", "police_declined"), cells,
                       f"重大违法行为（应社会公布）{figures['blacklist']['major_violations']}个单位。")
    report.by_township("挂牌督办", ("supervised_new", "supervised_open", "supervised_overdue"), cells)
    _blacklist(report)
    report.by_split("包挂覆盖", "funding", {k: v for k, v in FUNDING_LABELS.items() if k != "none"},
                    ("active", "with_liaison", "coverage_rate"), figures["projects"])
    report.indicator_sheet("数据质量", [(QUALITY_FIGURES[k], figures["data_quality"][k])
                                    for k in QUALITY_FIGURES])
    _provisional_note(report, report.workbook["数据质量"])
    _quality_items(report)
    _series(report)
    for sheet in report.workbook.worksheets:
        if not sheet.print_area:
            sheet.print_area = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    report.workbook.properties.creator = "wagewatch"
    report.workbook.properties.title = report.title_prefix
    buffer = io.BytesIO()
    report.workbook.save(buffer)
    return buffer.getvalue()

