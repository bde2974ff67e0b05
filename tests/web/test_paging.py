"""Capped counts: a list counts at most the cap and says "N+" beyond it; pages still move on."""

from __future__ import annotations

from wagewatch.extensions import db
from wagewatch.models import Contractor, Role
from wagewatch.web.paging import CappedPage

from tests.factories import make_contractor


def test_count_stops_at_the_cap_and_pages_go_on(app):
    for i in range(7):
        make_contractor(name=f"徐州第{i}建设有限公司")
    query = db.select(Contractor).order_by(Contractor.id)
    page = CappedPage(query, 1, per_page=2, cap=5)
    assert (page.total, page.capped, page.has_next, page.has_prev) == ("5+", True, True, False)
    last = CappedPage(query, 4, per_page=2, cap=5)
    assert len(last.items) == 1 and not last.has_next and last.has_prev
    exact = CappedPage(query, 9, per_page=5, cap=100)
    assert (exact.total, exact.page, exact.pages, len(exact.items)) == ("7", 2, 2, 2)


def test_deep_pages_stop_at_the_row_limit_and_ask_for_filters(app, client, login_as, monkeypatch):
    """OFFSET stays bounded: past MAX_ROWS rows a capped list offers no next page."""
    monkeypatch.setattr("wagewatch.web.paging.MAX_ROWS", 4)
    for i in range(7):
        make_contractor(name=f"徐州第{i}建设有限公司")
    query = db.select(Contractor).order_by(Contractor.id)
    deep = CappedPage(query, 99, per_page=2, cap=3)
    assert deep.page == 2 and deep.at_limit and not deep.has_next and len(deep.items) == 2
    login_as(Role.CLERK)
    monkeypatch.setattr("wagewatch.web.paging.COUNT_CAP", 3)
    shown = client.get("/contractors/", query_string={"page": "99"}).get_data(as_text=True)
    assert "已是可翻阅的最后一页" not in shown  # 50 a page: the one page holds them all
    monkeypatch.setattr("wagewatch.web.paging.MAX_ROWS", 50)
    for i in range(50):
        make_contractor(name=f"徐州第{i}劳务有限公司")
    shown = client.get("/contractors/", query_string={"page": "99"}).get_data(as_text=True)
    assert "已是可翻阅的最后一页（前50条）" in shown and "下一页" not in shown


def test_the_contractor_list_pages_with_its_count(client, login_as):
    login_as(Role.CLERK)
    for i in range(3):
        make_contractor(name=f"徐州第{i}劳务有限公司")
    body = client.get("/contractors/").get_data(as_text=True)
    assert "共 3 条" in body
    assert client.get("/contractors/?page=x").status_code == 200
