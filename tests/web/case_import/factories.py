"""A filled-in import template, built the way a clerk fills it (by header, text identifiers)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from wagewatch.reports.registry_layout import write_template

from tests.web.cases.factories import valid_id_number


def case_row(key: int, **values: object) -> dict:
    return {"案件序号": key, "收到投诉日期": "2026-10-12", "投诉渠道": "窗口来访",
            "镇（街道）": "金山桥街道", "领域": "工程建设领域", "状态": "已登记待受理",
            "用人单位名称": "徐州恒达建设工程有限公司", "用人单位类型": "单位",
            "统一社会信用代码": "91320301MA1XYR120N", "投诉事由": "拖欠2026年工资", **values}


def worker_row(key: int, seq: int, **values: object) -> dict:
    return {"案件序号": key, "姓名": f"工人{seq}", "身份证号码": valid_id_number(seq=f"{seq:03d}"),
            "手机号码": "13812345678", "欠薪月数（月）": 3, "主张金额（元）": 8000, **values}


def distinct_id_number(n: int) -> str:
    """The n-th of many distinct valid ID numbers (900 a birthday, from 1 January 1970)."""
    born = (date(1970, 1, 1) + timedelta(days=n // 900)).strftime("%Y%m%d")
    return valid_id_number(born=born, seq=f"{n % 900 + 100:03d}")


def header_columns(sheet: Worksheet) -> dict[str, int]:
    """A sheet's columns by their header in row 1, without the required mark (*)."""
    return {str(cell.value).rstrip("*"): cell.column for cell in sheet[1] if cell.column is not None}


def filled_template(cases: list[dict], workers: list[dict]) -> bytes:
    """The downloaded template with these rows typed in (values keyed by header, no *)."""
    buffer = io.BytesIO()
    write_template(buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    for name, rows in (("案件", cases), ("工人", workers)):
        sheet = book[name]
        columns = header_columns(sheet)
        for offset, row in enumerate(rows, start=2):
            for header, value in row.items():
                cell = sheet.cell(row=offset, column=columns[header])
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # typed as text ('=...), not a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
