"""Makers of what a registry carries after filing, written straight to the database: payment
orders (served and not, with extra compensation), recoveries by every payer with their split,
police referrals at several steps, blacklist proceedings with their listing and persons."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.models import (
    BlacklistProceeding, Case, CaseStatus, Contractor, ContractorKind, ListedPerson, Listing,
    ListingNotice, Payer, PaymentOrder, PaymentOrderItem, PersonPosition, PoliceDecision,
    PoliceReferral, ProceedingCase, ProceedingStatus, Recovery, RecoveryAllocation,
    ReferralStatus, ReferralTarget, RemovalReason, RuleSet, ServiceMethod, User,
)
from wagewatch.rules.names import normalise_name

from tests.factories import valid_uscc
from tests.reports.registry_factories import person_id

PAYERS = tuple(Payer)
METHODS = tuple(ServiceMethod)


def _moment(day: date, hour: int) -> datetime:
    """``hour`` o'clock Beijing time on ``day``, stored as aware UTC (minutes only)."""
    return datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC) - timedelta(hours=8)


def _accepted(case: Case) -> date:
    """The day an accepted case was accepted (the makers below come after acceptance)."""
    assert case.accepted_on is not None, case.number
    return case.accepted_on


def _last_pay_by(cases: list[Case]) -> date:
    """The latest pay-by day of the cases' last (served) payment orders."""
    days = [c.payment_orders[-1].pay_by_on for c in cases]
    assert None not in days, [c.number for c in cases]
    return max(day for day in days if day is not None)


def _order(case: Case, n: int, clerk: User) -> PaymentOrder:
    issued = _accepted(case) + timedelta(days=3)
    served = n % 3 != 0
    pay_by = issued + timedelta(days=15) if served else None
    order = PaymentOrder(
        document_number=f"经开劳监限支〔2026〕{n + 1:03d}号", issued_on=issued,
        amount_yuan=sum((w.owed_yuan for w in case.workers), Decimal("0.00")),
        pay_within_working_days=10, pay_by_on=pay_by,
        service_method=METHODS[n % len(METHODS)] if served else None,
        served_on=issued + timedelta(days=1) if served else None,
        service_evidence=f"送达回证：受送达人{case.employer.name}，=签收人王{n}" if served else None,
        created_by_id=clerk.id,
        items=[PaymentOrderItem(case_worker=w, amount_yuan=w.owed_yuan) for w in case.workers])
    if pay_by is not None and n % 3 == 1:      # served
        order.extra_compensation_rate = Decimal("0.75")
        order.extra_compensation_yuan = (order.amount_yuan * Decimal("0.75")).quantize(
            Decimal("0.01"))
        order.extra_compensation_ordered_on = pay_by + timedelta(days=2)
    case.payment_orders.append(order)
    return order


def _recovery(case: Case, n: int, clerk: User, general_contractor: Contractor) -> None:
    payer = PAYERS[n % len(PAYERS)]
    worker = case.workers[0]
    amount = (worker.owed_yuan / 2).quantize(Decimal("0.01"))
    case.recoveries.append(Recovery(
        paid_on=_accepted(case) + timedelta(days=5), amount_yuan=amount, payer=payer,
        payer_contractor=general_contractor if payer is Payer.GENERAL_CONTRACTOR else None,
        note=f"第{n}笔" if n % 2 else None, created_by_id=clerk.id,
        allocations=[RecoveryAllocation(case_worker=worker, amount_yuan=amount)]))


def _referral(case: Case, n: int, clerk: User) -> None:
    """A referral at one of several steps; a handed-over one closes the case as referred."""
    day = _accepted(case) + timedelta(days=8)
    status = (ReferralStatus.REPORTED, ReferralStatus.NOT_APPROVED, ReferralStatus.APPROVED,
              ReferralStatus.FILED, ReferralStatus.RECONSIDERATION)[n % 5]
    referral = PoliceReferral(
        office_id=case.office_id, case=case, contractor=case.employer, status=status,
        reported_at=_moment(day, 9), reported_by_id=clerk.id, report=f"涉嫌拒不支付劳动报酬罪{n}",
        justification="@逃匿" if n % 2 else None)
    if status is not ReferralStatus.REPORTED:
        referral.approved = status is not ReferralStatus.NOT_APPROVED
        referral.approved_at, referral.approver_name = _moment(day, 15), "刘队长"
    if status in (ReferralStatus.FILED, ReferralStatus.RECONSIDERATION):
        referral.handed_over_at = _moment(day + timedelta(days=1), 10)
        referral.police_unit, referral.letter_number = "徐州市公安局经开分局", f"经开劳监移〔2026〕{n:03d}号"
        referral.police_received_at = _moment(day + timedelta(days=1), 16)
        referral.police_receiver = "赵警官"
        referral.police_decided_at = _moment(day + timedelta(days=3), 11)
        case.status, case.closed_on = CaseStatus.REFERRED, (day + timedelta(days=1))
        case.referral_target, case.referral_department = ReferralTarget.POLICE, referral.police_unit
    if status is ReferralStatus.FILED:
        referral.police_decision, referral.police_case_number = PoliceDecision.FILED, f"经侦{n}"
    if status is ReferralStatus.RECONSIDERATION:
        referral.police_decision, referral.police_reasons = PoliceDecision.DECLINED, "证据不足"
        referral.reconsideration_requested_at = _moment(day + timedelta(days=4), 9)
        referral.reconsideration_result = None
    db.session.add(referral)


def _proceeding(cases: list[Case], n: int, clerk: User) -> None:
    """A listed (n even) or removed (n odd) proceeding with its notice, decision and persons."""
    employer = cases[0].employer
    opened = _last_pay_by(cases) + timedelta(days=1)
    status = ProceedingStatus.LISTED if n % 2 == 0 else ProceedingStatus.REMOVED
    proceeding = BlacklistProceeding(
        office_id=employer.office_id, contractor=employer, rule_set=RuleSet.S45, status=status,
        opened_on=opened, created_by_id=clerk.id,
        cases=[ProceedingCase(case=c, case_number=c.number, payment_order=c.payment_orders[-1])
               for c in cases],
        notice=ListingNotice(document_number=f"经开劳监列告〔2026〕{n + 1:03d}号", grounds="逾期未支付",
                             basis="人社部令第45号第五条", served_on=opened + timedelta(days=1),
                             service_method=ServiceMethod.IN_PERSON, created_by_id=clerk.id))
    decided = opened + timedelta(days=8)
    listing = Listing(
        office_id=employer.office_id, contractor=employer, rule_set=RuleSet.S45,
        document_number=f"经开劳监列决〔2026〕{n + 1:03d}号", authority="徐州经开区人社局",
        decided_on=decided, starts_on=decided, ends_on=decided.replace(year=decided.year + 3),
        main_facts="拖欠农民工工资", grounds="第五条", basis="人社部令第45号",
        punishment_measures="联合惩戒", early_removal_terms="改正后6个月", remedies="行政复议",
        served_on=decided + timedelta(days=1), service_method=ServiceMethod.POSTAL,
        created_by_id=clerk.id,
        persons=[ListedPerson(name=f"张{n}", position=PersonPosition.LEGAL_REPRESENTATIVE,
                              id_number=person_id(14_000 + n)),
                 ListedPerson(name=f"李{n}", position=PersonPosition.RESPONSIBLE_MANAGER)])
    if status is ProceedingStatus.REMOVED:
        listing.removed_on, listing.removal_reason = decided + timedelta(days=20), RemovalReason.REVOKED
        listing.removal_note = "指令书被撤销"
        proceeding.revoked_on = listing.removed_on
    proceeding.listings.append(listing)
    db.session.add(proceeding)


def _unserved_notice(cases: list[Case], clerk: User) -> None:
    """A candidate proceeding whose notice is made but not yet served (no window runs)."""
    employer = cases[0].employer
    opened = _last_pay_by(cases) + timedelta(days=1)
    db.session.add(BlacklistProceeding(
        office_id=employer.office_id, contractor=employer, rule_set=RuleSet.S45,
        status=ProceedingStatus.CANDIDATE, opened_on=opened, created_by_id=clerk.id,
        cases=[ProceedingCase(case=c, case_number=c.number, payment_order=c.payment_orders[-1])
               for c in cases],
        notice=ListingNotice(document_number="经开劳监列告〔2026〕009号", grounds="逾期未支付",
                             basis="人社部令第45号第五条", created_by_id=clerk.id)))


def make_steps(cases: list[Case], clerk: User) -> dict[str, int]:
    """Orders, recoveries, referrals and proceedings on the investigating cases of a registry made
    by ``make_registry`` (received early enough that every date stays in the past); returns what
    was made, by kind."""
    office_id = cases[0].office_id
    general_contractor = Contractor(
        office_id=office_id, kind=ContractorKind.COMPANY, name="徐州总包建设集团有限公司",
        normalised_name=normalise_name("徐州总包建设集团有限公司"), uscc=valid_uscc())
    db.session.add(general_contractor)
    ordered = [c for c in cases if c.status is CaseStatus.INVESTIGATING
               and c.received_on.month <= 8][:40]
    made = {"orders": 0, "recoveries": 0, "referrals": 0, "proceedings": 0}
    for n, case in enumerate(ordered):
        case.status = CaseStatus.PAYMENT_ORDERED
        _order(case, n, clerk)
        made["orders"] += 1
        if n % 2 == 0:
            _recovery(case, n, clerk, general_contractor)
            made["recoveries"] += 1
    served = [c for c in ordered if c.payment_orders[0].served_on]
    for n, case in enumerate(served[:10]):
        _referral(case, n, clerk)
        made["referrals"] += 1
    by_employer: dict[int, list[Case]] = {}
    for case in served[10:]:
        by_employer.setdefault(case.employer_id or id(case.employer), []).append(case)
    groups = list(by_employer.values())
    for n, grounds in enumerate(groups[:4]):
        _proceeding(grounds, n, clerk)
        made["proceedings"] += 1
    made["unserved_notices"] = 0
    for grounds in groups[4:5]:
        _unserved_notice(grounds, clerk)
        made["proceedings"] += 1
        made["unserved_notices"] += 1
    resolved = next(c for c in cases if c.status is CaseStatus.RESOLVED)
    _recovery(resolved, 1, clerk, general_contractor)
    made["recoveries"] += 1
    db.session.commit()
    return made
