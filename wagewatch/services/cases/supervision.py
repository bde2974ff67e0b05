"""Supervised listing use cases (挂牌督办): name a case for supervision, report progress, close;
and the open and overdue counts of the dashboard and the monthly report."""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import Select, func, select

from wagewatch.extensions import db
from wagewatch.models import Case, SupervisedListing, SupervisionNote, SupervisionStatus, User
from wagewatch.services import ServiceError, audit, commit_edit
from wagewatch.services.bound_values import OFFICE, TODAY, of_case
from wagewatch.services.cases.registration import add_event
from wagewatch.services.documents import issuing
from wagewatch.services.reference.calendar import today


def open_listing(case_id: int) -> SupervisedListing | None:
    """The case's supervised listing that is still open, if any."""
    return db.session.scalar(select(SupervisedListing).where(
        SupervisedListing.case_id == case_id, SupervisedListing.status == SupervisionStatus.OPEN))


def create_listing(case: Case, actor: User, *, authority: str, official: str, grounds: str,
                   listed_on: date, deadline_on: date) -> SupervisedListing:
    """Name a case for supervision with its supervising authority, responsible official and
    deadline (calendar date); typical for absconding employers and group incidents."""
    if case.office_id != actor.office_id:
        raise ServiceError("未找到该案件。")
    if open_listing(case.id) is not None:
        raise ServiceError("本案已在挂牌督办中。", field="authority")
    if listed_on > today():
        raise ServiceError("日期不能晚于今天。", field="listed_on")
    if listed_on < case.received_on:
        raise ServiceError("挂牌日期不能早于收到投诉的日期。", field="listed_on")
    if deadline_on < listed_on:
        raise ServiceError("督办期限不能早于挂牌日期。", field="deadline_on")
    listing = SupervisedListing(
        office_id=case.office_id, case=case, authority=authority, official=official,
        grounds=grounds, listed_on=listed_on, deadline_on=deadline_on,
        status=SupervisionStatus.OPEN, created_by_id=actor.id)
    db.session.add(listing)
    db.session.flush()
    document = issuing.issue(case, "supervision_notice", actor, issued_on=listed_on,
                               subject=listing)
    add_event(case, actor, "supervision_listed", case.status, case.status,
              f"{authority}挂牌督办，责任人{official}，期限{deadline_on.isoformat()}")
    db.session.flush()
    audit.record("supervision.create", object_type="supervised_listing", object_id=listing.id,
                 actor=actor, changes=audit.changes_between({}, {
                     "case": case.number, "authority": authority, "official": official,
                     "deadline_on": deadline_on, "notice_number": document.number}))
    db.session.commit()
    return listing


def add_note(listing: SupervisedListing, actor: User, *, written_on: date, text: str) -> None:
    """Add a progress report to an open supervised listing."""
    if listing.status is not SupervisionStatus.OPEN:
        raise ServiceError("督办已结束，不能再添加进展。", field="text")
    if written_on > today():
        raise ServiceError("日期不能晚于今天。", field="written_on")
    if written_on < listing.listed_on:
        raise ServiceError("日期不能早于挂牌日期。", field="written_on")
    listing.notes.append(SupervisionNote(written_on=written_on, text=text, author_id=actor.id))
    audit.record("supervision.note", object_type="supervised_listing", object_id=listing.id,
                 actor=actor, detail=text[:200])
    db.session.commit()


def close_listing(listing: SupervisedListing, actor: User, *, closed_on: date, note: str,
                  expected_version: int) -> None:
    """End the supervision with a closing note; a late close stays visible against its deadline."""
    if listing.status is not SupervisionStatus.OPEN:
        raise ServiceError("督办已结束。", field="note")
    if closed_on > today():
        raise ServiceError("日期不能晚于今天。", field="closed_on")
    if closed_on < listing.listed_on:
        raise ServiceError("结束日期不能早于挂牌日期。", field="closed_on")
    before = {"status": str(listing.status)}
    listing.status, listing.closed_on, listing.closing_note = SupervisionStatus.CLOSED, closed_on, note
    add_event(listing.case, actor, "supervision_closed", listing.case.status, listing.case.status,
              f"结束挂牌督办：{note}")
    audit.record("supervision.close", object_type="supervised_listing", object_id=listing.id,
                 actor=actor, changes=audit.changes_between(before, {
                     "status": str(listing.status), "closed_on": closed_on}))
    commit_edit(listing, expected_version)


def counts(office_id: int, on: date) -> dict[str, int]:
    """Open supervised listings of an office and those past their deadline on day ``on`` (one
    statement: both are counted in the same range of the office's open listings)."""
    open_count, overdue = db.session.execute(_counts_statement(),
                                             {"office_id": office_id, "today": on}).one()
    return {"open": open_count or 0, "overdue": overdue or 0}


@cache
def _counts_statement() -> Select:
    """counts' statement, built once (the office and the day bound): every home page asks."""
    return select(func.count(), func.count().filter(SupervisedListing.deadline_on < TODAY)).where(
        SupervisedListing.office_id == OFFICE, SupervisedListing.status == SupervisionStatus.OPEN)


def listings_of_case(case_id: int) -> list[SupervisedListing]:
    """A case's supervised listings, oldest first."""
    return list(db.session.scalars(of_case(SupervisedListing), {"case_id": case_id}))
