"""`flask cases import FILE --as-user USER`: imports, or prints the errors and exits non-zero."""

from __future__ import annotations

import pytest

from wagewatch.extensions import db
from wagewatch.models import Case, CaseWorker, Role
from wagewatch.readers import upload_checks
from wagewatch.services.imports.case_import import ImportRefused, check_upload

from tests.factories import make_user
from tests.reports.registry_factories import person_id
from tests.web.case_import.factories import case_row, filled_template, worker_row


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


#: The web's row limit, lowered for these tests (the 20,000 itself is checked with the upload
#: checks, tests/readers/test_upload_checks.py): a sheet over it stays quick to import.
ROW_LIMIT = 200


def _over_the_row_limit() -> bytes:
    """Five cases of 41 workers each: the 工人 sheet has 206 rows, over the lowered limit."""
    cases = [case_row(key, 用人单位名称=f"徐州第{key}建设工程有限公司", 统一社会信用代码=None)
             for key in range(1, 6)]
    workers = [worker_row(key, 1, 身份证号码=person_id(index), 姓名=f"工人{index}",
                          推选为代表="是" if index == 0 else "否")
               for key in range(1, 6) for index in range(41)]
    return filled_template(cases, workers)


def test_the_cli_imports_a_sheet_over_the_web_row_limit_which_the_web_refuses(app, runner,
                                                                               tmp_path, monkeypatch):
    # The web's limit is read when a file is checked: lowered here, as the size limit is below.
    monkeypatch.setattr(upload_checks, "MAX_ROWS", ROW_LIMIT)
    clerk = make_user(role=Role.CLERK, username="clerk-cli")
    data = _over_the_row_limit()
    with pytest.raises(ImportRefused) as refused:
        check_upload(clerk, data, "历年登记簿.xlsx")
    assert refused.value.file_problem == f"工作表“工人”超过{ROW_LIMIT}行（含表头），请分成几个文件上传。"
    path = tmp_path / "历年登记簿.xlsx"
    path.write_bytes(data)
    result = runner.invoke(args=["cases", "import", str(path), "--as-user", "clerk-cli"])
    assert result.exit_code == 0, result.output
    assert "已导入 5 件案件、205 名工人（次）" in result.output
    assert db.session.scalar(db.select(db.func.count(CaseWorker.id))) == 205


def test_the_cli_imports_a_file_over_the_web_size_limit_which_the_web_refuses(app, runner,
                                                                              tmp_path, monkeypatch):
    clerk = make_user(role=Role.CLERK, username="clerk-cli")
    data = filled_template([case_row(1)], [worker_row(1, 101)])
    # The web's limit is read when a file is checked: lowered below this file's size here.
    monkeypatch.setattr(upload_checks, "MAX_UPLOAD_BYTES", len(data) - 1)
    with pytest.raises(ImportRefused) as refused:
        check_upload(clerk, data, "a.xlsx")
    assert refused.value.file_problem == upload_checks.MESSAGE_TOO_LARGE
    path = tmp_path / "a.xlsx"
    path.write_bytes(data)
    result = runner.invoke(args=["cases", "import", str(path), "--as-user", "clerk-cli"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 1
