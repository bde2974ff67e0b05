"""Uploaded workbooks: hostile, fake and oversized files refused with a Chinese message."""

import io
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from wagewatch.readers import upload_checks
from wagewatch.readers.upload_checks import (
    MAX_COLUMNS, MAX_ROWS, MAX_UPLOAD_BYTES, UploadRefused, iter_rows, open_upload,
)
from wagewatch.reports.xlsx_stream import stream_workbook

from tests.readers import bombs


def refusal(data: bytes, filename: str = "案件.xlsx") -> str:
    with pytest.raises(UploadRefused) as caught:
        open_upload(data, filename)
    return caught.value.message


def rows_of(data: bytes) -> list[tuple]:
    workbook = open_upload(data, "案件.xlsx")
    try:
        return list(iter_rows(workbook.worksheets[0]))
    finally:
        workbook.close()


def test_a_valid_workbook_opens_and_its_rows_are_read():
    workbook = open_upload(bombs.valid_workbook(), "历年案件.XLSX")
    try:
        assert workbook.read_only and not workbook.data_only
        assert workbook.sheetnames == ["案件"]
        assert list(iter_rows(workbook["案件"])) == [("姓名", "欠薪金额（元）"), ("张三", 1200)]
    finally:
        workbook.close()


def test_text_that_looks_like_a_formula_is_text_as_the_exports_write_it(app):
    buffer = io.BytesIO()
    with stream_workbook(buffer) as workbook:
        workbook.add_sheet("案件").append(['=HYPERLINK("http://x","点我")', "+1+1", 3])
    assert rows_of(buffer.getvalue()) == [('=HYPERLINK("http://x","点我")', "+1+1", 3)]


def test_the_empty_file_is_refused():
    assert refusal(b"") == "上传的文件是空的，请重新选择文件。"


def test_a_file_over_five_megabytes_is_refused_before_anything_else():
    assert refusal(b"PK\x03\x04" + bytes(MAX_UPLOAD_BYTES)) == "文件超过5MB上限，请分成几个较小的文件上传。"


@pytest.mark.parametrize("filename, shown", [
    ("案件.xls", ".xls"), ("案件.xlsm", ".xlsm"), ("案件.csv", ".csv"), ("案件", "无扩展名的"),
    ("案件.xlsx.exe", ".exe"),
])
def test_other_file_types_are_refused_by_name_with_the_save_as_hint(filename, shown):
    message = refusal(bombs.valid_workbook(), filename)
    assert message == (f"不接受{shown}文件，只接受Excel工作簿（.xlsx）。"
                       "请在Excel中“另存为”Excel工作簿（*.xlsx）后再上传。")


@pytest.mark.parametrize("data", [bombs.PNG, "姓名,金额\n张三,1200\n".encode()], ids=["png", "csv text"])
def test_a_renamed_non_xlsx_is_refused(data):
    assert refusal(data).startswith("该文件不是真正的Excel工作簿（.xlsx），可能只是改了扩展名。")


def test_an_old_xls_renamed_to_xlsx_is_named_as_such():
    assert refusal(bombs.ole_file(encrypted=False)).startswith("这是旧版Excel（.xls）格式的文件")


def test_a_password_protected_workbook_is_explained():
    assert refusal(bombs.ole_file(encrypted=True)).startswith("该工作簿设置了打开密码（已加密），系统无法读取。")


def test_a_workbook_with_macros_is_refused():
    assert refusal(bombs.with_macros()).startswith("工作簿含有宏（VBA等），系统不接受带宏的文件。")


def test_a_zip_bomb_is_refused_from_its_declared_size_without_unpacking():
    data = bombs.zip_bomb(200)
    assert len(data) < MAX_UPLOAD_BYTES
    assert refusal(data) == "文件解压后超过100MB，可能是恶意文件，系统拒绝处理。"


def test_a_member_compressed_a_thousandfold_is_refused():
    assert refusal(bombs.zip_bomb(20)) == "文件压缩比异常（疑似“压缩炸弹”），可能是恶意文件，系统拒绝处理。"


def test_a_compression_method_excel_never_uses_is_refused():
    assert refusal(bombs.bzip2_member()).startswith("文件内部使用了不支持的加密或压缩方式。")


def test_more_xml_than_the_reading_budget_is_refused(monkeypatch):
    monkeypatch.setattr(upload_checks, "MAX_XML_ELEMENTS", 1_000)
    data = bombs.with_sheet(bombs.numbered_rows(400, columns=2))
    assert refusal(data) == "文件内容过多，超出系统一次能处理的上限，请分成几个文件上传。"


def test_too_many_members_are_refused():
    assert refusal(bombs.many_members(200)).startswith("文件内部结构异常（包含的部件过多）")


@pytest.mark.parametrize("name", ["../evil.xml", "xl/../../evil.xml", "/etc/evil.xml", "C:\\evil.xml"])
def test_member_names_leaving_the_archive_are_refused(name):
    data = bombs.rebuild(bombs.valid_workbook(), add={name: b"<a/>"})
    assert refusal(data) == "文件内部含有不安全的路径，可能是恶意文件，系统拒绝处理。"


@pytest.mark.parametrize("data", [
    bombs.valid_workbook()[:-200],
    bombs.rebuild(bombs.valid_workbook(), drop=("xl/workbook.xml",)),
    bombs.rebuild(bombs.valid_workbook(), replace={bombs.SHEET: b"<worksheet><sheetData><row>"}),
    bombs.with_sheet('<row r="2"><c><v>1</v></c></row><row r="1"><c><v>2</v></c></row>'),
], ids=["truncated", "no workbook part", "malformed sheet", "rows out of order"])
def test_a_damaged_workbook_is_refused_as_damaged(data):
    assert refusal(data).startswith("文件已损坏或不是有效的Excel工作簿")


@pytest.mark.parametrize("build", [bombs.entity_bomb_in_sheet, bombs.entity_bomb_in_shared_strings],
                         ids=["sheet", "shared strings"])
def test_an_xml_entity_bomb_is_refused(build):
    assert refusal(build()).startswith("文件中含有不允许的XML实体定义，可能是恶意文件，系统拒绝处理。")


@pytest.mark.parametrize("build", [bombs.entity_bomb_in_sheet, bombs.entity_bomb_in_shared_strings],
                         ids=["sheet", "shared strings"])
def test_defusedxml_alone_also_refuses_the_entity_bomb(build, monkeypatch):
    # Our own expat scan switched off: openpyxl, parsing through defusedxml, must refuse it too.
    monkeypatch.setattr(upload_checks, "_scan_part", lambda *args: upload_checks._SheetScan())
    assert refusal(build()).startswith("文件中含有不允许的XML实体定义")


def test_the_app_refuses_to_import_the_checks_without_defusedxml():
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    result = subprocess.run([sys.executable, "-c", "import wagewatch.readers.upload_checks"],
                            cwd=Path(__file__).parents[2], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "defusedxml is not installed or openpyxl does not use it" in result.stderr


def test_a_formula_cell_is_refused_naming_sheet_row_and_column():
    rows = [["姓名", "金额", None]] + [["张三", 1, None]] * 10 + [[None, None, "=SUM(B2:B11)"]]
    assert refusal(bombs.valid_workbook(rows)) == (
        "工作表“案件”第12行C列是公式，请改为数值后再上传（可复制后用“选择性粘贴→数值”）。")


def test_a_shared_formula_without_a_cell_reference_is_found_too():
    rows = '<row r="1"><c><v>1</v></c><c><f t="shared" si="0"/><v>2</v></c></row>'
    assert refusal(bombs.with_sheet(rows)).startswith("工作表“案件”第1行B列是公式")


@pytest.mark.parametrize("dimension", [None, "A1:A1", f"A1:A{MAX_ROWS + 1}"],
                         ids=["no dimension", "lying dimension", "true dimension"])
def test_a_sheet_over_the_row_limit_is_refused_whatever_its_dimension_says(dimension):
    data = bombs.with_sheet(bombs.numbered_rows(MAX_ROWS + 1), dimension)
    assert refusal(data) == "工作表“案件”超过20000行（含表头），请分成几个文件上传。"


def test_a_sheet_at_the_row_limit_opens():
    assert len(rows_of(bombs.with_sheet(bombs.numbered_rows(MAX_ROWS), "A1:A1"))) == MAX_ROWS


def test_a_sheet_over_the_column_limit_is_refused():
    data = bombs.with_sheet(bombs.numbered_rows(2, columns=MAX_COLUMNS + 1), "A1:B2")
    assert refusal(data) == "工作表“案件”超过60列，请删除多余的列后再上传。"


def test_a_dimension_tag_claiming_too_many_rows_is_refused():
    assert refusal(bombs.with_sheet(bombs.numbered_rows(3), "A1:B1048576")).startswith("工作表“案件”超过20000行")


def test_a_dimension_tag_smaller_than_the_sheet_loses_no_row_or_column():
    rows = bombs.numbered_rows(30, columns=3)
    read = rows_of(bombs.with_sheet(rows, "A1:A2"))
    assert len(read) == 30 and all(row == (1, 1, 1) for row in read)


@pytest.mark.parametrize("read", [
    lambda sheet: list(iter_rows(sheet)),
    lambda sheet: list(sheet.iter_rows(values_only=True)),
    lambda sheet: list(sheet.values),
], ids=["iter_rows", "the sheet's iter_rows", "the sheet's values"])
@pytest.mark.parametrize("cell_xml", ['<c r="A2" t="s"><v>999</v></c>', '<c r="A2"><v>abc</v></c>'],
                         ids=["missing shared string", "number that is not one"])
def test_a_bad_cell_found_while_reading_rows_is_a_refusal_not_an_error(cell_xml, read):
    rows = f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2">{cell_xml}</row>'
    workbook = open_upload(bombs.with_sheet(rows), "案件.xlsx")
    with pytest.raises(UploadRefused, match=r"^文件已损坏或不是有效的Excel工作簿"):
        read(workbook.worksheets[0])
    workbook.close()


def test_iter_rows_still_refuses_a_formula_if_the_scan_missed_it(monkeypatch):
    monkeypatch.setattr(upload_checks, "_stop", lambda *args: None)  # the scan finds no problem
    rows = [["姓名"], ["=1+1"]]
    workbook = open_upload(bombs.valid_workbook(rows), "案件.xlsx")
    with pytest.raises(UploadRefused, match="第2行A列是公式"):
        list(iter_rows(workbook.worksheets[0]))
    workbook.close()


def test_every_refusal_stays_small_in_memory_and_the_next_upload_still_opens():
    hostile = [bombs.zip_bomb(200), bombs.zip_bomb(20), bombs.entity_bomb_in_sheet(),
               bombs.entity_bomb_in_shared_strings(), bombs.many_members(300), bombs.PNG,
               bombs.with_sheet(bombs.numbered_rows(MAX_ROWS + 1), "A1:A1")]
    for data in hostile:
        tracemalloc.start()
        with pytest.raises(UploadRefused):
            open_upload(data, "案件.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 50 * 1024 * 1024, peak
    assert rows_of(bombs.valid_workbook()) == [("姓名", "欠薪金额（元）"), ("张三", 1200)]
