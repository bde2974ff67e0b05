"""The blacklist candidates and the police lists: paged, filtered by township, amount and days
since the pay-by day, ordered by the decision's due date, one start form for the whole page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from wagewatch.extensions import db
from wagewatch.models import BlacklistProceeding, PoliceReferral, ProceedingStatus, Role, Township
from wagewatch.services.flags.evaluation import current_flags
from wagewatch.services.reference.calendar import today

from tests.factories import make_contractor, post, text_of
from tests.web.blacklist.factories import clerk, lapsed_case
from tests.web.referrals.factories import flagged_case, make_referral


def flagged(name: str, issued_on: date, owed: str = "12000.00", township: Township | None = None):
    """A case whose employer ``name`` is an S-45 candidate (see ``lapsed_case``)."""
    return lapsed_case(make_contractor(name=name), issued_on, owed, township)


@pytest.fixture
def three(app):
    """Three candidates whose names sort against their due dates: 丙 lapsed first, then 甲, 乙."""
    office_id = clerk().office_id
    far = Township(office_id=office_id, name="大黄山街道", sort_order=9)
    db.session.add(far)
    db.session.commit()
    return {"甲": flagged("徐州甲建设有限公司", date(2025, 5, 12), "30000.00"),
            "乙": flagged("徐州乙建设有限公司", date(2025, 9, 8), township=far),
            "丙": flagged("徐州丙建设有限公司", date(2025, 3, 10)),
            "far": far}


def _candidate_names(client, **args) -> list[str]:
    html = client.get("/blacklist/", query_string=args).get_data(as_text=True)
    table = html.split('id="candidate-table"')[1].split("</table>")[0]
    return re.findall(r'data-contractor="([^"]+)"', table)


def test_candidates_are_ordered_by_the_decision_due_date_and_paged(three, client, login_as,
                                                                 monkeypatch):
    monkeypatch.setattr("wagewatch.web.blacklist.views.PER_PAGE", 2)
    login_as(Role.CLERK, username="clerk-lists")
    assert _candidate_names(client) == ["徐州丙建设有限公司", "徐州甲建设有限公司"]
    assert _candidate_names(client, page=2) == ["徐州乙建设有限公司"]
    page = text_of(client.get("/blacklist/"))
    assert "第 1 / 2 页，共 3 条" in page
    # The earliest lapse's decision is due 20 working days after its pay-by day (13 March 2025).
    assert "2025-03-13 已逾" in page and "2025-04-11 逾期" in page


def test_a_candidate_row_shows_its_cases_place_and_the_yuan_unpaid_at_the_lapse(three, client,
                                                                                login_as):
    login_as(Role.CLERK, username="clerk-lists")
    html = client.get("/blacklist/").get_data(as_text=True)
    row = html.split('data-contractor="徐州甲建设有限公司"')[1].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", " ", cell).split()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[1] == [three["甲"].township.name]
    assert cells[2] == [three["甲"].number]
    assert cells[3] == ["60,000.00"]  # two workers owed 30,000 yuan each when 12 May's order lapsed
    summary = current_flags(case_id=three["甲"].id)[0].summary
    assert " ".join(cells[6]) == " ".join(summary.split())


@pytest.fixture
def twice(three):
    """甲 with a second lapsed case, in the far township: 45,000 yuan each to two workers, ordered
    on 14 July 2025 (the first: 30,000 each, 12 May)."""
    second = lapsed_case(three["甲"].employer, date(2025, 7, 14), "45000.00", three["far"])
    return {**three, "second": second,
            "places": sorted([three["甲"].township.name, three["far"].name])}


def test_a_candidate_with_two_lapsed_cases_shows_both_places_the_larger_debt_and_the_first_lapse(
        twice, client, login_as):
    login_as(Role.CLERK, username="clerk-lists")
    html = client.get("/blacklist/").get_data(as_text=True)
    row = html.split('data-contractor="徐州甲建设有限公司"')[1].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", " ", cell).split()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert sorted(" ".join(cells[1]).replace("、", " ").split()) == twice["places"]
    assert set(" ".join(cells[2]).replace("、", " ").split()) == {twice["甲"].number,
                                                                 twice["second"].number}
    # The larger stated: at 14 July's lapse both cases were unpaid (60,000 + 90,000 yuan).
    assert cells[3] == ["150,000.00"]
    assert "2025-05-15" in " ".join(cells[4])  # 12 May's order lapsed first


def test_the_police_card_of_a_contractor_with_two_lapsed_cases(twice, client, login_as):
    login_as(Role.POLICE, username="police-lists")
    page = text_of(client.get("/police/"))
    card = page.split("徐州甲建设有限公司")[1].split("徐州乙建设有限公司")[0]
    assert "、".join(twice["places"]) in card and "届满时欠薪 150,000.00 元" in card
    assert "支付期限届满 2025-05-15" in card


def test_filters_narrow_the_candidates(three, client, login_as):
    login_as(Role.CLERK, username="clerk-lists")
    assert _candidate_names(client, township=three["far"].id) == ["徐州乙建设有限公司"]
    assert _candidate_names(client, owed_min="50000") == ["徐州甲建设有限公司"]
    assert _candidate_names(client, owed_max="30000") == ["徐州丙建设有限公司", "徐州乙建设有限公司"]
    lapsed_apart = (today() - date(2025, 9, 11)).days  # days since 乙's pay-by day
    assert _candidate_names(client, days_max=str(lapsed_apart + 30)) == ["徐州乙建设有限公司"]
    assert "徐州乙建设有限公司" not in _candidate_names(client, days_min=str(lapsed_apart + 30))
    # A bad value is named beside its field, kept as typed, and narrows nothing.
    html = client.get("/blacklist/", query_string={"owed_min": "很多", "days_min": "-3"}).get_data(
        as_text=True)
    assert "请输入以元为单位的金额" in html and 'value="很多"' in html
    assert "请输入0至36500之间的整数天数。" in html
    assert len(_candidate_names(client, owed_min="很多")) == 3


def test_one_start_form_serves_every_candidate_row(three, app, client, login_as):
    login_as(Role.CLERK, username="clerk-lists")
    html = client.get("/blacklist/").get_data(as_text=True)
    assert html.count('name="csrf_token"') <= 2  # the start form (and the base layout's logout)
    assert html.count('form="start-form"') == 3
    target = three["甲"].employer_id
    response = post(app, client, f"/blacklist/candidates/{target}/start",
                    {"submission_token": "page-token"})
    assert response.status_code == 302
    started = db.session.scalar(db.select(BlacklistProceeding))
    assert started.contractor_id == target
    assert _candidate_names(client) == ["徐州丙建设有限公司", "徐州乙建设有限公司"]


def _proceeding_names(client, **args) -> list[str]:
    html = client.get("/blacklist/", query_string=args).get_data(as_text=True)
    table = html.split('id="proceeding-table"')[1].split("</table>")[0]
    return sorted(re.findall(r'data-contractor="([^"]+)"', table))


def test_the_proceedings_are_narrowed_by_township_and_closed_ones_shown_on_request(
        three, app, client, login_as):
    login_as(Role.CLERK, username="clerk-lists")
    for name in ("甲", "乙", "丙"):
        response = post(app, client, f"/blacklist/candidates/{three[name].employer_id}/start",
                        {"submission_token": f"token-{name}"})
        assert response.status_code == 302
    closed = db.session.scalar(db.select(BlacklistProceeding).where(
        BlacklistProceeding.contractor_id == three["丙"].employer_id))
    closed.status = ProceedingStatus.NOT_LISTED
    db.session.commit()
    assert _proceeding_names(client) == ["徐州乙建设有限公司", "徐州甲建设有限公司"]
    assert _proceeding_names(client, all="1") == [
        "徐州丙建设有限公司", "徐州乙建设有限公司", "徐州甲建设有限公司"]
    assert _proceeding_names(client, township=three["far"].id) == ["徐州乙建设有限公司"]
    assert _proceeding_names(client, township=three["甲"].township_id, all="1") == [
        "徐州丙建设有限公司", "徐州甲建设有限公司"]


def test_police_list_is_paged_capped_and_filtered(three, client, login_as, monkeypatch):
    login_as(Role.POLICE, username="police-lists")
    page = text_of(client.get("/police/"))
    assert "共 3 条" in page
    order = [page.index(name) for name in ("徐州丙建设有限公司", "徐州甲建设有限公司",
                                             "徐州乙建设有限公司")]
    assert order == sorted(order)
    monkeypatch.setattr("wagewatch.web.paging.COUNT_CAP", 2)
    assert "共 2+ 条" in text_of(client.get("/police/"))
    filtered = text_of(client.get("/police/", query_string={"township": three["far"].id}))
    assert "徐州乙建设有限公司" in filtered and "徐州甲建设有限公司" not in filtered


def test_police_referrals_come_nearest_limit_first(app, client, login_as):
    older = make_referral(case=flagged_case(employer=make_contractor(name="徐州甲劳务有限公司")),
                          up_to="received")
    newer = make_referral(case=flagged_case(employer=make_contractor(name="徐州乙劳务有限公司")),
                          up_to="received")
    older_row = db.session.get(PoliceReferral, older.id)
    older_row.next_due_at = db.session.get(PoliceReferral, newer.id).next_due_at - timedelta(hours=1)
    db.session.commit()
    login_as(Role.POLICE, username="police-lists")
    page = text_of(client.get("/police/referrals"))
    assert page.index("徐州甲劳务有限公司") < page.index("徐州乙劳务有限公司")
    assert page.index(older.case.number) < page.index(newer.case.number)
    assert "共 2 条" in page
