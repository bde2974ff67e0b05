"""A request that only read commits its transaction (PostgreSQL keeps the statements psycopg
prepared); one that wrote, failed or holds changes it did not commit still rolls back."""

from collections.abc import Iterator

import pytest
from sqlalchemy import event, select, text, update
from sqlalchemy.exc import DBAPIError

from wagewatch.extensions import db
from wagewatch.models import Office, Role
from wagewatch.read_transactions import only_read

# Each request must have a transaction of its own, as in production: not the rolled-back test's.
pytestmark = pytest.mark.committing


@pytest.fixture
def endings(app) -> Iterator[list[str]]:
    """How each database transaction ended, in order ("commit" or "rollback")."""
    seen: list[str] = []

    def commit(_connection) -> None:
        seen.append("commit")

    def rollback(_connection) -> None:
        seen.append("rollback")

    event.listen(db.engine, "commit", commit)
    event.listen(db.engine, "rollback", rollback)
    yield seen
    event.remove(db.engine, "commit", commit)
    event.remove(db.engine, "rollback", rollback)


def test_a_page_that_only_read_commits(app, client, login_as, endings):
    login_as(Role.CLERK)
    endings.clear()
    assert client.get("/").status_code == 200
    assert client.get("/cases/").status_code == 200
    assert endings == ["commit", "commit"]


def _office_name() -> str:
    with db.engine.connect() as connection:
        return connection.execute(select(Office.name).order_by(Office.id).limit(1)).scalar_one()


def test_a_statement_that_wrote_without_a_commit_is_rolled_back(app, endings):
    before = _office_name()
    with app.app_context():
        db.session.execute(update(Office).values(name="未提交的名称"))
        assert not only_read()
    assert endings[-1] == "rollback"
    assert _office_name() == before


def test_changed_objects_the_view_did_not_commit_are_rolled_back(app, endings):
    before = _office_name()
    with app.app_context():
        office = db.session.scalars(select(Office).limit(1)).one()
        office.name = "改了没提交"
        assert not only_read()  # dirty, not yet flushed
    with app.app_context():
        office = db.session.scalars(select(Office).limit(1)).one()
        office.name = "改了没提交"
        db.session.execute(select(Office.id))  # autoflush sends the UPDATE
        assert not db.session.dirty and not only_read()
    assert endings[-2:] == ["rollback", "rollback"]
    assert _office_name() == before


def test_a_failed_statement_rolls_back_and_the_next_request_is_served(app, client, login_as, endings):
    login_as(Role.CLERK)
    with app.app_context():
        with pytest.raises(DBAPIError):
            db.session.execute(text("SELECT no_such_column FROM office"))
        assert not only_read()
    assert endings[-1] == "rollback"
    assert client.get("/").status_code == 200


def test_a_context_that_never_used_the_database_ends_nothing(app, endings):
    with app.app_context():
        assert not only_read()
    assert endings == []


def test_postgresql_keeps_the_prepared_statements_from_one_request_to_the_next(app, client, login_as):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are psycopg's, on PostgreSQL")
    login_as(Role.CLERK)
    for _ in range(6):  # psycopg prepares a statement at its fifth use on a connection
        assert client.get("/auth/password").status_code == 200
    db.session.remove()
    db.engine.pool.dispose()  # what is left is one connection the next requests share
    for _ in range(6):
        assert client.get("/auth/password").status_code == 200
    with db.engine.connect() as connection:
        prepared = connection.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one()
    assert prepared > 0
