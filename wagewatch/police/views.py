"""The police's pages: flagged contractors with the rules' reasons, the cases referred to them
with the full file (personal data shown on request, audited), and their receipt, decision and
progress notes. Police see nothing else (security.md item 7)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, render_template, send_file, url_for
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.forms import ExportForm
from wagewatch.models import PoliceReferral, Role, utcnow
from wagewatch.permissions import guard
from wagewatch.police.forms import RevealFileForm
from wagewatch.police.queries import (
    candidate_contractors_query, flags_by_contractor, referred_case_ids,
)
from wagewatch.referrals.queries import referral_list_query
from wagewatch.referrals.steps import CHECKLIST_FIELDS, TITLES, forms_for, run_step
from wagewatch.scoping import get_in_office_or_404
from wagewatch.services import audit, list_exports, referral_outcomes, referrals
from wagewatch.services.calendar import today
from wagewatch.services.listing_queries import listings_on
from wagewatch.services.payments import balances

bp = guard(Blueprint("police", __name__, url_prefix="/police"), {Role.POLICE})

#: The steps the police record themselves (S-310 arts. 8, 9).
POLICE_STEPS = frozenset({"receipt", "decision", "reconsideration_answer", "note"})


@bp.route("/")
def list_candidates():  # noqa: ANN201
    """Contractors on the blacklist today, and those the rules flag for the blacklist or for
    referral, with every reason."""
    office_id = current_user.office_id
    page = db.paginate(candidate_contractors_query(office_id), per_page=20, error_out=False)
    flags = flags_by_contractor(office_id, [c.id for c in page.items])
    referred = referred_case_ids(office_id, [f.case_id for rows in flags.values() for f in rows])
    links = {contractor_id: {referred[f.case_id]: "、".join(f.reasons.get("case_numbers", []))
                             for f in rows if f.case_id in referred}
             for contractor_id, rows in flags.items()}
    return render_template("police/candidate_list.html", page=page, flags=flags, links=links,
                           listings=listings_on(office_id, today()), export_form=ExportForm())


@bp.route("/export", methods=["POST"])
def export_list():  # noqa: ANN201
    """The police list as an .xlsx file for the officer's own machine (POST with CSRF; audited)."""
    if not ExportForm().validate_on_submit():
        abort(400)
    data = list_exports.export_police_list(current_user.office_id, current_user, today())
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=f"police-list-{today().isoformat()}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/referrals")
def list_referrals():  # noqa: ANN201
    now = utcnow()
    query = referral_list_query(current_user.office_id, police_only=True)
    page = db.paginate(query, per_page=50, error_out=False, count=True)
    return render_template("police/referral_list.html", page=page,
                           progress={r.id: referrals.progress(r, now) for r in page.items})


def _referred_or_404(referral_id: int) -> PoliceReferral:
    """A referral of the officer's office that was handed to the police; anything else is a
    404, and the attempt is audited."""
    referral = get_in_office_or_404(PoliceReferral, referral_id)
    if not referral.handed_to_police:
        audit.record_alone("access.not_referred", object_type="police_referral",
                           object_id=referral_id, success=False, detail="尝试查看尚未移送公安机关的记录")
        abort(404)
    return referral


def _file(referral: PoliceReferral, submitted=None, reveal: bool = False):  # noqa: ANN001, ANN202
    case = referral.case
    return render_template(
        "police/referral_file.html", referral=referral, case=case, reveal=reveal,
        reveal_form=RevealFileForm(), balances=balances(case),
        progress=referrals.progress(referral), file=referrals.file_state(referral),
        served=referrals.served_orders(case), forms=forms_for(referral, POLICE_STEPS, submitted),
        titles=TITLES, checklist_fields=CHECKLIST_FIELDS,
        step_endpoint="police.take_step", id_arg={"referral_id": referral.id})


@bp.route("/referrals/<int:referral_id>")
def show_referral(referral_id: int):  # noqa: ANN201
    return _file(_referred_or_404(referral_id))


@bp.route("/referrals/<int:referral_id>/reveal", methods=["POST"])
def reveal_file(referral_id: int):  # noqa: ANN201
    """The file with the workers' full ID numbers and phones, for this referral only (audited)."""
    referral = _referred_or_404(referral_id)
    if not RevealFileForm().validate_on_submit():
        abort(400)
    referral_outcomes.record_file_view(referral, current_user)
    return _file(referral, reveal=True)


@bp.route("/referrals/<int:referral_id>/steps/<any(decision, note, receipt, reconsideration_answer)"
          ":referral_step>", methods=["POST"])
def take_step(referral_id: int, referral_step: str):  # noqa: ANN201
    """Record the police's receipt, decision, reconsideration answer or a progress note."""
    referral = _referred_or_404(referral_id)
    done = url_for("police.show_referral", referral_id=referral.id) + "#steps"
    return run_step(referral_step, referral, POLICE_STEPS, done, _file)
