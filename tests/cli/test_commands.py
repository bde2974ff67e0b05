"""The command line: first-start setup, creating users, and SQLite backups."""

import re

import pytest

from wagewatch import create_app
from wagewatch.extensions import db
from wagewatch.models import Office, Role, Township, User

from tests.conftest import INSTANCE, app_config
from tests.factories import login

pytestmark = pytest.mark.committing


def _empty_reference_data():
    db.session.execute(db.delete(Township))
    db.session.execute(db.delete(Office))
    db.session.commit()


def test_setup_on_an_empty_database_creates_office_townships_and_one_admin(app, client, runner):
    _empty_reference_data()
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    office = db.session.scalar(db.select(Office))
    assert office.code == "XZJK"
    assert [t.name for t in office.townships] == ["金山桥街道", "东环街道", "大黄山街道", "大庙街道", "徐庄街道"]
    password = re.search(r"一次性密码：(\S+)", result.output)[1]
    admin = db.session.scalar(db.select(User))
    assert admin.username == "admin" and admin.role is Role.ADMIN and admin.must_change_password
    assert login(app, client, "admin", password).status_code == 302
    assert client.get("/").headers["Location"].endswith("/auth/password")


def test_setup_twice_creates_nothing_more(app, runner):
    first = runner.invoke(args=["setup"])
    second = runner.invoke(args=["setup"])
    assert "一次性密码" in first.output
    assert "一次性密码" not in second.output and "已有用户" in second.output
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Office)) == 1


def test_users_create_reads_the_password_from_stdin(app, client, runner):
    result = runner.invoke(args=["users", "create", "zhangjing", "--role", "police",
                                 "--name", "张警官"], input="Blue-sky-2026\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.username == "zhangjing"))
    assert user.role is Role.POLICE and user.display_name == "张警官"
    assert user.office.code == "XZJK"  # the only office
    assert login(app, client, "zhangjing", "Blue-sky-2026").status_code == 302


def test_users_create_refuses_a_weak_password_and_an_unknown_office(runner):
    weak = runner.invoke(args=["users", "create", "li", "--role", "clerk"], input="123456\n")
    assert weak.exit_code != 0 and "密码至少8位" in weak.output
    unknown = runner.invoke(args=["users", "create", "li", "--role", "clerk", "--office", "NOPE"],
                            input="Clerk-pass-2026\n")
    assert unknown.exit_code != 0 and "没有代码为 NOPE 的机构" in unknown.output


def test_backup_copies_a_live_sqlite_database_that_restores(app, runner, tmp_path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL is backed up with pg_dump")
    runner.invoke(args=["setup"])
    target = tmp_path / "backup.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["backup", str(target)]).exit_code != 0  # never overwrites
    restored = create_app(app_config(f"sqlite:///{target}"), instance_path=INSTANCE)
    with restored.app_context():
        assert db.session.scalar(db.select(User.username)) == "admin"
        db.engine.dispose()
