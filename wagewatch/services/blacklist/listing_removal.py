"""Ending a listing (S-45): early removal and its decision, fraud restart, revocation of the order."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm.exc import StaleDataError

from wagewatch.extensions import db
from wagewatch.models import (
    BlacklistProceeding, Case, CaseStatus, EarlyRemovalApplication, ListedPerson, Listing,
    PoliceDecision, PoliceReferral, ProceedingCase, ProceedingStatus, ReferralStatus,
    RemovalReason, ReviewResult, RuleSet, User,
)
from wagewatch.rules.listing import (
    Bar, Period, early_removal, early_removal_decision_due, early_removal_eligible_on,
    restart_after_fraud,
)
from wagewatch.rules.reasons import Decision
from wagewatch.rules.sources import citation
from wagewatch.rules.working_days import Deadline
from wagewatch.services import ServiceError, StaleRecord, commit_edit
from wagewatch.services.blacklist.procedure import audit_persons, audit_step, issue_instrument, not_future
from wagewatch.services.reference.calendar import current_calendar

#: Case statuses that count as an established arrears violation (not a mere complaint).
VIOLATION_STATUSES = (CaseStatus.INVESTIGATING, CaseStatus.PAYMENT_ORDERED, CaseStatus.RESOLVED,
                      CaseStatus.REFERRED)


def remove_listing(listing: Listing, removed_on: date, reason: RemovalReason,
                   note: str | None, actor: User | None) -> None:
    """End a listing period with all its persons; publication stops the same day, and the
    移出决定（通知） is issued, numbered and filed with the proceeding's first case (S-45
    arts. 16-17). The row stays, so the history still answers "was it listed on that day?".
    Listings entered from earlier records have no case to file a document with."""
    listing.removed_on, listing.removal_reason, listing.removal_note = removed_on, reason, note
    listing.publication_stopped_on = removed_on
    for person in listing.persons:
        person.removed_on = person.removed_on or removed_on
    proceeding = listing.proceeding
    proceeding.status = ProceedingStatus.REMOVED
    proceeding.closed_on = removed_on
    if proceeding.cases:
        issue_instrument(proceeding, "removal_decision", listing, actor, removed_on, "")


def _listed(proceeding: BlacklistProceeding) -> Listing:
    listing = proceeding.current_listing
    if proceeding.status is not ProceedingStatus.LISTED or listing is None:
        raise ServiceError(f"该程序当前状态为“{proceeding.status.label}”，没有名单期内的列入记录。")
    return listing


def new_arrears_cases(listing: Listing, until: date) -> list[str]:
    """Case numbers of new arrears violations by the employer during the listing (S-45 art. 13)."""
    return [case.number for case in _new_cases(listing, until)]


def _new_cases(listing: Listing, until: date) -> list[Case]:
    triggering = {link.case_id for link in listing.proceeding.cases}
    return list(db.session.scalars(db.select(Case).where(
        Case.employer_id == listing.contractor_id, Case.received_on >= listing.starts_on,
        Case.received_on <= until, Case.status.in_(VIOLATION_STATUSES),
        Case.id.not_in(triggering or {0})).order_by(Case.received_on, Case.id)))


#: A referral in these statuses is no longer open (not approved, or ended by the office).
ENDED_REFERRALS = (ReferralStatus.NOT_APPROVED, ReferralStatus.CLOSED)


def _police_filed(referral: PoliceReferral) -> bool:
    return (referral.police_decision is PoliceDecision.FILED
            or ReviewResult.FILED in (referral.reconsideration_result, referral.supervision_result))


def early_removal_bars(listing: Listing, until: date) -> list[Bar]:
    """The bars to early removal the registry itself shows (S-45 art. 13), each naming its case
    or referral: a new arrears case registered during the listing, an open police referral or a
    case the police filed (立案) for the wage crime, a criminal judgement."""
    bars = [Bar("new_arrears", f"列入期间再次发生拖欠工资违法行为：{case.number}（{case.received_on}登记）")
            for case in _new_cases(listing, until)]
    for referral in db.session.scalars(db.select(PoliceReferral).where(
            PoliceReferral.contractor_id == listing.contractor_id).order_by(PoliceReferral.id)):
        number = referral.case.number + (f"，移送函{referral.letter_number}"
                                         if referral.letter_number else "")
        if referral.judgement_on is not None:
            bars.append(Bar("judgement", f"人民法院已作出拒不支付劳动报酬罪刑事判决：{number}"
                                         f"（{referral.judgement_on}，{referral.judgement_court}）"))
        elif _police_filed(referral):
            bars.append(Bar("police_filed", f"公安机关已对拒不支付劳动报酬罪立案：{number}"
                            + (f"（立案号{referral.police_case_number}）"
                               if referral.police_case_number else "")))
        elif referral.status not in ENDED_REFERRALS:
            bars.append(Bar("referral", f"涉嫌拒不支付劳动报酬罪正在移送公安机关：{number}"
                                        f"（{referral.status.label}）"))
    return bars


def apply_for_early_removal(proceeding: BlacklistProceeding, applied_on: date,
                            corrected_on: date | None, written_commitment: bool, note: str | None,
                            actor: User, expected_version: int) -> Deadline:
    """Record an early-removal application; it is decided within 15 working days (S-45)."""
    listing = _listed(proceeding)
    if listing.rule_set is not RuleSet.S45:
        raise ServiceError(f"旧办法{citation('S-17')}的列入不适用提前移出。", field="applied_on")
    if listing.pending_application is not None:
        raise ServiceError("已有尚未决定的提前移出申请。", field="applied_on")
    not_future(applied_on, "applied_on")
    if applied_on < listing.starts_on:
        raise ServiceError("申请日期不能早于列入日期。", field="applied_on")
    if corrected_on is not None and corrected_on > applied_on:
        raise ServiceError("纠正日期不能晚于申请日期。", field="corrected_on")
    listing.applications.append(EarlyRemovalApplication(
        applied_on=applied_on, corrected_on=corrected_on, written_commitment=written_commitment,
        note=note, created_by_id=actor.id))
    due = early_removal_decision_due(applied_on, current_calendar())
    audit_step("early_removal_applied", proceeding, actor, {}, {
        "applied_on": applied_on, "corrected_on": corrected_on,
        "written_commitment": written_commitment, "decision_due_on": due.due_on})
    commit_edit(proceeding, expected_version)
    return due


def eligible_on(application: EarlyRemovalApplication) -> date | None:
    """The first day the employer could apply: after 6 months on the list since the correction,
    counted from the later of the listing decision and the correction (S-45 art. 12)."""
    if application.corrected_on is None:
        return None
    return early_removal_eligible_on(application.corrected_on, application.listing.decided_on)


def decide_early_removal(proceeding: BlacklistProceeding, application: EarlyRemovalApplication,
                         decided_on: date, approve: bool, other_bar: str | None, note: str | None,
                         actor: User, expected_version: int) -> Decision:
    """Approve or refuse early removal (S-45 arts. 12-13): approval needs correction, 6 months on
    the list since it and a written commitment, and no bar. The bars the registry shows are
    computed here and cannot be cleared; the clerk may add ``other_bar``, a bar by law with its
    reason. Approval removes the employer and all its listed persons."""
    listing = _listed(proceeding)
    if application.listing_id != listing.id or application.decided_on is not None:
        raise ServiceError("该申请已经作出决定。", field="decided_on")
    not_future(decided_on, "decided_on")
    if decided_on < application.applied_on:
        raise ServiceError("决定日期不能早于申请日期。", field="decided_on")
    bars = early_removal_bars(listing, decided_on)
    other = (other_bar or "").strip()
    if other:
        bars.append(Bar("other", f"其他依法不予提前移出的情形：{other}", computed=False))
    decision = early_removal(application.applied_on, application.corrected_on,
                             application.written_commitment, listing.decided_on, tuple(bars))
    if approve and not decision.flagged:
        raise ServiceError("不符合提前移出的条件：" + "；".join(
            r.text for r in decision.reasons if not r.met) + "。", field="outcome")
    if not approve and not (note or "").strip():
        raise ServiceError("不予提前移出的，请写明理由。", field="note")
    application.decided_on, application.approved = decided_on, approve
    application.new_arrears = any(b.kind == "new_arrears" for b in bars)
    application.criminal_proceedings = any(
        b.kind in {"referral", "police_filed", "judgement"} for b in bars)
    application.decision_reasons, application.decision_note = decision.as_dict(), note
    if proceeding.cases:  # listings entered from earlier records have no case to file it with
        issue_instrument(proceeding, "early_removal_decision" if approve
                         else "early_removal_refusal", application, actor, decided_on, "")
    if approve:
        remove_listing(listing, decided_on, RemovalReason.EARLY_REMOVAL, note, actor)
    audit_step("early_removal_decided", proceeding, actor, {"status": "listed"}, {
        "status": str(proceeding.status), "approved": approve, "decided_on": decided_on,
        "bars": "；".join(b.text for b in bars) or None})
    commit_edit(proceeding, expected_version)
    return decision


def revoke_early_removal_for_fraud(proceeding: BlacklistProceeding,
                                   application: EarlyRemovalApplication, revoked_on: date,
                                   document_number: str, note: str, actor: User,
                                   expected_version: int) -> Listing:
    """An early removal obtained by fraud is revoked and the listing restarts with new start and
    end dates: a full 3-year period from the revocation (S-45)."""
    listing = proceeding.current_listing
    if (listing is None or application.listing_id != listing.id or not application.approved
            or application.decided_on is None or application.fraud_revoked_on is not None
            or listing.removal_reason is not RemovalReason.EARLY_REMOVAL):
        raise ServiceError("只有已批准且尚未撤销的提前移出才能因欺诈撤销。", field="revoked_on")
    not_future(revoked_on, "revoked_on")
    if revoked_on < application.decided_on:
        raise ServiceError("撤销日期不能早于提前移出决定日期。", field="revoked_on")
    period = restart_after_fraud(revoked_on, Period(listing.starts_on, listing.ends_on))
    persons = [ListedPerson(name=p.name, position=p.position, id_number=p.id_number)
               for p in listing.persons]
    restarted = Listing(
        office_id=listing.office_id, contractor_id=listing.contractor_id, rule_set=RuleSet.S45,
        document_number=document_number, authority=listing.authority, decided_on=revoked_on,
        starts_on=period.starts_on, ends_on=period.ends_on,
        main_facts=listing.main_facts, grounds=f"{listing.grounds}\n以欺诈手段取得提前移出：{note}",
        basis=listing.basis, punishment_measures=listing.punishment_measures,
        early_removal_terms=listing.early_removal_terms, remedies=listing.remedies,
        previous_listing_id=listing.id, persons=persons, created_by_id=actor.id)
    proceeding.listings.append(restarted)
    application.fraud_revoked_on, application.fraud_note = revoked_on, note
    proceeding.status, proceeding.closed_on = ProceedingStatus.LISTED, None
    audit_step("fraud_restart", proceeding, actor, {"status": "removed"}, {
        "status": str(proceeding.status), "decision_number": document_number,
        "starts_on": period.starts_on, "ends_on": period.ends_on, **audit_persons(persons)})
    commit_edit(proceeding, expected_version)
    return restarted


def revoke_for_payment_order(payment_order_id: int, revoked_on: date, reason: str,
                             actor: User | None) -> list[BlacklistProceeding]:
    """The payment order was revoked: a proceeding or listing resting only on revoked orders is
    revoked too (S-45). Runs inside the caller's transaction (no commit), for the case side."""
    links = db.session.scalars(db.select(ProceedingCase).where(
        ProceedingCase.payment_order_id == payment_order_id,
        ProceedingCase.order_revoked_on.is_(None))).all()
    return _revoke_links(list(links), revoked_on, reason, actor)


def _revoke_links(links: list[ProceedingCase], revoked_on: date, reason: str,
                  actor: User | None) -> list[BlacklistProceeding]:
    revoked = []
    for link in links:
        link.order_revoked_on = revoked_on
        proceeding = link.proceeding
        if any(other.order_revoked_on is None for other in proceeding.cases):
            audit_step("order_revoked", proceeding, actor, {}, {"revoked_case": link.case_number},
                       detail="其他责令支付文书仍然有效，列入程序继续")
            continue
        before = {"status": str(proceeding.status)}
        listing = proceeding.current_listing
        if proceeding.status is ProceedingStatus.LISTED and listing is not None:
            remove_listing(listing, revoked_on, RemovalReason.REVOKED, reason, actor)
        elif proceeding.status.before_decision:
            proceeding.status, proceeding.closed_on = ProceedingStatus.REVOKED, revoked_on
        proceeding.revoked_on, proceeding.revocation_reason = revoked_on, reason
        proceeding.version += 1
        audit_step("revoke", proceeding, actor, before,
                   {"status": str(proceeding.status), "revoked_on": revoked_on})
        revoked.append(proceeding)
    return revoked


def record_order_revoked(proceeding: BlacklistProceeding, link: ProceedingCase, revoked_on: date,
                         reason: str, actor: User, expected_version: int) -> bool:
    """A clerk records that a triggering payment order was revoked; True when that revoked the
    proceeding or the listing as well (S-45)."""
    if proceeding.version != expected_version:
        raise StaleRecord()
    if link.proceeding_id != proceeding.id or link.order_revoked_on is not None:
        raise ServiceError("该文书已记录为被撤销。", field="link_id")
    if proceeding.status in {ProceedingStatus.NOT_LISTED, ProceedingStatus.REVOKED,
                             ProceedingStatus.REMOVED}:
        raise ServiceError("该程序已经结束。", field="link_id")
    not_future(revoked_on, "revoked_on")
    done = bool(_revoke_links([link], revoked_on, reason, actor))
    proceeding.version = expected_version + 1
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise StaleRecord() from error
    return done
