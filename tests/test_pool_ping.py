"""Pooled connections are pinged only after sitting idle, and a dead one is replaced unseen."""

import time

from sqlalchemy import create_engine, text
from sqlalchemy.pool import QueuePool

from wagewatch import create_app, pool_ping


def _engine(tmp_path, seconds):
    engine = create_engine(f"sqlite:///{tmp_path}/ping.sqlite", poolclass=QueuePool, pool_size=1)
    pool_ping.listen(engine, seconds)
    pings = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection):
        pings.append(dbapi_connection)
        return real(dbapi_connection)

    engine.dialect.do_ping = counted
    return engine, pings


def test_a_connection_in_steady_use_is_not_pinged(tmp_path):
    engine, pings = _engine(tmp_path, 60)
    for _ in range(3):
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar() == 1
    assert pings == []


def test_an_idle_connection_is_pinged_and_a_dead_one_replaced(tmp_path):
    engine, pings = _engine(tmp_path, 0.01)
    with engine.connect() as connection:
        first = connection.connection.dbapi_connection
    time.sleep(0.05)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
    assert pings == [first]
    first.close()  # the server dropped it while it sat in the pool
    time.sleep(0.05)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
        assert connection.connection.dbapi_connection is not first


def test_postgresql_pings_only_after_idle(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/none",
                      "WAGEWATCH_ENV": "development"}, instance_path=str(tmp_path))
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert "pool_pre_ping" not in options and options[pool_ping.OPTION] == 5
