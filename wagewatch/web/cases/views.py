"""Case registry views: list and search, register a complaint, case detail, facts, workers, parties."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from wagewatch.extensions import db
from wagewatch.instruments import pdf
from wagewatch.models import (
    Case, CaseEvent, CaseParty, CaseStatus, Channel, Contractor, Liability, Project, Role, Sector,
)
from wagewatch.rules.search_terms import classify
from wagewatch.services import ServiceError, StaleRecord
from wagewatch.services.cases import case_steps, pickers, registration, search, supervision
from wagewatch.services.cases.payments import balances
from wagewatch.services.cases.queries import (
    DUE_LABELS, SORT_LABELS, case_list_keyset, case_list_query, cases_by_id, load_workers,
    money_by_case,
)
from wagewatch.services.collection_loads import load_of_case
from wagewatch.services.documents import issuing
from wagewatch.services.exports import list_exports
from wagewatch.services.flags.evaluation import current_flags
from wagewatch.services.parties import contractors
from wagewatch.services.parties.screening import screen_party
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.services.reference.townships import active_townships
from wagewatch.services.referrals.queries import referrals_of_case
from wagewatch.web.cases import actions
from wagewatch.web.cases.forms import (
    CaseFilterForm, CaseForm, FactsForm, PartyForm, RevealForm, WorkerForm,
)
from wagewatch.web.downloads import send_xlsx
from wagewatch.web.evidence.views import case_section
from wagewatch.web.forms import ExportForm, choices, filter_words, township_filter
from wagewatch.web.paging import CappedPage, IdsFirst, Keyset, cursor, page_number
from wagewatch.web.permissions import guard, roles
from wagewatch.web.scoping import get_in_office_or_404

bp = guard(Blueprint("cases", __name__, url_prefix="/cases"), {Role.CLERK, Role.LEADER})


def _filter_form() -> CaseFilterForm:
    form = CaseFilterForm(request.args)
    form.status.choices = choices([("", "全部状态"), *((s.value, s.label) for s in CaseStatus)])
    form.township.choices = township_filter(current_user.office_id)
    form.sector.choices = choices([("", "全部领域"), *((s.value, s.label) for s in Sector)])
    form.channel.choices = choices([("", "全部渠道"), *((c.value, c.label) for c in Channel)])
    form.due.choices = choices([("", "全部"), *DUE_LABELS.items()])
    form.sort.choices = choices(SORT_LABELS.items())
    return form


def _filters(form: CaseFilterForm) -> tuple[dict, list[pickers.Suggestion]]:
    """The list's filters, with the handler typed by name (or given by id, as the leader's
    home links) resolved to an id; an unknown handler is refused like any bad filter."""
    if not form.validate():
        return {}, []
    filters = dict(form.data)
    text = (form.handler.data or "").strip()
    try:
        handler = pickers.handler_of_office(current_user.office_id, int(text)) if text.isdigit() \
            else pickers.resolve_handler(current_user.office_id, text)
        if text.isdigit() and handler is None:
            raise pickers.PickerRefusal("未找到该承办人。", "handler")
    except pickers.PickerRefusal as refusal:
        form.handler.errors = [refusal.message]
        return {}, refusal.suggestions
    if handler is not None:
        filters["handler"] = str(handler.id)
        form.handler.data = pickers.handler_value(handler)
    return filters, []


@bp.route("/lookup/handlers")
def lookup_handlers():
    """Suggestions for the case list's handler field (JSON, at most pickers.LIMIT)."""
    return jsonify([s.__dict__ for s in pickers.suggest_handlers(
        current_user.office_id, request.args.get("q", ""))])


@bp.route("/lookup/projects")
@roles(Role.CLERK)
def lookup_projects():
    """Suggestions for the complaint form's project field (JSON, at most pickers.LIMIT)."""
    return jsonify([s.__dict__ for s in pickers.suggest_projects(
        current_user.office_id, request.args.get("q", ""))])


@bp.route("/")
def list_cases():
    form = _filter_form()
    filters, handler_suggestions = _filters(form)
    names = search.NameMatches(current_user.office_id)
    query = case_list_query(current_user.office_id, filters, today(), current_calendar(),
                            handler_id=current_user.id if filters.get("mine") else None,
                            names=names)
    key = case_list_keyset(filters)
    keyset = Keyset(*key) if key is not None else None
    terms = classify(filters.get("q") or "")
    # A search's matches are found once for its count and its page (IdsFirst).
    page = CappedPage(query, page_number(), per_page=50, keyset=keyset, cursor=cursor(keyset),
                      ids_first=IdsFirst(Case.id, cases_by_id) if terms is not None else None)
    if terms is not None and terms.is_case_number and page.count == 1 and not page.capped:
        return redirect(url_for("cases.show_case", case_id=page.items[0].id))
    money = money_by_case([c.id for c in page.items])
    common = terms is not None and search.common_fragment(current_user.office_id, terms,
                                                          names=names)
    return render_template("cases/case_list.html", form=form, page=page, money=money,
                           today=today(), scope_name=_scope_name(filters),
                           export_form=ExportForm(), common_fragment=common,
                           candidate_cap=search.CANDIDATE_CAP,
                           handler_suggestions=handler_suggestions)


def _scope_name(filters: dict) -> str | None:
    """The name of the contractor or project the list is narrowed to, within the office."""
    record: Contractor | Project | None = None
    if filters.get("employer"):
        record = db.session.get(Contractor, filters["employer"])
    elif filters.get("project"):
        record = db.session.get(Project, filters["project"])
    return record.name if record is not None and record.office_id == current_user.office_id else None


@bp.route("/export", methods=["POST"])
def export_cases():
    """The list with the current filters as an .xlsx file (POST with CSRF; audited)."""
    if not ExportForm().validate_on_submit():
        abort(400)
    form = _filter_form()
    filters, _ = _filters(form)
    query = case_list_query(current_user.office_id, filters, today(), current_calendar(),
                            handler_id=current_user.id if filters.get("mine") else None)
    data = list_exports.export_case_list(query, _filter_words(form, filters), current_user,
                                         today())
    day = today().isoformat()
    return send_xlsx(data, f"cases-{day}.xlsx", f"案件清单-{day}.xlsx")


def _filter_words(form: CaseFilterForm, filters: dict) -> str:
    """The case list's filters in words: employer and project by name, 我的案件 as 是."""
    def scope(key: str) -> Callable[[Any], str]:
        return lambda value: _scope_name({key: value}) or str(value)
    return filter_words(form, filters, {"employer": scope("employer"), "project": scope("project"),
                                        "handler": lambda _: form.handler.data,
                                        "mine": lambda _: "是"})


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.CLERK)
def create_case():
    form = CaseForm()
    form.township_id.choices = choices([(0, "请选择"), *active_townships(current_user.office_id)])
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
    if form.validate_on_submit():
        already = registration.submitted_case(form.submission_token.data)
        if already is not None:  # a re-sent or double-clicked form: show what it created
            return redirect(url_for("cases.show_case", case_id=already.id))
        try:
            data = _case_input(form)
            screening = _unseen_screening(form, data.employer_id)
            if screening:
                return render_template("cases/case_form.html", form=form, screening=screening)
            case = registration.register_case(current_user, data, [
                registration.WorkerInput(name=row.name.data, id_number=row.id_number.data,
                                  phone=row.phone.data or None, work_from=row.work_from.data,
                                  work_to=row.work_to.data, months_owed=row.months_owed.data,
                                  claimed_yuan=row.claimed_yuan.data,
                                  representative=row.representative.data)
                for row in form.filled_workers()], form.submission_token.data or None)
        except pickers.PickerRefusal as refusal:
            field_error(form, refusal, "project")
            form.project.data = refusal.filled or form.project.data
            return render_template("cases/case_form.html", form=form,
                                   project_suggestions=refusal.suggestions)
        except ServiceError as error:
            field_error(form, error, "employer")
        else:
            flash(f"已登记案件 {case.number}。", "success")
            return redirect(url_for("cases.show_case", case_id=case.id))
    return render_template("cases/case_form.html", form=form)


def _unseen_screening(form: CaseForm, employer_id: int) -> list | None:
    """The employer's earlier cases and flags, shown once before the complaint is saved."""
    if form.screened_employer.data == str(employer_id):
        return None
    employer = db.session.get_one(Contractor, employer_id)
    records = [r for r in screen_party(current_user.office_id, uscc=employer.uscc,
                                       id_number=employer.id_number, name=employer.name)
               if r.noteworthy]
    form.screened_employer.data = str(employer_id)
    return records or None


def _case_input(form: CaseForm) -> registration.CaseInput:
    employer = contractors.resolve_contractor(current_user.office_id, form.employer.data)
    project = pickers.resolve_project(current_user.office_id, form.project.data or "")
    return registration.CaseInput(
        received_on=form.received_on.data, channel=Channel(form.channel.data),
        township_id=form.township_id.data, employer_id=employer.id,
        project_id=project.id if project is not None else None, sector=Sector(form.sector.data),
        summary=form.summary.data, violation_ended_on=form.violation_ended_on.data,
        facts={name: getattr(form, name).data for name in registration.FACT_FIELDS})


def field_error(form, error: ServiceError, default: str) -> None:
    """Show a service refusal beside its field; refusals about the worker rows go above them."""
    if error.field in {"workers", "allocations"}:
        form.form_errors.append(error.message)
        return
    field = getattr(form, error.field or default, None) or getattr(form, default)
    field.errors = [*field.errors, error.message]


#: What the case page shows of the case besides its collections, read with it: the employer,
#: township, project and handler in the case's own statement (lazily, each was a round trip of
#: its own).
CASE_PAGE = (joinedload(Case.employer), joinedload(Case.township), joinedload(Case.project),
             joinedload(Case.handler))
#: The case's parties with their contractors and its events with their actors, read by
#: statements built once (services/collection_loads.py), not the ORM's selectin loads.
PARTIES, EVENTS = (joinedload(CaseParty.contractor),), (joinedload(CaseEvent.actor),)


@bp.route("/<int:case_id>")
def show_case(case_id: int):
    case = get_in_office_or_404(Case, case_id, CASE_PAGE)
    return _detail(case, WorkerForm(), PartyForm())


def _detail(case: Case, worker_form: WorkerForm, party_form: PartyForm):
    load_of_case(case, Case.parties, PARTIES)
    load_of_case(case, Case.events, EVENTS)
    load_workers(case)
    owed, flags, calendar = balances(case), current_flags(case_id=case.id), current_calendar()
    police_referrals, supervised = referrals_of_case(case.id), supervision.listings_of_case(case.id)
    outstanding = any(b.outstanding > 0 for b in owed.values())
    facts = actions.step_facts(
        case, outstanding, any(f.rule == "police_referral" for f in flags), police_referrals,
        any(str(listing.status) == "open" for listing in supervised), today(), calendar)
    return render_template("cases/case_detail.html", case=case, balances=owed,
                           steps=actions.page_steps(case, facts),
                           clocks=actions.running_clocks(case, registration.case_deadlines(case),
                                                         outstanding, today(), calendar),
                           today=today(),
                           worker_form=worker_form, party_form=party_form,
                           reveal_form=RevealForm(), flags=flags,
                           police_referrals=police_referrals, supervised=supervised,
                           repeat=registration.repeat_employer_warning(case),
                           limitation=case_steps.limitation(case)
                           if case.status is CaseStatus.REGISTERED else None,
                           case_documents=issuing.case_documents(case),
                           pdf_available=pdf.available(),
                           section=case_section(case, referrals=police_referrals))


@bp.route("/<int:case_id>/facts", methods=["GET", "POST"])
@roles(Role.CLERK)
def edit_facts(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = FactsForm(obj=case if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(case.version)
    if form.validate_on_submit():
        try:
            registration.update_facts(case, summary=form.summary.data,
                               violation_ended_on=form.violation_ended_on.data,
                               facts={n: getattr(form, n).data for n in registration.FACT_FIELDS},
                               expected_version=form.version.data or 0, actor=current_user)
        except StaleRecord as error:
            form.summary.errors.append(error.message)
        else:
            flash("案件事实已更新。", "success")
            return redirect(url_for("cases.show_case", case_id=case.id))
    return render_template("cases/step_form.html", form=form, case=case, title="编辑案件事实")


@bp.route("/<int:case_id>/workers", methods=["POST"])
@roles(Role.CLERK)
def add_worker(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = WorkerForm()
    if form.validate_on_submit():
        try:
            registration.add_worker_to_case(case, registration.WorkerInput(
                name=form.name.data, id_number=form.id_number.data, phone=form.phone.data or None,
                work_from=form.work_from.data, work_to=form.work_to.data,
                months_owed=form.months_owed.data, claimed_yuan=form.claimed_yuan.data,
                representative=form.representative.data), current_user)
        except ServiceError as error:
            field_error(form, error, "name")
        else:
            flash(f"已添加工人 {form.name.data}。", "success")
            return redirect(url_for("cases.show_case", case_id=case.id) + "#workers")
    return _detail(case, form, PartyForm())


@bp.route("/<int:case_id>/parties", methods=["POST"])
@roles(Role.CLERK)
def add_party(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = PartyForm()
    if form.validate_on_submit():
        try:
            contractor = contractors.resolve_contractor(case.office_id, form.contractor.data)
            registration.add_party(case, contractor, Liability(form.liability.data),
                            form.note.data or None, current_user)
        except ServiceError as error:
            field_error(form, error, "contractor")
        else:
            flash("已添加责任主体。", "success")
            return redirect(url_for("cases.show_case", case_id=case.id) + "#parties")
    return _detail(case, WorkerForm(), form)


@bp.route("/<int:case_id>/workers/<int:case_worker_id>/reveal", methods=["POST"])
@roles(Role.CLERK)
def reveal_worker(case_id: int, case_worker_id: int):
    """Show one worker's full ID number and phone to the handling office's clerk (audited)."""
    case = get_in_office_or_404(Case, case_id)
    case_worker = next((cw for cw in case.workers if cw.id == case_worker_id), None)
    if case_worker is None or not RevealForm().validate_on_submit():
        abort(404 if case_worker is None else 400)
    registration.record_unmask(case, case_worker, current_user)
    return render_template("cases/worker_reveal.html", case=case, case_worker=case_worker)
