"""PDF copies: converted by LibreOffice in a scratch folder of the app's temp-file module."""

import io
import shutil
import subprocess
from collections import OrderedDict
from datetime import date

import pytest
from pypdf import PdfReader

from wagewatch import temp_files
from wagewatch.instruments import pdf
from wagewatch.models import Role
from wagewatch.services.documents import issuing

from tests.factories import issue_served_order, post, text_of
from tests.instruments.factories import accepted_case


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_document_downloads_as_pdf_and_leaves_no_temporary_files(app, client, login_as,
                                                                   monkeypatch):
    monkeypatch.setattr(pdf, "_kept", OrderedDict())  # converted here, never kept from before
    runs = []
    run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: runs.append(args) or run(*args, **kwargs))
    clerk = login_as(Role.CLERK, username="clerk-pdf")
    case = accepted_case(clerk)
    order = issue_served_order(case, issued_on=date(2026, 9, 29), actor=clerk)
    document = issuing.order_document(order)
    response = post(app, client, f"/cases/{case.id}/documents/{document.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    compact = "".join(pdf_text.split())
    assert "责令限期支付" in compact and "39,500.50" in compact and "2026年9月29日" in compact
    with app.app_context():
        work = temp_files.temp_folder(app)
    assert list(work.iterdir()) == []  # the scratch folder went with the conversion
    assert oct(work.stat().st_mode & 0o777) == "0o700"
    assert len(runs) == 1
    again = post(app, client, f"/cases/{case.id}/documents/{document.id}/pdf")
    assert again.data == response.data and len(runs) == 1  # the same document is converted once


def test_without_libreoffice_the_page_says_so(app, client, login_as, monkeypatch):
    clerk = login_as(Role.CLERK, username="clerk-no-pdf")
    case = accepted_case(clerk)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    page = text_of(client.get(f"/cases/{case.id}"))
    assert "未安装 LibreOffice" in page
    document, = [d for d in issuing.case_documents(case) if d.kind == "acceptance_notice"]
    response = post(app, client, f"/cases/{case.id}/documents/{document.id}/pdf",
                    follow_redirects=True)
    assert "无法转换为 PDF" in text_of(response)
