"""Steps of a blacklist proceeding (S-45, S-17), one POST form each, from notice to removal."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wagewatch.extensions import csrf, db
from wagewatch.files.uploads import accepts_files
from wagewatch.models import (
    BlacklistProceeding, EarlyRemovalApplication, Objection, Role, ServiceMethod,
)
from wagewatch.rules.periods import CIVIL_CODE_PERIODS
from wagewatch.services import ServiceError, StaleRecord
from wagewatch.services.blacklist import procedure, listing_expiry, listing_removal
from wagewatch.services.flags.evaluation import current_flags, distinct_flags
from wagewatch.services.reference.calendar import today
from wagewatch.web.blacklist import forms
from wagewatch.web.cases.views import field_error
from wagewatch.web.forms import choices
from wagewatch.web.permissions import guard
from wagewatch.web.scoping import get_in_office_or_404, get_part_or_404

bp = guard(Blueprint("blacklist_steps", __name__, url_prefix="/blacklist/proceedings"), {Role.CLERK})


def uploads(form: forms.BaseForm) -> list:
    """The files chosen in the form's "送达照片/视频" field, with their names."""
    return [(f.stream, f.filename) for f in form.service_attachments.data or [] if f and f.filename]


def _saying(message: str, action: Callable[[int], object]) -> Callable[[int], str]:
    """A use case that answers nothing, for _step: ``message`` once it has run."""
    def run(version: int) -> str:
        action(version)
        return message
    return run


def _step(proceeding: BlacklistProceeding, form: forms.StepForm, title: str,
          action: Callable[[int], str], field: str, hint: str | None = None):
    """Validate, run the service with the version the form was loaded with, then redirect to the
    proceeding with the service's message; a refusal comes back beside its field."""
    if request.method == "GET":
        form.version.data = str(proceeding.version)
    if form.validate_on_submit():
        version = form.version.data or 0
        try:
            message = action(version)
        except ServiceError as error:
            db.session.rollback()
            field_error(form, error, field)
            if isinstance(error, StaleRecord):
                form.version.data = str(proceeding.version)  # reviewed: the next save may go
        else:
            flash(message, "success")
            return redirect(url_for("blacklist.show_proceeding", proceeding_id=proceeding.id))
    return render_template("blacklist/step_form.html", proceeding=proceeding, form=form,
                           title=title, hint=hint)


@bp.route("/<int:proceeding_id>/complex", methods=["GET", "POST"])
def approve_complex(proceeding_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = forms.ComplexForm()
    return _step(p, form, "情况复杂，延长作出决定的期限", _saying(
        "作出列入决定的期限已延长20个工作日。", lambda v: procedure.approve_complex_case(
            p, form.approver.data, form.approved_on.data, form.reason.data, current_user, v)),
        "approver")


@bp.route("/<int:proceeding_id>/notice", methods=["GET", "POST"])
@csrf.exempt  # the form checks its token after login and role, before the files are kept
@accepts_files
def serve_notice(proceeding_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = forms.NoticeForm()
    if request.method == "GET":
        form.grounds.data = "；".join(f.summary for f in distinct_flags(current_flags(
            contractor_id=p.contractor_id)) if f.rule == "blacklist_s45") or None

    def act(version: int) -> str:
        window = procedure.serve_notice(p, procedure.NoticeInput(
            form.document_number.data, form.grounds.data, form.basis.data, form.served_on.data,
            ServiceMethod(form.service_method.data), form.service_evidence.data or None),
            current_user, version, uploads=uploads(form))
        return f"已登记送达列入告知书，陈述申辩期至 {window.due_on}。"

    return _step(p, form, "送达列入告知书", act, "document_number",
                 "告知拟列入的事实、理由、依据，以及当事人享有的陈述、申辩权利。")


@bp.route("/<int:proceeding_id>/notice/issue", methods=["GET", "POST"])
def issue_notice(proceeding_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = forms.NoticeIssueForm()
    if request.method == "GET":
        form.grounds.data = "；".join(f.summary for f in distinct_flags(current_flags(
            contractor_id=p.contractor_id)) if f.rule == "blacklist_s45") or None
        form.issued_on.data = today()

    def act(version: int) -> str:
        document = procedure.issue_notice(p, form.document_number.data or "", form.grounds.data,
                                          form.basis.data, form.issued_on.data, current_user,
                                          version)
        return (f"已制作列入告知书{document.number or ''}。送达后请登记送达，"
                "陈述申辩期自送达之日起算。")

    return _step(p, form, "制作列入告知书（稍后送达）", act, "document_number",
                 "告知书先制作、后送达的，陈述申辩期自登记的送达之日起算；送达前不能登记异议或作出列入决定。")


@bp.route("/<int:proceeding_id>/objections/new", methods=["GET", "POST"])
def record_objection(proceeding_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = forms.ObjectionForm()

    def act(version: int) -> str:
        due = procedure.record_objection(p, form.received_on.data, form.content.data,
                                         current_user, version)
        return f"已登记异议，应于 {due.due_on} 前答复。"

    return _step(p, form, "登记陈述申辩或异议", act, "received_on")


@bp.route("/<int:proceeding_id>/objections/<int:objection_id>/answer", methods=["GET", "POST"])
def answer_objection(proceeding_id: int, objection_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    objection = get_part_or_404(Objection, objection_id, p, "proceeding")
    form = forms.AnswerForm()
    return _step(p, form, "答复异议", _saying("已登记答复。", lambda v: procedure.answer_objection(
        p, objection, form.answered_on.data, form.answer.data, current_user, v)),
        "answered_on", f"{objection.received_on} 收到：{objection.content}")


@bp.route("/<int:proceeding_id>/decide", methods=["GET", "POST"])
def decide_listing(proceeding_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = forms.DecisionForm()
    if request.method == "GET":
        form.authority.data = current_user.office.name
        form.grounds.data = p.notice.grounds if p.notice else None

    def act(version: int) -> str:
        listing = procedure.decide_listing(p, procedure.DecisionInput(
            document_number=form.document_number.data, decided_on=form.decided_on.data,
            authority=form.authority.data, main_facts=form.main_facts.data,
            grounds=form.grounds.data, basis=form.basis.data,
            punishment_measures=form.punishment_measures.data,
            early_removal_terms=form.early_removal_terms.data, remedies=form.remedies.data),
            current_user, version)
        return (f"已作出列入决定，列入期限 {listing.starts_on} 至 {listing.ends_on}"
                f"（{CIVIL_CODE_PERIODS}）。请送达后在执法文书中登记送达。")

    return _step(p, form, "作出列入决定", act, "decided_on",
                 "法定代表人（主要负责人）及直接责任人员按单位登记的信息一并列入。"
                 f"列入期限3年，{CIVIL_CODE_PERIODS}：决定当日不计入，至第三年对应日届满，"
                 "无对应日的为该月末日。")


@bp.route("/<int:proceeding_id>/not-list", methods=["GET", "POST"])
def decide_not_listing(proceeding_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = forms.NotListingForm()
    return _step(p, form, "决定不予列入", _saying("已决定不予列入。", lambda v: procedure.decide_not_listing(
        p, form.corrected_on.data, form.commitment_on.data, form.decided_on.data,
        form.reason.data, current_user, v)), "decided_on",
        "仅限作出列入决定前，用人单位已纠正违法行为并作出书面信用承诺的情形。")


@bp.route("/<int:proceeding_id>/early-removal/new", methods=["GET", "POST"])
def apply_early_removal(proceeding_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = forms.EarlyRemovalApplicationForm()

    def act(version: int) -> str:
        due = listing_removal.apply_for_early_removal(
            p, form.applied_on.data, form.corrected_on.data, form.written_commitment.data,
            form.note.data or None, current_user, version)
        return f"已登记提前移出申请，应于 {due.due_on} 前作出决定。"

    return _step(p, form, "登记提前移出申请", act, "applied_on")


def _application(p: BlacklistProceeding, application_id: int) -> EarlyRemovalApplication:
    return get_part_or_404(EarlyRemovalApplication, application_id, p, "listing.proceeding")


@bp.route("/<int:proceeding_id>/early-removal/<int:application_id>/decide",
          methods=["GET", "POST"])
def decide_early_removal(proceeding_id: int, application_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    application = _application(p, application_id)
    form = forms.EarlyRemovalDecisionForm()
    bars = listing_removal.early_removal_bars(application.listing, today())

    def act(version: int) -> str:
        approve = form.outcome.data == "approve"
        listing_removal.decide_early_removal(
            p, application, form.decided_on.data, approve, form.other_bar.data or None,
            form.note.data or None, current_user, version)
        return "已同意提前移出，单位及其列入人员一并移出。" if approve else "已决定不予提前移出。"

    hint = f"申请日期 {application.applied_on}。" + (
        "依登记记录不得提前移出（不能取消）：" + "；".join(b.text for b in bars) + "。" if bars
        else "登记记录未显示不得提前移出的情形（新的欠薪案件、移送公安、立案或刑事判决）。")
    return _step(p, form, "提前移出决定", act, "outcome", hint)


@bp.route("/<int:proceeding_id>/early-removal/<int:application_id>/fraud",
          methods=["GET", "POST"])
def revoke_for_fraud(proceeding_id: int, application_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    application = _application(p, application_id)
    form = forms.FraudForm()

    def act(version: int) -> str:
        listing = listing_removal.revoke_early_removal_for_fraud(
            p, application, form.revoked_on.data, form.document_number.data, form.note.data,
            current_user, version)
        return f"已撤销提前移出，重新列入 {listing.starts_on} 至 {listing.ends_on}。"

    return _step(p, form, "以欺诈手段取得提前移出：撤销并重新列入", act, "revoked_on")


@bp.route("/<int:proceeding_id>/revoke", methods=["GET", "POST"])
def revoke_for_order(proceeding_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = forms.RevocationForm()
    links = {link.id: link for link in p.cases if link.order_revoked_on is None}
    form.link_id.choices = choices([(0, "请选择"), *(
        (link.id, f"{link.case_number} {link.payment_order.document_number if link.payment_order else ''}")
        for link in links.values())])

    def act(version: int) -> str:
        link = links.get(form.link_id.data)
        if link is None:
            raise ServiceError("请选择文书。", field="link_id")
        done = listing_removal.record_order_revoked(p, link, form.revoked_on.data,
                                                    form.reason.data, current_user, version)
        return "已撤销列入程序（或列入）。" if done else "已登记；其他责令支付文书仍然有效，程序继续。"

    return _step(p, form, "责令支付文书被撤销", act, "link_id")


@bp.route("/<int:proceeding_id>/correction", methods=["GET", "POST"])
def record_correction(proceeding_id: int):
    p = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    form = forms.CorrectionForm()
    return _step(p, form, "登记纠正（旧办法）", _saying(
        "已登记纠正，期满后移出。", lambda v: listing_expiry.record_s17_correction(
            p, form.corrected_on.data, current_user, v)), "corrected_on")
