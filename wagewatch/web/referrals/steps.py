"""The forms of a referral's steps, shared by the clerks' and the police's pages: which form each
step of rules.referral_steps.REFERRAL_ACTIONS takes, the use case it calls, and how a refusal
comes back beside its field."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from flask import flash, redirect
from flask_login import current_user
from wtforms import Form

from wagewatch.models import (
    PoliceDecision, PoliceReferral, ReferralDocumentKind, ReviewResult, User,
)
from wagewatch.rules.referral_steps import REFERRAL_ACTIONS, actions_for
from wagewatch.services import ServiceError
from wagewatch.services.referrals import referral_outcomes, handover
from wagewatch.web.referrals.forms import (
    ApprovalForm, ChecklistForm, CloseReferralForm, DecisionForm, HandOverForm, JudgementForm,
    MaterialsForm, NoteForm, ReceiptForm, ReconsiderationRequestForm, ReviewAnswerForm,
    SupervisionRequestForm,
)

ChecklistItemsForm = ChecklistForm.for_items()


@dataclass(frozen=True)
class StepForm:
    """How one referral step (rules.referral_steps.REFERRAL_ACTIONS) is typed and recorded: its
    form, and ``take``, the use case a validated form is handed to (with the user, the form and
    the version the form was read at)."""

    form: Callable[..., Form]
    take: Callable[[PoliceReferral, User, Any, int], None]


def _approval(referral: PoliceReferral, user: User, form: Any, version: int) -> None:
    handover.decide_approval(referral, user, approved=form.decision.data == "approve",
                              approver_name=form.approver_name.data,
                              approved_at=form.approved_at.data, note=form.note.data or None,
                              expected_version=version)


def _hand_over(referral: PoliceReferral, user: User, form: Any, version: int) -> None:
    handover.hand_over(referral, user, handed_over_at=form.handed_over_at.data,
                        police_unit=form.police_unit.data, note=form.note.data or None,
                        expected_version=version)


def _decision(referral: PoliceReferral, user: User, form: Any, version: int) -> None:
    referral_outcomes.record_decision(
        referral, user, decision=PoliceDecision(form.decision.data),
        decided_at=form.decided_at.data, reasons=form.reasons.data or None,
        police_case_number=form.police_case_number.data or None, expected_version=version)


def _review_answer(call: Callable[..., None], empty_note: str | None) -> Callable[..., None]:
    """The answer to reconsideration or to supervision: a result, its moment, a case number."""

    def take(referral: PoliceReferral, user: User, form: Any, version: int) -> None:
        call(referral, user, answered_at=form.answered_at.data,
             result=ReviewResult(form.result.data), note=form.note.data or empty_note,
             police_case_number=form.police_case_number.data or None, expected_version=version)

    return take


def _supervision_request(referral: PoliceReferral, user: User, form: Any, version: int) -> None:
    referral_outcomes.request_supervision(referral, user, requested_at=form.requested_at.data,
                                          procuratorate=form.procuratorate.data,
                                          note=form.note.data, expected_version=version)


def _judgement(referral: PoliceReferral, user: User, form: Any, version: int) -> None:
    referral_outcomes.record_judgement(referral, user, judged_on=form.judged_on.data,
                                       court=form.court.data, number=form.number.data or None,
                                       expected_version=version)


#: One entry per step of REFERRAL_ACTIONS (tests/web/referrals/test_step_table.py holds them equal).
STEP_FORMS: dict[str, StepForm] = {
    "approval": StepForm(ApprovalForm, _approval),
    "checklist": StepForm(ChecklistItemsForm, lambda r, u, f, v: handover.update_checklist(
        r, u, notes=f.notes(), expected_version=v)),
    "hand_over": StepForm(HandOverForm, _hand_over),
    "receipt": StepForm(ReceiptForm, lambda r, u, f, v: referral_outcomes.record_receipt(
        r, u, received_at=f.received_at.data, receiver=f.receiver.data, expected_version=v)),
    "decision": StepForm(DecisionForm, _decision),
    "reconsideration_request": StepForm(
        ReconsiderationRequestForm, lambda r, u, f, v: referral_outcomes.request_reconsideration(
            r, u, requested_at=f.requested_at.data, note=f.note.data, expected_version=v)),
    "reconsideration_answer": StepForm(
        lambda **kw: ReviewAnswerForm(outcomes=(ReviewResult.FILED, ReviewResult.UPHELD), **kw),
        _review_answer(referral_outcomes.record_reconsideration_answer, None)),
    "supervision_request": StepForm(SupervisionRequestForm, _supervision_request),
    "supervision_result": StepForm(
        lambda **kw: ReviewAnswerForm(outcomes=(ReviewResult.FILED, ReviewResult.NOT_FILED), **kw),
        _review_answer(referral_outcomes.record_supervision_result, "")),
    "materials": StepForm(MaterialsForm, lambda r, u, f, v: referral_outcomes.hand_over_materials(
        r, u, handed_over_at=f.handed_over_at.data, note=f.note.data or None, expected_version=v)),
    "judgement": StepForm(JudgementForm, _judgement),
    "close": StepForm(CloseReferralForm, lambda r, u, f, v: referral_outcomes.close_referral(
        r, u, closed_at=f.closed_at.data, note=f.note.data, expected_version=v)),
    "note": StepForm(NoteForm, lambda r, u, f, v: referral_outcomes.add_progress_note(
        r, u, text=f.text.data)),
}

#: Each step's title, for the pages' headings.
TITLES = {key: action.title for key, action in REFERRAL_ACTIONS.items()}


def make_form(name: str, referral: PoliceReferral, submitted: bool = False) -> Form:
    """A step's form, prefixed with the step's name so several fit on one page; a form not being
    submitted is filled from the referral, never from another form's input."""
    kwargs: dict = {"prefix": name}
    if not submitted:
        kwargs["formdata"] = None
        if name == "checklist":
            kwargs["data"] = {f"note_{d.kind.value}": d.note for d in referral.documents}
    form = STEP_FORMS[name].form(**kwargs)
    if not submitted and hasattr(form, "version"):
        form.version.data = str(referral.version)
    return form


def forms_for(referral: PoliceReferral, allowed: AbstractSet[str], submitted: tuple[str, Form] | None):
    """The forms the referral's status offers to this user, the submitted one as typed."""
    result = {}
    for name in actions_for(referral.status):
        if name in allowed:
            typed = submitted is not None and submitted[0] == name
            result[name] = submitted[1] if typed and submitted else make_form(name, referral)
    return result


def _version(form: Form) -> int:
    """The version the form was read at (a VersionField: an int, or None when not posted); 0 for
    a form without one."""
    return (form.version.data or 0) if hasattr(form, "version") else 0


def show_error(form: Form, error: ServiceError) -> None:
    """Put a refusal beside its field; refusals about the whole step go above the form."""
    field = form._fields.get(error.field) if error.field else None
    if field is None:
        form.form_errors.append(error.message)
    else:
        field.errors = [*field.errors, error.message]


def run_step(name: str, referral: PoliceReferral, allowed: AbstractSet[str], done_url: str,
             render: Callable[[PoliceReferral, tuple[str, Form]], object]):
    """Validate the posted step form, call its use case, then redirect (post/redirect/get), or
    render the page again with the input kept and the message beside the field."""
    if name not in allowed or name not in actions_for(referral.status):
        # A page loaded before someone else moved the referral on.
        flash(f"移送当前状态为“{referral.status.label}”，不能办理“{TITLES[name]}”。", "danger")
        return redirect(done_url)
    form = make_form(name, referral, submitted=True)
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            STEP_FORMS[name].take(referral, user, form, _version(form))
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(REFERRAL_ACTIONS[name].done, "success")
            return redirect(done_url)
    return render(referral, (name, form))



#: Kinds of the checklist with their form field names, for the template.
CHECKLIST_FIELDS = tuple((kind, f"note_{kind.value}") for kind in ReferralDocumentKind)
