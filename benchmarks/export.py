"""Time the full-registry export and its peak memory, beside plain XlsxWriter in constant-memory
mode and openpyxl write-only writing the same rows.

Usage: .venv/bin/python benchmarks/export.py --backend sqlite --cases 100000
Each writer runs in its own child process, so each peak resident set size is its own:
- ``rows``: the rows only (queries and values, nothing written): the floor under every writer;
- ``wagewatch``: the app's own export, ``write_registry`` (XlsxWriter ``constant_memory``, every
  cell through the safe-cell rules, the drop-down lists and formats of the import template);
- ``xlsxwriter``: the baseline: the same ``registry_rows`` into XlsxWriter with
  ``constant_memory``, strings written with ``write_string`` (never as formulas), dates and money
  with the same formats, nothing else (no cleaning, no column formats, no drop-downs);
- ``openpyxl``: the same rows into an openpyxl write-only workbook with the safe cells the app's
  export used before (text cells with a quote prefix where needed, cleaned text, number formats).
The database must have been seeded by benchmarks/seed_db.py (it is brought up to the models).

``--held CASES --repeat R`` measures the writing alone instead: the rows of the first CASES cases
read once and held in memory (a multiple of 1,000, registry_rows' batch, so that their orders,
recoveries and referrals come too), then the app's writer (``write_registry_rows``, which
``write_registry`` writes with) and the baseline over them in turn, R times in one process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

from common import apply_schema, bench_app, database_url, machine, save

from wagewatch.extensions import db
from wagewatch.models import Office
from wagewatch.reports.registry import registry_rows, write_registry, write_registry_rows
from wagewatch.reports.registry_format import CASE_SHEET, SHEETS, display_header
from wagewatch.reports.registry_layout import NUMBER_FORMATS
from wagewatch.reports.xlsx import DATE_FORMAT, FORMULA_STARTS, YUAN_FORMAT, clean_text

WRITERS = ("rows", "wagewatch", "xlsxwriter", "openpyxl")


def _office_id() -> int:
    return db.session.scalar(db.select(Office.id).order_by(Office.id))


def _rows_only(office_id: int) -> int:
    return sum(1 for sheet, _ in registry_rows(office_id, unmask=True) if sheet == CASE_SHEET)


def _xlsxwriter(rows: Iterable[tuple[str, dict]], path: str | Path) -> int:
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
    for name, values in rows:
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


def _openpyxl(office_id: int, path: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheets = {}
    for name, columns in SHEETS.items():
        sheet = sheets[name] = book.create_sheet(name)
        sheet.append([display_header(column) for column in columns])
    formats = {name: [NUMBER_FORMATS.get(c.kind) for c in columns]
               for name, columns in SHEETS.items()}
    cases = 0
    for name, values in registry_rows(office_id, unmask=True):
        sheet, row = sheets[name], []
        for column, number_format in zip(SHEETS[name], formats[name], strict=True):
            value = values.get(column.key)
            if isinstance(value, str):
                value = clean_text(value)
            # registry_rows gives plain values (str, int, Decimal, date, None), typed as object;
            # openpyxl writes them all, though its stubs type WriteOnlyCell's value narrower.
            cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
            if isinstance(value, str):
                cell.data_type = "s"
                cell.quotePrefix = value.startswith(FORMULA_STARTS)
            if number_format:
                cell.number_format = number_format
            elif isinstance(value, Decimal):
                cell.number_format = YUAN_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            row.append(cell)
        sheet.append(row)
        cases += name == CASE_SHEET
    book.save(str(path))
    return cases


def _held_rows(office_id: int, cases: int) -> list[tuple[str, dict]]:
    """The rows of the office's first ``cases`` cases (their workers and steps included)."""
    rows: list[tuple[str, dict]] = []
    seen = 0
    for name, values in registry_rows(office_id, unmask=True):
        seen += name == CASE_SHEET
        if seen > cases:
            break
        rows.append((name, values))
    return rows


def held(url: str, cases: int, repeat: int) -> dict:
    """The writing alone: the app's writer and the baseline over the same rows held in memory,
    in turn ``repeat`` times in this one process (CPU seconds each): the part of the export
    where the two differ, without the queries both share and with less of a shared machine's
    drift between the two than separate processes minutes apart."""
    app = bench_app(url)
    with app.app_context():
        apply_schema()
        rows = _held_rows(_office_id(), cases)
        folder = Path(tempfile.mkdtemp(prefix="export-bench-"))
        seconds: dict[str, list[float]] = {"wagewatch": [], "xlsxwriter": []}
        for _ in range(repeat):
            for writer, write in (("wagewatch", write_registry_rows), ("xlsxwriter", _xlsxwriter)):
                path = folder / f"{writer}.xlsx"
                started = time.process_time()
                write(rows, str(path))
                seconds[writer].append(round(time.process_time() - started, 3))
                path.unlink()
        folder.rmdir()
    best = {writer: min(times) for writer, times in seconds.items()}
    return {"held_cases": cases, "rows": len(rows), "cpu_seconds": seconds, "best": best,
            "ratio_best": round(best["wagewatch"] / best["xlsxwriter"], 3),
            "ratio_median": round(statistics.median(seconds["wagewatch"])
                                  / statistics.median(seconds["xlsxwriter"]), 3)}


def child(writer: str, url: str) -> dict:
    """Run one writer in this process and report its time, rows, file size and peak memory."""
    app = bench_app(url)
    with app.app_context():
        apply_schema()
        office_id = _office_id()
        path = Path(tempfile.mkdtemp(prefix="export-bench-")) / f"{writer}.xlsx"
        started = time.monotonic()
        before = resource.getrusage(resource.RUSAGE_SELF)
        cpu = -before.ru_utime - before.ru_stime  # the app's start-up is not the writer's
        if writer == "rows":
            cases = _rows_only(office_id)
        elif writer == "wagewatch":
            cases = write_registry(office_id, str(path), unmask=True)
        elif writer == "openpyxl":
            cases = _openpyxl(office_id, path)
        else:
            cases = _xlsxwriter(registry_rows(office_id, unmask=True), path)
        seconds = time.monotonic() - started
    size = path.stat().st_size if path.exists() else 0
    path.unlink(missing_ok=True)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"writer": writer, "cases": cases, "seconds": round(seconds, 1),
            "cpu_seconds": round(cpu + usage.ru_utime + usage.ru_stime, 1),
            "cases_per_second": round(cases / seconds) if seconds else None,
            "file_mib": round(size / 2**20, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--writers", default=",".join(WRITERS),
                        help=f"comma-separated, of {', '.join(WRITERS)}")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the writers in turn this many times (a shared machine is noisy)")
    parser.add_argument("--held", type=int, metavar="CASES",
                        help="instead: the writing alone, the app's writer and the baseline over "
                             "the rows of the first CASES cases held in memory, --repeat times")
    parser.add_argument("--child", choices=WRITERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = database_url(args.backend, args.cases)
    if args.held:
        result = held(url, args.held, args.repeat)
        print(result)
        print(save(f"export-held-{args.backend}-{args.cases}",
                   {"backend": args.backend, "cases": args.cases, **result, "machine": machine()}))
        return
    if args.child:
        print(json.dumps(child(args.child, url)))
        return
    runs = []
    for _ in range(args.repeat):
        for writer in args.writers.split(","):
            output = subprocess.run([sys.executable, __file__, "--backend", args.backend,
                                     "--cases", str(args.cases), "--child", writer], check=True,
                                    capture_output=True, text=True, env=os.environ).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
            print(runs[-1], flush=True)
    # On a shared machine the wall time depends on the neighbours; the process's CPU time much
    # less, so the ratios are taken on CPU seconds (the best of the repeats).
    best = {run["writer"]: min(r["cpu_seconds"] for r in runs if r["writer"] == run["writer"])
            for run in runs}
    ratios = ({writer: round(seconds / best["xlsxwriter"], 2) for writer, seconds in best.items()}
              if best.get("xlsxwriter") else {})
    print("best CPU seconds", best, "ratio to the xlsxwriter baseline", ratios)
    print(save(f"export-{args.backend}-{args.cases}",
               {"backend": args.backend, "cases": args.cases, "runs": runs,
                "best_cpu_seconds": best, "ratio_to_xlsxwriter": ratios, "machine": machine()}))


if __name__ == "__main__":
    main()
