"""The case and contractor search: case numbers in any form, ID numbers, phones, USCC prefixes and
two-character name fragments, each found through its own index branch."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from wagewatch.extensions import db
from wagewatch.models import Case, CaseWorker, Contractor, Role, SearchGram, Worker
from wagewatch.rules.names import normalise_name
from wagewatch.rules.search_terms import classify, name_grams, query_grams
from wagewatch.services.cases import search
from wagewatch.services.parties.contractors import search_contractors

from tests.factories import make_contractor
from tests.statements import sent_statements
from tests.web.cases.factories import make_employer, register, valid_id_number


@pytest.mark.parametrize(("text", "year", "seq"), [
    ("经开劳监〔2026〕1175号", 2026, 1175), ("2026-1175", 2026, 1175), ("2026年1175号", 2026, 1175),
    ("（2026）第1175号", 2026, 1175), ("1175", None, 1175), ("１１７５号", None, 1175),
])
def test_case_numbers_in_any_common_form_give_their_key(text, year, seq):
    terms = classify(text)
    assert (terms.year, terms.seq, terms.name) == (year, seq, None)


def test_other_inputs_are_classified_to_their_branch():
    id_number = valid_id_number()
    assert classify(id_number).id_number == id_number
    assert classify(id_number).name is None
    assert classify("13812345000").phone == "13812345000"
    assert classify("91320301").uscc_prefix == "91320301"
    assert classify("恒金").name == "恒金" and classify("恒金").seq is None
    assert classify("  ") is None


def test_grams_hold_every_pair_so_a_fragment_is_an_equality_lookup():
    assert name_grams("恒金建设") >= {"恒金", "金建", "建设", "恒"}
    assert query_grams("恒金建") == {"恒金", "金建"}
    assert query_grams("恒") == {"恒"}


def _cases(client, q):
    return client.get("/cases/", query_string={"q": q})


def test_case_list_search_finds_each_kind_of_input(app, client, login_as):
    clerk = login_as(Role.CLERK)
    other = make_contractor(name="徐州恒金劳务有限公司", uscc="91320311MA1XYZ0001", phone="051683001234")
    first = register(clerk=clerk)
    second = register(clerk=clerk, employer=other)
    worker = db.session.scalar(db.select(Worker).where(Worker.name == "张伟"))

    # A short or full case number lands on the case itself.
    for q in ("2026-2", "2", second.number, "2026年2号"):
        response = _cases(client, q)
        assert response.status_code == 302, q
        assert response.headers["Location"].endswith(f"/cases/{second.id}")
    # A full ID number finds the worker's cases (both cases have a worker with this number).
    body = _cases(client, worker.id_number).get_data(as_text=True)
    assert first.number in body and second.number in body
    # A USCC fragment and a two-character fragment of the employer's name find its cases only.
    for q in ("91320311MA", "恒金"):
        body = _cases(client, q).get_data(as_text=True)
        assert second.number in body and first.number not in body, q
    # A worker's name fragment and phone find the cases of that worker.
    assert first.number in _cases(client, "张伟").get_data(as_text=True)
    assert first.number in _cases(client, "13812345000").get_data(as_text=True)
    # Nothing matches: an empty list, not an error.
    body = _cases(client, "不存在的名字").get_data(as_text=True)
    assert first.number not in body and second.number not in body


def test_the_branches_give_the_right_ids(app):
    register()
    hengjin = make_contractor(name="徐州恒金劳务有限公司", uscc="91320311MA1XYZ0001",
                              phone="051683001234")
    office_id = hengjin.office_id
    worker = db.session.scalar(db.select(Worker).where(Worker.name == "王芳"))

    def contractors(q):
        return set(db.session.scalars(search.contractor_ids(office_id, classify(q))))

    assert contractors("恒金") == {hengjin.id}
    assert contractors("91320311MA1") == {hengjin.id}
    assert contractors("051683001234") == {hengjin.id}
    assert contractors("恒") >= {hengjin.id, make_employer().id}
    workers = set(db.session.scalars(search.worker_ids(office_id, classify(worker.id_number))))
    assert workers == {worker.id}
    assert set(db.session.scalars(search.worker_ids(office_id, classify("王芳")))) == {worker.id}
    case = db.session.scalar(db.select(Case))
    assert set(db.session.scalars(search.case_ids(office_id, classify(case.number)))) == {case.id}


def test_the_side_index_follows_renames(app):
    contractor = make_contractor(name="徐州恒金劳务有限公司")
    contractor.name = "徐州顺达劳务有限公司"
    contractor.normalised_name = normalise_name(contractor.name)  # as services.contractors does
    db.session.commit()
    office_id = contractor.office_id
    found = search_contractors(office_id, q="恒金")
    assert db.session.scalars(found).all() == []
    assert db.session.scalars(search_contractors(office_id, q="顺达")).all() == [contractor]
    grams = set(db.session.scalars(db.select(SearchGram.gram).where(
        SearchGram.kind == "contractor", SearchGram.record_id == contractor.id)))
    assert grams == name_grams("徐州顺达劳务有限公司") | name_grams("徐州顺达劳务")


def _grams(kind: str, record_id: int) -> set[str]:
    return set(db.session.scalars(db.select(SearchGram.gram).where(
        SearchGram.kind == kind, SearchGram.record_id == record_id)))


def test_a_deleted_worker_leaves_no_grams_and_a_failed_flush_writes_none(app):
    office_id = make_contractor().office_id
    kept, gone = (Worker(office_id=office_id, name=n, id_number=valid_id_number(seq=s))
                  for n, s in (("张恒金", "101"), ("李顺达", "102")))
    db.session.add_all([kept, gone])
    db.session.commit()
    assert _grams("worker", gone.id) == name_grams("李顺达")
    db.session.delete(gone)
    db.session.commit()
    assert _grams("worker", gone.id) == set()
    assert db.session.scalars(search.worker_ids(office_id, classify("顺达"))).all() == []
    # Two workers are inserted, then the flush fails on a claim without its case.
    added = [Worker(office_id=office_id, name=n, id_number=valid_id_number(seq=s))
             for n, s in (("王五", "103"), ("孙七", "104"))]
    db.session.add_all([*added, CaseWorker(worker=added[0], months_owed=1, claimed_yuan=1)])
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Worker(office_id=office_id, name="赵六", id_number=valid_id_number(seq="105")))
    db.session.commit()
    assert set(db.session.scalars(db.select(SearchGram.gram).where(
        SearchGram.kind == "worker"))) == name_grams("张恒金") | name_grams("赵六")


def test_the_grams_of_many_workers_are_written_in_a_fixed_number_of_statements(app):
    office_id = make_contractor().office_id
    for many in (2, 40):
        with sent_statements(db.session.get_bind()) as sent:
            db.session.add_all([Worker(office_id=office_id, name=f"工人{many}-{i}",
                                       id_number=valid_id_number(seq=f"{many + i:03d}"))
                                for i in range(many)])
            db.session.flush()
        grams = [s for s in sent if "search_gram" in s]
        assert len(grams) == 2, many  # one DELETE, one multi-row INSERT
    assert db.session.scalar(db.select(db.func.count()).where(
        SearchGram.kind == "worker", SearchGram.gram == "工人")) == 42


def test_a_name_typed_with_brackets_or_spaces_finds_the_registered_name(app):
    wanted = make_contractor(name="徐州（鑫源）建设有限公司")
    make_contractor(name="徐州恒达建设有限公司")
    office_id = wanted.office_id
    for typed in ("徐州鑫源建设", "徐州 鑫源 建设（有限公司）", "徐州鑫源建设有限公司"):
        assert db.session.scalars(search_contractors(office_id, q=typed)).all() == [wanted], typed


def test_contractor_list_finds_by_uscc_fragment_and_name_fragment(client, login_as):
    login_as(Role.CLERK)
    make_contractor(name="徐州恒金劳务有限公司", uscc="91320311MA1XYZ0001")
    make_contractor(name="徐州鑫源建设有限公司", uscc="91320322MA2ABC0002")
    for q in ("91320311", "恒金"):
        body = client.get("/contractors/", query_string={"q": q}).get_data(as_text=True)
        assert "徐州恒金劳务有限公司" in body and "徐州鑫源建设有限公司" not in body, q
    assert db.session.scalar(db.select(db.func.count()).select_from(Contractor)) == 2


def test_a_common_fragment_is_searched_among_the_newest_matches_and_says_so(
        app, client, login_as, monkeypatch):
    """A fragment held by more names than the cap (经济 in every 经济开发区 company) still finds
    correct cases, from the most recently registered names, and the list asks for more words."""
    monkeypatch.setattr(search, "CANDIDATE_CAP", 3)
    clerk = login_as(Role.CLERK)
    employers = [make_contractor(name=f"徐州经济开发区{word}建设有限公司")
                 for word in ("甲", "乙", "丙", "丁", "戊")]
    cases = [register(clerk=clerk, employer=e) for e in employers]
    other = register(clerk=clerk, employer=make_contractor(name="徐州恒金劳务有限公司"))

    body = _cases(client, "经济").get_data(as_text=True)
    assert "common-fragment" in body and "超过3个" in body
    shown = {c.number for c in cases if c.number in body}
    assert shown == {c.number for c in cases[2:]}          # the three newest employers
    assert other.number not in body
    # A rarer fragment beside the common pair: every gram must be held, found exactly.
    body = _cases(client, "经济开发区甲").get_data(as_text=True)
    assert cases[0].number in body and "common-fragment" not in body
    assert all(c.number not in body for c in cases[1:])
    # Under the cap there is no notice and every match is listed.
    body = _cases(client, "恒金").get_data(as_text=True)
    assert other.number in body and "common-fragment" not in body
    # The contractor list says the same.
    body = client.get("/contractors/", query_string={"q": "经济"}).get_data(as_text=True)
    assert "common-fragment" in body and "徐州经济开发区戊建设有限公司" in body
    assert "徐州经济开发区甲建设有限公司" not in body


def test_a_fragment_whose_pairs_are_each_common_is_common_only_if_its_matches_are(app):
    """经济开 has two pairs, each held by more names than the cap: the fragment is common only when
    more than the cap hold both (counted); a one-pair fragment over the cap is common uncounted."""
    from wagewatch.models.search import CONTRACTOR, WORKER

    office_id = make_contractor(name="徐州经济开发区甲建设有限公司").office_id
    for word in ("乙", "丙", "丁", "戊"):
        make_contractor(name=f"徐州经济{word}建设有限公司")     # 经济 alone
        make_contractor(name=f"徐州{word}济开建设有限公司")     # 济开 alone
    db.session.commit()
    cap_at = 3
    terms = classify("经济开")
    assert terms is not None and terms.name == "经济开"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "CANDIDATE_CAP", cap_at)
        assert not search.common_fragment(office_id, terms, (CONTRACTOR,))
        for word in ("己", "庚", "辛"):
            make_contractor(name=f"徐州经济开发区{word}建设有限公司")
        db.session.commit()
        assert search.common_fragment(office_id, terms, (CONTRACTOR,))
        with sent_statements() as sent:
            assert search.common_fragment(office_id, classify("济开"), (CONTRACTOR, WORKER))
        assert not any("count(*) AS count_1 FROM (SELECT search_gram" in " ".join(s.split())
                       for s in sent)


def test_the_name_matches_travel_as_one_parameter_on_postgresql(app, client, login_as):
    """The search confirms a fragment of three characters or more on the candidates by primary
    key; on PostgreSQL they go as one array, so the statement is the same text for 3 candidates or
    1,000 (no IN list of placeholders to render and parse on every search)."""
    clerk = login_as(Role.CLERK)
    for word in ("甲", "乙", "丙"):
        register(clerk=clerk, employer=make_contractor(name=f"徐州恒金{word}建设有限公司"))
    with sent_statements() as few:
        assert _cases(client, "州恒金").status_code == 200
    register(clerk=clerk, employer=make_contractor(name="徐州恒金丁建设有限公司"))
    with sent_statements() as more:
        body = _cases(client, "州恒金").get_data(as_text=True)
    assert "徐州恒金丁建设有限公司" in body
    few, more = ([s for s in sent if " LIKE " in s.upper()] for sent in (few, more))
    assert few and len(few) == len(more)
    if db.engine.dialect.name == "postgresql":
        assert few == more
    else:  # SQLite has no arrays: an IN list, one placeholder more for the fourth candidate
        assert sum(s.count("?") for s in more) > sum(s.count("?") for s in few)


def test_a_two_character_fragment_is_found_by_the_index_alone(app, client, login_as):
    """A fragment of one or two characters is itself the gram the side index holds: its cases
    come by the workers' and employers' ids with no name read again to confirm it (no LIKE sent),
    and it finds what a LIKE found: the name, the short name, a worker's name, Latin letters in
    either width or case; a longer fragment is still confirmed on each name."""
    clerk = login_as(Role.CLERK)
    by_name = register(clerk=clerk, employer=make_contractor(name="徐州恒金建设有限公司"))
    by_short = register(clerk=clerk, employer=make_contractor(name="徐州丙丁建设有限公司",
                                                              short_name="恒金HJ"))
    by_worker = register(clerk=clerk, workers=4)   # the fourth worker is this case's alone
    next(cw.worker for cw in by_worker.workers if cw.worker.name == "刘洋").name = "李恒金"
    other = register(clerk=clerk, employer=make_contractor(name="徐州恒通建设有限公司"))
    db.session.commit()
    for typed, found in (("恒金", (by_name, by_short, by_worker)), ("ｈｊ", (by_short,)),
                         ("金", (by_name, by_short, by_worker))):
        with sent_statements() as sent:
            body = _cases(client, typed).get_data(as_text=True)
        assert all(case.number in body for case in found), typed
        assert other.number not in body
        assert not [s for s in sent if " LIKE " in s.upper()], typed
    with sent_statements() as sent:
        body = _cases(client, "州恒金").get_data(as_text=True)
    assert by_name.number in body and by_short.number not in body and by_worker.number not in body
    assert [s for s in sent if " LIKE " in s.upper()]


def test_one_read_gives_each_kind_and_fragment_its_own_candidates(app):
    """The workers' and employers' candidates of a search come from the same two statements,
    each fragment with its own records, newest first; a fragment whose grams are held by
    nothing, or that has none, finds nothing."""
    from tests.factories import default_office

    office = default_office()
    older = make_contractor(name="徐州恒金华建设有限公司")
    newer = make_contractor(name="恒金华劳务（徐州）有限公司")
    case = register(employer=make_employer(), workers=4)
    worker = next(cw.worker for cw in case.workers if cw.worker.name == "刘洋")
    worker.name = "李恒金华"
    db.session.commit()
    names = search.NameMatches(office.id)
    with sent_statements() as sent:
        names.read([("worker", "恒金华"), ("contractor", "恒金华"), ("contractor", "华劳务"),
                    ("worker", "无此人"), ("contractor", "")])
    assert _name_index_reads(sent) == 2
    assert names.ids("worker", "恒金华") == [worker.id]
    assert names.ids("contractor", "恒金华") == [newer.id, older.id]
    assert names.ids("contractor", "华劳务") == [newer.id]
    assert names.ids("worker", "无此人") == [] and names.ids("contractor", "") == []


def _name_index_reads(sent: list[str]) -> int:
    return sum(1 for statement in sent if "FROM search_gram" in " ".join(statement.split()))


def test_a_search_and_its_common_fragment_notice_read_the_name_index_once(
        app, client, login_as, monkeypatch):
    """The list and its notice that a fragment is common share the candidates read for the
    search, and the workers' and employers' are read together: one count of both kinds' grams,
    one read of the ids (workers: none hold 恒金, so only the employers' are read); past the cap
    the notice still shows."""
    monkeypatch.setattr(search, "CANDIDATE_CAP", 2)
    clerk = login_as(Role.CLERK)
    for word in ("甲", "乙", "丙"):
        register(clerk=clerk, employer=make_contractor(name=f"徐州恒金{word}建设有限公司"))
    with sent_statements() as sent:
        body = _cases(client, "恒金").get_data(as_text=True)
    assert "common-fragment" in body and "超过2个" in body
    assert _name_index_reads(sent) == 2     # one statement per kind: 3; before they were shared: 4
    with sent_statements() as sent:
        body = client.get("/contractors/", query_string={"q": "恒金"}).get_data(as_text=True)
    assert "common-fragment" in body and _name_index_reads(sent) == 2   # before: 3


def test_a_valid_id_number_is_a_person_not_a_uscc_prefix(app, client, login_as):
    clerk = login_as(Role.CLERK)
    id_number = valid_id_number(seq="457")
    # A company whose (badly entered) USCC is this very code: the search is for the person.
    company = make_contractor(name="徐州恒金劳务有限公司", uscc=id_number)
    case = register(clerk=clerk, employer=company)
    terms = classify(id_number)
    assert terms.id_number == id_number and terms.uscc_prefix is None
    assert case.number not in _cases(client, id_number).get_data(as_text=True)
    # 18 digits failing the ID check character still reach the USCC branch.
    wrong = id_number[:17] + ("1" if id_number[17] != "1" else "2")
    assert classify(wrong).uscc_prefix == wrong
    # A real USCC is a company's, found whole.
    uscc_company = make_contractor(name="徐州鑫源建设有限公司")
    assert classify(uscc_company.uscc).uscc_prefix == uscc_company.uscc
    assert set(db.session.scalars(search.contractor_ids(
        company.office_id, classify(uscc_company.uscc)))) == {uscc_company.id}
