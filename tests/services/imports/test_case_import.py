"""Importing a case workbook: a 1,000-case round trip, all or nothing, and the same file twice."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy.orm import joinedload, selectinload

from wagewatch.extensions import db
from wagewatch.models import (
    AuditEvent, Case, CaseImport, CaseNumberCounter, CaseStatus, CaseWorker, Contractor, Role,
    Worker,
)
from wagewatch.services.cases.case_numbers import take_case_number
from wagewatch.services.imports.case_import import ImportRefused, import_cases

from tests.factories import make_office, make_user
from tests.reports.registry_factories import INJECTIONS, exported, make_registry, reloaded
from tests.web.case_import.factories import header_columns


def _snapshot(office_id: int) -> list[tuple]:
    """Every case of the office with its employer and workers, comparable across offices."""
    cases = db.session.scalars(
        db.select(Case).where(Case.office_id == office_id).order_by(Case.number)
        .options(joinedload(Case.township), joinedload(Case.employer), joinedload(Case.project),
                 selectinload(Case.workers).joinedload(CaseWorker.worker))).all()
    return [(c.number, c.received_on, c.channel, c.township.name, c.sector, c.status,
             c.accepted_on, c.closed_on, c.not_accepted_reason, c.referral_department,
             c.employer.name, c.employer.kind, c.employer.uscc, c.employer.id_number,
             c.project.name if c.project else None, c.summary, c.group_incident, c.ability_to_pay,
             [(w.worker.name, w.worker.id_number, w.worker.phone, w.months_owed, w.claimed_yuan,
               w.confirmed_yuan, w.representative, w.work_from, w.work_to) for w in c.workers])
            for c in cases]


@pytest.fixture
def two_offices(app):
    clerk = make_user(role=Role.CLERK, username="clerk-a")
    other = make_office(code="XZB", name="另一监察大队")
    importer = make_user(role=Role.CLERK, username="clerk-b", office=other)
    return clerk, importer


def _export(clerk, importer, **options):
    names = (clerk.username, importer.username)
    data = exported(clerk.office_id, **options)
    return (data, *reloaded(*names))


def test_a_1000_case_registry_round_trips_into_an_empty_office(two_offices):
    clerk, importer = two_offices
    make_registry(1000, clerk=clerk)
    data, clerk, importer = _export(clerk, importer)
    attempt = import_cases(importer, data, "registry.xlsx")
    assert attempt.imported and attempt.case_count == 1000
    assert _snapshot(importer.office_id) == _snapshot(clerk.office_id)
    assert {c.name for c in db.session.scalars(db.select(Contractor).where(
        Contractor.office_id == importer.office_id))} >= set(INJECTIONS)
    # Numbers were kept, so the next registration continues after them.
    counter = db.session.get(CaseNumberCounter, (importer.office_id, 2026))
    assert counter.last_seq == 1000
    assert take_case_number(importer.office, 2026)[0] == 1001
    db.session.rollback()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "import.cases"))
    assert event.actor_username == "clerk-b" and "registry.xlsx" in event.detail
    assert "案件1000件" in event.detail and attempt.sha256 in event.detail


def test_the_same_file_twice_is_refused_the_second_time(two_offices):
    clerk, importer = two_offices
    make_registry(5, clerk=clerk)
    data, clerk, importer = _export(clerk, importer)
    import_cases(importer, data, "a.xlsx")
    with pytest.raises(ImportRefused) as refused:
        import_cases(importer, data, "renamed.xlsx")
    assert "已于" in refused.value.message and "不会重复导入" in refused.value.message
    assert db.session.scalar(db.select(db.func.count(Case.id)).where(
        Case.office_id == importer.office_id)) == 5


def _workbook_with_bad_rows(data: bytes, rows: tuple[int, ...]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["工人"]
    id_column = header_columns(sheet)["身份证号码"]
    for row in rows:
        value = str(sheet.cell(row=row, column=id_column).value)
        sheet.cell(row=row, column=id_column).value = value[:-1] + ("0" if value[-1] != "0" else "1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_errors_in_rows_3_57_and_999_import_nothing_and_name_exactly_those_rows(two_offices):
    clerk, importer = two_offices
    make_registry(600, clerk=clerk)  # 1,200 worker rows
    data, clerk, importer = _export(clerk, importer)
    bad = _workbook_with_bad_rows(data, (3, 57, 999))
    before = db.session.scalar(db.select(db.func.count(Worker.id)))
    with pytest.raises(ImportRefused) as refused:
        import_cases(importer, bad, "bad.xlsx")
    errors = refused.value.attempt.errors
    assert [(e["sheet"], e["row"], e["column"], e["letter"]) for e in errors] == [
        ("工人", row, "身份证号码", "C") for row in (3, 57, 999)]
    assert all(e["message"] == "身份证号码校验位不正确，请核对。" for e in errors)
    assert db.session.scalar(db.select(db.func.count(Case.id)).where(
        Case.office_id == importer.office_id)) == 0
    assert db.session.scalar(db.select(db.func.count(Worker.id))) == before
    assert db.session.get(CaseNumberCounter, (importer.office_id, 2026)) is None
    attempt = db.session.scalar(db.select(CaseImport).where(CaseImport.imported.is_(False)))
    assert attempt.error_count == 3 and attempt.imported_sha256 is None


def test_masked_id_numbers_cannot_be_imported(two_offices):
    clerk, importer = two_offices
    make_registry(2, clerk=clerk)
    data, clerk, importer = _export(clerk, importer, unmask=False)
    with pytest.raises(ImportRefused) as refused:
        import_cases(importer, data, "masked.xlsx")
    assert any("已脱敏" in e["message"] for e in refused.value.attempt.errors)


def test_a_number_already_used_in_the_office_is_refused(two_offices):
    clerk, importer = two_offices
    make_registry(3, clerk=clerk)
    data, clerk, importer = _export(clerk, importer)
    with pytest.raises(ImportRefused) as refused:
        import_cases(clerk, data, "again.xlsx")
    messages = {(e["row"], e["column"]) for e in refused.value.attempt.errors}
    assert messages == {(2, "案号"), (3, "案号"), (4, "案号")}


def test_a_non_workbook_is_refused_with_the_upload_message(two_offices):
    _, importer = two_offices
    with pytest.raises(ImportRefused) as refused:
        import_cases(importer, b"name,id\n", "cases.xlsx")
    assert refused.value.file_problem and "Excel" in refused.value.file_problem


def test_a_case_kept_as_registered_keeps_amounts_exactly(two_offices):
    clerk, importer = two_offices
    make_registry(1, clerk=clerk)
    data, clerk, importer = _export(clerk, importer)
    import_cases(importer, data, "one.xlsx")
    case = db.session.scalar(db.select(Case).where(Case.office_id == importer.office_id))
    assert case.status is CaseStatus.REGISTERED
    assert [cw.claimed_yuan for cw in case.workers] == [Decimal("1000.00")]
    assert case.events[-1].kind == "imported" and "one.xlsx" in case.events[-1].note


def test_formula_looking_names_survive_the_round_trip_as_text(two_offices):
    import zipfile

    clerk, importer = two_offices
    make_registry(40, clerk=clerk)
    data, clerk, importer = _export(clerk, importer)
    import_cases(importer, data, "inject.xlsx")
    names = set(db.session.scalars(db.select(Worker.name).where(
        Worker.office_id == importer.office_id)))
    assert set(INJECTIONS) <= names
    again = exported(importer.office_id)
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(member).decode()
    book = openpyxl.load_workbook(io.BytesIO(again))
    cells = [c for row in book["工人"].iter_rows(min_row=2) for c in row if c.value in INJECTIONS]
    assert len(cells) == 4 and all(c.data_type == "s" for c in cells)


def _resaved(data: bytes) -> bytes:
    """The same rows saved again by a spreadsheet program: new bytes, new SHA-256."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.properties.lastModifiedBy = "另一台电脑"
    out = io.BytesIO()
    book.save(out)
    assert out.getvalue() != data
    return out.getvalue()


def test_a_resaved_copy_of_an_imported_file_is_refused_row_by_row_naming_the_cases(app):
    from tests.web.case_import.factories import case_row, filled_template, worker_row

    clerk = make_user(role=Role.CLERK, username="clerk-repeat")
    data = filled_template([case_row(1), case_row(2, 收到投诉日期="2026-10-13")],
                           [worker_row(1, 101), worker_row(1, 102), worker_row(2, 103)])
    import_cases(clerk, data, "cases.xlsx")
    with pytest.raises(ImportRefused) as refused:
        import_cases(clerk, _resaved(data), "cases (1).xlsx")
    errors = [(e["sheet"], e["row"], e["message"]) for e in refused.value.attempt.errors]
    assert [(sheet, row) for sheet, row, _ in errors] == [("案件", 2), ("案件", 3)]
    assert "与本机构已有的案件经开劳监〔2026〕0001号重复" in errors[0][2]
    assert "与本机构已有的案件经开劳监〔2026〕0002号重复" in errors[1][2]
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 2


def test_cases_without_a_number_take_the_next_ones_of_their_year_in_row_order(app):
    from tests.web.case_import.factories import case_row, filled_template, worker_row

    clerk = make_user(role=Role.CLERK, username="clerk-numbers")
    take_case_number(clerk.office, 2026)
    take_case_number(clerk.office, 2026)
    attempt = import_cases(clerk, filled_template(
        [case_row(1), case_row(2, 收到投诉日期="2025-12-30"), case_row(3, 收到投诉日期="2026-10-13"),
         case_row(4, 收到投诉日期="2025-12-31")],
        [worker_row(1, 101), worker_row(2, 102), worker_row(3, 103), worker_row(4, 104)]),
        "numbers.xlsx")
    numbers = {c.id: c.number for c in db.session.scalars(db.select(Case))}
    assert [numbers[i] for i in attempt.case_ids] == [
        "经开劳监〔2026〕0003号", "经开劳监〔2025〕0001号", "经开劳监〔2026〕0004号",
        "经开劳监〔2025〕0002号"]
    assert take_case_number(clerk.office, 2026)[0] == 5
    assert take_case_number(clerk.office, 2025)[0] == 3


def test_a_repeat_is_the_same_employer_day_and_workers_not_a_look_alike(app):
    from tests.web.case_import.factories import case_row, filled_template, worker_row

    clerk = make_user(role=Role.CLERK, username="clerk-repeat")
    import_cases(clerk, filled_template([case_row(1)], [worker_row(1, 101), worker_row(1, 102)]),
                 "first.xlsx")
    # Another day, fewer workers, another worker: three new complaints, all imported.
    attempt = import_cases(clerk, filled_template(
        [case_row(1, 收到投诉日期="2026-10-13"), case_row(2), case_row(3)],
        [worker_row(1, 101), worker_row(1, 102), worker_row(2, 101), worker_row(3, 101),
         worker_row(3, 103)]), "second.xlsx")
    assert attempt.imported and attempt.case_count == 3
    # The same complaint typed twice into one file: the second row repeats the first.
    with pytest.raises(ImportRefused) as refused:
        import_cases(clerk, filled_template([case_row(1, 收到投诉日期="2026-10-20"),
                                             case_row(2, 收到投诉日期="2026-10-20")],
                                            [worker_row(1, 104), worker_row(2, 104)]), "twice.xlsx")
    [error] = refused.value.attempt.errors
    assert error["row"] == 3 and "与本文件第2行的案件重复" in error["message"]


def test_a_name_of_invisible_characters_is_refused_beside_its_cell(app):
    """A worker "named" only with zero-width characters is refused as on the form."""
    from tests.web.case_import.factories import case_row, filled_template, worker_row

    clerk = make_user(role=Role.CLERK, username="clerk-hostile")
    data = filled_template([case_row(1)], [worker_row(1, 101),
                                           worker_row(1, 102, 姓名="\u200b\u200d\u202e")])
    with pytest.raises(ImportRefused) as refused:
        import_cases(clerk, data, "hostile.xlsx")
    assert [(e["sheet"], e["row"], e["column"], e["message"])
            for e in refused.value.attempt.errors] == [
        ("工人", 3, "姓名", "只含有不可见的字符（零宽或文字方向控制字符），请填写实际内容。")]
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0


@pytest.mark.parametrize("value", ["张\x00三", "拖欠\x1b工资", "\x7f"])
def test_a_cell_with_a_control_character_is_refused(value):
    """Defence behind the XML parser (which refuses most control characters itself)."""
    from wagewatch.readers.registry_reader import CellProblem, convert
    from wagewatch.reports.registry_format import WORKER_COLUMNS

    name = next(c for c in WORKER_COLUMNS if c.header == "姓名")
    with pytest.raises(CellProblem, match="控制字符"):
        convert(name, value)
