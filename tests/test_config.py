"""Production refuses unsafe settings; defaults are safe; the environment overrides."""

import pytest

from wagewatch import create_app
from wagewatch.config import STRONG_PASSWORD_HASH, normalise_database_url, secret_key_problem


@pytest.mark.parametrize("key", [None, "", "dev", "changeme", "short-key", "a" * 40])
def test_production_refuses_a_weak_secret_key(key, tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="Refusing to start"):
        create_app({"WAGEWATCH_ENV": "production", "SECRET_KEY": key,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"},
                   instance_path=str(tmp_path))


def test_production_refuses_debug(tmp_path):
    with pytest.raises(RuntimeError, match="debug"):
        create_app({"WAGEWATCH_ENV": "production", "DEBUG": True,
                    "SECRET_KEY": "k9Qz-7vX2mP4wR8tY1uI3oA5sD6fG0hJ",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"},
                   instance_path=str(tmp_path))


def test_a_random_secret_key_is_accepted():
    assert secret_key_problem("k9Qz-7vX2mP4wR8tY1uI3oA5sD6fG0hJ") is None


def test_production_defaults_are_safe(tmp_path):
    app = create_app({"WAGEWATCH_ENV": "production",
                      "SECRET_KEY": "k9Qz-7vX2mP4wR8tY1uI3oA5sD6fG0hJ",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"},
                   instance_path=str(tmp_path))
    assert app.config["PASSWORD_HASH_METHOD"] == STRONG_PASSWORD_HASH == "scrypt:131072:8:1"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] == 5 * 1024 * 1024
    assert not app.debug


def test_the_session_cookie_is_secure_httponly_and_lax(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    response = client.get("/auth/login")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_environment_overrides_instance_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/from-env.sqlite")
    monkeypatch.setenv("SECRET_KEY", "k9Qz-7vX2mP4wR8tY1uI3oA5sD6fG0hJ")
    (tmp_path / "config.py").write_text('SQLALCHEMY_DATABASE_URI = "sqlite:///from-file.sqlite"\n')
    monkeypatch.setenv("EXPORT_FOLDER", str(tmp_path / "exports-from-env"))
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("from-env.sqlite")
    assert app.config["EXPORT_FOLDER"] == str(tmp_path / "exports-from-env")


@pytest.mark.parametrize(("given", "used"), [
    ("postgresql://postgres@127.0.0.1/test", "postgresql+psycopg://postgres@127.0.0.1/test"),
    ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
    ("sqlite:///x.sqlite", "sqlite:///x.sqlite"),
])
def test_postgresql_urls_use_psycopg_3(given, used):
    assert normalise_database_url(given) == used


def test_sqlite_runs_with_wal_foreign_keys_and_full_sync(app):
    from wagewatch.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas apply to SQLite only")
    with db.engine.connect() as connection:
        pragmas = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")}
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2,  # 2: FULL
                       "busy_timeout": 30000}


def test_the_app_refuses_to_start_without_defusedxml(tmp_path, monkeypatch):
    from openpyxl import xml as openpyxl_xml

    monkeypatch.setattr(openpyxl_xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        create_app({"WAGEWATCH_ENV": "testing",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"},
                   instance_path=str(tmp_path))


def _project_file(name: str) -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parent.parent / name).read_text(encoding="utf-8")


def test_make_run_sets_gunicorns_timeout_explicitly():
    """Long work runs as background jobs; gunicorn's own timeout is stated, not its default."""
    import re

    makefile = _project_file("Makefile")
    timeout = re.search(r"^TIMEOUT \?= (\d+)$", makefile, re.M)
    run = makefile[makefile.index("\nrun:"):].split("\n\n")[0]
    assert timeout and int(timeout[1]) >= 30
    assert "gunicorn" in run and "--timeout $(TIMEOUT)" in run


def test_make_run_spreads_connections_over_its_processes_and_starts_once():
    """Each gunicorn process listens on a socket of its own (the kernel spreads connections over
    them; benchmarks/README.md), and the pid file stops a second `make run` on the same port."""
    makefile = _project_file("Makefile")
    run = makefile[makefile.index("\nrun:"):].split("\n\n")[0]
    assert "$(REUSE_PORT)" in run and "--pid instance/gunicorn.pid" in run
    assert "REUSE_PORT := $(if $(filter Linux,$(shell uname -s)),--reuse-port,)" in makefile


def test_the_served_app_keeps_its_start_up_objects_out_of_the_collectors_walks(tmp_path):
    """gunicorn loads wsgi.py in each worker: what it built is frozen (gc.freeze), so a full
    collection walks only what requests made since, not the whole app (benchmarks/README.md)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    probe = ("import gc, wsgi; frozen = gc.get_freeze_count(); "
             "print(frozen, len(gc.get_objects()))")
    env = {**os.environ, "SECRET_KEY": "k9Qz-7vX2mP4wR8tY1uI3oA5sD6fG0hJ",
           "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite"}
    env.pop("WAGEWATCH_ENV", None)
    shown = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parent.parent,
                           env=env, capture_output=True, text=True, check=True).stdout.split()
    frozen, tracked = int(shown[0]), int(shown[1])
    assert frozen > 50_000 and tracked < frozen / 10


def test_make_runs_access_log_carries_no_query_string_referer_or_cookie():
    """A search by ID number (``/cases/?q=...``) leaves no ID number in gunicorn's access log
    (security.md item 13): the log format of `make run`, filled by gunicorn for such a request."""
    import re
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    makefile = _project_file("Makefile")
    log_format = re.search(r"^ACCESS_LOG_FORMAT := (.+)$", makefile, re.M)[1]
    run = makefile[makefile.index("\nrun:"):].split("\n\n")[0]
    assert "--access-logformat '$(ACCESS_LOG_FORMAT)'" in run
    secret, url = "320303198503121234", "/cases/?q=320303198503121234"
    environ = {"REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": "GET", "RAW_URI": url,
               "PATH_INFO": "/cases/", "QUERY_STRING": f"q={secret}",
               "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_REFERER": f"http://x{url}",
               "HTTP_COOKIE": "session=abcdef"}
    request = SimpleNamespace(headers=[("REFERER", f"http://x{url}"), ("COOKIE", "session=abcdef")],
                              method="GET", path="/cases/", query=f"q={secret}",
                              version=(1, 1), uri=url)
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    atoms = Logger(Config()).atoms(response, request, environ, timedelta(seconds=0.1))
    line = log_format % atoms
    assert "GET /cases/" in line and secret[-4:] not in line and "abcdef" not in line


def test_the_readmes_reverse_proxy_sends_hsts_on_every_answer():
    readme = _project_file("README.md")
    server = readme[readme.index("listen 443 ssl"):]
    server = server[:server.index("```")]
    assert 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;' \
        in server
    assert "proxy_hide_header Strict-Transport-Security;" in server


def test_first_start_writes_a_strong_private_secret_key_and_never_overwrites_it(
        tmp_path, monkeypatch):
    """`make run` calls wagewatch.instance_setup: a random key the production check accepts,
    in a file only the server's account reads; a second start keeps the same key."""
    import runpy

    from wagewatch.instance_setup import write_instance_config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    assert write_instance_config(instance) is True
    config = instance / "config.py"
    assert config.stat().st_mode & 0o777 == 0o600
    key = runpy.run_path(str(config))["SECRET_KEY"]
    assert secret_key_problem(key) is None and len(key) >= 48
    assert write_instance_config(instance) is False
    assert runpy.run_path(str(config))["SECRET_KEY"] == key
    app = create_app({"WAGEWATCH_ENV": "production",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"},
                     instance_path=str(instance))
    assert app.secret_key == key
    assert write_instance_config(tmp_path / "other") and runpy.run_path(
        str(tmp_path / "other" / "config.py"))["SECRET_KEY"] != key


def test_the_pool_keeps_one_connection_per_request_thread(tmp_path, monkeypatch):
    """`make run` sets DATABASE_POOL_SIZE to gunicorn's --threads: each thread keeps its own."""
    monkeypatch.setenv("DATABASE_POOL_SIZE", "6")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/pool.sqlite",
                      "WAGEWATCH_ENV": "development"}, instance_path=str(tmp_path))
    with app.app_context():
        from wagewatch.extensions import db
        assert db.engine.pool.size() == 6


def test_postgresql_connections_run_without_jit(tmp_path):
    """JIT compilation costs more than the short queries it would speed up (benchmarks/README)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/none",
                      "WAGEWATCH_ENV": "development"}, instance_path=str(tmp_path))
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"options": "-c jit=off"}
