"""The seeding summary as the command prints it, in Chinese."""

from __future__ import annotations

from wagewatch.demo.seed import SeedSummary
from wagewatch.models import CaseStatus, Channel, Payer


def summary_lines(summary: SeedSummary) -> list[str]:
    """Counts per table, money in yuan, and the split by status, channel and payer."""
    rows = summary.rows
    statuses = "、".join(f"{s.label} {summary.by_status[str(s)]}" for s in CaseStatus)
    channels = "、".join(f"{c.label} {summary.by_channel[str(c)]}" for c in Channel)
    payers = "、".join(f"{p.label} {summary.by_payer[str(p)]}" for p in Payer)
    return [
        f"已生成演示案件 {summary.cases} 件（机构 {summary.office}）："
        f"{summary.first_number} 至 {summary.last_number}",
        f"  工人 {rows.get('worker', 0)} 人（涉案 {rows.get('case_worker', 0)} 人次），"
        f"单位与个人 {rows.get('contractor', 0)} 个，项目 {rows.get('project', 0)} 个",
        f"  责令限期支付 {rows.get('payment_order', 0)} 份，清欠 {rows.get('recovery', 0)} 笔，"
        f"时间线记录 {rows.get('case_event', 0)} 条",
        f"  投诉金额 {summary.claimed_yuan:,.2f} 元，已追回 {summary.recovered_yuan:,.2f} 元",
        f"  按状态：{statuses}",
        f"  按来源：{channels}",
        f"  按支付方：{payers}",
    ]
