"""The load balancer's health check: is the database answering (no personal data, no versions)."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from wagewatch.extensions import db
from wagewatch.web.permissions import public

log = logging.getLogger("wagewatch.web.health")

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz():
    """200 with {"database": "ok"} when a trivial query succeeds, else 503 {"database": "unavailable"}."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("Health check: database unavailable (%s)", type(error).__name__)
        response = jsonify({"database": "unavailable"})
        response.status_code = 503
    else:
        response = jsonify({"database": "ok"})
    response.headers["Cache-Control"] = "no-store"
    return response
