"""Index-driven search: each kind of input is one branch on its own index, joined with UNION."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import (
    CompoundSelect, Select, String, bindparam, exists, func, literal, select, union, union_all,
)
from sqlalchemy.orm import aliased

from wagewatch.extensions import db
from wagewatch.models import Case, CaseWorker, Contractor, SearchGram, Worker
from wagewatch.models.search import CONTRACTOR, WORKER
from wagewatch.rules.names import normalise_name
from wagewatch.rules.search_terms import SearchTerms, escape_like, fold, query_grams
from wagewatch.services.bound_values import CAP, OFFICE
from wagewatch.services.id_sets import among
from wagewatch.services.plain_rows import rows


#: Name matches of one kind looked at, at most: a fragment that many names share (经济 in every
#: "经济技术开发区" company) is searched among the most recently registered this many, and the
#: list says so (``common_fragment``), so a common fragment costs no more than a rare one.
CANDIDATE_CAP = 1000


# A search's fragments are read from the side index together: its statements bind the office
# (OFFICE), the cap (CAP) and, per (kind, fragment) pair, the kind (kind_I) and the grams
# (gram_I_J), and are built once per shape (the number of grams of each pair): built afresh, a
# search's statements of nested subqueries cost about a fifth of its Python to construct and key
# (benchmarks/README.md).
def _kind(pair: int) -> Any:
    return bindparam(f"kind_{pair}", type_=String)


def _gram(pair: int, position: int) -> Any:
    return bindparam(f"gram_{pair}_{position}", type_=String)


def _pair_params(office_id: int, pairs: list[tuple[str, list[str]]]) -> dict[str, Any]:
    """The values of the statements below for (kind, grams) pairs, in the order they were built."""
    params: dict[str, Any] = {"office_id": office_id, "cap": CANDIDATE_CAP + 1}
    for pair, (kind, grams) in enumerate(pairs):
        params[f"kind_{pair}"] = kind
        params.update({f"gram_{pair}_{position}": gram for position, gram in enumerate(grams)})
    return params


@cache
def _gram_counts_statement(sizes: tuple[int, ...]) -> Select:
    """How many records of each pair's kind hold each of its grams, each counted up to CAP by a
    bounded index-only scan of ix_search_gram_lookup, in one row."""
    def capped(pair: int, position: int):
        found = (select(literal(1)).where(SearchGram.office_id == OFFICE,
                                          SearchGram.kind == _kind(pair),
                                          SearchGram.gram == _gram(pair, position))
                 .limit(CAP).subquery())
        return select(func.count()).select_from(found).scalar_subquery()

    return select(*(capped(pair, position) for pair, size in enumerate(sizes)
                    for position in range(size)))


@cache
def _gram_alias(pair: int, position: int) -> Any:
    """The alias of the search index for a pair's gram at ``position`` (0: the driving one), the
    same object for every search: a fresh alias's columns are adapted again on first use."""
    return aliased(SearchGram)


def _candidates_of(pair: int, size: int) -> Select:
    """(pair, id) of the records of the pair's kind holding its ``size`` grams (the first drives,
    the others are probed by key), newest first, at most CAP of them."""
    driver = _gram_alias(pair, 0)
    query = select(literal(pair).label("pair"), driver.record_id.label("record_id")).where(
        driver.office_id == OFFICE, driver.kind == _kind(pair), driver.gram == _gram(pair, 0))
    for position in range(1, size):
        other = _gram_alias(pair, position)
        query = query.where(exists().where(other.kind == _kind(pair),
                                           other.record_id == driver.record_id,
                                           other.gram == _gram(pair, position)))
    return query.order_by(driver.record_id.desc()).limit(CAP)


@cache
def _candidates_statement(sizes: tuple[int, ...]) -> Select:
    """_candidates_of every pair in one statement, by pair and newest first."""
    if len(sizes) == 1:
        return _candidates_of(0, sizes[0])
    parts = [_candidates_of(pair, size).subquery() for pair, size in enumerate(sizes)]
    joined = union_all(*(select(part.c.pair, part.c.record_id) for part in parts)).subquery()
    return select(joined.c.pair, joined.c.record_id).order_by(joined.c.pair,
                                                              joined.c.record_id.desc())


class NameMatches:
    """The records each name fragment of one search finds, read once per kind and fragment: the
    search and its notice that a fragment is common (``common_fragment``) share them."""

    def __init__(self, office_id: int) -> None:
        self.office_id = office_id
        self._found: dict[tuple[str, str], list[int]] = {}

    def read(self, wanted: Iterable[tuple[str, str]]) -> None:
        """Find the candidates of every (kind, fragment) not read yet, all in two statements
        (the workers and the employers of one search): how many records hold each gram, then
        each fragment's candidates driven by its rarest gram; none for a fragment one of whose
        grams no record holds."""
        todo = [key for key in dict.fromkeys(wanted) if key not in self._found]
        grams = {key: sorted(query_grams(key[1])) for key in todo}
        self._found.update({key: [] for key in todo if not grams[key]})
        todo = [key for key in todo if grams[key]]
        if not todo:
            return
        counts = iter(db.session.execute(
            _gram_counts_statement(tuple(len(grams[key]) for key in todo)),
            _pair_params(self.office_id, [(kind, grams[kind, text]) for kind, text in todo])).one())
        driving: list[tuple[tuple[str, str], list[str]]] = []
        for key in todo:
            counted = {gram: next(counts) for gram in grams[key]}
            rarest = min(grams[key], key=lambda gram: (counted[gram], gram))
            if counted[rarest] == 0:
                self._found[key] = []
            else:
                driving.append((key, [rarest, *(g for g in grams[key] if g != rarest)]))
        if not driving:
            return
        found: dict[tuple[str, str], list[int]] = {key: [] for key, _ in driving}
        for pair, record_id in rows(
                _candidates_statement(tuple(len(ordered) for _, ordered in driving)),
                _pair_params(self.office_id, [(key[0], ordered) for key, ordered in driving])
        ).all():
            found[driving[pair][0]].append(record_id)
        self._found.update(found)

    def ids(self, kind: str, fragment: str) -> list[int]:
        """Ids of at most CANDIDATE_CAP + 1 ``kind`` records (the newest first) whose names hold
        every gram of ``fragment``: one more than the search looks at says the fragment is
        common. The database then confirms the fragment itself on the first CANDIDATE_CAP by
        primary key (given as a subquery, PostgreSQL may scan every name with ILIKE instead)."""
        self.read([(kind, fragment)])
        return self._found[kind, fragment]

    def searched(self, kind: str, fragment: str) -> list[int]:
        """The ids the search looks at, at most CANDIDATE_CAP (the newest). The callers pass them
        with ``among``: one array parameter on PostgreSQL, where an IN list of 1,000 placeholders
        cost each search about 8 ms of Python to render and for the driver to parse."""
        return self.ids(kind, fragment)[:CANDIDATE_CAP]


def common_fragment(office_id: int, terms: SearchTerms,
                    kinds: tuple[str, ...] = (WORKER, CONTRACTOR),
                    names: NameMatches | None = None) -> bool:
    """Whether the name fragment of ``terms`` is held by more than CANDIDATE_CAP workers or
    contractors, so that the search looked only at the most recently registered of them (read
    from ``names`` when the search's own are given)."""
    if not terms.name:
        return False
    names = names if names is not None else NameMatches(office_id)
    fragments = {(kind, terms.name) for kind in kinds}
    if CONTRACTOR in kinds:
        fragments |= {(CONTRACTOR, fragment) for fragment, _ in _contractor_texts(terms)}
    names.read(sorted(fragments))
    return any(len(names.ids(kind, fragment)) > CANDIDATE_CAP
               for kind, fragment in sorted(fragments))


def _uscc_prefix(prefix: str):
    """A USCC prefix condition that uses an index: GLOB on SQLite (binary collation), LIKE on
    PostgreSQL (served by the text_pattern_ops index); the prefix holds only [0-9A-Z]."""
    if db.session.get_bind().dialect.name == "sqlite":
        return Contractor.uscc.op("GLOB")(f"{prefix}*")
    return Contractor.uscc.like(f"{prefix}%")


def _one_gram(fragment: str) -> bool:
    """Whether ``fragment`` (folded) is one or two characters: then it is itself the one gram its
    matches hold (rules.search_terms.query_grams), and the side index's records are exactly those
    whose folded names (name, short name or name without legal form) contain it, with no ILIKE to
    confirm on each candidate: the two-character fragments clerks type most (恒金) skip reading
    up to a thousand names. Spaces and full-width forms aside, as the index has them."""
    return len(fold(fragment)) <= 2


def _contractor_fragments(terms: SearchTerms,
                          names: NameMatches) -> list[tuple[str, list[int], bool]]:
    """The name fragments searched among contractors with their candidates, and whether each is
    the fragment as typed (else it is the typed one without brackets, spaces and legal form,
    searched too when that differs: 徐州鑫源建设（有限公司） finds 徐州鑫源建设有限公司)."""
    return [(fragment, names.searched(CONTRACTOR, fragment), typed)
            for fragment, typed in _contractor_texts(terms)]


def _contractor_texts(terms: SearchTerms) -> list[tuple[str, bool]]:
    """_contractor_fragments' texts, before their candidates are read."""
    if not terms.name:
        return []
    normalised = normalise_name(terms.name)
    return [(terms.name, True)] + ([(normalised, False)] if normalised
                                   and normalised != fold(terms.name) else [])


def contractor_ids(office_id: int, terms: SearchTerms,
                   names: NameMatches | None = None) -> CompoundSelect | Select | None:
    """Ids of the office's contractors the search means: by phone, USCC prefix, ID number of an
    individual, or a name fragment (name, short name, or the name without brackets and legal form);
    ``names`` keeps the fragment's candidates for ``common_fragment``."""
    names = names if names is not None else NameMatches(office_id)
    names.read((CONTRACTOR, fragment) for fragment, _ in _contractor_texts(terms))
    branches: list[Select] = []
    base = select(Contractor.id).where(Contractor.office_id == office_id)
    if terms.phone:
        branches.append(base.where(Contractor.phone == terms.phone))
    if terms.id_number:
        branches.append(base.where(Contractor.id_number == terms.id_number))
    if terms.uscc_prefix:
        branches.append(base.where(_uscc_prefix(terms.uscc_prefix)))
    for fragment, ids, typed in _contractor_fragments(terms, names):
        if _one_gram(fragment):
            branches.append(base.where(among(Contractor.id, ids)))
        elif typed:  # in the name or short name as typed, or in the name without legal form
            like = f"%{escape_like(fragment)}%"
            branches.append(base.where(
                among(Contractor.id, ids),
                Contractor.name.ilike(like, escape="\\") | Contractor.short_name.ilike(like, escape="\\")
                | Contractor.normalised_name.like(f"%{escape_like(fold(fragment))}%", escape="\\")))
        else:
            branches.append(base.where(
                among(Contractor.id, ids),
                Contractor.normalised_name.like(f"%{escape_like(fragment)}%", escape="\\")))
    return _union(branches)


def worker_ids(office_id: int, terms: SearchTerms,
               names: NameMatches | None = None) -> CompoundSelect | Select | None:
    """Ids of the office's workers the search means: the exact ID number (unique index), the
    phone, or a name fragment; never a LIKE over ID numbers."""
    names = names if names is not None else NameMatches(office_id)
    branches: list[Select] = []
    base = select(Worker.id).where(Worker.office_id == office_id)
    if terms.id_number:
        branches.append(base.where(Worker.id_number == terms.id_number))
    if terms.phone:
        branches.append(base.where(Worker.phone == terms.phone))
    if terms.name:
        found = among(Worker.id, names.searched(WORKER, terms.name))
        branches.append(base.where(found) if _one_gram(terms.name) else base.where(
            found, Worker.name.ilike(f"%{escape_like(terms.name)}%", escape="\\")))
    return _union(branches)


def case_ids(office_id: int, terms: SearchTerms,
             names: NameMatches | None = None) -> CompoundSelect | Select | None:
    """Ids of the office's cases the search means: by number (office, year, sequence), or as the
    cases of the workers and employers it finds (their name candidates kept in ``names``)."""
    names = names if names is not None else NameMatches(office_id)
    if terms.name:  # the workers' and the employers' candidates read together
        names.read([(WORKER, terms.name),
                    *((CONTRACTOR, fragment) for fragment, _ in _contractor_texts(terms))])
    branches: list[Select] = []
    if terms.seq is not None:
        by_number = select(Case.id).where(Case.office_id == office_id, Case.number_seq == terms.seq)
        if terms.year is not None:
            by_number = by_number.where(Case.number_year == terms.year)
        branches.append(by_number)
    if terms.name and _one_gram(terms.name) and not (terms.phone or terms.id_number
                                                    or terms.uscc_prefix):
        # A name alone of one gram: the candidates are the matches, their cases read by the
        # workers' and employers' ids straight from the index (not through each name again).
        branches.append(select(CaseWorker.case_id).where(
            among(CaseWorker.worker_id, names.searched(WORKER, terms.name))))
        branches.extend(select(Case.id).where(Case.office_id == office_id,
                                              among(Case.employer_id, ids))
                        for _, ids, _typed in _contractor_fragments(terms, names))
        return _union(branches)
    workers = worker_ids(office_id, terms, names)
    if workers is not None:
        branches.append(select(CaseWorker.case_id).where(
            CaseWorker.worker_id.in_(workers.scalar_subquery())))
    employers = contractor_ids(office_id, terms, names)
    if employers is not None:
        branches.append(select(Case.id).where(
            Case.office_id == office_id, Case.employer_id.in_(employers.scalar_subquery())))
    return _union(branches)


def _union(branches: list[Select]) -> CompoundSelect | Select | None:
    if not branches:
        return None
    return branches[0] if len(branches) == 1 else union(*branches)
