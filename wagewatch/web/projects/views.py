"""Project views: list and filter, detail with duties and chain, register, edit, participants."""

from __future__ import annotations

import enum
import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from wagewatch.extensions import db
from wagewatch.models import (
    FundingType, ParticipantRole, Project, ProjectParticipant, Role, Sector, Township,
)
from wagewatch.services import ServiceError, StaleRecord
from wagewatch.services.parties import participants, projects
from wagewatch.services.parties.screening import screen_party
from wagewatch.web.admin.forms import ConfirmForm
from wagewatch.web.forms import choices
from wagewatch.web.permissions import guard, roles
from wagewatch.web.projects.forms import ParticipantForm, ProjectFilterForm, ProjectForm
from wagewatch.web.scoping import get_in_office_or_404, get_part_or_404

bp = guard(Blueprint("projects", __name__, url_prefix="/projects"),
           {Role.CLERK, Role.LEADER, Role.ADMIN})


def _townships(current_id: int | None = None) -> list[Township]:
    """The office's active townships, plus the project's own even if since deactivated."""
    query = db.select(Township).where(
        Township.office_id == current_user.office_id,
        Township.active | (Township.id == (current_id or -1)),
    ).order_by(Township.sort_order, Township.id)
    return list(db.session.scalars(query))


def _enum_or_none(enum_class: type[enum.Enum], value: object) -> enum.Enum | None:
    return enum_class(value) if value in {m.value for m in enum_class} else None


@bp.route("/")
def list_projects():
    form = ProjectFilterForm(request.args)
    form.township_id.choices = choices([("", "全部镇（街道）"),
                                        *((t.id, t.name) for t in _townships())])
    query = projects.search_projects(
        current_user.office_id, q=form.q.data, township_id=form.township_id.data,
        sector=_enum_or_none(Sector, form.sector.data),
        funding_type=_enum_or_none(FundingType, form.funding_type.data), sort=form.sort.data)
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("projects/project_list.html", page=page, form=form,
                           warnings_of=projects.duty_warnings)


def _project_form(project: Project | None = None) -> ProjectForm:
    form = ProjectForm(obj=project if request.method == "GET" else None,
                       office_id=current_user.office_id)
    form.township_id.choices = choices(
        [("", "请选择"), *((t.id, t.name) for t in _townships(project.township_id if project is not None else None))])
    if project is not None:
        form.current = project
        form.preferred = {"owner": project.owner_id,
                          "general_contractor": project.general_contractor_id}
        del form.submission_token  # only a new registration carries one
        if request.method == "GET":
            form.labour_officer_phone.data = form.site_liaison_phone.data = None  # kept masked
            form.owner.data = project.owner.name if project.owner else ""
            form.general_contractor.data = (project.general_contractor.name
                                            if project.general_contractor else "")
    return form


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.CLERK)
def create_project():
    form = _project_form()
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
    if form.validate_on_submit():
        screening = _unseen_screening(form)
        if screening:
            return render_template("projects/project_form.html", form=form, project=None,
                                   screening=screening)
        try:
            project = projects.create_project(
                office_id=current_user.office_id, details=form.details(), actor=current_user,
                submission_token=form.submission_token.data)
        except ServiceError as error:
            getattr(form, error.field or "name").errors.append(error.message)
        else:
            flash(f"已登记项目 {project.name}。", "success")
            return redirect(url_for("projects.view_project", project_id=project.id))
    return render_template("projects/project_form.html", form=form, project=None)


def _unseen_screening(form: ProjectForm, project: Project | None = None) -> list | None:
    """The owner's and general contractor's earlier cases, flags, listings and referrals, shown
    once before saving when the parties are new to this project."""
    parties = [form.resolved[name] for name in ("owner", "general_contractor")
               if name in form.resolved]
    if project is not None:  # only parties the edit introduces
        parties = [c for c in parties if c.id not in (project.owner_id, project.general_contractor_id)]
    marker = ",".join(sorted(str(c.id) for c in parties))
    if not parties or form.screened_parties.data == marker:
        return None
    form.screened_parties.data = marker
    records = [r for c in parties for r in screen_party(
        current_user.office_id, uscc=c.uscc, id_number=c.id_number, name=c.name) if r.noteworthy]
    return records or None


#: What the project page shows, read with the project: its township, owner and general
#: contractor, and every participant with its contractor and who engaged it (one statement for
#: the participants; lazily, each contractor was a statement of its own).
PROJECT_PAGE = (joinedload(Project.township), joinedload(Project.owner),
                joinedload(Project.general_contractor),
                selectinload(Project.participants).options(
                    joinedload(ProjectParticipant.contractor), joinedload(ProjectParticipant.engaged_by)))


@bp.route("/<int:project_id>")
def view_project(project_id: int):
    project = get_in_office_or_404(Project, project_id, PROJECT_PAGE)
    return _render_detail(project, _participant_form(project))


def _participant_form(project: Project) -> ParticipantForm:
    form = ParticipantForm(office_id=project.office_id)
    form.engaged_by_id.choices = choices(
        [("", "请选择"), *((c.id, c.name) for c in participants.engaging_parties(project))])
    return form


def _render_detail(project: Project, participant_form: ParticipantForm):
    chain, unplaced = participants.project_chain(project)
    return render_template(
        "projects/project_detail.html", project=project, warnings=projects.duty_warnings(project),
        chain=chain, unplaced=unplaced, participant_form=participant_form,
        action_form=ConfirmForm())


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@roles(Role.CLERK)
def edit_project(project_id: int):
    project = get_in_office_or_404(Project, project_id)
    form = _project_form(project)
    if form.validate_on_submit():
        screening = _unseen_screening(form, project)
        if screening:
            return render_template("projects/project_form.html", form=form, project=project,
                                   screening=screening)
        try:
            projects.update_project(project, details=form.details(), actor=current_user,
                                    expected_version=form.version.data or 0)
        except StaleRecord as error:
            form.form_errors.append(error.message)
            form.version.data = project.version  # reviewed: the next save may overwrite
        except ServiceError as error:
            getattr(form, error.field or "name").errors.append(error.message)
        else:
            flash(f"已保存项目 {project.name}。", "success")
            return redirect(url_for("projects.view_project", project_id=project.id))
    return render_template("projects/project_form.html", form=form, project=project)


@bp.route("/<int:project_id>/participants", methods=["POST"])
@roles(Role.CLERK)
def add_participant(project_id: int):
    project = get_in_office_or_404(Project, project_id)
    form = _participant_form(project)
    if form.validate_on_submit():
        try:
            participants.add_participant(
                project, contractor=form.resolved["contractor"],
                role=ParticipantRole(form.role.data), engaged_by_id=form.engaged_by_id.data,
                scope=form.scope.data, actor=current_user)
        except ServiceError as error:
            getattr(form, error.field or "contractor").errors.append(error.message)
        else:
            flash(f"已添加参与方 {form.contractor.data}。", "success")
            return redirect(url_for("projects.view_project", project_id=project.id))
    return _render_detail(project, form)


@bp.route("/<int:project_id>/participants/<int:participant_id>/remove", methods=["POST"])
@roles(Role.CLERK)
def remove_participant(project_id: int, participant_id: int):
    project = get_in_office_or_404(Project, project_id)
    participant = get_part_or_404(ProjectParticipant, participant_id, project, "project")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        participants.remove_participant(participant, actor=current_user)
    except ServiceError as error:
        flash(error.message, "danger")
    else:
        flash("已移除该参与方。", "success")
    return redirect(url_for("projects.view_project", project_id=project.id))
