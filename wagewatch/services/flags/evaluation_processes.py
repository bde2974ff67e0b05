"""`rules run`'s batches shared among forked processes on PostgreSQL, each judging and committing
its batches on a connection of its own; one process wherever that cannot hold."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.util import Finalize
from typing import Generic, TypeVar

from flask import Flask, current_app
from sqlalchemy import Engine

from wagewatch.extensions import db

T = TypeVar("T")

#: At most this many processes by default: measured on two cores with PostgreSQL on the same
#: machine (benchmarks/README.md); a deployment with more cores passes --processes.
DEFAULT_MAX_PROCESSES = 2


def default_processes() -> int:
    """Processes for a `rules run` by default: one per CPU, at most DEFAULT_MAX_PROCESSES."""
    return max(1, min(DEFAULT_MAX_PROCESSES, os.cpu_count() or 1))


def process_count(requested: int, batches: int, dialect: str, own_connections: bool) -> int:
    """How many processes judge ``batches`` batches: one on SQLite (it takes one writer at a
    time), one when the session is joined into a caller's connection (another connection would
    not see that transaction's rows), never more than the batches."""
    if dialect != "postgresql" or not own_connections:
        return 1
    return max(1, min(requested, batches))


@dataclass
class _Work(Generic[T]):
    app: Flask
    batches: list[list[int]]
    judge: Callable[[list[int]], T]


#: What the forked processes judge, set by the parent just before it forks: the children read it
#: from the memory they inherit, so no batch, offender key or function is pickled.
_work: _Work[object] | None = None


def judged_batches(batches: list[list[int]], judge: Callable[[list[int]], T],
                   processes: int) -> Iterator[T]:
    """``judge(batch)`` for every batch, each committing its own work, in ``processes`` forked
    processes on PostgreSQL (in the order they finish) or here, one after the other. The
    caller's session must hold no connection when processes are used (commit first). The first
    failure is raised here; the batches not started by then are not judged."""
    bind = db.session.get_bind()
    count = process_count(processes, len(batches), bind.dialect.name, isinstance(bind, Engine))
    if count == 1:
        for batch in batches:
            yield judge(batch)
        return
    global _work
    _work = _Work(current_app._get_current_object(), batches, judge)  # type: ignore[attr-defined]
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_child) as pool:
            futures: list[Future[T]] = [pool.submit(_judge_one, i)  # type: ignore[arg-type]
                                        for i in range(len(batches))]
            try:
                for future in as_completed(futures):
                    yield future.result()
            finally:
                for future in futures:
                    future.cancel()
    finally:
        _work = None


def _start_child() -> None:
    """In a forked process: drop the parent's pooled connections unclosed (they are the
    parent's; closing them would end its session) and work in an app context of its own."""
    assert _work is not None
    for engine in db.engines.values():
        engine.dispose(close=False)
    _work.app.app_context().push()
    Finalize(None, _close_connections, exitpriority=10)  # run as the process ends


def _close_connections() -> None:
    db.session.remove()
    for engine in db.engines.values():
        engine.dispose()


def _judge_one(index: int) -> object:
    assert _work is not None
    return _work.judge(_work.batches[index])
