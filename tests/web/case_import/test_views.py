"""The import page: template download, refused uploads, the error list and report, success."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Case, CaseImport, Role

from tests.conftest import wait_for_background_exports
from tests.factories import make_office, make_user, post, text_of
from tests.web.case_import.factories import case_row, filled_template, worker_row

pytestmark = pytest.mark.committing


def _upload(app, client, data: bytes, name: str = "cases.xlsx"):
    """Upload as the form does; an accepted file's background job is waited for."""
    response = post(app, client, "/cases/import/", {"file": (io.BytesIO(data), name)},
                    content_type="multipart/form-data")
    if response.status_code == 303:
        wait_for_background_exports(app)
    return response


def test_the_case_list_links_to_the_import_page_and_the_template_downloads(app, client, login_as):
    login_as(Role.CLERK)
    assert "/cases/import/" in client.get("/cases/").get_data(as_text=True)
    page = client.get("/cases/import/")
    assert "下载导入模板" in text_of(page)
    template = client.get("/cases/import/template.xlsx")
    assert template.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(template.data))
    assert book.sheetnames[:3] == ["案件", "工人", "限期支付"] and "填写说明" in book.sheetnames


def test_a_renamed_non_workbook_is_refused_beside_the_field_and_the_app_keeps_serving(
        app, client, login_as):
    login_as(Role.CLERK)
    response = _upload(app, client, b"\x00\x01 this is not a spreadsheet", "cases.xlsx")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-field="file"' in html and "不是真正的Excel工作簿" in html
    assert client.get("/cases/").status_code == 200
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0


def test_no_file_chosen_is_asked_for_beside_the_field(app, client, login_as):
    login_as(Role.CLERK)
    response = post(app, client, "/cases/import/", {}, content_type="multipart/form-data")
    assert "请选择要上传的Excel工作簿" in response.get_data(as_text=True)


def test_an_oversized_upload_is_refused_with_a_chinese_message(app, client, login_as):
    login_as(Role.CLERK)
    response = _upload(app, client, b"PK\x03\x04" + b"0" * (6 * 1024 * 1024))
    assert response.status_code == 413 and "超过了允许的大小" in text_of(response)
    assert client.get("/cases/import/").status_code == 200


def test_a_workbook_with_errors_lists_them_and_offers_the_report(app, client, login_as):
    login_as(Role.CLERK)
    data = filled_template([case_row(1), case_row(2, **{"镇（街道）": "火星街道"})],
                           [worker_row(1, 101), worker_row(2, 102, 身份证号码="123")])
    response = _upload(app, client, data)
    assert response.status_code == 303 and "/cases/import/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"], follow_redirects=True)
    text = text_of(page)
    assert "文件未导入" in text and "共 2 处错误" in text
    assert "案件 3 E 镇（街道） 本机构没有名为“火星街道”的镇（街道）。" in text
    assert "工人 3 C 身份证号码 身份证号码应为18位。" in text
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0
    attempt = db.session.scalar(db.select(CaseImport))
    report = client.get(f"/cases/import/{attempt.id}/errors.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(report.data))["错误清单"]
    assert [c.value for c in sheet[2]] == ["工作表", "行号", "列", "列名", "问题"]
    assert [c.value for c in sheet[3]] == ["案件", 3, "E", "镇（街道）", "本机构没有名为“火星街道”的镇（街道）。"]
    assert [c.value for c in sheet[4]] == ["工人", 3, "C", "身份证号码", "身份证号码应为18位。"]


def test_a_good_workbook_imports_and_links_its_cases(app, client, login_as):
    login_as(Role.CLERK)
    data = filled_template([case_row(1), case_row(2, 案号="老案2019-7")],
                           [worker_row(1, 101), worker_row(2, 102), worker_row(2, 103)])
    response = _upload(app, client, data)
    page = client.get(response.headers["Location"], follow_redirects=True)
    assert "已导入 2 件案件、3 名工人" in text_of(page)
    cases = db.session.scalars(db.select(Case).order_by(Case.id)).all()
    assert [c.number for c in cases] == ["经开劳监〔2026〕0001号", "经开劳监〔2026〕0002号"]
    assert "原案号：老案2019-7" in cases[1].events[-1].note
    assert f"/cases/{cases[0].id}" in page.get_data(as_text=True)
    assert cases[0].employer_id == cases[1].employer_id  # one employer, matched by USCC
    again = _upload(app, client, data, "copy.xlsx")
    assert "不会重复导入" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 2
    actions = db.session.scalars(db.select(AuditEvent.detail).where(
        AuditEvent.action == "import.cases")).all()
    assert any("cases.xlsx" in a and "案件2件" in a for a in actions)


def test_another_offices_import_result_is_not_found(app, client, login_as):
    other = make_office(code="XZB", name="另一监察大队")
    stranger = make_user(role=Role.CLERK, username="stranger", office=other)
    attempt = CaseImport(office_id=other.id, user_id=stranger.id, file_name="x.xlsx",
                         sha256="1" * 64, errors=[])
    db.session.add(attempt)
    db.session.commit()
    login_as(Role.CLERK)
    assert client.get(f"/cases/import/{attempt.id}").status_code == 404
    assert client.get(f"/cases/import/{attempt.id}/errors.xlsx").status_code == 404


def test_leaders_cannot_import(app, client, login_as):
    login_as(Role.LEADER)
    assert client.get("/cases/import/").status_code == 403
    assert "/cases/import/" not in client.get("/cases/").get_data(as_text=True)


def test_imported_cases_of_every_status_open_on_the_case_page(app, client, login_as):
    clerk = login_as(Role.CLERK)
    rows = [case_row(1), case_row(2, 状态="已立案调查", 受理日期="2026-10-13"),
            case_row(3, 状态="已办结", 受理日期="2026-10-13", 结案日期="2026-11-02"),
            case_row(4, 状态="不予受理", 不予受理原因="不属于本机构管辖", 结案日期="2026-10-14"),
            case_row(5, 状态="已移送", 受理日期="2026-10-13", 结案日期="2026-11-02", 移送部门="市住建局"),
            case_row(6, 状态="已撤销立案", 受理日期="2026-10-13", 结案日期="2026-11-02")]
    data = filled_template(rows, [worker_row(k, 100 + k) for k in range(1, 7)])
    response = _upload(app, client, data)
    assert "已导入 6 件案件" in text_of(client.get(response.headers["Location"],
                                                 follow_redirects=True))
    for case in db.session.scalars(db.select(Case).where(Case.office_id == clerk.office_id)):
        page = client.get(f"/cases/{case.id}")
        assert page.status_code == 200 and case.status.label in text_of(page)


def _rezipped(data: bytes, member: str, content: bytes) -> bytes:
    """The workbook with one member replaced (as a tampered or malicious file would be)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == member else source.read(item))
    return out.getvalue()


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


def test_a_zip_bomb_and_an_xml_entity_bomb_are_refused_and_the_app_keeps_serving(
        app, client, login_as):
    login_as(Role.CLERK)
    data = filled_template([case_row(1)], [worker_row(1, 101)])
    bomb = _rezipped(data, "xl/worksheets/sheet1.xml", b" " * (3 * 1024 * 1024))
    laughs = _rezipped(data, "xl/worksheets/sheet1.xml", LAUGHS)
    for payload, message in ((bomb, "压缩炸弹"), (laughs, "XML实体")):
        response = _upload(app, client, payload)
        assert response.status_code == 200
        assert message in text_of(response) and 'data-field="file"' in response.get_data(as_text=True)
    assert client.get("/cases/").status_code == 200
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0
