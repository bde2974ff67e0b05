"""`rules run` shared among processes: on PostgreSQL the batches are judged by forked processes
on connections of their own and store exactly what one process stores; a failed batch stops the
run unrecorded with its marks kept; SQLite, and a session joined into a caller's transaction,
keep to one process."""

import multiprocessing
import os
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from wagewatch.extensions import db
from wagewatch.models import RuleDecision, RuleDirtyEmployer, RuleRun
from wagewatch.services.flags import evaluation
from wagewatch.services.flags.evaluation import run_all
from wagewatch.services.flags.evaluation_processes import process_count

from tests.factories import make_contractor
from tests.services.flags.test_evaluation import _crew_case, ignored_order_case
from tests.web.cases.factories import make_employer, valid_id_number
from tests.web.referrals.factories import flagged_case

pytestmark = pytest.mark.committing

DAY = date(2026, 10, 12)


def _stored() -> dict:
    return {(d.case_id, d.rule): (d.flagged, d.summary, d.reasons, d.lapsed_on)
            for d in db.session.scalars(select(RuleDecision).where(
                RuleDecision.superseded_at.is_(None)))}


def _forget_decisions() -> None:
    db.session.execute(delete(RuleDecision))
    db.session.execute(delete(RuleRun))
    db.session.commit()


def _registry():
    """Nine cases of eight offenders, each a company of its own but for one individual whose
    two records (same ID number) are one offender judged together (S-JI art. 3): ignored
    orders, absconded employers. In batches of two cases that makes five batches, so each of
    two processes judges more than one."""
    cases = [ignored_order_case(employer=make_employer(name=f"徐州甲{i}建设有限公司"))
             for i in range(3)]
    cases += [flagged_case(employer=make_employer(name=f"徐州乙{i}建设有限公司"))
              for i in range(3)]
    id_number = valid_id_number(region="320311", born="19700101", seq="555")
    one = make_contractor(name="王包工", kind="individual", uscc=None, id_number=id_number)
    two = make_contractor(name="王包工（班组）", kind="individual", uscc=None, id_number=id_number)
    cases += [_crew_case(one, 500, 6, "6000.00"), _crew_case(two, 600, 5, "6000.00")]
    cases.append(ignored_order_case(employer_absconded=True))
    db.session.commit()
    return cases


class _Judging:
    """Records the process id of every batch's judge, wherever it ran (a file per batch); with
    ``meet`` set, each process's first batch waits until two processes hold one, so that the
    batches are shared whatever the timing."""

    def __init__(self, folder) -> None:
        self.folder = folder
        self.meet = None
        self.met = False  # per process: a forked child starts with the parent's False

    def judge(self, real, case_ids, **kwargs):
        (self.folder / f"{os.getpid()}-{min(case_ids)}").touch()
        if self.meet is not None and not self.met:
            self.met = True
            self.meet.wait(timeout=60)
        return real(case_ids, **kwargs)

    def taken(self) -> list[int]:
        """The process ids of the batches judged since the last call."""
        paths = list(self.folder.iterdir())
        for path in paths:
            path.unlink()
        return [int(path.name.split("-")[0]) for path in paths]


@pytest.fixture
def judging(monkeypatch, tmp_path):
    recorder, real = _Judging(tmp_path), evaluation._judge
    monkeypatch.setattr(evaluation, "_judge",
                        lambda case_ids, **kwargs: recorder.judge(real, case_ids, **kwargs))
    return recorder


def test_batches_judged_by_two_processes_store_what_one_process_stores(app, judging):
    _registry()
    _forget_decisions()
    one = run_all(DAY, everything=True, batch=2, processes=1)
    alone = _stored()
    assert judging.taken() == [os.getpid()] * 5  # five batches, here
    assert one.raised > 0 and one.judged == 9
    _forget_decisions()

    if db.engine.dialect.name == "postgresql":
        judging.meet = multiprocessing.get_context("fork").Barrier(2)
    two = run_all(DAY, everything=True, batch=2, processes=2)
    assert (two.judged, two.raised, two.cleared, two.changed) == \
        (one.judged, one.raised, one.cleared, one.changed)
    assert _stored() == alone
    individual = [reasons for (_, rule), (_, _, reasons, _) in alone.items()
                  if rule == "blacklist_s45" and len(reasons.get("case_numbers", ())) == 2]
    assert individual  # the individual's two records were judged together in either run
    pids = judging.taken()
    if db.engine.dialect.name == "postgresql":
        assert len(set(pids)) == 2 and os.getpid() not in pids  # two forked processes did them
    else:
        assert pids == [os.getpid()] * 5  # SQLite takes one writer at a time: one process
    run = db.session.scalars(select(RuleRun)).one()
    assert (run.evaluated, run.changed, run.everything) == (9, two.changed, True)
    assert db.session.scalar(select(func.count()).select_from(RuleDirtyEmployer)) == 0


def test_a_batch_that_fails_in_its_process_stops_the_run_unrecorded(app, monkeypatch):
    cases = _registry()
    _forget_decisions()
    failing = cases[4].id
    real = evaluation._judge

    def judge(case_ids, **kwargs):
        if failing in case_ids:
            raise RuntimeError("facts unreadable")
        return real(case_ids, **kwargs)

    monkeypatch.setattr(evaluation, "_judge", judge)
    with pytest.raises(RuntimeError, match="facts unreadable"):
        run_all(DAY, everything=True, batch=2, processes=2)
    db.session.rollback()
    assert db.session.scalars(select(RuleRun)).all() == []
    assert db.session.scalar(select(func.count()).select_from(RuleDirtyEmployer)) > 0
    assert failing not in {case_id for case_id, _ in _stored()}
    monkeypatch.setattr(evaluation, "_judge", real)
    run_all(DAY, everything=True, batch=2, processes=2)  # the next run judges everything
    assert failing in {case_id for case_id, _ in _stored()}


@pytest.mark.parametrize(("requested", "batches", "dialect", "own", "expected"), [
    (2, 41, "postgresql", True, 2),
    (4, 3, "postgresql", True, 3),       # never more processes than batches
    (2, 1, "postgresql", True, 1),
    (2, 41, "sqlite", True, 1),          # one writer at a time
    (2, 41, "postgresql", False, 1),     # another connection would not see the caller's rows
])
def test_how_many_processes_judge(requested, batches, dialect, own, expected):
    assert process_count(requested, batches, dialect, own) == expected


def test_the_command_takes_the_number_of_processes(app, runner):
    _registry()
    _forget_decisions()
    result = runner.invoke(args=["rules", "run", "--all", "--as-of", "2026-10-12",
                                 "--processes", "2"])
    assert result.exit_code == 0, result.output
    assert "逐案判断 9 件" in result.output
    assert _stored()
    refused = runner.invoke(args=["rules", "run", "--processes", "0"])
    assert refused.exit_code == 2 and "--processes" in refused.output
