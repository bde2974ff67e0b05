"""The load test's side of the database: its clerks and officers, what they ask for, and the
checks afterwards (case numbers unique and gap-free, no lost payment). Run inside an app context."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pyotp
from common import BENCH_PASSWORD
from sqlalchemy import CursorResult, func, select, text, update

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseNumberCounter, CaseStatus, Contractor, Office, Recovery,
    RecoveryAllocation, Role, SecondFactor, Township, User, Worker, utcnow,
)
from wagewatch.services.accounts.authentication import hash_password
from wagewatch.services.cases.balances import balances

#: Each load payment pays one worker this much (yuan); a hot worker is owed far more.
PAYMENT_YUAN = Decimal("1.00")
HOT_OUTSTANDING_YUAN = Decimal("5000")


@dataclass(frozen=True)
class Account:
    """One signed-in person of the load: a clerk, or a police officer with a TOTP secret."""

    username: str
    password: str
    totp_secret: str | None = None

    @property
    def police(self) -> bool:
        return self.totp_secret is not None

    def code(self) -> str:
        assert self.totp_secret is not None
        return pyotp.TOTP(self.totp_secret).now()


@dataclass
class Targets:
    """What the clerks ask for, read once before the load."""

    case_ids: list[int]
    worker_names: list[str]
    employer_fragments: list[str]
    case_numbers: list[str]
    employers: list[tuple[int, str]]          # (contractor id, as entered) complained against
    township_ids: list[int]
    hot: list[tuple[int, int]]                # (case id, case-worker id) paid concurrently


@dataclass
class Baseline:
    """The database just before the load: to tell what the load added."""

    last_case_id: int
    counters: dict[tuple[int, int], int]      # (office id, year) → last sequence number
    recovered: dict[int, Decimal]             # hot case-worker id → yuan recovered so far
    recoveries: dict[int, int]                # hot case id → number of recoveries
    checks: dict[str, object] = field(default_factory=dict)


def ensure_accounts(clerks: int, police: int, spread: bool) -> list[Account]:
    """``clerks`` clerks and ``police`` police officers of the first office (created once, with
    the benchmark password and no forced change; officers with an enrolled TOTP factor). With
    ``spread`` the office's cases are handed to the load clerks in turn (case id modulo the
    number of clerks), so each clerk's home and "mine" lists carry a real caseload."""
    office = db.session.scalars(select(Office).order_by(Office.id)).first()
    assert office is not None, "seed the benchmark database first (seed_db.py)"
    password_hash = None
    accounts, clerk_ids = [], []
    for role, count, prefix in ((Role.CLERK, clerks, "load-clerk"), (Role.POLICE, police, "load-police")):
        for number in range(1, count + 1):
            username = f"{prefix}-{number:03d}"
            user = db.session.scalar(select(User).where(User.username == username))
            if user is None:
                password_hash = password_hash or hash_password(BENCH_PASSWORD)
                title = "民警" if role is Role.POLICE else "监察员"
                user = User(username=username, display_name=f"负载测试{title}{number}", role=role,
                            office=office, password_hash=password_hash, must_change_password=False)
                db.session.add(user)
                db.session.flush()
            user.failed_login_count, user.locked_until, user.active = 0, None, True
            secret = None
            if role is Role.POLICE:
                factor = db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))
                if factor is None:
                    factor = SecondFactor(user_id=user.id, secret=pyotp.random_base32(),
                                          enrolled_at=utcnow())
                    db.session.add(factor)
                factor.failed_count = 0
                secret = factor.secret
            else:
                clerk_ids.append(user.id)
            accounts.append(Account(username, BENCH_PASSWORD, secret))
    db.session.commit()
    if spread and clerk_ids:
        moved = 0
        for index, clerk_id in enumerate(clerk_ids):  # only cases not yet handed over: a second
            # run rewrites nothing (each rewrite leaves 100,000 dead rows behind)
            handed: CursorResult = db.session.execute(  # type: ignore[assignment]
                update(Case).where(Case.office_id == office.id, Case.id % len(clerk_ids) == index,
                                   Case.handler_id.is_distinct_from(clerk_id))
                .values(handler_id=clerk_id).execution_options(synchronize_session=False))
            moved += handed.rowcount
        db.session.commit()
        if moved and db.engine.dialect.name == "postgresql":
            # Autovacuum may be off (it is on the benchmark machine): without this the old row
            # versions stay in the table and every later run reads them.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text('VACUUM ANALYZE "case"'))
    return accounts


def targets(sample: int, hot_cases: int) -> Targets:
    """Cases, names, fragments and numbers spread over the whole registry, and ``hot_cases``
    cases owing a worker at least HOT_OUTSTANDING_YUAN for the concurrent payments."""
    last = db.session.scalar(select(func.max(Case.id))) or 0
    step = max(last // sample, 1)
    case_ids = list(range(1, last + 1, step))
    case_numbers = list(db.session.scalars(select(Case.number).where(Case.id.in_(case_ids[::2]))))
    top_worker = db.session.scalar(select(func.max(Worker.id))) or 0
    names = list(db.session.scalars(select(Worker.name).where(
        Worker.id.in_(range(1, top_worker + 1, max(top_worker // sample, 1))))))
    rows = list(db.session.execute(select(Contractor.id, Contractor.name, Contractor.uscc,
                                          Contractor.id_number).order_by(Contractor.id).limit(sample)))
    fragments = sorted({row.name[2:4] for row in rows if len(row.name) >= 4})
    # entered as the clerk would when names repeat: the credit code or ID number
    employers = [(row.id, row.uscc or row.id_number or row.name) for row in rows]
    townships = list(db.session.scalars(select(Township.id).where(Township.active)))
    hot: list[tuple[int, int]] = []
    candidates = db.session.scalars(select(Case).where(
        Case.status.in_([CaseStatus.REGISTERED, CaseStatus.INVESTIGATING]))
        .order_by(Case.id.desc()).limit(200))
    for case in candidates:
        owed = [(b.outstanding, cw_id) for cw_id, b in balances(case).items()]
        if owed and max(owed)[0] >= HOT_OUTSTANDING_YUAN:
            hot.append((case.id, max(owed)[1]))
        if len(hot) >= hot_cases:
            break
    return Targets(case_ids, sorted(set(names)), fragments, case_numbers,
                   employers, townships, hot)


def _recovered(case_worker_ids: list[int]) -> dict[int, Decimal]:
    rows = db.session.execute(select(RecoveryAllocation.case_worker_id,
                                     func.sum(RecoveryAllocation.amount_yuan))
                              .where(RecoveryAllocation.case_worker_id.in_(case_worker_ids))
                              .group_by(RecoveryAllocation.case_worker_id))
    found = {cw_id: Decimal(total) for cw_id, total in rows}
    return {cw_id: found.get(cw_id, Decimal("0.00")) for cw_id in case_worker_ids}


def _recovery_counts(case_ids: list[int]) -> dict[int, int]:
    rows = dict(db.session.execute(select(Recovery.case_id, func.count()).where(
        Recovery.case_id.in_(case_ids)).group_by(Recovery.case_id)).tuples().all())
    return {case_id: rows.get(case_id, 0) for case_id in case_ids}


def baseline(wanted: Targets) -> Baseline:
    db.session.expire_all()
    counters = {(c.office_id, c.year): c.last_seq
                for c in db.session.scalars(select(CaseNumberCounter))}
    return Baseline(db.session.scalar(select(func.max(Case.id))) or 0, counters,
                    _recovered([cw for _, cw in wanted.hot]),
                    _recovery_counts([case_id for case_id, _ in wanted.hot]))


def check(before: Baseline, wanted: Targets, registered: int, unknown_registrations: int,
          paid: dict[int, int], unknown_payments: int) -> dict[str, object]:
    """What the load did to the database, checked against what the clients were told.

    ``registered``: registrations answered with the new case; ``paid``: per hot case-worker id,
    payments answered as recorded; ``unknown_*``: requests with no answer (timeouts), which may
    or may not have been saved. Returns the figures and a list of problems (empty: all good)."""
    db.session.expire_all()
    problems: list[str] = []
    total, distinct_number = db.session.execute(select(func.count(),
                                                       func.count(func.distinct(Case.number)))).one()
    distinct_seq = db.session.scalar(select(func.count()).select_from(
        select(Case.office_id, Case.number_year, Case.number_seq).distinct().subquery()))
    if not total == distinct_seq == distinct_number:
        problems.append(f"case numbers not unique: {total} cases, {distinct_seq} distinct "
                        f"(office, year, seq), {distinct_number} distinct numbers")
    new = db.session.execute(select(Case.office_id, Case.number_year, Case.number_seq)
                             .where(Case.id > before.last_case_id)).all()
    by_year: dict[tuple[int, int], list[int]] = {}
    for office_id, year, seq in new:
        by_year.setdefault((office_id, year), []).append(seq)
    counters = {(c.office_id, c.year): c.last_seq for c in db.session.scalars(select(CaseNumberCounter))}
    for key, seqs in by_year.items():
        start = before.counters.get(key, 0)
        if sorted(seqs) != list(range(start + 1, start + len(seqs) + 1)):
            problems.append(f"new case numbers of office/year {key} are not {start + 1}..{start + len(seqs)}")
        if counters.get(key) != start + len(seqs):
            problems.append(f"counter of {key} is {counters.get(key)}, expected {start + len(seqs)}")
    if not registered <= len(new) <= registered + unknown_registrations:
        problems.append(f"{len(new)} cases saved but {registered} registrations confirmed "
                        f"(+{unknown_registrations} unanswered)")
    after = _recovered([cw for _, cw in wanted.hot])
    counts = _recovery_counts([case_id for case_id, _ in wanted.hot])
    confirmed = sum(paid.values())
    added = sum(counts.values()) - sum(before.recoveries.values())
    for case_id, cw_id in wanted.hot:
        gained = after[cw_id] - before.recovered[cw_id]
        expected = paid.get(cw_id, 0) * PAYMENT_YUAN
        if not expected <= gained <= expected + unknown_payments * PAYMENT_YUAN:
            problems.append(f"case {case_id}: worker recovered {gained} yuan more, payments "
                            f"confirmed {expected} yuan (lost or extra update)")
    if not confirmed <= added <= confirmed + unknown_payments:
        problems.append(f"{added} recoveries saved on the hot cases, {confirmed} confirmed")
    return {"cases_total": total, "cases_registered": len(new), "registrations_confirmed": registered,
            "numbers_by_office_year": {f"{k[0]}/{k[1]}": [min(v), max(v)] for k, v in by_year.items()},
            "payments_confirmed": confirmed, "recoveries_added": added,
            "yuan_added": str(sum(after.values()) - sum(before.recovered.values())),
            "problems": problems}
