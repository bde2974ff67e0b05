"""Time the monthly report (collector + renderer) and its peak memory on a seeded database.

Usage: .venv/bin/python benchmarks/monthly_report.py --backend sqlite --cases 1000000
           [--database PATH] [--month 2026-10] [--as-of 2026-11-27]
The database must have been seeded by benchmarks/seed_db.py. It is brought up to the models
first: with `flask db upgrade` when Alembic manages it, else (a database built by
`db.create_all()`) by adding office.report_cutoff_day, the monthly_report table and the period
indexes of migration 0009 directly; the time is recorded and the new indexes are analysed. Nothing is
issued or stored: the report is collected and rendered in memory, three times (cold, warm, and
once under tracemalloc for the peak of Python allocations).
"""

from __future__ import annotations

import argparse
import importlib
import resource
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import cast

from common import bench_app, database_url, machine, save
from flask_migrate import upgrade
from sqlalchemy import Table, func, inspect, select, text

from wagewatch.extensions import db
from wagewatch.models import Case, MonthlyReport, Office
from wagewatch.reports.monthly import collect
from wagewatch.reports.monthly_workbook import render
from wagewatch.rules.report_period import report_period
from wagewatch.services.reports.monthly_reports import _frozen

MIGRATION = importlib.import_module("migrations.versions.0009_monthly_report")
NEW_INDEXES = tuple(name for _, name, _ in MIGRATION.INDEXES)


def bring_up_to_date() -> str:
    """Migration 0009 on this database: `flask db upgrade` when Alembic manages it, otherwise
    the same column, table and indexes added directly (nothing else is touched)."""
    tables = set(inspect(db.engine).get_table_names())
    if "alembic_version" in tables and db.session.scalar(text("SELECT count(*) FROM alembic_version")):
        upgrade()
        return "flask db upgrade"
    with db.engine.begin() as connection:
        if "report_cutoff_day" not in {c["name"] for c in inspect(db.engine).get_columns("office")}:
            connection.execute(text("ALTER TABLE office ADD COLUMN report_cutoff_day INTEGER"))
        for table, name, columns in MIGRATION.INDEXES:
            quoted = ", ".join(columns)
            connection.execute(text(f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" ({quoted})'))
    cast(Table, MonthlyReport.__table__).create(db.engine, checkfirst=True)
    return "column, table and indexes of 0009 added directly (not an Alembic-managed database)"


def migrate() -> dict[str, object]:
    """Bring the schema up to date, then statistics for the new indexes (SQLite: ANALYZE per
    index)."""
    started = time.monotonic()
    how = bring_up_to_date()
    upgraded = time.monotonic() - started
    started = time.monotonic()
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "sqlite":
            for name in NEW_INDEXES:
                connection.execute(text(f"ANALYZE {name}"))
        else:
            for table in ("case", "payment_order", "recovery", "police_referral"):
                connection.execute(text(f'ANALYZE "{table}"'))
    return {"schema": how, "upgrade_seconds": round(upgraded, 1),
            "analyze_seconds": round(time.monotonic() - started, 1)}


def one_run(office: Office, month: str, as_of: date) -> dict[str, object]:
    period = report_period(month, office.report_cutoff_day)
    started = time.monotonic()
    figures = _frozen(collect(office, period, as_of))
    collected = time.monotonic() - started
    started = time.monotonic()
    data = render(figures, "基准测试（未签发）")
    rendered = time.monotonic() - started
    db.session.rollback()
    return {"collect_seconds": round(collected, 2), "render_seconds": round(rendered, 2),
            "bytes": len(data), "cells": len(figures["cells"]),
            "received": sum(c["received"] for c in figures["cells"]),
            "workers": sum(c["workers"] for c in figures["cells"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database", type=Path, default=None,
                        help="An SQLite file seeded elsewhere (default: benchmarks/output/bench-N.sqlite).")
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--as-of", default="2026-11-27")
    args = parser.parse_args()
    url = f"sqlite:///{args.database.resolve()}" if args.database else database_url(args.backend,
                                                                                   args.cases)
    app = bench_app(url)
    with app.app_context():
        schema = migrate()
        print(schema, flush=True)
        office = db.session.execute(select(Office).order_by(Office.id).limit(1)).scalar_one()
        total_cases = db.session.scalar(select(func.count()).select_from(Case))
        as_of = date.fromisoformat(args.as_of)
        runs = []
        for label in ("cold", "warm"):
            runs.append({"run": label, **one_run(office, args.month, as_of)})
            print(runs[-1], flush=True)
        tracemalloc.start()
        traced = one_run(office, args.month, as_of)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        runs.append({"run": "under tracemalloc", **traced,
                     "python_peak_mb": round(peak / 2**20, 1)})
        print(runs[-1], flush=True)
    result = {"backend": args.backend, "database": url, "cases": total_cases,
              "month": args.month, "as_of": args.as_of, **schema, "runs": runs,
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
              "machine": machine()}
    print(save(f"monthly-report-{args.backend}-{total_cases}", result))


if __name__ == "__main__":
    main()
