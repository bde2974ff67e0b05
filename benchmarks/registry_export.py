"""Time and peak memory of the full-registry export (write_registry) on a seeded database.

Run after seed_db.py: ``.venv/bin/python benchmarks/registry_export.py --backend sqlite
--cases 100000``. Writes benchmarks/output/registry-<backend>-<cases>.xlsx and prints JSON.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from common import OUTPUT, bench_app, database_url

from wagewatch.extensions import db
from wagewatch.models import Office
from wagewatch.reports.registry import write_registry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--url", help="another database URL than the seeded benchmark one")
    args = parser.parse_args()
    app = bench_app(args.url or database_url(args.backend, args.cases))
    target = OUTPUT / f"registry-{args.backend}-{args.cases}.xlsx"
    target.unlink(missing_ok=True)
    with app.app_context():
        office_id = db.session.scalar(db.select(Office.id).order_by(Office.id))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        marks: list[tuple[int, float, int]] = []
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if done % 20_000 == 0 or done == total:
                marks.append((done, round(time.perf_counter() - started, 1),
                              resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))

        count = write_registry(office_id, str(target), unmask=False, on_progress=progress)
        elapsed = time.perf_counter() - started
    print(json.dumps({
        "backend": args.backend, "cases": count, "seconds": round(elapsed, 1),
        "peak_rss_mb_before": before // 1024,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "file_mb": round(target.stat().st_size / 2**20, 1),
        "progress (done, seconds, peak RSS MB)": marks,
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
