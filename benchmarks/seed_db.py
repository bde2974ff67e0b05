"""Create a benchmark database of N demo cases on SQLite or PostgreSQL; record time and size.

    .venv/bin/python benchmarks/seed_db.py --backend sqlite --cases 100000 --fresh
    .venv/bin/python benchmarks/seed_db.py --backend postgresql --cases 1000000 --fresh

SQLite lives in benchmarks/output/bench-N.sqlite; PostgreSQL in the database wagewatch_bench on
127.0.0.1:5432, created (and with --fresh dropped first) by this script.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import psycopg
from common import (
    BACKENDS, BENCH_PASSWORD, BENCH_USER, OUTPUT, PG_DATABASE, PG_SERVER, apply_schema, bench_app,
    database_url, machine, save,
)
from sqlalchemy import select, text

from wagewatch import demo
from wagewatch.extensions import db
from wagewatch.models import Office, Role, User
from wagewatch.services.accounts.authentication import hash_password
from wagewatch.services.reference.setup import ensure_initial_setup

CLERKS = 10   # the office's clerks share the cases; the first one logs in for the load test


def prepare_database(backend: str, url: str, fresh: bool) -> None:
    """Start from nothing with --fresh: delete the SQLite file, or drop and create the database."""
    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        if fresh:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (PG_DATABASE,)).fetchone()
        if not exists:
            connection.execute(f"CREATE DATABASE {PG_DATABASE}")


def ensure_clerks(office: Office) -> None:
    """The benchmark clerk (known password, no forced change) and nine colleagues."""
    password_hash = hash_password(BENCH_PASSWORD)
    for number in range(1, CLERKS + 1):
        username = BENCH_USER if number == 1 else f"{BENCH_USER}-{number}"
        if db.session.scalar(select(User.id).where(User.username == username)) is None:
            db.session.add(User(username=username, display_name=f"基准测试监察员{number}",
                                role=Role.CLERK, office=office, password_hash=password_hash,
                                must_change_password=False))
    db.session.commit()


def database_size(backend: str, url: str) -> int:
    """Bytes on disk: the SQLite file after a WAL checkpoint, or pg_database_size."""
    if backend == "sqlite":
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    return db.session.scalar(text("SELECT pg_database_size(current_database())"))


def analyze(backend: str) -> None:
    """Give the query planner statistics, as a production database would have."""
    if backend == "sqlite":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=BACKENDS, required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    args = parser.parse_args()
    url = database_url(args.backend, args.cases)
    prepare_database(args.backend, url, args.fresh)
    app = bench_app(url)
    with app.app_context():
        schema = apply_schema()
        ensure_initial_setup()
        office = db.session.scalars(select(Office).order_by(Office.id)).first()
        assert office is not None
        ensure_clerks(office)
        print(f"{args.backend}: seeding {args.cases} cases (seed {args.seed}) …", flush=True)
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if done % 20_000 == 0 or done == total:
                elapsed = time.monotonic() - started
                print(f"  {done}/{total} cases, {elapsed:.0f} s", flush=True)

        summary = demo.seed(args.cases, args.seed, office, progress=progress)
        seeding = time.monotonic() - started
        started = time.monotonic()
        analyze(args.backend)
        analysing = time.monotonic() - started
        size = database_size(args.backend, url)
    result = {
        "backend": args.backend, "cases": args.cases, "seed": args.seed, "schema": schema,
        "seconds_seeding": round(seeding, 1), "seconds_analyze": round(analysing, 1),
        "cases_per_second": round(args.cases / seeding), "database_bytes": size,
        "rows": summary.rows, "machine": machine(),
    }
    path = save(f"seed-{args.backend}-{args.cases}", result)
    print(f"seeded in {seeding:.0f} s ({args.cases / seeding:.0f} cases/s), analyze {analysing:.0f} s, "
          f"database {size / 2**20:.0f} MiB; {sum(summary.rows.values())} rows → {path}")
    print(f"output in {OUTPUT}")


if __name__ == "__main__":
    main()
