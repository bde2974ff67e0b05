"""The filtered audit log as a workbook (streamed, every string through the safe cells of
reports/xlsx_stream.py), in the auditor's words: actions, roles, objects, fields and values in
Chinese."""

from __future__ import annotations

import io
from collections.abc import Iterator

from sqlalchemy import Select

from wagewatch.extensions import db
from wagewatch.reports.xlsx_stream import stream_workbook, write_table
from wagewatch.services.audit_entries import entry
from wagewatch.services.reference.calendar import local_datetime

HEADERS = ("时间（北京时间）", "操作人", "角色", "来源地址", "操作", "对象", "结果", "变更", "说明")
WIDTHS = (20, 18, 10, 16, 24, 22, 8, 60, 40)
#: The most rows one export holds; a narrower filter gets the rest.
MAX_ROWS = 100_000


def _rows(query: Select) -> Iterator[tuple]:
    for event in db.session.scalars(query.limit(MAX_ROWS).execution_options(yield_per=1000)):
        shown = entry(event)
        yield (local_datetime(event.occurred_at, "%Y-%m-%d %H:%M:%S"),
               event.actor_username or "", shown.role, event.source_ip or "", shown.action,
               shown.target, "成功" if event.success else "失败", "\n".join(
                   f"{name}：{old} → {new}" for name, old, new in shown.changes),
               event.detail or "")


def audit_workbook(query: Select, filter_text: str, on_text: str) -> tuple[bytes, int]:
    """The entries of ``query`` (newest first, at most MAX_ROWS) and the number written."""
    buffer = io.BytesIO()
    with stream_workbook(buffer) as workbook:
        count = write_table(workbook, "审计日志", HEADERS, _rows(query), WIDTHS,
                            caption=f"审计日志（{on_text} 导出；筛选：{filter_text or '无'}）")
    return buffer.getvalue(), count
