"""Case instruments: download the stored bytes or a PDF, record service, correct, inquiry notice."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from wagewatch.extensions import csrf
from wagewatch.files.uploads import accepts_files
from wagewatch.instruments import pdf
from wagewatch.models import Case, IssuedDocument, Role, ServiceMethod
from wagewatch.rules.chinese_text import chinese_date
from wagewatch.services import ServiceError
from wagewatch.services.cases.inquiries import InquiryInput, issue_inquiry_notice
from wagewatch.services.documents import attachments, issuing, service_records
from wagewatch.web.cases.views import field_error
from wagewatch.web.documents.forms import CorrectionForm, DownloadForm, InquiryForm, ServiceForm
from wagewatch.web.permissions import guard, roles
from wagewatch.web.scoping import get_in_office_or_404

bp = guard(Blueprint("documents", __name__, url_prefix="/cases"), {Role.CLERK, Role.LEADER})

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _document(case_id: int, document_id: int) -> IssuedDocument:
    """The document within the user's office (else 404, audited) and of this case."""
    document = get_in_office_or_404(IssuedDocument, document_id)
    if document.case_id != case_id:
        abort(404)
    return document


def _back(case_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("cases.show_case", case_id=case_id, _anchor="documents"))


@bp.route("/<int:case_id>/documents/<int:document_id>/download", methods=["POST"])
def download_document(case_id: int, document_id: int):
    """Exactly the stored bytes, as an attachment with a Chinese file name (audited)."""
    document = _document(case_id, document_id)
    if not DownloadForm().validate_on_submit():
        abort(400)
    issuing.download(document, current_user)
    return send_file(io.BytesIO(document.content), as_attachment=True, mimetype=DOCX,
                     download_name=issuing.file_name(document))


@bp.route("/<int:case_id>/documents/<int:document_id>/pdf", methods=["POST"])
def download_pdf(case_id: int, document_id: int):
    """The stored document converted to PDF by LibreOffice, where it is installed."""
    document = _document(case_id, document_id)
    if not DownloadForm().validate_on_submit():
        abort(400)
    if not pdf.available():
        flash("本服务器未安装 LibreOffice，无法转换为 PDF；请下载 Word 文档。", "warning")
        return redirect(url_for("cases.show_case", case_id=case_id, _anchor="documents"))
    try:
        data = pdf.convert(document.content)
    except pdf.ConversionFailed:
        flash("PDF 转换失败，请下载 Word 文档。", "danger")
        return redirect(url_for("cases.show_case", case_id=case_id, _anchor="documents"))
    issuing.download(document, current_user, as_pdf=True)
    return send_file(io.BytesIO(data), as_attachment=True, mimetype="application/pdf",
                     download_name=issuing.file_name(document, "pdf"))


@bp.route("/<int:case_id>/documents/<int:document_id>/service", methods=["GET", "POST"])
@roles(Role.CLERK)
@csrf.exempt  # the form checks its token after login and role, before the files are kept
@accepts_files
def record_service(case_id: int, document_id: int):
    document = _document(case_id, document_id)
    employer = document.case.employer
    proofs = [(a.id, f"{a.original_name}（{a.content_type.label}，{a.uploaded_at:%Y-%m-%d}）")
              for a in attachments.unlinked_service_proofs(document.case)]
    form = ServiceForm(proofs, data={"recipient": employer.name, "place": employer.address or ""})
    if form.validate_on_submit():
        try:
            service_records.record_service(
                document, _service_input(form), current_user,
                uploads=[(f.stream, f.filename) for f in form.service_attachments.data or []
                         if f and f.filename],
                chosen_attachment_ids=form.proof_ids.data or [])
        except ServiceError as error:
            field_error(form, error, "served_on")
        else:
            message = f"已登记《{document.data['title']}》的送达，并生成送达回证。"
            proceeding_id = document.data.get("proceeding_id")
            if request.args.get("back") == "proceeding" and proceeding_id:
                flash(message, "success")
                return redirect(url_for("blacklist.show_proceeding", proceeding_id=proceeding_id))
            return _back(case_id, message)
    return render_template("cases/step_form.html", case=document.case, form=form,
                           title=f"登记送达：《{document.data['title']}》{document.number or ''}",
                           hint="按签收的送达回证填写；保存后生成送达回证。责令支付的期限自送达之日起计算。"
                                "张贴送达须附现场照片或录像。")


def _service_input(form: ServiceForm) -> service_records.ServiceInput:
    return service_records.ServiceInput(
        recipient=form.recipient.data, place=form.place.data,
        method=ServiceMethod(form.method.data), served_on=form.served_on.data,
        served_time=form.served_time.data, servers=form.servers.data,
        signer_name=form.signer_name.data or None, signer_capacity=form.signer_capacity.data or None,
        refusal_note=form.refusal_note.data or None, evidence=form.evidence.data or None)


@bp.route("/<int:case_id>/documents/<int:document_id>/correct", methods=["GET", "POST"])
@roles(Role.CLERK)
def correct_document(case_id: int, document_id: int):
    document = _document(case_id, document_id)
    form = CorrectionForm()
    if form.validate_on_submit():
        try:
            corrected = issuing.correct(document, form.reason.data, form.issued_on.data,
                                          current_user)
        except ServiceError as error:
            field_error(form, error, "reason")
        else:
            return _back(case_id, f"已生成第{corrected.version}版，原版本仍保留。")
    return render_template("cases/step_form.html", case=document.case, form=form,
                           title=f"更正《{document.data['title']}》{document.number or ''}",
                           hint="更正生成新版本（文号不变），原版本保留并可下载；已送达的，更正版本需重新送达。")


@bp.route("/<int:case_id>/inquiry-notices/new", methods=["GET", "POST"])
@roles(Role.CLERK)
def issue_inquiry(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = InquiryForm()
    if form.validate_on_submit():
        try:
            issue_inquiry_notice(case, InquiryInput(
                issued_on=form.issued_on.data, matter=form.matter.data,
                attendee=form.attendee.data, appear_on=form.appear_on.data,
                appear_time=form.appear_time.data, place=form.place.data,
                materials=[line.strip() for line in form.materials.data.splitlines()
                           if line.strip()]), current_user)
        except ServiceError as error:
            field_error(form, error, "appear_on")
        else:
            return _back(case_id, "已生成询问通知书，请送达后登记送达。")
    return render_template("cases/step_form.html", case=case, form=form, title="询问通知书",
                           hint=f"通知用人单位到场接受询问（{chinese_date(case.received_on)}收到投诉）。")
