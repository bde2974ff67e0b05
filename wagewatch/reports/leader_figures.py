"""The leader's home figures and chart data: the monthly report's own figures (reports/monthly.py
collect, totalled by reports/monthly_totals.py) rearranged for the screen, plus the open cases
past their deadline per handler (the report's 办案期限已过 split by who handles them)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from wagewatch.extensions import db
from wagewatch.models import OPEN_STATUSES, Case, User
from wagewatch.reports.monthly_figures import (
    BLACKLIST_FIGURES, CELL_FIGURES, DERIVED_FIGURES, SECTOR_LABELS, Figure,
)
from wagewatch.reports.monthly_totals import money_rate, total_of, value_of, where

#: The figures shown as cards, in order; each is defined in monthly_figures.py.
SUMMARY_KEYS = ("received", "accepted", "closed", "closure_rate", "workers", "arrears_yuan",
                "recovered_yuan", "recovery_rate", "orders", "referred", "supervised_open",
                "past_deadline")
BLACKLIST_KEYS = ("listed", "removed_early", "expired", "revoked", "in_force")
FIGURES: dict[str, Figure] = {**CELL_FIGURES, **DERIVED_FIGURES}
NO_HANDLER = "未指定承办人"


def _plain(value: object) -> object:
    """JSON form of a figure: yuan as a string with two decimals, counts as ints, rates as
    fractions (None when there is nothing to divide)."""
    return str(value) if isinstance(value, Decimal) else value


def overdue_by_handler(office_id: int, on: date) -> list[dict[str, Any]]:
    """Open cases whose nearest legal deadline is before ``on``, counted per handler (most first);
    the counts add up to the report's past_deadline figure for the same day."""
    rows = db.session.execute(
        select(Case.handler_id, User.display_name, func.count())
        .outerjoin(User, User.id == Case.handler_id)
        .where(Case.office_id == office_id, Case.status.in_(OPEN_STATUSES), Case.next_due_on < on)
        .group_by(Case.handler_id, User.display_name)).all()
    items = [{"handler_id": handler_id, "name": name or NO_HANDLER, "count": int(count)}
             for handler_id, name, count in rows]
    return sorted(items, key=lambda i: (-i["count"], i["name"]))


def _split(cells: list[dict], key: str, values: list[tuple[object, str]]) -> dict[str, Any]:
    """Received cases, arrears and recoveries (yuan) per value of one dimension of the cells."""
    totals = [total_of(cells, where(key, value)) for value, _ in values]
    return {"keys": [value for value, _ in values], "labels": [label for _, label in values],
            "received": [value_of(t, "received") for t in totals],
            "arrears_yuan": [str(value_of(t, "arrears_yuan")) for t in totals],
            "recovered_yuan": [str(value_of(t, "recovered_yuan")) for t in totals]}


def screen_figures(figures: dict[str, Any], handlers: list[dict[str, Any]]) -> dict[str, Any]:
    """What the leader's home shows, from the figures ``collect`` returned for one office and
    month: cards (with labels, units and definitions), the 12 months, townships, sectors,
    blacklist movements and ``handlers`` (overdue_by_handler). Money in yuan as strings."""
    total = total_of(figures["cells"])
    summary = [{"key": key, "label": FIGURES[key].label, "unit": FIGURES[key].unit,
                "definition": FIGURES[key].definition, "value": _plain(value_of(total, key))}
               for key in SUMMARY_KEYS]
    series = figures["series"]
    blacklist = figures["blacklist"]
    return {
        "office": figures["office"]["name"], "month": figures["month"],
        "first_day": figures["first_day"], "last_day": figures["last_day"],
        "as_of": figures["as_of"], "summary": summary,
        "series": {
            "months": [s["month"] for s in series],
            "new_cases": [s["new_cases"] for s in series],
            "arrears_yuan": [s["arrears_yuan"] for s in series],
            "recovered_yuan": [s["recovered_yuan"] for s in series],
            "recovery_rate": [money_rate(s["recovered_yuan"], s["arrears_yuan"]) for s in series],
        },
        "townships": _split(figures["cells"], "township_id",
                            [(t_id, name) for t_id, name in figures["townships"]]),
        "sectors": _split(figures["cells"], "sector", list(SECTOR_LABELS.items())),
        "blacklist": {"keys": list(BLACKLIST_KEYS),
                      "labels": [BLACKLIST_FIGURES[k].label for k in BLACKLIST_KEYS],
                      "values": [blacklist[k] for k in BLACKLIST_KEYS]},
        "handlers": {"keys": [h["handler_id"] for h in handlers],
                     "labels": [h["name"] for h in handlers],
                     "values": [h["count"] for h in handlers]},
    }
