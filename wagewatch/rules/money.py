"""Money rules: the recovery split over workers, extra compensation, per-worker balances."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)

CENT = Decimal("0.01")
EXTRA_COMPENSATION_MIN = Decimal("0.50")  # S-423 art. 26: 50% to 100% of the unpaid amount
EXTRA_COMPENSATION_MAX = Decimal("1.00")


def yuan(value: Decimal | int | str) -> Decimal:
    """An exact amount in yuan rounded to the fen."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class MoneyRefused(Exception):
    """An amount the rules refuse; the message (in Chinese) says why."""


@dataclass(frozen=True)
class WorkerBalance:
    """One worker's money in a case, in yuan."""

    claimed: Decimal
    confirmed: Decimal | None
    ordered: Decimal
    recovered: Decimal

    @property
    def owed(self) -> Decimal:
        return self.confirmed if self.confirmed is not None else self.claimed

    @property
    def outstanding(self) -> Decimal:
        return max(self.owed - self.recovered, Decimal("0.00"))


def check_allocation(
    total: Decimal, allocations: Mapping[Key, Decimal], outstanding: Mapping[Key, Decimal],
    names: Mapping[Key, str],
) -> None:
    """A recovery must be positive, split exactly over its workers, and pay nobody more than owed.

    ``allocations`` and ``outstanding`` are keyed alike by worker (the case-worker id in the
    forms, the ID number in an imported workbook); amounts in yuan.
    """
    if total <= 0:
        raise MoneyRefused("清欠金额必须大于0。")
    paid = {k: v for k, v in allocations.items() if v}
    if any(v < 0 for v in paid.values()):
        raise MoneyRefused("分配给工人的金额不能为负数。")
    if not paid:
        raise MoneyRefused("请把清欠金额分配到至少一名工人。")
    if sum(paid.values(), Decimal("0")) != total:
        raise MoneyRefused(
            f"分配给工人的金额合计 {sum(paid.values(), Decimal('0')):,.2f} 元，与本次清欠金额 {total:,.2f} 元不一致。")
    for key, amount in paid.items():
        if key not in outstanding:
            raise MoneyRefused("所选工人不属于本案。")
        if amount > outstanding[key]:
            raise MoneyRefused(
                f"{names.get(key, '该工人')}尚欠 {outstanding[key]:,.2f} 元，本次分配 {amount:,.2f} 元超过了欠付金额。")


def extra_compensation(unpaid: Decimal, rate: Decimal) -> Decimal:
    """Extra compensation ordered after a payment order was ignored: 50%-100% of the unpaid
    amount (S-423 art. 26); any other rate is refused."""
    if not EXTRA_COMPENSATION_MIN <= rate <= EXTRA_COMPENSATION_MAX:
        raise MoneyRefused("加付赔偿金的比例应在应付金额的50%至100%之间。")
    if unpaid <= 0:
        raise MoneyRefused("已无欠付金额，不能责令加付赔偿金。")
    return yuan(unpaid * rate)
