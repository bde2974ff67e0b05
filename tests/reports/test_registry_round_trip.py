"""The whole registry round-trips: export, import into an empty office, export again, and every
cell of every sheet is the same; cases in every status with their payment orders, recoveries,
police referrals and blacklist proceedings."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import (
    AuditEvent, BlacklistProceeding, Case, CaseStatus, DocumentNumberCounter, Listing, PaymentOrder,
    PoliceReferral, ProceedingStatus, Recovery, Role,
)
from wagewatch.services.imports.case_import import ImportRefused, import_cases

from tests.factories import make_office, make_user
from tests.reports.registry_factories import exported, make_registry, reloaded
from tests.reports.registry_step_factories import make_steps
from tests.web.case_import.factories import header_columns


def cells(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {name: [tuple(row) for row in book[name].iter_rows(values_only=True)]
                for name in book.sheetnames}
    finally:
        book.close()


def _count(model: type[Any], office_id: int) -> int:
    query = db.select(db.func.count(model.id))
    if hasattr(model, "office_id"):
        return db.session.execute(query.where(model.office_id == office_id)).scalar_one()
    return db.session.execute(query.join(Case, Case.id == model.case_id)
                              .where(Case.office_id == office_id)).scalar_one()


@pytest.fixture
def registry(app):
    clerk = make_user(role=Role.CLERK, username="clerk-a")
    other = make_office(code="XZB", name="另一监察大队")
    make_user(role=Role.CLERK, username="clerk-b", office=other)
    cases = make_registry(300, clerk=clerk)
    made = make_steps(cases, clerk)
    return made


def test_an_export_imports_into_an_empty_office_and_exports_again_cell_by_cell(registry):
    made = registry
    clerk, _ = reloaded("clerk-a", "clerk-b")
    first = exported(clerk.office_id)
    clerk, importer = reloaded("clerk-a", "clerk-b")
    attempt = import_cases(importer, first, "全量登记簿.xlsx")
    assert attempt.imported and attempt.case_count == 300
    second = exported(importer.office_id)
    before, after = cells(first), cells(second)
    assert list(before) == list(after)
    for name in before:
        assert len(before[name]) == len(after[name]), name
        for number, (old, new) in enumerate(zip(before[name], after[name], strict=True), start=1):
            assert old == new, f"{name} row {number}"
    # The file carries every status and every kind of record, not empty sheets.
    statuses = {row[6] for row in before["案件"][1:]}
    assert statuses == {s.label for s in CaseStatus}
    assert len(before["限期支付"]) - 1 == made["orders"]
    assert len(before["清欠"]) - 1 == made["recoveries"]
    assert len(before["移送公安"]) - 1 == made["referrals"]
    assert len(before["黑名单"]) - 1 == made["proceedings"]
    assert len(before["列入人员"]) - 1 == 2 * (made["proceedings"] - made["unserved_notices"])
    assert made["unserved_notices"] == 1   # a notice made but not served travels without service
    unserved = db.session.scalars(db.select(BlacklistProceeding).where(
        BlacklistProceeding.status == ProceedingStatus.CANDIDATE)).all()
    assert len(unserved) == 2 and all(p.notice.served_on is None for p in unserved)
    clerk, importer = reloaded("clerk-a", "clerk-b")
    for model in (PaymentOrder, Recovery, PoliceReferral, BlacklistProceeding, Listing):
        assert _count(model, importer.office_id) == _count(model, clerk.office_id), model
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "import.cases",
                                                          AuditEvent.success.is_(True)))
    assert event.actor_username == "clerk-b"
    assert f"限期支付指令书{made['orders']}份" in event.detail
    assert f"黑名单程序{made['proceedings']}个" in event.detail



def _edited(data: bytes, edits: list[tuple[str, int, str, str | int | date | None]]) -> bytes:
    """The workbook with cells changed: (sheet, Excel row, header without *, new value)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for name, row, header, value in edits:
        sheet = book[name]
        sheet.cell(row=row, column=header_columns(sheet)[header]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _first_row(rows: list[tuple], column: int, value: object) -> int:
    """The Excel row of the first data row whose ``column`` (0-based) holds ``value``."""
    return next(n for n, row in enumerate(rows[1:], start=2) if row[column] == value)


def test_errors_in_the_sheets_after_filing_import_nothing_and_are_all_listed(registry):
    clerk, _ = reloaded("clerk-a", "clerk-b")
    data = exported(clerk.office_id)
    rows = cells(data)
    ordered = _first_row(rows["案件"], 6, "已责令限期支付")
    ordered_key = rows["案件"][ordered - 1][0]
    filed = _first_row(rows["移送公安"], 1, "公安已立案")
    removed = _first_row(rows["黑名单"], 3, "已移出")
    served = next(n for n, row in enumerate(rows["限期支付"][1:], start=2)
                  if row[6] is not None and row[0] != ordered_key)
    broken = _edited(data, [
        ("限期支付明细", 2, "责令支付金额（元）", 1.00),          # no longer the order's sum
        ("清欠分配", 2, "分得金额（元）", 9_999_999),             # more than the worker is owed
        ("移送公安", filed, "公安决定时间", None),                # a filed referral without it
        ("黑名单", removed, "移出原因", None),                    # removed, but why not said
        ("限期支付", served, "送达方式", None),                   # served without a method
    ] + [("限期支付", n, "案件序号", 1) for n, row in enumerate(rows["限期支付"][1:], start=2)
         if row[0] == ordered_key])                              # the case loses its orders
    _, importer = reloaded("clerk-a", "clerk-b")
    with pytest.raises(ImportRefused) as refused:
        import_cases(importer, broken, "改坏的登记簿.xlsx")
    listed = {(e["sheet"], e["row"], e["column"]) for e in refused.value.attempt.errors}
    assert {("限期支付", 2, "责令支付金额（元）"), ("清欠", 2, "支付金额（元）"),
            ("移送公安", filed, "公安决定时间"), ("黑名单", removed, "移出原因"),
            ("限期支付", served, "送达日期"), ("案件", ordered, "状态")} <= listed
    assert _count(PaymentOrder, importer.office_id) == 0
    assert db.session.scalar(db.select(db.func.count(Case.id))
                             .where(Case.office_id == importer.office_id)) == 0


def test_a_case_under_a_payment_order_imports_with_its_served_order_and_deadline(registry):
    clerk, _ = reloaded("clerk-a", "clerk-b")
    data = exported(clerk.office_id)
    _, importer = reloaded("clerk-a", "clerk-b")
    import_cases(importer, data, "registry.xlsx")
    clerk, importer = reloaded("clerk-a", "clerk-b")
    source = db.session.scalars(db.select(PaymentOrder).join(Case).where(
        Case.office_id == clerk.office_id, PaymentOrder.served_on.is_not(None))
        .order_by(PaymentOrder.id)).first()
    copy = db.session.scalar(db.select(PaymentOrder).join(Case).where(
        Case.office_id == importer.office_id,
        PaymentOrder.document_number == source.document_number))
    assert (copy.served_on, copy.service_method, copy.pay_by_on, copy.amount_yuan) == (
        source.served_on, source.service_method, source.pay_by_on, source.amount_yuan)
    assert [(i.case_worker.worker.id_number, i.amount_yuan) for i in copy.items] == [
        (i.case_worker.worker.id_number, i.amount_yuan) for i in source.items]
    assert copy.case.status is CaseStatus.PAYMENT_ORDERED or copy.case.status is CaseStatus.REFERRED
    assert copy.case.number == source.case.number
    # The office's next 限支 number comes after the imported ones.
    counter = db.session.get(DocumentNumberCounter, (importer.office_id, "payment_order", 2026))
    assert counter.last_seq == _count(PaymentOrder, clerk.office_id)
