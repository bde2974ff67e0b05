"""Time the leader's home figures (monthly collector + overdue per handler + links) on a seeded
database: cold, warm, and served from the short in-memory cache.

Usage: .venv/bin/python benchmarks/leader_home.py --backend sqlite --cases 100000
           [--month 2026-10] [--as-of 2026-11-27]
The database must have been seeded by benchmarks/seed_db.py (and be at the models' schema).
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from common import bench_app, database_url, machine, save
from sqlalchemy import func, select

from wagewatch.extensions import db
from wagewatch.models import Case, Office
from wagewatch.reports.leader_figures import overdue_by_handler
from wagewatch.web.main import leader_home


def timed(function, *args):
    started = time.monotonic()
    result = function(*args)
    return result, round(time.monotonic() - started, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--as-of", default="2026-11-27")
    args = parser.parse_args()
    url = database_url(args.backend, args.cases)
    app = bench_app(url)
    as_of = date.fromisoformat(args.as_of)
    with app.test_request_context("/"):
        office = db.session.execute(select(Office).order_by(Office.id).limit(1)).scalar_one()
        total = db.session.scalar(select(func.count()).select_from(Case))
        runs = {}
        for label in ("cold", "warm"):
            app.extensions.pop(leader_home.CACHE_KEY, None)
            data, runs[label] = timed(leader_home.figures_for, office, args.month, as_of)
        _, runs["cached"] = timed(leader_home.figures_for, office, args.month, as_of)
        handlers, runs["overdue_by_handler_only"] = timed(overdue_by_handler, office.id, as_of)
        print(runs, flush=True)
    result = {"backend": args.backend, "cases": total, "month": args.month, "as_of": args.as_of,
              "seconds": runs, "handlers": len(handlers),
              "received": next(i["value"] for i in data["summary"] if i["key"] == "received"),
              "machine": machine()}
    print(save(f"leader-home-{args.backend}-{total}", result))


if __name__ == "__main__":
    main()
