"""An administrator uploads the office's own 指令书 template, previews it against a real case,
activates it, and the next payment order issued records the new template version."""

import io
import re
from datetime import date

import docx
import pytest
from playwright.sync_api import expect

from wagewatch.extensions import db
from wagewatch.models import InstrumentTemplate, Role
from wagewatch.services.cases import payments
from wagewatch.services.documents import issuing

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.instruments.factories import accepted_case
from tests.instruments.test_template_uploads import own_template

pytestmark = pytest.mark.browser

EXTRA = "本机构补充说明：请携带单位公章到场。"


def _text(path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def test_admin_uploads_previews_and_activates_a_template_that_new_documents_record(page, tmp_path):
    clerk = make_user(role=Role.CLERK, username="clerk-tpl")
    case = accepted_case(clerk)
    first = payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 3), clerk)
    make_user(role=Role.ADMIN, username="admin-tpl", display_name="系统管理员")
    log_in(page, "admin-tpl")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("文书模板").click()

    source = tmp_path / "本机构指令书.docx"
    source.write_bytes(own_template(EXTRA))
    upload = page.locator("#template-upload")
    upload.get_by_label("文书种类").select_option("payment_order")
    upload.locator("input[type=file]").set_input_files(str(source))
    upload.get_by_role("button", name="上传").click()
    expect(page.get_by_text("已上传第1版，请用真实案件预览后启用")).to_be_visible()
    expect(page.locator("#template-status")).to_have_text("待预览", use_inner_text=True)
    expect(page.get_by_role("button", name="启用该版本")).to_be_disabled()

    page.get_by_label("用于预览的案号").fill(case.number)
    with page.expect_download() as preview:
        page.get_by_role("button", name="预览（下载）").click()
    previewed = _text(preview.value.path())
    assert EXTRA in previewed and case.employer.name in previewed
    page.reload()
    expect(page.locator("#template-status")).to_have_text("已预览，待启用", use_inner_text=True)
    page.get_by_role("button", name="启用该版本").click()
    expect(page.get_by_text("已启用，此后生成的文书使用该模板")).to_be_visible()
    expect(page.locator("#template-status")).to_have_text(re.compile("^" + re.escape("启用中")), use_inner_text=True)
    page.screenshot(path="test-artifacts/instrument-template-active.png", full_page=True)
    page.locator("#role-nav").get_by_text("文书模板").click()
    row = page.locator("#template-table tr[data-kind='payment_order']")
    expect(row).to_contain_text("本机构第1版", use_inner_text=True)
    expect(row).to_contain_text("第1版（启用中）", use_inner_text=True)

    template = db.session.scalar(db.select(InstrumentTemplate))
    second = payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 30), 3), clerk)
    issued = issuing.order_document(second)
    assert issued.template_id == template.id and issued.template_version == "本机构第1版"
    assert EXTRA in _text(io.BytesIO(issued.content))
    assert issuing.order_document(first).template_version == "内置第1版"
    assert page.dialogs == []
