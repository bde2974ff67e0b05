"""A clerk attaches evidence to a case: every accepted type is kept byte for byte, every hostile
file is refused beside the field with nothing stored."""

import hashlib

import pytest

from wagewatch.extensions import db
from wagewatch.files import storage
from wagewatch.files.sniffing import FileRefused, check_name
from wagewatch.models import Attachment, AttachmentKind, AuditEvent, ContentType, Role

from tests.factories import text_of
from tests.web.cases.factories import register
from tests.web.evidence import files
from tests.web.evidence.files import upload


@pytest.fixture
def case(app):
    return register()


@pytest.mark.parametrize(("content", "name", "content_type"), [
    (files.jpeg(), "张贴现场.jpg", ContentType.JPEG),
    (files.png(), "考勤截图.png", ContentType.PNG),
    (files.pdf(3), "询问笔录.pdf", ContentType.PDF),
    (files.docx_file(), "劳动合同.docx", ContentType.DOCX),
    (files.xlsx_file(), "工资表.xlsx", ContentType.XLSX),
    (files.mp4(), "送达录像.mp4", ContentType.MP4),
], ids=lambda value: value.value if isinstance(value, ContentType) else None)
def test_each_accepted_type_is_stored_byte_for_byte(app, client, login_as, case, content, name,
                                                    content_type):
    clerk = login_as(Role.CLERK)
    response = upload(app, client, case.id, content, name, kind="other", note="第一次询问")
    assert response.status_code == 302 and response.headers["Location"].endswith("#attachments")
    attachment = db.session.scalar(db.select(Attachment))
    assert attachment.content_type is content_type
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size_bytes == len(content)
    assert attachment.original_name == name and attachment.uploaded_by_id == clerk.id
    assert attachment.note == "第一次询问" and attachment.case_id == case.id
    assert storage.object_path(attachment.sha256).read_bytes() == content
    assert attachment.page_count == (3 if content_type is ContentType.PDF else None)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "attachment.create"))
    assert event.object_id == str(attachment.id) and event.actor_id == clerk.id


def test_the_photo_keeps_its_exif_and_is_stored_read_only(app, client, login_as, case):
    login_as(Role.CLERK)
    photo = files.jpeg()
    upload(app, client, case.id, photo, "现场.jpg")
    stored = storage.object_path(hashlib.sha256(photo).hexdigest())
    assert b"HUAWEI" in stored.read_bytes() and stored.read_bytes() == photo
    assert stored.stat().st_mode & 0o777 == 0o400


def test_the_type_comes_from_the_content_not_the_name(app, client, login_as, case):
    login_as(Role.CLERK)
    upload(app, client, case.id, files.pdf(1), "照片.jpg")
    attachment = db.session.scalar(db.select(Attachment))
    assert attachment.content_type is ContentType.PDF
    page = text_of(client.get(f"/cases/{case.id}"))
    assert "照片.jpg" in page and "PDF文档，1页" in page


REFUSED = [
    ("html_as_jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "照片.jpg",
     "网页、SVG或XML文件"),
    ("svg_as_jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "照片.jpg",
     "网页、SVG或XML文件"),
    ("jpeg_and_zip", files.jpeg() + files.plain_zip(), "照片.jpg", "同时含有另一种格式"),
    ("jpeg_and_html", files.jpeg() + b"<script>alert(1)</script>", "照片.jpg", "同时含有另一种格式"),
    ("pdf_javascript", files.pdf(1, javascript=True), "笔录.pdf", "JavaScript"),
    ("pdf_hidden_javascript", files.pdf_with_hidden_javascript(), "笔录.pdf", "JavaScript"),
    ("pdf_launch", files.pdf(1, launch=True), "笔录.pdf", "启动程序"),
    ("pdf_password", files.encrypted_pdf(), "笔录.pdf", "打开密码"),
    ("windows_exe", b"MZ\x90\x00\x03" + b"\x00" * 100, "照片.jpg", "可执行程序"),
    ("elf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "工资表.pdf", "可执行程序"),
    ("shebang", b"#!/bin/sh\nrm -rf /\n", "说明.docx", "可执行程序"),
    ("empty", b"", "照片.jpg", "空的"),
    ("zip_bomb", files.zip_bomb_docx(), "合同.docx", "压缩炸弹"),
    ("office_password", files.encrypted_office(), "工资表.xlsx", "打开密码"),
    ("office_macros", files.macro_docx(), "合同.docx", "宏"),
    ("plain_zip", files.plain_zip(), "材料.zip", "压缩包"),
    ("image_bomb", files.png_claiming(100_000, 100_000), "照片.png", "解压炸弹"),
    ("video_with_tail", files.mp4() + b"junk-after-the-last-box", "录像.mp4", "结构不完整"),
    ("unknown", b"just some text", "说明.txt", "无法识别的文件类型"),
    ("slash_in_name", files.jpeg(), "../../etc/照片.jpg", "路径分隔符"),
    ("control_in_name", files.jpeg(), "照片\x07.jpg", "控制字符"),
    ("disguised_name", files.jpeg(), "照片\u202egpj.exe", "控制字符"),
]


@pytest.mark.parametrize(("content", "name", "message"), [r[1:] for r in REFUSED],
                         ids=[r[0] for r in REFUSED])
def test_a_hostile_file_is_refused_beside_the_field_and_nothing_is_stored(
        app, client, login_as, case, content, name, message):
    login_as(Role.CLERK)
    before = set(storage.stored_objects())
    response = upload(app, client, case.id, content, name, kind="identity", note="我写的说明")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-field="evidence-file"' in html and message in text_of(response)
    assert 'value="我写的说明"' in html  # what the clerk typed is kept
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
    assert set(storage.stored_objects()) == before
    assert not list(storage.temporary_folder().iterdir())
    refusal = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "attachment.refused"))
    assert refusal is not None and not refusal.success


def test_no_file_chosen_is_asked_for(app, client, login_as, case):
    login_as(Role.CLERK)
    response = upload(app, client, case.id, b"", "", kind="identity")
    assert "请选择要上传的文件" in text_of(response)


def test_a_file_over_its_type_limit_is_refused_with_the_limit(app, client, login_as, case):
    app.config["ATTACHMENT_MAX_IMAGE_BYTES"] = 10_000
    login_as(Role.CLERK)
    response = upload(app, client, case.id, files.jpeg(1200, 900), "大照片.jpg")
    assert "JPEG图片不能超过10KB（此文件约" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_a_file_is_linked_to_a_worker_of_the_case(app, client, login_as, case):
    login_as(Role.CLERK)
    worker = case.workers[1]
    upload(app, client, case.id, files.jpeg(), "身份证.jpg", kind="identity",
           link=f"worker:{worker.id}")
    attachment = db.session.scalar(db.select(Attachment))
    assert attachment.case_worker_id == worker.id and attachment.kind is AttachmentKind.IDENTITY


def test_a_record_of_another_case_cannot_be_linked(app, client, login_as, case):
    login_as(Role.CLERK)
    other = register(employer=None)
    response = upload(app, client, case.id, files.jpeg(), "身份证.jpg", kind="identity",
                      link=f"worker:{other.workers[0].id}")
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_the_same_file_sent_twice_is_kept_once(app, client, login_as, case):
    login_as(Role.CLERK)
    photo = files.jpeg()
    upload(app, client, case.id, photo, "现场.jpg")
    response = upload(app, client, case.id, photo, "现场.jpg")
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 1


def test_the_case_page_lists_attachments_with_their_facts(app, client, login_as, case):
    login_as(Role.CLERK, display_name="李监察")
    photo = files.jpeg()
    upload(app, client, case.id, photo, "张贴现场.jpg")
    page = client.get(f"/cases/{case.id}")
    row = text_of(page)
    assert "送达照片/视频" in row and "张贴现场.jpg" in row and "李监察" in row
    assert hashlib.sha256(photo).hexdigest()[:12] in row
    assert "/thumbnail" in page.get_data(as_text=True)


@pytest.mark.parametrize("name", ["C:\\temp\\照片.jpg", "..", "a/b.jpg", "照片\x00.jpg", "照片\x7f.jpg",
                                  "照片\u200b.jpg", "   "])
def test_names_that_could_act_as_paths_or_hide_the_type_are_refused(name):
    with pytest.raises(FileRefused):
        check_name(name)


def test_an_ordinary_chinese_name_with_spaces_is_kept_as_given():
    assert check_name("2026年11月 张贴现场 (1).jpg") == "2026年11月 张贴现场 (1).jpg"
