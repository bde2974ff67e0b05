"""Instruments generated at the case's steps, reopened with python-docx, served, downloaded."""

import hashlib
import io
from datetime import date, time
from decimal import Decimal
from urllib.parse import quote

import docx
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, IssuedDocument, NotAcceptedReason, Role, ServiceMethod
from wagewatch.services.cases import case_steps, payments
from wagewatch.services.documents import issuing, service_records

from tests.factories import issue_served_order, make_office, make_user, post, text_of
from tests.instruments.factories import accepted_case, documents_of


def text(document: IssuedDocument) -> str:
    """Every paragraph and table cell of the stored .docx, as a reader of the file sees it."""
    opened = docx.Document(io.BytesIO(document.content))
    parts = [p.text for p in opened.paragraphs]
    parts += [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def clerk(app, client, login_as):
    return login_as(Role.CLERK, username="clerk-documents")


def test_accepting_generates_the_acceptance_notice_and_the_filing_form(app, clerk):
    case = accepted_case(clerk)
    notice, = documents_of(case, "acceptance_notice")
    assert notice.number == "经开劳监受〔2026〕001号"
    content = text(notice)
    for expected in (case.number, "徐州恒达建筑劳务有限公司", "2026年9月21日", "2026年9月22日",
                     "《劳动保障监察条例》第十四条", case.workers[0].worker.name, "经开劳监受〔2026〕001号"):
        assert expected in content
    form, = documents_of(case, "filing_approval")
    assert form.number is None
    content = text(form)
    assert case.number in content and "主张金额" in content and "人民币贰万肆仟元整" in content
    assert "用工所在地" in content and "分管领导审批意见" in content


def test_the_payment_order_names_each_worker_the_total_in_capitals_and_the_basis(app, clerk):
    case = accepted_case(clerk)
    order = payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 3), clerk)
    document = issuing.order_document(order)
    assert order.document_number == document.number == "经开劳监限支〔2026〕001号"
    content = text(document)
    employer = case.employer
    for expected in (case.number, employer.name, employer.uscc, "张建军", "金山路18号",
                     "13852001234", "12,000.00", "7,500.50", "20,000.00", "39,500.50",
                     "人民币叁万玖仟伍佰元伍角", "3个工作日", "2026年9月29日",
                     "《劳动保障监察条例》第二十六条", "《中华人民共和国劳动合同法》第八十五条",
                     "60日内", "《中华人民共和国行政复议法》第二十条", "6个月内",
                     "《中华人民共和国行政诉讼法》第四十六条"):
        assert expected in content, expected
    for cw in case.workers:
        assert cw.worker.name in content and cw.worker.id_number in content
    assert document.sha256 == hashlib.sha256(document.content).hexdigest()
    assert document.data["total_capitals"] == "人民币叁万玖仟伍佰元伍角"
    assert document.template_version == "内置第1版"


def test_service_generates_the_receipt_and_starts_the_clock(app, clerk):
    case = accepted_case(clerk)
    order = payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 3), clerk)
    assert order.pay_by_on is None
    order_document = issuing.order_document(order)
    service_records.record_service(order_document, service_records.ServiceInput(
        recipient="徐州恒达建筑劳务有限公司", place="金山路18号项目部",
        method=ServiceMethod.RECEIVING_PERSON, served_on=date(2026, 9, 30),
        served_time=time(10, 30), servers="李明、周强",
        signer_name="刘芳", signer_capacity="单位收件人"), clerk)
    assert order.served_on == date(2026, 9, 30) and order.pay_by_on == date(2026, 10, 10)
    receipt, = documents_of(case, "service_receipt")
    assert receipt.served_document_id == order_document.id
    content = text(receipt)
    for expected in ("送达回证", "责令限期支付（改正）指令书", order.document_number, case.number,
                     "直接送达", "交单位收件人签收", "2026年9月30日10时30分", "刘芳（单位收件人）",
                     "李明、周强", "金山路18号项目部"):
        assert expected in content, expected
    notes = [e.note for e in case.events]
    assert any(n.startswith("送达《责令限期支付（改正）指令书》") and "2026-10-10" in n for n in notes)


def test_a_download_is_exactly_the_stored_bytes_and_is_audited(app, client, clerk):
    case = accepted_case(clerk)
    order = issue_served_order(case, issued_on=date(2026, 9, 29), actor=clerk)
    document = issuing.order_document(order)
    response = post(app, client, f"/cases/{case.id}/documents/{document.id}/download")
    assert response.status_code == 200
    assert response.data == document.content
    assert hashlib.sha256(response.data).hexdigest() == document.sha256
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert quote("责令限期支付（改正）指令书-经开劳监限支〔2026〕001号.docx") in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "document.download", AuditEvent.object_id == str(document.id)))
    page = text_of(client.get(f"/cases/{case.id}"))
    assert "责令限期支付（改正）指令书" in page and "送达回证" in page and "直接送达" in page


def test_another_offices_document_is_a_404_and_audited(app, client, clerk):
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("棠张镇",))
    foreign_clerk = make_user(role=Role.CLERK, username="clerk-tsq", office=other)
    case = accepted_case(foreign_clerk, office=other)
    document, = documents_of(case, "acceptance_notice")
    own = accepted_case(clerk)
    for url in (f"/cases/{case.id}/documents/{document.id}/download",
                f"/cases/{own.id}/documents/{document.id}/download"):
        assert post(app, client, url).status_code == 404
    assert client.get(f"/cases/{case.id}/documents/{document.id}/service").status_code == 404
    denial = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "access.out_of_office", AuditEvent.object_type == "issued_document"))
    assert denial is not None and not denial.success


def test_police_cannot_download_case_instruments(app, client, login_as):
    clerk = make_user(role=Role.CLERK, username="clerk-for-police")
    case = accepted_case(clerk)
    document, = documents_of(case, "acceptance_notice")
    login_as(Role.POLICE, username="police-documents")
    assert post(app, client, f"/cases/{case.id}/documents/{document.id}/download").status_code == 403


def test_a_correction_makes_version_2_and_keeps_version_1(app, client, clerk):
    case = accepted_case(clerk)
    order = issue_served_order(case, issued_on=date(2026, 9, 29), actor=clerk)
    first = issuing.order_document(order)
    case.employer.address = "徐州经济技术开发区高新路8号"
    db.session.commit()
    response = post(app, client, f"/cases/{case.id}/documents/{first.id}/correct",
                    {"issued_on": "2026-09-30", "reason": "住所有误"})
    assert response.status_code == 302
    db.session.expire_all()
    versions = documents_of(case, "payment_order")
    assert [(d.version, d.current, d.number) for d in versions] == [
        (1, False, order.document_number), (2, True, order.document_number)]
    assert "金山路18号" in text(versions[0]) and "高新路8号" in text(versions[1])
    assert versions[1].correction_reason == "住所有误" and versions[1].previous_id == first.id
    old = post(app, client, f"/cases/{case.id}/documents/{first.id}/download")
    assert old.data == versions[0].content
    refused = post(app, client, f"/cases/{case.id}/documents/{versions[1].id}/correct",
                   {"issued_on": "2026-09-30", "reason": ""})
    assert "请填写更正原因" in text_of(refused)


def test_extra_compensation_generates_the_handling_decision(app, clerk):
    case = accepted_case(clerk)
    order = issue_served_order(case, issued_on=date(2026, 9, 29), actor=clerk)
    payments.order_extra_compensation(order, Decimal("0.50"), date(2026, 10, 12), clerk)
    decision, = documents_of(case, "handling_decision")
    assert decision.number == "经开劳监处〔2026〕001号"
    content = text(decision)
    for expected in (order.document_number, "2026年9月29日", "2026年10月9日", "39,500.50",
                     "50%", "19,750.25", "人民币壹万玖仟柒佰伍拾元贰角伍分", "6,000.00",
                     "《中华人民共和国劳动合同法》第八十五条", "60日内", case.number):
        assert expected in content, expected


def test_a_provisional_pay_by_date_carries_its_note_in_the_handling_decision(app, clerk):
    from datetime import UTC, datetime

    app.config["CLOCK"] = lambda: datetime(2027, 1, 25, 2, 0, tzinfo=UTC)  # 25 January 2027
    case = accepted_case(clerk)
    # Served on 30 December 2026: the 3 working days run into 2027, a year not yet known.
    order = issue_served_order(case, issued_on=date(2026, 12, 30), actor=clerk)
    assert order.pay_by_provisional and order.pay_by_on.year == 2027
    payments.order_extra_compensation(order, Decimal("0.50"), date(2027, 1, 20), clerk)
    decision, = documents_of(case, "handling_decision")
    assert (f"支付期限于{order.pay_by_on.year}年{order.pay_by_on.month}月{order.pay_by_on.day}日"
            "（暂定：2027年节假日安排尚未录入完毕，按周一至周五估算）届满") in text(decision)
    assert decision.data["pay_by_on"].endswith("（暂定：2027年节假日安排尚未录入完毕，按周一至周五估算）")


def test_a_known_pay_by_date_has_no_provisional_note(app, clerk):
    case = accepted_case(clerk)
    order = issue_served_order(case, issued_on=date(2026, 9, 29), actor=clerk)
    payments.order_extra_compensation(order, Decimal("0.50"), date(2026, 10, 12), clerk)
    decision, = documents_of(case, "handling_decision")
    assert "暂定" not in text(decision)


def test_closing_generates_the_closing_form_with_the_instruments_and_money(app, clerk):
    case = accepted_case(clerk)
    order = issue_served_order(case, issued_on=date(2026, 9, 29), actor=clerk)
    case_steps.close(case, "withdraw", date(2026, 10, 20), "已协商支付", clerk)
    form, = documents_of(case, "closing_approval")
    content = text(form)
    for expected in (case.number, "2026年9月22日", "已撤销立案", order.document_number,
                     "2026年9月29日送达", "39,500.50", "已协商支付", "2026年10月20日"):
        assert expected in content, expected


def test_not_accepting_generates_the_notice_with_the_reason(app, clerk):
    from tests.web.cases.factories import register

    case = register(clerk=clerk, received_on=date(2026, 9, 21))
    case_steps.not_accept(case, NotAcceptedReason.OUTSIDE_JURISDICTION, "用工地在铜山区",
                          date(2026, 9, 24), clerk)
    notice, = documents_of(case, "non_acceptance_notice")
    content = text(notice)
    for expected in ("不予受理", "该投诉不属于本机关管辖", "《劳动保障监察条例》第十三条", "用工地在铜山区",
                     "用工所在地的劳动保障行政部门", "2026年9月24日", notice.number):
        assert expected in content, expected


def test_the_inquiry_notice_names_time_place_and_records(app, client, clerk):
    case = accepted_case(clerk)
    form = {"issued_on": "2026-09-23", "matter": "你单位涉嫌拖欠劳动者工资",
            "attendee": "法定代表人", "appear_on": "2026-09-22", "appear_time": "09:30",
            "place": "开发区劳动保障监察大队302室", "materials": "营业执照\n工资支付台账"}
    refused = post(app, client, f"/cases/{case.id}/inquiry-notices/new", form)
    assert "到场日期不能早于文书日期" in text_of(refused)
    assert "开发区劳动保障监察大队302室" in refused.get_data(as_text=True)  # nothing lost
    assert post(app, client, f"/cases/{case.id}/inquiry-notices/new",
                {**form, "appear_on": "2026-09-25"}).status_code == 302
    notice, = documents_of(case, "inquiry_notice")
    content = text(notice)
    for expected in ("2026年9月25日9时30分", "开发区劳动保障监察大队302室", "1．营业执照",
                     "2．工资支付台账", "《劳动保障监察条例》第十五条", "第三十条", notice.number):
        assert expected in content, expected
