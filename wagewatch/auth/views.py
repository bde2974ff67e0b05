"""Login, logout and password change views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from wagewatch.auth.forms import ChangePasswordForm, LoginForm, LogoutForm
from wagewatch.permissions import ALL_ROLES, guard, public
from wagewatch.services import ServiceError, accounts

bp = guard(Blueprint("auth", __name__, url_prefix="/auth"), ALL_ROLES)


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.username.data, form.password.data,
                                         request.remote_addr)
        except ServiceError as error:
            form.password.errors.append(error.message)
        else:
            session.clear()  # renew the session: nothing from before login survives
            login_user(user)
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():  # noqa: ANN201
    form = LogoutForm()
    if form.validate_on_submit():
        accounts.logout(current_user._get_current_object())
        logout_user()
        session.clear()
        flash("您已安全退出。", "success")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
def change_password():  # noqa: ANN201
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(user, form.current_password.data, form.new_password.data,
                                     request.remote_addr)
        except ServiceError as error:
            getattr(form, error.field or "new_password").errors.append(error.message)
        else:
            session.clear()
            login_user(user)  # the renewed session token
            session.permanent = True
            flash("密码已修改。", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form,
                           forced=accounts.password_change_due(current_user))
