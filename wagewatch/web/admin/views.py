"""User administration views: list, create, edit, disable, enable, unlock, reset password or factor."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_

from wagewatch.extensions import db
from wagewatch.models import Office, Role, User, utcnow
from wagewatch.services import ServiceError
from wagewatch.services.accounts import second_factor, users
from wagewatch.web.admin.forms import ConfirmForm, UserFilterForm, UserForm
from wagewatch.web.forms import choices
from wagewatch.web.permissions import guard

bp = guard(Blueprint("admin", __name__, url_prefix="/admin"), {Role.ADMIN})


def _office_choices(form: UserForm) -> None:
    form.office_id.choices = choices(
        (o.id, f"{o.name}（{o.code}）")
        for o in db.session.scalars(db.select(Office).order_by(Office.code))
    )


@bp.route("/users")
def list_users():
    form = UserFilterForm(request.args)
    query = db.select(User).order_by(User.username)
    if form.q.data:
        like = f"%{form.q.data.strip().lower()}%"
        query = query.where(or_(User.username.like(like), User.display_name.like(like)))
    if form.role.data in {r.value for r in Role}:
        query = query.where(User.role == Role(form.role.data))
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("admin/user_list.html", page=page, form=form,
                           action_form=ConfirmForm(), now=utcnow())


@bp.route("/users/new", methods=["GET", "POST"])
def create_user():
    form = UserForm()
    _office_choices(form)
    if form.validate_on_submit():
        try:
            user, password = users.create_user(
                username=form.username.data, display_name=form.display_name.data,
                role=Role(form.role.data), office=db.get_or_404(Office, form.office_id.data),
                may_export_full_ids=form.may_export_full_ids.data,
                email=(form.email.data or "").strip() or None, actor=current_user)
        except ServiceError as error:
            getattr(form, error.field or "username").errors.append(error.message)
        else:
            # Shown once on this response, never stored in the session cookie or a flash.
            return render_template("admin/user_password.html", user=user, password=password,
                                   created=True)
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user if request.method == "GET" else None)
    _office_choices(form)
    form.username.data = user.username  # never changed through the form
    if request.method == "GET":
        form.role.data = user.role.value
        form.version.data = str(user.version)
    if form.validate_on_submit():
        try:
            users.update_user(
                user, display_name=form.display_name.data, role=Role(form.role.data),
                office=db.get_or_404(Office, form.office_id.data),
                may_export_full_ids=form.may_export_full_ids.data,
                email=(form.email.data or "").strip() or None,
                expected_version=form.version.data or 0, actor=current_user)
        except ServiceError as error:
            getattr(form, error.field or "display_name").errors.append(error.message)
        else:
            flash(f"已保存用户 {user.username}。", "success")
            return redirect(url_for("admin.list_users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/users/<int:user_id>/<action>", methods=["POST"])
def act_on_user(user_id: int, action: str):
    user = db.get_or_404(User, user_id)
    if action not in {"disable", "enable", "unlock", "reset-password", "reset-second-factor"} \
            or not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if action == "reset-password":
            password = users.reset_password(user, actor=current_user)
            return render_template("admin/user_password.html", user=user, password=password,
                                   created=False)
        if action == "reset-second-factor":
            second_factor.reset(user, actor=current_user)
            flash(f"已重置 {user.username} 的验证器，其下次登录时须重新绑定。", "success")
        elif action == "unlock":
            users.unlock(user, actor=current_user)
            flash(f"已解除 {user.username} 的锁定。", "success")
        else:
            users.set_active(user, action == "enable", actor=current_user)
            flash(f"已{'启用' if action == 'enable' else '停用'} {user.username}。", "success")
    except ServiceError as error:
        flash(error.message, "danger")
    return redirect(url_for("admin.list_users"))
