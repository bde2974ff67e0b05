"""Per-worker balances of a case: claimed, confirmed, ordered, recovered, outstanding (yuan)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Select, inspect
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from wagewatch.extensions import db
from wagewatch.models import Case, PaymentOrder, Recovery
from wagewatch.rules.money import WorkerBalance
from wagewatch.services.bound_values import of_case
from wagewatch.services.collection_loads import load_children


def balances(case: Case) -> dict[int, WorkerBalance]:
    """Claimed, confirmed, ordered, recovered and outstanding yuan per case-worker id."""
    load_orders_and_recoveries(case)
    ordered: dict[int, Decimal] = {}
    for order in case.payment_orders:
        for item in order.items:
            ordered[item.case_worker_id] = item.amount_yuan  # the latest order counts
    recovered: dict[int, Decimal] = {}
    for recovery in case.recoveries:
        for allocation in recovery.allocations:
            recovered[allocation.case_worker_id] = (
                recovered.get(allocation.case_worker_id, Decimal("0")) + allocation.amount_yuan)
    return {
        cw.id: WorkerBalance(claimed=cw.claimed_yuan, confirmed=cw.confirmed_yuan,
                             ordered=ordered.get(cw.id, Decimal("0.00")),
                             recovered=recovered.get(cw.id, Decimal("0.00")))
        for cw in case.workers
    }


def load_orders_and_recoveries(case: Case) -> None:
    """The case's payment orders with their items and its recoveries with their split, two
    statements each at most: read lazily, every order's items and every recovery's split was a
    statement of its own (a case paid in forty instalments sent forty). Collections already
    loaded are kept as they are; only what is missing is read."""
    state = inspect(case)
    if state.session is None or state.key is None:  # not stored: nothing to read
        return
    for collection, model, children in (("payment_orders", PaymentOrder, PaymentOrder.items),
                                        ("recoveries", Recovery, Recovery.allocations)):
        unloaded = collection in state.unloaded
        if not unloaded and not any(children.key in inspect(parent).unloaded
                                    for parent in getattr(case, collection)):
            continue
        # As the relationship orders them (by id); the children fill in on objects already here.
        found = db.session.scalars(_parents(model), {"case_id": case.id}).unique().all()
        if unloaded:
            set_committed_value(case, collection, list(found))
        load_children(found, children)


@cache
def _parents(model: Any) -> Select:
    """The case's records of ``model`` by id (as the relationship orders them; a recovery with
    its paying contractor, which the case page names): built once (bound_values.of_case), their
    children then read by collection_loads.load_children, not keyed afresh on every case page."""
    statement = of_case(model)
    return statement.options(joinedload(Recovery.payer_contractor)) if model is Recovery \
        else statement
