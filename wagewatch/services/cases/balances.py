"""Per-worker balances of a case: claimed, confirmed, ordered, recovered, outstanding (yuan)."""

from __future__ import annotations

from decimal import Decimal

from wagewatch.models import Case
from wagewatch.rules.money import WorkerBalance


def balances(case: Case) -> dict[int, WorkerBalance]:
    """Claimed, confirmed, ordered, recovered and outstanding yuan per case-worker id."""
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
