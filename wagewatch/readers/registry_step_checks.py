"""Rules over the registry workbook's sheets after filing, the same as the forms' and services':
payment orders and their service (S-423 art. 26; S-JI art. 4), recoveries and their split
(S-724), police referral steps in order (S-310), blacklist proceedings and listings (S-45, S-17)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from wagewatch.models import OPEN_PROCEEDING_STATUSES, ProceedingStatus, ReferralStatus
from wagewatch.models.base import utcnow
from wagewatch.readers.registry_reader import ParsedRegistry, SheetRow
from wagewatch.reports.registry_format import CASE_SHEET
from wagewatch.reports.registry_format_steps import (
    ALLOCATION_SHEET, ORDER_ITEM_SHEET, ORDER_SHEET, PERSON_SHEET, PROCEEDING_SHEET,
    RECOVERY_SHEET, REFERRAL_SHEET,
)
from wagewatch.rules.arrears import extra_compensation_refusal
from wagewatch.rules.case_flow import TransitionRefused, check_pay_within, status_label
from wagewatch.rules.money import (
    EXTRA_COMPENSATION_MAX, EXTRA_COMPENSATION_MIN, MoneyRefused, WorkerBalance, check_allocation,
)
from wagewatch.rules.names import normalise_name

#: A clock a few minutes fast on the clerk's computer is not "the future" (as services/referrals).
CLOCK_TOLERANCE = timedelta(minutes=5)
NOT_FILED = {"registered", "not_accepted"}
#: A referral's moments in the order its steps happen (S-310 arts. 5, 8, 9, 12).
REFERRAL_MOMENTS = ("reported_at", "approved_at", "handed_over_at", "police_received_at",
                    "police_decided_at", "reconsideration_requested_at",
                    "reconsideration_answered_at", "supervision_requested_at",
                    "supervision_answered_at", "materials_handed_over_at")
#: What a referral in each status must have recorded (the steps that led there).
REFERRAL_NEEDS: dict[str, tuple[str, ...]] = {
    "reported": (),
    "not_approved": ("approved", "approved_at", "approver_name"),
    "approved": ("approved", "approved_at", "approver_name"),
    "handed_over": ("approved", "approved_at", "handed_over_at", "police_unit"),
    "received": ("handed_over_at", "police_unit", "police_received_at"),
    "filed": ("handed_over_at", "police_received_at", "police_decision", "police_decided_at"),
    "declined": ("handed_over_at", "police_received_at", "police_decision", "police_decided_at"),
    "reconsideration": ("police_decision", "police_decided_at", "reconsideration_requested_at"),
    "upheld": ("reconsideration_requested_at", "reconsideration_answered_at",
               "reconsideration_result"),
    "supervision": ("reconsideration_answered_at", "supervision_requested_at", "procuratorate"),
    "completed": ("police_decision", "police_decided_at", "materials_handed_over_at"),
    "closed": ("closed_at",),
}
ACTIVE_REFERRALS = {str(s) for s in ReferralStatus} - {"not_approved", "closed"}
LISTING_NEEDS = ("decision_number", "authority", "decided_on", "starts_on", "ends_on",
                 "main_facts", "grounds", "basis", "punishment_measures", "early_removal_terms",
                 "remedies")
NOTICE_KEYS = ("notice_number", "notice_grounds", "notice_basis", "notice_served_on",
               "notice_service_method")
PROCEEDING_NEEDS: dict[str, tuple[str, ...]] = {
    "notice_served": NOTICE_KEYS, "objection": NOTICE_KEYS, "listed": LISTING_NEEDS,
    "not_listed": ("not_listed_on",), "removed": (*LISTING_NEEDS, "removed_on", "removal_reason"),
    "revoked": ("revoked_on",),
}
KEY_LIST = re.compile(r"[、,，;；\s]+")


class _Context:
    """The case rows by key and what the step checks need of them."""

    def __init__(self, parsed: ParsedRegistry) -> None:
        self.parsed = parsed
        self.cases: dict[int, SheetRow] = {}
        for row in parsed.cases:
            self.cases.setdefault(row.values["row_key"], row)
        self.owed: dict[int, dict[str, Decimal]] = defaultdict(dict)
        self.names: dict[str, str] = {}
        for row in parsed.workers:
            v = row.values
            if v["id_number"] and v["claimed_yuan"] is not None:
                self.names[v["id_number"]] = v["name"] or v["id_number"]
                self.owed[v["case_row_key"]][v["id_number"]] = WorkerBalance(
                    claimed=v["claimed_yuan"], confirmed=v["confirmed_yuan"],
                    ordered=Decimal("0.00"), recovered=Decimal("0.00")).owed

    def case_of(self, sheet: str, row: SheetRow) -> SheetRow | None:
        key = row.values["case_row_key"]
        case = self.cases.get(key) if key is not None else None
        if key is not None and case is None:
            self.parsed.error(sheet, row.row, "case_row_key", f"“案件”表中没有案件序号为{key}的案件。")
        return case


def _keyed(parsed: ParsedRegistry, sheet: str, key: str) -> dict[int, SheetRow]:
    found: dict[int, SheetRow] = {}
    for row in parsed.steps.get(sheet, []):
        value = row.values[key]
        if value is not None and value in found:
            parsed.error(sheet, row.row, key, f"序号{value}与第{found[value].row}行重复。")
        elif value is not None:
            found[value] = row
    return found


def _not_after_today(parsed: ParsedRegistry, sheet: str, row: SheetRow, today: date,
                     keys: tuple[str, ...]) -> None:
    now = utcnow() + CLOCK_TOLERANCE
    for key in keys:
        value = row.values.get(key)
        late = (value > now) if isinstance(value, datetime) else (value is not None and value > today)
        if late:
            parsed.error(sheet, row.row, key, "不能晚于今天（现在）。")


def _lines(ctx: _Context, sheet: str, parent_key: str, parents: dict[int, SheetRow],
           what: str) -> dict[int, dict[str, Decimal]]:
    """The per-worker rows of ``sheet`` by their parent's key, each worker of the parent's case
    once; errors for unknown parents and workers."""
    parsed = ctx.parsed
    split: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in parsed.steps.get(sheet, []):
        v = row.values
        parent = parents.get(v[parent_key]) if v[parent_key] is not None else None
        if v[parent_key] is not None and parent is None:
            parsed.error(sheet, row.row, parent_key, f"没有序号为{v[parent_key]}的{what}。")
            continue
        if parent is None or not v["id_number"] or v["amount_yuan"] is None:
            continue
        case_key = parent.values["case_row_key"]
        if v["id_number"] not in ctx.owed.get(case_key, {}):
            parsed.error(sheet, row.row, "id_number", f"案件序号{case_key}的“工人”表中没有该身份证号码的工人。")
        elif v["id_number"] in split[v[parent_key]]:
            parsed.error(sheet, row.row, "id_number", f"同一{what}中该工人已有一行。")
        else:
            split[v[parent_key]][v["id_number"]] = v["amount_yuan"]
    return split


def _check_orders(ctx: _Context, today: date) -> None:
    parsed = ctx.parsed
    orders = _keyed(parsed, ORDER_SHEET, "order_key")
    ordered_cases: set[int] = set()
    for row in orders.values():
        v, n = row.values, row.row
        case = ctx.case_of(ORDER_SHEET, row)
        _not_after_today(parsed, ORDER_SHEET, row, today,
                         ("issued_on", "served_on", "extra_compensation_ordered_on"))
        if case is not None:
            ordered_cases.add(v["case_row_key"])
            if case.values["status"] in NOT_FILED:
                parsed.error(ORDER_SHEET, n, "case_row_key", "该案件尚未立案，不能有限期支付指令书。")
            filed = case.values["accepted_on"]
            if filed and v["issued_on"] and v["issued_on"] < filed:
                parsed.error(ORDER_SHEET, n, "issued_on", "签发日期不能早于受理（立案）日期。")
        if v["pay_within_working_days"] is not None:
            try:
                check_pay_within(v["pay_within_working_days"])
            except TransitionRefused as refused:
                parsed.error(ORDER_SHEET, n, "pay_within_working_days", str(refused))
        served, method, pay_by = v["served_on"], v["service_method"], v["pay_by_on"]
        if (served is None) != (method is None) or (served is None) != (pay_by is None):
            parsed.error(ORDER_SHEET, n, "served_on",
                         "送达日期、送达方式和限期届满日须同时填写（未送达的都留空）。")
        if served and v["issued_on"] and served < v["issued_on"]:
            parsed.error(ORDER_SHEET, n, "served_on", "送达日期不能早于签发日期。")
        if served and pay_by and pay_by < served:
            parsed.error(ORDER_SHEET, n, "pay_by_on", "限期届满日不能早于送达日期。")
        extra = (v["extra_compensation_rate"], v["extra_compensation_yuan"],
                 v["extra_compensation_ordered_on"])
        if any(x is not None for x in extra):
            if any(x is None for x in extra):
                parsed.error(ORDER_SHEET, n, "extra_compensation_rate",
                             "加付赔偿金比例、金额和责令日期须同时填写。")
            elif not EXTRA_COMPENSATION_MIN <= extra[0] <= EXTRA_COMPENSATION_MAX:
                parsed.error(ORDER_SHEET, n, "extra_compensation_rate",
                             "加付赔偿金的比例应在应付金额的50%至100%之间。")
            elif refusal := extra_compensation_refusal(served, pay_by, extra[2]):
                parsed.error(ORDER_SHEET, n, "extra_compensation_ordered_on", refusal)
    items = _lines(ctx, ORDER_ITEM_SHEET, "order_key", orders, "指令书")
    for key, row in orders.items():
        total = sum(items.get(key, {}).values(), Decimal("0.00"))
        if row.values["amount_yuan"] is not None and total != row.values["amount_yuan"]:
            parsed.error(ORDER_SHEET, row.row, "amount_yuan",
                         f"责令支付金额应等于“限期支付明细”表中各工人金额之和（{total:,.2f}元）。")
    for key, case in ctx.cases.items():
        if case.values["status"] == "payment_ordered" and key not in ordered_cases:
            parsed.error(CASE_SHEET, case.row, "status",
                         f"状态为“{status_label('payment_ordered')}”的案件须在“限期支付”表中"
                         "至少有一份指令书。")


def _check_recoveries(ctx: _Context, today: date) -> None:
    parsed = ctx.parsed
    recoveries = _keyed(parsed, RECOVERY_SHEET, "recovery_key")
    split = _lines(ctx, ALLOCATION_SHEET, "recovery_key", recoveries, "清欠记录")
    recovered: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for key, row in sorted(recoveries.items(), key=lambda kr: (kr[1].values["paid_on"] or date.min,
                                                               kr[0])):
        v, n = row.values, row.row
        case = ctx.case_of(RECOVERY_SHEET, row)
        _not_after_today(parsed, RECOVERY_SHEET, row, today, ("paid_on",))
        if v["payer_name"] and not v["payer_kind"]:
            parsed.error(RECOVERY_SHEET, n, "payer_kind", "填写了支付单位名称时须选择支付单位类型。")
        if not v["payer_name"] and (v["payer_uscc"] or v["payer_id_number"] or v["payer_kind"]):
            parsed.error(RECOVERY_SHEET, n, "payer_name", "填写了支付单位的代码或类型时须填写名称。")
        if case is None or v["amount_yuan"] is None:
            continue
        if v["paid_on"] and case.values["received_on"] and v["paid_on"] < case.values["received_on"]:
            parsed.error(RECOVERY_SHEET, n, "paid_on", "支付日期不能早于收到投诉的日期。")
        case_key = v["case_row_key"]
        owed = ctx.owed.get(case_key, {})
        outstanding = {i: max(o - recovered[case_key][i], Decimal("0.00")) for i, o in owed.items()}
        try:
            check_allocation(v["amount_yuan"], split.get(key, {}), outstanding, ctx.names)
        except MoneyRefused as refused:
            parsed.error(RECOVERY_SHEET, n, "amount_yuan", f"{refused}（见“清欠分配”表）")
            continue
        for id_number, amount in split.get(key, {}).items():
            recovered[case_key][id_number] += amount


def _check_referrals(ctx: _Context, today: date) -> None:
    parsed = ctx.parsed
    active: dict[int, int] = {}
    handed: set[int] = set()
    for row in parsed.steps.get(REFERRAL_SHEET, []):
        v, n = row.values, row.row
        case = ctx.case_of(REFERRAL_SHEET, row)
        _not_after_today(parsed, REFERRAL_SHEET, row, today, (*REFERRAL_MOMENTS, "closed_at"))
        status = v["status"]
        for key in REFERRAL_NEEDS.get(status or "", ()):
            if v[key] is None:
                parsed.error(REFERRAL_SHEET, n, key, f"移送状态为“{row_label(status)}”时须填写本项。")
        if status in ("approved", "handed_over") and v["approved"] is False:
            parsed.error(REFERRAL_SHEET, n, "approved", "负责人未批准的移送不能是这一状态。")
        previous = None
        for key in REFERRAL_MOMENTS:
            if v[key] is not None and previous is not None and v[key] < v[previous]:
                parsed.error(REFERRAL_SHEET, n, key, "时间不能早于前一步骤的时间。")
            previous = key if v[key] is not None else previous
        if case is None:
            continue
        case_key = v["case_row_key"]
        if case.values["status"] in NOT_FILED:
            parsed.error(REFERRAL_SHEET, n, "case_row_key", "该案件尚未立案，不能移送公安机关。")
        if status in ACTIVE_REFERRALS:
            if case_key in active:
                parsed.error(REFERRAL_SHEET, n, "status",
                             f"本案在第{active[case_key]}行已有进行中的移送，同一案件只能有一个进行中的移送。")
            active[case_key] = n
        if v["handed_over_at"] is not None:
            handed.add(case_key)
    for row_key, case in ctx.cases.items():
        if (case.values["status"] == "referred" and case.values.get("referral_target") == "police"
                and row_key not in handed):
            parsed.error(CASE_SHEET, case.row, "referral_target",
                         "移送公安机关的案件须在“移送公安”表中有已移送（填写移送时间）的记录。")


def row_label(status: str | None) -> str:
    return ReferralStatus(status).label if status else ""


def _employer(case: SheetRow) -> tuple:
    v = case.values
    return (v["employer_uscc"] or v["employer_id_number"] or "",
            normalise_name(v["employer_name"] or ""))


def _check_proceedings(ctx: _Context, today: date) -> None:
    parsed = ctx.parsed
    proceedings = _keyed(parsed, PROCEEDING_SHEET, "proceeding_key")
    open_of: dict[tuple, int] = {}
    for row in proceedings.values():
        v, n = row.values, row.row
        _not_after_today(parsed, PROCEEDING_SHEET, row, today,
                         ("opened_on", "decided_on", "notice_served_on", "not_listed_on",
                          "removed_on", "closed_on", "revoked_on"))
        keys = [k for k in KEY_LIST.split(v["case_row_keys"] or "") if k]
        if not all(k.isdigit() for k in keys) or len(set(keys)) != len(keys):
            parsed.error(PROCEEDING_SHEET, n, "case_row_keys",
                         "应填写不重复的案件序号，用顿号或逗号分隔，如 3、17。")
            continue
        cases = [ctx.cases.get(int(k)) for k in keys]
        if keys and None in cases:
            missing = [k for k, c in zip(keys, cases, strict=True) if c is None]
            parsed.error(PROCEEDING_SHEET, n, "case_row_keys",
                         f"“案件”表中没有案件序号为{'、'.join(missing)}的案件。")
            continue
        employers = {_employer(c) for c in cases if c is not None}
        if len(employers) > 1:
            parsed.error(PROCEEDING_SHEET, n, "case_row_keys", "依据案件须是同一用人单位的案件。")
        status = v["status"]
        for key in PROCEEDING_NEEDS.get(status or "", ()):
            if v[key] is None:
                parsed.error(PROCEEDING_SHEET, n, key,
                             f"程序状态为“{ProceedingStatus(status).label}”时须填写本项。")
        if status and ProceedingStatus(status).before_decision and v["decision_number"]:
            parsed.error(PROCEEDING_SHEET, n, "decision_number", "尚未决定列入的程序不应有列入决定书。")
        if any(v[k] is not None for k in NOTICE_KEYS) and any(v[k] is None for k in NOTICE_KEYS[:3]):
            parsed.error(PROCEEDING_SHEET, n, "notice_number", "告知书文号、事由和依据须同时填写。")
        if (v["notice_served_on"] is None) != (v["notice_service_method"] is None):
            parsed.error(PROCEEDING_SHEET, n, "notice_served_on",
                         "告知书的送达日期和送达方式须同时填写；尚未送达的告知书两项都不填。")
        if status == ProceedingStatus.CANDIDATE and v["notice_served_on"] is not None:
            parsed.error(PROCEEDING_SHEET, n, "notice_served_on",
                         f"告知书已送达的，程序状态应为“{ProceedingStatus.NOTICE_SERVED.label}”或其后的状态。")
        if v["decision_number"] and any(v[k] is None for k in LISTING_NEEDS):
            parsed.error(PROCEEDING_SHEET, n, "decision_number", "列入决定书的各项须填写完整。")
        if v["starts_on"] and v["ends_on"] and v["ends_on"] < v["starts_on"]:
            parsed.error(PROCEEDING_SHEET, n, "ends_on", "名单期至不能早于名单期起。")
        if status in OPEN_PROCEEDING_STATUSES and len(employers) == 1:
            employer = employers.pop()
            if employer in open_of:
                parsed.error(PROCEEDING_SHEET, n, "status",
                             f"该用人单位在第{open_of[employer]}行已有进行中或名单期内的程序。")
            open_of[employer] = n
    for row in parsed.steps.get(PERSON_SHEET, []):
        key = row.values["proceeding_key"]
        found = proceedings.get(key) if key is not None else None
        if key is not None and found is None:
            parsed.error(PERSON_SHEET, row.row, "proceeding_key", f"没有序号为{key}的列入程序。")
        elif found is not None and not found.values["decision_number"]:
            parsed.error(PERSON_SHEET, row.row, "proceeding_key", "该程序尚未决定列入，不能有列入人员。")


def check_steps(parsed: ParsedRegistry, today: date) -> None:
    """Row rules of the sheets after filing and their links to cases and workers; problems go
    to ``parsed.errors``."""
    ctx = _Context(parsed)
    _check_orders(ctx, today)
    _check_recoveries(ctx, today)
    _check_referrals(ctx, today)
    _check_proceedings(ctx, today)
