"""An office's own templates: checked and sandboxed at upload, previewed on a case, versioned."""

import io
import zipfile
from datetime import date

import docx
import pytest

from wagewatch.extensions import db
from wagewatch.instruments.kinds import KINDS
from wagewatch.instruments.layout import Para, Spec, build_template
from wagewatch.instruments.specs import PAYMENT_ORDER
from wagewatch.models import AuditEvent, InstrumentTemplate, Role
from wagewatch.services.cases import payments
from wagewatch.services.documents import issuing

from tests.factories import make_office, make_user, post, text_of
from tests.instruments.factories import accepted_case

URL = "/admin/instrument-templates/"


@pytest.fixture
def admin(app, client, login_as):
    return login_as(Role.ADMIN, username="admin-templates")


def upload(app, client, data: bytes, name: str = "指令书.docx", kind: str = "payment_order"):
    return post(app, client, URL, {"kind": kind, "file": (io.BytesIO(data), name)},
                content_type="multipart/form-data")


def own_template(extra: str) -> bytes:
    """The default 指令书 with one more paragraph, as an office would edit it."""
    return build_template(Spec((*PAYMENT_ORDER.blocks, Para(extra))))


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            out.writestr(member.filename, content if member.filename == name
                         else source.read(member.filename))
        if name not in source.namelist():
            out.writestr(name, content)
    return target.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (own_template("{{ ''.__class__.__mro__ }}"), "不允许的表达式"),
    (own_template("{{ boss_salary }}"), "未知的变量：boss_salary"),
    (own_template("{{ employer.bank_account }}"), "未知的变量：bank_account"),
    (replace_member(KINDS["payment_order"].default_template(), "word/vbaProject.bin", b"x"), "宏"),
    (b"<html><script>alert(1)</script></html>", "不是真正的Word文档"),
    (b"", "文件是空的"),
    (replace_member(KINDS["payment_order"].default_template(), "word/document.xml",
                    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><d>&x;</d>'), "实体定义"),
])
def test_a_dangerous_or_broken_template_is_refused_and_nothing_is_stored(app, client, admin,
                                                                         data, message):
    response = upload(app, client, data)
    assert response.status_code == 422
    assert message in text_of(response)
    assert db.session.scalar(db.select(InstrumentTemplate)) is None
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "instrument_template.refused"))


def test_a_template_is_previewed_on_a_real_case_then_activated_and_recorded(app, client, admin):
    clerk = make_user(role=Role.CLERK, username="clerk-templates")
    case = accepted_case(clerk)
    payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 3), clerk)
    response = upload(app, client, own_template("本机构补充说明：请携带公章。"))
    assert response.status_code == 302
    template = db.session.scalar(db.select(InstrumentTemplate))
    assert (template.version, template.active) == (1, False)
    post(app, client, f"{URL}{template.id}/activate")
    db.session.refresh(template)
    assert not template.active  # not before a preview
    refused = post(app, client, f"{URL}{template.id}/preview", {"case_number": "经开劳监〔2099〕1号"})
    assert "本机构没有这个案号的案件" in text_of(refused)
    preview = post(app, client, f"{URL}{template.id}/preview", {"case_number": case.number})
    previewed = "\n".join(p.text for p in docx.Document(io.BytesIO(preview.data)).paragraphs)
    assert "本机构补充说明：请携带公章。" in previewed and case.employer.name in previewed
    post(app, client, f"{URL}{template.id}/activate")
    db.session.refresh(template)
    assert template.active

    second = payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 30), 3), clerk)
    issued = issuing.order_document(second)
    assert issued.template_id == template.id and issued.template_version == "本机构第1版"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(issued.content)).paragraphs)
    assert "本机构补充说明：请携带公章。" in text
    first = issuing.order_document(case.payment_orders[0])
    assert first.template_version == "内置第1版"  # documents keep the version they were made with

    upload(app, client, own_template("第二版"))
    newer = db.session.scalar(db.select(InstrumentTemplate).where(InstrumentTemplate.version == 2))
    post(app, client, f"{URL}{newer.id}/preview", {"case_number": case.number})
    post(app, client, f"{URL}{newer.id}/activate")
    db.session.expire_all()
    assert [(t.version, t.active) for t in db.session.scalars(db.select(InstrumentTemplate)
            .order_by(InstrumentTemplate.version))] == [(1, False), (2, True)]
    post(app, client, f"{URL}payment_order/default", {"restore": "1"})
    db.session.expire_all()
    assert not any(t.active for t in db.session.scalars(db.select(InstrumentTemplate)))


def test_another_offices_template_is_a_404(app, client, admin):
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("棠张镇",))
    stranger = make_user(role=Role.ADMIN, username="admin-tsq", office=other)
    template = InstrumentTemplate(office_id=other.id, kind="payment_order", version=1,
                                  file_name="a.docx", content=b"PK", sha256="0" * 64,
                                  uploaded_by_id=stranger.id)
    db.session.add(template)
    db.session.commit()
    assert client.get(f"{URL}{template.id}").status_code == 404
    assert post(app, client, f"{URL}{template.id}/activate").status_code == 404


def test_the_default_template_downloads_for_editing(app, client, admin):
    response = post(app, client, f"{URL}payment_order/default")
    assert response.data == KINDS["payment_order"].default_template()
    assert text_of(client.get(URL)).count("内置第1版") == len(KINDS)
