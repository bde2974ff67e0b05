"""A small deployment for the tests: gunicorn servers and job workers started as the operator
would, on one database, one Redis and one shared folder, and a browser that talks to them."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

#: Seconds to wait for anything a loaded machine may be slow at (a start-up, a request, a job).
PATIENCE = 180
#: Seconds one request may take before the test gives up on it.
REQUEST_TIMEOUT = 120


def app_spec(instance: Path) -> str:
    """The app as gunicorn and flask load it, with this host's own instance folder."""
    return f'wagewatch:create_app(instance_path="{instance}")'


def flask(instance: Path, env: dict[str, str], *args: str, stdin: str = "") -> str:
    """Run a `flask` command of the deployment to its end; returns its output."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", app_spec(instance), *args],
                          env=env, input=stdin, capture_output=True, text=True, timeout=PATIENCE)
    assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class Process:
    """A started server or worker: its name, its process group and its log file."""

    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return f"--- {self.name} log ---\n" + "\n".join(text.splitlines()[-lines:])

    def signal(self, sig: int) -> None:
        """Send ``sig`` to the whole process group (gunicorn's workers, a job's process)."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)


def stop_all(processes: list[Process]) -> None:
    """SIGTERM to every process group at once, so that their graceful shutdowns overlap; SIGKILL
    to any still running 30 seconds later."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for process in processes:
            process.signal(sig)
        deadline = time.monotonic() + 30
        for process in processes:
            try:
                process.popen.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                continue
        if all(process.popen.poll() is not None for process in processes):
            return


def _start(name: str, command: list[str], env: dict[str, str], logs: Path,
           pass_fds: tuple[int, ...] = ()) -> subprocess.Popen:
    log = (logs / f"{name}.log").open("wb")
    try:
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                pass_fds=pass_fds)
    finally:
        log.close()


def start_server(name: str, instance: Path, env: dict[str, str], logs: Path) -> Process:
    """gunicorn with two workers on a free loopback port. The listening socket is bound here
    and handed over (``fd://``), so the port is known and nobody can take it in between."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    try:
        popen = _start(name, [
            sys.executable, "-m", "gunicorn", "--workers", "2", "--timeout", str(REQUEST_TIMEOUT),
            "--graceful-timeout", "10", "--bind", f"fd://{listener.fileno()}",
            app_spec(instance)], env, logs, pass_fds=(listener.fileno(),))
    finally:
        listener.close()  # gunicorn holds its own copy
    return Process(name, popen, logs / f"{name}.log", port)


def start_worker(name: str, instance: Path, env: dict[str, str], logs: Path) -> Process:
    """One `flask jobs worker`, as `make worker` runs it."""
    popen = _start(name, [sys.executable, "-m", "flask", "--app", app_spec(instance), "jobs",
                          "worker", "--name", f"{name}-{secrets.token_hex(4)}"], env, logs)
    return Process(name, popen, logs / f"{name}.log")


def wait_until_ready(server: Process) -> None:
    """Poll /healthz until it answers 200 (both workers may take a while to import the app)."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        assert server.popen.poll() is None, f"{server.name} exited\n{server.log_tail()}"
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    raise AssertionError(f"{server.name} did not answer /healthz in {PATIENCE} s\n"
                         f"{server.log_tail()}")


@dataclass(repr=False)
class Answer:
    """What the browser got back."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes
    server: str

    def __repr__(self) -> str:
        return (f"<{self.status} from {self.server}{' to ' + self.location if self.location else ''}"
                f": {self.page_text()[:300]!r}>")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def json(self) -> dict:
        return json.loads(self.body)

    def page_text(self) -> str:
        """The page as a user reads it: tags stripped, whitespace folded."""
        html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", self.text, flags=re.S)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    def csrf_token(self) -> str:
        match = re.search(r'name="(?:[\w-]+-)?csrf_token"[^>]*?value="([^"]+)"', self.text)
        assert match, f"no form token on the page from {self.server} ({self.status})"
        return match.group(1)


@dataclass
class Browser:
    """One person's browser in front of the proxy: one cookie jar, whichever server answers.
    ``forwarded_for`` is the address the proxy would report for it (X-Forwarded-For)."""

    forwarded_for: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, server: Process, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self._send(server, "GET", path, None, headers or {})

    def post(self, server: Process, path: str, form: dict[str, str]) -> Answer:
        return self._send(server, "POST", path, urlencode(form).encode(),
                          {"Content-Type": "application/x-www-form-urlencoded"})

    def post_file(self, server: Process, path: str, fields: dict[str, str], file_field: str,
                  file_name: str, content: bytes) -> Answer:
        """A multipart form with one file, as the browser sends an upload form."""
        boundary = secrets.token_hex(16)
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                 f"{value}\r\n".encode() for name, value in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
                     f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self._send(server, "POST", path, b"".join(parts),
                          {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def _send(self, server: Process, method: str, path: str, body: bytes | None,
              headers: dict[str, str]) -> Answer:
        headers = dict(headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read(), server.name)
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer
