"""API views: token check, scope, rate limit and an audit entry for every call, then the data."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from flask import Blueprint, abort, current_app, g, jsonify, request

from wagewatch.extensions import csrf, db
from wagewatch.models import Contractor
from wagewatch.rules.sources import citation_or_text, rule_title
from wagewatch.services import audit
from wagewatch.services.accounts import api_clients
from wagewatch.services.blacklist.publication import published_rows
from wagewatch.services.flags.evaluation import current_flags, distinct_flags
from wagewatch.services.reference.calendar import today
from wagewatch.services.referrals.queries import referral_list_query
from wagewatch.web.api.openapi import openapi_document
from wagewatch.web.permissions import guard, public

bp = guard(Blueprint("api", __name__, url_prefix="/api/v1"), set())
csrf.exempt(bp)

#: Scope each data endpoint needs; endpoints not listed here need no token (the OpenAPI document).
ENDPOINT_SCOPES = {"api.contractor_flags": "flags", "api.blacklist": "blacklist",
                   "api.referrals": "referrals"}


@bp.before_request
def authenticate():
    """Bearer token, scope and rate limit; every refusal is a JSON error and is audited."""
    scope = ENDPOINT_SCOPES.get(request.endpoint or "")
    if scope is None:
        return None
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
    client = api_clients.client_for_token(token)
    if client is None:
        audit.record_alone("api.denied", success=False, detail=f"无效或已撤销的令牌：{request.path}")
        abort(401)
    if scope not in client.scopes:
        audit.record_alone("api.denied", object_type="api_client", object_id=client.id,
                           success=False, detail=f"{client.name}无权访问{scope}：{request.path}")
        abort(403)
    calls = api_clients.count_call(client)
    db.session.commit()
    if calls > current_app.config["API_RATE_LIMIT_PER_MINUTE"]:
        audit.record_alone("api.rate_limited", object_type="api_client", object_id=client.id,
                           success=False, detail=f"{client.name}：{request.path}")
        abort(429)
    g.api_client = client
    return None


@bp.after_request
def record_call(response):
    """Audit every answered call with the client, path, query and status."""
    client = g.get("api_client")
    if client is not None:
        audit.record_alone("api.call", object_type="api_client", object_id=client.id,
                           success=response.status_code < 400,
                           detail=f"{client.name}：{request.method} {request.full_path.rstrip('?')}"
                                  f" → {response.status_code}")
    return response


@bp.route("/openapi.json")
@public
def openapi():
    return jsonify(openapi_document())


@bp.route("/contractors/<uscc>/flags")
@public
def contractor_flags(uscc: str):
    """A contractor's current flags with their reasons, by USCC, within the client's office."""
    client = g.api_client
    contractor = db.session.scalar(db.select(Contractor).where(
        Contractor.office_id == client.office_id, Contractor.uscc == uscc.upper()))
    if contractor is None:
        abort(404)
    flags = distinct_flags(current_flags(contractor_id=contractor.id))
    return jsonify({
        "uscc": contractor.uscc, "name": contractor.name, "as_of": today().isoformat(),
        "flags": [{
            "rule": f.rule, "title": rule_title(f.rule),
            "case_numbers": f.reasons.get("case_numbers", []), "as_of": f.as_of.isoformat(),
            "decided_at": f.decided_at.isoformat(),
            "reasons": [{**{k: r[k] for k in ("condition", "source", "met", "text")},
                         "citation": citation_or_text(r["source"])}
                        for r in f.reasons.get("reasons", [])],
        } for f in flags],
    })


@bp.route("/blacklist")
@public
def blacklist():
    """The client office's blacklist as published on ?on=YYYY-MM-DD (default today), with the
    published fields of S-45 only; persons' ID numbers masked."""
    day = parse_day(request.args.get("on"))
    rows = published_rows(g.api_client.office_id, day)
    return jsonify({"on": day.isoformat(), "count": len(rows),
                    "listings": [asdict(row) for row in rows]})


@bp.route("/referrals")
@public
def referrals():
    """Cases the client office handed over to the police (S-310), with the police's decision."""
    query = referral_list_query(g.api_client.office_id, police_only=True).limit(500)
    return jsonify({"referrals": [{
        "case_number": r.case.number, "employer": r.case.employer.name,
        "employer_uscc": r.case.employer.uscc, "status": str(r.status), "status_label": r.status.label,
        "handed_over_at": r.handed_over_at.isoformat() if r.handed_over_at else None,
        "police_unit": r.police_unit,
        "police_decision": str(r.police_decision) if r.police_decision else None,
        "police_case_number": r.police_case_number,
    } for r in db.session.scalars(query)]})


def parse_day(text: str | None) -> date:
    """A ?on=YYYY-MM-DD parameter, or today; a bad date is a 400."""
    if not text:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400)
