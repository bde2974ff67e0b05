"""Time `rules run` (set-based evaluation of every case) on a seeded benchmark database.

Usage: .venv/bin/python benchmarks/rules_run.py --backend sqlite --cases 100000 [--as-of 2026-11-27]
The database must have been seeded by benchmarks/seed_db.py; it is brought up to the models
first (new tables and columns only). Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date

from common import bench_app, database_url, machine, save
from sqlalchemy import func, inspect, select, text

from wagewatch.extensions import db
from wagewatch.models import RuleDecision
from wagewatch.services.evaluation import run_all


def bring_up_to_date() -> None:
    """Add what later revisions added to a database built before them (rules, API tables)."""
    columns = {c["name"] for c in inspect(db.engine).get_columns("office")}
    if "region" not in columns:
        with db.engine.begin() as connection:
            connection.execute(text("ALTER TABLE office ADD COLUMN region VARCHAR(32) "
                                    "NOT NULL DEFAULT 'jiangsu'"))
    db.create_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    app = bench_app(database_url(args.backend, args.cases))
    with app.app_context():
        bring_up_to_date()
        db.session.execute(RuleDecision.__table__.delete())
        db.session.commit()
        runs = []
        for label in ("first run (empty decisions)", "second run (nothing changed)"):
            started = time.monotonic()
            report = run_all(date.fromisoformat(args.as_of), batch=args.batch)
            runs.append({"run": label, "seconds": round(time.monotonic() - started, 1),
                         "evaluated": report.evaluated, "raised": report.raised,
                         "cleared": report.cleared, "changed": report.changed})
            print(runs[-1], flush=True)
        flagged = db.session.scalar(select(func.count()).select_from(RuleDecision)
                                    .where(RuleDecision.flagged.is_(True)))
    result = {"backend": args.backend, "cases": args.cases, "as_of": args.as_of,
              "batch": args.batch, "runs": runs, "flagged_decisions": flagged,
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
              "machine": machine()}
    print(save(f"rules-run-{args.backend}-{args.cases}", result))


if __name__ == "__main__":
    main()
