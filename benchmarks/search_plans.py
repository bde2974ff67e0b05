"""EXPLAIN ANALYZE the queries behind the searches and the lists (cases, contractors, blacklist
candidates, police flagged list and referrals) on PostgreSQL.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB .venv/bin/python benchmarks/search_plans.py
        [--runs 5] [--no-former] [--only case_list_keyset ...]

Takes real values from the seeded database (a case number, a worker's ID number and phone, a
USCC prefix, a two-character name fragment), writes each plan to benchmarks/plans/NAME.txt and
prints the median time of each query over 5 runs (--runs), with the former single LIKE/OR query beside the
searches for comparison. A name search reads its candidate ids (at most 1,000, from the rarest
character pair) while the statement is built; that time is printed as "build ms" and belongs to
the search's cost. A search is one walk of its matches' ids (up to 1,001, in the list's order:
its capped count and its pages) and a read of the first page's rows by id (NAME_page).
--no-former leaves out the former queries (each scans every case: tens of seconds at 1,000,000
cases).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import time

from common import ROOT
from sqlalchemy import and_, exists, func, or_, select, text, tuple_

from wagewatch import create_app
from wagewatch.extensions import db
from wagewatch.models import Case, CaseWorker, Contractor, Worker
from wagewatch.models.search import CONTRACTOR, WORKER
from wagewatch.rules.search_terms import query_grams
from wagewatch.services.blacklist.blacklist_lists import (
    RULE, ListFilters, _flag_facts_statement, candidate_query,
)
from wagewatch.services.cases.queries import _money_statement, case_list_query, listed_cases
from wagewatch.services.cases.search import (
    _candidates_statement, _gram_counts_statement, _pair_params,
)
from wagewatch.services.id_sets import among, bound_ids
from wagewatch.services.parties.contractors import search_contractors
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.services.referrals.police_queries import POLICE_RULES
from wagewatch.services.referrals.queries import _case_labels_statement, referral_list_query

PLANS = ROOT / "benchmarks" / "plans"
RUNS = 5


def former_search(office_id: int, q: str):
    """The case search before the index branches: one LIKE/OR over three tables."""
    like = f"%{q}%"
    worker_match = exists().where(and_(
        CaseWorker.case_id == Case.id, Worker.id == CaseWorker.worker_id, Worker.name == q))
    return (select(Case).where(Case.office_id == office_id)
            .join(Contractor, Contractor.id == Case.employer_id)
            .where(or_(Case.number.like(like), Contractor.name.like(like), worker_match))
            .order_by(Case.received_on.desc(), Case.id.desc()))


def sql(statement) -> str:
    """The statement with its values written in. An empty id array (a name matching no
    contractor, `id_sets.among`) is sent typed by the driver; written in, it needs its type."""
    return str(statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
               ).replace("ANY (ARRAY[])", "ANY (ARRAY[]::BIGINT[])")


def page_of(query, size: int = 50):
    return query.limit(size)


def walk(query, id_column, cap: int = 1000):
    """A search's one walk (web/paging.py, IdsFirst): the ids of up to cap + 1 matches in the
    list's order, which give the capped count and the pages within it."""
    return query.with_only_columns(id_column).limit(cap + 1)


def first_ids(query, id_column, size: int = 50) -> list[int]:
    """The first page's ids of a search (read by id afterwards, with the list's joins)."""
    return list(db.session.scalars(walk(query, id_column)))[:size + 1]


def capped_count(query, cap: int = 1000):
    return select(func.count()).select_from(query.order_by(None).limit(cap + 1).subquery())


def name_reads(office_id: int, fragment: str) -> tuple:
    """The two statements a search reads a name fragment's candidates by (NameMatches.read), for
    the fragment as a worker's name and as a contractor's: every gram counted, then each pair's
    candidates driven by its rarest gram."""
    pairs = [(WORKER, fragment), (CONTRACTOR, fragment)]
    grams = [sorted(query_grams(text)) for _, text in pairs]
    counts = _gram_counts_statement(tuple(len(g) for g in grams)).params(
        **_pair_params(office_id, [(kind, g) for (kind, _), g in zip(pairs, grams, strict=True)]))
    counted = iter(db.session.execute(counts).one())
    driving = []
    for held in grams:
        number = {gram: next(counted) for gram in held}
        rarest = min(held, key=lambda gram: (number[gram], gram))
        driving.append([rarest, *(gram for gram in held if gram != rarest)])
    candidates = _candidates_statement(tuple(len(g) for g in driving)).params(
        **_pair_params(office_id, [(kind, g) for (kind, _), g in zip(pairs, driving, strict=True)]))
    return counts, candidates


def timed(statement_sql: str) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        db.session.execute(text(statement_sql)).all()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    global RUNS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-former", action="store_true")
    parser.add_argument("--only", action="append", default=[],
                        help="only the statements of this name (repeatable)")
    args = parser.parse_args()
    RUNS = args.runs
    app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"],
                      "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(32)})
    PLANS.mkdir(exist_ok=True)
    with app.app_context():
        # One of each from the seeded database (.one(): an empty one stops here).
        office_id = db.session.execute(select(Case.office_id).limit(1)).scalar_one()
        case = db.session.scalars(select(Case).where(Case.office_id == office_id)
                                  .order_by(Case.id.desc()).limit(1)).one()
        worker = db.session.scalars(select(Worker).where(Worker.office_id == office_id,
                                                         Worker.phone.is_not(None)).limit(1)).one()
        contractor = db.session.scalars(select(Contractor).where(
            Contractor.office_id == office_id, Contractor.uscc.is_not(None)).limit(1)).one()
        assert worker.phone is not None and contractor.uscc is not None  # chosen for having them
        fragment = contractor.name[2:4]
        calendar = current_calendar()
        inputs: dict[str, str] = {
            "case_number_full": case.number,
            "case_number_short": f"{case.number_year}-{case.number_seq}",
            "case_number_seq": str(case.number_seq),
            "worker_id_number": worker.id_number,
            "worker_phone": worker.phone,
            "worker_name": worker.name,
            "contractor_uscc_prefix": contractor.uscc[:14],
            "contractor_name_fragment": fragment,
        }
        day = today()
        # A deep page of each long list by key (web/paging.py): after the row halfway down.
        middle = db.session.execute(select(Case.received_on, Case.id).where(
            Case.office_id == office_id).order_by(Case.received_on.desc(), Case.id.desc())
            .offset((db.session.scalar(select(func.count()).select_from(Case)) or 0) // 2).limit(1)).one()
        named = db.session.execute(select(Contractor.name, Contractor.id).where(
            Contractor.office_id == office_id).order_by(Contractor.name, Contractor.id)
            .offset((db.session.scalar(select(func.count()).select_from(Contractor)) or 0) // 2)
            .limit(1)).one()
        statements = {"case_list_keyset": page_of(case_list_query(office_id, {}, day, calendar)
                                                  .where(tuple_(Case.received_on, Case.id)
                                                         < tuple_(*middle))),
                      "contractor_list_keyset": page_of(search_contractors(office_id).where(
                          tuple_(Contractor.name, Contractor.id) > tuple_(*named))),
                      "case_list": page_of(case_list_query(office_id, {}, day, calendar)),
                      "case_list_count": capped_count(case_list_query(office_id, {}, day, calendar)),
                      "contractor_list": page_of(search_contractors(office_id)),
                      "contractor_list_count": capped_count(search_contractors(office_id))}
        build: dict[str, float] = {}
        for name, q in inputs.items():
            samples = []
            for _ in range(RUNS):
                start = time.perf_counter()
                query = case_list_query(office_id, {"q": q}, day, calendar)
                samples.append((time.perf_counter() - start) * 1000)
            build[f"search_{name}"] = statistics.median(samples)
            statements[f"search_{name}"] = walk(query, Case.id)
            statements[f"search_{name}_page"] = listed_cases().where(
                among(Case.id, first_ids(query, Case.id)))
        # A page's money columns (workers, yuan owed and recovered), and a worker name's two
        # reads of the side index (as a worker's and as a contractor's name, together).
        statements["case_list_money"] = _money_statement().params(case_ids=bound_ids(
            first_ids(case_list_query(office_id, {}, day, calendar), Case.id)))
        counts, candidates = name_reads(office_id, worker.name)
        statements["search_worker_name_gram_counts"] = counts
        statements["search_worker_name_candidates"] = candidates
        for name, q in (("name_fragment", fragment), ("uscc_prefix", contractor.uscc[:14])):
            query = search_contractors(office_id, q=q)
            statements[f"contractor_search_{name}"] = walk(query, Contractor.id)
            statements[f"contractor_search_{name}_page"] = select(Contractor).where(
                among(Contractor.id, first_ids(query, Contractor.id)))
        everyone = ListFilters()
        candidates = candidate_query(office_id, everyone, day)
        flagged = candidate_query(office_id, everyone, day, POLICE_RULES, awaiting_proceeding=False)
        referred = referral_list_query(office_id, police_only=True, by_due=True)
        statements.update({
            "blacklist_candidates": page_of(candidates),
            "blacklist_candidates_count": capped_count(candidates),
            # The first page's rows: the candidates' flags as plain columns, the referrals' cases.
            "blacklist_candidates_rows": _flag_facts_statement((RULE,)).params(
                contractor_ids=bound_ids(db.session.scalars(page_of(candidates)))),
            "police_flagged": page_of(flagged, 20),
            "police_flagged_count": capped_count(flagged),
            "police_referrals": page_of(referred),
            "police_referrals_count": capped_count(referred),
            "police_referrals_cases": _case_labels_statement().params(
                case_ids=bound_ids(r.case_id for r in db.session.scalars(page_of(referred))))})
        cases = db.session.scalar(select(func.count()).select_from(Case))
        print(f"{cases} cases; office {office_id}; inputs: {inputs}")
        print(f"{'query':45} {'ms':>8} {'build ms':>9} {'former ms':>10}")
        for name, statement in statements.items():
            if args.only and name not in args.only:
                continue
            text_sql = sql(statement)
            plan = db.session.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + text_sql)).scalars()
            (PLANS / f"{name}.txt").write_text(
                f"-- {cases} cases\n{text_sql}\n\n" + "\n".join(plan) + "\n", encoding="utf-8")
            former = ""
            key = name.removeprefix("search_")
            if (not args.no_former and name.startswith("search_") and not name.endswith("_page")
                    and key in inputs):
                former = f"{timed(sql(page_of(former_search(office_id, inputs[key])))):10.1f}"
            built = f"{build[name]:9.1f}" if name in build else " " * 9
            print(f"{name:45} {timed(text_sql):8.1f} {built} {former:>10}")


if __name__ == "__main__":
    main()
