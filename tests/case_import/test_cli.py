"""`flask cases import FILE --as-user USER`: imports, or prints the errors and exits non-zero."""

from __future__ import annotations

from wagewatch.extensions import db
from wagewatch.models import Case, Role

from tests.case_import.factories import case_row, filled_template, worker_row
from tests.factories import make_user


def test_the_cli_imports_a_workbook_and_refuses_a_bad_one(app, runner, tmp_path):
    make_user(role=Role.CLERK, username="clerk-cli")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(filled_template([case_row(1, 收到投诉日期="2026-13-40")], [worker_row(1, 101)]))
    refused = runner.invoke(args=["cases", "import", str(bad), "--as-user", "clerk-cli"])
    assert refused.exit_code == 1
    assert "案件 第2行 C列（收到投诉日期）：日期格式应为 2026-03-15" in refused.output
    good = tmp_path / "good.xlsx"
    good.write_bytes(filled_template([case_row(1)], [worker_row(1, 101)]))
    result = runner.invoke(args=["cases", "import", str(good), "--as-user", "clerk-cli"])
    assert result.exit_code == 0, result.output
    assert "已导入 1 件案件" in result.output
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 1


def test_the_cli_import_needs_an_active_clerk(app, runner, tmp_path):
    make_user(role=Role.LEADER, username="boss")
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"x")
    result = runner.invoke(args=["cases", "import", str(path), "--as-user", "boss"])
    assert result.exit_code != 0 and "监察员" in result.output
