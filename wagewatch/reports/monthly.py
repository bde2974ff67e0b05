"""Collect the monthly supervision report's figures with aggregate SQL (GROUP BY, never case by
case), as a JSON-serialisable structure (Decimals as strings) that an issued report freezes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from wagewatch.extensions import db
from wagewatch.models import (
    OPEN_STATUSES, Case, CaseStatus, CaseWorker, Office, PaymentOrder, PoliceDecision,
    PoliceReferral, Project, Recovery, SupervisedListing, Township,
)
from wagewatch.reports.monthly_figures import CELL_FIGURES, PROJECT_FIGURES
from wagewatch.reports.monthly_quality import data_quality
from wagewatch.reports.monthly_series import (
    blacklist_figures, in_period, moment_in_period, twelve_months,
)
from wagewatch.rules.report_period import ReportPeriod

#: Bump when the structure changes, so a renderer can tell old snapshots apart.
SCHEMA = 3  # 2: quality_items; 3: provisional
CLOSED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.WITHDRAWN, CaseStatus.REFERRED)
Key = tuple[int, str, str]


class _Cells:
    """Figures keyed by (township id, sector, funding type or "none")."""

    def __init__(self) -> None:
        self.values: dict[Key, dict[str, Any]] = defaultdict(dict)

    def add(self, rows: Iterable[Any], *names: str) -> None:
        for row in rows:
            township_id, sector, funding, *numbers = row
            key = (township_id, str(sector), str(funding) if funding is not None else "none")
            for name, number in zip(names, numbers, strict=True):
                current = self.values[key].get(name, 0)
                self.values[key][name] = current + (number or 0)

    def as_list(self, keys: Iterable[str]) -> list[dict[str, Any]]:
        keys = list(keys)
        result = []
        for (township_id, sector, funding), numbers in sorted(self.values.items()):
            item: dict[str, Any] = {"township_id": township_id, "sector": sector, "funding": funding}
            for key in keys:
                value = numbers.get(key, 0)
                item[key] = _money(value) if key.endswith("_yuan") else int(value)
            result.append(item)
        return result


def _money(value: Decimal | int | str | None) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def _case_dims(office_id: int):
    """SELECT township, sector, funding type FROM case LEFT JOIN project, for one office."""
    return (select(Case.township_id, Case.sector, Project.funding_type)
            .outerjoin(Project, Project.id == Case.project_id)
            .where(Case.office_id == office_id))


def _grouped(query, *aggregates):
    return db.session.execute(query.add_columns(*aggregates).group_by(
        Case.township_id, Case.sector, Project.funding_type)).all()


def _case_cells(office_id: int, period: ReportPeriod, as_of: date, cells: _Cells) -> None:
    owed = func.coalesce(CaseWorker.confirmed_yuan, CaseWorker.claimed_yuan)
    base = _case_dims(office_id)
    cells.add(_grouped(base.where(in_period(Case.received_on, period)), func.count()), "received")
    cells.add(_grouped(base.join(CaseWorker, CaseWorker.case_id == Case.id)
                       .where(in_period(Case.received_on, period)), func.count(), func.sum(owed)),
              "workers", "arrears_yuan")
    closed_by_end = case((and_(Case.status.in_(CLOSED_STATUSES),
                               Case.closed_on <= period.last_day), 1), else_=0)
    cells.add(_grouped(base.where(in_period(Case.accepted_on, period)), func.count(),
                       func.sum(closed_by_end)), "accepted", "opened_closed")
    cells.add(_grouped(base.where(Case.status == CaseStatus.NOT_ACCEPTED,
                                  in_period(Case.closed_on, period)), func.count()), "not_accepted")
    cells.add(_grouped(base.where(Case.status.in_(CLOSED_STATUSES), in_period(Case.closed_on, period)),
                       func.count()), "closed")
    cells.add(_grouped(base.where(Case.status.in_(OPEN_STATUSES), Case.next_due_on < as_of),
                       func.count()), "past_deadline")


def _money_cells(office_id: int, period: ReportPeriod, cells: _Cells) -> None:
    base = _case_dims(office_id)
    recovered = db.session.execute(
        base.join(Recovery, Recovery.case_id == Case.id).where(in_period(Recovery.paid_on, period))
        .add_columns(Recovery.payer, func.sum(Recovery.amount_yuan))
        .group_by(Case.township_id, Case.sector, Project.funding_type, Recovery.payer)).all()
    for township_id, sector, funding, payer, amount in recovered:
        cells.add([(township_id, sector, funding, amount)], f"recovered_{payer}_yuan")
    orders = base.join(PaymentOrder, PaymentOrder.case_id == Case.id)
    cells.add(_grouped(orders.where(in_period(PaymentOrder.issued_on, period)), func.count(),
                       func.sum(PaymentOrder.amount_yuan)), "orders", "ordered_yuan")
    cells.add(_grouped(orders.where(in_period(PaymentOrder.extra_compensation_ordered_on, period)),
                       func.count(), func.sum(PaymentOrder.extra_compensation_yuan)),
              "extra_orders", "extra_yuan")


def _police_cells(office_id: int, period: ReportPeriod, cells: _Cells) -> None:
    referrals = _case_dims(office_id).join(PoliceReferral, PoliceReferral.case_id == Case.id)
    # The referral's own office_id lets the (office_id, moment) indexes drive these joins.
    referrals = referrals.where(PoliceReferral.office_id == office_id)
    cells.add(_grouped(referrals.where(moment_in_period(PoliceReferral.handed_over_at, period)),
                       func.count()), "referred")
    decided = referrals.where(moment_in_period(PoliceReferral.police_decided_at, period))
    cells.add(_grouped(decided, func.sum(case(
        (PoliceReferral.police_decision == PoliceDecision.FILED, 1), else_=0)), func.sum(case(
            (PoliceReferral.police_decision == PoliceDecision.DECLINED, 1), else_=0))),
        "police_filed", "police_declined")
    supervised = (_case_dims(office_id)
                  .join(SupervisedListing, SupervisedListing.case_id == Case.id)
                  .where(SupervisedListing.office_id == office_id,
                         SupervisedListing.listed_on <= period.last_day))
    open_at_end = and_(SupervisedListing.listed_on <= period.last_day,
                       or_(SupervisedListing.closed_on.is_(None),
                           SupervisedListing.closed_on > period.last_day))
    cells.add(_grouped(supervised, func.sum(case((in_period(SupervisedListing.listed_on, period), 1),
                                                 else_=0)),
                       func.sum(case((open_at_end, 1), else_=0)),
                       func.sum(case((and_(open_at_end,
                                           SupervisedListing.deadline_on < period.last_day), 1),
                                     else_=0))),
              "supervised_new", "supervised_open", "supervised_overdue")


def _project_cells(office_id: int, period: ReportPeriod) -> list[dict[str, Any]]:
    """包挂 coverage: active projects overlapping the period, and those with a site liaison."""
    has_liaison = and_(Project.site_liaison_name.is_not(None), Project.site_liaison_name != "")
    rows = db.session.execute(
        select(Project.township_id, Project.sector, Project.funding_type, func.count(),
               func.sum(case((has_liaison, 1), else_=0)))
        .where(Project.office_id == office_id, Project.active.is_(True),
               or_(Project.start_on.is_(None), Project.start_on <= period.last_day),
               or_(Project.end_on.is_(None), Project.end_on >= period.first_day))
        .group_by(Project.township_id, Project.sector, Project.funding_type)).all()
    cells = _Cells()
    cells.add(rows, "active", "with_liaison")
    return cells.as_list(PROJECT_FIGURES)


def provisional_deadlines(office_id: int) -> dict[str, Any]:
    """Open cases whose next deadline, and their orders whose pay-by date, fall in a year whose
    holiday schedule is not known (counted Monday to Friday, provisional), with the years and
    the note the report prints; ``note`` is empty when there are none."""
    open_cases = (Case.office_id == office_id, Case.status.in_(OPEN_STATUSES))
    case_days = list(db.session.scalars(select(Case.next_due_on).where(
        *open_cases, Case.due_provisional.is_(True), Case.next_due_on.is_not(None))))
    order_days = list(db.session.scalars(select(PaymentOrder.pay_by_on).join(
        Case, Case.id == PaymentOrder.case_id).where(
        *open_cases, PaymentOrder.pay_by_provisional.is_(True), PaymentOrder.pay_by_on.is_not(None))))
    years = sorted({day.year for day in case_days + order_days if day is not None})
    parts = [f"{len(case_days)}件在办案件的办理期限"] if case_days else []
    parts += [f"{len(order_days)}份责令支付文书的支付期限"] if order_days else []
    note = ("暂定：" + "、".join(parts) + "落在" + "、".join(f"{y}年" for y in years)
            + "，该年度全年节假日安排尚未录入完毕，按周一至周五估算；依期限计算的数字（如办案期限已过）"
            "以暂定期限为准，请在国务院办公厅公布放假安排、管理员确认录入后核对。") if parts else ""
    return {"cases": len(case_days), "orders": len(order_days), "years": years, "note": note}


def _townships(office_id: int, used: set[int]) -> list[list[Any]]:
    """[id, name] of the office's townships in their order (inactive ones only when used)."""
    rows = db.session.execute(select(Township.id, Township.name, Township.active)
                              .where(Township.office_id == office_id)
                              .order_by(Township.sort_order, Township.id)).all()
    return [[t_id, name] for t_id, name, active in rows if active or t_id in used]


def collect(office: Office, period: ReportPeriod, as_of: date) -> dict[str, Any]:
    """Every figure of ``office``'s report for ``period`` (definitions in monthly_figures.py);
    ``as_of`` is the day the report is made, the day the data-quality state is judged on.

    Money is yuan as strings with two decimals; counts are integers; dates ISO strings.
    """
    cells = _Cells()
    _case_cells(office.id, period, as_of, cells)
    _money_cells(office.id, period, cells)
    _police_cells(office.id, period, cells)
    case_cells = cells.as_list(CELL_FIGURES)
    project_cells = _project_cells(office.id, period)
    used = {c["township_id"] for c in case_cells + project_cells}
    past_deadline = sum(c["past_deadline"] for c in case_cells)
    quality, quality_items = data_quality(office.id, period, as_of, past_deadline)
    return {
        "schema": SCHEMA,
        "office": {"code": office.code, "name": office.name},
        "month": period.month, "first_day": period.first_day.isoformat(),
        "last_day": period.last_day.isoformat(), "cutoff_day": period.cutoff_day,
        "period_reason": period.reason, "as_of": as_of.isoformat(),
        "townships": _townships(office.id, used),
        "cells": case_cells,
        "projects": project_cells,
        "blacklist": blacklist_figures(office.id, period),
        "data_quality": quality,
        "quality_items": quality_items,
        "series": twelve_months(office.id, period),
        "provisional": provisional_deadlines(office.id),
    }
