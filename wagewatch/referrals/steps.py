"""The step table of a referral, shared by the clerks' and the police's pages: which forms a
status offers, how each form calls its use case, and how a refusal comes back beside its field."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect
from flask_login import current_user
from wtforms import Form

from wagewatch.models import (
    PoliceDecision, PoliceReferral, ReferralDocumentKind, ReferralStatus, ReviewResult,
)
from wagewatch.referrals.forms import (
    ApprovalForm, ChecklistForm, CloseReferralForm, DecisionForm, HandOverForm, JudgementForm,
    MaterialsForm,
    NoteForm, ReceiptForm, ReconsiderationRequestForm, ReviewAnswerForm, SupervisionRequestForm,
)
from wagewatch.services import ServiceError, referral_outcomes, referrals

S = ReferralStatus
ChecklistItemsForm = ChecklistForm.for_items()

#: The forms each status offers, in the order the page shows them.
FORMS_BY_STATUS: dict[ReferralStatus, tuple[str, ...]] = {
    S.REPORTED: ("approval", "checklist"),
    S.APPROVED: ("checklist", "hand_over", "close"),
    S.HANDED_OVER: ("receipt", "note"),
    S.RECEIVED: ("decision", "note"),
    S.FILED: ("materials", "judgement", "note"),
    S.DECLINED: ("reconsideration_request", "supervision_request", "close", "note"),
    S.RECONSIDERATION: ("reconsideration_answer", "note"),
    S.UPHELD: ("supervision_request", "close", "note"),
    S.SUPERVISION: ("supervision_result", "close", "note"),
    S.COMPLETED: ("judgement", "note"),
    S.CLOSED: (),
    S.NOT_APPROVED: (),
}

TITLES = {
    "approval": "负责人审批（3日内）", "checklist": "卷宗材料清单", "hand_over": "移送公安机关（批准后24小时内）",
    "receipt": "公安机关接收", "decision": "公安机关立案审查决定（接收后3日内）",
    "reconsideration_request": "提请复议（3日内）", "reconsideration_answer": "复议决定（3日内）",
    "supervision_request": "建议检察院立案监督（3日内）", "supervision_result": "立案监督结果",
    "materials": "移交涉案材料（立案后3日内）", "close": "结束移送", "note": "办理进展",
    "judgement": "刑事判决",
}

MESSAGES = {
    "approval": "已记录负责人的决定。", "checklist": "已保存卷宗材料清单。",
    "hand_over": "已移送公安机关，案件状态改为已移送。", "receipt": "已记录公安机关接收。",
    "decision": "已记录立案审查决定。", "reconsideration_request": "已记录提请复议。",
    "reconsideration_answer": "已记录复议决定。", "supervision_request": "已记录建议检察院立案监督。",
    "supervision_result": "已记录立案监督结果。", "materials": "已记录材料移交，移送办结。",
    "close": "移送已结束。", "note": "已添加办理进展。", "judgement": "已记录刑事判决。",
}

FORM_CLASSES: dict[str, Callable[..., Form]] = {
    "approval": ApprovalForm, "checklist": ChecklistItemsForm, "hand_over": HandOverForm,
    "receipt": ReceiptForm, "decision": DecisionForm,
    "reconsideration_request": ReconsiderationRequestForm,
    "reconsideration_answer": lambda **kw: ReviewAnswerForm(
        outcomes=(ReviewResult.FILED, ReviewResult.UPHELD), **kw),
    "supervision_request": SupervisionRequestForm,
    "supervision_result": lambda **kw: ReviewAnswerForm(
        outcomes=(ReviewResult.FILED, ReviewResult.NOT_FILED), **kw),
    "materials": MaterialsForm, "close": CloseReferralForm, "note": NoteForm,
    "judgement": JudgementForm,
}


def make_form(name: str, referral: PoliceReferral, submitted: bool = False) -> Form:
    """A step's form, prefixed with the step's name so several fit on one page; a form not being
    submitted is filled from the referral, never from another form's input."""
    kwargs: dict = {"prefix": name}
    if not submitted:
        kwargs["formdata"] = None
        if name == "checklist":
            kwargs["data"] = {f"{prefix}_{d.kind.value}": value for d in referral.documents
                              for prefix, value in (("present", d.present), ("note", d.note))}
    form = FORM_CLASSES[name](**kwargs)
    if not submitted and hasattr(form, "version"):
        form.version.data = str(referral.version)
    return form


def forms_for(referral: PoliceReferral, allowed: set[str], submitted: tuple[str, Form] | None):
    """The forms the referral's status offers to this user, the submitted one as typed."""
    result = {}
    for name in FORMS_BY_STATUS[referral.status]:
        if name in allowed:
            typed = submitted is not None and submitted[0] == name
            result[name] = submitted[1] if typed else make_form(name, referral)
    return result


def _version(form: Form) -> int:
    value = form.version.data or ""
    return int(value) if value.isdigit() else 0


def _call(name: str, referral: PoliceReferral, form) -> None:  # noqa: ANN001
    """Hand a validated form to its use case."""
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    version = _version(form) if hasattr(form, "version") else 0
    if name == "approval":
        referrals.decide_approval(referral, user, approved=form.decision.data == "approve",
                                  approver_name=form.approver_name.data,
                                  approved_at=form.approved_at.data, note=form.note.data or None,
                                  expected_version=version)
    elif name == "checklist":
        referrals.update_checklist(referral, user, items=form.items(), expected_version=version)
    elif name == "hand_over":
        referrals.hand_over(referral, user, handed_over_at=form.handed_over_at.data,
                            police_unit=form.police_unit.data, letter_number=form.letter_number.data,
                            note=form.note.data or None, expected_version=version)
    elif name == "receipt":
        referral_outcomes.record_receipt(referral, user, received_at=form.received_at.data,
                                         receiver=form.receiver.data, expected_version=version)
    elif name == "decision":
        referral_outcomes.record_decision(
            referral, user, decision=PoliceDecision(form.decision.data),
            decided_at=form.decided_at.data, reasons=form.reasons.data or None,
            police_case_number=form.police_case_number.data or None, expected_version=version)
    elif name == "reconsideration_request":
        referral_outcomes.request_reconsideration(referral, user, requested_at=form.requested_at.data,
                                                  note=form.note.data, expected_version=version)
    elif name in {"reconsideration_answer", "supervision_result"}:
        call = (referral_outcomes.record_reconsideration_answer if name == "reconsideration_answer"
                else referral_outcomes.record_supervision_result)
        call(referral, user, answered_at=form.answered_at.data, result=ReviewResult(form.result.data),
             note=form.note.data or ("" if name == "supervision_result" else None),
             police_case_number=form.police_case_number.data or None, expected_version=version)
    elif name == "supervision_request":
        referral_outcomes.request_supervision(referral, user, requested_at=form.requested_at.data,
                                              procuratorate=form.procuratorate.data,
                                              note=form.note.data, expected_version=version)
    elif name == "materials":
        referral_outcomes.hand_over_materials(referral, user, handed_over_at=form.handed_over_at.data,
                                              note=form.note.data or None, expected_version=version)
    elif name == "close":
        referral_outcomes.close_referral(referral, user, closed_at=form.closed_at.data,
                                         note=form.note.data, expected_version=version)
    elif name == "note":
        referral_outcomes.add_progress_note(referral, user, text=form.text.data)
    elif name == "judgement":
        referral_outcomes.record_judgement(referral, user, judged_on=form.judged_on.data,
                                           court=form.court.data, number=form.number.data or None,
                                           expected_version=version)


def show_error(form: Form, error: ServiceError) -> None:
    """Put a refusal beside its field; refusals about the whole step go above the form."""
    field = form._fields.get(error.field) if error.field else None
    if field is None:
        form.form_errors.append(error.message)
    else:
        field.errors = [*field.errors, error.message]


def run_step(name: str, referral: PoliceReferral, allowed: set[str], done_url: str,
             render: Callable[[PoliceReferral, tuple[str, Form]], object]):
    """Validate the posted step form, call its use case, then redirect (post/redirect/get), or
    render the page again with the input kept and the message beside the field."""
    if name not in allowed or name not in FORMS_BY_STATUS[referral.status]:
        # A page loaded before someone else moved the referral on.
        flash(f"移送当前状态为“{referral.status.label}”，不能办理“{TITLES[name]}”。", "danger")
        return redirect(done_url)
    form = make_form(name, referral, submitted=True)
    if form.validate_on_submit():
        try:
            _call(name, referral, form)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(MESSAGES[name], "success")
            return redirect(done_url)
    return render(referral, (name, form))



#: Kinds of the checklist with their form field names, for the template.
CHECKLIST_FIELDS = tuple((kind, f"present_{kind.value}", f"note_{kind.value}")
                         for kind in ReferralDocumentKind)
