"""Serve a benchmark database with gunicorn and measure three case pages under a bounded load.

    .venv/bin/python benchmarks/load.py --backend sqlite --cases 100000
    .venv/bin/python benchmarks/load.py --backend postgresql --cases 100000 --requests 400

Starts gunicorn (2 sync workers) on 127.0.0.1, logs in as the benchmark clerk (created by
seed_db.py), then for the case list, a filtered search and case details sends a fixed number of
requests from a few client threads (standard library only; loopback only; each scenario also
stops at --max-seconds) and reports latency percentiles and throughput.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import subprocess
import threading
import time
from http.cookies import SimpleCookie
from statistics import mean, quantiles
from urllib.parse import urlencode

from common import (
    BACKENDS, BENCH_PASSWORD, BENCH_USER, OUTPUT, ROOT, apply_schema, bench_app, database_url,
    machine, save,
)
from sqlalchemy import func, select

from wagewatch.extensions import db
from wagewatch.models import Case, CaseStatus, CaseWorker, Worker

HOST = "127.0.0.1"


class Client:
    """A cookie-keeping HTTP client for one thread (gunicorn's sync workers close each
    connection, so every request opens a new one, as http.client does by itself)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, body: dict[str, str] | None = None
                ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        payload = None
        if body is not None:
            payload = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.getheaders()), text
        finally:
            connection.close()


def csrf_token(html: str) -> str:
    for tag in re.findall(r"<input[^>]*>", html):
        if 'name="csrf_token"' in tag:
            match = re.search(r'value="([^"]*)"', tag)
            if match:
                return match.group(1)
    raise RuntimeError("no csrf_token on the login page")


def log_in(port: int) -> dict[str, str]:
    """Log in through the form, as a browser would; returns the session cookies."""
    client = Client(port)
    status, _, html = client.request("GET", "/auth/login")
    if status != 200:
        raise RuntimeError(f"login page answered {status}")
    status, headers, _ = client.request("POST", "/auth/login", {
        "username": BENCH_USER, "password": BENCH_PASSWORD, "csrf_token": csrf_token(html)})
    if status != 302 or "/auth/" in headers.get("Location", ""):
        raise RuntimeError(f"login failed: {status} → {headers.get('Location')}")
    return client.cookies


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=secrets.token_urlsafe(48),
               WAGEWATCH_ENV="production", SESSION_COOKIE_SECURE="0")
    log = open(OUTPUT / "gunicorn.log", "ab")  # noqa: SIM115 (kept open for the server's life)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", str(workers), "--bind",
         f"{HOST}:{port}", "--timeout", "120", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Client(port).request("GET", "/auth/login")[0] == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s; see benchmarks/output/gunicorn.log")


def targets() -> dict[str, object]:
    """What the scenarios ask for: a township with investigating cases, a worker name found
    there, and a spread of case ids for the detail page (read once, in an app context)."""
    township_id, _ = db.session.execute(
        select(Case.township_id, func.count()).where(Case.status == CaseStatus.INVESTIGATING)
        .group_by(Case.township_id).order_by(func.count().desc())).first()
    name, _ = db.session.execute(
        select(Worker.name, func.count()).join(CaseWorker, CaseWorker.worker_id == Worker.id)
        .join(Case, Case.id == CaseWorker.case_id)
        .where(Case.status == CaseStatus.INVESTIGATING, Case.township_id == township_id)
        .group_by(Worker.name).order_by(func.count().desc(), Worker.name)).first()
    last = db.session.scalar(select(func.max(Case.id)))
    step = max(last // 50, 1)
    return {"township_id": township_id, "name": name, "case_ids": list(range(1, last + 1, step))}


def run(port: int, cookies: dict[str, str], paths: list[str], count: int, threads: int,
        max_seconds: float) -> dict[str, object]:
    """Send ``count`` GETs (cycling through ``paths``) from ``threads`` threads; stop early at
    ``max_seconds``. Latencies in milliseconds, throughput in requests per second."""
    lock, latencies, errors = threading.Lock(), [], []
    issued = [0]
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        client = Client(port, cookies)
        while True:
            with lock:
                if issued[0] >= count or time.monotonic() > deadline:
                    return
                path = paths[issued[0] % len(paths)]
                issued[0] += 1
            started = time.perf_counter()
            status, _, _ = client.request("GET", path)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                (latencies if status == 200 else errors).append(elapsed if status == 200 else status)

    began = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - began
    cuts = quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0.0] * 99
    return {"requests": len(latencies), "errors": len(errors), "error_statuses": errors[:10],
            "seconds": round(wall, 1), "per_second": round(len(latencies) / wall, 1),
            "mean_ms": round(mean(latencies), 1) if latencies else None,
            "p50_ms": round(cuts[49], 1), "p90_ms": round(cuts[89], 1),
            "p95_ms": round(cuts[94], 1), "p99_ms": round(cuts[98], 1),
            "max_ms": round(max(latencies), 1) if latencies else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=BACKENDS, required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="per scenario")
    parser.add_argument("--threads", type=int, default=4, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--max-seconds", type=float, default=180, help="per scenario")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    url = database_url(args.backend, args.cases)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with bench_app(url).app_context():
        schema = apply_schema()
        wanted = targets()
    print(f"schema: {schema}", flush=True)
    search = "/cases/?" + urlencode({"status": "investigating", "township": wanted["township_id"],
                                     "q": wanted["name"]})
    scenarios = {
        "case list /cases/": ["/cases/"],
        f"search {search}": [search],
        "case detail /cases/<id> (50 ids)": [f"/cases/{i}" for i in wanted["case_ids"]],  # type: ignore[attr-defined]
    }
    server = start_gunicorn(url, args.port, args.workers)
    results: dict[str, object] = {}
    try:
        cookies = log_in(args.port)
        status, _, html = Client(args.port, cookies).request("GET", search)
        found = len(set(re.findall(r'href="/cases/(\d+)"', html)))
        print(f"search finds {found} case(s) on its first page (status {status})", flush=True)
        for name, paths in scenarios.items():
            run(args.port, cookies, paths, min(10, args.requests), 2, 60)   # warm-up
            results[name] = run(args.port, cookies, paths, args.requests, args.threads,
                                args.max_seconds)
            print(f"{args.backend} {args.cases}: {name}: {results[name]}", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    save(f"load-{args.backend}-{args.cases}", {
        "backend": args.backend, "cases": args.cases, "threads": args.threads, "search_hits": found,
        "schema": schema,
        "gunicorn_workers": args.workers, "scenarios": results, "machine": machine()})
    print("| page | requests | errors | req/s | p50 ms | p90 ms | p95 ms | p99 ms | max ms |")
    for name, r in results.items():
        print(f"| {name} | {r['requests']} | {r['errors']} | {r['per_second']} | {r['p50_ms']} | "  # type: ignore[index]
              f"{r['p90_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['max_ms']} |")  # type: ignore[index]


if __name__ == "__main__":
    main()
