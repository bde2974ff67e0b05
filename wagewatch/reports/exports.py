"""Workbooks a user downloads: the case list with its filters, the police list, the publication
list (rows and rendering only; services/exports/list_exports.py and the publication service audit them)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from wagewatch.extensions import db
from wagewatch.models import Case
from wagewatch.reports.xlsx_stream import stream_workbook, write_table
from wagewatch.rules.case_flow import DEADLINE_LABELS
from wagewatch.rules.sources import rule_title
from wagewatch.services.blacklist.publication import COLUMNS as PUBLICATION_COLUMNS
from wagewatch.services.blacklist.publication import PublishedRow, published_rows
from wagewatch.services.cases.queries import money_by_case
from wagewatch.services.referrals.police_queries import candidate_contractors_query, flags_by_contractor
from wagewatch.services.referrals.queries import referral_list_query

CASE_HEADERS = ("案号", "收到日期", "投诉渠道", "镇（街道）", "领域", "用人单位", "统一社会信用代码",
                "状态", "工人（人）", "欠薪（元）", "已追发（元）", "最近期限", "期限类型")
CASE_WIDTHS = (24, 12, 14, 12, 14, 30, 22, 14, 10, 14, 14, 12, 12)
BATCH = 500


def _case_rows(query: Select) -> Iterator[tuple]:
    """The listed cases in the list's order: the ids first (one narrow query, no OFFSET
    scanning), then 500 cases at a time with their employer, township, workers and money."""
    ids = list(db.session.scalars(query.with_only_columns(Case.id)))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        loaded = {case.id: case for case in db.session.scalars(
            select(Case).where(Case.id.in_(batch))
            .options(joinedload(Case.employer), joinedload(Case.township))).unique()}
        money = money_by_case(batch)
        for case in (loaded[i] for i in batch):
            workers, owed, recovered = money.get(case.id, (0, 0, 0))
            yield (case.number, case.received_on, case.channel.label, case.township.name,
                   case.sector.label, case.employer.name, case.employer.uscc or "",
                   case.status.label, workers, owed, recovered, case.next_due_on,
                   DEADLINE_LABELS.get(case.next_due_kind or "", "")
                   + ("（暂定：该年节假日安排未录入完毕）" if case.due_provisional else ""))
        db.session.expunge_all()


def case_list_workbook(query: Select, filter_text: str, office_name: str,
                       on: date) -> tuple[bytes, int]:
    """The case list as a workbook (yuan, dates formatted; no personal data of workers) and the
    number of rows written; the caller audits the export."""
    buffer = io.BytesIO()
    with stream_workbook(buffer) as workbook:
        count = write_table(workbook, "案件", CASE_HEADERS, _case_rows(query), CASE_WIDTHS,
                            caption=f"{office_name} 案件清单（{on.isoformat()} 导出；筛选：{filter_text or '无'}）")
    return buffer.getvalue(), count


LISTING_HEADERS = ("名称", "统一社会信用代码（身份证号码）", "住所", "法定代表人（主要负责人）",
                   "其他列入人员", "主要失信事实", "列入决定书文号", "作出决定的机关", "决定日期",
                   "列入起始日期", "列入截止日期", "依据")
FLAG_HEADERS = ("单位或个人", "统一社会信用代码", "标记", "涉及案件", "理由", "评估日")
REFERRAL_HEADERS = ("案号", "用人单位", "统一社会信用代码", "移送时间", "接收单位", "状态",
                    "公安机关决定", "公安案件编号")


def police_workbook(office_id: int, on: date) -> tuple[bytes, dict[str, int]]:
    """The police list: today's blacklist (published fields, ID numbers masked), the rule
    candidates with every reason, and the cases handed to the police; with the rows written per
    sheet (the caller audits the export)."""
    buffer = io.BytesIO()
    with stream_workbook(buffer) as workbook:
        listed = write_table(workbook, "黑名单", LISTING_HEADERS,
                             (tuple(vars(row).values()) for row in published_rows(office_id, on)),
                             (28, 24, 28, 22, 26, 40, 24, 26, 12, 12, 12, 18),
                             caption=f"截至{on.isoformat()}在失信联合惩戒名单期内")
        contractors = list(db.session.scalars(candidate_contractors_query(office_id)))
        flags = flags_by_contractor(office_id, [c.id for c in contractors])
        candidates = write_table(workbook, "规则标记", FLAG_HEADERS, (
            (c.name, c.uscc or "", rule_title(f.rule),
             "、".join(f.reasons.get("case_numbers", [])),
             "\n".join(("✔ " if r["met"] else "✘ ") + f"{r['text']}〔{r['source']}〕"
                       for r in f.reasons.get("reasons", [])), f.as_of)
            for c in contractors for f in flags[c.id]), (28, 22, 26, 24, 80, 12))
        referred = write_table(workbook, "移送案件", REFERRAL_HEADERS, (
            (r.case.number, r.case.employer.name, r.case.employer.uscc or "",
             r.handed_over_at.replace(tzinfo=None) if r.handed_over_at else None, r.police_unit or "",
             r.status.label, r.police_decision.label if r.police_decision else "",
             r.police_case_number or "")
            for r in db.session.scalars(referral_list_query(office_id, police_only=True))),
            (24, 28, 22, 18, 24, 14, 14, 22))
    return buffer.getvalue(), {"黑名单": listed, "规则标记": candidates, "移送案件": referred}


PUBLICATION_WIDTHS = (30, 24, 30, 30, 30, 44, 24, 28, 12, 12, 12, 20)
PUBLICATION_DATES = ("decided_on", "starts_on", "ends_on")


def publication_workbook(rows: list[PublishedRow], office_name: str, day: date) -> bytes:
    """The published blacklist (S-45 published fields, ID numbers already masked) as a workbook,
    dates as Excel dates; the caller audits the download."""
    buffer = io.BytesIO()
    with stream_workbook(buffer) as workbook:
        write_table(workbook, "公示名单", PUBLICATION_COLUMNS, (
            tuple(date.fromisoformat(value) if name in PUBLICATION_DATES else value
                  for name, value in vars(row).items()) for row in rows),
            PUBLICATION_WIDTHS,
            caption=f"{office_name} 拖欠农民工工资失信联合惩戒对象名单（截至{day.isoformat()}，共{len(rows)}家）")
    return buffer.getvalue()
