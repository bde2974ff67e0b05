"""Time and profile each role's home page in one process (Flask test client, warm), against the
cheapest signed-in page (the password page) in the same run.

    .venv/bin/python benchmarks/home_profile.py --database bench_load [--requests 40]
        [--profile clerk] [--statements]

Signs in a clerk, a leader and a police officer of the first office (created once, as
list_pages.py does), warms each page, then takes the median of ``--requests`` requests of the
floor and each home, in turn. ``--profile ROLE`` prints the cProfile of that home's requests
(cumulative and own time); ``--statements`` prints the SQL statements each home sends.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from typing import Any

import pyotp
from common import BENCH_PASSWORD, OUTPUT, PG_SERVER, bench_app, machine, save
from list_pages import ensure_users
from sqlalchemy import event, select

from wagewatch.extensions import db
from wagewatch.models import Office, Role, SecondFactor, User, utcnow
from wagewatch.services.accounts.authentication import hash_password

FLOOR = "/auth/password"
HOMES = {"clerk": "bench-clerk", "leader": "bench-leader", "police": "bench-police"}


def ensure_leader(app) -> str:
    """The leader (with an enrolled TOTP secret, as leaders' accounts must have); its secret."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == HOMES["leader"]))
        if user is None:
            office = db.session.scalar(select(Office).order_by(Office.id))
            user = User(username=HOMES["leader"], display_name=HOMES["leader"], role=Role.LEADER,
                        office=office, must_change_password=False,
                        password_hash=hash_password(BENCH_PASSWORD))
            db.session.add(user)
            db.session.flush()
        factor = db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))
        if factor is None:
            factor = SecondFactor(user_id=user.id, secret=pyotp.random_base32(32),
                                  enrolled_at=utcnow())
            db.session.add(factor)
        db.session.commit()
        return factor.secret


def signed_in(app, username: str, secret: str | None):
    client = app.test_client()
    response = client.post("/auth/login", data={"username": username, "password": BENCH_PASSWORD})
    if response.headers.get("Location", "").startswith("/auth/second-factor"):
        assert secret is not None
        step = response.headers["Location"]
        response = client.post(step, data={"code": pyotp.TOTP(secret).now()})
        if response.status_code != 302:  # a code is refused when replayed within its step
            time.sleep(31 - time.time() % 30)
            response = client.post(step, data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def get(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code, response.headers.get("Location"))
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--profile", choices=sorted(HOMES))
    parser.add_argument("--statements", action="store_true")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    url = f"{PG_SERVER}/{args.database}"
    app = bench_app(url, WTF_CSRF_ENABLED=False)
    totp = ensure_users(url)
    totp[HOMES["leader"]] = ensure_leader(app)
    clients = {role: signed_in(app, name, totp.get(name)) for role, name in HOMES.items()}
    pages = [("floor", clients["clerk"], FLOOR)] + [(role, c, "/") for role, c in clients.items()]
    for _, client, path in pages:
        for _ in range(args.warmup):
            get(client, path)
    statements: dict[str, int] = {}
    if args.statements:
        with app.app_context():
            engine = db.engine
        for label, client, path in pages:
            sent: list[str] = []

            def record(conn, cursor, statement, *rest: Any, _sent=sent) -> None:
                _sent.append(statement)

            event.listen(engine, "before_cursor_execute", record)
            get(client, path)
            event.remove(engine, "before_cursor_execute", record)
            statements[label] = len(sent)
        print("statements:", statements)
    samples: dict[str, list[float]] = {label: [] for label, _, _ in pages}
    for _ in range(args.requests):
        for label, client, path in pages:
            samples[label].append(get(client, path))
    floor = statistics.median(samples["floor"])
    rows = {label: {"median_ms": round(statistics.median(s), 1),
                    "p95_ms": round(sorted(s)[int(len(s) * 0.95) - 1], 1),
                    "ratio": round(statistics.median(s) / floor, 1)} for label, s in samples.items()}
    for label, row in rows.items():
        print(f"{label:8} median {row['median_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  "
              f"{row['ratio']:5.1f}x floor", flush=True)
    if args.profile:
        client = clients[args.profile]
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            client.get("/")
        profile.disable()
        profile.dump_stats(OUTPUT / f"home-profile-{args.profile}{args.label}.prof")
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
    print(save(f"home-profile-{args.database}{args.label}",
               {"database": args.database, "requests": args.requests, "pages": rows,
                "statements": statements, "machine": machine()}))


if __name__ == "__main__":
    main()
