"""Time the clerk's queue's blacklist candidates: the former aggregation beside the stored lapse.

    WAGEWATCH_BENCH_DATABASE=bench_load .venv/bin/python benchmarks/queue_candidates.py \\
        --backend postgresql --cases 100000

Runs the rules first when the database has no current flag. Then, for the office and for the
busiest clerk's own cases ("mine"), times (median of 7) the candidates as the queue read them
before (every current S-45 flag joined to its cases' orders, grouped by contractor: the query
kept in tests/services/test_work_queue_candidates.py) and as it reads them now (the flags'
stored lapse by index), checks that both give the same contractors, due dates, "mine" marks
and order over every candidate, times the whole queue with either, and prints the plan of the
first page.
Results go to benchmarks/output/queue-candidates-BACKEND-N.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from common import BACKENDS, OUTPUT, bench_app, database_url, machine
from sqlalchemy import event, func, select

from wagewatch.extensions import db
from wagewatch.models import Case, Role, RuleDecision, User
from wagewatch.services import work_queue
from wagewatch.services.work_queue import flag_kinds, reading
from wagewatch.services.flags import evaluation
from wagewatch.services.reference.calendar import current_calendar, today

from tests.services.test_work_queue_candidates import aggregated

RUNS = 7


def timed(call: Callable[[], Any]) -> dict[str, float]:
    times = []
    for _ in range(RUNS):
        db.session.expire_all()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return {"median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1)}


def aggregating_queue(scope: reading.Scope) -> work_queue.WorkQueue:
    """The whole queue as it was: the candidates by the former aggregation."""
    stored = flag_kinds.candidates
    flag_kinds.candidates = aggregated
    try:
        return work_queue.clerk_queue(scope.office_id, scope.user_id, scope.today,
                                      scope.calendar, mine_only=scope.mine_only)
    finally:
        flag_kinds.candidates = stored


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=BACKENDS, required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    app = bench_app(database_url(args.backend, args.cases))
    with app.app_context():
        day, calendar = today(), current_calendar()
        rules_s = None
        if not db.session.scalar(select(func.count(RuleDecision.id)).where(
                RuleDecision.flagged.is_(True))):
            started = time.perf_counter()
            evaluation.run_all(day)
            rules_s = round(time.perf_counter() - started, 1)
        clerk = db.session.scalars(select(User).where(User.role == Role.CLERK)
                                   .order_by(User.id).limit(1)).one()
        busiest = db.session.execute(select(Case.handler_id).group_by(Case.handler_id)
                                     .order_by(func.count().desc()).limit(1)).scalar_one()
        handler = db.session.get_one(User, busiest)
        scopes = {"office": reading.Scope(clerk.office_id, clerk.id, False, day, calendar, 50),
                  "mine": reading.Scope(handler.office_id, handler.id, True, day, calendar,
                                            50)}
        results: dict[str, Any] = {}
        for name, scope in scopes.items():
            everything = reading.Scope(scope.office_id, scope.user_id, scope.mine_only,
                                           day, calendar, 10_000_000)
            before, after = aggregated(everything), flag_kinds.candidates(everything)
            results[name] = {
                "candidates": after[1], "same_as_aggregation": before == after,
                "aggregated": timed(partial(aggregated, scope)),
                "stored_lapse": timed(partial(flag_kinds.candidates, scope)),
                "whole_queue": timed(partial(work_queue.clerk_queue, scope.office_id,
                                             scope.user_id, day, calendar,
                                             mine_only=scope.mine_only)),
                "whole_queue_aggregating": timed(partial(aggregating_queue, scope)),
            }
        plan = None
        if args.backend == "postgresql":
            statements: list[tuple[str, Any]] = []
            def keep(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
                if "rule_decision" in statement and not statements:
                    statements.append((statement, parameters))

            event.listen(db.engine, "before_cursor_execute", keep)
            flag_kinds.candidates(scopes["office"])
            event.remove(db.engine, "before_cursor_execute", keep)
            statement, parameters = statements[0]
            plan = [row[0] for row in db.session.connection().exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)]
        report = {"backend": args.backend, "cases": args.cases, "today": day.isoformat(),
                  "rules_run_s": rules_s, "runs": RUNS, "results": results,
                  "first_page_plan": plan, "machine": machine()}
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"queue-candidates-{args.backend}-{args.cases}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
