"""Contractor views: list and search, detail, register, edit, listed persons."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.models import Contractor, ContractorKind, ContractorPerson, Role
from wagewatch.privacy import mask_id_number
from wagewatch.services import ServiceError, StaleRecord
from wagewatch.services.cases import search
from wagewatch.services.flags.evaluation import current_flags, distinct_flags
from wagewatch.services.parties import contractors, projects
from wagewatch.services.parties.contractors import PossibleDuplicate
from wagewatch.services.parties.screening import PartyRecord, screen_party
from wagewatch.web.admin.forms import ConfirmForm
from wagewatch.web.contractors.forms import ContractorFilterForm, ContractorForm, PersonForm
from wagewatch.web.paging import CappedPage, IdsFirst, Keyset, cursor, page_number
from wagewatch.web.permissions import guard, roles
from wagewatch.web.scoping import get_in_office_or_404, get_part_or_404

bp = guard(Blueprint("contractors", __name__, url_prefix="/contractors"),
           {Role.CLERK, Role.LEADER, Role.ADMIN})


@bp.route("/")
def list_contractors():
    form = ContractorFilterForm(request.args)
    names = search.NameMatches(current_user.office_id)
    query = contractors.search_contractors(current_user.office_id, q=form.q.data,
                                           kind=form.kind_value(), sort=form.sort.data,
                                           names=names)
    keyset = Keyset(*contractors.KEYSETS.get(form.sort.data or "name", contractors.KEYSETS["name"]))
    # A search's matches are found once for its count and its page (IdsFirst).
    searched = bool((form.q.data or "").strip())
    page = CappedPage(query, page_number(), per_page=50, keyset=keyset, cursor=cursor(keyset),
                      ids_first=IdsFirst(Contractor.id, contractors.contractors_by_id)
                      if searched else None)
    return render_template(
        "contractors/contractor_list.html", page=page, form=form,
        common_fragment=contractors.common_name_fragment(current_user.office_id, form.q.data,
                                                         names),
        candidate_cap=search.CANDIDATE_CAP)


@bp.route("/lookup")
def lookup_contractors():
    """Suggestions for the contractor inputs of other forms (JSON, at most 10)."""
    text = (request.args.get("q") or "").strip()[:100]
    found = db.session.scalars(
        contractors.search_contractors(current_user.office_id, q=text).limit(10)) if text else []
    return jsonify([{"value": c.name, "label": _identifier(c)} for c in found])


def _identifier(contractor: Contractor) -> str:
    if contractor.kind is ContractorKind.COMPANY:
        return contractor.uscc or "单位"
    return f"个人 {mask_id_number(contractor.id_number) or ''}".strip()


def _screening(duplicate: PossibleDuplicate | None) -> dict[int, PartyRecord]:
    """Earlier cases and flags of each possible duplicate, shown beside it before saving."""
    if duplicate is None:
        return {}
    found: dict[int, PartyRecord] = {}
    for match in duplicate.matches:
        for record in screen_party(current_user.office_id, uscc=match.contractor.uscc,
                                   id_number=match.contractor.id_number, name=match.contractor.name):
            found.setdefault(record.contractor.id, record)
    return found


def _show_problem(form: ContractorForm, error: ServiceError) -> PossibleDuplicate | None:
    """Put a refusal beside its field; possible duplicates come back for the clerk to check."""
    if isinstance(error, StaleRecord):
        form.form_errors.append(error.message)
        return None
    getattr(form, error.field or "name").errors.append(error.message)
    if not isinstance(error, PossibleDuplicate):
        return None
    form.confirm_distinct.data = False
    form.duplicate_ids.data = "" if error.blocking else ",".join(
        str(m.contractor.id) for m in error.matches)
    return error


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.CLERK)
def create_contractor():
    form = ContractorForm()
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
    duplicate = None
    if form.validate_on_submit():
        try:
            contractor = contractors.create_contractor(
                office_id=current_user.office_id, details=form.details(), actor=current_user,
                confirmed_ids=form.confirmed_ids(), submission_token=form.submission_token.data)
        except ServiceError as error:
            duplicate = _show_problem(form, error)
        else:
            flash(f"已登记 {contractor.name}。", "success")
            return redirect(url_for("contractors.view_contractor", contractor_id=contractor.id))
    return render_template("contractors/contractor_form.html", form=form, contractor=None,
                           duplicate=duplicate, screening=_screening(duplicate))


@bp.route("/<int:contractor_id>")
def view_contractor(contractor_id: int):
    contractor = get_in_office_or_404(Contractor, contractor_id)
    return _render_detail(contractor, PersonForm())


def _render_detail(contractor: Contractor, person_form: PersonForm):
    return render_template(
        "contractors/contractor_detail.html", contractor=contractor, person_form=person_form,
        action_form=ConfirmForm(), projects=projects.projects_involving(contractor),
        cases=contractors.cases_involving(contractor),
        flags=distinct_flags(current_flags(contractor_id=contractor.id)))


@bp.route("/<int:contractor_id>/edit", methods=["GET", "POST"])
@roles(Role.CLERK)
def edit_contractor(contractor_id: int):
    contractor = get_in_office_or_404(Contractor, contractor_id)
    form = ContractorForm(obj=contractor if request.method == "GET" else None)
    form.current = contractor
    del form.submission_token  # only a new registration carries one
    if request.method == "GET":
        form.uscc.warning = contractor.uscc_warning
        form.id_number.data = form.phone.data = None  # shown masked, kept when left blank
    duplicate = None
    if form.validate_on_submit():
        try:
            contractors.update_contractor(
                contractor, details=form.details(), actor=current_user,
                expected_version=form.version.data or 0, confirmed_ids=form.confirmed_ids())
        except ServiceError as error:
            duplicate = _show_problem(form, error)
            form.version.data = contractor.version  # reviewed: the next save may overwrite
        else:
            flash(f"已保存 {contractor.name}。", "success")
            return redirect(url_for("contractors.view_contractor", contractor_id=contractor.id))
    return render_template("contractors/contractor_form.html", form=form, contractor=contractor,
                           duplicate=duplicate, screening=_screening(duplicate))


@bp.route("/<int:contractor_id>/persons", methods=["POST"])
@roles(Role.CLERK)
def add_person(contractor_id: int):
    contractor = get_in_office_or_404(Contractor, contractor_id)
    form = PersonForm()
    if form.validate_on_submit():
        try:
            contractors.add_person(contractor, **form.person_fields(), actor=current_user)
        except ServiceError as error:
            getattr(form, error.field or "name").errors.append(error.message)
        else:
            flash(f"已添加 {form.name.data}。", "success")
            return redirect(url_for("contractors.view_contractor", contractor_id=contractor.id))
    return _render_detail(contractor, form)


@bp.route("/<int:contractor_id>/persons/<int:person_id>/remove", methods=["POST"])
@roles(Role.CLERK)
def remove_person(contractor_id: int, person_id: int):
    contractor = get_in_office_or_404(Contractor, contractor_id)
    person = get_part_or_404(ContractorPerson, person_id, contractor, "contractor")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = person.name
    contractors.remove_person(person, actor=current_user)
    flash(f"已移除 {name}。", "success")
    return redirect(url_for("contractors.view_contractor", contractor_id=contractor.id))
