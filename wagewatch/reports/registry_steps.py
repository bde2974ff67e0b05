"""The registry export's rows after filing: payment orders and their per-worker amounts,
recoveries and their split, police referrals, blacklist proceedings and listed persons, as the
plain values of the sheets in reports/registry_format_steps.py (money in yuan, moments on the
Beijing clock)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wagewatch.extensions import db
from wagewatch.models import (
    BlacklistProceeding, PaymentOrder, PoliceReferral, ProceedingCase, Recovery, RemovalReason,
    ServiceMethod,
)
from wagewatch.privacy import mask_id_number
from wagewatch.reports.registry_format import NO, YES
from wagewatch.reports.registry_format_steps import (
    ALLOCATION_SHEET, ORDER_ITEM_SHEET, ORDER_SHEET, PERSON_SHEET, PROCEEDING_SHEET,
    RECOVERY_SHEET, REFERRAL_COLUMNS, REFERRAL_SHEET,
)
from wagewatch.rules.clock import CHINA_TZ

MOMENT_FORMAT = "%Y-%m-%d %H:%M"
Row = tuple[str, dict[str, object]]


def moment_text(moment: datetime | None) -> str | None:
    """A stored (UTC) moment as Beijing time text, to the minute."""
    return moment.astimezone(CHINA_TZ).strftime(MOMENT_FORMAT) if moment else None


def _label(value: ServiceMethod | RemovalReason | None) -> str | None:
    return value.label if value is not None else None


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else (YES if value else NO)


def _percent(rate: Decimal | None) -> int | None:
    return int(rate * 100) if rate is not None else None


class StepRows:
    """Counts the orders and recoveries of one export so that their keys run through the file."""

    def __init__(self, unmask: bool) -> None:
        self.unmask = unmask
        self.orders = 0
        self.recoveries = 0

    def _id(self, id_number: str | None) -> str | None:
        return id_number if self.unmask or not id_number else mask_id_number(id_number)

    def for_cases(self, case_ids: list[int], row_keys: dict[int, int],
                  id_of: Callable[[int], str]) -> Iterator[Row]:
        """The orders, recoveries and referrals of a batch of cases (oldest first by case),
        each order or recovery followed by its per-worker rows; ``id_of`` gives a case-worker's
        ID number."""
        orders = db.session.scalars(
            select(PaymentOrder).where(PaymentOrder.case_id.in_(case_ids))
            .order_by(PaymentOrder.case_id, PaymentOrder.id)
            .options(selectinload(PaymentOrder.items)))
        recoveries = db.session.scalars(
            select(Recovery).where(Recovery.case_id.in_(case_ids))
            .order_by(Recovery.case_id, Recovery.id)
            .options(selectinload(Recovery.allocations), selectinload(Recovery.payer_contractor)))
        referrals = db.session.scalars(
            select(PoliceReferral).where(PoliceReferral.case_id.in_(case_ids))
            .order_by(PoliceReferral.case_id, PoliceReferral.id))
        for order in orders:
            self.orders += 1
            yield ORDER_SHEET, self.order_values(order, row_keys[order.case_id])
            for item in sorted(order.items, key=lambda i: i.case_worker_id):
                yield ORDER_ITEM_SHEET, {"order_key": self.orders,
                                         "id_number": self._id(id_of(item.case_worker_id)),
                                         "amount_yuan": item.amount_yuan}
        for recovery in recoveries:
            self.recoveries += 1
            yield RECOVERY_SHEET, self.recovery_values(recovery, row_keys[recovery.case_id])
            for allocation in sorted(recovery.allocations, key=lambda a: a.case_worker_id):
                yield ALLOCATION_SHEET, {"recovery_key": self.recoveries,
                                         "id_number": self._id(id_of(allocation.case_worker_id)),
                                         "amount_yuan": allocation.amount_yuan}
        for referral in referrals:
            yield REFERRAL_SHEET, referral_values(referral, row_keys[referral.case_id])

    def order_values(self, order: PaymentOrder, row_key: int) -> dict[str, object]:
        return {
            "case_row_key": row_key, "order_key": self.orders,
            "document_number": order.document_number, "issued_on": order.issued_on,
            "amount_yuan": order.amount_yuan,
            "pay_within_working_days": order.pay_within_working_days,
            "served_on": order.served_on, "service_method": _label(order.service_method),
            "service_evidence": order.service_evidence, "pay_by_on": order.pay_by_on,
            "extra_compensation_rate": _percent(order.extra_compensation_rate),
            "extra_compensation_yuan": order.extra_compensation_yuan,
            "extra_compensation_ordered_on": order.extra_compensation_ordered_on,
        }

    def recovery_values(self, recovery: Recovery, row_key: int) -> dict[str, object]:
        payer = recovery.payer_contractor
        return {
            "case_row_key": row_key, "recovery_key": self.recoveries,
            "paid_on": recovery.paid_on, "amount_yuan": recovery.amount_yuan,
            "payer": recovery.payer.label, "payer_name": payer.name if payer else None,
            "payer_kind": payer.kind.label if payer else None,
            "payer_uscc": payer.uscc if payer else None,
            "payer_id_number": self._id(payer.id_number) if payer else None,
            "note": recovery.note,
        }

    def proceedings(self, office_id: int, row_keys: dict[int, int]) -> Iterator[Row]:
        """The office's blacklist proceedings (oldest first) with their current listing, each
        followed by the persons listed with it."""
        found = db.session.scalars(
            select(BlacklistProceeding).where(BlacklistProceeding.office_id == office_id)
            .order_by(BlacklistProceeding.id)
            .options(selectinload(BlacklistProceeding.cases),
                     selectinload(BlacklistProceeding.notice),
                     selectinload(BlacklistProceeding.listings)))
        for key, proceeding in enumerate(found, start=1):
            yield PROCEEDING_SHEET, proceeding_values(proceeding, key, row_keys)
            listing = proceeding.current_listing
            for person in listing.persons if listing else ():
                yield PERSON_SHEET, {"proceeding_key": key, "name": person.name,
                                     "position": person.position.label,
                                     "id_number": self._id(person.id_number),
                                     "removed_on": person.removed_on}


def referral_values(referral: PoliceReferral, row_key: int) -> dict[str, object]:
    """One police referral as the plain values of the 移送公安 sheet."""
    values: dict[str, object] = {"case_row_key": row_key}
    for column in REFERRAL_COLUMNS[1:]:
        value = getattr(referral, column.key)
        if isinstance(value, datetime):
            value = moment_text(value)
        elif column.key == "approved":
            value = _yes_no(value)
        elif hasattr(value, "label"):
            value = value.label
        values[column.key] = value
    return values


def proceeding_values(proceeding: BlacklistProceeding, key: int,
                      row_keys: dict[int, int]) -> dict[str, object]:
    """One blacklist proceeding, its notice and current listing, as the 黑名单 sheet's values."""
    p, notice, listing = proceeding, proceeding.notice, proceeding.current_listing
    values: dict[str, object] = {
        "proceeding_key": key,
        "case_row_keys": "、".join(str(row_keys[c.case_id]) for c in p.cases),
        "rule_set": p.rule_set.label, "status": p.status.label, "opened_on": p.opened_on,
        "complex_case": _yes_no(p.complex_case), "complex_approver": p.complex_approver,
        "complex_approved_on": p.complex_approved_on, "complex_reason": p.complex_reason,
        "corrected_on": p.corrected_on, "commitment_on": p.commitment_on,
        "not_listed_on": p.not_listed_on, "not_listed_reason": p.not_listed_reason,
        "handled_on": p.handled_on, "revoked_on": p.revoked_on,
        "revocation_reason": p.revocation_reason, "closed_on": p.closed_on,
    }
    if notice is not None:
        values.update(notice_number=notice.document_number, notice_grounds=notice.grounds,
                      notice_basis=notice.basis, notice_served_on=notice.served_on,
                      notice_service_method=_label(notice.service_method))
    if listing is not None:
        values.update({key: getattr(listing, key) for key in LISTING_KEYS})
        values.update(decision_number=listing.document_number,
                      decision_served_on=listing.served_on,
                      decision_service_method=_label(listing.service_method),
                      removal_reason=_label(listing.removal_reason))
    return values


#: Listing fields written as they are stored.
LISTING_KEYS = ("authority", "decided_on", "starts_on", "ends_on", "original_ends_on",
                "extended_on", "main_facts", "grounds", "basis", "punishment_measures",
                "early_removal_terms", "remedies", "removed_on", "removal_note",
                "publication_stopped_on")


def proceeding_case_ids(office_id: int) -> set[int]:
    """The cases that ground any of the office's proceedings: their row keys are kept while the
    export streams, for the 黑名单 sheet written at the end."""
    return set(db.session.scalars(
        select(ProceedingCase.case_id).join(BlacklistProceeding)
        .where(BlacklistProceeding.office_id == office_id)))
