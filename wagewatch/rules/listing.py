"""Blacklist listing periods and their deadlines: S-45 (decisions from 2022) and S-17 (legacy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from wagewatch.rules.periods import CIVIL_CODE_PERIODS
from wagewatch.rules.periods import period_end as civil_period_end
from wagewatch.rules.reasons import Decision, Reason
from wagewatch.rules.working_days import Deadline, WorkingDayCalendar, add_working_days

OBJECTION_WORKING_DAYS = 5          # S-45: objections within 5 working days of service
OBJECTION_ANSWER_WORKING_DAYS = 5   # S-45: each objection answered within 5 working days
S45_PERIOD_YEARS = 3                # S-45: listed for 3 years from the decision
EARLY_REMOVAL_WAIT_MONTHS = 6       # S-45: 6 months after the correction
EARLY_REMOVAL_DECISION_WORKING_DAYS = 15
REMOVAL_WORKING_DAYS = 10           # S-45: removal carried out within 10 working days
S17_LISTING_WORKING_DAYS = 20       # S-17: listed within 20 working days of the decision
S17_PERIOD_YEARS = 1
S17_EXTENSION_YEARS = 2
S17_REMOVAL_WORKING_DAYS = 20
S45_IN_FORCE = date(2022, 1, 1)


def rule_set_for(decided_on: date) -> str:
    """Listings decided from 1 January 2022 follow S-45; earlier ones keep S-17's rules."""
    return "S-45" if decided_on >= S45_IN_FORCE else "S-17"


def objection_window(served_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """The employer may object until the 5th working day after the notice was served (S-45)."""
    return add_working_days(served_on, OBJECTION_WORKING_DAYS, calendar)


def objection_answer_due(received_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """Each objection is answered within 5 working days of receipt (S-45)."""
    return add_working_days(received_on, OBJECTION_ANSWER_WORKING_DAYS, calendar)


def may_decide(today: date, served_on: date | None, unanswered_objections: int,
               calendar: WorkingDayCalendar) -> Decision:
    """No listing decision before the notice was served, its objection window closed and every
    objection answered (S-45)."""
    reasons = []
    if served_on is None:
        reasons.append(Reason("notice_served", "S-45", False, "尚未送达列入告知书", {}))
    else:
        window = objection_window(served_on, calendar)
        closed = today > window.due_on
        reasons.append(Reason("objection_window", "S-45", closed,
                              f"陈述申辩期至{window.due_on}" + ("已届满" if closed else "尚未届满"),
                              {"window_ends_on": window.due_on.isoformat()}))
    reasons.append(Reason("objections_answered", "S-45", unanswered_objections == 0,
                          "异议均已答复" if unanswered_objections == 0
                          else f"尚有{unanswered_objections}项异议未答复", {}))
    return Decision("may_decide_listing", all(r.met for r in reasons), tuple(reasons))


def s45_period_end(decided_on: date) -> date:
    """The last listed day of a listing decided on ``decided_on``: 3 years (S-45), counted by the
    Civil Code (the decision day not counted; ends on the corresponding day)."""
    return civil_period_end(decided_on, years=S45_PERIOD_YEARS)


def removal_due(trigger_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """Expiry, early removal or revocation is carried out within 10 working days (S-45)."""
    return add_working_days(trigger_on, REMOVAL_WORKING_DAYS, calendar)


#: The S-45 articles a removal (移出) rests on, by ground: the end of the period, early removal
#: (art. 14) or revocation, each carried out within 10 working days with publication stopped
#: (arts. 16-17).
REMOVAL_SOURCES: dict[str, tuple[tuple[str, int], ...]] = {
    "expired": (("S-45", 16), ("S-45", 17)),
    "early_removal": (("S-45", 14), ("S-45", 16), ("S-45", 17)),
    "revoked": (("S-45", 16), ("S-45", 17)),
}


def removal_sources(ground: str) -> tuple[tuple[str, int], ...]:
    """The (source, article) references of a removal on ``ground`` ("expired", "early_removal", "revoked"),
    for its 移出决定（通知） (S-45 arts. 16-17); KeyError for an unknown ground."""
    return REMOVAL_SOURCES[ground]


def early_removal_wait_ends(corrected_on: date, listed_on: date | None = None) -> date:
    """The last day of the 6 months on the list since the correction (S-45 art. 12): counted
    from the later of the listing decision and the correction, by the Civil Code (that day not
    counted; ends on the corresponding day)."""
    start = max(corrected_on, listed_on) if listed_on is not None else corrected_on
    return civil_period_end(start, months=EARLY_REMOVAL_WAIT_MONTHS)


def early_removal_eligible_on(corrected_on: date, listed_on: date | None = None) -> date:
    """The first day an early removal may be applied for: the day after the 6 months on the list
    since the correction have run out (S-45 art. 12)."""
    return early_removal_wait_ends(corrected_on, listed_on) + timedelta(days=1)


@dataclass(frozen=True)
class Bar:
    """A ground barring early removal (S-45 art. 13), naming the case or referral it comes from.
    ``computed`` bars come from the registry's own records and cannot be cleared by a clerk;
    a clerk may add another bar by law, with its reason (``computed`` False)."""

    kind: str   # new_arrears, referral, police_filed, judgement, other
    text: str
    computed: bool = True


BAR_SOURCE = "S-45 art. 13"


def early_removal(applied_on: date, corrected_on: date | None, written_commitment: bool,
                  listed_on: date, bars: tuple[Bar, ...] = ()) -> Decision:
    """Early removal (S-45 arts. 12-13): corrected, 6 months on the list since the correction,
    a written commitment; barred by each of ``bars`` (new arrears during the listing, a police
    referral or filed case for the wage crime, a criminal judgement, another bar by law)."""
    reasons = []
    if corrected_on is None:
        reasons.append(Reason("corrected", "S-45 art. 12", False, "未纠正违法行为", {}))
    else:
        eligible = early_removal_eligible_on(corrected_on, listed_on)
        start = "列入决定" if listed_on > corrected_on else "纠正"
        reasons.append(Reason("corrected", "S-45 art. 12", True, f"已于{corrected_on}纠正违法行为", {}))
        reasons.append(Reason("six_months", "S-45 art. 12", applied_on >= eligible,
                              f"自{start}之日起在名单内满6个月于"
                              f"{early_removal_wait_ends(corrected_on, listed_on)}届满，"
                              f"申请日{applied_on}" + ("已满" if applied_on >= eligible else "未满")
                              + f"（{CIVIL_CODE_PERIODS}）",
                              {"eligible_on": eligible.isoformat()}))
    reasons.append(Reason("commitment", "S-45 art. 12", written_commitment,
                          "已作出书面信用承诺" if written_commitment else "未作出书面信用承诺", {}))
    kinds = {bar.kind for bar in bars}
    if "new_arrears" not in kinds:
        reasons.append(Reason("no_new_arrears", BAR_SOURCE, True,
                              "列入期间未登记新的拖欠工资案件", {}))
    if not kinds & {"referral", "police_filed", "judgement"}:
        reasons.append(Reason("no_prosecution", BAR_SOURCE, True,
                              "无移送公安、公安立案或刑事判决（拒不支付劳动报酬罪）记录", {}))
    for bar in bars:
        reasons.append(Reason(bar.kind, BAR_SOURCE, False, bar.text, {"computed": bar.computed}))
    return Decision("early_removal", all(r.met for r in reasons), tuple(reasons))


def early_removal_decision_due(applied_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """An early-removal application is decided within 15 working days (S-45)."""
    return add_working_days(applied_on, EARLY_REMOVAL_DECISION_WORKING_DAYS, calendar)


@dataclass(frozen=True)
class Period:
    """A listing period: first and last listed day."""

    starts_on: date
    ends_on: date


def restart_after_fraud(revoked_on: date, original: Period) -> Period:
    """An early removal obtained by fraud is revoked and the listing restarts with new dates:
    a full 3-year period from the revocation (S-45), counted by the Civil Code."""
    return Period(revoked_on, civil_period_end(revoked_on, years=S45_PERIOD_YEARS))


def s17_listing_due(handled_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """Under S-17 the listing is made within 20 working days of the handling decision."""
    return add_working_days(handled_on, S17_LISTING_WORKING_DAYS, calendar)


def s17_period_end(listed_on: date) -> date:
    """The last listed day of an S-17 listing: 1 year, counted by the Civil Code."""
    return civil_period_end(listed_on, years=S17_PERIOD_YEARS)


def s17_at_expiry(period_end: date, corrected: bool, calendar: WorkingDayCalendar,
                  already_extended: bool = False) -> Decision:
    """At the end of an S-17 year: removed within 20 working days if corrected, otherwise the
    listing is extended automatically by 2 years, once; at the end of the extension it is removed.
    ``flagged`` means "extend"."""
    if corrected or already_extended:
        due = add_working_days(period_end, S17_REMOVAL_WORKING_DAYS, calendar)
        condition, text = (("corrected", f"已纠正，应于{due.due_on}前移出") if corrected else
                           ("extension_ended", f"延长的2年期满，应于{due.due_on}前移出"))
        return Decision("s17_expiry", False, (Reason(
            condition, "S-17", True, text, {"remove_by": due.due_on.isoformat()}),))
    new_end = civil_period_end(period_end, years=S17_EXTENSION_YEARS)
    return Decision("s17_expiry", True, (Reason(
        "not_corrected", "S-17", False, f"期满未纠正，自动延长2年至{new_end}",
        {"extended_to": new_end.isoformat()}),))
