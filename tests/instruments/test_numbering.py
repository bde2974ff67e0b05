"""Instrument numbers: the office's format, per kind and year, gap-free under parallel issuing."""

import threading

import pytest

from wagewatch.extensions import db
from wagewatch.models import DocumentNumberCounter, Office
from wagewatch.services.documents.document_numbers import take_document_number

from tests.factories import default_office

pytestmark = pytest.mark.committing


def test_numbers_follow_the_office_format_per_kind_and_year(app):
    office = default_office()
    taken = [take_document_number(office, "payment_order", "限支", 2026) for _ in range(2)]
    taken.append(take_document_number(office, "handling_decision", "处", 2026))
    taken.append(take_document_number(office, "payment_order", "限支", 2027))
    db.session.commit()
    assert taken == ["经开劳监限支〔2026〕001号", "经开劳监限支〔2026〕002号",
                     "经开劳监处〔2026〕001号", "经开劳监限支〔2027〕001号"]


def test_an_office_writes_its_own_format(app):
    office = default_office()
    office.document_number_format = "铜人社监{code}字〔{year}〕第{seq}号"
    db.session.commit()
    assert take_document_number(office, "payment_order", "限支", 2026) == "铜人社监限支字〔2026〕第1号"


def test_a_rolled_back_issue_gives_its_number_back(app):
    office = default_office()
    take_document_number(office, "payment_order", "限支", 2026)
    db.session.rollback()
    assert take_document_number(office, "payment_order", "限支", 2026) == "经开劳监限支〔2026〕001号"


def test_eight_parallel_issues_get_unique_gap_free_numbers(app) -> None:
    office_id = default_office().id
    numbers: list[str] = []
    errors: list[Exception] = []
    start = threading.Barrier(8)

    def issue() -> None:
        with app.app_context():
            try:
                office = db.session.get_one(Office, office_id)
                start.wait(timeout=10)
                number = take_document_number(office, "payment_order", "限支", 2026)
                db.session.commit()
                numbers.append(number)
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"经开劳监限支〔2026〕{n:03d}号" for n in range(1, 9)]
    counter = db.session.get_one(DocumentNumberCounter, (office_id, "payment_order", 2026))
    assert counter.last_seq == 8


def test_the_counter_row_is_created_once(app):
    office = default_office()
    take_document_number(office, "inquiry_notice", "询", 2026)
    take_document_number(office, "inquiry_notice", "询", 2026)
    db.session.commit()
    rows = db.session.scalars(db.select(DocumentNumberCounter).where(
        DocumentNumberCounter.kind == "inquiry_notice")).all()
    assert [(r.year, r.last_seq) for r in rows] == [(2026, 2)]


def test_a_format_changed_mid_year_continues_the_kinds_sequence_without_a_gap(app):
    from wagewatch.models import Role
    from wagewatch.services.reference import maintenance

    from tests.factories import make_user
    office = default_office()
    assert take_document_number(office, "payment_order", "限支", 2026) == "经开劳监限支〔2026〕001号"
    db.session.commit()
    admin = make_user(role=Role.ADMIN, username="admin-numbers")
    maintenance.save_office(office, code=office.code, name=office.name, actor=admin,
                          document_number_format="经开人社监{code}字〔{year}〕第{seq:03d}号")
    assert take_document_number(office, "payment_order", "限支", 2026) == "经开人社监限支字〔2026〕第002号"
