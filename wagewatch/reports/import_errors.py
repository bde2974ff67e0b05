"""The error report of a refused import as a workbook: sheet, row, column and problem in Chinese."""

from __future__ import annotations

import io
from collections.abc import Sequence

from wagewatch.readers.registry_reader import CellError
from wagewatch.reports.xlsx_stream import stream_workbook, write_table

HEADERS = ("工作表", "行号", "列", "列名", "问题")
WIDTHS = (10, 8, 6, 26, 90)


def error_report_workbook(file_name: str, errors: Sequence[CellError], total: int) -> bytes:
    """One row per problem, in sheet and row order, under a caption naming the file."""
    buffer = io.BytesIO()
    with stream_workbook(buffer) as workbook:
        more = f"，仅列出前{len(errors)}处" if total > len(errors) else ""
        write_table(workbook, "错误清单", HEADERS,
                    ((e.sheet or "（整个文件）", e.row, e.letter or "", e.column or "", e.message)
                     for e in errors), WIDTHS,
                    caption=f"“{file_name}”未导入：共{total}处错误{more}。改正后重新上传整个文件。")
    return buffer.getvalue()
