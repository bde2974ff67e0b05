"""Every file the app hands out (workbooks, the audit log, documents, PDFs, the police's
hand-over zip, attachments, thumbnails, the CSV, the enrolment QR code) is sent with
Cache-Control: no-store and, where it is a file to keep, as an attachment under a server-chosen
name (security.md items 11 and 15)."""

from __future__ import annotations

import inspect
import io
import re
import shutil
from datetime import date

import pytest
from flask import send_file

from wagewatch.extensions import db
from wagewatch.instruments.layout import Para, Spec, build_template
from wagewatch.instruments.specs import PAYMENT_ORDER
from wagewatch.models import Attachment, CaseImport, InstrumentTemplate, MonthlyReport, Role
from wagewatch.services.cases import payments
from wagewatch.services.documents import issuing

from tests.conftest import wait_for_background_exports
from tests.factories import (
    PASSWORD, issue_served_order, login, make_user, post,
)
from tests.instruments.factories import accepted_case
from tests.reports.monthly_data import build
from tests.web.case_import.factories import case_row, filled_template, worker_row
from tests.web.cases.factories import register
from tests.web.evidence import files
from tests.web.evidence.files import upload

pytestmark = pytest.mark.committing


def _as(app, client, role, **fields):
    user = make_user(role=role, username=f"{role.value}-dl", **fields)
    assert login(app, client, user.username).status_code == 302
    return user


def _case_export(app, client):
    clerk = _as(app, client, Role.CLERK)
    register(clerk=clerk)
    return post(app, client, "/cases/export")


def _registry_export(app, client):
    clerk = _as(app, client, Role.CLERK)
    register(clerk=clerk)
    job_url = post(app, client, "/exports/registry").headers["Location"]
    wait_for_background_exports(app)
    return client.get(f"{job_url}/download")


def _police_export(app, client):
    _as(app, client, Role.POLICE)
    return post(app, client, "/police/export")


def _police_pack(app, client):
    from tests.web.referrals.factories import make_referral, reload

    _as(app, client, Role.POLICE)
    referral = reload(make_referral(up_to="handed_over"))
    return client.get(f"/police/referrals/{referral.id}/pack.zip")


def _publication_csv(app, client):
    _as(app, client, Role.LEADER)
    return post(app, client, "/publication/download", {"on": "2026-11-30"})


def _publication_xlsx(app, client):
    _as(app, client, Role.LEADER)
    return post(app, client, "/publication/download", {"on": "2026-11-30",
                                                       "submit_xlsx": "下载Excel"})


def _monthly_preview(app, client):
    _as(app, client, Role.LEADER)
    return post(app, client, "/reports/monthly/preview", {"preview-month": "2026-11"})


def _monthly_report(app, client):
    build()
    assert login(app, client, "monthly-leader").status_code == 302
    post(app, client, "/reports/monthly/issue", {"month": "2026-10", "reason": ""})
    wait_for_background_exports(app)
    report = db.session.scalar(db.select(MonthlyReport))
    return post(app, client, f"/reports/monthly/{report.id}/download")


def _audit_log(app, client):
    _as(app, client, Role.AUDITOR)
    return post(app, client, "/audit/export")


def _import_template(app, client):
    _as(app, client, Role.CLERK)
    return client.get("/cases/import/template.xlsx")


def _import_errors(app, client):
    _as(app, client, Role.CLERK)
    data = filled_template([case_row(1)], [worker_row(1, 101, 身份证号码="123")])
    post(app, client, "/cases/import/", {"file": (io.BytesIO(data), "cases.xlsx")},
         content_type="multipart/form-data")
    wait_for_background_exports(app)
    attempt = db.session.scalar(db.select(CaseImport))
    return client.get(f"/cases/import/{attempt.id}/errors.xlsx")


def _served_order_document(app, client):
    clerk = _as(app, client, Role.CLERK)
    case = accepted_case(clerk)
    order = issue_served_order(case, issued_on=date(2026, 9, 29), actor=clerk)
    return case, issuing.order_document(order)


def _document(app, client):
    case, document = _served_order_document(app, client)
    return post(app, client, f"/cases/{case.id}/documents/{document.id}/download")


def _document_pdf(app, client):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    case, document = _served_order_document(app, client)
    return post(app, client, f"/cases/{case.id}/documents/{document.id}/pdf")


def _attachment(app, client, suffix=""):
    _as(app, client, Role.CLERK)
    case = register()
    upload(app, client, case.id, files.jpeg(), "现场.jpg")
    attachment = db.session.scalar(db.select(Attachment))
    return client.get(f"/attachments/{attachment.id}/download{suffix}")


def _thumbnail(app, client):
    _as(app, client, Role.CLERK)
    case = register()
    upload(app, client, case.id, files.jpeg(), "现场.jpg")
    attachment = db.session.scalar(db.select(Attachment))
    return client.get(f"/attachments/{attachment.id}/thumbnail")


def _template_preview(app, client):
    admin = _as(app, client, Role.ADMIN)
    clerk = make_user(role=Role.CLERK, username="clerk-tpl", office=admin.office)
    case = accepted_case(clerk)
    payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 3), clerk)
    own = build_template(Spec((*PAYMENT_ORDER.blocks, Para("本机构自行增加的一段。"))))
    post(app, client, "/admin/instrument-templates/",
         {"kind": "payment_order", "file": (io.BytesIO(own), "指令书.docx")},
         content_type="multipart/form-data")
    template = db.session.scalar(db.select(InstrumentTemplate))
    return post(app, client, f"/admin/instrument-templates/{template.id}/preview",
                {"case_number": case.number})


def _default_template(app, client):
    _as(app, client, Role.ADMIN)
    return post(app, client, "/admin/instrument-templates/payment_order/default")


def _enrolment_qr_code(app, client):
    make_user(role=Role.POLICE, username="police-qr", second_factor=False)
    post(app, client, "/auth/login", {"username": "police-qr", "password": PASSWORD})
    client.get("/auth/enrol")
    return client.get("/auth/enrol/qr.svg")


#: Endpoint → how a user gets its file, and whether it is an attachment (else shown inline).
DOWNLOADS = {
    "cases.export_cases": (_case_export, True),
    "exports.download_job": (_registry_export, True),
    "police.export_list": (_police_export, True),
    "police.download_pack": (_police_pack, True),
    "publication.download_list": (_publication_csv, True),
    "publication.download_list xlsx": (_publication_xlsx, True),
    "monthly_reports.preview_report": (_monthly_preview, True),
    "monthly_reports.download_report": (_monthly_report, True),
    "audit.export_events": (_audit_log, True),
    "case_import.download_template": (_import_template, True),
    "case_import.download_errors": (_import_errors, True),
    "documents.download_document": (_document, True),
    "documents.download_pdf": (_document_pdf, True),
    "evidence.download_attachment": (_attachment, True),
    "evidence.show_thumbnail": (_thumbnail, False),
    "instrument_templates.preview_template": (_template_preview, True),
    "instrument_templates.default_template": (_default_template, True),
    "auth.enrol_qr": (_enrolment_qr_code, False),
}

SENDS_A_FILE = re.compile(r"send_file|send_xlsx|(?<!\w)_xlsx\(|(?<!\w)_attachment\(|"
                          r"Content-Disposition|as_attachment|image/svg")


def test_every_view_that_sends_a_file_is_checked_here(app):
    """A new download (a view sending a file itself or through its module's helper) must be
    added to DOWNLOADS, so its headers are checked."""
    listed = {name.split()[0] for name in DOWNLOADS}
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith("static"):
            continue
        source = inspect.getsource(inspect.unwrap(app.view_functions[rule.endpoint]))
        if SENDS_A_FILE.search(source):
            found.add(rule.endpoint)
    assert found - listed == set()
    assert listed <= set(app.view_functions)


@pytest.mark.parametrize("endpoint", DOWNLOADS)
def test_every_download_is_never_cached(app, client, endpoint):
    get, attachment = DOWNLOADS[endpoint]
    response = get(app, client)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if attachment:
        assert response.headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.fresh_app
def test_a_view_asking_for_caching_is_still_sent_no_store(app, client):
    """The rule lives in the response hook, not in each view: a file sent with a max age
    (send_file's own caching) leaves the app as no-store all the same."""
    def cached_file():
        return send_file(io.BytesIO(b"data"), mimetype="text/plain", max_age=3600,
                         as_attachment=True, download_name="x.txt")

    cached_file.is_public = True
    app.add_url_rule("/__cached_file", "cached_file", cached_file)
    response = client.get("/__cached_file")
    assert response.headers["Cache-Control"] == "no-store"
