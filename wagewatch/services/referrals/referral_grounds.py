"""What a police referral rests on: the flag it started from, and later payments (S-310; Criminal Law art. 276-1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from wagewatch.extensions import db
from wagewatch.models import Case, PoliceReferral, RuleDecision
from wagewatch.rules.flags import later_payment_mitigation
from wagewatch.rules.reasons import Reason
from wagewatch.services.flags.evaluation_facts import load_case_facts


@dataclass(frozen=True)
class ReferralGrounds:
    """The flag a referral was started from (None for a referral on written reasons) and the
    later-payment reason the police weigh (None when nothing was paid after a lapse)."""

    decision: RuleDecision | None
    mitigation: Reason | None


def referral_grounds(referral: PoliceReferral, as_of: date) -> ReferralGrounds:
    """The referral's grounds as of the end of ``as_of`` (China date): the stored flag and the
    payments made after the pay-by day of the cases it covers, which do not undo the offence but
    are a ground to mitigate or exempt before prosecution (Criminal Law art. 276-1 para. 3)."""
    decision = db.session.get(RuleDecision, referral.rule_decision_id) \
        if referral.rule_decision_id else None
    numbers = list(decision.reasons.get("case_numbers", [])) if decision else []
    case_ids = set(db.session.scalars(select(Case.id).where(
        Case.office_id == referral.case.office_id, Case.number.in_(numbers)))) if numbers else set()
    case_ids.add(referral.case_id)
    facts = [loaded.facts for loaded in load_case_facts(sorted(case_ids))]
    return ReferralGrounds(decision, later_payment_mitigation(facts, as_of))
