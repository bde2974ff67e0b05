"""The monthly report's figures, checked against the known data set and independent SQL."""

from datetime import date
from decimal import Decimal

from sqlalchemy import text

from wagewatch.extensions import db
from wagewatch.models import Case
from wagewatch.reports.monthly import collect
from wagewatch.reports.monthly_workbook import _sum
from wagewatch.rules.report_period import report_period

from tests.reports.monthly_data import FORMULA_NAME, INVALID_ID, build

AS_OF = date(2026, 11, 28)
FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)


def _october(data):
    return collect(data.office, report_period("2026-10"), AS_OF)


def _scalar(sql: str, **params):
    return db.session.execute(text(sql), params).scalar()


def test_case_figures_match_an_independent_count(app):
    data = build()
    figures = _october(data)
    total = _sum(figures["cells"])
    office = data.office.id
    received = _scalar('SELECT count(*) FROM "case" WHERE office_id = :o AND received_on '
                       "BETWEEN :a AND :b", o=office, a=FIRST, b=LAST)
    workers, arrears = db.session.execute(text(
        'SELECT count(*), sum(coalesce(cw.confirmed_yuan, cw.claimed_yuan)) FROM case_worker cw '
        'JOIN "case" c ON c.id = cw.case_id WHERE c.office_id = :o AND c.received_on '
        "BETWEEN :a AND :b"), {"o": office, "a": FIRST, "b": LAST}).one()
    recovered = _scalar('SELECT sum(r.amount_yuan) FROM recovery r JOIN "case" c ON '
                        "c.id = r.case_id WHERE c.office_id = :o AND r.paid_on BETWEEN :a AND :b",
                        o=office, a=FIRST, b=LAST)
    assert (total["received"], received) == (3, 3)  # cases of September and November left out
    assert (total["workers"], workers) == (6, 6)
    assert total["arrears_yuan"] == Decimal(arrears) == Decimal("26000.00")  # 6000 confirmed + 5000 + ...
    recovered_total = sum(total[k] for k in total if k.startswith("recovered_"))
    assert recovered_total == Decimal(recovered) == Decimal("15000.00")
    assert (total["accepted"], total["not_accepted"], total["closed"], total["opened_closed"]) \
        == (2, 1, 2, 1)
    assert (total["orders"], total["ordered_yuan"]) == (1, Decimal("8000.00"))
    assert (total["extra_orders"], total["extra_yuan"]) == (1, Decimal("4000.00"))


def test_figures_split_by_township_sector_funding_and_payer(app):
    data = build()
    cells = {(c["township_id"], c["sector"], c["funding"]): c for c in _october(data)["cells"]}
    jinshan, donghuan = data.jinshan.id, data.donghuan.id
    government = cells[(jinshan, "construction", "government")]
    assert government["recovered_employer_yuan"] == "3000.00"
    assert government["recovered_general_contractor_yuan"] == "2000.00"
    assert cells[(jinshan, "non_construction", "none")]["not_accepted"] == 1
    assert cells[(donghuan, "construction", "private")]["recovered_owner_yuan"] == "1000.00"
    soe = cells[(donghuan, "construction", "soe")]
    assert soe["recovered_emergency_fund_yuan"] == "9000.00"  # paid in October (the 500 of 2 Nov is not)
    assert (soe["received"], soe["closed"]) == (0, 1)  # received in September, closed in October


def test_police_moments_are_judged_by_their_beijing_date(app):
    data = build()
    total = _sum(_october(data)["cells"])
    # 22 Oct and 31 Oct 23:30 count; 1 Nov 00:30 (still 31 Oct in UTC) does not.
    assert total["referred"] == 2
    assert (total["police_filed"], total["police_declined"]) == (1, 0)


def test_supervision_blacklist_and_coverage(app):
    data = build()
    figures = _october(data)
    total = _sum(figures["cells"])
    assert (total["supervised_new"], total["supervised_open"], total["supervised_overdue"]) \
        == (1, 2, 1)
    blacklist = figures["blacklist"]
    assert {k: blacklist[k] for k in ("listed", "removed_early", "expired", "revoked",
                                      "in_force", "major_violations")} == {
        "listed": 1, "removed_early": 1, "expired": 1, "revoked": 0, "in_force": 1,
        "major_violations": 1}
    assert [m["kind"] for m in blacklist["movements"]] == ["expired", "listed", "early_removal"]
    projects = _sum(figures["projects"])
    assert (projects["active"], projects["with_liaison"]) == (3, 2)  # the finished one left out


def test_data_quality(app):
    data = build()
    assert _october(data)["data_quality"] == {
        "employers_missing_uscc": 1, "employers_uscc_warning": 0, "workers_invalid_id": 1,
        "workers_unverified_id": 1, "past_deadline": 1}


def test_the_last_twelve_months(app):
    data = build()
    series = _october(data)["series"]
    assert series[0]["month"] == "2025-11"
    assert series[-1] == {"month": "2026-10", "new_cases": 3, "arrears_yuan": "26000.00",
                          "recovered_yuan": "15000.00"}
    assert series[-2] == {"month": "2026-09", "new_cases": 1, "arrears_yuan": "9000.00",
                          "recovered_yuan": "0.00"}


def test_a_cutoff_day_moves_the_period(app):
    data = build()
    figures = collect(data.office, report_period("2026-10", 25), AS_OF)
    assert (figures["first_day"], figures["last_day"]) == ("2026-09-26", "2026-10-25")
    total = _sum(figures["cells"])
    # The owner's 1,000 of 28 October now belongs to November.
    assert sum(total[k] for k in total if k.startswith("recovered_")) == Decimal("14000.00")
    assert figures["series"][-1]["recovered_yuan"] == "14000.00"


def test_the_figures_are_plain_json(app):
    import json

    data = build()
    figures = _october(data)
    assert json.loads(json.dumps(figures)) == figures


def test_what_to_fix_lists_cases_and_employers_but_no_workers(app):
    data = build()
    figures = _october(data)
    items = [(i["kind"], i["party"], i["detail"]) for i in figures["quality_items"]]
    numbers = {i["kind"]: i["case"] for i in figures["quality_items"]}
    assert items == [
        ("用人单位缺统一社会信用代码", "徐州无码建筑劳务有限公司", "请补登统一社会信用代码"),
        ("身份证号码无效", "徐州无码建筑劳务有限公司", "1名工人身份证号码无效"),
        ("身份证号码待核实", FORMULA_NAME, "1名工人身份证号码待核实"),
        ("办案期限已过", FORMULA_NAME, "期限2026-10-25已过"),  # no deadline kind in the data
    ]
    case_numbers = dict(db.session.execute(db.select(Case.received_on, Case.number).where(
        Case.office_id == data.office.id)).all())
    assert numbers["身份证号码无效"] == case_numbers[date(2026, 10, 12)]
    assert numbers["办案期限已过"] == case_numbers[date(2026, 10, 20)]
    assert INVALID_ID not in str(figures["quality_items"])
