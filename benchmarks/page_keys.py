"""Per page: the statements SQLAlchemy keys afresh on every request, and what the process keeps.

    .venv/bin/python benchmarks/page_keys.py --database bench_load [--requests 100] [--page home]

A statement built once is keyed once (SQLAlchemy keeps its cache key on the statement object);
one built or derived per request is keyed on every request, some 0.05-0.15 ms each for the
lists' statements. For each page of page_cpu.py this prints the statements keyed afresh in one
request (their first words) with the app's line that sent them, then, after ``--requests`` more
requests with the app's start-up frozen out of the cyclic collector (as wsgi.py does), how many
objects the collector still tracks: a number that grows with the requests means a cache keeps
per-request objects (a search's statements kept by CappedPage once left 70,000 for a full
collection to walk, 17 ms at a time; benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import gc
import random
import traceback
from collections import Counter

from common import PG_SERVER, bench_app, machine, save
from home_profile import signed_in
from list_pages import ensure_users
from page_cpu import PAGES, POLICE_PAGES
from sqlalchemy import select
from sqlalchemy.sql import cache_key

from wagewatch.extensions import db
from wagewatch.models import Case, Office

#: The wagewatch frames named beside each statement keyed afresh (innermost first).
FRAMES = 2


def _where_sent() -> str:
    frames = [frame for frame in traceback.extract_stack()
              if "/wagewatch/" in frame.filename and "site-packages" not in frame.filename]
    return " <- ".join(f"{frame.filename.split('/wagewatch/')[-1]}:{frame.lineno}"
                       for frame in frames[-FRAMES:][::-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--page", action="append", choices=sorted(PAGES),
                        help="only these pages; repeatable")
    args = parser.parse_args()
    url = f"{PG_SERVER}/{args.database}"
    app = bench_app(url, WTF_CSRF_ENABLED=False)
    secrets_by_user = ensure_users(url)
    clients = {user: signed_in(app, user, secrets_by_user.get(user))
               for user in ("bench-clerk", "bench-police")}
    with app.app_context():
        office_id = db.session.scalars(select(Office.id).order_by(Office.id)).first()
        ids = list(db.session.scalars(select(Case.id).where(Case.office_id == office_id)))
    cases = random.Random(1).sample(ids, min(60, len(ids)))
    keyed: Counter[str] = Counter()
    watching = False
    generate = cache_key.HasCacheKey._generate_cache_key

    def counted(self):
        if watching:
            keyed[f"{' '.join(str(self).split())[:70]} || {_where_sent()}"] += 1
        return generate(self)

    cache_key.HasCacheKey._generate_cache_key = counted  # type: ignore[method-assign]
    results = {}
    for name, page in PAGES.items():
        if args.page and name not in args.page:
            continue
        client = clients["bench-police" if name in POLICE_PAGES else "bench-clerk"]
        for i in range(5):  # warm: statements built once are built and keyed here
            assert client.get(page(cases, i)).status_code == 200, name
        keyed.clear()
        watching = True
        client.get(page(cases, 5))
        watching = False
        gc.collect()
        gc.freeze()
        before = len(gc.get_objects())
        for i in range(args.requests):
            client.get(page(cases, i))
        gc.collect()
        kept = len(gc.get_objects()) - before
        gc.unfreeze()
        print(f"{name}: {sum(keyed.values())} statements keyed afresh; "
              f"{kept:+,} objects tracked after {args.requests} more requests")
        for statement, count in keyed.most_common():
            print(f"    {count} × {statement}")
        results[name] = {"keyed_afresh": sum(keyed.values()), "objects_kept": kept,
                         "statements": dict(keyed)}
    print(save(f"page-keys-{args.database}", {"database": args.database,
                                               "requests": args.requests, "pages": results,
                                               "machine": machine()}))


if __name__ == "__main__":
    main()
