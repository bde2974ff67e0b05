"""Capped counts: a list counts at most the cap and says "N+" beyond it; pages still move on."""

from __future__ import annotations

import html
import re
from datetime import date

from wagewatch.extensions import db
from wagewatch.models import Case, CaseStatus, Channel, Contractor, Role, Sector, Township, User
from wagewatch.services.parties.contractors import contractors_by_id
from wagewatch.web.paging import CappedPage, IdsFirst

from tests.factories import default_office, make_contractor


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


def test_a_first_page_that_is_not_full_is_its_own_count(app):
    """A search that finds a few rows is answered without a count statement; a full first page
    still counts (up to the cap), and shows the same rows."""
    from tests.statements import sent_statements

    for i in range(7):
        make_contractor(name=f"徐州第{i}建设有限公司")
    query = db.select(Contractor).order_by(Contractor.id)
    with sent_statements() as sent:
        few = CappedPage(query, 1, per_page=10, cap=100)
    short = [statement for statement in sent if statement.startswith("SELECT")]
    assert (few.total, few.pages, len(few.items), few.has_next) == ("7", 1, 7, False)
    assert len(short) == 1 and "count(" not in short[0]
    with sent_statements() as sent:
        many = CappedPage(query, 1, per_page=5, cap=100)
    full = [statement for statement in sent if statement.startswith("SELECT")]
    assert (many.total, many.pages) == ("7", 2)
    assert [c.id for c in many.items] == [c.id for c in few.items[:5]]
    assert len(full) == 2 and any("count(" in statement for statement in full)


def test_a_count_past_the_cap_is_not_counted_again_for_a_minute(app, monkeypatch):
    """A long list says "5+" again without counting again; another statement or other values
    (a filter) count on their own; after CAPPED_SECONDS the list is counted again, and a count
    under the cap is never taken from memory."""
    from tests.statements import sent_statements
    from wagewatch.services import capped_counts

    def counts(sent: list[str]) -> int:
        return sum("count(" in statement for statement in sent)

    made = [make_contractor(name=f"徐州第{i}建设有限公司") for i in range(7)]
    by_id = db.select(Contractor).order_by(Contractor.id)
    with sent_statements() as first:
        assert CappedPage(by_id, 1, per_page=2, cap=5).total == "5+"
    with sent_statements() as again:
        page = CappedPage(by_id, 2, per_page=2, cap=5)
    assert (page.total, page.capped, [c.id for c in page.items]) == ("5+", True,
                                                                      [c.id for c in made[2:4]])
    assert counts(first) == 1 and counts(again) == 0
    with sent_statements() as other_cap:
        assert CappedPage(by_id, 1, per_page=2, cap=100).total == "7"
    assert counts(other_cap) == 1
    narrower = db.select(Contractor).where(Contractor.id <= made[3].id).order_by(Contractor.id)
    with sent_statements() as filtered:
        assert CappedPage(narrower, 1, per_page=2, cap=5).total == "4"
    assert counts(filtered) == 1
    with sent_statements() as filtered_again:  # under the cap: counted every time
        assert CappedPage(narrower, 1, per_page=2, cap=5).total == "4"
    assert counts(filtered_again) == 1
    monkeypatch.setattr(capped_counts, "CAPPED_SECONDS", 0)
    with sent_statements() as later:
        assert CappedPage(by_id, 1, per_page=2, cap=5).total == "5+"
    assert counts(later) == 1


def test_a_statement_built_once_pages_and_counts_by_the_values_given_with_it(app):
    """A list's statement built once with its values given beside it (``params``): its rows,
    its count and the count remembered past the cap are those of the values given, so an
    office's "5+" is never shown for a narrower filter of the same shape."""
    from sqlalchemy import Integer, bindparam

    from tests.statements import sent_statements

    made = [make_contractor(name=f"徐州第{i}建设有限公司") for i in range(7)]
    up_to = db.select(Contractor).where(
        Contractor.id <= bindparam("last_id", type_=Integer)).order_by(Contractor.id)
    wide = CappedPage(up_to, 1, per_page=2, cap=5, params={"last_id": made[-1].id})
    assert (wide.total, [c.id for c in wide.items]) == ("5+", [c.id for c in made[:2]])
    with sent_statements() as sent:
        narrow = CappedPage(up_to, 2, per_page=2, cap=5, params={"last_id": made[3].id})
    assert (narrow.total, narrow.pages, [c.id for c in narrow.items]) == (
        "4", 2, [c.id for c in made[2:4]])
    assert any("count(" in statement for statement in sent)  # not the wide list's "5+"
    with sent_statements() as sent:
        assert CappedPage(up_to, 2, per_page=2, cap=5, params={"last_id": made[-1].id}).total == "5+"
    assert not any("count(" in statement for statement in sent)


def test_only_a_statement_built_once_has_its_derived_statements_kept(app):
    """The limited, counted and id-walk forms of a list's statement are kept per statement object
    only when it was built once (given with ``params``): a statement built per request, kept,
    would stay in memory for the collector to walk, one more per visit."""
    from sqlalchemy import Integer, bindparam

    from wagewatch.web import paging

    for i in range(3):
        make_contractor(name=f"徐州第{i}建设有限公司")
    kept = (paging._limited, paging._ids_walk, paging._bounded_count)
    for derived in kept:
        derived.cache_clear()
    for _ in range(3):  # built per request: derived afresh each time, nothing kept
        query = db.select(Contractor).where(Contractor.id > 0).order_by(Contractor.id)
        CappedPage(query, 1, per_page=2, cap=5)
        CappedPage(query, 2, per_page=2, cap=5, ids_first=IdsFirst(Contractor.id, contractors_by_id))
    assert [derived.cache_info().currsize for derived in kept] == [0, 0, 0]
    built_once = db.select(Contractor).where(
        Contractor.id > bindparam("floor", type_=Integer)).order_by(Contractor.id)
    for _ in range(3):
        CappedPage(built_once, 1, per_page=2, cap=5, params={"floor": 0})
    assert paging._limited.cache_info().currsize == 1 and paging._limited.cache_info().hits == 2


def _shown(page: CappedPage) -> tuple:
    return ([c.id for c in page.items], page.page, page.total, page.pages_label, page.has_next,
            page.has_prev, page.at_limit)


def test_a_list_read_ids_first_pages_as_one_that_finds_its_rows_each_time(app, monkeypatch):
    """A search's ids are found once (up to the cap and one past it): the count and every page
    within them come from that walk and a read by id; a page past the walk reads by OFFSET.
    Every page is the same as the list read the usual way, under the cap and past it."""
    monkeypatch.setattr("wagewatch.web.paging.MAX_ROWS", 8)
    from tests.statements import sent_statements

    for i in range(11):
        make_contractor(name=f"徐州第{i}建设有限公司")
    query = db.select(Contractor).order_by(Contractor.name.desc(), Contractor.id.desc())
    ids_first = IdsFirst(Contractor.id, contractors_by_id)
    for cap in (4, 5, 100):
        for number in range(1, 7):
            usual = CappedPage(query, number, per_page=2, cap=cap)
            with sent_statements() as sent:
                walked = CappedPage(query, number, per_page=2, cap=cap, ids_first=ids_first)
            assert _shown(walked) == _shown(usual), (cap, number)
            selects = [s for s in sent if s.startswith("SELECT")]
            assert not any("count(" in s for s in selects)
            within = cap == 100 or number * 2 < cap + 1  # the page and one row past it walked
            assert len(selects) == 2, (cap, number, selects)
            assert ("OFFSET" in selects[1].upper()) is not within, (cap, number)


def test_deep_pages_stop_at_the_row_limit_and_ask_for_filters(app, client, login_as, monkeypatch):
    """OFFSET stays bounded: past MAX_ROWS rows a capped list without a keyset offers no next page."""
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
    # The contractor list goes on by key (below): its next page skips no rows.
    assert "已是可翻阅的最后一页" not in shown and 'rel="next" href="/contractors/?after=' in shown


def test_the_contractor_list_pages_with_its_count(client, login_as):
    login_as(Role.CLERK)
    for i in range(3):
        make_contractor(name=f"徐州第{i}劳务有限公司")
    body = client.get("/contractors/").get_data(as_text=True)
    assert "共 3 条" in body
    assert client.get("/contractors/?page=x").status_code == 200


# Keyset pages: the next page starts after the last row shown ---------------------------------


def _cases(count: int, days: tuple[date, ...]) -> None:
    """``count`` cases of the office received on ``days`` in turn (many on each day: ties on the
    list's sort key), inserted directly: the paging needs rows, not the registration."""
    office = default_office()
    township = db.session.scalar(db.select(Township).where(Township.office_id == office.id))
    employer = make_contractor(name="徐州恒达建设工程有限公司")
    handler = db.session.scalar(db.select(User).where(User.role == Role.CLERK))
    for i in range(count):
        received = days[i % len(days)]
        db.session.add(Case(
            office_id=office.id, number=f"经开劳监〔2026〕{i + 1}号", number_year=2026,
            number_seq=i + 1, received_on=received, channel=Channel.WINDOW,
            township_id=township.id, employer_id=employer.id, sector=Sector.CONSTRUCTION,
            status=CaseStatus.REGISTERED if i % 2 else CaseStatus.INVESTIGATING,
            acceptance_due_on=received, handler_id=handler.id))
    db.session.commit()


def _walk(client, url: str, row: str) -> tuple[list[int], list[str], str]:
    """Follow 下一页 from ``url`` to the end: the ids of the rows shown (``row``: their link's
    pattern), every page's 第…页 label and the last page's link to the page before."""
    ids: list[int] = []
    labels: list[str] = []
    back = ""
    while url:
        body = client.get(url).get_data(as_text=True)
        table = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        ids.extend(int(found) for found in re.findall(row, table))
        labels.extend(re.findall(r"第 \d+ / [\d+]+ 页，共 [\d,+]+ 条", body))
        following = re.search(r'rel="next" href="([^"]+)"', body)
        before = re.search(r'rel="prev" href="([^"]+)"', body)
        back = html.unescape(before.group(1)) if before else ""
        url = html.unescape(following.group(1)) if following else ""
    return ids, labels, back


def test_walking_the_case_list_by_its_next_links_shows_every_case_once_in_order(
        app, client, login_as, monkeypatch):
    """Past the rows ?page= may skip (MAX_ROWS) the list goes on by key, ties on the received
    day broken by id, with the filters kept and the page numbers and capped count honest."""
    monkeypatch.setattr("wagewatch.web.paging.MAX_ROWS", 50)
    monkeypatch.setattr("wagewatch.web.paging.COUNT_CAP", 100)
    login_as(Role.CLERK)
    _cases(130, (date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 3), date(2026, 10, 30)))
    expected = db.session.scalars(db.select(Case.id).order_by(
        Case.received_on.desc(), Case.id.desc())).all()
    ids, labels, back = _walk(client, "/cases/", r'href="/cases/(\d+)"')
    assert ids == expected
    assert labels == ["第 1 / 2+ 页，共 100+ 条", "第 2 / 3+ 页，共 100+ 条",
                      "第 3 / 3+ 页，共 100+ 条"]
    assert "after=" not in back and "before=" in back  # page 3 back to page 2, by key
    again = client.get(back).get_data(as_text=True)
    assert "第 2 / 3+ 页" in again
    assert re.findall(r'href="/cases/(\d+)"', again.split("<tbody>", 1)[1]
                      .split("</tbody>", 1)[0]) == [str(i) for i in expected[50:100]]
    investigating = db.session.scalars(db.select(Case.id).where(
        Case.status == CaseStatus.INVESTIGATING).order_by(
        Case.received_on.asc(), Case.id.asc())).all()
    ids, labels, _ = _walk(client, "/cases/?status=investigating&sort=received_asc",
                           r'href="/cases/(\d+)"')
    assert ids == investigating and labels[-1] == "第 2 / 2 页，共 65 条"


def test_walking_the_case_list_by_number_goes_on_by_the_year_and_sequence_shown(
        app, client, login_as, monkeypatch):
    """The list's rows carry the key of each order (the number's year and sequence here), so the
    page after is read from the last row shown."""
    monkeypatch.setattr("wagewatch.web.paging.MAX_ROWS", 50)
    monkeypatch.setattr("wagewatch.web.paging.COUNT_CAP", 100)
    login_as(Role.CLERK)
    _cases(130, (date(2026, 11, 2), date(2026, 11, 3)))
    expected = db.session.scalars(db.select(Case.id).order_by(
        Case.number_year.desc(), Case.number_seq.desc())).all()
    ids, labels, back = _walk(client, "/cases/?sort=number", r'href="/cases/(\d+)"')
    assert ids == expected and len(labels) == 3
    assert "after=" not in back and "before=" in back


def test_a_search_pages_through_its_matches_in_the_list_order(app, client, login_as, monkeypatch):
    """A name search's matches (130 cases of one employer) are found once for the first page and
    its capped count, and every page follows the list's order, whether the list goes on by key
    (received) or by page number (deadline)."""
    monkeypatch.setattr("wagewatch.web.paging.MAX_ROWS", 200)
    monkeypatch.setattr("wagewatch.web.paging.COUNT_CAP", 100)
    login_as(Role.CLERK)
    _cases(130, (date(2026, 11, 2), date(2026, 11, 3), date(2026, 10, 30)))
    for sort, order in (("received_desc", (Case.received_on.desc(), Case.id.desc())),
                        ("due", (Case.next_due_on.asc(), Case.id.asc()))):
        expected = db.session.scalars(db.select(Case.id).order_by(*order)).all()
        ids, labels, _ = _walk(client, f"/cases/?q=恒达&sort={sort}", r'href="/cases/(\d+)"')
        assert ids == expected and len(labels) == 3
        assert labels[0] == "第 1 / 2+ 页，共 100+ 条" and all("共 100+ 条" in x for x in labels)


def test_walking_the_contractor_list_by_name_with_equal_names(app, client, login_as):
    login_as(Role.CLERK)
    for i in range(111):
        make_contractor(name=f"徐州第{i % 4}建设有限公司")
    for sort, descending in (("name", False), ("-name", True)):
        expected = db.session.scalars(db.select(Contractor.id).order_by(
            *((Contractor.name.desc(), Contractor.id.desc()) if descending
              else (Contractor.name, Contractor.id)))).all()
        ids, labels, _ = _walk(client, f"/contractors/?sort={sort}",
                               r'href="/contractors/(\d+)"')
        assert ids == expected and len(set(ids)) == 111
        assert labels == [f"第 {n} / 3 页，共 111 条" for n in (1, 2, 3)]


def test_an_edited_cursor_is_ignored_and_the_list_starts_again(app, client, login_as):
    login_as(Role.CLERK)
    _cases(3, (date(2026, 11, 2),))
    for token in ("x", "W10", "WyJhIiwxXQ", "WzEsIm5vdCBhIGRheSIsMV0", "!!"):
        body = client.get("/cases/", query_string={"after": token}).get_data(as_text=True)
        assert "共 3 条" in body
