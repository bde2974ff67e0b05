"""Expiry of listing periods (S-45: 3 years; S-17: 1 year, extended once by 2) and S-17 entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wagewatch.extensions import db
from wagewatch.instruments.kinds import label
from wagewatch.models import (
    BlacklistProceeding, Contractor, Listing, ProceedingStatus, RemovalReason, RuleSet,
    ServiceMethod, User,
)
from wagewatch.rules.listing import (
    S45_IN_FORCE, removal_due, rule_set_for, s17_at_expiry, s17_listing_due, s17_period_end,
)
from wagewatch.rules.sources import citation
from wagewatch.rules.working_days import WorkingDayCalendar
from wagewatch.services import ServiceError, audit, commit_edit
from wagewatch.services.blacklist.listing_removal import remove_listing
from wagewatch.services.blacklist.procedure import (
    Upload, audit_persons, audit_step, check_service, keep_service_files, not_future,
    persons_to_list,
)
from wagewatch.services.documents import attachments
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.services.submissions import once_per_token

S17_FROM = date(2018, 1, 1)


@dataclass
class ExpiryReport:
    """What an expiry run did, one line per listing in Chinese."""

    removed: int = 0
    extended: int = 0
    lines: list[str] = field(default_factory=list)


def _settle(listing: Listing, as_of: date, calendar: WorkingDayCalendar, report: ExpiryReport,
            actor: User | None, entered_later: bool = False, removed_on: date | None = None) -> None:
    """Carry out what the rules say for one listing whose period ended before ``as_of``.

    A live run removes on ``as_of`` (the day it carries the removal out). A listing entered
    after the fact keeps its real history: removed on ``removed_on`` when the paper file gives
    it, otherwise on the day after its period ended, when it ceased by law."""
    name, number = listing.contractor.name, listing.document_number
    while listing.removed_on is None and listing.ends_on < as_of:
        ended = listing.ends_on
        if listing.rule_set is RuleSet.S17:
            proceeding = listing.proceeding
            corrected = proceeding.corrected_on is not None and proceeding.corrected_on <= ended
            decision = s17_at_expiry(ended, corrected, calendar,
                                     already_extended=listing.extended_on is not None)
            if decision.flagged:
                listing.original_ends_on = ended
                listing.ends_on = date.fromisoformat(decision.reasons[0].facts["extended_to"])
                listing.extended_on = ended + timedelta(days=1)  # automatic, the day after expiry
                report.extended += 1
                report.lines.append(f"延长：{name}（{number}）期满未纠正，自动延长2年至{listing.ends_on}"
                                    f"〔S-17〕")
                _audit(listing, actor, "extend", {"ends_on": ended}, {"ends_on": listing.ends_on})
                continue
            due_on = date.fromisoformat(decision.reasons[0].facts["remove_by"])
            text = decision.reasons[0].text
        else:
            due_on = removal_due(ended, calendar).due_on
            text = f"列入期限于{ended}届满，应于{due_on}前移出"
        on = (removed_on or ended + timedelta(days=1)) if entered_later else as_of
        late = on > due_on
        remove_listing(listing, on, RemovalReason.EXPIRED, text, actor)
        report.removed += 1
        report.lines.append(f"移出：{name}（{number}）{text}" + ("，已超过移出期限" if late else "")
                            + f"〔{listing.rule_set.value}〕")
        _audit(listing, actor, "expire", {"status": "listed"},
               {"status": "removed", "removed_on": on})


def _audit(listing: Listing, actor: User | None, action: str, before: dict, after: dict) -> None:
    audit.record(f"blacklist.{action}", object_type="listing", object_id=listing.id, actor=actor,
                 changes=audit.changes_between(before, after))


def expire_listings(as_of: date, actor: User | None = None) -> ExpiryReport:
    """Carry out every expiry due before ``as_of`` in one transaction: S-45 periods end after
    3 years and are removed (within 10 working days); S-17 years end with removal when corrected
    (within 20 working days) or an automatic 2-year extension."""
    calendar = current_calendar()
    report = ExpiryReport()
    listings = db.session.scalars(select(Listing).where(
        Listing.removed_on.is_(None), Listing.ends_on < as_of)
        .options(selectinload(Listing.contractor), selectinload(Listing.persons),
                 selectinload(Listing.proceeding)).order_by(Listing.ends_on, Listing.id)
        .execution_options(populate_existing=True)).all()
    for listing in listings:
        _settle(listing, as_of, calendar, report, actor)
        listing.proceeding.version += 1
    db.session.commit()
    return report


@dataclass(frozen=True)
class LegacyInput:
    """An S-17 listing decided 2018-2021, as the clerk copies it from the paper file."""

    document_number: str
    handled_on: date
    decided_on: date
    authority: str
    main_facts: str
    grounds: str
    basis: str
    punishment_measures: str
    remedies: str
    corrected_on: date | None = None
    served_on: date | None = None
    service_method: ServiceMethod | None = None
    service_evidence: str | None = None
    removed_on: date | None = None  # when the paper file records the actual removal


@once_per_token(BlacklistProceeding, office_from="contractor",
                answer=lambda proceeding: (proceeding.listings[0], []),
                conflict=("该记录已录入，请勿重复提交。", "document_number"))
def enter_legacy_listing(contractor: Contractor, data: LegacyInput, actor: User,
                         submission_token: str | None = None,
                         uploads: list[Upload] | None = None) -> tuple[Listing, list[str]]:
    """Enter an S-17 listing (1 year from listing; listed within 20 working days of the handling
    decision) and bring it up to date at once with its real dates: an extension from the day
    after the year ended, a removal on the recorded date or, without one, the day after the
    period ended (never the day of typing); returns the listing and warnings in Chinese.
    ``uploads``: the scanned proof of service from the paper file (posting needs one)."""
    uploads = uploads or []
    _check_legacy(contractor, data, len(uploads))
    warnings = []
    due = s17_listing_due(data.handled_on, current_calendar())
    if data.decided_on > due.due_on:
        warnings.append(f"列入日期晚于处理决定后20个工作日（{due.due_on}），请核对原始文书。")
    proceeding = BlacklistProceeding(
        office_id=contractor.office_id, contractor_id=contractor.id, rule_set=RuleSet.S17,
        status=ProceedingStatus.LISTED, opened_on=data.decided_on, handled_on=data.handled_on,
        corrected_on=data.corrected_on, created_by_id=actor.id, submission_token=submission_token)
    persons = persons_to_list(contractor)
    listing = Listing(
        office_id=contractor.office_id, contractor_id=contractor.id, rule_set=RuleSet.S17,
        document_number=data.document_number, authority=data.authority,
        decided_on=data.decided_on, starts_on=data.decided_on,
        ends_on=s17_period_end(data.decided_on), main_facts=data.main_facts,
        grounds=data.grounds, basis=data.basis, punishment_measures=data.punishment_measures,
        early_removal_terms="期满1年已改正的，移出；未改正的，自动延长2年。", remedies=data.remedies,
        served_on=data.served_on, service_method=data.service_method,
        service_evidence=data.service_evidence, persons=persons, created_by_id=actor.id)
    listing.contractor = contractor
    proceeding.listings.append(listing)
    db.session.add(proceeding)
    db.session.flush()
    try:
        checked = attachments.check_proceeding_uploads(proceeding, uploads, actor)
    except ServiceError:
        db.session.rollback()
        raise
    audit_step("legacy_entry", proceeding, actor, {}, {
        "rule_set": "S-17", "decision_number": data.document_number,
        "starts_on": listing.starts_on, "ends_on": listing.ends_on, **audit_persons(persons)})
    report = ExpiryReport()
    _settle(listing, today(), current_calendar(), report, actor, entered_later=True,
            removed_on=data.removed_on)
    if data.removed_on is not None and (listing.removed_on is None
                                        or data.removed_on <= listing.ends_on):
        db.session.rollback()
        end = listing.ends_on if listing.removed_on else "今天"
        raise ServiceError(f"移出日期应在列入期满（{end}）之后；名单期未满的不能登记移出。",
                           field="removed_on")
    warnings.extend(report.lines)
    listing.service_evidence, files = keep_service_files(
        proceeding, uploads, checked, f"decision:{listing.id}",
        f"《{label('listing_decision')}》{data.document_number}", data.service_evidence, actor)
    db.session.commit()
    for attachment in files:
        attachments.ensure_thumbnail(attachment)
    return listing, warnings


def _check_legacy(contractor: Contractor, data: LegacyInput, evidence_files: int) -> None:
    if not S17_FROM <= data.decided_on < S45_IN_FORCE or rule_set_for(data.decided_on) != "S-17":
        raise ServiceError("旧办法的列入决定应在2018年1月1日至2021年12月31日之间作出；"
                           f"2022年起的列入请按{citation('S-45')}的程序办理。", field="decided_on")
    not_future(data.decided_on, "decided_on")
    if data.handled_on > data.decided_on:
        raise ServiceError("处理（处罚）决定日期不能晚于列入日期。", field="handled_on")
    if data.corrected_on is not None:
        not_future(data.corrected_on, "corrected_on")
    if data.removed_on is not None:
        not_future(data.removed_on, "removed_on")
    if data.served_on is not None:
        if data.served_on < data.decided_on:
            raise ServiceError("送达日期不能早于列入日期。", field="served_on")
        if data.service_method is None:
            raise ServiceError("请选择送达方式。", field="service_method")
        check_service(data.service_method, evidence_files)
    end = s17_period_end(data.decided_on)
    overlapping = db.session.scalar(select(Listing.document_number).where(
        Listing.contractor_id == contractor.id, Listing.starts_on <= end,
        Listing.ends_on >= data.decided_on).limit(1))
    if overlapping is not None:
        raise ServiceError(f"与该单位已有的列入记录（{overlapping}）期间重叠，请核对。",
                           field="decided_on")


def record_s17_correction(proceeding: BlacklistProceeding, corrected_on: date, actor: User,
                          expected_version: int) -> None:
    """Record that an S-17 listed employer corrected; at the end of the year it is then removed
    instead of extended (S-17)."""
    listing = proceeding.current_listing
    if proceeding.rule_set is not RuleSet.S17 or proceeding.status is not ProceedingStatus.LISTED \
            or listing is None:
        raise ServiceError("只有名单期内的旧办法列入才需登记纠正。", field="corrected_on")
    not_future(corrected_on, "corrected_on")
    if corrected_on < listing.starts_on:
        raise ServiceError("纠正日期不能早于列入日期。", field="corrected_on")
    before = {"corrected_on": proceeding.corrected_on}
    proceeding.corrected_on = corrected_on
    audit_step("s17_corrected", proceeding, actor, before, {"corrected_on": corrected_on})
    commit_edit(proceeding, expected_version)
