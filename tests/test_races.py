"""Races end in answers: eight posts of one create form at once, and a record saved by someone else."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from wagewatch.extensions import db
from wagewatch.models import Case, Contractor, Project, Recovery, RecoveryAllocation, Role
from wagewatch.web.forms import MISSING_TOKEN

from tests.factories import csrf_token, login, post, text_of
from tests.web.cases.factories import make_employer, register
from tests.web.cases.test_money import allocation_form, case  # noqa: F401 - the case fixture
from tests.web.cases.test_registration import form_data
from tests.web.contractors.test_views import company
from tests.web.projects.test_views import project_form

pytestmark = pytest.mark.committing

PARALLEL = 8


def parallel_posts(app, username: str, url: str, data: dict, per_client=lambda i: {}) -> list[object]:
    """POST the form from PARALLEL logged-in clients released at the same moment (the same form,
    or with ``per_client(i)``'s changes)."""
    clients = [app.test_client() for _ in range(PARALLEL)]
    for client in clients:
        assert login(app, client, username).status_code == 302
    payloads = [{**data, **per_client(i), "csrf_token": csrf_token(app, client)}
                for i, client in enumerate(clients)]
    start = threading.Barrier(PARALLEL)
    answers: list[object] = [None] * PARALLEL

    def send(i: int) -> None:
        start.wait()
        try:
            answers[i] = clients[i].post(url, data=payloads[i]).status_code
        except Exception as error:  # noqa: BLE001 - an escaped exception is a 500 too
            answers[i] = repr(error)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def assert_answered(answers: list[object]) -> None:
    assert all(isinstance(a, int) and a < 500 for a in answers), answers


def test_eight_registrations_with_one_token_make_one_case(app, login_as):
    clerk = login_as(Role.CLERK, username="clerk-race")
    make_employer()
    answers = parallel_posts(app, clerk.username, "/cases/new", form_data(submission_token="race-case"))
    assert_answered(answers)
    assert count(Case) == 1


def test_eight_recoveries_with_one_token_make_one_recovery(app, case):  # noqa: F811
    answers = parallel_posts(app, "clerk-cases", f"/cases/{case.id}/recoveries/new",
                             allocation_form(case, ["1000.00", "", ""], "1000.00"))
    assert_answered(answers)
    assert count(Recovery) == 1


def test_eight_contractor_registrations_with_one_token_make_one_contractor(app, login_as):
    clerk = login_as(Role.CLERK, username="clerk-race")
    answers = parallel_posts(app, clerk.username, "/contractors/new",
                             company(submission_token="race-contractor"))
    assert_answered(answers)
    assert count(Contractor) == 1


def test_eight_project_registrations_with_one_token_make_one_project(app, login_as):
    clerk = login_as(Role.CLERK, username="clerk-race")
    answers = parallel_posts(app, clerk.username, "/projects/new",
                             project_form(submission_token="race-project"))
    assert_answered(answers)
    assert count(Project) == 1


@pytest.mark.parametrize("token", [None, ""])
def test_a_create_form_without_its_token_is_refused_with_everything_kept(app, client, login_as, token):
    login_as(Role.CLERK)
    make_employer()
    data = form_data(summary="拖欠三个月工资")
    if token is None:
        del data["submission_token"]
    else:
        data["submission_token"] = token
    response = post(app, client, "/cases/new", data)
    assert response.status_code == 200
    assert MISSING_TOKEN in text_of(response)
    assert "拖欠三个月工资" in response.get_data(as_text=True)
    assert count(Case) == 0


def test_a_record_saved_by_someone_else_before_the_version_check_gets_the_stale_page(app, client, login_as):
    login_as(Role.CLERK, username="clerk-stale")
    make_employer()
    assert post(app, client, "/cases/new", form_data()).status_code == 302
    stale = db.session.scalar(db.select(Case))
    saved_by_someone_else = []

    def other_clerk_saves(session, flush_context, instances) -> None:
        if saved_by_someone_else:
            return
        saved_by_someone_else.append(True)
        with db.engine.connect() as other:
            other.execute(text('UPDATE "case" SET version = version + 1 WHERE id = :id'), {"id": stale.id})
            other.commit()

    event.listen(Session, "before_flush", other_clerk_saves)
    try:
        response = post(app, client, f"/cases/{stale.id}/facts", {
            "version": str(stale.version), "summary": "补充：包工头已失联", "employer_absconded": "y"})
    finally:
        event.remove(Session, "before_flush", other_clerk_saves)
    assert response.status_code == 409
    shown = text_of(response)
    assert "该记录已被他人修改" in shown and "补充：包工头已失联" in shown
    db.session.expire_all()
    assert db.session.get(Case, stale.id).summary == "拖欠工资"


def test_eight_clerks_recording_a_quarter_each_at_once_never_pay_more_than_is_owed(app, login_as):
    from datetime import date
    from decimal import Decimal

    from wagewatch.services.cases import case_steps

    clerk = login_as(Role.CLERK, username="clerk-money")
    owed_case = register(clerk=clerk, received_on=date(2026, 9, 21), workers=1)  # 8,000 yuan owed
    case_steps.accept(owed_case, date(2026, 9, 22), clerk)
    worker = owed_case.workers[0]
    quarter = {"paid_on": "2026-10-15", "amount_yuan": "2000.00", "payer": "employer",
               "payer_contractor_id": "0", "allocations-0-case_worker_id": str(worker.id),
               "allocations-0-amount_yuan": "2000.00"}
    answers = parallel_posts(app, clerk.username, f"/cases/{owed_case.id}/recoveries/new", quarter,
                             per_client=lambda i: {"submission_token": f"quarter-{i}"})
    assert_answered(answers)
    db.session.expire_all()
    paid = db.session.scalar(db.select(db.func.sum(RecoveryAllocation.amount_yuan)).where(
        RecoveryAllocation.case_worker_id == worker.id))
    assert paid == Decimal("8000.00")  # four quarters accepted, four refused
    assert count(Recovery) == 4
    assert answers.count(302) == 4 and answers.count(200) == 4


BALANCE_TABLES = ("payment_order", "recovery", "case_worker")


def _statements_of(run) -> list[str]:
    """The SQL statements ``run`` sends, in order."""
    sent = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return sent


def _is_case_lock(statement: str) -> bool:
    return bool(re.match(r'SELECT "case"\.id FROM "case" WHERE .* FOR UPDATE', statement)
                or re.match(r'UPDATE "case" SET id="case"\.id', statement))


def _money_use_cases():
    """Each use case that reads a case's balances and writes against them, ready to run."""
    from datetime import date
    from decimal import Decimal

    from wagewatch.models import Payer
    from wagewatch.services.cases import registration, payments

    from tests.factories import issue_served_order
    from tests.instruments.factories import accepted_case

    def confirm():
        accepted = accepted_case()
        rows = [(cw, Decimal("1000.00"), Decimal("1")) for cw in accepted.workers]
        return lambda: registration.confirm_worker_amounts(accepted, rows, accepted.handler)

    def order():
        accepted = accepted_case()
        return lambda: payments.issue_payment_order(
            accepted, payments.OrderInput(date(2026, 9, 29), 3), accepted.handler)

    def extra():
        accepted = accepted_case()
        served = issue_served_order(accepted, issued_on=date(2026, 9, 29))
        return lambda: payments.order_extra_compensation(served, Decimal("0.50"),
                                                         date(2026, 11, 2), accepted.handler)

    def recovery():
        accepted = accepted_case()
        worker = accepted.workers[0]
        data = payments.RecoveryInput(date(2026, 10, 15), Decimal("100.00"), Payer.EMPLOYER,
                                      None, None, {worker.id: Decimal("100.00")})
        return lambda: payments.record_recovery(accepted, data, accepted.handler)

    return {"confirmed amounts": confirm, "payment order": order,
            "extra compensation": extra, "recovery": recovery}


@pytest.mark.parametrize("use_case", ["confirmed amounts", "payment order", "extra compensation",
                                      "recovery"])
def test_every_use_case_writing_against_a_balance_locks_the_case_before_reading_it(app, use_case):
    """Statement by statement: the case's row lock comes before any read of what is owed,
    ordered or paid, and before any write (security.md item 24; the parallel test above shows
    the effect for recoveries on PostgreSQL)."""
    run = _money_use_cases()[use_case]()
    db.session.expire_all()  # nothing read before the use case starts counts
    sent = _statements_of(run)
    locks = [i for i, s in enumerate(sent) if _is_case_lock(s)]
    assert locks, sent
    reads = [i for i, s in enumerate(sent) if s.startswith("SELECT") and not _is_case_lock(s)
             and any(f"FROM {t} " in s or f"JOIN {t} " in s or s.endswith(f"FROM {t}")
                     for t in BALANCE_TABLES)]
    writes = [i for i, s in enumerate(sent) if s.split()[0] in ("INSERT", "UPDATE", "DELETE")
              and not _is_case_lock(s)]
    assert reads and writes
    assert min(writes) > locks[0]
    # Before the lock only a record's own row may be fetched (to find its case); the lock
    # expires it, so what the use case checks is read again under the lock.
    early = [sent[i] for i in reads if i < locks[0]]
    assert all(re.search(r"WHERE (\w+)\.id = \S+$", s) for s in early), early
    assert [i for i in reads if i > locks[0]]
