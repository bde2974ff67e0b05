"""Importing a case workbook: every row checked with the forms' rules, then all cases with their
workers, employers, projects, payment orders, recoveries, referrals and blacklist proceedings
written in one transaction, or nothing (security.md item 14)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

from sqlalchemy.exc import IntegrityError

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseImport, CaseStatus, CaseWorker, Channel, NotAcceptedReason, ReferralTarget, Sector,
    User, Worker,
)
from wagewatch.readers.registry_checks import check_rows
from wagewatch.readers.registry_reader import CellError, ParsedRegistry, SheetRow, read_registry
from wagewatch.readers.upload_checks import UploadLimits, UploadRefused, open_upload
from wagewatch.reports.registry_format import FACT_HEADERS, SHEETS
from wagewatch.rules.identifiers import hometown_of
from wagewatch.services import ServiceError, audit
from wagewatch.services.cases.case_numbers import move_counter_past, take_case_numbers
from wagewatch.services.cases.registration import add_event, refresh_deadlines
from wagewatch.services.flags.evaluation import evaluate_employer
from wagewatch.services.imports.case_import_plan import ImportPlan, plan_import
from wagewatch.services.imports.case_import_steps import StepCounts, write_steps
from wagewatch.services.reference.calendar import app_zone, today

#: At most this many errors are stored and listed; the count says how many there were.
MAX_LISTED_ERRORS = 2000
CONFLICT = ("保存时与他人同时登记的数据冲突（可能同一文件正被他人导入），未导入任何案件。"
            "请稍后在“最近的导入”中查看，必要时重新上传。")


class ImportRefused(ServiceError):
    """The file was not imported; ``attempt`` holds its errors. ``file_problem`` is set when the
    file itself was refused (not a workbook, too large, a formula, already imported)."""

    def __init__(self, attempt: CaseImport, file_problem: str | None = None) -> None:
        super().__init__(file_problem or f"文件有{attempt.error_count}处错误，未导入任何案件。",
                         field="file")
        self.attempt = attempt
        self.file_problem = file_problem


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def already_imported(office_id: int, sha256: str) -> CaseImport | None:
    return db.session.scalar(db.select(CaseImport).where(
        CaseImport.office_id == office_id, CaseImport.imported_sha256 == sha256))


def _open_checked(actor: User, data: bytes, filename: str, sha256: str,
                  limits: UploadLimits | None = None):
    """The file-level checks (not imported before, a real and safe workbook within ``limits``,
    the web's by default): the open workbook, or the refusal recorded and raised."""
    previous = already_imported(actor.office_id, sha256)
    if previous is not None:
        when = previous.created_at.astimezone(app_zone()).strftime("%Y-%m-%d %H:%M")
        _refuse(actor, filename, sha256, [], file_problem=(
            f"该文件已于{when}由{previous.user.display_name}导入（{previous.case_count}件案件），"
            "不会重复导入。"))
    try:
        return open_upload(data, filename, limits)
    except UploadRefused as refused:
        _refuse(actor, filename, sha256, [], file_problem=refused.message)


def check_upload(actor: User, data: bytes, filename: str) -> None:
    """The checks answered at once, before any background work: the file was not imported
    already, and it is a real workbook within the size, zip and row limits (security.md item
    14). Raises ImportRefused with ``file_problem`` for the upload field."""
    _open_checked(actor, data, (filename or "未命名.xlsx")[:200], file_sha256(data)).close()


def import_cases(actor: User, data: bytes, filename: str,
                 on_progress: Callable[[int, int], None] | None = None,
                 limits: UploadLimits | None = None,
                 before_commit: Callable[[CaseImport], None] | None = None) -> CaseImport:
    """Import the workbook's cases into the actor's office, all or nothing, and audit it.

    ``limits`` are the upload's size limits, the web's (5 MB, 20,000 rows a sheet) by default;
    the command-line import of a whole registry passes ``upload_checks.WHOLE_REGISTRY``.

    Case numbers in the office's format and not yet used are kept (the year's counter moves past
    them); other cases get the next numbers. Raises ImportRefused with the recorded attempt.
    ``on_progress(done, total)`` is told how many cases are written, every 100;
    ``before_commit(attempt)`` runs in the import's transaction just before it commits (a
    background job records its end there, or raises to save nothing).
    """
    filename = (filename or "未命名.xlsx")[:200]
    sha256 = file_sha256(data)
    workbook = _open_checked(actor, data, filename, sha256, limits)
    try:
        parsed = read_registry(workbook, today())
    except UploadRefused as refused:
        _refuse(actor, filename, sha256, [], file_problem=refused.message)
    finally:
        workbook.close()
    check_rows(parsed, today())
    plan = plan_import(actor.office, parsed)
    if parsed.errors:
        _refuse(actor, filename, sha256, parsed.errors)
    try:
        case_ids, steps = _write(actor, parsed, plan, filename, on_progress)
        attempt = CaseImport(
            office_id=actor.office_id, user_id=actor.id, file_name=filename, sha256=sha256,
            imported_sha256=sha256, imported=True, case_count=len(case_ids),
            worker_count=len(parsed.workers), new_contractor_count=len(plan.new_contractors),
            new_project_count=len(plan.new_projects), case_ids=case_ids)
        db.session.add(attempt)
        db.session.flush()
        audit.record("import.cases", object_type="case_import", object_id=attempt.id,
                     actor=actor,
                     detail=f"导入案件文件“{filename}”（SHA-256 {sha256}）：案件{len(case_ids)}件，"
                            f"工人{len(parsed.workers)}行，新登记单位{len(plan.new_contractors)}个，"
                            f"新登记项目{len(plan.new_projects)}个，{steps.text()}")
        if before_commit is not None:
            before_commit(attempt)
        db.session.commit()
    except IntegrityError:
        # Someone saved the same file, number, USCC or ID number at the same moment.
        _refuse(actor, filename, sha256, [], file_problem=CONFLICT)
    return attempt


def _refuse(actor: User, filename: str, sha256: str, errors: list[CellError],
            file_problem: str | None = None) -> None:
    """Roll back everything, record the refused attempt with its errors (audited), and raise."""
    db.session.rollback()
    order = {name: index for index, name in enumerate(SHEETS)}
    errors = sorted(errors, key=lambda e: (order.get(e.sheet, -1), e.row or 0))
    listed = [e.as_dict() for e in errors[:MAX_LISTED_ERRORS]]
    if file_problem:
        listed = [{"sheet": None, "row": None, "column": None, "letter": None,
                   "message": file_problem}]
    attempt = CaseImport(office_id=actor.office_id, user_id=actor.id, file_name=filename,
                         sha256=sha256, imported=False, error_count=max(len(errors), len(listed)),
                         errors=listed)
    db.session.add(attempt)
    db.session.flush()
    audit.record("import.cases", object_type="case_import", object_id=attempt.id, actor=actor,
                 success=False, detail=f"拒绝导入案件文件“{filename}”（SHA-256 {sha256}）："
                                       f"{file_problem or f'{attempt.error_count}处错误'}")
    db.session.commit()
    raise ImportRefused(attempt, file_problem)


def _write(actor: User, parsed: ParsedRegistry, plan: ImportPlan, filename: str,
           on_progress: Callable[[int, int], None] | None = None,
           ) -> tuple[list[int], StepCounts]:
    """Create the planned contractors, projects and cases with their workers, then their payment
    orders, recoveries, referrals and blacklist proceedings, and re-evaluate the rules for the
    employers whose cases carry a payment order (S-45 art. 5 and S-JI art. 4 both need one)
    (no commit)."""
    office = actor.office
    for contractor in plan.new_contractors:
        contractor.created_by_id = actor.id
        db.session.add(contractor)
    for project in plan.new_projects:
        project.created_by_id = actor.id
        db.session.add(project)
    # The counters move once per year before any case is added (a statement in between would
    # flush each case on its own instead of all of them together).
    highest_kept: dict[int, int] = {}
    for (year, seq) in plan.kept_numbers.values():
        highest_kept[year] = max(seq, highest_kept.get(year, 0))
    for year, seq in sorted(highest_kept.items()):
        move_counter_past(office, year, seq)
    needed: dict[int, int] = {}
    for row in parsed.cases:
        if row.row not in plan.kept_numbers:
            year = row.values["received_on"].year
            needed[year] = needed.get(year, 0) + 1
    new_numbers = {year: iter(take_case_numbers(office, year, count))
                   for year, count in sorted(needed.items())}
    workers_of: dict[int, list[SheetRow]] = {}
    for row in parsed.workers:
        workers_of.setdefault(row.values["case_row_key"], []).append(row)
    people: dict[str, Worker] = dict(plan.existing_workers)
    cases = []
    by_key: dict[int, Case] = {}
    for row in parsed.cases:
        v = row.values
        if row.row in plan.kept_numbers:
            (year, seq), number = plan.kept_numbers[row.row], v["number"]
        else:
            year = v["received_on"].year
            seq, number = next(new_numbers[year])
        case = _new_case(actor, row, plan, year, seq, number)
        for worker_row in workers_of[v["row_key"]]:
            _add_claim(case, worker_row, people, office.id)
        refresh_deadlines(case)
        original = f"；文件中的原案号：{v['number']}" if v["number"] and v["number"] != number else ""
        add_event(case, actor, "imported", None, case.status,
                  f"从文件“{filename}”导入，导入时状态为“{case.status.label}”{original}；"
                  "导入前签发的文书原件和附件不在系统中")
        cases.append(case)
        by_key[v["row_key"]] = case
        if on_progress is not None and len(cases) % 100 == 0:
            on_progress(len(cases), len(parsed.cases))
    steps = write_steps(actor, parsed, by_key, plan.payer_of)
    db.session.flush()
    for employer_id in sorted({case.employer_id for case in cases if case.payment_orders}):
        evaluate_employer(employer_id, today())
    return [case.id for case in cases], steps


def _new_case(actor: User, row: SheetRow, plan: ImportPlan, year: int, seq: int,
              number: str) -> Case:
    v = row.values
    status = CaseStatus(v["status"])
    project = plan.project_of.get(row.row)
    closed_on: date | None = v["closed_on"]
    case = Case(
        office_id=actor.office_id, number=number, number_year=year, number_seq=seq,
        received_on=v["received_on"], channel=Channel(v["channel"]),
        township=plan.townships[v["township"]], project=project,
        employer=plan.employer_of[row.row],
        sector=project.sector if project else Sector(v["sector"]),
        summary=v["summary"], violation_ended_on=v["violation_ended_on"], handler=actor,
        status=status, acceptance_due_on=v["received_on"], accepted_on=v["accepted_on"],
        closed_on=closed_on,
        **{key: bool(v[key]) for key in FACT_HEADERS},
    )
    if status is CaseStatus.NOT_ACCEPTED:
        case.not_accepted_reason = NotAcceptedReason(v["not_accepted_reason"])
        case.not_accepted_notice_on = closed_on
        case.not_accepted_note = "导入"
    if status is CaseStatus.REFERRED:
        case.referral_target = ReferralTarget(v["referral_target"] or "other_department")
        case.referral_department = v["referral_department"]
    db.session.add(case)
    return case


def _add_claim(case: Case, row: SheetRow, people: dict[str, Worker], office_id: int) -> None:
    """Attach a worker row, reusing the office's person with the same ID number."""
    v = row.values
    worker = people.get(v["id_number"])
    if worker is None:
        worker = Worker(office_id=office_id, name=v["name"], id_number=v["id_number"],
                        id_number_warning=row.warnings.get("id_number"),
                        hometown=hometown_of(v["id_number"]), phone=v["phone"])
        people[v["id_number"]] = worker
        db.session.add(worker)
    elif v["phone"]:
        worker.phone = v["phone"]
    case.workers.append(CaseWorker(
        worker=worker, work_from=v["work_from"], work_to=v["work_to"],
        months_owed=v["months_owed"], claimed_yuan=v["claimed_yuan"],
        confirmed_yuan=v["confirmed_yuan"], representative=bool(v["representative"])))


def error_rows(attempt: CaseImport) -> list[CellError]:
    """The recorded errors of a refused attempt, in sheet and row order."""
    return [CellError(e.get("sheet") or "", e.get("row"), e.get("column"), e.get("letter"),
                      e["message"]) for e in attempt.errors or []]


__all__ = ["ImportRefused", "already_imported", "check_upload", "error_rows", "file_sha256",
           "import_cases"]
