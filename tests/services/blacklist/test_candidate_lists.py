"""The blacklist candidates and the police's flagged contractors read the lapse stored on each
flag: they list the contractors that the former query (every current flag of the office
aggregated per contractor at query time) listed, in its order, under every filter."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import and_, exists, func, select

from wagewatch.extensions import db
from wagewatch.models import (
    OPEN_PROCEEDING_STATUSES, BlacklistProceeding, Case, Payer, PaymentOrder, RuleDecision, Township,
)
from wagewatch.services.blacklist import blacklist_lists, procedure
from wagewatch.services.blacklist.blacklist_lists import RULE, ListFilters, _unpaid_at_lapse
from wagewatch.services.cases import payments
from wagewatch.services.referrals.police_queries import POLICE_RULES

from tests.factories import make_contractor
from tests.web.blacklist.factories import clerk, lapsed_case
from tests.web.cases.factories import valid_id_number

TODAY = date(2026, 11, 27)


def aggregated(office_id: int, filters: ListFilters, rules: tuple[str, ...],
               awaiting_proceeding: bool) -> list[int]:
    """The former query: every current flag joined to its case's orders, grouped by contractor."""
    lapsed_on = func.min(PaymentOrder.pay_by_on)
    owed = func.max(_unpaid_at_lapse(RuleDecision, rules))
    query = (select(RuleDecision.contractor_id)
             .outerjoin(PaymentOrder, and_(PaymentOrder.case_id == RuleDecision.case_id,
                                           PaymentOrder.pay_by_on < RuleDecision.as_of))
             .where(RuleDecision.office_id == office_id, RuleDecision.rule.in_(rules),
                    RuleDecision.flagged.is_(True), RuleDecision.superseded_at.is_(None))
             .group_by(RuleDecision.contractor_id))
    if awaiting_proceeding:
        query = query.where(~exists().where(
            BlacklistProceeding.contractor_id == RuleDecision.contractor_id,
            BlacklistProceeding.status.in_(OPEN_PROCEEDING_STATUSES)))
    if filters.township_id:
        query = query.join(Case, Case.id == RuleDecision.case_id).where(
            Case.township_id == filters.township_id)
    if filters.owed_min is not None:
        query = query.having(owed >= filters.owed_min)
    if filters.owed_max is not None:
        query = query.having(owed <= filters.owed_max)
    if filters.days_min is not None:
        query = query.having(lapsed_on <= TODAY - timedelta(days=filters.days_min))
    if filters.days_max is not None:
        query = query.having(lapsed_on >= TODAY - timedelta(days=filters.days_max))
    return list(db.session.scalars(query.order_by(lapsed_on.asc().nulls_last(),
                                                  RuleDecision.contractor_id)))


def listed(office_id: int, filters: ListFilters, rules: tuple[str, ...],
           awaiting_proceeding: bool) -> list[int]:
    return list(db.session.scalars(blacklist_lists.candidate_query(
        office_id, filters, TODAY, rules, awaiting_proceeding)))


@pytest.fixture
def offenders(app):
    """Flagged contractors with one case, with several (lapsed apart, in two townships), an
    individual across two records, one under a proceeding, one partly paid before its pay-by
    day, and one paid in full before it (never flagged)."""
    actor = clerk()
    far = Township(office_id=actor.office_id, name="大黄山街道", sort_order=9)
    db.session.add(far)
    db.session.commit()
    single = lapsed_case(make_contractor(name="徐州甲建设有限公司"), date(2025, 5, 12), "30000.00")
    several = make_contractor(name="徐州乙建设有限公司")
    lapsed_case(several, date(2025, 9, 8), township=far)
    lapsed_case(several, date(2025, 3, 10), "20000.00", employer_absconded=True)
    id_number = valid_id_number(region="320311", born="19700101", seq="555")
    one = make_contractor(name="王包工", kind="individual", uscc=None, id_number=id_number)
    two = make_contractor(name="王包工（班组）", kind="individual", uscc=None, id_number=id_number)
    lapsed_case(one, date(2025, 7, 7))
    lapsed_case(two, date(2025, 4, 7), ability_to_pay=True)
    busy = lapsed_case(make_contractor(name="徐州丙建设有限公司"), date(2025, 2, 10))
    procedure.start_proceeding(busy.employer, actor, date(2025, 3, 3), "offenders-token")
    later = lapsed_case(make_contractor(name="徐州丁建设有限公司"), date(2025, 6, 9), township=far)
    payments.record_recovery(later, payments.RecoveryInput(
        date(2025, 6, 10), Decimal("100.00"), Payer.EMPLOYER, None, None,
        {later.workers[0].id: Decimal("100.00")}), actor)
    paid = lapsed_case(make_contractor(name="徐州戊建设有限公司"), date(2025, 8, 4))
    for cw in paid.workers:
        payments.record_recovery(paid, payments.RecoveryInput(
            date(2025, 8, 5), Decimal("12000.00"), Payer.EMPLOYER, None, None,
            {cw.id: Decimal("12000.00")}), actor)
    return {"office_id": actor.office_id, "far": far, "single": single}


FILTERS = {
    "none": ListFilters(),
    "township": "far",
    "owed at least 30,000": ListFilters(owed_min=Decimal("30000")),
    "owed at most 30,000": ListFilters(owed_max=Decimal("30000")),
    "owed 30,000 to 50,000": ListFilters(owed_min=Decimal("30000"), owed_max=Decimal("50000")),
    "lapsed at least 500 days ago": ListFilters(days_min=500),
    "lapsed at most 560 days ago": ListFilters(days_max=560),
}


@pytest.mark.parametrize("rules,awaiting", [((RULE,), True), (POLICE_RULES, False)],
                         ids=["blacklist candidates", "police flagged"])
def test_the_lists_show_the_contractors_the_aggregating_query_showed(offenders, rules, awaiting):
    """Every filter over one set of offenders (building them costs more than all the queries)."""
    office_id = offenders["office_id"]
    for filtered, filters in FILTERS.items():
        if filters == "far":
            filters = ListFilters(township_id=offenders["far"].id)
        assert isinstance(filters, ListFilters)
        before = aggregated(office_id, filters, rules, awaiting)
        assert listed(office_id, filters, rules, awaiting) == before, filtered
        if filtered == "none":
            assert len(before) >= 4  # the data exercises the list (the individual's two records)


def test_every_current_flag_states_its_case_lapse(offenders):
    flags = db.session.scalars(select(RuleDecision).where(
        RuleDecision.flagged.is_(True), RuleDecision.superseded_at.is_(None))).all()
    assert flags and all(f.lapsed_on is not None for f in flags)
    single = [f for f in flags if f.case_id == offenders["single"].id]
    assert {f.lapsed_on for f in single} == {date(2025, 5, 15)}  # 12 May + 3 working days


def test_the_page_rows_show_the_earliest_stored_lapse(offenders):
    from wagewatch.services.reference.calendar import current_calendar

    ids = listed(offenders["office_id"], ListFilters(), (RULE,), True)
    rows = blacklist_lists.candidate_rows(ids, TODAY, current_calendar())
    by_name = {row.contractor.name: row for row in rows}
    assert by_name["徐州乙建设有限公司"].lapsed_on == date(2025, 3, 13)
    assert by_name["徐州乙建设有限公司"].days_since == (TODAY - date(2025, 3, 13)).days
    assert "徐州丙建设有限公司" not in by_name  # a proceeding is under way


def test_the_migration_backfills_the_lapse_the_evaluation_writes(offenders):
    """Migration 0028 fills the stored decisions' lapse in one statement from their reasons:
    the same day the evaluation writes (rules.flags.lapsed_on), flagged or not."""
    import importlib.util
    from pathlib import Path

    from sqlalchemy import text, update

    path = Path(__file__).parents[3] / "migrations/versions/0028_rule_decision_lapse.py"
    spec = importlib.util.spec_from_file_location("migration_0028", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    written = dict(db.session.execute(select(RuleDecision.id, RuleDecision.lapsed_on)).tuples().all())
    assert any(written.values()) and None in written.values()  # unflagged rows state none
    db.session.execute(update(RuleDecision).values(lapsed_on=None))
    db.session.execute(text(migration.BACKFILL[db.engine.dialect.name]))
    db.session.expire_all()
    assert dict(db.session.execute(select(RuleDecision.id, RuleDecision.lapsed_on)).tuples().all()) \
        == written
