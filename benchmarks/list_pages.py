"""Time the blacklist page and the police lists over HTTP against the cheapest signed-in page.

    .venv/bin/python benchmarks/list_pages.py --database postgresql://postgres@127.0.0.1:5432/DB
        [--source /path/to/a/checkout] [--runs 3] [--requests 30] [--warmup 3] [--port 8767]

Creates (once) a clerk and a police officer with the benchmark password in the database's only
office, serves ``--source`` (default: this checkout) with gunicorn (2 sync workers, as `make run`),
logs both in through the login form, and requests each page one at a time: the password page
(``/auth/password``, the cheapest signed-in page: no query beyond the session's user), the
clerk's blacklist page, and the police's flagged list and referral list. Prints per run the median
and p95 latency, the ratio of each median to the password page's in the same run, and the HTML size.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import time
from pathlib import Path

from common import BENCH_PASSWORD, bench_app
from load import Client, form_values
from sqlalchemy import select

import pyotp

from wagewatch.extensions import db
from wagewatch.models import Office, Role, SecondFactor, User
from wagewatch.models.base import utcnow
from wagewatch.services.accounts.authentication import hash_password

USERS = {"clerk": ("bench-clerk", Role.CLERK), "police": ("bench-police", Role.POLICE)}
PAGES = [("password page", "clerk", "/auth/password"), ("blacklist page", "clerk", "/blacklist/"),
         ("police flagged list", "police", "/police/"),
         ("police referral list", "police", "/police/referrals")]


def ensure_users(url: str) -> dict[str, str]:
    """The two users (the officer with an enrolled TOTP secret, as police accounts must have);
    returns each user's TOTP secret, if any."""
    secrets_by_user = {}
    with bench_app(url).app_context():
        office = db.session.scalar(select(Office).order_by(Office.id))
        for username, role in USERS.values():
            user = db.session.scalar(select(User).where(User.username == username))
            if user is None:
                user = User(username=username, display_name=username, role=role, office=office,
                            password_hash=hash_password(BENCH_PASSWORD), must_change_password=False)
                db.session.add(user)
                db.session.flush()
            factor = db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))
            if factor is None and role is Role.POLICE:
                factor = SecondFactor(user_id=user.id, secret=pyotp.random_base32(32),
                                      enrolled_at=utcnow())
                db.session.add(factor)
            if factor is not None:
                secrets_by_user[username] = factor.secret
        db.session.commit()
    return secrets_by_user


def serve(source: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=secrets.token_urlsafe(48),
               WAGEWATCH_ENV="production", SESSION_COOKIE_SECURE="0")
    server = subprocess.Popen(
        [str(source / ".venv" / "bin" / "gunicorn"), "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "wsgi:app"],
        cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Client(port).request("GET", "/auth/login")[0] == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def log_in(port: int, username: str, secret: str | None) -> dict[str, str]:
    client = Client(port)
    _, _, html = client.request("GET", "/auth/login")
    status, step, _ = client.request("POST", "/auth/login", {
        "username": username, "password": BENCH_PASSWORD, "csrf_token": form_values(html)["csrf_token"]})
    if status == 302 and "/auth/second-factor" in step and secret:
        path = step.split("127.0.0.1", 1)[-1].split(str(port), 1)[-1] or "/auth/second-factor"
        for attempt in range(2):
            _, _, html = client.request("GET", path)
            status, step, _ = client.request("POST", path, {
                "code": pyotp.TOTP(secret).now(), "csrf_token": form_values(html)["csrf_token"]})
            if status == 302 or attempt:
                break
            # A code is taken once (replays are refused): a run that signed in within the same
            # 30 s used it already. Wait for the next one.
            time.sleep(30.5 - time.time() % 30)
    if status != 302 or "/auth/" in step:
        raise RuntimeError(f"login of {username} failed: {status} → {step}")
    return client.cookies


def signed_in(port: int, cookies: dict[str, str]) -> Client:
    """A client carrying the cookies of a session that log_in opened."""
    client = Client(port)
    client.cookies.update(cookies)
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[],
                        help="a page path to leave out (the floor page is always measured)")
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()
    totp = ensure_users(args.database)
    server = serve(args.source.resolve(), args.database, args.port)
    try:
        cookies = {role: log_in(args.port, name, totp.get(name)) for role, (name, _) in USERS.items()}
        for run in range(1, args.runs + 1):
            floor = None
            for label, role, path in PAGES:
                if path in args.skip:
                    continue
                client = signed_in(args.port, cookies[role])
                for _ in range(args.warmup):
                    client.request("GET", path)
                samples, size = [], 0
                for _ in range(args.requests):
                    start = time.perf_counter()
                    status, _, html = client.request("GET", path)
                    samples.append((time.perf_counter() - start) * 1000)
                    if status != 200:
                        raise RuntimeError(f"{path} answered {status}: {html[:300]}")
                    size = len(html.encode("utf-8"))
                samples.sort()
                median = statistics.median(samples)
                p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
                floor = floor or median
                print(f"run {run} {label:22} median {median:7.1f} ms  p95 {p95:7.1f} ms  "
                      f"{median / floor:5.1f}×  {size / 1024:8.1f} KiB", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
