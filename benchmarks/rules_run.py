"""Time `rules run` on a seeded benchmark database against the floor of one GROUP BY over the same
tables: the full run, a run with nothing dirty, a run after the next day, one edit's
re-evaluation inside its use case, each as a ratio to the GROUP BY.

Usage: .venv/bin/python benchmarks/rules_run.py --backend postgresql --cases 100000 [--as-of 2026-11-27]
The database must have been seeded by benchmarks/seed_db.py; it is brought up to the models
first (new tables and columns only), the stored decisions are deleted and, on PostgreSQL, the
rule tables vacuumed (repeated runs otherwise read hundreds of thousands of dead rows). Peak
memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import TypeVar, cast

from common import bench_app, database_url, machine, save
from sqlalchemy import Table, func, inspect, select, text

from wagewatch.extensions import db
from wagewatch.models import Case, CaseWorker, PaymentOrder, Recovery, RecoveryAllocation, RuleDecision
from wagewatch.services.flags import evaluation_dirty
from wagewatch.services.flags.evaluation import EVALUATED_STATUSES, evaluate_employer, run_all
from wagewatch.services.flags.evaluation_processes import default_processes

#: One GROUP BY over the tables the rules read: per employer, cases, workers, yuan owed and
#: paid, the latest pay-by date (the floor a set-based run cannot beat).
FLOOR = (select(Case.employer_id, func.count(func.distinct(Case.id)),
                func.count(func.distinct(CaseWorker.id)), func.sum(CaseWorker.claimed_yuan),
                func.sum(RecoveryAllocation.amount_yuan), func.max(PaymentOrder.pay_by_on))
         .join(CaseWorker, CaseWorker.case_id == Case.id)
         .outerjoin(PaymentOrder, PaymentOrder.case_id == Case.id)
         .outerjoin(RecoveryAllocation, RecoveryAllocation.case_worker_id == CaseWorker.id)
         .outerjoin(Recovery, Recovery.id == RecoveryAllocation.recovery_id)
         .where(Case.status.in_(EVALUATED_STATUSES)).group_by(Case.employer_id))

T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    started = time.monotonic()
    result = action()
    return time.monotonic() - started, result


def one_edit(as_of: date) -> float:
    """Seconds one edit's marking and re-evaluation add: a flagged case's employer, as a use
    case does it (flush marks, evaluate_employer judges), rolled back afterwards."""
    employer = db.session.scalar(select(RuleDecision.contractor_id).where(
        RuleDecision.flagged.is_(True), RuleDecision.superseded_at.is_(None)).limit(1))
    case = db.session.scalar(select(Case).where(Case.employer_id == employer).limit(1))
    assert case is not None
    case.group_incident = not case.group_incident

    def edit() -> None:
        db.session.flush()
        evaluate_employer(case.employer_id, as_of)

    seconds, _ = timed(edit)
    db.session.rollback()
    return seconds


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
    parser.add_argument("--processes", type=int, default=default_processes(),
                        help="as `flask rules run --processes` (default: as it)")
    args = parser.parse_args()
    app = bench_app(database_url(args.backend, args.cases))
    with app.app_context():
        bring_up_to_date()
        evaluation_dirty.listen()
        db.session.execute(cast(Table, RuleDecision.__table__).delete())
        db.session.execute(text("DELETE FROM rule_run"))
        db.session.execute(text("DELETE FROM rule_dirty_employer"))
        db.session.commit()
        if args.backend == "postgresql":  # each run deletes 29,000 decisions: no bloat carried over
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE rule_decision, rule_run, rule_dirty_employer"))
        as_of = date.fromisoformat(args.as_of)
        floor, _ = timed(lambda: db.session.execute(FLOOR).all())
        db.session.rollback()
        runs = []
        for label, day, everything in (
                ("full run (--all, empty decisions)", as_of, True),
                ("full run (--all, nothing to change)", as_of, True),
                ("nothing dirty, same day", as_of, False),
                ("nothing dirty, the next day", as_of + timedelta(days=1), False)):
            seconds, report = timed(partial(run_all, day, batch=args.batch, everything=everything,
                                                 processes=args.processes))
            runs.append({"run": label, "seconds": round(seconds, 2),
                         "ratio_to_group_by": round(seconds / floor, 2),
                         "employers": report.employers, "cases": report.evaluated,
                         "judged": report.judged, "raised": report.raised,
                         "cleared": report.cleared, "changed": report.changed})
            print(runs[-1], flush=True)
        edits = sorted(one_edit(as_of + timedelta(days=1)) for _ in range(20))
        flagged = db.session.scalar(select(func.count()).select_from(RuleDecision)
                                    .where(RuleDecision.flagged.is_(True)))
        db.session.rollback()  # the count's read only: the runs committed their own
        if args.backend == "postgresql":  # the decisions written since the empty tables' ANALYZE:
            # left unanalyzed (autovacuum off), the pages and copies that follow plan for none
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("ANALYZE rule_decision, rule_run, rule_dirty_employer"))
    result = {"backend": args.backend, "cases": args.cases, "as_of": args.as_of,
              "batch": args.batch, "processes": args.processes, "group_by_seconds": round(floor, 2), "runs": runs,
              "one_edit_ms": {"median": round(edits[10] * 1000, 1),
                              "max": round(edits[-1] * 1000, 1)},
              "flagged_decisions": flagged,
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
              "machine": machine()}
    print(save(f"rules-run-{args.backend}-{args.cases}", result))


if __name__ == "__main__":
    main()
