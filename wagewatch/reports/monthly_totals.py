"""Totals of the monthly report's cells and its derived figures (rates, recoveries), shared by the
workbook and the leader's home page so both show the same numbers."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from wagewatch.reports.monthly_figures import RECOVERY_KEYS
from wagewatch.reports.monthly_layout import rate

Cells = list[dict[str, Any]]
DIMENSIONS = frozenset({"township_id", "sector", "funding"})


def where(key: str, value: object) -> Callable[[dict], bool]:
    """A ``keep`` for total_of: the cells whose ``key`` is ``value``."""
    return lambda cell: cell[key] == value


def total_of(cells: Cells, keep: Callable[[dict], bool] = lambda c: True) -> dict[str, Any]:
    """Totals of every figure over the cells that ``keep`` admits (money as Decimal yuan)."""
    total: dict[str, Any] = {}
    for item in cells:
        if not keep(item):
            continue
        for key, value in item.items():
            if key in DIMENSIONS:
                continue
            number = Decimal(value) if key.endswith("_yuan") else value
            total[key] = total.get(key, 0) + number
    return total


def value_of(total: dict[str, Any], key: str) -> Decimal | float | int | None:
    """One figure of a total: a cell figure, the recoveries' sum (yuan, RECOVERY_KEYS) or a rate
    (a fraction, None when there is nothing to divide); definitions in monthly_figures.py."""
    if key == "recovered_yuan":
        return _recovered(total)
    if key == "closure_rate":
        return rate(total.get("opened_closed", 0), total.get("accepted", 0))
    if key == "recovery_rate":
        return money_rate(_recovered(total), total.get("arrears_yuan", 0))
    if key == "coverage_rate":
        return rate(total.get("with_liaison", 0), total.get("active", 0))
    value = total.get(key, 0)
    return Decimal(value).quantize(Decimal("0.01")) if key.endswith("_yuan") else int(value)


def _recovered(total: dict[str, Any]) -> Decimal:
    """The recoveries' sum in yuan (RECOVERY_KEYS)."""
    return sum((Decimal(total.get(k, 0)) for k in RECOVERY_KEYS), Decimal("0.00"))


def money_rate(numerator: Decimal | int | str | None,
               denominator: Decimal | int | str | None) -> float | None:
    """Yuan over yuan as a fraction for the 0.0% format; None when nothing is owed."""
    below = Decimal(denominator or 0)
    return round(float(Decimal(numerator or 0) / below), 6) if below else None
