"""Demo workflow steps: acceptance or refusal, extension, and the ways a case closes."""

from __future__ import annotations

from datetime import date, timedelta

from wagewatch.demo.names import person_name
from wagewatch.demo.payments import CaseDraft, OrderInfo, issue_order, order_extra, payment_days, recover
from wagewatch.demo.referrals import hand_over
from wagewatch.models import CaseStatus, NotAcceptedReason, ReferralTarget
from wagewatch.rules.case_flow import (
    EXTENSION_WORKING_DAYS, INVESTIGATION_WORKING_DAYS, time_barred,
)
from wagewatch.rules.working_days import Deadline

CLOSED = frozenset({CaseStatus.RESOLVED, CaseStatus.WITHDRAWN, CaseStatus.REFERRED})
DECISION_DELAYS = (0, 0, 1, 1, 2, 3, 4, 5)          # working days from receipt (S-25: at most 5)
EXTENSION_REASONS = ("涉及工人较多，需逐一核实工资数额", "用人单位负责人下落不明，需进一步调查",
                     "需调取项目工程款拨付记录", "工资台账缺失，需根据工人提供的证据认定欠薪数额")
OTHER_JURISDICTIONS = ("徐州市铜山区", "徐州市云龙区", "宿迁市宿城区", "淮北市相山区")
OTHER_DEPARTMENTS = ("经开区住房和城乡建设局", "经开区市场监督管理局", "徐州市劳动人事争议仲裁委员会",
                     "经开区司法局法律援助中心")
REFERRAL_TARGETS = (ReferralTarget.POLICE, ReferralTarget.OTHER_DEPARTMENT)
EVASION_FACTS = ("employer_absconded", "property_transferred", "records_destroyed",
                 "no_show_after_notice")
POLICE_MIN_SPAN = 12     # working days: an order, its pay-by date, then the referral


def not_accept(draft: CaseDraft, row: dict, received_on: date, violation_ended_on: date) -> None:
    """Refuse the complaint within 5 working days with a reason and written notice (S-25 art. 18)."""
    ctx, rng = draft.ctx, draft.ctx.rng
    if time_barred(violation_ended_on, received_on):
        reason = NotAcceptedReason.TIME_BARRED
        note = f"违法行为于{violation_ended_on:%Y年%m月%d日}终止，至投诉时已超过2年，已书面告知投诉人。"
    elif ctx.chance(0.5):
        reason = NotAcceptedReason.NO_EMPLOYER
        note = "投诉人无法提供用人单位名称、地址等基本信息，已告知补充材料后再行投诉。"
    else:
        reason = NotAcceptedReason.OUTSIDE_JURISDICTION
        note = f"用工所在地不在本辖区，已告知投诉人向{rng.choice(OTHER_JURISDICTIONS)}劳动保障监察机构投诉。"
    notice_on = ctx.clamp(ctx.add_working_days(received_on, rng.choice(DECISION_DELAYS)).due_on)
    row.update(not_accepted_reason=reason, not_accepted_note=note,
               not_accepted_notice_on=notice_on, closed_on=notice_on)
    draft.event(notice_on, "not_accept", CaseStatus.REGISTERED, CaseStatus.NOT_ACCEPTED,
                f"{reason.label}。{note}")


def decide(draft: CaseDraft, row: dict, received_on: date,
           status: CaseStatus) -> tuple[date, Deadline, int]:
    """Accept and file the case, extend the investigation when it runs long (S-423 art. 17).

    Returns the filing date, the investigation deadline and the case's span: the working days
    from filing to closing (closed cases) or to the anchor date (open cases).
    """
    ctx, rng = draft.ctx, draft.ctx.rng
    accepted_on = ctx.clamp(ctx.add_working_days(received_on, rng.choice(DECISION_DELAYS)).due_on)
    elapsed = ctx.working_days_to_anchor(accepted_on)
    if status in CLOSED:
        roll = rng.random()
        wanted = (rng.randint(3, 40) if roll < 0.7 else rng.randint(41, 60) if roll < 0.95
                  else rng.randint(61, 90))
        if status is CaseStatus.REFERRED:
            wanted = max(wanted, 20)
        span = min(wanted, elapsed)
        extended = span > INVESTIGATION_WORKING_DAYS
    else:
        span = elapsed
        extended = elapsed > 55 and ctx.chance(0.65)
    row["accepted_on"] = accepted_on
    draft.event(accepted_on, "accept", CaseStatus.REGISTERED, CaseStatus.INVESTIGATING, "受理并立案")
    draft.status = CaseStatus.INVESTIGATING
    if extended:
        approved_on = ctx.add_working_days(accepted_on, rng.randint(45, min(59, span))).due_on
        approver = f"{person_name(rng, ctx.chance(0.8))}（大队长）"
        reason = rng.choice(EXTENSION_REASONS)
        row.update(extension_approver=approver, extension_approved_on=approved_on,
                   extension_reason=reason)
        draft.event(approved_on, "extend", draft.status, draft.status,
                    f"经{approver}批准延长{EXTENSION_WORKING_DAYS}个工作日：{reason}")
    days = INVESTIGATION_WORKING_DAYS + (EXTENSION_WORKING_DAYS if extended else 0)
    return accepted_on, ctx.add_working_days(accepted_on, days), span


def close_case(draft: CaseDraft, row: dict, status: CaseStatus, accepted_on: date, span: int,
               order: OrderInfo | None) -> OrderInfo | None:
    """Resolve (paid), withdraw (撤销立案: minor and corrected) or refer (S-423 art. 18; S-310)."""
    ctx, rng = draft.ctx, draft.ctx.rng
    closed_on = ctx.add_working_days(accepted_on, span).due_on
    if status is CaseStatus.RESOLVED:
        start = order.issued_on if order else accepted_on
        if ctx.chance(0.92):
            days = payment_days(ctx, start, closed_on, rng.choice((1, 1, 1, 2, 3)))
            for day in days[:-1]:
                recover(draft, day, full=False)
            recover(draft, days[-1], full=True)
            note = "拖欠工资已全部支付到位，结案。"
        else:
            recover(draft, closed_on, full=False)
            note = "用人单位已支付部分工资，其余有争议部分已告知工人依法申请劳动争议仲裁，结案。"
        action = "resolve"
    elif status is CaseStatus.WITHDRAWN:
        recover(draft, closed_on, full=True, by_employer=True)
        note = "违法行为轻微，用人单位已足额支付拖欠工资并改正，撤销立案。"
        action = "withdraw"
    else:
        order, note = _refer(draft, row, accepted_on, span, closed_on)
        action = "refer"
    row.update(closed_on=closed_on, closing_note=note)
    draft.event(closed_on, action, draft.status, status, note)
    return order


def _refer(draft: CaseDraft, row: dict, accepted_on: date, span: int,
           closed_on: date) -> tuple[OrderInfo | None, str]:
    """Refer to the police after an ignored payment order (S-JI art. 4; S-100), or elsewhere."""
    ctx, rng = draft.ctx, draft.ctx.rng
    target = ctx.pick("referral", REFERRAL_TARGETS, (65, 35))
    if target is ReferralTarget.OTHER_DEPARTMENT or span < POLICE_MIN_SPAN:
        department = rng.choice(OTHER_DEPARTMENTS)
        row.update(referral_target=ReferralTarget.OTHER_DEPARTMENT, referral_department=department)
        return None, f"经查属于{department}职责范围，依法移送处理。"
    pay_within = 5 if span < 17 else rng.choice((5, 10))
    offset = rng.randint(0, min(15, span - pay_within - 1))
    issued_on = ctx.add_working_days(accepted_on, offset).due_on
    if not any(row[fact] for fact in EVASION_FACTS) and not row["ability_to_pay"]:
        row["no_show_after_notice"] = True   # S-100: no-show after verifiable notice is evasion
    order = issue_order(draft, issued_on, pay_within, row["employer_absconded"])
    after = order.pay_by.due_on + timedelta(days=1)
    if ctx.chance(0.5) and after <= closed_on:
        after = min(after + timedelta(days=rng.randint(0, 5)), closed_on)
        order_extra(draft, order, after)
    if ctx.chance(0.3) and after <= closed_on:
        paid_on = after + timedelta(days=rng.randint(0, (closed_on - after).days))
        recover(draft, paid_on, full=ctx.chance(0.5), police=True)
    row.update(referral_target=ReferralTarget.POLICE, referral_department="公安机关")
    hand_over(draft, order, closed_on)
    return order, "用人单位逾期拒不支付，涉嫌拒不支付劳动报酬罪，经大队长批准移送公安机关。"
