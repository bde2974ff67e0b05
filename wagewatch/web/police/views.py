"""The police's pages: flagged contractors with the rules' reasons, the cases referred to them
with the full file (personal data shown on request, audited), and their receipt, decision and
progress notes. Police see nothing else (security.md item 7)."""

from __future__ import annotations


from urllib.parse import quote

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from wagewatch.models import PoliceReferral, Role, utcnow
from wagewatch.rules.referral_steps import POLICE_ACTIONS
from wagewatch.rules.sources import articles_cited
from wagewatch.services import ServiceError, audit
from wagewatch.services.blacklist import blacklist_lists
from wagewatch.services.blacklist.listing_queries import listings_on
from wagewatch.services.cases.payments import balances
from wagewatch.services.cases.queries import load_workers
from wagewatch.services.exports import list_exports
from wagewatch.services.flags.evaluation import distinct_flags
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.services.referrals import referral_outcomes, referral_packs, handover
from wagewatch.services.referrals.police_queries import POLICE_RULES, flags_by_contractor, referred_case_ids
from wagewatch.services.referrals.queries import case_labels, referral_list_query
from wagewatch.services.referrals.referral_files import referral_files
from wagewatch.services.referrals.referral_grounds import referral_grounds
from wagewatch.web.blacklist.filters import list_filters
from wagewatch.web.downloads import send_xlsx
from wagewatch.web.forms import ExportForm
from wagewatch.web.paging import CappedPage, page_number
from wagewatch.web.permissions import guard
from wagewatch.web.police.forms import RevealFileForm
from wagewatch.web.referrals.steps import CHECKLIST_FIELDS, TITLES, forms_for, run_step
from wagewatch.web.scoping import get_in_office_or_404

bp = guard(Blueprint("police", __name__, url_prefix="/police"), {Role.POLICE})



@bp.route("/")
def list_candidates():
    """Contractors on the blacklist today, and those the rules flag for the blacklist or for
    referral, with every reason."""
    office_id, day = current_user.office_id, today()
    form, filters = list_filters()
    query, params = blacklist_lists.candidate_list(office_id, filters, day, POLICE_RULES,
                                                   awaiting_proceeding=False)
    page = CappedPage(query, page_number(), per_page=20, params=params)
    flags = flags_by_contractor(office_id, page.items)
    rows = blacklist_lists.candidate_rows(page.items, day, current_calendar(), POLICE_RULES,
                                          [f for found in flags.values() for f in found])
    referred = referred_case_ids(office_id, [f.case_id for rows in flags.values() for f in rows])
    links = {contractor_id: {referred[f.case_id]: "、".join(f.reasons.get("case_numbers", []))
                             for f in rows if f.case_id in referred}
             for contractor_id, rows in flags.items()}
    flags = {contractor_id: distinct_flags(rows) for contractor_id, rows in flags.items()}
    cited = articles_cited(reason["source"] for found in flags.values() for flag in found
                           for reason in flag.reasons.get("reasons", []))
    return render_template("police/candidate_list.html", page=page, rows=rows, flags=flags,
                           links=links, form=form, listings=listings_on(office_id, day),
                           export_form=ExportForm(), cited_articles=cited)


@bp.route("/export", methods=["POST"])
def export_list():
    """The police list as an .xlsx file for the officer's own machine (POST with CSRF; audited)."""
    if not ExportForm().validate_on_submit():
        abort(400)
    data = list_exports.export_police_list(current_user.office_id, current_user, today())
    day = today().isoformat()
    return send_xlsx(data, f"police-list-{day}.xlsx", f"公安名单-{day}.xlsx")


@bp.route("/referrals")
def list_referrals():
    """Referrals handed to the police, the nearest step limit first (S-310 arts. 8, 9)."""
    now = utcnow()
    form, filters = list_filters()
    query = referral_list_query(current_user.office_id, police_only=True, by_due=True,
                                township_id=filters.township_id)
    page = CappedPage(query, page_number(), per_page=50)
    return render_template("police/referral_list.html", page=page, form=form,
                           cases=case_labels([r.case_id for r in page.items]),
                           progress={r.id: handover.progress(r, now) for r in page.items})


def _referred_or_404(referral_id: int) -> PoliceReferral:
    """A referral of the officer's office that was handed to the police; anything else is a
    404, and the attempt is audited."""
    referral = get_in_office_or_404(PoliceReferral, referral_id)
    if not referral.handed_to_police:
        audit.record_alone("access.not_referred", object_type="police_referral",
                           object_id=referral_id, success=False, detail="尝试查看尚未移送公安机关的记录")
        abort(404)
    return referral


def _file(referral: PoliceReferral, submitted=None, reveal: bool = False):
    case = referral.case
    load_workers(case)  # the file lists every worker
    files = referral_files(referral)
    return render_template(
        "police/referral_file.html", referral=referral, case=case, reveal=reveal,
        reveal_form=RevealFileForm(), balances=balances(case), files=files, can_upload=False,
        can_download=False,
        progress=handover.progress(referral), file=files.decision(),
        served=handover.served_orders(case), forms=forms_for(referral, POLICE_ACTIONS, submitted),
        grounds=referral_grounds(referral, today()),
        titles=TITLES, checklist_fields=CHECKLIST_FIELDS,
        step_endpoint="police.take_step", id_arg={"referral_id": referral.id})


@bp.route("/referrals/<int:referral_id>")
def show_referral(referral_id: int):
    return _file(_referred_or_404(referral_id))


@bp.route("/referrals/<int:referral_id>/reveal", methods=["POST"])
def reveal_file(referral_id: int):
    """The file with the workers' full ID numbers and phones, for this referral only (audited)."""
    referral = _referred_or_404(referral_id)
    if not RevealFileForm().validate_on_submit():
        abort(400)
    referral_outcomes.record_file_view(referral, current_user)
    return _file(referral, reveal=True)


@bp.route("/referrals/<int:referral_id>/steps/<any(decision, note, receipt, reconsideration_answer)"
          ":referral_step>", methods=["POST"])
def take_step(referral_id: int, referral_step: str):
    """Record the police's receipt, decision, reconsideration answer or a progress note."""
    referral = _referred_or_404(referral_id)
    done = url_for("police.show_referral", referral_id=referral.id) + "#steps"
    return run_step(referral_step, referral, POLICE_ACTIONS, done, _file)


@bp.route("/referrals/<int:referral_id>/pack.zip")
def download_pack(referral_id: int):
    """The hand-over pack as one .zip with manifest.json, each file re-hashed against what was
    handed over (S-310 art. 6); only for a referral handed to the officer's office; audited."""
    referral = _referred_or_404(referral_id)
    if referral.pack is None:
        abort(404)  # handed over before packs were assembled
    try:
        handle = referral_packs.download(referral.pack, current_user)
    except ServiceError as error:
        flash(error.message, "danger")
        return redirect(url_for("police.show_referral", referral_id=referral.id))
    ascii_name, name = referral_packs.zip_name(referral.pack)
    response = send_file(handle, mimetype="application/zip", max_age=0, conditional=False,
                         etag=False)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}")
    response.headers["Cache-Control"] = "no-store"
    return response
