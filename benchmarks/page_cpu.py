"""The app's own CPU time per page, in one process (Flask test client, warm), beside wall time.

    .venv/bin/python benchmarks/page_cpu.py --database bench_load [--requests 30]
        [--page "search fragment"] [--profile PAGE] [--rollback]

Under load the server's Python is most of what the two cores do (benchmarks/README.md), so
the CPU a page costs the app process is what decides how many pages a second the machine
answers. Signs in the benchmark clerk of the first office (list_pages.py creates it), warms each
page, then takes the median CPU time (``time.process_time``: this process only, the database
server's work is not in it) and wall time of ``--requests`` requests of each page in turn, and
the database server's CPU per request over them (every PostgreSQL process on this machine, from
/proc: run it with nothing else using the database). ``--rollback`` ends every request with a
rollback as before wagewatch/read_transactions.py, to see what reusing prepared plans saves. The
police lists are read by the benchmark police officer; the case page cycles over 60 cases spread
over the office. ``--profile PAGE`` prints the cProfile of that page's requests (own time). Each
page's Python function calls per request (counted over CALL_REQUESTS more) are printed beside: a
measure that does not move with the machine's load.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import time
from collections.abc import Callable

from common import PG_SERVER, bench_app, database_cpu, machine, save
from home_profile import signed_in
from list_pages import ensure_users
from sqlalchemy import select

from wagewatch import read_transactions
from wagewatch.extensions import db
from wagewatch.models import Case, Office

PAGES: dict[str, Callable[[list[int], int], str]] = {
    "password page (floor)": lambda cases, i: "/auth/password",
    "home": lambda cases, i: "/",
    "case page": lambda cases, i: f"/cases/{cases[i % len(cases)]}",
    "case list": lambda cases, i: "/cases/",
    "contractor list": lambda cases, i: "/contractors/",
    "search worker name": lambda cases, i: "/cases/?q=王龙荣",
    "search fragment": lambda cases, i: "/cases/?q=经济",
    "contractor search fragment": lambda cases, i: "/contractors/?q=经济",
    "blacklist page": lambda cases, i: "/blacklist/",
    "police flagged list": lambda cases, i: "/police/",
    "police referral list": lambda cases, i: "/police/referrals",
}
#: Pages seen by the benchmark police officer (the others by the benchmark clerk).
POLICE_PAGES = frozenset({"police flagged list", "police referral list"})


#: Requests per page whose Python function calls are counted (cProfile): unlike CPU time on a
#: shared machine, the count does not vary from run to run, so a change shows in it exactly.
CALL_REQUESTS = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--page", action="append", choices=sorted(PAGES),
                        help="only these pages (and the floor); repeatable")
    parser.add_argument("--profile", choices=sorted(PAGES))
    parser.add_argument("--label", default="")
    parser.add_argument("--rollback", action="store_true",
                        help="end every request with a rollback, as before read_transactions.py "
                             "(its prepared statements then never outlive the request)")
    args = parser.parse_args()
    if args.rollback:
        read_transactions.only_read = lambda: False
    url = f"{PG_SERVER}/{args.database}"
    app = bench_app(url, WTF_CSRF_ENABLED=False)
    secrets_by_user = ensure_users(url)
    clerk = signed_in(app, "bench-clerk", secrets_by_user.get("bench-clerk"))
    police = signed_in(app, "bench-police", secrets_by_user.get("bench-police"))
    with app.app_context():
        office_id = db.session.scalars(select(Office.id).order_by(Office.id)).first()
        ids = list(db.session.scalars(select(Case.id).where(Case.office_id == office_id)))
    cases = random.Random(1).sample(ids, min(60, len(ids)))
    chosen = {name: page for name, page in PAGES.items()
              if not args.page or name in args.page or name == "password page (floor)"}
    def client_for(name: str):
        return police if name in POLICE_PAGES else clerk

    for name, page in chosen.items():
        client = client_for(name)
        for i in range(args.warmup):
            status = client.get(page(cases, i)).status_code
            assert status == 200, (name, status)
    rows = {}
    for name, page in chosen.items():
        client = client_for(name)
        cpu, wall = [], []
        database_before = database_cpu()
        for i in range(args.requests):
            started, clock = time.process_time(), time.perf_counter()
            client.get(page(cases, i))
            cpu.append((time.process_time() - started) * 1000)
            wall.append((time.perf_counter() - clock) * 1000)
        database_ms = (database_cpu() - database_before) * 1000 / args.requests
        counting = cProfile.Profile()
        counting.enable()
        for i in range(CALL_REQUESTS):
            client.get(page(cases, i))
        counting.disable()
        rows[name] = {"cpu_ms": round(statistics.median(cpu), 1),
                      "wall_ms": round(statistics.median(wall), 1),
                      "database_cpu_ms": round(database_ms, 1),
                      "python_calls": round(pstats.Stats(counting).total_calls  # type: ignore[attr-defined]
                                             / CALL_REQUESTS)}
        print(f"{name:22} CPU {rows[name]['cpu_ms']:6.1f} ms   wall {rows[name]['wall_ms']:6.1f} ms"
              f"   database CPU {rows[name]['database_cpu_ms']:5.1f} ms"
              f"   {rows[name]['python_calls']:7,} Python calls", flush=True)
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for i in range(args.requests):
            client_for(args.profile).get(PAGES[args.profile](cases, i))
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(40)
        stats.sort_stats("cumulative").print_stats("wagewatch", 40)
    print(save(f"page-cpu-{args.database}{args.label}",
               {"database": args.database, "requests": args.requests, "pages": rows,
                "machine": machine()}))


if __name__ == "__main__":
    main()
