"""API client administration: list, issue (token shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.models import ApiClient, Role
from wagewatch.services import ServiceError
from wagewatch.services.accounts import api_clients
from wagewatch.web.admin.forms import ConfirmForm
from wagewatch.web.api_clients.forms import ApiClientForm
from wagewatch.web.permissions import guard

bp = guard(Blueprint("api_clients", __name__, url_prefix="/admin/api-clients"), {Role.ADMIN})


@bp.route("/", methods=["GET", "POST"])
def list_clients():
    form = ApiClientForm()
    if form.validate_on_submit():
        try:
            client, token = api_clients.issue_client(
                office=current_user.office, name=form.name.data, scopes=form.scopes.data,
                actor=current_user)
        except ServiceError as error:
            getattr(form, error.field or "name").errors.append(error.message)
        else:
            # Shown once on this response; only its hash is stored.
            return render_template("api_clients/client_token.html", client=client, token=token)
    clients = db.session.scalars(db.select(ApiClient).order_by(ApiClient.id.desc())).all()
    return render_template("api_clients/client_list.html", form=form, clients=clients,
                           scopes=api_clients.SCOPES, revoke_form=ConfirmForm())


@bp.route("/<int:client_id>/revoke", methods=["POST"])
def revoke_client(client_id: int):
    client = db.get_or_404(ApiClient, client_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    api_clients.revoke_client(client, actor=current_user)
    flash(f"已撤销“{client.name}”的令牌。", "success")
    return redirect(url_for("api_clients.list_clients"))
