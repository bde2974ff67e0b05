"""Migrations go up from empty, match the models, go down to base and up again, on both databases."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from wagewatch import create_app
from wagewatch.config import normalise_database_url
from wagewatch.extensions import db

from tests.conftest import BACKENDS, INSTANCE, PG_URL, app_config

pytestmark = pytest.mark.committing

#: A database of its own beside the test database, so two checkouts can run the suite at once.
MIGRATION_DB = (make_url(PG_URL).database or "test") + "_migrations" if PG_URL else ""


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    admin = create_engine(normalise_database_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {MIGRATION_DB} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {MIGRATION_DB}"))
    yield make_url(normalise_database_url(PG_URL)).set(database=MIGRATION_DB).render_as_string(
        hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {MIGRATION_DB} WITH (FORCE)"))
    admin.dispose()


def _differences():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _tables():
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_upgrade_match_the_models_downgrade_and_upgrade_again(empty_database_url):
    app = create_app(app_config(empty_database_url), instance_path=INSTANCE)
    with app.app_context():
        upgrade()
        assert _differences() == []
        assert _tables() == set(db.metadata.tables)
        downgrade(revision="base")
        assert _tables() == set()
        upgrade()
        assert _differences() == []
        db.engine.dispose()


def test_offices_that_exist_before_the_case_registry_get_the_default_number_format(
        empty_database_url):
    app = create_app(app_config(empty_database_url), instance_path=INSTANCE)
    with app.app_context():
        upgrade(revision="0001_foundation")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO office (code, name, created_at) VALUES ('XZJK', '开发区', '2026-01-01')"))
        upgrade()
        with db.engine.connect() as connection:
            pattern = connection.execute(text("SELECT case_number_format FROM office")).scalar()
        assert pattern == "经开劳监〔{year}〕{seq:04d}号"
        db.engine.dispose()


def test_the_migrated_audit_log_refuses_update_and_delete_on_postgresql(empty_database_url):
    if not empty_database_url.startswith("postgresql"):
        pytest.skip("SQLite keeps the application's append-only guard")
    from sqlalchemy.exc import DBAPIError

    app = create_app(app_config(empty_database_url), instance_path=INSTANCE)
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO audit_event (occurred_at, action, success) "
                                    "VALUES (now(), 'login.failure', false)"))
        for statement in ("UPDATE audit_event SET success = true",
                          "DELETE FROM audit_event"):
            with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
                connection.execute(text(statement))
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM audit_event "
                                           "WHERE success = false")).scalar_one() == 1
        downgrade(revision="base")
        db.engine.dispose()


def test_recovery_codes_stored_before_scrypt_keep_no_sha256_at_rest_and_work_once(
        empty_database_url):
    """0023 wraps every stored recovery-code hash in salted scrypt: a code stored as a bare
    SHA-256 (before scrypt) or as scrypt (before 0023) still signs in once, and nothing stored
    equals either earlier hash."""
    import hashlib

    from wagewatch.models import RecoveryCode, Role
    from wagewatch.services import ServiceError
    from wagewatch.services.accounts import second_factor

    from tests.factories import make_office, make_user

    app = create_app(app_config(empty_database_url), instance_path=INSTANCE)
    with app.app_context():
        upgrade(revision="0022_contractor_id_number")
        make_office()
        user = make_user(role=Role.LEADER, username="leader")
        earlier = {"abcd2345efgh": hashlib.sha256(b"abcd2345efgh").hexdigest(),
                   "hjkm3456npqr": second_factor._hash_recovery(user, "hjkm3456npqr")}
        db.session.add_all(RecoveryCode(user_id=user.id, code_hash=h) for h in earlier.values())
        db.session.commit()
        db.session.remove()
        upgrade()
        stored = set(db.session.scalars(db.select(RecoveryCode.code_hash)))
        assert len(stored) == 2 and not stored & set(earlier.values())
        user = db.session.merge(user)
        for code in earlier:
            with app.test_request_context():
                second_factor.verify(user, code)  # accepted: no ServiceError
                with pytest.raises(ServiceError):
                    second_factor.verify(user, code)  # and only once
        db.session.remove()
        db.engine.dispose()  # the fixture removes the database


def test_rule_decisions_reasons_are_compressed_with_lz4_on_postgresql(empty_database_url):
    """`rules run` writes a decision per flagged case, its reasons a few KB of Chinese text: on a
    PostgreSQL built with lz4 they are compressed with it (pglz again after a downgrade)."""
    if not empty_database_url.startswith("postgresql"):
        pytest.skip("SQLite does not compress values")
    app = create_app(app_config(empty_database_url), instance_path=INSTANCE)

    def methods():
        with db.engine.connect() as connection:
            if not connection.execute(text(
                    "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                    "WHERE name = 'default_toast_compression'")).scalar():
                pytest.skip("this PostgreSQL is built without lz4")
            return dict(connection.execute(text(
                "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = "
                "'rule_decision'::regclass AND attname IN ('reasons', 'summary')")).tuples().all())

    with app.app_context():
        upgrade()
        assert methods() == {"reasons": "l", "summary": "l"}
        downgrade(revision="0031_referral_flag_index")
        assert methods() == {"reasons": "p", "summary": "p"}
        db.engine.dispose()
