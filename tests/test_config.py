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
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == 30000


def test_the_app_refuses_to_start_without_defusedxml(tmp_path, monkeypatch):
    from openpyxl import xml as openpyxl_xml

    monkeypatch.setattr(openpyxl_xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        create_app({"WAGEWATCH_ENV": "testing",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"},
                   instance_path=str(tmp_path))
