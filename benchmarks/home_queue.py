"""Time the clerk's queue and the police home's queries on a seeded benchmark database.

    .venv/bin/python benchmarks/home_queue.py --backend sqlite --cases 100000
    .venv/bin/python benchmarks/home_queue.py --backend postgresql --cases 100000

Runs the rules first (flags, so the queue has candidates), then times, median of 7 runs each, the
clerk's queue for the office and for one clerk's own cases, the police inbox and the contractors
flagged in the last 7 days, and counts the SQL statements each sends (a fixed number, whatever the
size: no N+1). Results go to benchmarks/output/home-queue-BACKEND-N.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from common import BACKENDS, OUTPUT, bench_app, database_url, machine
from sqlalchemy import event, func, select

from wagewatch.extensions import db
from wagewatch.models import Case, Role, User, utcnow
from wagewatch.services import work_queue
from wagewatch.services.flags import evaluation
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.services.referrals import police_inbox

RUNS = 7


def timed(call: Callable[[], Any]) -> dict[str, float | int]:
    statements: list[int] = []

    def listener(*args: object) -> None:
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", listener)
    times: list[float] = []
    result: Any = None
    try:
        for _ in range(RUNS):
            statements.clear()
            db.session.expire_all()
            start = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - start)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    size = len(result.items) if hasattr(result, "items") else len(result)
    return {"median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1), "statements": len(statements), "rows": size}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=BACKENDS, required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--skip-rules", action="store_true", help="the flags are already current")
    args = parser.parse_args()
    app = bench_app(database_url(args.backend, args.cases))
    with app.app_context():
        day, calendar = today(), current_calendar()
        flags_started = time.perf_counter()
        if not args.skip_rules:
            evaluation.run_all(day)
        flags_s = round(time.perf_counter() - flags_started, 1)
        clerk = db.session.scalars(select(User).where(User.role == Role.CLERK)
                                   .order_by(User.id).limit(1)).one()
        busiest = db.session.execute(select(Case.handler_id).group_by(Case.handler_id)
                                     .order_by(func.count().desc()).limit(1)).scalar_one()
        handler = db.session.get_one(User, busiest)
        now = utcnow()
        results = {
            "clerk_queue_office": timed(lambda: work_queue.clerk_queue(
                clerk.office_id, clerk.id, day, calendar)),
            "clerk_queue_mine": timed(lambda: work_queue.clerk_queue(
                handler.office_id, handler.id, day, calendar, mine_only=True)),
            "police_inbox": timed(lambda: police_inbox.inbox(clerk.office_id, now)),
            "flagged_last_7_days": timed(lambda: police_inbox.flagged_since(
                clerk.office_id, now - timedelta(days=7))),
        }
        queue = work_queue.clerk_queue(clerk.office_id, clerk.id, day, calendar)
        report = {"backend": args.backend, "cases": args.cases, "today": day.isoformat(),
                  "rules_run_s": flags_s, "queue_counts": queue.counts, "results": results,
                  "machine": machine()}
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"home-queue-{args.backend}-{args.cases}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
