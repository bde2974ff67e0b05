"""The web layer: blueprints, forms, the permission gate and the request plumbing."""

from __future__ import annotations

from flask import Flask

from wagewatch.web import (
    errors, headers, navigation, permissions, query_guard, static_assets, templating,
)
from wagewatch.web.admin.views import bp as admin_bp
from wagewatch.web.api.views import bp as api_bp
from wagewatch.web.api_clients.views import bp as api_clients_bp
from wagewatch.web.audit.views import bp as audit_bp
from wagewatch.web.auth.views import bp as auth_bp
from wagewatch.web.blacklist.step_views import bp as blacklist_steps_bp
from wagewatch.web.blacklist.views import bp as blacklist_bp
from wagewatch.web.case_import.views import bp as case_import_bp
from wagewatch.web.cases.step_views import bp as case_steps_bp
from wagewatch.web.cases.views import bp as cases_bp
from wagewatch.web.contractors.views import bp as contractors_bp
from wagewatch.web.documents.views import bp as documents_bp
from wagewatch.web.evidence.views import bp as evidence_bp
from wagewatch.web.exports.views import bp as exports_bp
from wagewatch.web.health import bp as health_bp
from wagewatch.web.instrument_templates.views import bp as instrument_templates_bp
from wagewatch.web.main.leader_home import bp as leader_bp
from wagewatch.web.main.views import bp as main_bp
from wagewatch.web.monthly_reports.views import bp as monthly_reports_bp
from wagewatch.web.police.views import bp as police_bp
from wagewatch.web.projects.views import bp as projects_bp
from wagewatch.web.publication.views import bp as publication_bp
from wagewatch.web.reference.views import bp as reference_bp
from wagewatch.web.referrals.views import bp as referrals_bp
from wagewatch.web.reminders.views import bp as reminders_bp
from wagewatch.web.supervision.views import bp as supervision_bp

BLUEPRINTS = (api_bp, api_clients_bp, auth_bp, main_bp, admin_bp, reference_bp, audit_bp, cases_bp,
              case_import_bp, case_steps_bp, contractors_bp, projects_bp, blacklist_bp, blacklist_steps_bp,
              publication_bp, referrals_bp, supervision_bp, police_bp, exports_bp, monthly_reports_bp,
              documents_bp, instrument_templates_bp, evidence_bp, health_bp, leader_bp, reminders_bp)


def init_app(app: Flask) -> None:
    """Register every blueprint behind the permission gate, then the headers, pages and filters."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    permissions.check_every_endpoint_is_guarded(app)
    app.before_request(permissions.enforce)
    headers.init_app(app)
    static_assets.init_app(app)
    navigation.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    query_guard.init_app(app)
