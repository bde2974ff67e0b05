"""The leader's home: the month's monthly-report figures on screen and the charts' JSON, each
figure and bar linking to the list behind it; office-scoped, cached briefly per office and month."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import Any

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_login import current_user

from wagewatch.models import Office, Role
from wagewatch.reports.leader_figures import overdue_by_handler, screen_figures
from wagewatch.reports.monthly import collect
from wagewatch.rules.report_period import last_months, month_containing, report_period
from wagewatch.services.reference.calendar import today
from wagewatch.web.permissions import guard
from wagewatch.web.templating import yuan_text

bp = guard(Blueprint("leader", __name__, url_prefix="/leader"), {Role.LEADER})

#: How long (seconds) one office's figures for one month are reused; the collector reads the
#: whole month in about a second at 100,000 cases (benchmarks/README.md).
CACHE_SECONDS = 60
CACHE_KEY = "leader_figures"


def months_offered(office: Office, on: date) -> list[str]:
    """The 12 report months a leader may pick, newest first, ending with the month of ``on``."""
    return list(reversed(last_months(month_containing(on, office.report_cutoff_day))))


def chosen_month(office: Office, on: date) -> str:
    """The month asked for in ``?month=`` when it is one of the offered months, else the
    current month."""
    offered = months_offered(office, on)
    asked = request.args.get("month", "")
    return asked if asked in offered else offered[0]


def figures_for(office: Office, month: str, on: date) -> dict[str, Any]:
    """The screen figures of ``office`` for ``month`` as of ``on``, computed at most once per
    CACHE_SECONDS per office, month and day (per app process)."""
    store: dict = current_app.extensions.setdefault(CACHE_KEY, {})
    key = (office.id, month, on)
    now = time.monotonic()
    seconds = current_app.config.get("LEADER_FIGURES_CACHE_SECONDS", CACHE_SECONDS)
    hit = store.get(key)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]
    period = report_period(month, office.report_cutoff_day)
    data = screen_figures(collect(office, period, on), overdue_by_handler(office.id, on))
    data["links"] = _links(office, data)
    for old in [k for k, (at, _) in list(store.items()) if now - at >= seconds]:
        store.pop(old, None)
    store[key] = (now, data)
    return data


def _cases(**filters: Any) -> str:
    return url_for("cases.list_cases", **{k: v for k, v in filters.items() if v is not None})


def _links(office: Office, data: dict[str, Any]) -> dict[str, Any]:
    """The list behind every card and bar: the case list with filters, the referral,
    supervision, blacklist and publication lists."""
    days = {"received_from": data["first_day"], "received_to": data["last_day"]}
    month_days = []
    for month in data["series"]["months"]:
        period = report_period(month, office.report_cutoff_day)
        month_days.append({"received_from": period.first_day.isoformat(),
                           "received_to": period.last_day.isoformat()})
    proceedings = url_for("blacklist.list_proceedings", all="1")
    return {
        "summary": {
            "received": _cases(**days), "accepted": _cases(**days), "closed": _cases(**days),
            "closure_rate": _cases(**days), "workers": _cases(**days),
            "arrears_yuan": _cases(**days), "recovered_yuan": _cases(**days),
            "recovery_rate": _cases(**days), "orders": _cases(status="payment_ordered"),
            "referred": url_for("referrals.list_referrals"),
            "supervised_open": url_for("supervision.list_listings", show="open"),
            "past_deadline": _cases(due="overdue", sort="due"),
        },
        "series": [_cases(**d) for d in month_days],
        "townships": [_cases(township=t, **days) for t in data["townships"]["keys"]],
        "sectors": [_cases(sector=s, **days) for s in data["sectors"]["keys"]],
        "blacklist": [url_for("publication.show_list") if k == "in_force" else proceedings
                      for k in data["blacklist"]["keys"]],
        "handlers": [_cases(due="overdue", handler=h, sort="due")
                     for h in data["handlers"]["keys"]],
    }


def home_context() -> dict[str, Any]:
    """What main.index adds to the home page for a leader: the month, the offered months and the
    figures (the charts load the same figures from ``leader.figures``)."""
    office = current_user.office
    on = today()
    month = chosen_month(office, on)
    figures = figures_for(office, month, on)
    return {"month": month, "months": months_offered(office, on), "figures": figures,
            "tables": chart_tables(figures)}


def _rate(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction * 100:.1f}"


def chart_tables(f: dict[str, Any]) -> dict[str, tuple[list[str], list]]:
    """Each chart's figures as (headers, [(cells, link)]) for the table under it, so every bar's
    list is reachable without the canvas (keyboard, screen readers)."""
    s, links = f["series"], f["links"]
    money = ["涉欠金额（元）", "清欠金额（元）"]

    def split(part: dict, to: list[str]) -> tuple[list[str], list]:
        return (["名称", "收到投诉（件）", *money], [
            ((label, count, yuan_text(Decimal(owed)), yuan_text(Decimal(paid))), link)
            for label, count, owed, paid, link in zip(part["labels"], part["received"],
                                                      part["arrears_yuan"], part["recovered_yuan"],
                                                      to, strict=True)])

    return {
        "chart-months": (["月份", "新收案件（件）", *money], [
            ((m, n, yuan_text(Decimal(o)), yuan_text(Decimal(r))), link)
            for m, n, o, r, link in zip(s["months"], s["new_cases"], s["arrears_yuan"],
                                        s["recovered_yuan"], links["series"], strict=True)]),
        "chart-rate": (["月份", "清欠率（%）"], [
            ((m, _rate(r)), link)
            for m, r, link in zip(s["months"], s["recovery_rate"], links["series"], strict=True)]),
        "chart-townships": split(f["townships"], links["townships"]),
        "chart-sectors": split(f["sectors"], links["sectors"]),
        "chart-blacklist": (["变动", "名单期数（个）"], [
            ((label, value), link) for label, value, link in zip(
                f["blacklist"]["labels"], f["blacklist"]["values"], links["blacklist"], strict=True)]),
        "chart-handlers": (["承办人", "办案期限已过（件）"], [
            ((label, value), link) for label, value, link in zip(
                f["handlers"]["labels"], f["handlers"]["values"], links["handlers"], strict=True)]),
    }


@bp.route("/figures.json")
def figures():
    """The month's figures and chart data of the leader's own office as JSON."""
    office = current_user.office
    on = today()
    return jsonify(figures_for(office, chosen_month(office, on), on))
