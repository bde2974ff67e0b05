"""Exports reopened: headers, figures, formats, and no formula the app did not write."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Role
from wagewatch.reports.xlsx import CUT_MARK, MAX_CELL_TEXT, clean_text

from tests.factories import post
from tests.web.cases.factories import make_employer, register

HOSTILE = ['=HYPERLINK("http://x","点我")', "+1+1", "@SUM(A1)", "-2+3"]


def export(app, client, query=""):
    response = post(app, client, f"/cases/export{query}")
    assert response.status_code == 200, response.status_code
    return response


def test_the_case_list_export_has_the_filtered_cases_with_formats(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-x")
    first = register(clerk=clerk, received_on=date(2026, 11, 2))
    register(clerk=clerk, received_on=date(2026, 10, 8))
    response = export(app, client, "?received_from=2026-11-01")
    assert response.headers["Cache-Control"] == "no-store"
    assert "cases-" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["案件"]
    assert sheet["A2"].value == "案号" and sheet["J2"].value == "欠薪（元）"
    assert sheet["A3"].value == first.number and sheet["A4"].value is None
    assert sheet["I3"].value == 3 and sheet["J3"].value == 24000
    assert sheet["J3"].number_format == "#,##0.00" and sheet["B3"].number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A3"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.cases"))
    assert "收到日期自：2026-11-01" in event.detail and "共1行" in event.detail


def test_a_provisional_deadline_is_marked_in_the_case_export(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-x")
    register(clerk=clerk, received_on=date(2026, 12, 28))  # acceptance due in 2027, not yet known
    register(clerk=clerk, received_on=date(2026, 11, 2))
    sheet = openpyxl.load_workbook(io.BytesIO(export(app, client).data))["案件"]
    marks = {sheet[f"B{row}"].value.date(): sheet[f"M{row}"].value for row in (3, 4)}
    assert "暂定" in marks[date(2026, 12, 28)] and "暂定" not in marks[date(2026, 11, 2)]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_written_as_text_and_no_formula_appears(app, client, login_as, name):
    clerk = login_as(Role.CLERK, username="clerk-x")
    register(clerk=clerk, employer=make_employer(name=name))
    data = export(app, client).data
    sheet = openpyxl.load_workbook(io.BytesIO(data))["案件"]
    assert sheet["F3"].value == name and sheet["F3"].data_type == "s"
    assert sheet["F3"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_export_is_a_post_with_csrf(app, client, login_as):
    login_as(Role.CLERK, username="clerk-x")
    assert client.get("/cases/export").status_code == 405
    assert client.post("/cases/export").status_code == 400


def test_control_characters_go_and_long_text_is_cut_visibly():
    assert clean_text("a\x00b\x1fc\td") == "abc\td"
    long = clean_text("字" * 40000)
    assert len(long) == MAX_CELL_TEXT and long.endswith(CUT_MARK)
    assert clean_text("短") == "短"


def test_the_police_list_export_has_the_blacklist_candidates_and_referrals(app, client, login_as):
    from tests.factories import make_contractor
    from tests.web.blacklist.factories import make_listing
    from tests.web.referrals.factories import make_referral

    listed = make_contractor(name="=HYPERLINK(\"http://x\",\"点我\")", persons=(
        {"name": "王五", "position": "legal_representative", "id_number": "320303198503121239"},))
    make_listing(contractor=listed, decided_on=date(2026, 3, 10), number="经开劳监列字〔2026〕3号")
    referral = make_referral(up_to="handed_over")
    login_as(Role.POLICE, username="police-x")
    response = post(app, client, "/police/export")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["黑名单", "规则标记", "移送案件"]
    assert book["黑名单"]["A3"].value == listed.name and book["黑名单"]["A3"].data_type == "s"
    assert "3203**********1239" in book["黑名单"]["D3"].value
    assert "320303198503121239" not in str([c.value for row in book["黑名单"].iter_rows() for c in row])
    assert book["规则标记"]["E2"].value.startswith("✔")
    assert book["移送案件"]["A2"].value == referral.case.number
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.police_list"))
    assert "黑名单1行" in event.detail and "移送案件1行" in event.detail


def test_the_cli_exports_the_whole_registry_and_audits_it(app, runner, tmp_path):
    from tests.factories import make_user

    clerk = make_user(role=Role.CLERK, username="clerk-cli")
    cases = [register(clerk=clerk, received_on=date(2026, 11, d)) for d in (2, 3, 4)]
    target = tmp_path / "registry.xlsx"
    result = runner.invoke(args=["cases", "export", "--output", str(target), "--as-user", "clerk-cli"])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target)["案件"]
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == [c.number for c in cases]
    again = runner.invoke(args=["cases", "export", "--output", str(target), "--as-user", "clerk-cli"])
    assert again.exit_code != 0 and "不会覆盖" in again.output
    police = runner.invoke(args=["cases", "export", "--output", str(tmp_path / "x.xlsx"),
                                 "--as-user", "nobody"])
    assert police.exit_code != 0
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.registry"))
    assert event.actor_username == "clerk-cli" and "共3件" in event.detail
    assert "已脱敏" in event.detail  # a clerk's export is masked unless asked and permitted


def test_the_cli_unmasks_only_for_a_permitted_user_with_a_purpose(app, runner, tmp_path):
    from tests.factories import make_user

    clerk = make_user(role=Role.CLERK, username="clerk-cli")
    case = register(clerk=clerk)
    full = {w.worker.id_number for w in case.workers}
    target = str(tmp_path / "registry.xlsx")
    base = ["cases", "export", "--output", target, "--unmask"]
    refused = runner.invoke(args=[*base, "--as-user", "clerk-cli", "--purpose", "法院调取材料"])
    assert refused.exit_code != 0 and "没有批量导出完整身份证号码的权限" in refused.output
    assert runner.invoke(args=[*base, "--purpose", "法院调取材料"]).exit_code != 0
    clerk.may_export_full_ids = True
    db.session.commit()
    no_purpose = runner.invoke(args=[*base, "--as-user", "clerk-cli"])
    assert no_purpose.exit_code != 0 and "用途" in no_purpose.output
    assert not (tmp_path / "registry.xlsx").exists()
    result = runner.invoke(args=[*base, "--as-user", "clerk-cli", "--purpose", "法院调取材料"])
    assert result.exit_code == 0, result.output
    workers = openpyxl.load_workbook(target)["工人"]
    assert {row[2] for row in workers.iter_rows(min_row=2, values_only=True)} == full
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.registry"))
    assert "共1件" in event.detail and "含完整身份证号码" in event.detail
    assert "用途：法院调取材料" in event.detail


def test_the_cli_export_without_a_user_masks_and_records_the_operator(app, runner, tmp_path):
    from tests.factories import make_office, make_user

    case = register(clerk=make_user(role=Role.CLERK, username="clerk-cli"))
    full = [w.worker.id_number for w in case.workers]
    target = tmp_path / "registry.xlsx"
    result = runner.invoke(args=["cases", "export", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "证件号码已脱敏" in result.output
    workers = openpyxl.load_workbook(target)["工人"]
    ids = [row[2] for row in workers.iter_rows(min_row=2, values_only=True)]
    assert ids == [i[:4] + "**********" + i[-4:] for i in full]
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.registry"))
    assert event.actor_id is None and "操作系统用户" in event.detail and "共1件" in event.detail
    make_office(code="QS", name="泉山区劳动保障监察大队", townships=("永安街道",))
    several = runner.invoke(args=["cases", "export", "--output", str(tmp_path / "y.xlsx")])
    assert several.exit_code != 0 and "--office" in several.output
    named = runner.invoke(args=["cases", "export", "--output", str(tmp_path / "y.xlsx"),
                                "--office", "qs"])
    assert named.exit_code == 0 and "全部 0 件" in named.output


def test_stored_control_characters_and_very_long_text_reach_no_workbook(app, client, login_as):
    """Records saved before today's input checks (or by a script) may hold control characters
    and text past the cell limit: the case list and the registry export still open, without
    the characters, and the long text ends with the visible cut mark."""
    from wagewatch.models import Case, Contractor, Worker

    from tests.reports.registry_factories import exported

    clerk = login_as(Role.CLERK, username="clerk-x")
    case = register(clerk=clerk, received_on=date(2026, 11, 2))
    long_summary = "拖欠工资" * 10_000  # 40,000 characters
    db.session.execute(db.update(Contractor).where(Contractor.id == case.employer_id)
                       .values(name="徐州\x01恒达\x1b建设有限公司"))
    db.session.execute(db.update(Case).where(Case.id == case.id).values(summary=long_summary))
    db.session.execute(db.update(Worker).values(name="张\x08三"))
    db.session.commit()
    office_id = clerk.office_id
    listed = openpyxl.load_workbook(io.BytesIO(export(app, client).data))["案件"]
    registry = openpyxl.load_workbook(io.BytesIO(exported(office_id)))
    texts = [c.value for book in (listed,) for row in book.iter_rows() for c in row
             if isinstance(c.value, str)]
    texts += [c.value for sheet in registry.worksheets for row in sheet.iter_rows() for c in row
              if isinstance(c.value, str)]
    assert "徐州恒达建设有限公司" in texts and "张三" in texts
    assert not [t for t in texts if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in t)]
    cut = [t for t in texts if t.endswith(CUT_MARK)]
    assert len(cut) == 1 and len(cut[0]) == MAX_CELL_TEXT and cut[0].startswith("拖欠工资" * 100)
