"""Blacklist views: candidates, proceedings with deadlines, listing history, legacy S-17 entry."""

from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wagewatch.extensions import csrf
from wagewatch.files.uploads import accepts_files
from wagewatch.instruments import pdf
from wagewatch.models import BlacklistProceeding, Contractor, Role, ServiceMethod
from wagewatch.services import ServiceError
from wagewatch.services.blacklist import procedure, blacklist_lists, listing_expiry, listing_queries
from wagewatch.services.blacklist.listing_removal import early_removal_bars, eligible_on
from wagewatch.services.documents import issuing
from wagewatch.services.flags.evaluation import current_flags, distinct_flags
from wagewatch.services.parties import contractors
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.web.blacklist.filters import list_filters
from wagewatch.web.blacklist.forms import DayFilterForm, LegacyForm, StartForm
from wagewatch.web.blacklist.step_views import uploads
from wagewatch.web.cases.views import field_error
from wagewatch.web.paging import CappedPage, page_number
from wagewatch.web.permissions import guard, roles
from wagewatch.web.scoping import get_in_office_or_404

bp = guard(Blueprint("blacklist", __name__, url_prefix="/blacklist"), {Role.CLERK, Role.LEADER})

PER_PAGE = 50


@bp.route("/")
def list_proceedings():
    """Candidates awaiting a proceeding and the office's proceedings, each paged (a count capped
    at 1,000), filtered alike and ordered by the decision's due date."""
    include_closed = request.args.get("all") == "1"
    form, filters = list_filters()
    calendar, day, office_id = current_calendar(), today(), current_user.office_id
    query, params = blacklist_lists.candidate_list(office_id, filters, day)
    found = CappedPage(query, page_number(), per_page=PER_PAGE, params=params)
    query, params = blacklist_lists.proceeding_query(office_id, include_closed, filters)
    proceedings = CappedPage(query, page_number("ppage"), per_page=PER_PAGE, params=params)
    deadlines = {p.id: listing_queries.proceeding_deadlines(p, day, calendar)
                 for p in proceedings.items}
    start_form = StartForm(formdata=None)
    start_form.submission_token.data = secrets.token_urlsafe(24)
    return render_template(
        "blacklist/proceeding_list.html", form=form, candidates=found,
        candidate_rows=blacklist_lists.candidate_rows(found.items, day, calendar),
        start_form=start_form, proceedings=proceedings, deadlines=deadlines,
        include_closed=include_closed, today=day)


@bp.route("/candidates/<int:contractor_id>/start", methods=["POST"])
@roles(Role.CLERK)
def start_proceeding(contractor_id: int):
    """One form serves the whole candidate list: each row's button posts here with its
    contractor; the page's one-time token with the contractor's id makes a double click one
    proceeding."""
    contractor = get_in_office_or_404(Contractor, contractor_id)
    form = StartForm()
    if not form.validate_on_submit():
        flash("页面已过期，请重新提交。", "danger")
        return redirect(url_for("blacklist.list_proceedings"))
    token = f"{form.submission_token.data[:40]}:{contractor.id}" if form.submission_token.data \
        else None
    try:
        proceeding = procedure.start_proceeding(contractor, current_user, today(), token)
    except ServiceError as error:
        flash(error.message, "danger")
        return redirect(url_for("blacklist.list_proceedings"))
    flash(f"已对 {contractor.name} 启动列入程序，请制作并送达列入告知书。", "success")
    return redirect(url_for("blacklist.show_proceeding", proceeding_id=proceeding.id))


@bp.route("/proceedings/<int:proceeding_id>")
def show_proceeding(proceeding_id: int):
    proceeding = get_in_office_or_404(BlacklistProceeding, proceeding_id)
    day = today()
    listing = proceeding.current_listing
    pending = listing.pending_application if listing else None
    case_documents = issuing.proceeding_documents(proceeding)
    decision_document = next((d for d in case_documents if listing is not None and d.current
                              and d.kind == "listing_decision"
                              and d.data.get("listing_id") == listing.id), None)
    notice_document = next((d for d in case_documents if d.current and d.kind == "blacklist_notice"
                            and d.data.get("proceeding_id") == proceeding.id), None)
    return render_template(
        "blacklist/proceeding_detail.html", proceeding=proceeding, listing=listing,
        notice_document=notice_document,
        deadlines=listing_queries.proceeding_deadlines(proceeding, day, current_calendar()),
        flags=[f for f in distinct_flags(current_flags(contractor_id=proceeding.contractor_id))
               if f.rule == "blacklist_s45"],
        eligible_on=eligible_on, today=day,
        bars=early_removal_bars(listing, day) if pending and listing else [],
        case_documents=case_documents, decision_document=decision_document, back="proceeding",
        case=proceeding.cases[0].case if proceeding.cases else None,
        pdf_available=pdf.available())


@bp.route("/contractors/<int:contractor_id>")
def contractor_history(contractor_id: int):
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
@csrf.exempt  # the form checks its token after login and role, before the files are kept
@accepts_files
def create_legacy_listing():
    form = LegacyForm()
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        form.authority.data = current_user.office.name
    if form.validate_on_submit():
        try:
            contractor = contractors.resolve_contractor(current_user.office_id, form.contractor.data)
            listing, warnings = listing_expiry.enter_legacy_listing(
                contractor, _legacy_input(form), current_user, form.submission_token.data or None,
                uploads=uploads(form))
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

