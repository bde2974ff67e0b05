"""The files behind a referral's checklist (S-310 art. 6; S-100): evidence attachments linked to
each item, and the case's served payment orders with their documents and proof of service."""

from __future__ import annotations

from dataclasses import dataclass, field

from wagewatch.extensions import db
from wagewatch.models import (
    Attachment, AttachmentKind, Case, IssuedDocument, PaymentOrder, PoliceReferral,
    ReferralDocumentKind,
)
from wagewatch.rules.reasons import Decision
from wagewatch.rules.referral_file import FILE_ITEMS, ItemRecord, OrderRecord, file_check
from wagewatch.services.documents.attachments import attachments_of_payment_order, attachments_of_referral

#: The items the system makes at the hand-over (the 移送书 and the 调查报告).
GENERATED = frozenset(item.kind for item in FILE_ITEMS if item.generated)


@dataclass
class OrderFiles:
    """One served payment order with the files that stand for it and for its service."""

    order: PaymentOrder
    documents: list[IssuedDocument] = field(default_factory=list)
    receipts: list[IssuedDocument] = field(default_factory=list)
    proofs: list[Attachment] = field(default_factory=list)

    def for_rules(self, scans: list[Attachment]) -> OrderRecord:
        """The order as the rules see it; ``scans`` are files linked to the checklist's payment
        order item (a scan of an order recorded before the system made documents)."""
        return OrderRecord(
            self.order.document_number,
            tuple(d.data.get("title", d.kind) for d in self.documents)
            + tuple(a.original_name for a in scans),
            tuple(f"送达回证{r.number or ''}" for r in self.receipts)
            + tuple(a.original_name for a in self.proofs))


@dataclass
class ReferralFiles:
    """Every file behind a referral's checklist, by item kind, and the served orders."""

    items: dict[ReferralDocumentKind, list[Attachment]]
    notes: dict[ReferralDocumentKind, str | None]
    orders: list[OrderFiles]
    #: After the hand-over: the names of the instruments the pack holds for each item.
    generated: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def decision(self) -> Decision:
        """The checklist judged by the rules (S-310 art. 6; S-100)."""
        recorded = {str(kind): ItemRecord(
            self.generated.get(str(kind), ()) + tuple(a.original_name for a in files),
            self.notes[kind]) for kind, files in self.items.items()}
        scans = self.items.get(ReferralDocumentKind.PAYMENT_ORDER, [])
        return file_check(recorded, tuple(o.for_rules(scans) for o in self.orders))


def served_order_files(case: Case) -> list[OrderFiles]:
    """The case's payment orders whose service is recorded, each with its current 指令书, the
    current 送达回证 of its service and its linked service photos/videos (S-JI art. 4)."""
    found = []
    for order in case.payment_orders:
        if not order.served_on:
            continue
        versions = db.session.scalars(db.select(IssuedDocument).where(
            IssuedDocument.payment_order_id == order.id, IssuedDocument.kind == "payment_order")
            .order_by(IssuedDocument.id)).all()
        receipts = db.session.scalars(db.select(IssuedDocument).where(
            IssuedDocument.served_document_id.in_([v.id for v in versions] or [0]),
            IssuedDocument.kind == "service_receipt", IssuedDocument.current)
            .order_by(IssuedDocument.id)).all() if versions else []
        found.append(OrderFiles(
            order, [v for v in versions if v.current], list(receipts),
            attachments_of_payment_order(order.id, kind=AttachmentKind.SERVICE_PROOF)))
    return found


def referral_files(referral: PoliceReferral) -> ReferralFiles:
    """The files behind each item of the referral's checklist (withdrawn attachments left out)."""
    by_id = attachments_of_referral(referral)
    generated: dict[str, tuple[str, ...]] = {}
    if referral.pack is not None:
        for item in referral.pack.items:
            if item.document_id and item.item_kind in GENERATED:
                generated[item.item_kind] = (*generated.get(item.item_kind, ()), item.name)
    return ReferralFiles(
        items={d.kind: by_id.get(d.id, []) for d in referral.documents},
        notes={d.kind: d.note for d in referral.documents},
        orders=served_order_files(referral.case), generated=generated)
