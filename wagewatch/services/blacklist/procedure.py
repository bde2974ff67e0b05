"""The S-45 listing procedure: start from a flag, notice, objections, decision, revocation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


from wagewatch.extensions import db
from wagewatch.files.uploads import SpooledUpload
from wagewatch.instruments.context_blacklist import LISTED_POSITIONS
from wagewatch.models import (
    Attachment, BlacklistProceeding, Case, Contractor, ContractorKind, IssuedDocument, ListedPerson, Listing,
    ListingNotice, Objection, PersonPosition, ProceedingCase, ProceedingStatus, RuleSet, ServiceMethod, User,
)
from wagewatch.rules.arrears import employer_correction
from wagewatch.rules.listing import may_decide, objection_answer_due, objection_window, s45_period_end
from wagewatch.rules.service import MESSAGE_POSTED_NEEDS_FILES
from wagewatch.rules.working_days import Deadline
from wagewatch.services import ServiceError, audit, commit_edit
from wagewatch.services.blacklist.listing_queries import earliest_pay_by, open_proceeding
from wagewatch.services.documents import attachments
from wagewatch.services.documents import issuing
from wagewatch.services.flags.evaluation import current_flags
from wagewatch.services.flags.evaluation_facts import load_case_facts
from wagewatch.services.locks import lock_contractor
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.services.submissions import once_per_token

RULE = "blacklist_s45"

#: An uploaded file with the name the browser gave it.
Upload = tuple[SpooledUpload, str | None]


def not_future(day: date, field: str) -> None:
    if day > today():
        raise ServiceError("日期不能晚于今天。", field=field)


def check_service(method: ServiceMethod | None, evidence_files: int) -> None:
    """Posting at the residence or premises counts as service only with at least one photo,
    video or 送达回证 scan kept as a file; a typed note is not proof (S-JI art. 4)."""
    if method is ServiceMethod.POSTED and evidence_files < 1:
        raise ServiceError(MESSAGE_POSTED_NEEDS_FILES, field="service_attachments")


def keep_service_files(proceeding: BlacklistProceeding, uploads: list[Upload],
                       checked: list[tuple], link: str, title: str, typed: str | None,
                       actor: User) -> tuple[str | None, list[Attachment]]:
    """Keep the checked proofs of a blacklist step's service, linked to ``link`` ("notice:3",
    "decision:5"); returns the evidence note (typed text and files) and the files kept."""
    files = attachments.keep_proceeding_uploads(proceeding, uploads, checked, link,
                                                f"{title}的送达证据", actor)
    return attachments.evidence_note(typed, files), files


def audit_step(action: str, proceeding: BlacklistProceeding, actor: User | None, before: dict,
           after: dict, detail: str | None = None) -> None:
    audit.record(f"blacklist.{action}", object_type="blacklist_proceeding", object_id=proceeding.id,
                 actor=actor, changes=audit.changes_between(before, after), detail=detail)


@once_per_token(BlacklistProceeding, office_from="contractor")
def start_proceeding(contractor: Contractor, actor: User, opened_on: date,
                     submission_token: str | None = None) -> BlacklistProceeding:
    """Open an S-45 proceeding for an employer with a current flagged "blacklist_s45" decision;
    the triggering cases and their latest payment orders come from the flags (S-45 art. 5)."""
    lock_contractor(contractor)
    flags = [f for f in current_flags(contractor_id=contractor.id) if f.rule == RULE and f.case_id]
    if not flags:
        raise ServiceError("该单位目前没有黑名单候选标记，不能启动列入程序。")
    if open_proceeding(contractor.id) is not None:
        raise ServiceError("该单位已有进行中的列入程序，或正在黑名单期内。")
    proceeding = BlacklistProceeding(
        office_id=contractor.office_id, contractor_id=contractor.id, rule_set=RuleSet.S45,
        status=ProceedingStatus.CANDIDATE, opened_on=opened_on, created_by_id=actor.id,
        submission_token=submission_token)
    for case in db.session.scalars(db.select(Case).where(
            Case.id.in_({f.case_id for f in flags})).order_by(Case.id)):
        # The flag rests on a served order whose pay-by date passed; an unserved one cannot lapse.
        orders = sorted((o for o in case.payment_orders if o.served_on is not None),
                        key=lambda o: (o.issued_on, o.document_number))
        proceeding.cases.append(ProceedingCase(
            case_id=case.id, case_number=case.number,
            payment_order_id=orders[-1].id if orders else None))
    db.session.add(proceeding)
    db.session.flush()
    audit_step("start", proceeding, actor, {}, {
        "status": str(proceeding.status), "contractor_id": contractor.id,
        "case_numbers": "、".join(link.case_number for link in proceeding.cases)})
    db.session.commit()
    return proceeding


def issue_instrument(proceeding: BlacklistProceeding, code: str, subject: object, actor: User | None,
                     issued_on: date, number: str) -> IssuedDocument:
    """Generate and store a proceeding's instrument in the step's transaction, filed with its
    first case; the clerk's 文号 is kept, a blank one takes the office's next number."""
    if not proceeding.cases:
        raise ServiceError("该程序没有关联案件，无法制作文书。")
    db.session.flush()
    return issuing.issue(proceeding.cases[0].case, code, actor, issued_on=issued_on,
                           subject=subject, number=number.strip() or None)


def _before_decision(proceeding: BlacklistProceeding, step: str) -> None:
    if proceeding.rule_set is not RuleSet.S45 or not proceeding.status.before_decision:
        raise ServiceError(f"该程序当前状态为“{proceeding.status.label}”，不能{step}。")


def approve_complex_case(proceeding: BlacklistProceeding, approver: str, approved_on: date,
                         reason: str, actor: User, expected_version: int) -> None:
    """Record the approval that extends the decision deadline by 20 working days (S-45)."""
    _before_decision(proceeding, "延长作出决定的期限")
    if proceeding.complex_case:
        raise ServiceError("作出决定的期限已经延长过一次。", field="approver")
    not_future(approved_on, "approved_on")
    before = {"complex_case": False}
    proceeding.complex_case, proceeding.complex_approver = True, approver
    proceeding.complex_approved_on, proceeding.complex_reason = approved_on, reason
    audit_step("complex", proceeding, actor, before,
           {"complex_case": True, "complex_approver": approver, "complex_approved_on": approved_on})
    commit_edit(proceeding, expected_version)


@dataclass(frozen=True)
class NoticeInput:
    """The notice before listing (告知书): document number, grounds, basis and its service."""

    document_number: str
    grounds: str
    basis: str
    served_on: date
    service_method: ServiceMethod
    service_evidence: str | None = None


def _pay_by_passed(proceeding: BlacklistProceeding, day: date, field: str) -> None:
    pay_by = earliest_pay_by(proceeding)
    if pay_by is not None and day <= pay_by:
        raise ServiceError(f"责令支付期限（{pay_by}）届满后才能告知列入。", field=field)


def _make_notice(proceeding: BlacklistProceeding, number: str, grounds: str, basis: str,
                 issued_on: date, actor: User, served_on: date | None = None,
                 method: ServiceMethod | None = None) -> tuple[ListingNotice, IssuedDocument]:
    """The notice and its generated 告知书, in the caller's transaction; without ``served_on``
    it is not yet served and no window runs (the 告知书 then states the window from service)."""
    if proceeding.status is not ProceedingStatus.CANDIDATE or proceeding.notice is not None:
        raise ServiceError(f"该程序当前状态为“{proceeding.status.label}”，已制作过列入告知书。"
                           if proceeding.notice is not None else
                           f"该程序当前状态为“{proceeding.status.label}”，不能再送达告知书。")
    notice = ListingNotice(document_number=number, grounds=grounds, basis=basis,
                           served_on=served_on, service_method=method, created_by_id=actor.id)
    proceeding.notice = notice
    document = issue_instrument(proceeding, "blacklist_notice", proceeding, actor, issued_on, number)
    notice.document_number = document.number or ""
    return notice, document


def issue_notice(proceeding: BlacklistProceeding, number: str, grounds: str, basis: str,
                 issued_on: date, actor: User, expected_version: int) -> IssuedDocument:
    """Make the 告知书 now and serve it later: until its service is recorded (with a 送达回证,
    service_records.record_service) no objection window runs and no decision may follow
    (S-45 art. 6: the 5 working days run from service)."""
    not_future(issued_on, "issued_on")
    _pay_by_passed(proceeding, issued_on, "issued_on")
    notice, document = _make_notice(proceeding, number, grounds, basis, issued_on, actor)
    audit_step("notice_issue", proceeding, actor, {"notice_number": None}, {
        "status": str(proceeding.status), "notice_number": notice.document_number,
        "issued_on": issued_on, "served_on": None})
    commit_edit(proceeding, expected_version)
    return document


def notice_served(proceeding: BlacklistProceeding, served_on: date, method: ServiceMethod,
                  evidence: str | None, actor: User | None) -> Deadline:
    """Record that the issued notice was served on ``served_on`` and start the objection window
    from that day (S-45 art. 6), in the caller's transaction; refused before the pay-by date
    has passed and for a notice already served."""
    notice = proceeding.notice
    if notice is None or notice.served_on is not None:
        raise ServiceError("列入告知书已登记送达。", field="served_on")
    _pay_by_passed(proceeding, served_on, "served_on")
    notice.served_on, notice.service_method, notice.service_evidence = served_on, method, evidence
    previous, proceeding.status = proceeding.status, ProceedingStatus.NOTICE_SERVED
    proceeding.version += 1  # a form loaded before the service is stale now
    window = objection_window(served_on, current_calendar())
    audit_step("notice_served", proceeding, actor, {"status": str(previous), "served_on": None}, {
        "status": str(proceeding.status), "served_on": served_on,
        "objection_window_ends_on": window.due_on})
    return window


def serve_notice(proceeding: BlacklistProceeding, data: NoticeInput, actor: User,
                 expected_version: int, uploads: list[Upload] | None = None) -> Deadline:
    """Make the notice and record its service in one step; the objection window runs 5 working
    days from service (S-45). ``uploads``: photos, videos or 送达回证 scans proving the service
    (posting needs one)."""
    uploads = uploads or []
    if proceeding.status is not ProceedingStatus.CANDIDATE:
        raise ServiceError(f"该程序当前状态为“{proceeding.status.label}”，不能再送达告知书。")
    if proceeding.notice is not None:
        raise ServiceError("列入告知书已制作，尚未送达：请在执法文书中登记其送达。",
                           field="document_number")
    not_future(data.served_on, "served_on")
    _pay_by_passed(proceeding, data.served_on, "served_on")
    check_service(data.service_method, len(uploads))
    checked = attachments.check_proceeding_uploads(proceeding, uploads, actor)
    notice, document = _make_notice(proceeding, data.document_number, data.grounds, data.basis,
                                    data.served_on, actor, data.served_on, data.service_method)
    proceeding.status = ProceedingStatus.NOTICE_SERVED
    notice.service_evidence, files = keep_service_files(
        proceeding, uploads, checked, f"notice:{notice.id}",
        f"《{document.data['title']}》{document.number or ''}", data.service_evidence, actor)
    window = objection_window(data.served_on, current_calendar())
    audit_step("notice", proceeding, actor, {"status": "candidate"}, {
        "status": str(proceeding.status), "notice_number": notice.document_number,
        "served_on": data.served_on, "objection_window_ends_on": window.due_on,
        "evidence_files": [a.sha256 for a in files] or None})
    commit_edit(proceeding, expected_version)
    for attachment in files:
        attachments.ensure_thumbnail(attachment)
    return window


def record_objection(proceeding: BlacklistProceeding, received_on: date, content: str,
                     actor: User, expected_version: int) -> Deadline:
    """Record an objection received within the 5-working-day window; it is answered within
    5 working days (S-45)."""
    _before_decision(proceeding, "登记异议")
    if proceeding.notice is None or proceeding.notice.served_on is None:
        raise ServiceError("列入告知书尚未送达，陈述申辩期自送达之日起算。", field="received_on")
    not_future(received_on, "received_on")
    calendar = current_calendar()
    if received_on < proceeding.notice.served_on:
        raise ServiceError("收到异议的日期不能早于告知书送达日期。", field="received_on")
    window = objection_window(proceeding.notice.served_on, calendar)
    if received_on > window.due_on:
        raise ServiceError(f"陈述申辩期已于{window.due_on}届满，逾期提出的异议不予登记。",
                           field="received_on")
    objection = Objection(received_on=received_on, content=content, created_by_id=actor.id)
    proceeding.objections.append(objection)
    previous, proceeding.status = proceeding.status, ProceedingStatus.OBJECTION
    due = objection_answer_due(received_on, calendar)
    audit_step("objection", proceeding, actor, {"status": str(previous)}, {
        "status": str(proceeding.status), "objection_received_on": received_on,
        "answer_due_on": due.due_on})
    commit_edit(proceeding, expected_version)
    return due


def answer_objection(proceeding: BlacklistProceeding, objection: Objection, answered_on: date,
                     answer: str, actor: User, expected_version: int) -> None:
    """Record the office's answer to an objection (due within 5 working days, S-45)."""
    if objection.proceeding_id != proceeding.id or objection.answered_on is not None:
        raise ServiceError("该异议已答复。", field="answered_on")
    not_future(answered_on, "answered_on")
    if answered_on < objection.received_on:
        raise ServiceError("答复日期不能早于收到异议的日期。", field="answered_on")
    objection.answered_on, objection.answer, objection.answered_by_id = answered_on, answer, actor.id
    audit_step("answer", proceeding, actor, {"objection_answered_on": None},
           {"objection_id": objection.id, "objection_answered_on": answered_on})
    commit_edit(proceeding, expected_version)


@dataclass(frozen=True)
class DecisionInput:
    """The listing decision (列入决定书) and the contents S-45 requires it to state."""

    document_number: str
    decided_on: date
    authority: str
    main_facts: str
    grounds: str
    basis: str
    punishment_measures: str
    early_removal_terms: str
    remedies: str


def persons_to_list(contractor: Contractor) -> list[ListedPerson]:
    """The legal representative or principal and the responsible persons, listed with the
    employer (S-45 art. 6); a company without a legal representative or principal is refused."""
    persons = [ListedPerson(name=p.name, position=p.position, id_number=p.id_number)
               for p in contractor.persons if p.position in LISTED_POSITIONS]
    heads = {PersonPosition.LEGAL_REPRESENTATIVE, PersonPosition.PRINCIPAL}
    if contractor.kind is ContractorKind.COMPANY and not any(p.position in heads for p in persons):
        raise ServiceError("请先在单位信息中登记法定代表人或主要负责人（含身份证号码），"
                           "他们将与单位一并列入。", field="decided_on")
    return persons


def audit_persons(persons: list[ListedPerson]) -> dict[str, str | None]:
    """Listed persons as audit fields whose names end in id_number, so they are masked."""
    result: dict[str, str | None] = {}
    for index, person in enumerate(persons, start=1):
        result[f"person_{index}_name"] = f"{person.name}（{person.position.label}）"
        result[f"person_{index}_id_number"] = person.id_number
    return result


def decide_listing(proceeding: BlacklistProceeding, data: DecisionInput, actor: User,
                   expected_version: int) -> Listing:
    """List the employer and its persons for 3 years from the decision (S-45); refused before the
    objection window has closed and every objection is answered. Its service is recorded like
    every instrument's, with a 送达回证 (service_records.record_service)."""
    _before_decision(proceeding, "作出列入决定")
    not_future(data.decided_on, "decided_on")
    served_on = proceeding.notice.served_on if proceeding.notice else None
    check = may_decide(data.decided_on, served_on, len(proceeding.unanswered_objections),
                       current_calendar())
    if not check.flagged:
        raise ServiceError("暂不能作出列入决定：" + "；".join(
            r.text for r in check.reasons if not r.met) + "。", field="decided_on")
    persons = persons_to_list(proceeding.contractor)
    listing = Listing(
        office_id=proceeding.office_id, contractor_id=proceeding.contractor_id,
        rule_set=RuleSet.S45, document_number=data.document_number, authority=data.authority,
        decided_on=data.decided_on, starts_on=data.decided_on,
        ends_on=s45_period_end(data.decided_on), main_facts=data.main_facts, grounds=data.grounds,
        basis=data.basis, punishment_measures=data.punishment_measures,
        early_removal_terms=data.early_removal_terms, remedies=data.remedies,
        persons=persons, created_by_id=actor.id)
    proceeding.listings.append(listing)
    previous, proceeding.status = proceeding.status, ProceedingStatus.LISTED
    db.session.flush()
    document = issue_instrument(proceeding, "listing_decision", listing, actor, data.decided_on,
                                data.document_number)
    listing.document_number = document.number or ""
    audit_step("decide_listing", proceeding, actor, {"status": str(previous)}, {
        "status": str(proceeding.status), "decision_number": listing.document_number,
        "starts_on": listing.starts_on, "ends_on": listing.ends_on, **audit_persons(persons)})
    commit_edit(proceeding, expected_version)
    return listing


def employer_paid(proceeding: BlacklistProceeding, by: date) -> tuple[Decimal, date | None]:
    """What the employer itself still owed on the proceeding's cases at the end of ``by``, and
    the day its own payments completed them (S-45 art. 7)."""
    ids = [link.case_id for link in proceeding.cases]
    claims = [fact for loaded in load_case_facts(ids) for fact in loaded.facts.workers]
    return employer_correction(claims, by)


def decide_not_listing(proceeding: BlacklistProceeding, corrected_on: date | None,
                       commitment_on: date | None, decided_on: date, reason: str, actor: User,
                       expected_version: int) -> None:
    """Decide not to list: only when, before the decision, the employer itself paid in full
    (computed from the recoveries and who paid them) and gave a written credit commitment
    (S-45 art. 7)."""
    _before_decision(proceeding, "决定不予列入")
    if corrected_on is None:
        raise ServiceError("不予列入须记录用人单位纠正违法行为的日期。", field="corrected_on")
    if commitment_on is None:
        raise ServiceError("不予列入须记录书面信用承诺的日期。", field="commitment_on")
    not_future(decided_on, "decided_on")
    for day, field in ((corrected_on, "corrected_on"), (commitment_on, "commitment_on")):
        if day > decided_on:
            raise ServiceError("纠正违法行为和作出书面信用承诺都须在决定之前。", field=field)
    remaining, paid_on = employer_paid(proceeding, decided_on)
    if remaining > 0:
        raise ServiceError(
            f"用人单位本身尚欠{remaining:,.2f}元，不能决定不予列入：须由用人单位在决定前全额支付"
            "（总包先行清偿、建设单位或应急周转金垫付不属于用人单位纠正）。", field="corrected_on")
    if paid_on is not None and corrected_on < paid_on:
        raise ServiceError(f"用人单位于{paid_on}才全额支付，纠正日期不能早于该日。",
                           field="corrected_on")
    previous = proceeding.status
    proceeding.status, proceeding.closed_on = ProceedingStatus.NOT_LISTED, decided_on
    proceeding.corrected_on, proceeding.commitment_on = corrected_on, commitment_on
    proceeding.not_listed_on, proceeding.not_listed_reason = decided_on, reason
    audit_step("decide_not_listing", proceeding, actor, {"status": str(previous)}, {
        "status": str(proceeding.status), "corrected_on": corrected_on,
        "commitment_on": commitment_on, "not_listed_on": decided_on})
    commit_edit(proceeding, expected_version)
