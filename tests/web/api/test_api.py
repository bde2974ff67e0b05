"""The JSON API: tokens, scopes, revocation, rate limit, audit, and the OpenAPI document."""

import re

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Office, Role
from wagewatch.services.accounts import api_clients

from datetime import date

from tests.factories import make_contractor, make_user, post, text_of
from tests.services.flags.test_evaluation import ignored_order_case
from tests.web.blacklist.factories import make_listing
from tests.web.referrals.factories import make_referral


@pytest.fixture
def token(app):
    admin = make_user(role=Role.ADMIN, username="admin-api")
    _, issued = api_clients.issue_client(office=db.session.scalar(db.select(Office)),
                                         name="市公安局经侦支队",
                                         scopes=["flags", "blacklist", "referrals"], actor=admin)
    return issued


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_client_reads_a_contractors_flags_with_reasons(app, client, token):
    case = ignored_order_case(employer_absconded=True)
    response = client.get(f"/api/v1/contractors/{case.employer.uscc}/flags", headers=bearer(token))
    assert response.status_code == 200
    body = response.get_json()
    assert body["name"] == case.employer.name
    rules = {f["rule"]: f for f in body["flags"]}
    assert set(rules) == {"blacklist_s45", "police_referral"}
    assert rules["police_referral"]["case_numbers"] == [case.number]
    assert any(r["source"].startswith("S-JI art. 3") and r["met"]
               for r in rules["blacklist_s45"]["reasons"])
    assert any(r["citation"].startswith("《最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》第三条")
               for r in rules["blacklist_s45"]["reasons"])
    assert rules["blacklist_s45"]["title"] == "拖欠农民工工资失信联合惩戒对象（黑名单）候选"
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "api.call"))


@pytest.mark.parametrize("header", [None, "Bearer ww_wrong", "Basic abc"])
def test_no_valid_token_is_a_json_401(app, client, header):
    response = client.get("/api/v1/contractors/91320301MA1XYR1200/flags",
                          headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.get_json()["message"] == "缺少有效的访问令牌。"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working(app, client, token):
    from wagewatch.models import ApiClient

    api_client = db.session.scalar(db.select(ApiClient))
    api_clients.revoke_client(api_client, actor=make_user(role=Role.ADMIN, username="admin-2"))
    assert client.get("/api/v1/contractors/X/flags", headers=bearer(token)).status_code == 401


def test_a_token_without_the_scope_is_a_403(app, client):
    admin = make_user(role=Role.ADMIN, username="admin-api")
    _, other = api_clients.issue_client(office=db.session.scalar(db.select(Office)),
                                        name="信用平台", scopes=["blacklist"], actor=admin)
    assert client.get("/api/v1/referrals", headers=bearer(other)).status_code == 403
    assert client.get("/api/v1/contractors/X/flags", headers=bearer(other)).status_code == 403


def test_the_rate_limit_holds_per_client(app, client, token):
    app.config["API_RATE_LIMIT_PER_MINUTE"] = 3
    codes = [client.get("/api/v1/contractors/X/flags", headers=bearer(token)).status_code
             for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "api.rate_limited"))


def test_the_token_is_shown_once_and_stored_hashed(app, client, login_as):
    login_as(Role.ADMIN)
    response = post(app, client, "/admin/api-clients/", {"name": "市公安局", "scopes": ["flags"]})
    token = re.search(r'id="api-token">([^<]+)<', response.get_data(as_text=True))[1]
    from wagewatch.models import ApiClient

    stored = db.session.scalar(db.select(ApiClient))
    assert stored.token_hash != token and token not in text_of(client.get("/admin/api-clients/"))
    refused = post(app, client, "/admin/api-clients/", {"name": "无范围"})
    assert "请选择至少一项" in text_of(refused)


def test_the_openapi_document_is_valid_and_every_path_answers_as_documented(app, client, token):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    case = ignored_order_case(employer_absconded=True)
    listed = make_contractor(name="徐州失信建设有限公司")
    make_listing(contractor=listed, decided_on=date(2026, 3, 10))
    make_referral(up_to="handed_over")
    samples = {"uscc": case.employer.uscc}
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            url = "/api/v1" + re.sub(r"{(\w+)}", lambda m: samples[m[1]], path)
            answered = client.open(url, method=method.upper(), headers=bearer(token))
            assert str(answered.status_code) in operation["responses"], (path, answered.status_code)
            schema = operation["responses"][str(answered.status_code)]["content"][
                "application/json"]["schema"]
            OAS30Validator(_inline_refs(schema, schemas)).validate(answered.get_json())
            anonymous = client.open(url, method=method.upper())
            assert str(anonymous.status_code) in operation["responses"]


def _inline_refs(node, schemas):
    """Replace '#/components/schemas/X' references so a plain JSON Schema validator can check."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline_refs(schemas[node["$ref"].rsplit("/", 1)[1]], schemas)
        return {k: _inline_refs(v, schemas) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, schemas) for v in node]
    return node


def test_the_blacklist_as_of_a_date_has_published_fields_only(app, client, token):
    listed = make_contractor(name="徐州失信建设有限公司", persons=(
        {"name": "王五", "position": "legal_representative", "id_number": "320303198503121239"},))
    make_listing(contractor=listed, decided_on=date(2026, 3, 10), number="经开劳监列字〔2026〕3号")
    body = client.get("/api/v1/blacklist?on=2026-06-01", headers=bearer(token)).get_json()
    assert body["count"] == 1 and body["listings"][0]["decision_number"] == "经开劳监列字〔2026〕3号"
    assert "320303198503121239" not in str(body) and "3203**********1239" in str(body)
    before = client.get("/api/v1/blacklist?on=2026-03-09", headers=bearer(token)).get_json()
    assert before["count"] == 0
    assert client.get("/api/v1/blacklist?on=2026-13-01", headers=bearer(token)).status_code == 400


def test_referrals_handed_to_the_police_are_listed(app, client, token):
    referral = make_referral(up_to="handed_over")
    body = client.get("/api/v1/referrals", headers=bearer(token)).get_json()
    assert [r["case_number"] for r in body["referrals"]] == [referral.case.number]
