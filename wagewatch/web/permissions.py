"""Deny by default: every blueprint declares the roles it admits, every view may narrow them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from wagewatch.models import Role
from wagewatch.services import audit
from wagewatch.services.accounts import second_factor
from wagewatch.services.accounts.authentication import password_change_due

F = TypeVar("F", bound=Callable)

ALL_ROLES = frozenset(Role)

#: Endpoints outside any guarded blueprint that anyone may reach (static assets).
PUBLIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})

#: The steps of signing in a user may owe, and the only endpoints open during each.
SIGN_IN_STEPS = {
    "auth.second_factor_step": frozenset({"auth.second_factor_step", "auth.logout"}),
    "auth.change_password": frozenset({"auth.change_password", "auth.logout"}),
    "auth.enrol": frozenset({"auth.enrol", "auth.enrol_qr", "auth.logout"}),
}


def guard(blueprint: Blueprint, roles: Iterable[Role]) -> Blueprint:
    """Admit only these roles to every view of ``blueprint`` (narrowed per view with ``roles``)."""
    blueprint.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
    return blueprint


def roles(*allowed: Role) -> Callable[[F], F]:
    """Narrow a single view to some of its blueprint's roles."""

    def mark(view: F) -> F:
        view.allowed_roles = frozenset(allowed)  # type: ignore[attr-defined]
        return view

    return mark


def public(view: F) -> F:
    """Let anonymous visitors reach this view (the login page)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def allowed_roles_for(app: Flask, endpoint: str) -> frozenset[Role] | None:
    """The roles that may reach an endpoint; None means public; raises for unguarded ones."""
    if endpoint in PUBLIC_ENDPOINTS:
        return None
    view = app.view_functions[endpoint]
    if getattr(view, "is_public", False):
        return None
    blueprint_name = endpoint.rpartition(".")[0]
    blueprint = app.blueprints.get(blueprint_name)
    blueprint_roles = getattr(blueprint, "allowed_roles", None)
    if blueprint_roles is None:
        raise LookupError(f"endpoint {endpoint} belongs to no guarded blueprint")
    return getattr(view, "allowed_roles", blueprint_roles) & blueprint_roles


def can(endpoint: str, user=None) -> bool:
    """True when ``user`` (the signed-in user by default) may reach ``endpoint`` by the role map
    above: the navigation and every link or button a template shows by role ask this, so what a
    page offers is what the gate admits (the gate in ``enforce`` still decides)."""
    allowed = allowed_roles_for(current_app, endpoint)
    if allowed is None:
        return True
    user = current_user if user is None else user
    return bool(user.is_authenticated) and user.role in allowed


def check_every_endpoint_is_guarded(app: Flask) -> None:
    """Refuse to start when any route is outside the role matrix."""
    for endpoint in app.view_functions:
        allowed_roles_for(app, endpoint)


def sign_in_step(user) -> str | None:
    """The step of signing in the user still owes (an endpoint), or None when fully signed in.

    A user with an enrolled factor gives the code first; a one-time or expired password is
    changed next; a user who must have a factor and has none enrols last (security.md 3, 23).
    """
    pending = second_factor.is_pending(user)
    if pending and second_factor.is_enrolled(user):
        return "auth.second_factor_step"
    if password_change_due(user):
        return "auth.change_password"
    if pending:
        return "auth.enrol"
    return None


def enforce():
    """The app-wide before_request gate: login first, then every step of signing in (the
    second factor, a due password change), then the role, else 403 (audited).

    A half-signed session (right password, second factor still owed) reaches only its step.
    """
    endpoint = request.endpoint
    if endpoint is None:  # 404 and 405 are handled by the error handlers
        return None
    allowed = allowed_roles_for(current_app, endpoint)
    if allowed is None:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    step = sign_in_step(current_user)
    if step is not None and endpoint not in SIGN_IN_STEPS[step]:
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for(step, next=target if endpoint != "main.index" else None))
    if current_user.role not in allowed:
        audit.record_alone("access.denied", success=False,
                           detail=f"{request.method} {request.path}")
        abort(403)
    return None
