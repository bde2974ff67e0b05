"""Evidence views: a case's attachments page and upload, a proceeding's upload, download,
thumbnail and withdrawal. Downloads are office-scoped, audited and served inert."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from wagewatch.extensions import csrf
from wagewatch.files.uploads import SpooledUpload, accepts_files
from wagewatch.models import (
    Attachment, AttachmentKind, BlacklistProceeding, Case, PoliceReferral, Role,
)
from wagewatch.services import ServiceError
from wagewatch.services.documents import attachments as service
from wagewatch.web.evidence.forms import AttachmentForm, WithdrawForm
from wagewatch.web.permissions import guard, roles
from wagewatch.web.scoping import get_in_office_or_404

#: The police see evidence only inside a hand-over pack handed to them (security.md item 27).
bp = guard(Blueprint("evidence", __name__), {Role.CLERK, Role.LEADER})

#: A downloaded file never runs as a page of the app, whatever a browser makes of it.
DOWNLOAD_POLICY = "sandbox; default-src 'none'"


def case_section(case: Case, form: AttachmentForm | None = None,
                 referrals: Sequence[PoliceReferral] | None = None) -> dict:
    """What the attachments section of a case page shows (``referrals``: the case's, when the
    page has read them)."""
    return {"attachments": service.attachments_of_case(case.id),
            "form": form or AttachmentForm(service.case_link_choices(case, referrals)),
            "withdraw_form": WithdrawForm()}


@bp.route("/cases/<int:case_id>/attachments")
def case_attachments(case_id: int):
    """The case's attachments and the upload form; ``?link=referral_item:5`` preselects the
    record the file is for (the referral page links here for each item of its file)."""
    case = get_in_office_or_404(Case, case_id)
    form = AttachmentForm(service.case_link_choices(case))
    wanted = request.args.get("link", "")
    if wanted in {choice.value for choice in form.link.choices}:
        form.link.data = wanted
    return render_template("evidence/case_attachments.html", case=case,
                           section=case_section(case, form))


@bp.route("/cases/<int:case_id>/attachments", methods=["POST"])
@roles(Role.CLERK)
@csrf.exempt  # the form checks its token after login and role, before the body is kept
@accepts_files
def upload_to_case(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = AttachmentForm(service.case_link_choices(case))
    if form.validate_on_submit():
        try:
            attachment, created = service.attach_to_case(case, *_upload(form), _input(form),
                                                         current_user)
        except ServiceError as error:
            _field(form, error).errors.append(error.message)
        else:
            flash(f"已上传“{attachment.original_name}”。" if created else
                  f"该文件已在本案材料中（{attachment.original_name}），未重复保存。", "success")
            return redirect(url_for("cases.show_case", case_id=case.id) + "#attachments")
    return render_template("evidence/case_attachments.html", case=case,
                           section=case_section(case, form))


@bp.route("/blacklist/<int:proceeding_id>/attachments")
def proceeding_attachments(proceeding_id: int):
    proceeding = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    return _proceeding_page(proceeding, AttachmentForm(service.proceeding_link_choices(proceeding)))


@bp.route("/blacklist/<int:proceeding_id>/attachments", methods=["POST"])
@roles(Role.CLERK)
@csrf.exempt  # the form checks its token after login and role, before the body is kept
@accepts_files
def upload_to_proceeding(proceeding_id: int):
    proceeding = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = AttachmentForm(service.proceeding_link_choices(proceeding))
    if form.validate_on_submit():
        try:
            attachment, created = service.attach_to_proceeding(
                proceeding, *_upload(form), _input(form), current_user)
        except ServiceError as error:
            _field(form, error).errors.append(error.message)
        else:
            flash(f"已上传“{attachment.original_name}”。" if created else
                  "该文件已在本程序材料中，未重复保存。", "success")
            return redirect(url_for("evidence.proceeding_attachments", proceeding_id=proceeding.id))
    return _proceeding_page(proceeding, form)


def _proceeding_page(proceeding: BlacklistProceeding, form: AttachmentForm):
    return render_template("evidence/proceeding_attachments.html", proceeding=proceeding,
                           attachments=service.attachments_of_proceeding(proceeding.id),
                           form=form, withdraw_form=WithdrawForm())


def _upload(form: AttachmentForm) -> tuple[SpooledUpload | None, str | None]:
    """The streamed file and its name as sent, or (None, None) when no file came."""
    storage = form.file.data
    return (storage.stream, storage.filename) if storage else (None, None)


def _input(form: AttachmentForm) -> service.AttachmentInput:
    return service.AttachmentInput(kind=AttachmentKind(form.kind.data), link=form.link.data or None,
                                   note=form.note.data or None)


def _field(form, error: ServiceError):
    return getattr(form, error.field or "file", None) or form.file


@bp.route("/attachments/<int:attachment_id>/download")
def download_attachment(attachment_id: int):
    attachment = get_in_office_or_404(Attachment, attachment_id)
    try:
        path = service.record_download(attachment, current_user)
    except ServiceError:
        abort(404)
    response = send_file(path, mimetype=attachment.content_type.mimetype, as_attachment=True,
                         download_name=service.download_name(attachment), conditional=False,
                         etag=False)
    response.headers["Content-Security-Policy"] = DOWNLOAD_POLICY
    return response


@bp.route("/attachments/<int:attachment_id>/thumbnail")
def show_thumbnail(attachment_id: int):
    attachment = get_in_office_or_404(Attachment, attachment_id)
    path = service.ensure_thumbnail(attachment)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/jpeg", conditional=False, etag=False)
    response.headers["Content-Security-Policy"] = DOWNLOAD_POLICY
    return response


@bp.route("/attachments/<int:attachment_id>/withdraw", methods=["GET", "POST"])
@roles(Role.CLERK)
def withdraw_attachment(attachment_id: int):
    attachment = get_in_office_or_404(Attachment, attachment_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            service.withdraw_attachment(attachment, form.reason.data, current_user)
        except ServiceError as error:
            form.reason.errors.append(error.message)
        else:
            flash(f"已撤回“{attachment.original_name}”，文件和记录仍保留。", "success")
            return redirect(_owner_url(attachment))
    return render_template("evidence/withdraw_form.html", attachment=attachment, form=form,
                           back_url=_owner_url(attachment))


def _owner_url(attachment: Attachment) -> str:
    if attachment.case_id is not None:
        return url_for("cases.show_case", case_id=attachment.case_id) + "#attachments"
    return url_for("evidence.proceeding_attachments", proceeding_id=attachment.proceeding_id)
