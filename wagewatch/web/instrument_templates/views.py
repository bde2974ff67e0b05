"""Template administration: list kinds and versions, upload, preview on a case, activate."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from wagewatch.instruments.kinds import KINDS
from wagewatch.models import InstrumentTemplate, Role
from wagewatch.services import ServiceError
from wagewatch.services.documents import instrument_templates
from wagewatch.web.instrument_templates.forms import ActionForm, PreviewForm, UploadForm
from wagewatch.web.permissions import guard
from wagewatch.web.scoping import get_in_office_or_404

bp = guard(Blueprint("instrument_templates", __name__, url_prefix="/admin/instrument-templates"),
           {Role.ADMIN})

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/", methods=["GET", "POST"])
def list_templates():
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            template = instrument_templates.upload(
                current_user.office_id, form.kind.data, upload.filename or "",
                upload.read(), current_user)
        except ServiceError as error:
            getattr(form, error.field or "file").errors.append(error.message)
        else:
            flash(f"已上传第{template.version}版，请用真实案件预览后启用。", "success")
            return redirect(url_for("instrument_templates.show_template", template_id=template.id))
    rows = [(kind, instrument_templates.versions(current_user.office_id, kind.code))
            for kind in KINDS.values()]
    status = 422 if form.errors else 200
    return render_template("instrument_templates/template_list.html", form=form, rows=rows,
                           action_form=ActionForm()), status


@bp.route("/<int:template_id>")
def show_template(template_id: int):
    template = get_in_office_or_404(InstrumentTemplate, template_id)
    return render_template("instrument_templates/template_detail.html", template=template,
                           kind=KINDS[template.kind], preview_form=PreviewForm(),
                           action_form=ActionForm())


@bp.route("/<int:template_id>/preview", methods=["POST"])
def preview_template(template_id: int):
    template = get_in_office_or_404(InstrumentTemplate, template_id)
    form = PreviewForm()
    if form.validate_on_submit():
        try:
            data = instrument_templates.preview(template, form.case_number.data, current_user)
        except ServiceError as error:
            form.case_number.errors.append(error.message)
        else:
            return send_file(io.BytesIO(data), as_attachment=True, mimetype=DOCX,
                             download_name=f"模板预览-{KINDS[template.kind].title}-第{template.version}版.docx")
    return render_template("instrument_templates/template_detail.html", template=template,
                           kind=KINDS[template.kind], preview_form=form,
                           action_form=ActionForm()), 422


@bp.route("/<int:template_id>/activate", methods=["POST"])
def activate_template(template_id: int):
    template = get_in_office_or_404(InstrumentTemplate, template_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        instrument_templates.activate(template, current_user)
    except ServiceError as error:
        flash(error.message, "danger")
    else:
        flash("已启用，此后生成的文书使用该模板。", "success")
    return redirect(url_for("instrument_templates.show_template", template_id=template.id))


@bp.route("/<kind>/default", methods=["POST"])
def default_template(kind: str):
    """Download the shipped default template of ``kind`` (the starting point for an edit), or
    with ``restore`` go back to it."""
    if kind not in KINDS or not ActionForm().validate_on_submit():
        abort(404 if kind not in KINDS else 400)
    if request.form.get("restore"):
        instrument_templates.restore_default(current_user.office_id, kind, current_user)
        flash(f"《{KINDS[kind].title}》已恢复使用内置模板。", "success")
        return redirect(url_for("instrument_templates.list_templates"))
    return send_file(io.BytesIO(KINDS[kind].default_template()), as_attachment=True,
                     mimetype=DOCX, download_name=f"内置模板-{KINDS[kind].title}.docx")
