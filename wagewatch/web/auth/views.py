"""Login, the second-factor step and enrolment, logout and password change views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response as BaseResponse

from wagewatch.services import ServiceError
from wagewatch.services.accounts import authentication, second_factor
from wagewatch.web.auth.forms import ChangePasswordForm, EnrolForm, LoginForm, LogoutForm, SecondFactorForm
from wagewatch.web.permissions import ALL_ROLES, guard, public, sign_in_step

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
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authentication.authenticate(form.username.data, form.password.data,
                                         request.remote_addr)
        except ServiceError as error:
            form.password.errors.append(error.message)
        else:
            session.clear()  # renew the session: nothing from before login survives
            login_user(user)
            session.permanent = True
            target = _safe_next(request.args.get("next"))
            step = sign_in_step(user)
            if step in {"auth.second_factor_step", "auth.enrol"}:  # half signed in until then
                return redirect(url_for(step, next=target))
            return redirect(target or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    form = LogoutForm()
    if form.validate_on_submit():
        authentication.logout(current_user._get_current_object())
        logout_user()
        session.clear()
        flash("您已安全退出。", "success")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            authentication.change_password(user, form.current_password.data, form.new_password.data,
                                     request.remote_addr)
        except ServiceError as error:
            getattr(form, error.field or "new_password").errors.append(error.message)
        else:
            _renew_login(user)
            flash("密码已修改。", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form,
                           forced=authentication.password_change_due(current_user))


def _renew_login(user) -> None:
    """Put the user's renewed session token in a fresh cookie session."""
    session.clear()
    login_user(user)
    session.permanent = True


def _after_step() -> BaseResponse:
    return redirect(_safe_next(request.args.get("next")) or url_for("main.index"))


@bp.route("/second-factor", methods=["GET", "POST"])
def second_factor_step():
    """The second step of signing in: a code from the authenticator or a recovery code."""
    user = current_user._get_current_object()
    if not second_factor.is_pending(user):
        return _after_step()
    form = SecondFactorForm()
    if form.validate_on_submit():
        try:
            second_factor.verify(user, form.code.data)
        except second_factor.SecondFactorLocked as error:
            logout_user()
            session.clear()
            flash(error.message, "danger")
            return redirect(url_for("auth.login"))
        except ServiceError as error:
            form.code.errors.append(error.message)
        else:
            return _after_step()
    return render_template("auth/second_factor.html", form=form)


@bp.route("/enrol", methods=["GET", "POST"])
def enrol():
    """First login with a required factor: scan the QR code, confirm a code, get recovery codes."""
    user = current_user._get_current_object()
    if not second_factor.is_pending(user) or second_factor.is_enrolled(user):
        return _after_step()
    factor = second_factor.start_enrolment(user)
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            codes = second_factor.confirm_enrolment(user, form.code.data)
        except second_factor.SecondFactorLocked as error:
            logout_user()
            session.clear()
            flash(error.message, "danger")
            return redirect(url_for("auth.login"))
        except ServiceError as error:
            form.code.errors.append(error.message)
        else:
            # Shown once on this response, never stored in the session cookie or a flash.
            return render_template("auth/recovery_codes.html", codes=codes,
                                   next=_safe_next(request.args.get("next")))
    return render_template("auth/enrol.html", form=form, secret=factor.secret)


@bp.route("/enrol/qr.svg")
def enrol_qr():
    """The pending secret as a QR code image; gone once the enrolment is confirmed."""
    user = current_user._get_current_object()
    secret = second_factor.pending_secret(user)
    if secret is None or not second_factor.is_pending(user):
        abort(404)
    image = second_factor.qr_svg(second_factor.provisioning_uri(user, secret))
    return Response(image, mimetype="image/svg+xml")
