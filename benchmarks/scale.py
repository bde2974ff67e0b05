"""Time every page, list, search and bulk job of the scale table on one seeded database, each as a
ratio to its floor measured in the same run.

    WAGEWATCH_BENCH_DATABASE=bench_m100k .venv/bin/python benchmarks/scale.py [--skip export]
        [--row dashboard --row "case list" ...] [--source /path/to/another/checkout]

The database (PostgreSQL, named as in benchmarks/common.py) must have been seeded by seed_db.py.
In order, one thing at a time:
- ``rules``: `rules run` (``run_all``, stored decisions cleared first) against one GROUP BY over
  every case-worker row (the scan any evaluation of every case needs at least); this also gives
  the blacklist and police lists their flags;
- ``pages``: gunicorn (2 sync workers) serving this checkout, a clerk and a police officer signed in
  through the forms (list_pages.py), each page requested one at a time after a warm-up, every
  request of it preceded by one of its floor, the password page (the cheapest signed-in page):
  page and floor meet the same moments of the machine;
- ``report``: the monthly report collected and rendered (as monthly_report.py) against the same
  SQL statements alone, recorded during a collection and re-sent through the driver;
- ``export``: the full-registry export (``write_registry``) against XlsxWriter ``constant_memory``
  writing the same rows (export.py's child processes), on CPU seconds.
Prints one table and saves benchmarks/output/scale-N.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

from common import PG_DATABASE, bench_app, database_url, machine, save
from list_pages import USERS, ensure_users, log_in, serve, signed_in
from sqlalchemy import Table, event, func, select, text

from wagewatch.extensions import db
from wagewatch.models import Case, CaseWorker, Contractor, Office, RuleDecision, Worker
from wagewatch.reports.monthly import collect
from wagewatch.reports.monthly_workbook import render
from wagewatch.rules.report_period import report_period
from wagewatch.services.flags.evaluation import run_all
from wagewatch.services.flags.evaluation_processes import default_processes
from wagewatch.services.reports.monthly_reports import _frozen

AS_OF = date(2026, 11, 27)
MONTH = "2026-10"
PARTS = ("rules", "pages", "report", "export")
FLOOR_PAGE = "/auth/password"


def rules(url: str) -> list[dict[str, Any]]:
    with bench_app(url).app_context():
        db.session.execute(cast(Table, RuleDecision.__table__).delete())
        db.session.commit()
        started = time.perf_counter()
        db.session.execute(select(CaseWorker.case_id, func.sum(CaseWorker.claimed_yuan))
                           .group_by(CaseWorker.case_id)).all()
        floor = time.perf_counter() - started
        started = time.perf_counter()
        report = run_all(AS_OF, processes=default_processes())  # as `flask rules run`
        seconds = time.perf_counter() - started
        # The decisions just written, as autovacuum would analyze them: left unanalyzed (it is off
        # on the benchmark machines) the pages that follow plan for the empty table and the
        # home page's candidates at a million took minutes.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE rule_decision, rule_run, rule_dirty_employer"))
    return [{"row": "rules run", "ms": seconds * 1000, "floor": "GROUP BY case_worker",
             "floor_ms": floor * 1000, "note": f"{report.evaluated} evaluated, {report.raised} raised"}]


def page_paths(url: str) -> list[tuple[str, str, list[str]]]:
    """(label, role, paths): real values from the database for the detail page and the searches."""
    with bench_app(url).app_context():
        # From the seeded database (scalar_one: an empty one stops here).
        office_id = db.session.execute(select(Office.id).order_by(Office.id).limit(1)).scalar_one()
        total = db.session.execute(select(func.max(Case.id))).scalar_one()
        ids = [total * k // 50 + 1 for k in range(50)]
        number = db.session.execute(select(Case.number).where(Case.office_id == office_id)
                                    .order_by(Case.id.desc()).limit(1)).scalar_one()
        worker = db.session.execute(select(Worker.name).where(Worker.office_id == office_id)
                                    .order_by(Worker.id.desc()).limit(1)).scalar_one()
        contractor = db.session.execute(select(Contractor.name).where(
            Contractor.office_id == office_id, Contractor.uscc.is_not(None)).limit(1)).scalar_one()
    fragment = contractor[2:4]
    return [("password page (floor)", "clerk", [FLOOR_PAGE]),
            ("dashboard (clerk's home)", "clerk", ["/"]),
            ("case list", "clerk", ["/cases/"]),
            ("case detail", "clerk", [f"/cases/{i}" for i in ids]),
            ("contractor list", "clerk", ["/contractors/"]),
            (f"search: worker name {worker}", "clerk", [_q("/cases/", worker)]),
            (f"search: employer fragment {fragment}", "clerk", [_q("/cases/", fragment)]),
            # One exact hit: the search answers with a redirect to the case (timed to the 302).
            (f"search: case number {number} (302)", "clerk", [_q("/cases/", number)]),
            ("blacklist page", "clerk", ["/blacklist/"]),
            ("police flagged list", "police", ["/police/"]),
            ("police referral list", "police", ["/police/referrals"])]


def _q(path: str, q: str) -> str:
    return f"{path}?{urlencode({'q': q})}"


def _median_p95(samples: list[float]) -> tuple[float, float]:
    median = statistics.median(samples)
    return median, statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else median


def pages(url: str, requests: int, warmup: int, port: int, only: list[str],
          source: Path) -> list[dict[str, Any]]:
    totp = ensure_users(url)
    paths = [(label, role, urls) for label, role, urls in page_paths(url)
             if not only or urls[0] == FLOOR_PAGE or any(word in label for word in only)]
    server = serve(source, url, port)
    results: list[dict[str, Any]] = []
    try:
        cookies = {role: log_in(port, name, totp.get(name)) for role, (name, _) in USERS.items()}
        for label, role, urls in paths:
            client = signed_in(port, cookies[role])
            for k in range(warmup):
                client.request("GET", urls[k % len(urls)])
                client.request("GET", FLOOR_PAGE)
            # The floor is taken beside the page, request for request (floor, page, floor, ...):
            # both then meet the same moments of the machine, whose speed drifts within a run.
            samples, floors, size = [], [], 0
            for k in range(requests):
                started = time.perf_counter()
                client.request("GET", FLOOR_PAGE)
                floors.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                status, _, html = client.request("GET", urls[k % len(urls)])
                samples.append((time.perf_counter() - started) * 1000)
                if status != (302 if label.endswith("(302)") else 200):
                    raise RuntimeError(f"{urls[k % len(urls)]} answered {status}: {html[:300]}")
                size = max(size, len(html.encode("utf-8")))
            median, p95 = _median_p95(samples)
            floor, floor_p95 = _median_p95(floors)
            results.append({"row": label, "ms": median, "floor": "password page", "floor_ms": floor,
                            "p95_ms": p95, "floor_p95_ms": floor_p95,
                            "note": f"p95 {p95:.1f} ms ({p95 / floor_p95:.1f}× the floor's p95 "
                                    f"{floor_p95:.1f} ms), max {max(samples):.0f} ms, "
                                    f"{size / 1024:.0f} KiB"})
            print(_line(results[-1]), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def report(url: str) -> list[dict[str, Any]]:
    with bench_app(url).app_context():
        office = db.session.execute(select(Office).order_by(Office.id).limit(1)).scalar_one()
        period = report_period(MONTH, office.report_cutoff_day)
        collect(office, period, AS_OF)  # warm: the tables' pages in the cache, as for the floor
        db.session.rollback()
        sent: list[tuple[str, Any]] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            sent.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", record)
        started = time.perf_counter()
        figures = _frozen(collect(office, period, AS_OF))
        render(figures, "基准测试（未签发）")
        seconds = time.perf_counter() - started
        event.remove(db.engine, "before_cursor_execute", record)
        db.session.rollback()
        driver = db.session.connection().connection.driver_connection
        assert driver is not None
        started = time.perf_counter()
        with driver.cursor() as cursor:
            for statement, parameters in sent:
                cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()
        floor = time.perf_counter() - started
        db.session.rollback()
    return [{"row": "monthly report (collect + render)", "ms": seconds * 1000,
             "floor": f"its {len(sent)} SQL statements alone", "floor_ms": floor * 1000, "note": ""}]


def export(cases: int) -> list[dict[str, Any]]:
    script = Path(__file__).resolve().parent / "export.py"
    best: dict[str, dict[str, Any]] = {}
    for writer in ("xlsxwriter", "wagewatch"):
        output = subprocess.run([sys.executable, str(script), "--backend", "postgresql",
                                 "--cases", str(cases), "--child", writer], check=True,
                                capture_output=True, text=True, env=os.environ).stdout
        best[writer] = json.loads(output.strip().splitlines()[-1])
        print(best[writer], flush=True)
    ours, base = best["wagewatch"], best["xlsxwriter"]
    return [{"row": "whole-registry export (CPU s)", "ms": ours["cpu_seconds"] * 1000,
             "floor": "XlsxWriter constant_memory, same rows (CPU s)",
             "floor_ms": base["cpu_seconds"] * 1000,
             "note": f"wall {ours['seconds']} s / {base['seconds']} s, peak {ours['peak_rss_mb']} MB"}]


def _line(row: dict[str, Any]) -> str:
    return (f"{row['row'][:44]:44} {row['ms']:10.1f} ms  floor {row['floor_ms']:9.1f} ms  "
            f"{row['ms'] / row['floor_ms']:8.1f}×  {row['note']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", action="append", default=[], choices=PARTS)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--port", type=int, default=8768)
    parser.add_argument("--row", action="append", default=[],
                        help="only the page rows whose label holds this (the floor always runs)")
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout gunicorn serves (default: this one)")
    args = parser.parse_args()
    url = database_url("postgresql", 0)
    with bench_app(url).app_context():
        cases = db.session.execute(select(func.count()).select_from(Case)).scalar_one()
        load = os.getloadavg()
    print(f"{PG_DATABASE}: {cases} cases; load average {load[0]:.1f}", flush=True)
    rows: list[dict[str, Any]] = []
    timings: dict[str, float] = {}
    for part in PARTS:
        if part in args.skip:
            continue
        started = time.monotonic()
        if part == "rules":
            found = rules(url)
        elif part == "pages":
            found = pages(url, args.requests, args.warmup, args.port, args.row, args.source)
        elif part == "report":
            found = report(url)
        else:
            found = export(cases)
        timings[part] = round(time.monotonic() - started)
        for row in found:
            row["load_average"] = round(os.getloadavg()[0], 1)
            if part != "pages":  # the pages print as they go
                print(_line(row), flush=True)
        rows.extend(found)
    print(save(f"scale-{cases}", {"database": PG_DATABASE, "cases": cases, "rows": rows,
                                  "part_seconds": timings, "machine": machine()}))


if __name__ == "__main__":
    main()
