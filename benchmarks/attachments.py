"""Stream one large video upload through the app's real upload path and report the server's
peak memory: the app is served by Werkzeug's HTTP server in a child process (SQLite in
benchmarks/output/), the client sends the multipart body from a file in 1 MiB pieces, and the
server's VmHWM (peak resident set) is read from /proc before and after.

    .venv/bin/python benchmarks/attachments.py --megabytes 200
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import re
import shutil
import struct
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from common import BENCH_PASSWORD, BENCH_USER, OUTPUT, machine, save

from werkzeug.serving import make_server

from wagewatch import create_app
from wagewatch.extensions import db
from wagewatch.models import Channel, Contractor, ContractorKind, Role, Sector, Township, User
from wagewatch.rules.names import normalise_name
from wagewatch.services.accounts.authentication import hash_password
from wagewatch.services.cases import registration
from wagewatch.services.reference.setup import ensure_initial_setup

PORT = 8766
PIECE = 1024 * 1024


def _app(folder: Path):
    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'attachments-bench.sqlite'}",
        "WAGEWATCH_ENV": "benchmark", "SESSION_COOKIE_SECURE": False,
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef",
        "ATTACHMENT_FOLDER": str(folder / "attachments")}, instance_path=str(folder / "instance"))


def _prepare(folder: Path) -> int:
    """An empty database with one clerk and one case; returns the case id."""
    app = _app(folder)
    with app.app_context():
        db.create_all()
        office, _ = ensure_initial_setup()
        assert office is not None, "needs an empty database"
        clerk = User(username=BENCH_USER, display_name="基准测试监察员", role=Role.CLERK,
                     office=office, password_hash=hash_password(BENCH_PASSWORD),
                     must_change_password=False)
        db.session.add(clerk)
        db.session.commit()
        township = db.session.scalars(db.select(Township).limit(1)).one()
        employer = Contractor(office_id=office.id, kind=ContractorKind.COMPANY,
                              name="徐州恒达建设工程有限公司",
                              normalised_name=normalise_name("徐州恒达建设工程有限公司"))
        db.session.add(employer)
        db.session.flush()
        case = registration.register_case(clerk, registration.CaseInput(
            received_on=date(2026, 11, 2), channel=Channel.WINDOW, township_id=township.id,
            employer_id=employer.id, project_id=None, sector=Sector.CONSTRUCTION,
            summary="基准测试", facts={}), [registration.WorkerInput(
                name="张伟", id_number="320303198503121235", phone=None, work_from=None,
                work_to=None, months_owed=Decimal("3"), claimed_yuan=Decimal("9000"))])
        return case.id


def _serve(folder: Path) -> None:
    make_server("127.0.0.1", PORT, _app(folder), threaded=False).serve_forever()


def _peak_rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    assert found is not None, f"/proc/{pid}/status has no VmHWM line"
    return int(found[1])


class Session:
    """A logged-in HTTP client of the served app (cookies kept by hand)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        data = response.read()
        connection.close()
        return response.status, response.headers, data.decode("utf-8", "replace")

    def token(self, path: str) -> str:
        _, _, html = self.request("GET", path)
        found = re.search(r'name="(?:evidence-)?csrf_token" type="hidden" value="([^"]+)"', html)
        assert found is not None, f"no CSRF token on {path}"
        return found[1]

    def log_in(self) -> None:
        body = urlencode({"csrf_token": self.token("/auth/login"), "username": BENCH_USER,
                          "password": BENCH_PASSWORD})
        status, _, _ = self.request("POST", "/auth/login", body,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, status


def _write_mp4(path: Path, size: int) -> None:
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41"
    body = size - len(ftyp) - 8
    piece = bytes(range(256)) * (PIECE // 256)
    with open(path, "wb") as handle:
        handle.write(ftyp + struct.pack(">I4s", body + 8, b"mdat"))
        while body > 0:
            handle.write(piece[:min(body, PIECE)])
            body -= PIECE


def _upload(session: Session, case_id: int, path: Path) -> tuple[int, float]:
    """POST the file as the case page's form does, streaming the body from disk."""
    token = session.token(f"/cases/{case_id}/attachments")
    boundary = uuid.uuid4().hex
    fields = {"evidence-csrf_token": token, "evidence-kind": "service_proof", "evidence-link": "",
              "evidence-note": ""}
    head = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                   for k, v in fields.items())
    head += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"evidence-file\"; "
             f"filename=\"{path.name}\"\r\nContent-Type: video/mp4\r\n\r\n")
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head.encode()) + path.stat().st_size + len(tail)

    def body():
        yield head.encode()
        with open(path, "rb") as handle:
            while piece := handle.read(PIECE):
                yield piece
        yield tail

    started = time.monotonic()
    status, _, _ = session.request("POST", f"/cases/{case_id}/attachments", body(), {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(length)})
    return status, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    args = parser.parse_args()
    folder = OUTPUT / "attachments-bench"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    case_id = _prepare(folder)
    video = folder / "video.mp4"
    _write_mp4(video, args.megabytes * 1024 * 1024 - 1024)  # just under the limit
    small = folder / "small.mp4"
    _write_mp4(small, 64 * 1024)

    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(folder,))
    server.start()
    try:
        for _ in range(600):  # importing the app in the child takes a few seconds
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/auth/login")
                break
            except OSError:
                if not server.is_alive():
                    raise SystemExit("the server process ended") from None
                time.sleep(0.1)
        assert server.pid is not None            # started above
        session = Session()
        session.log_in()
        warm_status, _ = _upload(session, case_id, small)  # imports and caches warmed
        before = _peak_rss_kib(server.pid)
        status, seconds = _upload(session, case_id, video)
        after = _peak_rss_kib(server.pid)
    finally:
        server.terminate()
        server.join()
    result = {"megabytes": args.megabytes, "status": status, "warm_up_status": warm_status,
              "seconds": round(seconds, 1), "peak_rss_before_mib": round(before / 1024, 1),
              "peak_rss_after_mib": round(after / 1024, 1),
              "growth_mib": round((after - before) / 1024, 1), "machine": machine()}
    save("attachments", result)
    print(result)


if __name__ == "__main__":
    main()
