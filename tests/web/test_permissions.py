"""The role matrix: every route, every role, walked from app.url_map (security.md item 6)."""

from collections import OrderedDict
from collections.abc import Set as AbstractSet
from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import (
    AuditEvent, CalendarOverride, DayKind, Office, Role, Township,
)
from wagewatch.services.cases import case_steps
from wagewatch.services.documents import issuing
from wagewatch.services.reference import maintenance

from tests.factories import (
    issue_served_order, login, make_contractor, make_project, make_user, post,
)
from tests.web.blacklist.factories import matrix_samples
from tests.web.cases.factories import register
from tests.web.referrals.factories import matrix_samples as referral_samples

PUBLIC = "public"
TOKEN = "token"  # the JSON API: an API token, never a login session
ANY_ROLE = frozenset(Role)

#: Who may reach each endpoint. A new route fails the test until it is added here.
MATRIX: dict[str, str | AbstractSet[Role]] = {
    "auth.login": PUBLIC,
    "api.openapi": PUBLIC,
    "health.healthz": PUBLIC,
    "api.contractor_flags": TOKEN,
    "api.blacklist": TOKEN,
    "api.referrals": TOKEN,
    "api_clients.list_clients": {Role.ADMIN},
    "api_clients.revoke_client": {Role.ADMIN},
    "auth.logout": ANY_ROLE,
    "auth.change_password": ANY_ROLE,
    "auth.second_factor_step": ANY_ROLE,
    "auth.enrol": ANY_ROLE,
    "auth.enrol_qr": ANY_ROLE,
    "main.index": ANY_ROLE,
    "leader.figures": {Role.LEADER},
    "admin.list_users": {Role.ADMIN},
    "admin.create_user": {Role.ADMIN},
    "admin.edit_user": {Role.ADMIN},
    "admin.act_on_user": {Role.ADMIN},
    "reference.list_offices": {Role.ADMIN},
    "reference.edit_office": {Role.ADMIN},
    "reference.list_townships": {Role.ADMIN},
    "reference.edit_township": {Role.ADMIN},
    "reference.list_calendar_overrides": {Role.ADMIN},
    "reference.delete_calendar_override": {Role.ADMIN},
    "reference.complete_calendar_year": {Role.ADMIN},
    "reference.reopen_calendar_year": {Role.ADMIN},
    "reference.list_thresholds": {Role.ADMIN},
    "reference.edit_threshold": {Role.ADMIN},
    "audit.list_events": {Role.AUDITOR},
    "audit.export_events": {Role.AUDITOR},
    "cases.list_cases": {Role.CLERK, Role.LEADER},
    "cases.export_cases": {Role.CLERK, Role.LEADER},
    "cases.lookup_handlers": {Role.CLERK, Role.LEADER},
    "cases.lookup_projects": {Role.CLERK},
    "case_import.upload": {Role.CLERK},
    "case_import.download_template": {Role.CLERK},
    "case_import.show_import": {Role.CLERK},
    "case_import.download_errors": {Role.CLERK},
    "case_import.show_job": {Role.CLERK},
    "case_import.job_status": {Role.CLERK},
    "police.export_list": {Role.POLICE},
    "exports.start_registry": {Role.CLERK, Role.LEADER},
    "exports.show_job": {Role.CLERK, Role.LEADER},
    "exports.job_status": {Role.CLERK, Role.LEADER},
    "exports.download_job": {Role.CLERK, Role.LEADER},
    "cases.show_case": {Role.CLERK, Role.LEADER},
    "cases.create_case": {Role.CLERK},
    "cases.edit_facts": {Role.CLERK},
    "cases.add_worker": {Role.CLERK},
    "cases.add_party": {Role.CLERK},
    "cases.reveal_worker": {Role.CLERK},
    "case_steps.accept": {Role.CLERK},
    "case_steps.not_accept": {Role.CLERK},
    "case_steps.extend": {Role.CLERK},
    "case_steps.close": {Role.CLERK},
    "case_steps.issue_payment_order": {Role.CLERK},
    "case_steps.order_extra_compensation": {Role.CLERK},
    "case_steps.record_recovery": {Role.CLERK},
    "case_steps.confirm_amount": {Role.CLERK},
    "case_steps.confirm_amounts": {Role.CLERK},
    "reminders.list_reminders": {Role.CLERK, Role.POLICE},
    "documents.download_document": {Role.CLERK, Role.LEADER},
    "documents.download_pdf": {Role.CLERK, Role.LEADER},
    "documents.record_service": {Role.CLERK},
    "documents.correct_document": {Role.CLERK},
    "documents.issue_inquiry": {Role.CLERK},
    "instrument_templates.list_templates": {Role.ADMIN},
    "instrument_templates.show_template": {Role.ADMIN},
    "instrument_templates.preview_template": {Role.ADMIN},
    "instrument_templates.activate_template": {Role.ADMIN},
    "instrument_templates.default_template": {Role.ADMIN},
    "contractors.list_contractors": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "contractors.lookup_contractors": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "contractors.view_contractor": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "contractors.create_contractor": {Role.CLERK},
    "contractors.edit_contractor": {Role.CLERK},
    "contractors.add_person": {Role.CLERK},
    "contractors.remove_person": {Role.CLERK},
    "projects.list_projects": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "projects.view_project": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "projects.create_project": {Role.CLERK},
    "projects.edit_project": {Role.CLERK},
    "projects.add_participant": {Role.CLERK},
    "projects.remove_participant": {Role.CLERK},
    "referrals.list_referrals": {Role.CLERK, Role.LEADER},
    "referrals.show_referral": {Role.CLERK, Role.LEADER},
    "referrals.start_referral": {Role.CLERK},
    "referrals.take_step": {Role.CLERK},
    "supervision.list_listings": {Role.CLERK, Role.LEADER},
    "supervision.show_listing": {Role.CLERK, Role.LEADER},
    "supervision.create_listing": {Role.CLERK},
    "supervision.add_note": {Role.CLERK},
    "supervision.close_listing": {Role.CLERK},
    "police.list_candidates": {Role.POLICE},
    "police.list_referrals": {Role.POLICE},
    "police.show_referral": {Role.POLICE},
    "police.reveal_file": {Role.POLICE},
    "police.take_step": {Role.POLICE},
    "police.download_pack": {Role.POLICE},
    "blacklist.list_proceedings": {Role.CLERK, Role.LEADER},
    "blacklist.show_proceeding": {Role.CLERK, Role.LEADER},
    "blacklist.contractor_history": {Role.CLERK, Role.LEADER},
    "blacklist.start_proceeding": {Role.CLERK},
    "blacklist.create_legacy_listing": {Role.CLERK},
    "blacklist_steps.approve_complex": {Role.CLERK},
    "blacklist_steps.serve_notice": {Role.CLERK},
    "blacklist_steps.issue_notice": {Role.CLERK},
    "blacklist_steps.record_objection": {Role.CLERK},
    "blacklist_steps.answer_objection": {Role.CLERK},
    "blacklist_steps.decide_listing": {Role.CLERK},
    "blacklist_steps.decide_not_listing": {Role.CLERK},
    "blacklist_steps.apply_early_removal": {Role.CLERK},
    "blacklist_steps.decide_early_removal": {Role.CLERK},
    "blacklist_steps.revoke_for_fraud": {Role.CLERK},
    "blacklist_steps.revoke_for_order": {Role.CLERK},
    "blacklist_steps.record_correction": {Role.CLERK},
    "publication.show_list": {Role.CLERK, Role.LEADER, Role.POLICE, Role.ADMIN},
    "publication.download_list": {Role.CLERK, Role.LEADER, Role.POLICE, Role.ADMIN},
    "monthly_reports.list_reports": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "monthly_reports.issue_report": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "monthly_reports.preview_report": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "monthly_reports.download_report": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "monthly_reports.show_job": {Role.CLERK, Role.LEADER, Role.ADMIN},
    "monthly_reports.job_status": {Role.CLERK, Role.LEADER, Role.ADMIN},
    # Evidence: the office's clerks and leaders; the police see evidence only in a hand-over
    # pack handed to them (security.md item 27), never through these pages.
    "evidence.case_attachments": {Role.CLERK, Role.LEADER},
    "evidence.upload_to_case": {Role.CLERK},
    "evidence.proceeding_attachments": {Role.CLERK, Role.LEADER},
    "evidence.upload_to_proceeding": {Role.CLERK},
    "evidence.download_attachment": {Role.CLERK, Role.LEADER},
    "evidence.show_thumbnail": {Role.CLERK, Role.LEADER},
    "evidence.withdraw_attachment": {Role.CLERK},
}

ASSET_ENDPOINTS = {"static", "bootstrap.static"}


def _routes(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in ASSET_ENDPOINTS]
    # Logging out ends the session, so it goes last.
    return sorted(rules, key=lambda r: (r.endpoint == "auth.logout", r.rule))


def _url_for_rule(rule, samples):
    values = {name: samples[name] for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def _samples():
    office = db.session.scalar(db.select(Office))
    township = db.session.scalar(db.select(Township).where(Township.office_id == office.id))
    target = make_user(role=Role.CLERK, username="target")
    override = CalendarOverride(day=date(2027, 2, 8), kind=DayKind.HOLIDAY, note="春节")
    db.session.add(override)
    db.session.commit()
    maintenance.ensure_thresholds()
    db.session.commit()
    case = register(clerk=target)
    case_steps.accept(case, date(2026, 11, 3), target)
    order = issue_served_order(case, issued_on=date(2026, 11, 3), pay_within=5, actor=target)
    owner = make_contractor(name="徐州经开区城建投资有限公司",
                            persons=({"name": "王建国", "id_number": "320302198001011239"},))
    builder = make_contractor(name="江苏恒达建设集团有限公司")
    team = make_contractor(name="李大勇", kind="individual", id_number="320322198506155436")
    project = make_project(owner=owner, general_contractor=builder,
                           participants=((team, "team_leader", builder),))
    chain_ids = {"contractor_id": owner.id, "person_id": owner.persons[0].id,
                 "project_id": project.id, "participant_id": project.participants[0].id}
    return {**chain_ids, **matrix_samples(owner),
            "import_id": _case_import(target), "case_id": case.id, "order_id": order.id,
            "document_id": issuing.order_document(order).id,
            "template_id": _instrument_template(target), "kind": "payment_order", "case_worker_id": case.workers[0].id,
            "step": "resolve", "region": "jiangsu", "uscc": "91320301MA1XYR1200",
            "client_id": _api_client(target), "job_id": _export_job(target), "user_id": target.id,
            "office_id": office.id, "township_id": township.id,
            "override_id": override.id, "year": 2027, "action": "unlock", **referral_samples(target),
            "report_id": _monthly_report(target), "attachment_id": _attachment(case, target)}


def _attachment(case, uploader) -> int:
    from wagewatch.models import Attachment, AttachmentKind, ContentType

    attachment = Attachment(office_id=case.office_id, case_id=case.id, kind=AttachmentKind.OTHER,
                            content_type=ContentType.PDF, sha256="0" * 64, size_bytes=1,
                            original_name="a.pdf", uploaded_by_id=uploader.id)
    db.session.add(attachment)
    db.session.commit()
    return attachment.id


def _monthly_report(issuer) -> int:
    from wagewatch.models import MonthlyReport

    report = MonthlyReport(office_id=issuer.office_id, period="2026-10", version=1,
                           first_day=date(2026, 10, 1), last_day=date(2026, 10, 31), figures={},
                           workbook=b"PK", sha256="0" * 64, issued_by_id=issuer.id)
    db.session.add(report)
    db.session.commit()
    return report.id


def _instrument_template(owner) -> int:
    from wagewatch.instruments.kinds import KINDS
    from wagewatch.models import InstrumentTemplate

    template = InstrumentTemplate(office_id=owner.office_id, kind="payment_order", version=1,
                                  file_name="a.docx", content=KINDS["payment_order"].default_template(),
                                  sha256="0" * 64, uploaded_by_id=owner.id)
    db.session.add(template)
    db.session.commit()
    return template.id


def _case_import(owner) -> int:
    from wagewatch.models import CaseImport

    attempt = CaseImport(office_id=owner.office_id, user_id=owner.id, file_name="a.xlsx",
                         sha256="0" * 64, error_count=1, errors=[
                             {"sheet": "工人", "row": 3, "column": "姓名", "letter": "B",
                              "message": "“姓名”必填。"}])
    db.session.add(attempt)
    db.session.commit()
    return attempt.id


def _api_client(owner) -> int:
    from wagewatch.models import ApiClient

    client = ApiClient(office_id=owner.office_id, name="公安", token_hash="x" * 64,
                       token_hint="ww_x", scopes=["flags"])
    db.session.add(client)
    db.session.commit()
    return client.id


def _export_job(owner) -> int:
    from wagewatch.models import ExportJob

    job = ExportJob(office_id=owner.office_id, user_id=owner.id, kind="registry", unmasked=True,
                    file_name="matrix-sample.xlsx")
    db.session.add(job)
    db.session.commit()
    return job.id


def test_every_route_is_in_the_matrix(app):
    missing = sorted({r.endpoint for r in _routes(app)} - set(MATRIX))
    assert not missing, f"routes missing from the role matrix: {missing}"
    stale = sorted(set(MATRIX) - {r.endpoint for r in _routes(app)})
    assert not stale, f"matrix names routes that no longer exist: {stale}"


def without_conversion(monkeypatch) -> None:
    """Route walks reach the PDF download of every sample document: who may reach it is the
    question there, so LibreOffice's conversion (seconds a document, tested in
    tests/instruments/test_pdf.py) is replaced by a fixed PDF."""
    from wagewatch.instruments import pdf

    monkeypatch.setattr(pdf, "available", lambda: True)
    monkeypatch.setattr(pdf, "_kept", OrderedDict())  # the fixed PDF is never kept past the test
    monkeypatch.setattr(pdf, "_converted", lambda docx: b"%PDF-1.4\n%%EOF\n")


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r.value if r else "anonymous")
def test_each_role_reaches_exactly_its_routes(app, role, monkeypatch):
    without_conversion(monkeypatch)
    samples = _samples()
    client = app.test_client()
    if role is not None:
        make_user(role=role, username=f"matrix-{role.value}")
        assert login(app, client, f"matrix-{role.value}").status_code == 302
    problems = []
    for rule in _routes(app):
        allowed = MATRIX[rule.endpoint]
        url = _url_for_rule(rule, samples)
        response = client.get(url) if "GET" in rule.methods else post(app, client, url)
        location = response.headers.get("Location", "")
        sent_to_login = response.status_code == 302 and "/auth/login" in location
        if allowed == TOKEN:
            ok = response.status_code == 401  # a logged-in session is no API credential
        elif allowed == PUBLIC:
            ok = response.status_code < 400 and not sent_to_login
        elif role is None:
            ok = sent_to_login
        elif role in allowed and rule.endpoint == "auth.logout":
            ok = sent_to_login and client.get("/").status_code == 302  # logged out
        elif role in allowed:
            ok = response.status_code not in (403, 500) and not sent_to_login
        else:
            ok = response.status_code == 403
        if not ok:
            problems.append(f"{rule.endpoint} {url}: {response.status_code} {location}")
    assert not problems, f"{role}: " + "; ".join(problems)


def test_a_denied_request_is_audited(app, client, login_as):
    login_as(Role.POLICE)
    assert client.get("/admin/users").status_code == 403
    denial = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "access.denied"))
    assert denial is not None and not denial.success
    assert denial.actor_role == "police" and "/admin/users" in denial.detail


@pytest.mark.fresh_app
def test_an_unguarded_blueprint_stops_the_app_from_starting(app):
    from flask import Blueprint

    from wagewatch.web.permissions import check_every_endpoint_is_guarded

    stray = Blueprint("stray", __name__)
    stray.add_url_rule("/stray", "open_door", lambda: "x")
    app.register_blueprint(stray)
    with pytest.raises(LookupError):
        check_every_endpoint_is_guarded(app)
