"""Police referral views for clerks and leaders: the office's list, starting a referral from a
case, the referral's steps with their limits, its file and timeline; clerks post each step."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.models import Case, PoliceReferral, Role, utcnow
from wagewatch.rules.referral_steps import REFERRAL_ACTIONS
from wagewatch.services import ServiceError
from wagewatch.services.flags.evaluation import current_flags
from wagewatch.services.reference.calendar import today
from wagewatch.services.referrals import handover
from wagewatch.services.referrals.queries import referral_list_query
from wagewatch.services.referrals.referral_files import referral_files
from wagewatch.services.referrals.referral_grounds import referral_grounds
from wagewatch.web.permissions import can, guard, roles
from wagewatch.web.referrals.forms import ReferralFilterForm, StartReferralForm
from wagewatch.web.referrals.steps import (
    CHECKLIST_FIELDS, TITLES, forms_for, run_step, show_error,
)
from wagewatch.web.scoping import get_in_office_or_404

bp = guard(Blueprint("referrals", __name__, url_prefix="/referrals"), {Role.CLERK, Role.LEADER})

#: Every step a clerk may record (the police record theirs on their own pages too).
CLERK_STEPS = frozenset(REFERRAL_ACTIONS)
STEP_NAMES = ", ".join(sorted(CLERK_STEPS))


@bp.route("/")
def list_referrals():
    form = ReferralFilterForm(request.args)
    filters = form.data if form.validate() else {}
    now = utcnow()
    query = referral_list_query(current_user.office_id, status=filters.get("status"),
                                overdue=bool(filters.get("overdue")), now=now)
    page = db.paginate(query, per_page=50, error_out=False, count=True)
    return render_template("referrals/referral_list.html", form=form, page=page, now=now,
                           progress={r.id: handover.progress(r, now) for r in page.items})


@bp.route("/cases/<int:case_id>/new", methods=["GET", "POST"])
@roles(Role.CLERK)
def start_referral(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = StartReferralForm()
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
    if form.validate_on_submit():
        try:
            referral = handover.start_referral(
                case, current_user, reported_at=form.reported_at.data, report=form.report.data,
                justification=form.justification.data or None,
                submission_token=form.submission_token.data or None)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash("已记录专案组报告，请负责人在3日内审批。", "success")
            return redirect(url_for("referrals.show_referral", referral_id=referral.id))
    flags = [f for f in current_flags(case_id=case.id) if f.rule == "police_referral"]
    return render_template("referrals/referral_start.html", case=case, form=form, flags=flags,
                           running=handover.active_referral(case.id))


def render_detail(referral: PoliceReferral, submitted=None):
    """The referral page; ``submitted`` is a (step, form) pair that came back with errors."""
    allowed = CLERK_STEPS if can("referrals.take_step") else frozenset()
    files = referral_files(referral)
    return render_template(
        "referrals/referral_detail.html", referral=referral, case=referral.case,
        progress=handover.progress(referral), file=files.decision(), files=files,
        can_upload=can("evidence.upload_to_case") and referral.handed_over_at is None,
        can_download=can("evidence.download_attachment"),
        served=handover.served_orders(referral.case), forms=forms_for(referral, allowed, submitted),
        grounds=referral_grounds(referral, today()),
        titles=TITLES, checklist_fields=CHECKLIST_FIELDS,
        step_endpoint="referrals.take_step", id_arg={"referral_id": referral.id})


@bp.route("/<int:referral_id>")
def show_referral(referral_id: int):
    return render_detail(get_in_office_or_404(PoliceReferral, referral_id))


@bp.route(f"/<int:referral_id>/steps/<any({STEP_NAMES}):referral_step>", methods=["POST"])
@roles(Role.CLERK)
def take_step(referral_id: int, referral_step: str):
    """Record one step of the referral (one POST form each; see handover.steps)."""
    referral = get_in_office_or_404(PoliceReferral, referral_id)
    if referral_step not in CLERK_STEPS:
        abort(404)
    done = url_for("referrals.show_referral", referral_id=referral.id) + "#steps"
    return run_step(referral_step, referral, CLERK_STEPS, done, render_detail)
