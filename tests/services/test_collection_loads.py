"""A page's collections read by statements built once: each parent gets its own children in id
order (none for a parent without), in one statement, and what is already loaded is kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import joinedload

from wagewatch.extensions import db
from wagewatch.models import Case, CaseParty, Liability, Payer, PaymentOrder, Recovery
from wagewatch.services.bound_values import of_case
from wagewatch.services.cases import payments, registration
from wagewatch.services.collection_loads import load_children, load_of_case

from tests.factories import make_contractor
from tests.statements import sent_statements
from tests.web.referrals.factories import flagged_case

PARTIES = (joinedload(CaseParty.contractor),)


def _reloaded(case: Case) -> Case:
    db.session.expire_all()
    return db.session.get_one(Case, case.id)


def test_every_parents_children_come_in_one_statement_in_id_order(app):
    case = flagged_case()

    def pay(day: int, amounts: list[str]) -> None:
        payments.record_recovery(case, payments.RecoveryInput(
            date(2026, 10, day), sum(map(Decimal, amounts), Decimal(0)), Payer.EMPLOYER, None, None,
            {cw.id: Decimal(a) for cw, a in zip(case.workers, amounts, strict=False)}),
            case.handler)

    pay(10, ["100.00", "50.00"])
    pay(11, ["30.00"])
    case = _reloaded(case)
    recoveries = list(db.session.scalars(of_case(Recovery), {"case_id": case.id}))
    orders = list(db.session.scalars(of_case(PaymentOrder), {"case_id": case.id}))
    with sent_statements() as sent:
        load_children(recoveries, Recovery.allocations)
        load_children(orders, PaymentOrder.items)
        split = [[(a.case_worker_id, a.amount_yuan) for a in r.allocations] for r in recoveries]
        items = [len(order.items) for order in orders]
    assert len(sent) == 2
    workers = [cw.id for cw in case.workers]
    assert split == [[(workers[0], Decimal("100.00")), (workers[1], Decimal("50.00"))],
                     [(workers[0], Decimal("30.00"))]]
    assert items == [2]  # the flagged case's one order, an item per worker
    with sent_statements() as again:
        load_children(recoveries, Recovery.allocations)  # already loaded: kept, nothing read
    assert again == []


def test_a_parent_without_children_gets_an_empty_collection(app):
    with_parties, without = flagged_case(), flagged_case()
    registration.add_party(with_parties, make_contractor(name="徐州总包甲建设有限公司"),
                           Liability.GENERAL_CONTRACTOR_FIRST, None, with_parties.handler)
    db.session.commit()
    cases = [_reloaded(with_parties), db.session.get_one(Case, without.id)]
    load_children(cases, Case.parties)
    with sent_statements() as sent:
        assert [len(case.parties) for case in cases] == [1, 0]
    assert sent == []


def test_a_cases_collection_is_read_with_its_options_once(app):
    case = flagged_case()
    for name in ("徐州总包甲建设有限公司", "徐州发包乙有限公司"):
        registration.add_party(case, make_contractor(name=name), Liability.GENERAL_CONTRACTOR_FIRST,
                               None, case.handler)
    db.session.commit()
    case = _reloaded(case)
    with sent_statements() as sent:
        load_of_case(case, Case.parties, PARTIES)
        names = [party.contractor.name for party in case.parties]
    assert names == ["徐州总包甲建设有限公司", "徐州发包乙有限公司"]
    assert len(sent) == 1  # the parties with their contractors joined
    with sent_statements() as again:
        load_of_case(case, Case.parties, PARTIES)
    assert again == []
