"""Serve a benchmark database with gunicorn and drive it with signed-in clerks doing mixed work.

    createdb -h 127.0.0.1 -U postgres -T wagewatch_bench bench_load   # the load writes: use a copy
    WAGEWATCH_BENCH_DATABASE=bench_load .venv/bin/python benchmarks/load.py --backend postgresql \
        --cases 100000 --sessions 50 --seconds 120 --worker-class gthread --workers 2 --threads 8

Starts gunicorn as `make run` does (the flags are options) on 127.0.0.1 and signs in --sessions
people, each with an account of their own created here (load-clerk-NNN; --police of them are
police officers, load-police-NNN, who also give a TOTP code). Each then clicks through a weighted
mix (MIX) for --seconds after a warm-up, without pause (saturated) unless --think gives one: home
dashboard, case list, case detail, contractor list, searches by worker name, employer fragment and
case number, registering a complaint and recording a payment; officers open their two lists.
Payments go to a few "hot" cases at once (1 yuan to one worker each time).

--think A-B (seconds): after each click a person pauses a random time between A and B, uniformly,
as a clerk reads the page before the next click (e.g. --think 2-5); --think S alone pauses a
random time of mean S (exponential). The pause is not counted in any latency. Without --think
every person clicks again as soon as the answer arrives: the server is saturated, and the p95
then measures the queue in front of it rather than one page's time.

Reports requests per second and p50/p95/p99/max latency per kind and overall, with errors (any
status but the expected one, a form sent back with errors, or no answer), and how many client
connections each gunicorn process held when the measuring began, and the CPU per answered
request of the app's processes, PostgreSQL's and the clients' own (cpu_seconds); then checks the
database: case numbers unique and gap-free per office and year, the counter at the last number,
and every confirmed payment saved once (no lost update). Standard library HTTP, loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import subprocess
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from statistics import quantiles
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import load_db
from common import (BACKENDS, OUTPUT, PG_DATABASE, ROOT, apply_schema, bench_app, database_cpu, database_url,
                    machine, process_cpu, save)

from wagewatch.demo.identifiers import id_number

HOST = "127.0.0.1"
#: A clerk's clicks, by weight (the police officers' own mix is POLICE_MIX).
MIX = {"home": 10, "case list": 14, "case detail": 24, "contractor list": 7,
       "search worker name": 10, "search employer fragment": 8, "search case number": 7,
       "register case": 4, "record payment": 6}
POLICE_MIX = {"home": 2, "police candidates": 4, "police referrals": 4}
GIVE_UP_SECONDS = 120
NO_ANSWER = "no answer"
RETRIED = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Client:
    """One person's browser: cookies and a kept-alive connection (reopened when the server
    closes it, as gunicorn's sync workers do after every response)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=GIVE_UP_SECONDS)

    def request(self, method: str, path: str, body: dict[str, str] | None = None
                ) -> tuple[int, str, str]:
        """Status, Location header and body text of one request."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        payload = None
        if body is not None:
            payload = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except RETRIED:   # a kept-alive connection the server had closed meanwhile
                self.connection.close()
                if attempt == 2:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.getheader("Location", ""), text


def form_values(html: str) -> dict[str, str]:
    """The named inputs of a page with their values (CSRF and submission tokens among them)."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
        if name:
            values[name.group(1)] = value.group(1) if value else ""
    return values


class Outcome(Exception):
    """A request that did not do what the clerk wanted (kind of failure in the message)."""


class Session:
    """One signed-in person and their clicks; records (kind, start, milliseconds, error)."""

    def __init__(self, account: load_db.Account, port: int, wanted: load_db.Targets,
                 rng: random.Random, record) -> None:
        self.account, self.wanted, self.rng, self.record = account, wanted, rng, record
        self.client = Client(port)
        self.registered = self.unknown_registrations = self.unknown_payments = 0
        self.paid: dict[int, int] = defaultdict(int)

    def timed(self, kind: str, method: str, path: str, body=None, expect=(200,),
              refused=None) -> tuple[int, str, str]:
        """One request, recorded; ``refused(status, location, text)`` names a failure that the
        status alone does not show (a form sent back with its errors)."""
        started = time.monotonic()
        try:
            status, location, text = self.client.request(method, path, body)
        except OSError as failure:
            self.record(kind, started, (time.monotonic() - started) * 1000, NO_ANSWER)
            raise Outcome(NO_ANSWER) from failure
        error = None if status in expect else f"HTTP {status}"
        if status == 302 and "/auth/" in location:
            error = "signed out"
        if error is None and refused is not None:
            error = refused(status, location, text)
        self.record(kind, started, (time.monotonic() - started) * 1000, error)
        if error:
            raise Outcome(error)
        return status, location, text

    def sign_in(self) -> None:
        _, _, html = self.client.request("GET", "/auth/login")
        status, location, _ = self.client.request("POST", "/auth/login", {
            "username": self.account.username, "password": self.account.password,
            "csrf_token": form_values(html)["csrf_token"]})
        if self.account.police and status == 302 and "/auth/second-factor" in location:
            _, _, html = self.client.request("GET", "/auth/second-factor")
            status, location, _ = self.client.request("POST", "/auth/second-factor", {
                "code": self.account.code(), "csrf_token": form_values(html)["csrf_token"]})
        if status != 302 or "/auth/" in location:
            raise RuntimeError(f"{self.account.username}: sign-in failed ({status} → {location})")

    def click(self) -> None:
        mix = POLICE_MIX if self.account.police else MIX
        kind = self.rng.choices(list(mix), weights=list(mix.values()))[0]
        pick, w = self.rng.choice, self.wanted
        try:
            if kind == "home":
                self.timed(kind, "GET", "/")
            elif kind == "case list":
                self.timed(kind, "GET", "/cases/?" + urlencode(
                    pick([{}, {"mine": "y"}, {"status": "investigating"}, {"page": "3"}])))
            elif kind == "case detail":
                self.timed(kind, "GET", f"/cases/{pick(w.case_ids)}")
            elif kind == "contractor list":
                self.timed(kind, "GET", "/contractors/")
            elif kind == "search worker name":
                self.timed(kind, "GET", "/cases/?" + urlencode({"q": pick(w.worker_names)}))
            elif kind == "search employer fragment":
                self.timed(kind, "GET", "/cases/?" + urlencode({"q": pick(w.employer_fragments)}))
            elif kind == "search case number":
                _, location, _ = self.timed(kind, "GET", "/cases/?" + urlencode(
                    {"q": pick(w.case_numbers)}), expect=(302,))
                self.timed("case detail", "GET", location.removeprefix(f"http://{HOST}:{self.client.port}"))
            elif kind == "register case":
                self.register()
            elif kind == "record payment":
                self.pay()
            elif kind == "police candidates":
                self.timed(kind, "GET", "/police/")
            elif kind == "police referrals":
                self.timed(kind, "GET", "/police/referrals")
        except Outcome:
            pass

    def register(self) -> None:
        _, _, html = self.timed("register case", "GET", "/cases/new")
        employer_id, employer = self.rng.choice(self.wanted.employers)
        form = form_values(html)
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
        body = {"csrf_token": form["csrf_token"], "submission_token": form["submission_token"],
                "received_on": today, "channel": "window",
                "township_id": str(self.rng.choice(self.wanted.township_ids)),
                "employer": employer, "project": "", "sector": "non_construction",
                "summary": "负载测试：拖欠工资投诉", "workers-0-name": "负载测试工人",
                "workers-0-id_number": id_number(9_000_000 + self.rng.randrange(1_000_000), True),
                "workers-0-months_owed": "2", "workers-0-claimed_yuan": "8000"}
        screening = str(employer_id)

        def refused(status: int, location: str, page: str) -> str | None:
            if status == 302:
                return None if re.search(r"/cases/\d+$", location) else f"redirected to {location}"
            # sent back once with the employer's earlier cases and flags, to be confirmed
            if form_values(page).get("screened_employer") == screening:
                return None
            return "form refused: " + ";".join(re.findall(
                r'class="invalid-feedback[^"]*"[^>]*>\s*([^<]{1,80})', page)[:2])

        try:
            status, _, _ = self.timed("register case", "POST", "/cases/new", body, (200, 302), refused)
            if status == 200:
                body["screened_employer"], screening = screening, ""
                self.timed("register case", "POST", "/cases/new", body, (302,), refused)
        except Outcome as outcome:
            if str(outcome) == NO_ANSWER:
                self.unknown_registrations += 1
            raise
        self.registered += 1

    def pay(self) -> None:
        case_id, case_worker_id = self.rng.choice(self.wanted.hot)
        path = f"/cases/{case_id}/recoveries/new"
        _, _, html = self.timed("record payment", "GET", path)
        form = form_values(html)
        body = {"csrf_token": form["csrf_token"], "submission_token": form["submission_token"],
                "paid_on": datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat(),
                "amount_yuan": str(load_db.PAYMENT_YUAN), "payer": "employer",
                "payer_contractor_id": "0", "note": "",
                "allocations-0-case_worker_id": str(case_worker_id),
                "allocations-0-amount_yuan": str(load_db.PAYMENT_YUAN)}
        try:
            self.timed("record payment", "POST", path, body, (302,),
                       lambda status, location, _: None if location.endswith(f"/cases/{case_id}")
                       else f"redirected to {location}")
        except Outcome as outcome:
            if str(outcome) == NO_ANSWER:
                self.unknown_payments += 1
            raise
        self.paid[case_worker_id] += 1


def gunicorn_command(args: argparse.Namespace) -> list[str]:
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", str(args.workers),
               "--worker-class", args.worker_class, "--bind", f"{HOST}:{args.port}",
               "--timeout", "60", "--reuse-port"]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    return [*command, "wsgi:app"]


def start_gunicorn(url: str, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=secrets.token_urlsafe(48),
               WAGEWATCH_ENV="production", SESSION_COOKIE_SECURE="0",
               DATABASE_POOL_SIZE=str(args.threads))
    log = open(OUTPUT / "gunicorn.log", "ab")  # noqa: SIM115 (kept open for the server's life)
    server = subprocess.Popen(gunicorn_command(args), cwd=args.source, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Client(args.port).request("GET", "/auth/login")[0] == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s; see benchmarks/output/gunicorn.log")


def summary(rows: list[tuple[str, float, float, str | None]], seconds: float) -> dict[str, dict]:
    """Per kind and overall: requests, errors (by reason), req/s and latency percentiles (ms)."""
    kinds: dict[str, list] = defaultdict(list)
    for row in rows:
        kinds[row[0]].append(row)
        kinds["all"].append(row)
    result = {}
    for kind, found in sorted(kinds.items(), key=lambda item: (item[0] == "all", item[0])):
        times = sorted(ms for _, _, ms, error in found if error is None) or [0.0]
        errors: dict[str, int] = defaultdict(int)
        for *_, error in found:
            if error:
                errors[error] += 1
        cuts = quantiles(times, n=100, method="inclusive") if len(times) > 1 else [times[0]] * 99
        result[kind] = {"requests": len(found), "errors": sum(errors.values()),
                        "error_reasons": dict(errors), "per_second": round(len(found) / seconds, 1),
                        "p50_ms": round(cuts[49]), "p95_ms": round(cuts[94]),
                        "p99_ms": round(cuts[98]), "max_ms": round(times[-1])}
    return result


def think_time(text: str) -> tuple[float, float] | float:
    """--think's value: "A-B" (uniform between A and B seconds) or "S" (exponential, mean S)."""
    low, dash, high = text.partition("-")
    try:
        pause = (float(low), float(high)) if dash else float(low)
    except ValueError:
        raise argparse.ArgumentTypeError("give seconds as S or A-B, e.g. 2-5") from None
    if (dash and not 0 <= pause[0] <= pause[1]) or (not dash and pause < 0):  # type: ignore[index,operator]
        raise argparse.ArgumentTypeError("give 0 <= A <= B")
    return pause


def think_label(think: tuple[float, float] | float) -> str:
    return f"{think[0]:g}-{think[1]:g}" if isinstance(think, tuple) else f"{think:g}"


def pause_seconds(think: tuple[float, float] | float, rng: random.Random) -> float:
    if isinstance(think, tuple):
        return rng.uniform(*think)
    return rng.expovariate(1 / think) if think else 0.0


def connections_per_worker(server: subprocess.Popen[bytes], port: int) -> list[int]:
    """How many client connections each gunicorn worker process holds (Linux /proc; [] elsewhere).

    A kept-alive connection stays with the process that accepted it, and each process gets about
    the same CPU: the clients of a process holding more connections wait longer, so the split
    sets how far the p95 is above the median."""
    try:
        with open(f"/proc/{server.pid}/task/{server.pid}/children") as children:
            workers = [int(pid) for pid in children.read().split()]
        inodes: set[str] = set()
        with open("/proc/net/tcp") as table:
            for line in list(table)[1:]:
                fields = line.split()  # local address, remote, state (01: established), ..., inode
                if fields[1].endswith(f":{port:04X}") and fields[3] == "01":
                    inodes.add(fields[9])
        counts = []
        for pid in sorted(workers):
            links = (os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))
            counts.append(sum(1 for link in links if link[8:-1] in inodes))
        return counts
    except OSError:
        return []


def cpu_seconds(server: subprocess.Popen[bytes]) -> dict[str, float]:
    """CPU seconds used so far by the gunicorn workers, by every PostgreSQL process on this
    machine (the database is on loopback) and by this process, whose threads are the clients
    (Linux /proc; {} elsewhere). Read at the start and the end of the measured time, their
    differences say where the two cores went: the app, the database, or the measuring."""
    try:
        with open(f"/proc/{server.pid}/task/{server.pid}/children") as children:
            workers = children.read().split()
        return {"app": sum(process_cpu(pid)[1] for pid in workers), "database": database_cpu(),
                "clients": time.process_time()}
    except OSError:
        return {}


def cpu_split(before: dict[str, float], after: dict[str, float], answered: int,
              seconds: float) -> dict[str, dict[str, float]]:
    """Per part: CPU ms per answered request and the share of the machine's cores it took."""
    cores = os.cpu_count() or 1
    return {part: {"ms_per_request": round((after[part] - before[part]) * 1000 / max(answered, 1), 1),
                   "share_of_cores": round((after[part] - before[part]) / (seconds * cores), 2)}
            for part in before if part in after}


def drive(sessions: list[Session], warmup: float, seconds: float,
          think: tuple[float, float] | float) -> tuple[list, float]:
    """Every session clicks until the end; only requests started after the warm-up count."""
    rows: list[tuple[str, float, float, str | None]] = []
    start = time.monotonic()
    measure_from, stop = start + warmup, start + warmup + seconds

    def loop(session: Session) -> None:
        while time.monotonic() < stop:
            session.click()
            pause = pause_seconds(think, session.rng)
            if pause:
                time.sleep(min(pause, max(0.0, stop - time.monotonic())))

    for session in sessions:
        session.record = lambda kind, began, ms, error: rows.append((kind, began, ms, error)) \
            if began >= measure_from else None
    threads = [threading.Thread(target=loop, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return rows, time.monotonic() - measure_from


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=BACKENDS, required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=50, help="people signed in at once")
    parser.add_argument("--police", type=int, default=5, help="of them police officers")
    parser.add_argument("--seconds", type=float, default=120, help="measured time")
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--think", type=think_time, default=0.0, metavar="A-B|S",
                        help="pause between clicks: uniform A-B seconds, or exponential of mean S "
                             "(default 0: no pause, saturated)")
    parser.add_argument("--hot-cases", type=int, default=5, help="cases paid concurrently")
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="gthread")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--no-spread", action="store_true",
                        help="leave the cases with their handlers (default: shared among the load clerks)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--label", default="", help="added to the result's file name")
    parser.add_argument("--source", type=Path, default=ROOT,
                        help="the checkout gunicorn serves (default: this one), e.g. a worktree "
                             "of an earlier commit to compare with; the schema stays this one's")
    args = parser.parse_args()
    if args.backend == "postgresql" and PG_DATABASE == "wagewatch_bench":
        parser.error("the load writes cases and payments: run it on a copy "
                     "(createdb -T wagewatch_bench NAME; WAGEWATCH_BENCH_DATABASE=NAME)")
    url = database_url(args.backend, args.cases)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    app = bench_app(url)
    with app.app_context():
        schema = apply_schema()
        accounts = load_db.ensure_accounts(args.sessions - args.police, args.police, not args.no_spread)
        wanted = load_db.targets(400, args.hot_cases)
        before = load_db.baseline(wanted)
    print(f"schema: {schema}; {len(accounts)} accounts; hot cases {wanted.hot}", flush=True)
    server = start_gunicorn(url, args)
    try:
        rng = random.Random(args.seed)
        sessions = [Session(a, args.port, wanted, random.Random(rng.random()), None) for a in accounts]
        started = time.monotonic()
        with ThreadPoolExecutor(4) as pool:     # a few at a time: each login runs scrypt
            list(pool.map(Session.sign_in, sessions))
        print(f"{len(sessions)} signed in in {time.monotonic() - started:.0f} s; "
              f"{args.warmup:.0f} s warm-up, then {args.seconds:.0f} s measured", flush=True)
        load_before = os.getloadavg()
        split: list[int] = []
        cpu_before: dict[str, float] = {}

        def measuring_begins() -> None:
            split.extend(connections_per_worker(server, args.port))
            cpu_before.update(cpu_seconds(server))

        counter = threading.Timer(args.warmup, measuring_begins)
        counter.start()
        rows, seconds = drive(sessions, args.warmup, args.seconds, args.think)
        cpu_after = cpu_seconds(server)
        counter.join()
        load_after = os.getloadavg()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    results = summary(rows, seconds)
    cpu = cpu_split(cpu_before, cpu_after, results["all"]["requests"] if results else 0, seconds)
    with app.app_context():
        checks = load_db.check(
            before, wanted, sum(s.registered for s in sessions),
            sum(s.unknown_registrations for s in sessions),
            {cw: sum(s.paid.get(cw, 0) for s in sessions) for _, cw in wanted.hot},
            sum(s.unknown_payments for s in sessions))
    path = save(f"load-{args.backend}-{args.cases}{'-' + args.label if args.label else ''}", {
        "backend": args.backend, "cases": args.cases, "sessions": args.sessions,
        "police": args.police, "think_seconds": think_label(args.think), "seconds": round(seconds, 1),
        "gunicorn": " ".join(gunicorn_command(args)[1:]), "schema": schema,
        "load_average_before": load_before, "load_average_after": load_after,
        "connections_per_worker": split, "cpu": cpu,
        "results": results, "checks": checks, "machine": machine()})
    print(f"gunicorn {' '.join(gunicorn_command(args)[1:])}; {args.sessions} sessions, think "
          f"{think_label(args.think)} s, {seconds:.0f} s; load average {load_before[0]:.1f} → {load_after[0]:.1f}; "
          f"connections per worker {'/'.join(map(str, split)) or 'not read'}")
    print("| kind | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    for kind, r in results.items():
        print(f"| {kind} | {r['requests']} | {r['errors']} | {r['per_second']} | {r['p50_ms']} | "
              f"{r['p95_ms']} | {r['p99_ms']} | {r['max_ms']} |"
              + (f" {r['error_reasons']}" if r["errors"] else ""))
    print("CPU per answered request: " + ", ".join(
        f"{part} {c['ms_per_request']} ms ({c['share_of_cores']:.0%} of the cores)"
        for part, c in cpu.items()))
    print(f"checks: {checks}")
    print(f"→ {path}")


if __name__ == "__main__":
    main()
