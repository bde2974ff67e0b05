"""The attachments migration: the table comes and goes with 0010, and every row has an owner."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from wagewatch import create_app
from wagewatch.extensions import db

from tests.conftest import INSTANCE, app_config
from tests.test_migrations import empty_database_url  # noqa: F401 - the fixture, both backends

pytestmark = pytest.mark.committing


def test_attachments_need_a_case_or_a_proceeding_and_go_with_their_migration(
        empty_database_url):  # noqa: F811
    app = create_app(app_config(empty_database_url), instance_path=INSTANCE)
    with app.app_context():
        upgrade(revision="0016_attachments")
        with pytest.raises(sa.exc.IntegrityError, match="ck_attachment_has_owner"), \
                db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO attachment (office_id, kind, content_type, sha256, size_bytes, "
                "original_name, uploaded_at, uploaded_by_id) VALUES (1, 'other', 'pdf', :sha, 1, "
                "'a.pdf', '2026-01-01', 1)"), {"sha": "0" * 64})
        downgrade(revision="0015_instruments")
        assert "attachment" not in inspect(db.engine).get_table_names()
        upgrade()
        assert "attachment" in inspect(db.engine).get_table_names()
        db.engine.dispose()
