"""The full-registry export: every case of an office with its workers, employer and project, its
payment orders, recoveries, police referrals and blacklist proceedings, in the registry format
(re-importable into an empty office), streamed in constant memory for 100,000+ cases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from wagewatch.extensions import db
from wagewatch.models import Case, CaseWorker, Office, User, Worker
from wagewatch.privacy import mask_id_number, mask_phone
from wagewatch.reports.registry_format import (
    CASE_SHEET, FACT_HEADERS, NO, SHEETS, WORKER_SHEET, YES,
)
from wagewatch.reports.registry_layout import append_row, new_registry_workbook
from wagewatch.reports.registry_steps import StepRows, proceeding_case_ids
from wagewatch.services import audit

BATCH = 1000


def _yes_no(value: bool) -> str:
    return YES if value else NO


def case_values(case: Case, row_key: int, *, unmask: bool) -> dict[str, object]:
    """One case as the plain values of the 案件 sheet (labels for enumerations)."""
    employer, project = case.employer, case.project
    id_number = employer.id_number if unmask else mask_id_number(employer.id_number)
    return {
        "row_key": row_key, "number": case.number, "received_on": case.received_on,
        "channel": case.channel.label, "township": case.township.name,
        "sector": case.sector.label, "status": case.status.label,
        "accepted_on": case.accepted_on, "closed_on": case.closed_on,
        "not_accepted_reason": case.not_accepted_reason.label if case.not_accepted_reason else None,
        "referral_department": case.referral_department,
        "referral_target": case.referral_target.label if case.referral_target else None,
        "employer_name": employer.name, "employer_kind": employer.kind.label,
        "employer_uscc": employer.uscc, "employer_id_number": id_number,
        "project_name": project.name if project else None,
        "funding_type": project.funding_type.label if project else None,
        "violation_ended_on": case.violation_ended_on, "summary": case.summary,
        **{key: _yes_no(getattr(case, key)) for key in FACT_HEADERS},
    }


def worker_values(case_worker: CaseWorker, worker: Worker, row_key: int, *,
                  unmask: bool) -> dict[str, object]:
    """One worker's claim as the plain values of the 工人 sheet (money in yuan)."""
    return {
        "case_row_key": row_key, "name": worker.name,
        "id_number": worker.id_number if unmask else mask_id_number(worker.id_number),
        "phone": worker.phone if unmask else mask_phone(worker.phone),
        "work_from": case_worker.work_from, "work_to": case_worker.work_to,
        "months_owed": case_worker.months_owed, "claimed_yuan": case_worker.claimed_yuan,
        "confirmed_yuan": case_worker.confirmed_yuan,
        "representative": _yes_no(case_worker.representative),
    }


def count_cases(office_id: int) -> int:
    return db.session.scalar(select(func.count(Case.id)).where(Case.office_id == office_id)) or 0


def write_registry(office_id: int, output: str | IO[bytes], *, unmask: bool,
                   on_progress: Callable[[int, int], None] | None = None) -> int:
    """Write every case of the office (oldest first) with its workers to ``output`` (a path or a
    binary file) and return the number of cases written.

    Rows come from ``registry_rows`` (keyset batches, flat memory) into a constant-memory
    XlsxWriter workbook, every string a text cell (reports/xlsx_stream.py).
    ID numbers and phones are masked unless ``unmask`` (security.md item 12).
    ``on_progress(done, total)`` is called after each batch. The session is emptied
    (``expunge_all``), so records the caller loaded before are detached: reload them after.
    Not audited here: the caller records who exported (``record_registry_export``) and commits.
    """
    return write_registry_rows(registry_rows(office_id, unmask=unmask, on_progress=on_progress),
                               output)


def write_registry_rows(rows: Iterable[tuple[str, dict[str, object]]],
                        output: str | IO[bytes]) -> int:
    """Write ``rows`` as ``registry_rows`` yields them (sheet name, values by column key) into a
    new registry workbook saved to ``output``; returns the number of cases written."""
    with new_registry_workbook(output) as sheets:
        done = 0
        for sheet, values in rows:
            done += sheet == CASE_SHEET
            append_row(sheets[sheet], SHEETS[sheet], values)
    return done


def registry_rows(office_id: int, *, unmask: bool,
                  on_progress: Callable[[int, int], None] | None = None,
                  ) -> Iterator[tuple[str, dict[str, object]]]:
    """Every case of the office (oldest first) as (CASE_SHEET, values), each followed by its
    workers as (WORKER_SHEET, values); after each batch its payment orders, recoveries and
    referrals (each order and recovery followed by its per-worker rows), and at the end the
    office's blacklist proceedings with their listed persons. Keyset pagination over the case id
    in batches of 1,000 (never OFFSET), the batch's workers, orders, recoveries and referrals in
    one query each, the session emptied between batches: memory stays flat however large the
    registry (only the row keys of cases that ground a proceeding are kept)."""
    total = count_cases(office_id)
    done, last_id = 0, 0
    steps = StepRows(unmask)
    listed_cases = proceeding_case_ids(office_id)
    kept_keys: dict[int, int] = {}
    while True:
        ids = list(db.session.scalars(select(Case.id).where(
            Case.office_id == office_id, Case.id > last_id).order_by(Case.id).limit(BATCH)))
        if not ids:
            break
        cases = db.session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id).options(
            joinedload(Case.employer), joinedload(Case.township), joinedload(Case.project)))
        claims: dict[int, list[tuple[CaseWorker, Worker]]] = defaultdict(list)
        id_numbers: dict[int, str] = {}
        for case_worker, worker in db.session.execute(
                select(CaseWorker, Worker).join(Worker, Worker.id == CaseWorker.worker_id)
                .where(CaseWorker.case_id.in_(ids)).order_by(CaseWorker.case_id, CaseWorker.id)):
            claims[case_worker.case_id].append((case_worker, worker))
            id_numbers[case_worker.id] = worker.id_number
        row_keys: dict[int, int] = {}
        for case in cases:
            done += 1
            row_keys[case.id] = done
            if case.id in listed_cases:
                kept_keys[case.id] = done
            yield CASE_SHEET, case_values(case, done, unmask=unmask)
            for case_worker, worker in claims[case.id]:
                yield WORKER_SHEET, worker_values(case_worker, worker, done, unmask=unmask)
        yield from steps.for_cases(ids, row_keys, id_numbers.__getitem__)
        last_id = ids[-1]
        db.session.expunge_all()
        if on_progress is not None:
            on_progress(done, max(total, done))
    yield from steps.proceedings(office_id, kept_keys)


def masking_text(unmask: bool, purpose: str | None = None) -> str:
    """What an export says of its ID numbers and phones (and, when whole, why), for the audit
    log."""
    if not unmask:
        return "身份证号码和手机号码已脱敏"
    return "含完整身份证号码和手机号码" + (f"，用途：{purpose}" if purpose else "")


def record_registry_export(actor: User | None, office: Office, count: int, *, unmask: bool,
                           via: str, purpose: str | None = None) -> None:
    """Audit a full-registry export (who, what, filter, row count) in the caller's transaction;
    without an app user ``via`` names who ran it (security.md item 15)."""
    audit.record("export.registry", object_type="case", actor=actor,
                 detail=f"全量导出案件登记簿（{via}）：{office.name} 全部案件，筛选 无，"
                        f"共{count}件，{masking_text(unmask, purpose)}")


__all__ = ["BATCH", "case_values", "count_cases", "masking_text", "record_registry_export",
           "registry_rows", "worker_values", "write_registry"]
