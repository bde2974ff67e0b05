"""The clerk's queue reads the blacklist candidates from the lapse stored on each flag: the same
contractors, decision due dates, order, "mine" marks and counts as the former query, which
aggregated every current flag of the office with its cases' payment orders at query time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Select, and_, case as when, exists, func, select

from wagewatch.extensions import db
from wagewatch.models import (
    OPEN_PROCEEDING_STATUSES, BlacklistProceeding, Case, Contractor, Payer, PaymentOrder, Role,
    RuleDecision,
)
from wagewatch.rules.flags import blacklist_decision_deadline
from wagewatch.rules.work_queue import DueItem
from wagewatch.rules.working_days import WorkingDayCalendar
from wagewatch.services import work_queue
from wagewatch.services.work_queue import flag_kinds, reading
from wagewatch.services.blacklist import procedure
from wagewatch.services.cases import payments

from tests.factories import make_contractor, make_user
from tests.web.blacklist.factories import clerk, lapsed_case
from tests.web.cases.factories import valid_id_number

TODAY = date(2026, 11, 27)
CALENDAR = WorkingDayCalendar()


def aggregated(scope: reading.Scope) -> tuple[list[DueItem], int]:
    """The former query: the office's current S-45 flags joined to their cases' orders with a
    pay-by date before today, grouped by contractor, earliest pay-by date first."""
    busy = exists().where(BlacklistProceeding.contractor_id == RuleDecision.contractor_id,
                          BlacklistProceeding.status.in_(OPEN_PROCEEDING_STATUSES))
    earliest = func.min(PaymentOrder.pay_by_on)
    handled = func.max(when((Case.handler_id == scope.user_id, 1), else_=0))

    def flagged(*columns) -> Select:
        return (select(*columns).join(Case, Case.id == RuleDecision.case_id)
                .join(PaymentOrder, and_(PaymentOrder.case_id == RuleDecision.case_id,
                                         PaymentOrder.pay_by_on < scope.today))
                .where(RuleDecision.office_id == scope.office_id,
                       RuleDecision.rule == "blacklist_s45", RuleDecision.flagged.is_(True),
                       RuleDecision.superseded_at.is_(None), ~busy))

    query = flagged(RuleDecision.contractor_id, earliest, handled).group_by(
        RuleDecision.contractor_id)
    counted = flagged(RuleDecision.contractor_id).distinct()
    if scope.mine_only:
        query = query.having(handled == 1)
        counted = counted.where(Case.handler_id == scope.user_id)
    rows, total = reading.first(
        reading.page_and_count(query.order_by(earliest, RuleDecision.contractor_id), counted),
        scope.params, scope.limit)
    items = []
    for contractor_id, pay_by, mine in rows:
        deadline = blacklist_decision_deadline(pay_by, False, scope.calendar)
        items.append(DueItem("candidate", deadline.due_on,
                             db.session.get_one(Contractor, contractor_id).name,
                             f"责令支付期满（{pay_by.isoformat()}）未付", "start_proceeding",
                             {"contractor_id": contractor_id}, mine=bool(mine),
                             provisional=deadline.provisional))
    return items, total


@pytest.fixture
def offenders(app):
    """Flagged contractors: one case; three cases lapsed apart, one of them another clerk's; an
    individual across two records; one only another clerk's; one partly paid before its pay-by
    day; one under a proceeding (not a candidate); one paid in full by its day (never flagged)."""
    me = clerk()
    colleague = make_user(role=Role.CLERK, username="clerk-queue-other", display_name="王监察")

    def theirs(found: Case) -> None:
        found.handler_id = colleague.id
        db.session.commit()

    lapsed_case(make_contractor(name="徐州甲建设有限公司"), date(2025, 5, 12), "30000.00")
    several = make_contractor(name="徐州乙建设有限公司")
    lapsed_case(several, date(2025, 9, 8))
    theirs(lapsed_case(several, date(2025, 3, 10), "20000.00", employer_absconded=True))
    lapsed_case(several, date(2025, 6, 2))
    id_number = valid_id_number(region="320311", born="19700101", seq="555")
    lapsed_case(make_contractor(name="王包工", kind="individual", uscc=None, id_number=id_number),
                date(2025, 7, 7))
    theirs(lapsed_case(make_contractor(name="王包工（班组）", kind="individual", uscc=None,
                                       id_number=id_number), date(2025, 4, 7), ability_to_pay=True))
    theirs(lapsed_case(make_contractor(name="徐州己建设有限公司"), date(2025, 1, 6)))
    busy = lapsed_case(make_contractor(name="徐州丙建设有限公司"), date(2025, 2, 10))
    procedure.start_proceeding(busy.employer, me, date(2025, 3, 3), "queue-offenders-token")
    later = lapsed_case(make_contractor(name="徐州丁建设有限公司"), date(2025, 6, 9))
    payments.record_recovery(later, payments.RecoveryInput(
        date(2025, 6, 10), Decimal("100.00"), Payer.EMPLOYER, None, None,
        {later.workers[0].id: Decimal("100.00")}), me)
    paid = lapsed_case(make_contractor(name="徐州戊建设有限公司"), date(2025, 8, 4))
    for cw in paid.workers:
        payments.record_recovery(paid, payments.RecoveryInput(
            date(2025, 8, 5), Decimal("12000.00"), Payer.EMPLOYER, None, None,
            {cw.id: Decimal("12000.00")}), me)
    return {"me": me, "colleague": colleague}


def test_the_queue_lists_the_candidates_the_aggregating_query_listed(offenders):
    """For each clerk, the office's queue and their own, a full page and a short one."""
    for who in ("me", "colleague"):
        user = offenders[who]
        for mine_only in (False, True):
            for limit in (50, 2):
                scope = reading.Scope(user.office_id, user.id, mine_only, TODAY, CALENDAR,
                                          limit)
                before = aggregated(scope)
                assert flag_kinds.candidates(scope) == before, (who, mine_only, limit)
                if not mine_only:
                    assert before[1] == 6  # the proceeding's contractor and the paid one are out
                    assert len(before[0]) == min(limit, 6)


def test_each_candidate_is_due_20_working_days_after_its_earliest_lapse(offenders):
    me = offenders["me"]
    queue = work_queue.clerk_queue(me.office_id, me.id, TODAY, CALENDAR)
    rows = {row.item.subject: row.item for row in queue.items if row.item.kind == "candidate"}
    assert list(rows) == ["徐州己建设有限公司", "徐州乙建设有限公司", "王包工（班组）", "徐州甲建设有限公司",
                          "徐州丁建设有限公司", "王包工"]
    several = rows["徐州乙建设有限公司"]  # its 10 March order lapsed on 13 March: due 11 April
    assert (several.due_on, several.mine) == (date(2025, 4, 11), True)
    assert several.step == "start_proceeding" and "2025-03-13" in several.detail
    assert rows["徐州己建设有限公司"].mine is False  # only the colleague's case
    assert "徐州丙建设有限公司" not in rows        # a proceeding is under way
    assert queue.counts["candidate"] == 6
    mine = work_queue.clerk_queue(me.office_id, me.id, TODAY, CALENDAR, mine_only=True)
    assert [row.item.subject for row in mine.items if row.item.kind == "candidate"] == [
        "徐州乙建设有限公司", "徐州甲建设有限公司", "徐州丁建设有限公司", "王包工"]
