"""Rules over whole rows of a registry workbook, the same as the case forms' (dates, status and
its dates, the employer's identifiers, workers per case, representatives; S-423, S-25)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from wagewatch.readers.registry_reader import ParsedRegistry, SheetRow
from wagewatch.readers.registry_step_checks import check_steps
from wagewatch.reports.registry_format import CASE_SHEET, WORKER_SHEET
from wagewatch.rules.case_flow import (
    CLOSED_AFTER_ACCEPTANCE, INVESTIGATION_STATUSES, TransitionRefused, check_not_accepted,
    check_representatives, status_label,
)


def _check_case(parsed: ParsedRegistry, row: SheetRow, today: date,
                work_ends: list[date | None]) -> None:
    v, n = row.values, row.row

    def error(key: str, message: str) -> None:
        parsed.error(CASE_SHEET, n, key, message)

    received, accepted, closed = v["received_on"], v["accepted_on"], v["closed_on"]
    for key in ("received_on", "accepted_on", "closed_on", "violation_ended_on"):
        if v[key] and v[key] > today:
            error(key, "日期不能晚于今天。")
    if received and accepted and accepted < received:
        error("accepted_on", "受理日期不能早于收到投诉日期。")
    if received and closed and closed < (accepted or received):
        error("closed_on", "结案日期不能早于受理日期（或收到投诉日期）。")
    status = v["status"]
    label = status_label(status) if status else ""
    if status == "registered" and (accepted or closed):
        error("status", f"状态为“{label}”的案件不应有受理日期或结案日期。")
    elif status in INVESTIGATION_STATUSES:
        if not accepted:
            error("accepted_on", f"状态为“{label}”时须填写受理日期。")
        if closed:
            error("closed_on", f"状态为“{label}”的案件尚未结案，不应有结案日期。")
    elif status == "not_accepted":
        if not v["not_accepted_reason"]:
            error("not_accepted_reason", f"状态为“{label}”时须选择不予受理原因。")
        if not closed:
            error("closed_on", f"状态为“{label}”时须填写结案日期（书面告知日期）。")
        if accepted:
            error("accepted_on", "不予受理的案件不应有受理日期。")
        if v["not_accepted_reason"] and received:
            try:
                check_not_accepted(str(v["not_accepted_reason"]), v["violation_ended_on"], received,
                                   work_ends)
            except TransitionRefused as refused:
                error("not_accepted_reason", str(refused))
    elif status in CLOSED_AFTER_ACCEPTANCE:
        if not accepted:
            error("accepted_on", "已结案的案件须填写受理日期。")
        if not closed:
            error("closed_on", "已结案的案件须填写结案日期。")
    if status != "not_accepted" and v["not_accepted_reason"]:
        error("not_accepted_reason", f"只有“{status_label('not_accepted')}”的案件填写不予受理原因。")
    if status == "referred" and not v["referral_department"]:
        error("referral_department", f"状态为“{label}”时须填写接收移送的部门。")
    if status != "referred" and v.get("referral_target"):
        error("referral_target", f"只有“{status_label('referred')}”的案件填写移送对象。")
    if v["employer_kind"] == "company" and v["employer_id_number"]:
        error("employer_id_number", "用人单位为“单位”时不填身份证号码（请填统一社会信用代码）。")
    if v["employer_kind"] == "individual" and v["employer_uscc"]:
        error("employer_uscc", "用人单位为个人时不填统一社会信用代码。")


def _check_worker(parsed: ParsedRegistry, row: SheetRow) -> None:
    v = row.values
    if v["work_from"] and v["work_to"] and v["work_to"] < v["work_from"]:
        parsed.error(WORKER_SHEET, row.row, "work_to", "务工截止日期不能早于起始日期。")


def check_rows(parsed: ParsedRegistry, today: date) -> None:
    """Row rules of every sheet and the links between them; problems go to ``parsed.errors``."""
    keys: dict[int, SheetRow] = {}
    work_ends: dict[object, list[date | None]] = defaultdict(list)
    for worker in parsed.workers:
        work_ends[worker.values["case_row_key"]].append(worker.values["work_to"])
    for row in parsed.cases:
        key = row.values["row_key"]
        if key is not None and key in keys:
            parsed.error(CASE_SHEET, row.row, "row_key",
                         f"案件序号{key}与第{keys[key].row}行重复。")
        elif key is not None:
            keys[key] = row
        _check_case(parsed, row, today, work_ends[key] if key is not None else [])
    numbers: dict[str, int] = {}
    for row in parsed.cases:
        number = row.values["number"]
        if number and number in numbers:
            parsed.error(CASE_SHEET, row.row, "number", f"案号与第{numbers[number]}行重复。")
        elif number:
            numbers[number] = row.row
    by_case: dict[int, list[SheetRow]] = defaultdict(list)
    for row in parsed.workers:
        _check_worker(parsed, row)
        key = row.values["case_row_key"]
        if key is None:
            continue
        if key not in keys:
            parsed.error(WORKER_SHEET, row.row, "case_row_key",
                         f"“案件”表中没有案件序号为{key}的案件。")
            continue
        by_case[key].append(row)
    for key, case_row in keys.items():
        workers = by_case.get(key, [])
        if not workers:
            parsed.error(CASE_SHEET, case_row.row, "row_key",
                         "该案件在“工人”表中没有工人，每个案件至少录入一名工人。")
            continue
        seen: dict[str, int] = {}
        for worker in workers:
            id_number = worker.values["id_number"]
            if id_number and id_number in seen:
                parsed.error(WORKER_SHEET, worker.row, "id_number",
                             f"同一工人（身份证号码相同）在本案中已录入（第{seen[id_number]}行）。")
            elif id_number:
                seen[id_number] = worker.row
        try:
            check_representatives(len(workers), sum(bool(w.values["representative"])
                                                    for w in workers))
        except TransitionRefused as refused:
            parsed.error(CASE_SHEET, case_row.row, "row_key",
                         str(refused).replace("（勾选“代表”）", "（“工人”表“推选为代表”填“是”）"))
    check_steps(parsed, today)
