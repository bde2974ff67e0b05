"""Demo data: deterministic, valid identifiers, every status, consistent money, dates and numbers."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.conftest import _empty_all_tables
from wagewatch.demo import DEFAULT_ANCHOR, DemoRefused, seed
from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseNumberCounter, CaseStatus, CaseWorker, Channel, Contractor, ContractorKind,
    ContractorPerson, Office, Payer, PaymentOrder, PaymentOrderItem, Recovery, RecoveryAllocation,
    Role, User, Worker,
)
from wagewatch.rules.case_flow import acceptance_deadline
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.rules.identifiers import check_id_number, check_phone, check_uscc
from wagewatch.rules.working_days import WorkingDayCalendar

CASES = 60
NOW = datetime.combine(DEFAULT_ANCHOR, time(23, 59), tzinfo=CHINA_TZ).astimezone(UTC)


@pytest.fixture
def seeded(app):
    return seed(CASES, 7, factories.default_office())


def _snapshot() -> list[tuple]:
    rows = db.session.execute(
        select(Case.number, Case.status, Case.received_on, Case.closed_on, Case.summary,
               Worker.name, Worker.id_number, CaseWorker.claimed_yuan, CaseWorker.confirmed_yuan)
        .join(CaseWorker, CaseWorker.case_id == Case.id).join(Worker)
        .order_by(Case.id, CaseWorker.id))
    recoveries = db.session.execute(select(Recovery.case_id, Recovery.paid_on, Recovery.amount_yuan,
                                           Recovery.payer).order_by(Recovery.id))
    return [tuple(r) for r in rows] + [tuple(r) for r in recoveries]


def test_the_same_seed_on_a_fresh_database_gives_the_same_data(app):
    seed(CASES, 11, factories.default_office())
    first = _snapshot()
    _empty_all_tables()
    factories.make_office()
    seed(CASES, 11, factories.default_office())
    assert _snapshot() == first
    assert len(first) > CASES


def test_another_seed_gives_other_data(app):
    seed(20, 1, factories.default_office())
    first = _snapshot()
    _empty_all_tables()
    factories.make_office()
    seed(20, 2, factories.default_office())
    assert _snapshot() != first


def test_every_identifier_is_valid(seeded):
    usccs = db.session.scalars(select(Contractor.uscc).where(Contractor.uscc.is_not(None))).all()
    people = [*db.session.scalars(select(Worker.id_number)),
              *db.session.scalars(select(ContractorPerson.id_number)),
              *db.session.scalars(select(Contractor.id_number).where(
                  Contractor.kind == ContractorKind.INDIVIDUAL))]
    assert usccs and people
    for code in usccs:
        check = check_uscc(code)
        assert check.ok and check.warning is None, (code, check)
    for number in people:
        check = check_id_number(number, DEFAULT_ANCHOR)
        assert check.ok and check.warning is None, (number, check)
    assert len(set(usccs)) == len(usccs)
    for phone in db.session.scalars(select(Worker.phone).where(Worker.phone.is_not(None))):
        assert check_phone(phone).ok


def test_every_status_channel_and_payer_appears(seeded):
    statuses = set(db.session.scalars(select(Case.status).distinct()))
    channels = set(db.session.scalars(select(Case.channel).distinct()))
    payers = set(db.session.scalars(select(Recovery.payer).distinct()))
    assert statuses == set(CaseStatus) and channels == set(Channel) and payers == set(Payer)
    assert set(seeded.by_status) == {str(s) for s in CaseStatus}


def test_collective_complaints_name_representatives(seeded):
    sizes = db.session.execute(
        select(CaseWorker.case_id, func.count(), func.sum(CaseWorker.representative.cast(db.Integer)))
        .group_by(CaseWorker.case_id)).all()
    assert any(count >= 10 for _, count, _ in sizes)
    assert all(reps >= 1 for _, count, reps in sizes if count >= 5)
    assert all(1 <= count <= 25 for _, count, _ in sizes)


def test_recoveries_split_exactly_and_never_exceed_what_is_owed(seeded):
    split = defaultdict(Decimal)
    for recovery_id, amount in db.session.execute(
            select(RecoveryAllocation.recovery_id, RecoveryAllocation.amount_yuan)):
        split[recovery_id] += amount
    for recovery in db.session.scalars(select(Recovery)):
        assert recovery.amount_yuan > 0 and split[recovery.id] == recovery.amount_yuan
        case = recovery.case
        assert case.accepted_on <= recovery.paid_on <= (case.closed_on or DEFAULT_ANCHOR)
    paid = defaultdict(Decimal)
    for case_worker_id, amount in db.session.execute(
            select(RecoveryAllocation.case_worker_id, RecoveryAllocation.amount_yuan)):
        paid[case_worker_id] += amount
    for case_worker in db.session.scalars(select(CaseWorker)):
        assert Decimal(3000) <= case_worker.claimed_yuan <= Decimal(60000)
        assert paid[case_worker.id] <= case_worker.owed_yuan
    resolved_in_full = list(db.session.scalars(select(Case).where(
        Case.status == CaseStatus.WITHDRAWN)))
    for case in resolved_in_full:  # withdrawn: the employer paid everything
        assert all(paid[cw.id] == cw.owed_yuan for cw in case.workers)


def test_payment_orders_add_up_and_pay_by_follows_issue(seeded):
    orders = db.session.scalars(select(PaymentOrder)).all()
    assert orders
    for order in orders:
        items = db.session.scalars(select(PaymentOrderItem.amount_yuan).where(
            PaymentOrderItem.order_id == order.id)).all()
        assert sum(items, Decimal(0)) == order.amount_yuan > 0
        case = order.case
        assert case.accepted_on <= order.issued_on <= order.served_on <= DEFAULT_ANCHOR
        assert order.issued_on <= (case.closed_on or DEFAULT_ANCHOR)
        assert order.pay_by_on > order.issued_on
        if order.extra_compensation_yuan is not None:
            assert Decimal("0.5") <= order.extra_compensation_rate <= 1
            assert order.extra_compensation_ordered_on > order.pay_by_on


def test_dates_follow_the_status(seeded):
    calendar = WorkingDayCalendar()
    for case in db.session.scalars(select(Case)):
        assert case.received_on <= DEFAULT_ANCHOR
        assert case.acceptance_due_on == acceptance_deadline(case.received_on, calendar).due_on
        if case.status is CaseStatus.REGISTERED:
            assert case.accepted_on is None and case.next_due_kind == "acceptance"
        elif case.status is CaseStatus.NOT_ACCEPTED:
            assert case.not_accepted_reason and case.accepted_on is None
            assert case.received_on <= case.not_accepted_notice_on == case.closed_on
        else:
            assert case.received_on <= case.accepted_on <= DEFAULT_ANCHOR
            assert case.investigation_due_on > case.accepted_on
        if case.status.is_open:
            assert case.next_due_on is not None and case.closed_on is None
        else:
            assert case.next_due_on is None and case.closed_on <= DEFAULT_ANCHOR
        if case.status is CaseStatus.REFERRED:
            assert case.referral_target and case.referral_department
        if case.extension_approved_on:
            assert case.accepted_on < case.extension_approved_on <= DEFAULT_ANCHOR
        assert case.events[0].kind == "registered"
        assert [e.occurred_at for e in case.events] == sorted(e.occurred_at for e in case.events)


def test_case_numbers_are_gap_free_per_year_and_counters_hold_the_last(seeded):
    office = factories.default_office()
    by_year = defaultdict(list)
    for year, seq, number in db.session.execute(
            select(Case.number_year, Case.number_seq, Case.number).order_by(Case.id)):
        assert number == office.case_number_format.format(year=year, seq=seq)
        by_year[year].append(seq)
    counters = dict(db.session.execute(
        select(CaseNumberCounter.year, CaseNumberCounter.last_seq)).all())
    for year, seqs in by_year.items():
        assert seqs == list(range(1, len(seqs) + 1))
        assert counters[year] == len(seqs)


def test_a_second_run_continues_numbers_and_the_app_can_still_insert(app):
    office = factories.default_office()
    seed(10, 1, office)
    more = seed(10, 1, office)
    assert more.cases == 10
    assert db.session.scalar(select(func.count()).select_from(Case)) == 20
    for year in db.session.scalars(select(Case.number_year).distinct()):
        seqs = sorted(db.session.scalars(select(Case.number_seq).where(Case.number_year == year)))
        assert seqs == list(range(1, len(seqs) + 1))
    ids = db.session.scalars(select(Worker.id_number)).all()
    assert len(ids) == len(set(ids))
    # Rows added by the app after seeding get fresh ids (PostgreSQL sequences were moved on).
    db.session.add(Worker(office_id=office.id, name="张三", id_number="11010519491231002X"))
    db.session.commit()


def test_the_demo_clerk_handles_the_cases_and_cannot_log_in_yet(seeded):
    clerk = db.session.scalar(select(User).where(User.username == "demo-clerk"))
    assert clerk.role is Role.CLERK and clerk.must_change_password
    assert db.session.scalar(select(func.count()).select_from(Case).where(
        Case.handler_id != clerk.id)) == 0


def test_an_existing_clerk_handles_the_cases(app):
    clerk = factories.make_user(role=Role.CLERK, username="zhangsan")
    seed(5, 1, factories.default_office())
    assert set(db.session.scalars(select(Case.handler_id))) == {clerk.id}
    assert db.session.scalar(select(User).where(User.username == "demo-clerk")) is None


def test_an_office_without_townships_is_refused(app):
    office = Office(code="EMPTY", name="空机构")
    db.session.add(office)
    db.session.commit()
    with pytest.raises(DemoRefused):
        seed(5, 1, office)


def test_the_command_seeds_and_reports_in_chinese(app, runner):
    result = runner.invoke(args=["demo", "seed", "--cases", "12", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "已生成演示案件 12 件" in result.output and "不予受理" in result.output
    assert db.session.scalar(select(func.count()).select_from(Case)) == 12


def test_the_command_refuses_an_unknown_office(app, runner):
    result = runner.invoke(args=["demo", "seed", "--cases", "2", "--office", "NOPE"])
    assert result.exit_code != 0 and "NOPE" in result.output


def test_cases_referred_to_the_police_have_their_referral_and_its_recorded_file_notes(app):
    from wagewatch.models import PoliceReferral, ReferralStatus, ReferralTarget
    from wagewatch.services.referrals.handover import file_state, progress

    seed(200, 1, factories.default_office())
    referred = db.session.scalars(select(Case).where(
        Case.status == CaseStatus.REFERRED, Case.referral_target == ReferralTarget.POLICE)).all()
    referrals = db.session.scalars(select(PoliceReferral)).all()
    assert referred and sorted(r.case_id for r in referrals) == sorted(c.id for c in referred)
    for referral in referrals:
        # The demo writes no files (no instruments, no attachments): its referrals stand for
        # hand-overs recorded before the system kept the file, so they have no pack and the
        # checklist names the files it lacks instead of claiming them.
        assert referral.pack is None
        assert not file_state(referral).flagged and "缺少文件" in file_state(referral).summary
        assert referral.handed_over_at - referral.approved_at <= timedelta(hours=24)
        assert referral.handed_over_at.astimezone(CHINA_TZ).date() == referral.case.closed_on
        current = progress(referral, now=NOW).current
        assert referral.next_step == (current.step if current else None)
        assert (referral.police_decision is None) == (referral.status is ReferralStatus.RECEIVED)
        assert len(referral.events) >= 4
