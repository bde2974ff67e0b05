"""Pooled connections checked before use only after they sat idle.

SQLAlchemy's ``pool_pre_ping`` sends a ``SELECT 1`` before every checkout, one round trip per
request; under load a connection is back in use within milliseconds, and the round trip waits
on a database server busy with the requests themselves. Here a connection is pinged only when it
has sat in the pool longer than the threshold (a restarted server or a dropped connection shows
there); a failed ping discards it and the pool opens another (DisconnectionError), as
``pool_pre_ping`` does.
"""

from __future__ import annotations

import time

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

#: The engine option (popped before the engine is made) giving the idle threshold in seconds.
OPTION = "ping_after_idle"


def listen(engine: Engine, seconds: float) -> None:
    @event.listens_for(engine, "checkin")
    def idle_from(dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, record, proxy) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure means the connection is unusable
            raise exc.DisconnectionError("pooled connection failed its ping") from error
