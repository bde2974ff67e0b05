"""Shared by the benchmark scripts: where the databases live, the app on them, the machine."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import inspect, text

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"          # git-ignored
if str(ROOT) not in sys.path:     # the scripts run as benchmarks/NAME.py import wagewatch from here
    sys.path.insert(0, str(ROOT))

from wagewatch import create_app  # noqa: E402
from wagewatch.extensions import db  # noqa: E402

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
#: The PostgreSQL benchmark database; WAGEWATCH_BENCH_DATABASE names another (a copy made with
#: `createdb -T wagewatch_bench NAME`, say) so two measurements do not share one.
PG_DATABASE = os.environ.get("WAGEWATCH_BENCH_DATABASE", "wagewatch_bench")
BENCH_USER = "bench-clerk"
#: A throwaway loopback database's login; never used anywhere else.
BENCH_PASSWORD = "Bench-Wagewatch-2026!"
BACKENDS = ("sqlite", "postgresql")


def database_url(backend: str, cases: int | str) -> str:
    """The benchmark database of ``backend`` for ``cases`` cases (one file per size, or per
    other name, on SQLite)."""
    if backend == "sqlite":
        return f"sqlite:///{OUTPUT / f'bench-{cases}.sqlite'}"
    return f"{PG_SERVER}/{PG_DATABASE}"


def bench_app(url: str, **config: object) -> Flask:
    """The app on the benchmark database, configured as the benchmark's own process needs
    (``config``: more settings, e.g. ``WTF_CSRF_ENABLED=False`` for a test client's forms)."""
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "WAGEWATCH_ENV": "benchmark",
                       "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef", **config},
                      instance_path=str(OUTPUT / "instance"))


def apply_schema() -> str:
    """Bring the benchmark database up to the models (inside an app context).

    An empty database is migrated to head; while the migrations lag behind the models it is
    built from the models instead. An existing one is migrated when Alembic manages it, and
    tables added to the models since are created; changed columns need a --fresh seed.
    """
    tables = set(inspect(db.engine).get_table_names())
    if not tables or "alembic_version" in tables:
        upgrade()
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    if not differences:
        return "flask db upgrade"
    if not tables:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.create_all()
    return f"db.create_all() (the migrations differ from the models in {len(differences)} places)"


def _run(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def machine() -> dict[str, str]:
    """Date, cores, memory and CPU model, as recorded with every result."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = _run(["free", "-h"]).splitlines()
    return {"date": _run(["date", "--iso-8601=seconds"]), "nproc": _run(["nproc"]),
            "memory": memory[1].split()[1] if len(memory) > 1 else "?", "cpu": model,
            "python": platform.python_version(), "recorded_at": datetime.now().isoformat()}


def save(name: str, result: dict[str, Any]) -> Path:
    """Write one result as JSON under benchmarks/output/ and return the path."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    return path


def peak_kib() -> int:
    """The process's peak resident memory (KiB) since start or the last reset_peak (Linux)."""
    found = re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text())
    assert found is not None, "/proc/self/status has no VmHWM line"
    return int(found[1])


def reset_peak() -> None:
    """Start a new peak-memory measurement (Linux: clear_refs 5 resets VmHWM)."""
    Path("/proc/self/clear_refs").write_text("5")


def process_cpu(pid: int | str) -> tuple[str, float]:
    """A process's name and the CPU seconds (user + system) it has used so far (Linux /proc;
    OSError elsewhere or once it has ended)."""
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    fields = text[text.rindex(")") + 2:].split()  # after "pid (comm) ": state, ppid, ...
    return (text[text.index("(") + 1:text.rindex(")")],
            (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))


def database_cpu() -> float:
    """CPU seconds used so far by every PostgreSQL process on this machine (the benchmarks'
    database is on loopback): read before and after some requests, the database's share of them."""
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            name, seconds = process_cpu(pid)
        except OSError:  # ended meanwhile
            continue
        if name == "postgres":
            total += seconds
    return total
