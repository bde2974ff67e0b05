"""Rows written without the ORM: COPY on PostgreSQL stores each row's own values, as executemany does."""

from __future__ import annotations

from datetime import date
from typing import cast

import pytest
from sqlalchemy import Table, select

from tests import factories
from wagewatch import bulk_rows
from wagewatch.extensions import db
from wagewatch.models import RuleDecision


@pytest.mark.parametrize("use_copy", [True, False], ids=["copy", "executemany"])
def test_rows_sharing_one_reasons_object_store_each_rows_own_reasons(app, monkeypatch, use_copy):
    if use_copy and db.engine.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's; SQLite always uses executemany")
    monkeypatch.setattr(bulk_rows, "USE_COPY", use_copy)
    contractor = factories.make_contractor()
    shared = {"items": [{"text": "两次拒不支付“工资”\\n", "amount": "9000.00"}]}
    own = {"items": [{"text": "已足额支付", "amount": "0.00"}]}
    reasons = [shared, own, shared, {"items": []}, shared]
    bulk_rows.write_rows(cast(Table, RuleDecision.__table__), [
        {"office_id": contractor.office_id, "contractor_id": contractor.id, "case_id": None,
         "rule": "blacklist", "flagged": n % 2 == 0, "summary": f"第{n}条", "reasons": r,
         "as_of": date(2026, 12, 4), "lapsed_on": None} for n, r in enumerate(reasons)])
    stored = db.session.scalars(select(RuleDecision).where(
        RuleDecision.contractor_id == contractor.id).order_by(RuleDecision.id)).all()
    assert [d.reasons for d in stored] == reasons
    assert [d.summary for d in stored] == [f"第{n}条" for n in range(5)]
