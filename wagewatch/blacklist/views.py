"""Blacklist views: candidates, proceedings with deadlines, listing history, legacy S-17 entry."""

from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wagewatch.blacklist.forms import DayFilterForm, LegacyForm, StartForm
from wagewatch.cases.views import field_error
from wagewatch.models import BlacklistProceeding, Contractor, Role, ServiceMethod
from wagewatch.permissions import guard, roles
from wagewatch.scoping import get_in_office_or_404
from wagewatch.services import ServiceError, blacklist, contractors, listing_expiry, listing_queries
from wagewatch.services.calendar import current_calendar, today
from wagewatch.services.evaluation import current_flags
from wagewatch.services.listing_removal import early_removal_bars, eligible_on

bp = guard(Blueprint("blacklist", __name__, url_prefix="/blacklist"), {Role.CLERK, Role.LEADER})


@bp.route("/")
def list_proceedings():  # noqa: ANN201
    include_closed = request.args.get("all") == "1"
    proceedings = listing_queries.office_proceedings(current_user.office_id, include_closed)
    calendar, day = current_calendar(), today()
    deadlines = {p.id: listing_queries.proceeding_deadlines(p, day, calendar) for p in proceedings}
    found = listing_queries.candidates(current_user.office_id)
    start_forms = {}
    for candidate in found:
        form = StartForm(formdata=None)
        form.submission_token.data = secrets.token_urlsafe(24)
        start_forms[candidate.contractor.id] = form
    return render_template("blacklist/proceeding_list.html", candidates=found,
                           start_forms=start_forms, proceedings=proceedings, deadlines=deadlines,
                           include_closed=include_closed, today=day)


@bp.route("/candidates/<int:contractor_id>/start", methods=["POST"])
@roles(Role.CLERK)
def start_proceeding(contractor_id: int):  # noqa: ANN201
    contractor = get_in_office_or_404(Contractor, contractor_id)
    form = StartForm()
    if not form.validate_on_submit():
        flash("页面已过期，请重新提交。", "danger")
        return redirect(url_for("blacklist.list_proceedings"))
    try:
        proceeding = blacklist.start_proceeding(contractor, current_user, today(),
                                                form.submission_token.data or None)
    except ServiceError as error:
        flash(error.message, "danger")
        return redirect(url_for("blacklist.list_proceedings"))
    flash(f"已对 {contractor.name} 启动列入程序，请制作并送达列入告知书。", "success")
    return redirect(url_for("blacklist.show_proceeding", proceeding_id=proceeding.id))


@bp.route("/proceedings/<int:proceeding_id>")
def show_proceeding(proceeding_id: int):  # noqa: ANN201
    proceeding = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    day = today()
    listing = proceeding.current_listing
    pending = listing.pending_application if listing else None
    return render_template(
        "blacklist/proceeding_detail.html", proceeding=proceeding, listing=listing,
        deadlines=listing_queries.proceeding_deadlines(proceeding, day, current_calendar()),
        flags=[f for f in current_flags(contractor_id=proceeding.contractor_id)
               if f.rule == "blacklist_s45"],
        eligible_on=eligible_on, today=day,
        bars=early_removal_bars(listing, day) if pending else [])


@bp.route("/contractors/<int:contractor_id>")
def contractor_history(contractor_id: int):  # noqa: ANN201
    contractor = get_in_office_or_404(Contractor, contractor_id)
    form = DayFilterForm(request.args)
    answer = None
    if request.args.get("on") and form.validate() and form.on.data:
        answer = listing_queries.listed_on(contractor.id, form.on.data) or False
    return render_template("blacklist/contractor_history.html", contractor=contractor, form=form,
                           answer=answer, proceedings=listing_queries.contractor_history(contractor.id),
                           currently=listing_queries.listed_on(contractor.id, today()))


@bp.route("/legacy/new", methods=["GET", "POST"])
@roles(Role.CLERK)
def create_legacy_listing():  # noqa: ANN201
    form = LegacyForm()
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        form.authority.data = current_user.office.name
    if form.validate_on_submit():
        try:
            contractor = contractors.resolve_contractor(current_user.office_id, form.contractor.data)
            listing, warnings = listing_expiry.enter_legacy_listing(
                contractor, _legacy_input(form), current_user, form.submission_token.data or None)
        except ServiceError as error:
            field_error(form, error, "contractor")
        else:
            flash(f"已录入 {listing.contractor.name} 的旧办法列入记录（{listing.document_number}）。",
                  "success")
            for warning in warnings:
                flash(warning, "warning")
            return redirect(url_for("blacklist.show_proceeding",
                                    proceeding_id=listing.proceeding_id))
    return render_template("blacklist/legacy_form.html", form=form)


def _legacy_input(form: LegacyForm) -> listing_expiry.LegacyInput:
    return listing_expiry.LegacyInput(
        document_number=form.document_number.data, handled_on=form.handled_on.data,
        decided_on=form.decided_on.data, authority=form.authority.data,
        main_facts=form.main_facts.data, grounds=form.grounds.data, basis=form.basis.data,
        punishment_measures=form.punishment_measures.data, remedies=form.remedies.data,
        corrected_on=form.corrected_on.data, served_on=form.served_on.data,
        service_method=ServiceMethod(form.service_method.data) if form.service_method.data else None,
        service_evidence=form.service_evidence.data or None, removed_on=form.removed_on.data)

