"""API clients: tokens issued by the administrator (stored hashed), scopes, revocation, rate limit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from wagewatch.extensions import db
from wagewatch.models import ApiClient, ApiRateWindow, Office, User, utcnow
from wagewatch.services import ServiceError, audit

#: What a token may read; each endpoint requires one scope.
SCOPES = {
    "blacklist": "黑名单（按日期查询列入名单）",
    "flags": "单位标记及理由（按统一社会信用代码）",
    "referrals": "移送公安的案件",
}
TOKEN_PREFIX = "ww_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_client(*, office: Office, name: str, scopes: list[str], actor: User) -> tuple[ApiClient, str]:
    """Create a client and return its token, shown once; only the hash is stored."""
    unknown = set(scopes) - set(SCOPES)
    if not scopes or unknown:
        raise ServiceError("请选择至少一项允许访问的数据。", field="scopes")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient(office_id=office.id, name=name.strip(), token_hash=_hash(token),
                       token_hint=token[:8], scopes=sorted(scopes), created_by_id=actor.id)
    db.session.add(client)
    db.session.flush()
    audit.record("api_client.create", object_type="api_client", object_id=client.id, actor=actor,
                 changes=audit.changes_between({}, {"name": client.name,
                                                    "scopes": ",".join(client.scopes)}))
    db.session.commit()
    return client, token


def revoke_client(client: ApiClient, *, actor: User) -> None:
    """Revoke a token at once; later calls with it are refused."""
    if client.revoked_at is None:
        client.revoked_at = utcnow()
        audit.record("api_client.revoke", object_type="api_client", object_id=client.id,
                     actor=actor)
        db.session.commit()


def client_for_token(token: str | None) -> ApiClient | None:
    """The live client holding ``token``, or None (unknown or revoked)."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    client = db.session.scalar(db.select(ApiClient).where(ApiClient.token_hash == _hash(token)))
    if client is None or client.revoked_at is not None:
        return None
    return client


def count_call(client: ApiClient, now: datetime | None = None) -> int:
    """Count a call in the client's current one-minute window (atomic, shared by all workers);
    returns the number of calls in this window including this one."""
    now = now or utcnow()
    window = now.replace(second=0, microsecond=0)
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(ApiRateWindow).values(client_id=client.id, window_start=window, calls=0)
                       .on_conflict_do_nothing(index_elements=["client_id", "window_start"]))
    calls = db.session.execute(
        update(ApiRateWindow)
        .where(ApiRateWindow.client_id == client.id, ApiRateWindow.window_start == window)
        .values(calls=ApiRateWindow.calls + 1).returning(ApiRateWindow.calls)
        .execution_options(synchronize_session=False)).scalar_one()
    db.session.execute(db.delete(ApiRateWindow).where(
        ApiRateWindow.client_id == client.id, ApiRateWindow.window_start < window - timedelta(hours=1)))
    client.last_used_at = now
    return calls
