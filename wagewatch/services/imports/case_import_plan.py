"""Matching an import's rows against the office's data before anything is written: townships,
case numbers, employers and paying contractors (by USCC or ID number, then normalised name),
projects, workers, payment-order numbers, and cases the office already holds (repeats)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseWorker, Contractor, ContractorKind, FundingType, Office, PaymentOrder, Project, Sector,
    Township, Worker,
)
from wagewatch.readers.registry_reader import ParsedRegistry, SheetRow
from wagewatch.reports.registry_format import CASE_SHEET
from wagewatch.reports.registry_format_steps import ORDER_SHEET, RECOVERY_SHEET
from wagewatch.rules.names import normalise_name
from wagewatch.services.cases.case_numbers import parse_case_number

CHUNK = 500  # ids per IN (...) list


@dataclass
class ImportPlan:
    """What the import will write: matched or new records by case row (Excel row number)."""

    townships: dict[str, Township] = field(default_factory=dict)
    kept_numbers: dict[int, tuple[int, int]] = field(default_factory=dict)  # row → (year, seq)
    employer_of: dict[int, Contractor] = field(default_factory=dict)
    project_of: dict[int, Project] = field(default_factory=dict)
    new_contractors: list[Contractor] = field(default_factory=list)
    new_projects: list[Project] = field(default_factory=list)
    existing_workers: dict[str, Worker] = field(default_factory=dict)
    numbers_in_use: set[int] = field(default_factory=set)  # rows refused for their case number
    #: The contractor that paid, by row of the 清欠 sheet (recoveries naming one).
    payer_of: dict[int, Contractor] = field(default_factory=dict)


def _chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    items = list(dict.fromkeys(v for v in values if v))
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _loaded(model, office_id: int, column, values: Iterable) -> list:
    found: list = []
    for chunk in _chunks(values):
        found += db.session.scalars(db.select(model).where(
            model.office_id == office_id, column.in_(chunk)).order_by(model.id)).all()
    return found


def _plan_numbers(office: Office, parsed: ParsedRegistry, plan: ImportPlan) -> None:
    """Keep numbers written in the office's format and unused; refuse numbers already in use."""
    rows = [r for r in parsed.cases if r.values["number"]]
    taken = {c.number for c in _loaded(Case, office.id, Case.number,
                                       (r.values["number"] for r in rows))}
    parsed_numbers = {r.row: parse_case_number(office.case_number_format, r.values["number"])
                      for r in rows}
    years = {p[0] for p in parsed_numbers.values() if p}
    used = set()
    for chunk in _chunks(years):
        used |= set(db.session.execute(db.select(Case.number_year, Case.number_seq).where(
            Case.office_id == office.id, Case.number_year.in_(chunk))).tuples())
    for row in rows:
        kept = parsed_numbers[row.row]
        if row.values["number"] in taken or (kept and kept in used):
            parsed.error(CASE_SHEET, row.row, "number",
                         "本机构已有该案号（可能已导入过）。如确为另一案件，请清空案号，系统将重新编号。")
            plan.numbers_in_use.add(row.row)
        elif kept:
            plan.kept_numbers[row.row] = kept


class _Employers:
    """Finds the employer of each row: registered, created earlier in this file, or new."""

    def __init__(self, office_id: int, rows: list[SheetRow]) -> None:
        self.office_id = office_id
        values = [r.values for r in rows]
        self.by_uscc = {c.uscc: c for c in _loaded(
            Contractor, office_id, Contractor.uscc, (v["employer_uscc"] for v in values))}
        self.by_id_number = {c.id_number: c for c in _loaded(
            Contractor, office_id, Contractor.id_number, (v["employer_id_number"] for v in values))}
        self.by_name: dict[str, list[Contractor]] = defaultdict(list)
        for c in _loaded(Contractor, office_id, Contractor.normalised_name,
                         (normalise_name(v["employer_name"] or "") for v in values)):
            self.by_name[c.normalised_name].append(c)
        self.new: list[Contractor] = []

    def find(self, v: dict) -> Contractor | str | None:
        """The contractor for a row's employer columns, the reason it cannot be matched, or None
        when the row's employer cells are already in error."""
        if not v["employer_name"] or not v["employer_kind"]:
            return None
        uscc, id_number = v["employer_uscc"], v["employer_id_number"]
        normalised = normalise_name(v["employer_name"])
        if uscc and uscc in self.by_uscc:
            return self.by_uscc[uscc]
        if id_number and id_number in self.by_id_number:
            return self.by_id_number[id_number]
        named = self.by_name.get(normalised, [])
        if uscc or id_number:
            code = "uscc" if uscc else "id_number"
            same_code = [c for c in named if getattr(c, code) in (None, uscc or id_number)]
            if named and not same_code:
                return (f"名称与已登记的“{named[0].name}”相同，但其统一社会信用代码（身份证号码）不同，"
                        "请核对。")
            if same_code:
                return same_code[0]
        elif len(named) > 1:
            return (f"已登记{len(named)}个名称为“{named[0].name}”的单位或个人，"
                    "请填写统一社会信用代码（个人填写身份证号码）以区分。")
        elif named:
            return named[0]
        contractor = Contractor(
            office_id=self.office_id, kind=ContractorKind(v["employer_kind"]),
            name=v["employer_name"], normalised_name=normalised, uscc=uscc,
            id_number=id_number, uscc_warning=v.get("_uscc_warning"),
            id_number_warning=v.get("_id_warning"))
        self.new.append(contractor)
        self.by_name[normalised].append(contractor)
        if uscc:
            self.by_uscc[uscc] = contractor
        if id_number:
            self.by_id_number[id_number] = contractor
        return contractor


def _plan_projects(office_id: int, parsed: ParsedRegistry, plan: ImportPlan) -> None:
    rows = [r for r in parsed.cases if r.values["project_name"]]
    by_name: dict[str, list[Project]] = defaultdict(list)
    for project in _loaded(Project, office_id, Project.name,
                           (r.values["project_name"] for r in rows)):
        by_name[project.name].append(project)
    for row in rows:
        v = row.values
        found = by_name.get(v["project_name"], [])
        if len(found) > 1:
            parsed.error(CASE_SHEET, row.row, "project_name",
                         f"本机构有{len(found)}个同名项目，无法确定是哪一个，请在系统中先区分项目名称。")
            continue
        if found:
            project = found[0]
        elif not v["funding_type"]:
            parsed.error(CASE_SHEET, row.row, "funding_type",
                         "项目尚未登记，新登记项目须填写项目资金来源。")
            continue
        elif not v["sector"] or v["township"] not in plan.townships:
            continue  # already reported on the row's own cells
        else:
            project = Project(office_id=office_id, name=v["project_name"],
                              township=plan.townships.get(v["township"]),
                              sector=Sector(v["sector"]),
                              funding_type=FundingType(v["funding_type"]))
            by_name[project.name].append(project)
            plan.new_projects.append(project)
        if v["sector"] and project.sector != Sector(v["sector"]):
            parsed.error(CASE_SHEET, row.row, "sector",
                         f"与项目“{project.name}”登记的领域（{project.sector.label}）不一致。")
            continue
        plan.project_of[row.row] = project


def _case_key(employer: Contractor, received_on, id_numbers: Iterable[str]) -> tuple:
    return (id(employer) if employer.id is None else employer.id, received_on,
            frozenset(id_numbers))


def _plan_repeats(office_id: int, parsed: ParsedRegistry, plan: ImportPlan) -> None:
    """Refuse a case row that repeats a case: the same employer, the same date received and the
    same set of workers' ID numbers as a case the office already holds, or as an earlier row of the
    file. A re-saved or re-exported copy of an imported file has new bytes but the same rows; its
    case numbers are caught by _plan_numbers, rows without a number here."""
    workers_of: dict[object, list[str]] = defaultdict(list)
    for row in parsed.workers:
        if row.values["id_number"]:
            workers_of[row.values["case_row_key"]].append(row.values["id_number"])
    rows = [r for r in parsed.cases if r.row in plan.employer_of and r.values["received_on"]
            and workers_of.get(r.values["row_key"]) and r.row not in plan.numbers_in_use]
    held: dict[tuple, str] = {}
    known = {plan.employer_of[r.row].id for r in rows} - {None}
    for chunk in _chunks(known):
        found = db.session.execute(
            db.select(Case.id, Case.number, Case.employer_id, Case.received_on, Worker.id_number)
            .join(CaseWorker, CaseWorker.case_id == Case.id).join(Worker, Worker.id == CaseWorker.worker_id)
            .where(Case.office_id == office_id, Case.employer_id.in_(chunk),
                   Case.received_on.in_({r.values["received_on"] for r in rows})))
        numbers: dict[int, tuple] = {}
        people: dict[int, set[str]] = defaultdict(set)
        for case_id, number, employer_id, received_on, id_number in found:
            numbers[case_id] = (number, employer_id, received_on)
            people[case_id].add(id_number)
        for case_id, (number, employer_id, received_on) in numbers.items():
            held[(employer_id, received_on, frozenset(people[case_id]))] = f"本机构已有的案件{number}"
    for row in rows:
        v = row.values
        key = _case_key(plan.employer_of[row.row], v["received_on"], workers_of[v["row_key"]])
        if key in held:
            parsed.error(CASE_SHEET, row.row, "row_key",
                         f"与{held[key]}重复（用人单位、收到投诉日期和全部工人的身份证号码都相同），"
                         "可能已导入过。如确为另一次投诉，请在系统中逐件登记。")
        else:
            held[key] = f"本文件第{row.row}行的案件"


def _payer_values(row: SheetRow) -> dict:
    """A 清欠 row's paying contractor in the 案件 sheet's employer keys, for the same matching."""
    v = row.values
    return {"employer_name": v["payer_name"], "employer_kind": v["payer_kind"],
            "employer_uscc": v["payer_uscc"], "employer_id_number": v["payer_id_number"],
            "_uscc_warning": row.warnings.get("payer_uscc"),
            "_id_warning": row.warnings.get("payer_id_number")}


def _plan_order_numbers(office_id: int, parsed: ParsedRegistry) -> None:
    """A payment order's 文号 is the office's once: refuse one the office or the file already
    uses."""
    rows = [r for r in parsed.steps.get(ORDER_SHEET, []) if r.values["document_number"]]
    held: set[str] = set()
    for chunk in _chunks(r.values["document_number"] for r in rows):
        held |= set(db.session.scalars(
            db.select(PaymentOrder.document_number).join(Case, Case.id == PaymentOrder.case_id)
            .where(Case.office_id == office_id, PaymentOrder.document_number.in_(chunk))))
    seen: dict[str, int] = {}
    for row in rows:
        number = row.values["document_number"]
        if number in held:
            parsed.error(ORDER_SHEET, row.row, "document_number", "本机构已有该文号的限期支付指令书。")
        elif number in seen:
            parsed.error(ORDER_SHEET, row.row, "document_number", f"文号与第{seen[number]}行重复。")
        else:
            seen[number] = row.row


def plan_import(office: Office, parsed: ParsedRegistry) -> ImportPlan:
    """Match every row against the office's records; problems are added to ``parsed.errors``
    (rows whose cells are already in error are matched as far as they can be, so a clerk sees
    every problem of the file at once)."""
    plan = ImportPlan()
    plan.townships = {t.name: t for t in db.session.scalars(
        db.select(Township).where(Township.office_id == office.id))}
    for row in parsed.cases:
        if row.values["township"] and row.values["township"] not in plan.townships:
            parsed.error(CASE_SHEET, row.row, "township",
                         f"本机构没有名为“{row.values['township']}”的镇（街道）。")
    _plan_numbers(office, parsed, plan)
    for row in parsed.cases:
        row.values["_uscc_warning"] = row.warnings.get("employer_uscc")
        row.values["_id_warning"] = row.warnings.get("employer_id_number")
    payers = [(row, _payer_values(row)) for row in parsed.steps.get(RECOVERY_SHEET, [])
              if row.values["payer_name"]]
    employers = _Employers(office.id, [*parsed.cases,
                                       *(SheetRow(row.row, values) for row, values in payers)])
    for row in parsed.cases:
        found = employers.find(row.values)
        if isinstance(found, str):
            parsed.error(CASE_SHEET, row.row, "employer_name", found)
        elif found is not None:
            plan.employer_of[row.row] = found
    for row, values in payers:
        found = employers.find(values)
        if isinstance(found, str):
            parsed.error(RECOVERY_SHEET, row.row, "payer_name", found)
        elif found is not None:
            plan.payer_of[row.row] = found
    plan.new_contractors = employers.new
    _plan_order_numbers(office.id, parsed)
    _plan_projects(office.id, parsed, plan)
    plan.existing_workers = {w.id_number: w for w in _loaded(
        Worker, office.id, Worker.id_number, (r.values["id_number"] for r in parsed.workers))}
    _plan_repeats(office.id, parsed, plan)
    return plan
