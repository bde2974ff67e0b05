"""Writing an import's records after filing: payment orders with their service and per-worker
amounts, recoveries with who paid and their split, police referrals and blacklist proceedings
with their listing, attached to the imported cases in the import's one transaction (no commit).

Stored documents (the 指令书, 移送书, 告知书 and 决定书 files, the referral pack) and attachments
do not travel: the records keep their numbers, dates and service, the files stay with the office
that issued them (docs/data-formats.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from wagewatch.extensions import db
from wagewatch.instruments.kinds import KINDS
from wagewatch.models import (
    BlacklistProceeding, Case, CaseWorker, Contractor, ListedPerson, Listing, ListingNotice,
    Office, Payer, PaymentOrder, PaymentOrderItem, PersonPosition, PoliceDecision, PoliceReferral,
    ProceedingCase, ProceedingStatus, Recovery, RecoveryAllocation, ReferralDocument,
    ReferralDocumentKind, ReferralEvent, ReferralStatus, RemovalReason, ReviewResult, RuleSet,
    ServiceMethod, User,
)
from wagewatch.readers.registry_reader import ParsedRegistry, SheetRow
from wagewatch.readers.registry_step_checks import KEY_LIST
from wagewatch.reports.registry_format_steps import (
    ALLOCATION_SHEET, ORDER_ITEM_SHEET, ORDER_SHEET, PERSON_SHEET, PROCEEDING_SHEET,
    RECOVERY_SHEET, REFERRAL_COLUMNS, REFERRAL_SHEET,
)
from wagewatch.services.cases.case_numbers import parse_case_number
from wagewatch.services.cases.registration import add_event, refresh_deadlines
from wagewatch.services.documents.document_numbers import move_document_counter_past
from wagewatch.services.referrals.handover import progress

IMPORTED = "导入"
#: The referral's columns stored as they are read (moments, text), and those read as enums.
REFERRAL_ENUMS = {"status": ReferralStatus, "police_decision": PoliceDecision,
                  "reconsideration_result": ReviewResult, "supervision_result": ReviewResult}
PROCEEDING_KEYS = ("opened_on", "complex_approver", "complex_approved_on", "complex_reason",
                   "corrected_on", "commitment_on", "not_listed_on", "not_listed_reason",
                   "handled_on", "revoked_on", "revocation_reason", "closed_on")
LISTING_KEYS = ("authority", "decided_on", "starts_on", "ends_on", "original_ends_on",
                "extended_on", "main_facts", "grounds", "basis", "punishment_measures",
                "early_removal_terms", "remedies", "removed_on", "removal_note",
                "publication_stopped_on")


@dataclass
class StepCounts:
    """What the import wrote besides cases and workers, for the audit record and the report."""

    orders: int = 0
    recoveries: int = 0
    referrals: int = 0
    proceedings: int = 0

    def text(self) -> str:
        return (f"限期支付指令书{self.orders}份，清欠记录{self.recoveries}笔，"
                f"移送公安{self.referrals}件，黑名单程序{self.proceedings}个")


class _KeptNumbers:
    """The highest 文号 per kind and year among the imported instruments written in the office's
    format. The office's counters move past them once, after every row is attached: one statement
    per counter instead of one per instrument (each of which would flush the rows before it)."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.highest: dict[tuple[str, int], int] = {}

    def note(self, kind: str, number: str | None) -> None:
        code = KINDS[kind].number_code
        if not number or not code:
            return
        pattern = self.office.document_number_format.replace("{code}", code)
        parsed = parse_case_number(pattern, number) if "{code" not in pattern else None
        if parsed:
            year, seq = parsed
            self.highest[kind, year] = max(seq, self.highest.get((kind, year), 0))

    def move_counters(self) -> None:
        for (kind, year), seq in sorted(self.highest.items()):
            move_document_counter_past(self.office, kind, year, seq)


def write_steps(actor: User, parsed: ParsedRegistry, cases: dict[int, Case],
                payer_of: dict[int, Contractor]) -> StepCounts:
    """Attach the parsed orders, recoveries, referrals and proceedings to the new ``cases`` (by
    their row key); ``payer_of`` gives each recovery row's paying contractor. Every row was
    checked (registry_step_checks) before anything is written."""
    claims = {key: {cw.worker.id_number: cw for cw in case.workers} for key, case in cases.items()}
    counts = StepCounts()
    steps = parsed.steps
    touched: set[int] = set()
    kept = _KeptNumbers(actor.office)
    orders = _orders(actor, steps.get(ORDER_SHEET, []), steps.get(ORDER_ITEM_SHEET, []), cases,
                     claims, kept)
    counts.orders = len(orders)
    touched |= {row.values["case_row_key"] for row in orders}
    recoveries = _recoveries(actor, steps.get(RECOVERY_SHEET, []),
                             steps.get(ALLOCATION_SHEET, []), cases, claims, payer_of)
    counts.recoveries = recoveries
    for row in steps.get(REFERRAL_SHEET, []):
        _referral(actor, row, cases[row.values["case_row_key"]], kept)
        counts.referrals += 1
    persons: dict[int, list[SheetRow]] = defaultdict(list)
    for row in steps.get(PERSON_SHEET, []):
        persons[row.values["proceeding_key"]].append(row)
    for row in steps.get(PROCEEDING_SHEET, []):
        _proceeding(actor, row, cases, persons[row.values["proceeding_key"]], kept)
        counts.proceedings += 1
    for key in touched:
        refresh_deadlines(cases[key])
    kept.move_counters()
    return counts


def _orders(actor: User, rows: list[SheetRow], item_rows: list[SheetRow], cases: dict[int, Case],
            claims: dict[int, dict[str, CaseWorker]], kept: _KeptNumbers) -> list[SheetRow]:
    items: dict[int, list[SheetRow]] = defaultdict(list)
    for row in item_rows:
        items[row.values["order_key"]].append(row)
    for row in rows:
        v = row.values
        case = cases[v["case_row_key"]]
        workers = claims[v["case_row_key"]]
        order = PaymentOrder(
            document_number=v["document_number"], issued_on=v["issued_on"],
            amount_yuan=v["amount_yuan"], pay_within_working_days=v["pay_within_working_days"],
            pay_by_on=v["pay_by_on"], pay_by_provisional=False,
            service_method=ServiceMethod(v["service_method"]) if v["service_method"] else None,
            served_on=v["served_on"], service_evidence=v["service_evidence"],
            extra_compensation_rate=v["extra_compensation_rate"],
            extra_compensation_yuan=v["extra_compensation_yuan"],
            extra_compensation_ordered_on=v["extra_compensation_ordered_on"],
            created_by_id=actor.id,
            items=[PaymentOrderItem(case_worker=workers[i.values["id_number"]],
                                    amount_yuan=i.values["amount_yuan"])
                   for i in items[v["order_key"]]])
        case.payment_orders.append(order)
        kept.note("payment_order", order.document_number)
        served = f"，{order.served_on}{order.service_method.label}" if order.service_method else "，未送达"
        add_event(case, actor, "order_payment", case.status, case.status,
                  f"{order.document_number}（{IMPORTED}）：责令支付 {order.amount_yuan:,.2f} 元{served}")
    return rows


def _recoveries(actor: User, rows: list[SheetRow], split_rows: list[SheetRow],
                cases: dict[int, Case], claims: dict[int, dict[str, CaseWorker]],
                payer_of: dict[int, Contractor]) -> int:
    split: dict[int, list[SheetRow]] = defaultdict(list)
    for row in split_rows:
        split[row.values["recovery_key"]].append(row)
    for row in rows:
        v = row.values
        case, workers = cases[v["case_row_key"]], claims[v["case_row_key"]]
        payer = Payer(v["payer"])
        case.recoveries.append(Recovery(
            paid_on=v["paid_on"], amount_yuan=v["amount_yuan"], payer=payer,
            payer_contractor=payer_of.get(row.row), note=v["note"], created_by_id=actor.id,
            allocations=[RecoveryAllocation(case_worker=workers[a.values["id_number"]],
                                            amount_yuan=a.values["amount_yuan"])
                         for a in split[v["recovery_key"]] if a.values["amount_yuan"]]))
        add_event(case, actor, "recovery", case.status, case.status,
                  f"{payer.label}支付 {v['amount_yuan']:,.2f} 元（{IMPORTED}，{v['paid_on']}）")
    return len(rows)


def _referral(actor: User, row: SheetRow, case: Case, kept: _KeptNumbers) -> None:
    v = row.values
    fields = {c.key: v[c.key] for c in REFERRAL_COLUMNS[1:]}
    for key, enum_class in REFERRAL_ENUMS.items():
        fields[key] = enum_class(fields[key]) if fields[key] else None
    referral = PoliceReferral(
        office_id=case.office_id, case=case, contractor=case.employer, reported_by_id=actor.id,
        documents=[ReferralDocument(kind=kind) for kind in ReferralDocumentKind],
        **fields)
    referral.events.append(ReferralEvent(
        actor_id=actor.id, kind="imported",
        note=f"从文件导入，导入时状态为“{referral.status.label}”；移送材料和移送材料包未随文件导入"))
    current = progress(referral).current
    referral.next_step = current.step if current else None
    referral.next_due_at = current.due_at if current else None
    db.session.add(referral)
    kept.note("referral_letter", referral.letter_number)


def _proceeding(actor: User, row: SheetRow, cases: dict[int, Case],
                person_rows: list[SheetRow], kept: _KeptNumbers) -> None:
    v = row.values
    grounded = [cases[int(k)] for k in KEY_LIST.split(v["case_row_keys"]) if k]
    employer = grounded[0].employer
    rule_set = RuleSet(v["rule_set"])
    proceeding = BlacklistProceeding(
        office_id=actor.office_id, contractor=employer, rule_set=rule_set,
        status=ProceedingStatus(v["status"]), complex_case=bool(v["complex_case"]),
        created_by_id=actor.id, **{key: v[key] for key in PROCEEDING_KEYS},
        cases=[ProceedingCase(case=case, case_number=case.number,
                              payment_order=next((o for o in reversed(case.payment_orders)
                                                  if o.served_on), None))
               for case in grounded])
    if v["notice_number"]:
        proceeding.notice = ListingNotice(
            document_number=v["notice_number"], grounds=v["notice_grounds"],
            basis=v["notice_basis"], served_on=v["notice_served_on"],   # none: made, not served
            service_method=ServiceMethod(v["notice_service_method"])
            if v["notice_service_method"] else None, created_by_id=actor.id)
        kept.note("blacklist_notice", v["notice_number"])
    if v["decision_number"]:
        method = v["decision_service_method"]
        proceeding.listings.append(Listing(
            office_id=actor.office_id, contractor=employer, rule_set=rule_set,
            document_number=v["decision_number"], served_on=v["decision_served_on"],
            service_method=ServiceMethod(method) if method else None,
            removal_reason=RemovalReason(v["removal_reason"]) if v["removal_reason"] else None,
            created_by_id=actor.id, **{key: v[key] for key in LISTING_KEYS},
            persons=[ListedPerson(name=p.values["name"],
                                  position=PersonPosition(p.values["position"]),
                                  id_number=p.values["id_number"],
                                  removed_on=p.values["removed_on"]) for p in person_rows]))
        kept.note("listing_decision", v["decision_number"])
    db.session.add(proceeding)
