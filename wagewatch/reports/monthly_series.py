"""The office-wide parts of the monthly report: blacklist movements, S-29 major violations,
and the last 12 months' series (new cases, arrears, recoveries)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseWorker, Contractor, Listing, PoliceReferral, Recovery, RemovalReason,
)
from wagewatch.rules.clock import day_end_utc, day_start_utc
from wagewatch.rules.report_period import ReportPeriod, last_months, month_containing, report_period

def in_period(column: Any, period: ReportPeriod) -> ColumnElement[bool]:
    """A date column whose day lies in the period (first and last day included)."""
    return column.between(period.first_day, period.last_day)


def moment_in_period(column: Any, period: ReportPeriod) -> ColumnElement[bool]:
    """A UTC timestamp column whose Beijing-time date lies in the period."""
    return and_(column >= day_start_utc(period.first_day), column < day_end_utc(period.last_day))


MOVEMENT_LABELS = {"listed": "列入", "early_removal": "提前移出", "expired": "期满移出",
                   "revoked": "撤销列入"}


def blacklist_figures(office_id: int, period: ReportPeriod) -> dict[str, Any]:
    """Listing periods decided, removed early, expired and revoked in the period, those in force
    on its last day (S-45, S-17), each movement with its contractor, and the S-29 count."""
    first, last = period.first_day, period.last_day
    moved = db.session.execute(
        select(Listing.decided_on, Listing.removed_on, Listing.removal_reason, Listing.starts_on,
               Listing.ends_on, Listing.document_number, Listing.rule_set, Contractor.name,
               Contractor.uscc)
        .join(Contractor, Contractor.id == Listing.contractor_id)
        .where(Listing.office_id == office_id, or_(in_period(Listing.decided_on, period),
                                                   in_period(Listing.removed_on, period)))
        .order_by(Listing.decided_on, Listing.id)).all()
    movements: list[dict[str, Any]] = []
    counts = {"listed": 0, "removed_early": 0, "expired": 0, "revoked": 0}
    for row in moved:
        if first <= row.decided_on <= last:
            counts["listed"] += 1
            movements.append(_movement("listed", row.decided_on, row))
        if row.removed_on is not None and first <= row.removed_on <= last:
            reason = RemovalReason(row.removal_reason)
            counts[{"early_removal": "removed_early", "expired": "expired",
                    "revoked": "revoked"}[reason.value]] += 1
            movements.append(_movement(reason.value, row.removed_on, row))
    in_force = db.session.scalar(select(func.count()).select_from(Listing).where(
        Listing.office_id == office_id, Listing.starts_on <= last, Listing.ends_on >= last,
        or_(Listing.removed_on.is_(None), Listing.removed_on > last))) or 0
    major = db.session.scalar(select(func.count(func.distinct(PoliceReferral.contractor_id))).where(
        PoliceReferral.office_id == office_id,
        moment_in_period(PoliceReferral.handed_over_at, period))) or 0
    movements.sort(key=lambda m: (m["on"], m["kind"], m["contractor"]))
    return {**counts, "in_force": in_force, "major_violations": major, "movements": movements}


def _movement(kind: str, on, row) -> dict[str, Any]:
    return {"kind": kind, "on": on.isoformat(), "contractor": row.name, "uscc": row.uscc or "",
            "document_number": row.document_number, "rule_set": str(row.rule_set),
            "starts_on": row.starts_on.isoformat(), "ends_on": row.ends_on.isoformat()}


def twelve_months(office_id: int, period: ReportPeriod) -> list[dict[str, Any]]:
    """New cases, arrears (yuan, owed as in the cells) and recoveries (yuan) of the 12 report
    months ending with ``period``, each month cut by the same cut-off day; three GROUP BY day
    queries, bucketed here."""
    months = last_months(period.month)
    first = report_period(months[0], period.cutoff_day).first_day
    last = period.last_day
    owed = func.coalesce(CaseWorker.confirmed_yuan, CaseWorker.claimed_yuan)
    in_range = and_(Case.office_id == office_id, Case.received_on.between(first, last))
    new_cases = db.session.execute(select(Case.received_on, func.count()).where(in_range)
                                   .group_by(Case.received_on)).all()
    arrears = db.session.execute(select(Case.received_on, func.sum(owed))
                                 .join(CaseWorker, CaseWorker.case_id == Case.id).where(in_range)
                                 .group_by(Case.received_on)).all()
    recovered = db.session.execute(
        select(Recovery.paid_on, func.sum(Recovery.amount_yuan))
        .join(Case, Case.id == Recovery.case_id)
        .where(Case.office_id == office_id, Recovery.paid_on.between(first, last))
        .group_by(Recovery.paid_on)).all()
    buckets: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"new_cases": 0, "arrears_yuan": Decimal(0), "recovered_yuan": Decimal(0)})
    for rows, name in ((new_cases, "new_cases"), (arrears, "arrears_yuan"),
                       (recovered, "recovered_yuan")):
        for day, value in rows:
            buckets[month_containing(day, period.cutoff_day)][name] += value or 0
    return [{"month": month, "new_cases": int(buckets[month]["new_cases"]),
             "arrears_yuan": str(Decimal(buckets[month]["arrears_yuan"]).quantize(Decimal("0.01"))),
             "recovered_yuan": str(Decimal(buckets[month]["recovered_yuan"]).quantize(Decimal("0.01")))}
            for month in months]
