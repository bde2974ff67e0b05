"""Time what a request spends on the working-day calendar: read from the tables every request (as
before the process kept it) beside the version check of the process's copy.

    WAGEWATCH_BENCH_DATABASE=bench_load .venv/bin/python benchmarks/calendar_cache.py \\
        --backend postgresql --cases 100000 [--overrides 60]

Each of ``--requests`` rounds opens a fresh app context (as a request does), takes the calendar
and counts the working days of 2026-2027 with it (``working_days_after``, which builds the
calendar's table of exceptions once per calendar, as the lists' "working days left" do): once
through the rows (``_read_calendar``, the former per-request load) and once through
:func:`current_calendar`. With ``--overrides N`` the database
first gets N holidays in 2027 (removed afterwards) so the rows are not empty. Prints and saves
benchmarks/output/calendar-cache-BACKEND-N.json with the medians and statements per request.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date, timedelta
from typing import Any

from common import BACKENDS, OUTPUT, bench_app, database_url, machine
from sqlalchemy import delete, event

from wagewatch.extensions import db
from wagewatch.models import CalendarOverride, DayKind
from wagewatch.services.reference.calendar import _read_calendar, current_calendar

NOTE = "benchmarks/calendar_cache.py"


def rounds(app: Any, take: Any, requests: int) -> dict[str, float]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    times = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(requests):
            with app.app_context():
                started = time.perf_counter()
                take().working_days_after(date(2026, 1, 1), date(2027, 12, 31))
                times.append((time.perf_counter() - started) * 1000)
                db.session.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return {"median_ms": round(statistics.median(times), 3),
            "p90_ms": round(sorted(times)[int(len(times) * 0.9)], 3),
            "statements_per_request": len(statements) / requests}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=BACKENDS, required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--overrides", type=int, default=0)
    args = parser.parse_args()
    app = bench_app(database_url(args.backend, args.cases))
    with app.app_context():
        day = date(2027, 1, 1)
        for k in range(args.overrides):
            db.session.add(CalendarOverride(day=day + timedelta(days=k * 5), kind=DayKind.HOLIDAY,
                                            note=NOTE))
        db.session.commit()
    try:
        results = {"rows_every_request": rounds(app, _read_calendar, args.requests),
                   "kept_by_the_process": rounds(app, current_calendar, args.requests)}
    finally:
        with app.app_context():
            db.session.execute(delete(CalendarOverride).where(CalendarOverride.note == NOTE))
            db.session.commit()
    report = {"backend": args.backend, "cases": args.cases, "requests": args.requests,
              "overrides": args.overrides, "results": results, "machine": machine()}
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"calendar-cache-{args.backend}-{args.cases}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
