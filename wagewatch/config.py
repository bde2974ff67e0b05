"""Safe configuration defaults, read from the environment; no secrets live here."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import ClassVar

#: OWASP Password Storage Cheat Sheet minimum for scrypt: N=2**17, r=8, p=1.
STRONG_PASSWORD_HASH = "scrypt:131072:8:1"

#: Values that are never accepted as a production SECRET_KEY.
PLACEHOLDER_SECRETS = frozenset(
    {"", "dev", "secret", "changeme", "change-me", "replace-me", "please-change", "wagewatch"}
)
MIN_SECRET_KEY_LENGTH = 32


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs (psycopg2 is not installed)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Defaults for every environment; instance/config.py and the environment override them."""

    WAGEWATCH_ENV = "production"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in create_app: instance/wagewatch.sqlite
    # Statement parameters (a searched ID number among them) never reach an error message or log.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True, "hide_parameters": True}
    # Connections kept open per web process: the request threads of one gunicorn worker
    # (`make run` sets it to THREADS); unset, SQLAlchemy's default of 5 (plus 10 on demand).
    DATABASE_POOL_SIZE: int | None = None

    # Sessions (security.md item 5): server-side records, idle and absolute limits.
    SESSION_COOKIE_NAME = "wagewatch_session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)  # remember-me is never used
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True

    # Passwords and lockout (security.md items 3 and 4).
    PASSWORD_HASH_METHOD = STRONG_PASSWORD_HASH
    PASSWORD_MAX_AGE_DAYS = 90
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_MINUTES = 30
    # Failed logins from one address (any usernames) within the window before it is refused.
    LOGIN_ADDRESS_FAILURE_LIMIT = 20
    LOGIN_ADDRESS_WINDOW_MINUTES = 15

    # Uploads (security.md item 14) and forms.
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    WTF_I18N_ENABLED = False  # use WTForms' own Chinese messages (BaseForm.Meta.locales)

    # The zone of every "today", deadline and displayed time (an IANA name).
    TIMEZONE = "Asia/Shanghai"

    # Daily reminders: e-mailed through this SMTP server when it is set (none by default); the
    # links in them start with BASE_URL, the address users open the app at.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_FROM = "wagewatch@localhost"
    BASE_URL = "http://127.0.0.1:5000"

    # Background jobs (exports, imports, the daily jobs) go to this Redis ("redis://host:6379/0")
    # for `flask jobs worker` processes; unset, they run in threads of the web process and the
    # daily jobs are left to cron (docs/operations.md).
    REDIS_URL: str | None = None
    # When `flask jobs scheduler` queues the daily jobs ("HH:MM", in TIMEZONE): rules run,
    # blacklist expiries and clean-up; then the reminder digests, before the working day.
    DAILY_JOBS_AT = "02:00"
    REMINDERS_AT = "07:30"

    # Prepared full-registry exports wait here for their download (default: instance/exports).
    EXPORT_FOLDER: str | None = None

    # Evidence attachments: kept byte for byte under their SHA-256 (default: instance/attachments;
    # a folder the servers share when several run). Limits per type in bytes; the upload
    # endpoints alone accept bodies up to the largest limit (plus the form's other fields).
    ATTACHMENT_FOLDER: str | None = None
    ATTACHMENT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
    ATTACHMENT_MAX_IMAGE_BYTES = 20 * 1024 * 1024
    ATTACHMENT_MAX_VIDEO_BYTES = 200 * 1024 * 1024
    #: Pillow refuses images with more pixels than this (decompression bombs).
    ATTACHMENT_MAX_IMAGE_PIXELS = 80_000_000

    # Bootstrap-Flask: serve Bootstrap from the app itself (no CDN).
    BOOTSTRAP_SERVE_LOCAL = True

    # The JSON API: calls per client per minute (counted in the database).
    API_RATE_LIMIT_PER_MINUTE = 60

    # Behind a reverse proxy, the number of proxies whose X-Forwarded-* headers are trusted.
    PROXY_FIX_HOPS = 0
    # Strict-Transport-Security max-age in seconds (one year), sent on responses served over
    # HTTPS: TLS to the app itself, or X-Forwarded-Proto: https from a trusted proxy. 0: never.
    HSTS_SECONDS = 365 * 24 * 3600

    # The office and townships created by `flask setup` on an empty database.
    DEFAULT_OFFICE_CODE = "XZJK"
    DEFAULT_OFFICE_NAME = "徐州经济技术开发区劳动保障监察大队"
    DEFAULT_TOWNSHIPS = ("金山桥街道", "东环街道", "大黄山街道", "大庙街道", "徐庄街道")


def environment_overrides(environ: os._Environ[str] | dict[str, str] = os.environ) -> dict:
    """Settings taken from the environment, which win over instance/config.py."""
    overrides: dict = {}
    if environ.get("DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    if environ.get("SECRET_KEY"):
        overrides["SECRET_KEY"] = environ["SECRET_KEY"]
    if environ.get("WAGEWATCH_ENV"):
        overrides["WAGEWATCH_ENV"] = environ["WAGEWATCH_ENV"]
    if environ.get("SESSION_COOKIE_SECURE"):
        overrides["SESSION_COOKIE_SECURE"] = environ["SESSION_COOKIE_SECURE"].lower() in {
            "1", "true", "yes", "on"}
    if environ.get("PROXY_FIX_HOPS"):
        overrides["PROXY_FIX_HOPS"] = int(environ["PROXY_FIX_HOPS"])
    if environ.get("DATABASE_POOL_SIZE"):
        overrides["DATABASE_POOL_SIZE"] = int(environ["DATABASE_POOL_SIZE"])
    if environ.get("HSTS_SECONDS"):
        overrides["HSTS_SECONDS"] = int(environ["HSTS_SECONDS"])
    if environ.get("TIMEZONE"):
        overrides["TIMEZONE"] = environ["TIMEZONE"]
    for name in ("REDIS_URL", "DAILY_JOBS_AT", "REMINDERS_AT"):
        if environ.get(name):
            overrides[name] = environ[name]
    if environ.get("EXPORT_FOLDER"):
        overrides["EXPORT_FOLDER"] = environ["EXPORT_FOLDER"]
    if environ.get("ATTACHMENT_FOLDER"):
        overrides["ATTACHMENT_FOLDER"] = environ["ATTACHMENT_FOLDER"]
    for name in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_FROM", "BASE_URL"):
        if environ.get(name):
            overrides[name] = environ[name]
    if environ.get("MAIL_PORT"):
        overrides["MAIL_PORT"] = int(environ["MAIL_PORT"])
    if environ.get("MAIL_USE_TLS"):
        overrides["MAIL_USE_TLS"] = environ["MAIL_USE_TLS"].lower() in {"1", "true", "yes", "on"}
    return overrides


def secret_key_problem(secret_key: str | None) -> str | None:
    """Say why a SECRET_KEY is unfit for production, or None when it is strong enough."""
    if not secret_key:
        return "SECRET_KEY is not set"
    if secret_key.strip().lower() in PLACEHOLDER_SECRETS:
        return "SECRET_KEY is a placeholder"
    if len(secret_key) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters"
    if len(set(secret_key)) < 10:
        return "SECRET_KEY has too few distinct characters"
    return None
