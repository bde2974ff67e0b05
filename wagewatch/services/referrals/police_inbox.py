"""The police officer's home: referrals handed to the office's police awaiting their receipt,
decision or reconsideration answer, with the calendar-day clocks (S-310 arts. 8, 9), and the
contractors newly flagged since the officer's previous visit; bounded queries only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from wagewatch.extensions import db
from wagewatch.models import Case, Contractor, PoliceReferral, ReferralStatus, RuleDecision
from wagewatch.rules.elapsed import ClockUsage, calendar_day_usage
from wagewatch.rules.referral_steps import (
    POLICE_DECISION_DAYS, RECONSIDERATION_ANSWER_DAYS, STEPS, StepState, doing_of, local,
)
from wagewatch.services.id_sets import among
from wagewatch.services.referrals.handover import progress
from wagewatch.services.referrals.police_queries import POLICE_RULES

#: Referrals waiting for the police: receipt, the decision to file, the reconsideration answer.
AWAITING_POLICE = (ReferralStatus.HANDED_OVER, ReferralStatus.RECEIVED,
                   ReferralStatus.RECONSIDERATION)
#: The police steps with a limit in calendar days (S-310 arts. 8, 9).
STEP_DAYS = {"police_decision": POLICE_DECISION_DAYS,
             "reconsideration_answer": RECONSIDERATION_ANSWER_DAYS}


@dataclass(frozen=True)
class InboxRow:
    """One referral waiting for the police, its step and how its clock stands."""

    referral: PoliceReferral
    step: StepState
    usage: ClockUsage | None     # None for receipt, which has no limit of its own
    waiting_days: int            # calendar days since the step's clock started

    @property
    def title(self) -> str:
        return STEPS[self.step.step].title

    @property
    def action(self) -> str:
        """The button of the step the police record next."""
        return doing_of(self.step.step)

    @property
    def clock_text(self) -> str:
        if self.usage is not None:
            return self.usage.text
        return "今日移送" if self.waiting_days == 0 else f"已移送 {self.waiting_days} 日，待接收"


def inbox(office_id: int, now: datetime, limit: int = 50) -> list[InboxRow]:
    """The office's referrals handed to the police and waiting for them, the earliest limit first
    (a referral waiting for receipt counts from its hand-over), at most ``limit``."""
    due = func.coalesce(PoliceReferral.next_due_at, PoliceReferral.handed_over_at)
    rows = db.session.scalars(
        select(PoliceReferral).where(PoliceReferral.office_id == office_id,
                                     PoliceReferral.handed_to_police,
                                     PoliceReferral.status.in_(AWAITING_POLICE))
        .options(joinedload(PoliceReferral.case).joinedload(Case.employer))
        .order_by(due, PoliceReferral.id).limit(limit)).all()
    result = []
    for referral in rows:
        current = progress(referral, now).current
        if current is None or current.starts_at is None:
            continue
        days = STEP_DAYS.get(current.step)
        usage = (calendar_day_usage(current.starts_at, current.due_at, days, now)
                 if days and current.due_at else None)
        waited = (local(now).date() - local(current.starts_at).date()).days
        result.append(InboxRow(referral, current, usage, waited))
    return result


@dataclass
class NewlyFlagged:
    """A contractor the police rules flag now that was not flagged at the previous visit."""

    contractor: Contractor
    flagged_at: datetime
    summaries: list[str] = field(default_factory=list)
    rules: set[str] = field(default_factory=set)


#: A flag in force earlier, one alias for every statement (built and adapted once).
_EARLIER_FLAG = aliased(RuleDecision)


def flagged_since(office_id: int, since: datetime, limit: int = 50) -> list[NewlyFlagged]:
    """Contractors with a current blacklist or referral flag decided after ``since`` and no flag
    of the same rule in force at ``since`` (a re-evaluation that only restates a flag is not
    news), newest first, at most ``limit`` contractors."""
    earlier = _EARLIER_FLAG
    was_flagged = exists().where(
        earlier.contractor_id == RuleDecision.contractor_id, earlier.rule == RuleDecision.rule,
        earlier.flagged.is_(True), earlier.decided_at <= since,
        or_(earlier.superseded_at.is_(None), earlier.superseded_at > since))
    # The columns shown only: a decision's reasons and facts (JSON) are not read here, and the
    # newest ``limit * 4`` are sorted as narrow rows.
    decisions = db.session.execute(select(
        RuleDecision.contractor_id, RuleDecision.decided_at, RuleDecision.summary,
        RuleDecision.rule).where(
        RuleDecision.office_id == office_id, RuleDecision.rule.in_(POLICE_RULES),
        RuleDecision.flagged.is_(True), RuleDecision.superseded_at.is_(None),
        RuleDecision.decided_at > since, ~was_flagged)
        .order_by(RuleDecision.decided_at.desc(), RuleDecision.id.desc()).limit(limit * 4)).all()
    ids = list(dict.fromkeys(d.contractor_id for d in decisions))[:limit]
    contractors = {c.id: c for c in db.session.scalars(
        select(Contractor).where(among(Contractor.id, ids)))} if ids else {}
    found: dict[int, NewlyFlagged] = {}
    for contractor_id, decided_at, summary, rule in decisions:
        if contractor_id not in contractors:
            continue
        entry = found.setdefault(contractor_id, NewlyFlagged(contractors[contractor_id], decided_at))
        if summary not in entry.summaries:
            entry.summaries.append(summary)
        entry.rules.add(rule)
    return list(found.values())
