"""The auditor's log in Chinese with pick-list filters, and its audited Excel export."""

import io
from datetime import timedelta
from urllib.parse import unquote

import openpyxl

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Role
from wagewatch.services import audit
from wagewatch.services.reference.calendar import today

from tests.factories import login, make_user, post, text_of


def _log(app):
    """A failed login by zhao (clerk) and a recorded recovery change with enum values."""
    clerk = make_user(username="zhao", display_name="赵文", role=Role.CLERK)
    login(app, app.test_client(), "zhao", "Wrong-pass-1")
    audit.record("recovery.create", object_type="recovery", object_id=7, actor=clerk,
                 changes=audit.changes_between(
                     {"payer": None, "status": "investigating"},
                     {"payer": "general_contractor", "status": "payment_ordered"}))
    db.session.commit()
    return clerk


def test_actions_roles_fields_and_values_are_shown_in_chinese(app, client, login_as):
    _log(app)
    login_as(Role.AUDITOR)
    page = client.get("/audit/?action=recovery.create")
    text = text_of(page)
    assert "登记清欠支付" in text
    assert "支付来源 ：（空） → 施工总承包单位先行清偿" in text
    assert "状态 ：已立案调查 → 已责令限期支付" in text
    assert "监察员" in text and "清欠支付 #7" in text
    for code in ("recovery.create", "general_contractor", "payer", "investigating"):
        assert code not in text, code


def test_filters_are_pick_lists(app, client, login_as):
    _log(app)
    login_as(Role.AUDITOR)
    html = client.get("/audit/").get_data(as_text=True)
    assert '<select class="form-select' in html and 'name="action"' in html
    assert '<option value="login.failure">登录失败</option>' in html
    assert '<option value="zhao">赵文（zhao）</option>' in html
    assert '<option value="clerk">监察员</option>' in html
    by_actor = client.get("/audit/?actor=zhao").get_data(as_text=True)
    assert 'data-action="recovery.create"' in by_actor and 'data-action="login.success"' not in by_actor
    by_role = client.get("/audit/?role=auditor").get_data(as_text=True)
    assert 'data-action="login.success"' in by_role and 'data-action="recovery.create"' not in by_role
    tomorrow = (today() + timedelta(days=1)).isoformat()
    later = client.get(f"/audit/?date_from={tomorrow}")
    assert "没有符合条件的记录" in text_of(later)
    assert "不是可选的" not in text_of(client.get("/audit/?action=login.failure"))


def test_the_export_holds_the_filtered_log_and_is_itself_audited(app, client, login_as):
    _log(app)
    auditor = login_as(Role.AUDITOR)
    response = post(app, client, "/audit/export?actor=zhao")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"审计日志-{today().isoformat()}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["审计日志"]
    assert "筛选：操作人：赵文（zhao）" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:7] == ["时间（北京时间）", "操作人", "角色", "来源地址", "操作",
                                              "对象", "结果"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert {r[4] for r in rows} == {"登记清欠支付", "登录失败"}
    recovery = next(r for r in rows if r[4] == "登记清欠支付")
    assert recovery[1:3] == ("zhao", "监察员") and recovery[5] == "清欠支付 #7"
    assert "支付来源：（空） → 施工总承包单位先行清偿" in recovery[7]
    exported = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.audit"))
    assert exported.actor_username == auditor.username and "共2行" in exported.detail


def test_a_detail_that_looks_like_a_formula_stays_text(app, client, login_as):
    audit.record("demo.seed", detail='=HYPERLINK("http://x","点我")')
    db.session.commit()
    login_as(Role.AUDITOR)
    response = post(app, client, "/audit/export?action=demo.seed")
    cell = openpyxl.load_workbook(io.BytesIO(response.data))["审计日志"]["I3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
