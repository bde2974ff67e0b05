"""One-to-many collections a page shows, read by statements built once instead of the ORM's own
lazy and selectin loads, which SQLAlchemy builds and keys afresh on every request."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Select, inspect, select
from sqlalchemy.orm.attributes import set_committed_value

from wagewatch.extensions import db
from wagewatch.services.bound_values import of_case
from wagewatch.services.id_sets import among_bound, bound_ids, built_per_database


def load_of_case(case: Any, relationship: Any, options: Sequence[Any] = ()) -> None:
    """``relationship`` (a collection of the case's records, ordered by id, as of_case reads
    them) set on ``case`` when not loaded yet, with the loader ``options`` (a module's constant:
    the statement is kept per options). A collection already loaded is left as it is."""
    key = relationship.key
    state = inspect(case)
    if key not in state.unloaded or state.key is None:
        return
    model = relationship.property.mapper.class_
    found = db.session.scalars(_of_case(model, tuple(options)), {"case_id": case.id})
    set_committed_value(case, key, list(found.unique()))


def load_children(parents: Iterable[Any], relationship: Any) -> None:
    """``relationship`` (a one-to-many collection ordered by id) of each of ``parents`` not
    loaded yet, all in one statement with the parents' ids bound. Collections already loaded
    are left as they are."""
    key = relationship.key
    missing = [parent for parent in parents if key in inspect(parent).unloaded]
    if not missing:
        return
    prop = relationship.property
    (_, remote), = prop.local_remote_pairs
    owner_key = prop.mapper.get_property_by_column(remote).key
    found: dict[Any, list[Any]] = defaultdict(list)
    for child in db.session.scalars(_children(prop.mapper.class_, remote),
                                    {"parent_ids": bound_ids(parent.id for parent in missing)}):
        found[getattr(child, owner_key)].append(child)
    for parent in missing:
        set_committed_value(parent, key, found.get(parent.id, []))


@cache
def _of_case(model: Any, options: tuple[Any, ...]) -> Select:
    return of_case(model).options(*options)


@built_per_database
def _children(model: Any, remote: Any) -> Select:
    return select(model).where(among_bound(remote, "parent_ids")).order_by(model.id)
