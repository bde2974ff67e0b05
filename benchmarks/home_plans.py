"""EXPLAIN ANALYZE every SQL statement the clerk's home (the dashboard) sends, on PostgreSQL.

    WAGEWATCH_BENCH_DATABASE=bench_m1m .venv/bin/python benchmarks/home_plans.py [--user bench-clerk]
        [--mine] [--runs 3] [--write]

Renders the home page once for the user (the view itself, in a request context signed in as that
user, warm), records each statement with its parameters, then re-sends each one ``--runs`` times
through the driver and prints the median time, the rows and where the statement comes from (the
innermost wagewatch frame). With --write each statement's plan (EXPLAIN (ANALYZE, BUFFERS)) goes
to benchmarks/plans/home_NN_FUNCTION.txt. --mine renders the queue of the user's own cases.
"""

from __future__ import annotations

import argparse
import statistics
import time
import traceback
from pathlib import Path
from typing import Any

from common import PG_DATABASE, bench_app, database_url
from flask_login import login_user
from sqlalchemy import event, func, select

from wagewatch.extensions import db
from wagewatch.models import Case, User
from wagewatch.web.main.views import index

PLANS = Path(__file__).resolve().parent / "plans"


def _origin() -> str:
    """The innermost wagewatch function (outside the extensions) that sent the statement."""
    for frame in reversed(traceback.extract_stack()):
        if ("/wagewatch/" in frame.filename and "extensions" not in frame.filename
                and not frame.name.startswith("<")):  # a comprehension: its function instead
            return f"{Path(frame.filename).stem}.{frame.name}"
    return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="bench-clerk")
    parser.add_argument("--mine", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--plans", type=Path, default=PLANS, help="where --write puts the plans")
    args = parser.parse_args()
    app = bench_app(database_url("postgresql", 0))
    sent: list[tuple[str, Any, str]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters, _origin()))

    path = "/?mine=1" if args.mine else "/"
    with app.app_context():
        cases = db.session.scalar(select(func.count()).select_from(Case))
        user = db.session.scalar(select(User).where(User.username == args.user))
        for attempt in range(2):  # the first render warms the cache; the second is recorded
            with app.test_request_context(path):
                login_user(user)
                if attempt:
                    event.listen(db.engine, "before_cursor_execute", record)
                started = time.perf_counter()
                index()
                total = (time.perf_counter() - started) * 1000
                if attempt:
                    event.remove(db.engine, "before_cursor_execute", record)
            db.session.rollback()
        driver = db.session.connection().connection.driver_connection
        assert driver is not None
        print(f"{PG_DATABASE}: {cases} cases; {path} as {args.user}: {total:.0f} ms in "
              f"{len(sent)} statements")
        args.plans.mkdir(exist_ok=True)
        for number, (statement, parameters, origin) in enumerate(sent, start=1):
            samples, rows = [], 0
            with driver.cursor() as cursor:
                for _ in range(args.runs):
                    started = time.perf_counter()
                    cursor.execute(statement, parameters)
                    rows = len(cursor.fetchall()) if cursor.description is not None else 0
                    samples.append((time.perf_counter() - started) * 1000)
                if args.write:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    name = f"home_{number:02d}_{origin.rsplit('.', 1)[-1].lstrip('_')}.txt"
                    (args.plans / name).write_text(
                        f"-- {cases} cases; {path} as {args.user}; from {origin}\n"
                        f"-- parameters: {parameters}\n{statement}\n\n{plan}\n", encoding="utf-8")
            print(f"{number:3d} {statistics.median(samples):9.1f} ms {rows:6d} rows  {origin}")
        db.session.rollback()


if __name__ == "__main__":
    main()
