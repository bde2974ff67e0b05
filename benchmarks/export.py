"""Time the full-registry export and its peak memory, beside XlsxWriter's constant-memory mode
writing the same rows.

Usage: .venv/bin/python benchmarks/export.py --backend sqlite --cases 100000
Each writer runs in its own child process, so each peak resident set size is its own:
- ``rows``: the rows only (queries and values, nothing written): the floor under both writers;
- ``openpyxl``: wagewatch's own export, ``write_registry`` (write-only workbook, safe cells);
- ``xlsxwriter``: the same ``registry_rows`` into XlsxWriter with ``constant_memory``, strings
  written with ``write_string`` (never as formulas), dates and money with the same formats.
The database must have been seeded by benchmarks/seed_db.py (it is brought up to the models).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from common import apply_schema, bench_app, database_url, machine, save

from wagewatch.extensions import db
from wagewatch.models import Office
from wagewatch.reports.registry import registry_rows, write_registry
from wagewatch.reports.registry_format import CASE_SHEET, SHEETS, display_header

WRITERS = ("rows", "openpyxl", "xlsxwriter")


def _office_id() -> int:
    return db.session.scalar(db.select(Office.id).order_by(Office.id))


def _rows_only(office_id: int) -> int:
    return sum(1 for sheet, _ in registry_rows(office_id, unmask=True) if sheet == CASE_SHEET)


def _xlsxwriter(office_id: int, path: Path) -> int:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    formats = {"date": book.add_format({"num_format": "yyyy-mm-dd"}),
               "yuan": book.add_format({"num_format": "#,##0.00"})}
    sheets, next_row = {}, {}
    for name, columns in SHEETS.items():
        sheet = book.add_worksheet(name)
        for index, column in enumerate(columns):
            sheet.write_string(0, index, display_header(column))
        sheets[name], next_row[name] = sheet, 1
    cases = 0
    for name, values in registry_rows(office_id, unmask=True):
        sheet, row = sheets[name], next_row[name]
        for index, column in enumerate(SHEETS[name]):
            value = values.get(column.key)
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(row, index, value)
            elif isinstance(value, date):
                sheet.write_datetime(row, index, value, formats["date"])
            elif isinstance(value, Decimal):
                sheet.write_number(row, index, float(value), formats["yuan"])
            else:
                sheet.write_number(row, index, value)
        next_row[name] = row + 1
        cases += name == CASE_SHEET
    book.close()
    return cases


def child(writer: str, url: str) -> dict:
    """Run one writer in this process and report its time, rows, file size and peak memory."""
    app = bench_app(url)
    with app.app_context():
        apply_schema()
        office_id = _office_id()
        path = Path(tempfile.mkdtemp(prefix="export-bench-")) / f"{writer}.xlsx"
        started = time.monotonic()
        if writer == "rows":
            cases = _rows_only(office_id)
        elif writer == "openpyxl":
            cases = write_registry(office_id, str(path), unmask=True)
        else:
            cases = _xlsxwriter(office_id, path)
        seconds = time.monotonic() - started
    size = path.stat().st_size if path.exists() else 0
    path.unlink(missing_ok=True)
    return {"writer": writer, "cases": cases, "seconds": round(seconds, 1),
            "cases_per_second": round(cases / seconds) if seconds else None,
            "file_mib": round(size / 2**20, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--child", choices=WRITERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = database_url(args.backend, args.cases)
    if args.child:
        print(json.dumps(child(args.child, url)))
        return
    runs = []
    for writer in WRITERS:
        output = subprocess.run([sys.executable, __file__, "--backend", args.backend, "--cases",
                                 str(args.cases), "--child", writer], check=True,
                                capture_output=True, text=True, env=os.environ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
        print(runs[-1], flush=True)
    print(save(f"export-{args.backend}-{args.cases}",
               {"backend": args.backend, "cases": args.cases, "runs": runs, "machine": machine()}))


if __name__ == "__main__":
    main()
