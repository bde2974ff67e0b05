"""Seed an office with realistic demo cases, chunk by chunk, with Core bulk inserts."""

from __future__ import annotations

import random
import secrets
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select, update
from werkzeug.security import generate_password_hash

from wagewatch.demo.cases import add_case
from wagewatch.demo.context import CachedCalendar, DemoContext
from wagewatch.demo.identifiers import RETRY_STEP, USCC_BODY_SPACE, hometown_of_number, id_number, uscc_code
from wagewatch.demo.parties import add_other_employers, add_sites, public_owners
from wagewatch.demo.writer import Batch, Ids, sync_sequences
from wagewatch.extensions import db
from wagewatch.models import Case, CaseNumberCounter, Contractor, Office, Role, User, Worker
from wagewatch.services import audit
from wagewatch.services.cases.case_numbers import format_case_number
from wagewatch.services.reference.calendar import current_calendar

#: The demo's "today": every date is computed from it, never from the clock.
DEFAULT_ANCHOR = date(2026, 11, 27)
#: Cases generated, inserted and committed together; memory stays flat at any total.
CHUNK_CASES = 2000
DEMO_CLERK = "demo-clerk"
MAX_SPAN_DAYS = 3 * 365
IN_LIST = 900   # values per IN (...) when checking for identifiers already taken


class DemoRefused(Exception):
    """Seeding is impossible for this office; the message (in Chinese) says why."""


@dataclass
class SeedSummary:
    """What a seeding run created, for the command's report and the tests."""

    office: str
    cases: int = 0
    first_number: str | None = None
    last_number: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    by_status: Counter[str] = field(default_factory=Counter)
    by_channel: Counter[str] = field(default_factory=Counter)
    by_payer: Counter[str] = field(default_factory=Counter)
    claimed_yuan: Decimal = Decimal("0.00")
    recovered_yuan: Decimal = Decimal("0.00")


def seed(cases: int, seed: int, office: Office, *, anchor: date = DEFAULT_ANCHOR,
         progress: Callable[[int, int], None] | None = None) -> SeedSummary:
    """Add ``cases`` demo cases to ``office``, deterministic for a given seed and database.

    On an empty database the same seed gives the same data. When the office already has data,
    the new cases continue each year's case numbers and ids, and the random source is seeded
    with the seed and the first new case id, so a second run adds different cases.
    """
    if cases < 1:
        raise DemoRefused("案件数量至少为1。")
    townships = [(t.id, t.name) for t in office.townships if t.active]
    if not townships:
        raise DemoRefused(f"机构 {office.code} 没有启用的镇（街道），请先在管理页面添加。")
    handlers = _clerks(office)
    ids = Ids()
    existing = {"worker": ids.peek("worker") > 1, "contractor": ids.peek("contractor") > 1}
    ctx = DemoContext(rng=random.Random(seed * 1_000_003 + ids.peek("case")), anchor=anchor,
                      office_id=office.id, townships=townships, handler_ids=handlers,
                      calendar=CachedCalendar(current_calendar()), ids=ids, batch=Batch())
    counters = _counters(office.id)
    known_years = set(counters)
    summary = SeedSummary(office=office.code)
    recent_workers: deque[int] = deque(maxlen=500)
    owners = public_owners(ctx)
    span = min(max(cases, 365), MAX_SPAN_DAYS)
    for start in range(0, cases, CHUNK_CASES):
        size = min(CHUNK_CASES, cases - start)
        sites = add_sites(ctx, max(1, size // 8), owners)
        employers = add_other_employers(ctx, max(1, size // 6))
        touched: set[int] = set()
        for index in range(start, start + size):
            # Receipts grow denser towards the anchor; numbers follow the receipt dates.
            back = int(span * (1 - (index + ctx.rng.random()) / cases) ** 2)
            received_on = ctx.working_day_on_or_before(anchor - timedelta(days=back))
            year = received_on.year
            counters[year] = counters.get(year, 0) + 1
            touched.add(year)
            number = format_case_number(office.case_number_format, year, counters[year])
            outcome = add_case(ctx, received_on=received_on, number=number, seq=counters[year],
                               sites=sites, employers=employers, recent_workers=recent_workers,
                               registered=index == cases - 1)
            summary.first_number = summary.first_number or number
            summary.last_number = number
            summary.by_status[str(outcome.status)] += 1
            summary.by_channel[str(outcome.channel)] += 1
            summary.by_payer.update(outcome.payers)
            summary.claimed_yuan += outcome.claimed
            summary.recovered_yuan += outcome.recovered
        _avoid_taken_identifiers(ctx, office.id, existing)
        ctx.batch.flush()
        _save_counters(office.id, {y: counters[y] for y in touched}, known_years)
        db.session.commit()
        summary.cases += size
        if progress:
            progress(summary.cases, cases)
    sync_sequences()
    summary.rows = dict(ctx.batch.totals)
    audit.record("demo.seed", object_type="office", object_id=office.id,
                 detail=f"生成演示案件 {cases} 件（随机种子 {seed}）：{summary.first_number} 至 "
                        f"{summary.last_number}")
    db.session.commit()
    return summary


def _clerks(office: Office) -> list[int]:
    """The office's active clerks handle the demo cases; a demo clerk is created when none exist.

    The demo clerk gets a random password nobody knows and must change it: an administrator
    resets it before anyone can log in as that user.
    """
    clerk_ids = list(db.session.scalars(select(User.id).where(
        User.office_id == office.id, User.role == Role.CLERK, User.active).order_by(User.id)))
    if clerk_ids:
        return clerk_ids
    username = DEMO_CLERK
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        username = f"{DEMO_CLERK}-{office.code.lower()}"
    user = User(username=username, display_name="演示监察员", role=Role.CLERK, office=office,
                password_hash=generate_password_hash(
                    secrets.token_urlsafe(32), method=current_app.config["PASSWORD_HASH_METHOD"]),
                must_change_password=True)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", object_type="user", object_id=user.id,
                 detail="生成演示数据时创建演示监察员（随机密码，须由管理员重置后使用）")
    db.session.commit()
    return [user.id]


def _counters(office_id: int) -> dict[int, int]:
    """The last case number used per year: the counter rows, or the cases if they go further."""
    counters = dict(db.session.execute(select(CaseNumberCounter.year, CaseNumberCounter.last_seq)
                                       .where(CaseNumberCounter.office_id == office_id)).tuples().all())
    for year, last in db.session.execute(
            select(Case.number_year, func.max(Case.number_seq))
            .where(Case.office_id == office_id).group_by(Case.number_year)):
        counters[year] = max(counters.get(year, 0), last)
    return counters


def _save_counters(office_id: int, last: dict[int, int], known_years: set[int]) -> None:
    for year, seq in sorted(last.items()):
        if year in known_years:
            db.session.execute(update(CaseNumberCounter).where(
                CaseNumberCounter.office_id == office_id, CaseNumberCounter.year == year)
                .values(last_seq=seq))
        else:
            db.session.add(CaseNumberCounter(office_id=office_id, year=year, last_seq=seq))
            known_years.add(year)
    db.session.flush()


def _taken(column, office_column, office_id: int, values: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(values), IN_LIST):
        taken.update(db.session.scalars(select(column).where(
            office_column == office_id, column.in_(values[start:start + IN_LIST]))))
    return taken


def _avoid_taken_identifiers(ctx: DemoContext, office_id: int, existing: dict[str, bool]) -> None:
    """Generated codes never repeat, but people registered by hand may hold one of them: those
    rows get a code from another part of the identifier space (only when data existed)."""
    if existing["worker"]:
        rows = ctx.batch.rows["worker"]
        taken = _taken(Worker.id_number, Worker.office_id, office_id, [r["id_number"] for r in rows])
        for row in rows:
            step = 0
            while row["id_number"] in taken:
                step += 1
                male = int(row["id_number"][16]) % 2 == 1
                row["id_number"] = id_number(row["id"] + step * RETRY_STEP, male)
                row["hometown"] = hometown_of_number(row["id_number"])
    if existing["contractor"]:
        rows = [r for r in ctx.batch.rows["contractor"] if r["uscc"]]
        taken = _taken(Contractor.uscc, Contractor.office_id, office_id, [r["uscc"] for r in rows])
        for row in rows:
            if row["uscc"] in taken:
                row["uscc"] = uscc_code(row["id"] + USCC_BODY_SPACE // 2, row["uscc"][:8])
