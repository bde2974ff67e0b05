"""Supervised listing views: the office's open and overdue listings, naming a case for
supervision, progress notes and closing (clerks write, leaders read)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wagewatch.extensions import db
from wagewatch.instruments import pdf
from wagewatch.models import Case, Role, SupervisedListing, SupervisionStatus
from wagewatch.rules.supervision import supervision_overdue, supervision_status_text
from wagewatch.services import ServiceError
from wagewatch.services.cases import supervision
from wagewatch.services.documents import issuing
from wagewatch.services.reference.calendar import today
from wagewatch.web.permissions import guard, roles
from wagewatch.web.scoping import get_in_office_or_404
from wagewatch.web.supervision.forms import CloseListingForm, ListingFilterForm, ListingForm, NoteForm

bp = guard(Blueprint("supervision", __name__, url_prefix="/supervision"), {Role.CLERK, Role.LEADER})


def _error(form, error: ServiceError, default: str) -> None:
    field = getattr(form, error.field or default, None) or getattr(form, default)
    field.errors = [*field.errors, error.message]


@bp.route("/")
def list_listings():
    form = ListingFilterForm(request.args)
    show = form.show.data if form.validate() and form.show.data else "open"
    query = select(SupervisedListing).where(SupervisedListing.office_id == current_user.office_id)
    if show in {"open", "overdue"}:
        query = query.where(SupervisedListing.status == SupervisionStatus.OPEN)
    if show == "overdue":
        query = query.where(SupervisedListing.deadline_on < today())
    query = query.options(joinedload(SupervisedListing.case).joinedload(Case.employer)).order_by(
        SupervisedListing.deadline_on, SupervisedListing.id)
    page = db.paginate(query, per_page=50, error_out=False, count=True)
    notices = {listing_id: next((d for d in versions if d.current), None)
               for listing_id, versions in issuing.supervision_notices(page.items).items()}
    return render_template("supervision/listing_list.html", form=form, page=page, today=today(),
                           notices=notices,
                           counts=supervision.counts(current_user.office_id, today()),
                           overdue=supervision_overdue, state=supervision_status_text)


@bp.route("/cases/<int:case_id>/new", methods=["GET", "POST"])
@roles(Role.CLERK)
def create_listing(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = ListingForm()
    if form.validate_on_submit():
        try:
            listing = supervision.create_listing(
                case, current_user, authority=form.authority.data, official=form.official.data,
                grounds=form.grounds.data, listed_on=form.listed_on.data,
                deadline_on=form.deadline_on.data)
        except ServiceError as error:
            _error(form, error, "authority")
        else:
            flash(f"已挂牌督办，期限 {listing.deadline_on.isoformat()}。", "success")
            return redirect(url_for("supervision.show_listing", listing_id=listing.id))
    return render_template("supervision/listing_form.html", case=case, form=form,
                           running=supervision.open_listing(case.id))


def _detail(listing: SupervisedListing, note_form=None, close_form=None):
    day = today()
    close_form = close_form or CloseListingForm(formdata=None)
    if not close_form.version.data:
        close_form.version.data = str(listing.version)
    return render_template("supervision/listing_detail.html", listing=listing, case=listing.case,
                           note_form=note_form or NoteForm(formdata=None), close_form=close_form,
                           case_documents=issuing.supervision_notices([listing])[listing.id],
                           pdf_available=pdf.available(),
                           overdue=supervision_overdue(listing.deadline_on, listing.closed_on, day),
                           state=supervision_status_text(listing.deadline_on, listing.closed_on, day))


@bp.route("/<int:listing_id>")
def show_listing(listing_id: int):
    return _detail(get_in_office_or_404(SupervisedListing, listing_id))


@bp.route("/<int:listing_id>/notes", methods=["POST"])
@roles(Role.CLERK)
def add_note(listing_id: int):
    listing = get_in_office_or_404(SupervisedListing, listing_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            supervision.add_note(listing, current_user, written_on=form.written_on.data,
                                 text=form.text.data)
        except ServiceError as error:
            _error(form, error, "text")
        else:
            flash("已添加督办进展。", "success")
            return redirect(url_for("supervision.show_listing", listing_id=listing.id))
    return _detail(listing, note_form=form)


@bp.route("/<int:listing_id>/close", methods=["POST"])
@roles(Role.CLERK)
def close_listing(listing_id: int):
    listing = get_in_office_or_404(SupervisedListing, listing_id)
    form = CloseListingForm()
    if form.validate_on_submit():
        try:
            supervision.close_listing(listing, current_user, closed_on=form.closed_on.data,
                                      note=form.note.data,
                                      expected_version=form.version.data or 0)
        except ServiceError as error:
            _error(form, error, "note")
        else:
            flash("督办已结束。", "success")
            return redirect(url_for("supervision.show_listing", listing_id=listing.id))
    return _detail(listing, close_form=form)
