"""wagewatch: the wage-arrears case registry of a district labour-inspection brigade."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import orjson
from flask import Flask
from openpyxl import xml as openpyxl_xml
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from wagewatch import cli, pool_ping, read_transactions, temp_files, web
from wagewatch.config import Config, environment_overrides, normalise_database_url, secret_key_problem
from wagewatch.extensions import bootstrap, csrf, db, login_manager, migrate
from wagewatch.files.storage import remove_stale_temporary_files
from wagewatch.files.uploads import UploadRequest
from wagewatch.services.accounts import sessions
from wagewatch.services.exports import registry_exports
from wagewatch.services.flags import evaluation_dirty


def create_app(config: dict[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the environment, then ``config``."""
    if instance_path is None:
        instance_path = str(Path(__file__).resolve().parent.parent / "instance")
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.from_object(Config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(environment_overrides())
    app.config.update(config or {})
    _finish_config(app)

    db.init_app(app)
    read_transactions.init_app(app)  # after db.init_app: its teardown must run first
    evaluation_dirty.listen()  # use cases mark the employers whose rule facts they change
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    _init_login(app)

    web.init_app(app)
    cli.init_app(app)
    # Attachment uploads stream to disk (files/uploads.py); other uploads spool to the app folder.
    app.request_class = UploadRequest
    # A worker killed mid-job leaves scratch files and a job marked running: clean both up.
    temp_files.remove_stale(app)
    registry_exports.recover_at_startup(app)
    remove_stale_temporary_files(app)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    return app


def stored_json(value: Any) -> str:
    """JSON columns (a decision's reasons, audit changes, report figures) as compact UTF-8 text,
    not with every Chinese character escaped as \\uXXXX (a rule decision's reasons shrink from
    about 2,600 characters to about 1,400): the text ``json.dumps(value, ensure_ascii=False,
    separators=(",", ":"))`` gives, written by orjson in a fifth of the time (`rules run` writes
    290,000 decisions at a million cases: about 4 s of CPU less). Keys that are not strings are
    written as strings, as json.dumps does."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _finish_config(app: Flask) -> None:
    """Fill derived settings and refuse an unsafe production configuration (security.md item 1)."""
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        path = Path(app.instance_path) / "wagewatch.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    uri = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.pop("pool_pre_ping", None)
        options.setdefault("connect_args", {"timeout": 30})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    elif uri.startswith("postgresql"):
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        # Short queries only: JIT compiling a plan costs more than it saves here (hundreds of
        # milliseconds on the home page's queue at 100,000 cases; benchmarks/README.md).
        options.setdefault("connect_args", {"options": "-c jit=off"})
        # A ping before every checkout is a round trip per request: ping only connections that
        # sat idle in the pool (wagewatch/pool_ping.py).
        if options.pop("pool_pre_ping", False):
            options.setdefault(pool_ping.OPTION, 5)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    options.setdefault("json_serializer", stored_json)
    # Read back by orjson too: a page of flags decodes some fifty decisions' reasons (about 1 ms
    # per request with the json module, a fifth of that with orjson).
    options.setdefault("json_deserializer", orjson.loads)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if app.config.get("DATABASE_POOL_SIZE"):
        # One pooled connection per request thread (gunicorn --threads), none opened per request.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("pool_size", int(app.config["DATABASE_POOL_SIZE"]))
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not openpyxl_xml.DEFUSEDXML:
        # openpyxl guards against XML bombs only with defusedxml (security.md item 14).
        raise RuntimeError("Refusing to start: defusedxml is not installed, so openpyxl would "
                           "parse uploaded workbooks without protection against XML bombs.")
    env = app.config["WAGEWATCH_ENV"]
    if env == "production":
        problem = secret_key_problem(app.config.get("SECRET_KEY"))
        if problem:
            raise RuntimeError(
                f"Refusing to start: {problem}. Run `make run` once to write instance/config.py, "
                "or set a random SECRET_KEY of at least 32 characters.")
        if app.debug:
            raise RuntimeError("Refusing to start: debug mode is on outside development.")
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.urandom(32).hex()
    logging.basicConfig(level=logging.INFO)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite safety (security.md item 20): WAL, foreign keys, full sync, busy timeout."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        return sessions.resume(
            token,
            idle_timeout=app.config["SESSION_IDLE_TIMEOUT"],
            absolute_timeout=app.config["SESSION_ABSOLUTE_TIMEOUT"],
        )

