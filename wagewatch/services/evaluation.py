"""Evaluating the flag rules: one employer inside a use case, or everything in set-based batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from wagewatch.extensions import db
from wagewatch.models import Case, CrimeThresholdSetting, Office, RuleDecision, utcnow
from wagewatch.rules.clock import day_end_utc
from wagewatch.rules.flags import offender_decisions
from wagewatch.rules.reasons import Decision
from wagewatch.rules.thresholds import DEFAULT_REGION, KNOWN_THRESHOLDS, CrimeThreshold
from wagewatch.services.evaluation_facts import (
    EVALUATED_STATUSES, LoadedCase, load_case_facts, offender_case_ids,
)

__all__ = ["EVALUATED_STATUSES", "RunReport", "current_flags", "distinct_flags", "evaluate_employer",
           "run_all", "thresholds"]
BATCH = 2000


def thresholds() -> dict[str, CrimeThreshold]:
    """The configured thresholds by region, falling back to the figures domain.md lists."""
    configured = {row.region: CrimeThreshold(row.region, row.name, row.single_worker_yuan,
                                             row.group_yuan)
                  for row in db.session.scalars(select(CrimeThresholdSetting))}
    return {**{t.region: t for t in KNOWN_THRESHOLDS}, **configured}


@dataclass
class RunReport:
    """What an evaluation did: cases evaluated, flags raised and flags cleared."""

    evaluated: int = 0
    raised: int = 0
    cleared: int = 0
    changed: int = 0


def _decide(loaded: list[LoadedCase], as_of: date) -> dict[int, dict[str, Decision]]:
    """Every rule's decision per case id, each offender's cases judged together (S-JI art. 3)."""
    by_region = thresholds()
    regions = dict(db.session.execute(select(Office.id, Office.region)).tuples().all())
    groups: dict[tuple[object, ...], list[LoadedCase]] = defaultdict(list)
    for item in loaded:
        groups[(item.office_id, *item.offender)].append(item)
    decided: dict[int, dict[str, Decision]] = {}
    for items in groups.values():
        threshold = by_region.get(regions.get(items[0].office_id) or DEFAULT_REGION,
                                  by_region[DEFAULT_REGION])
        outcome = offender_decisions([i.facts for i in items], threshold, as_of)
        for item in items:
            decided[item.case_id] = outcome[item.facts.case_number]
    return decided


def _apply(loaded: Iterable[LoadedCase], as_of: date, report: RunReport) -> None:
    """Decide every rule for the loaded cases and store what changed against current decisions."""
    loaded = list(loaded)
    decided = _decide(loaded, as_of)
    current = {(d.case_id, d.rule): d for d in db.session.scalars(select(RuleDecision).where(
        RuleDecision.case_id.in_([c.case_id for c in loaded]),
        RuleDecision.superseded_at.is_(None)))}
    now = utcnow()
    superseded: list[int] = []
    for item in loaded:
        report.evaluated += 1
        for rule, decision in decided[item.case_id].items():
            previous = current.get((item.case_id, rule))
            if previous is None and not decision.flagged:
                continue  # nothing flagged before and nothing now: no row needed
            if previous is not None and previous.flagged == decision.flagged \
                    and previous.summary == decision.summary:
                continue
            if previous is not None:
                superseded.append(previous.id)
            report.changed += 1
            report.raised += decision.flagged and not (previous and previous.flagged)
            report.cleared += (not decision.flagged) and bool(previous and previous.flagged)
            db.session.add(RuleDecision(
                office_id=item.office_id, contractor_id=item.contractor_id, case_id=item.case_id,
                rule=rule, flagged=decision.flagged, summary=decision.summary,
                reasons=decision.as_dict(), as_of=as_of, decided_at=now))
    if superseded:
        db.session.execute(update(RuleDecision).where(RuleDecision.id.in_(superseded))
                           .values(superseded_at=now).execution_options(synchronize_session=False))


def evaluate_employer(contractor_id: int, as_of: date) -> RunReport:
    """Re-evaluate the offender behind one employer (all its cases, and for an individual every
    record with the same ID number) inside the caller's transaction (no commit)."""
    db.session.flush()
    ids, _ = offender_case_ids([contractor_id])
    report = RunReport()
    _apply(load_case_facts(ids), as_of, report)
    return report


def run_all(as_of: date, office_id: int | None = None, batch: int = BATCH) -> RunReport:
    """Re-evaluate every case, offender by offender in batches of about ``batch`` employers,
    committing per batch (rules run)."""
    report = RunReport()
    last_id = 0
    done: set[int] = set()
    while True:
        query = select(Case.employer_id).where(
            Case.employer_id > last_id, Case.status.in_(EVALUATED_STATUSES))
        if office_id is not None:
            query = query.where(Case.office_id == office_id)
        employers = list(db.session.scalars(
            query.group_by(Case.employer_id).order_by(Case.employer_id).limit(batch)))
        if not employers:
            break
        fresh = [e for e in employers if e not in done]
        if fresh:
            ids, covered = offender_case_ids(fresh)
            done |= covered
            _apply(load_case_facts(ids), as_of, report)
            db.session.commit()
        last_id = employers[-1]
    return report


def current_flags(*, contractor_id: int | None = None, case_id: int | None = None,
                  on: date | None = None) -> list[RuleDecision]:
    """Flagged decisions current now (or at the end of day ``on``) for a contractor or a case."""
    query = select(RuleDecision).where(RuleDecision.flagged.is_(True))
    if contractor_id is not None:
        query = query.where(RuleDecision.contractor_id == contractor_id)
    if case_id is not None:
        query = query.where(RuleDecision.case_id == case_id)
    if on is None:
        query = query.where(RuleDecision.superseded_at.is_(None))
    else:
        end = day_end_utc(on)
        query = query.where(RuleDecision.decided_at < end,
                            (RuleDecision.superseded_at.is_(None))
                            | (RuleDecision.superseded_at >= end))
    return list(db.session.scalars(query.order_by(RuleDecision.rule, RuleDecision.case_id)))



def distinct_flags(decisions: Iterable[RuleDecision]) -> list[RuleDecision]:
    """Each decision once: an offender's cases judged together (S-JI art. 3) each store the same
    group decision, which a contractor's pages show once (the first case's row), in order."""
    seen: set[tuple[str, str]] = set()
    result = []
    for decision in decisions:
        key = (decision.rule, decision.summary)
        if key not in seen:
            seen.add(key)
            result.append(decision)
    return result
