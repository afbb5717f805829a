"""Corpus actors in a database: a document's entities resolved to actor ids (creating the
actors not seen before, promoting a person first seen by surname alone), and the variants
each actor was named by, counted per outlet.

The store runs these in each document's transaction; ``corpus.dataset`` runs them on a
scratch SQLite database of these two tables alone, so a dataset written without a corpus
gets the actor ids an ingest into an empty database gives.
"""

from __future__ import annotations

from sqlalchemy import Connection, TextClause, bindparam, delete, func, select, text, update
from sqlalchemy.exc import IntegrityError

from reportedly.corpus import tables as t
from reportedly.corpus.actors import ActorKey
from reportedly.corpus.rows import ReportRows
from reportedly.entities.names import fold


def insert_text(table: t.Table, tail: str) -> TextClause:
    """``INSERT INTO table (every column but a generated id) VALUES (...) tail``, as text with
    typed parameters: the same SQL on SQLite and PostgreSQL, and compiled once. (The dialects'
    own ``insert().on_conflict_...`` constructs are compiled anew at every execution: they
    cannot be cached.)"""
    columns = [c for c in table.columns if not (c.primary_key and c.name == "id")]
    names = ", ".join(f'"{c.name}"' for c in columns)
    values = ", ".join(f":{c.name}" for c in columns)
    statement = text(f"INSERT INTO {table.name} ({names}) VALUES ({values}) {tail}")
    return statement.bindparams(*(bindparam(c.name, type_=c.type) for c in columns))


ADD_ACTOR = insert_text(t.actors, 'ON CONFLICT ("key") DO NOTHING')
COUNT_VARIANT = insert_text(
    t.actor_variants,
    "ON CONFLICT (actor_id, variant, outlet) "
    "DO UPDATE SET count = actor_variants.count + excluded.count",
)


def resolve_actors(connection: Connection, keys: dict[str, ActorKey]) -> dict[str, int]:
    """Corpus actor ids for a document's entities, creating actors not seen before.
    Actors are only ever added, so their ids stay stable as documents arrive."""
    by_key = _ids_by_key(connection, {key.key for key in keys.values()})
    # Keys in one order for every writer: two transactions never wait on each other
    # in a cycle.
    missing = sorted(
        {key.key: key for key in keys.values() if key.key not in by_key}.values(),
        key=lambda key: key.key,
    )
    surname_only = _ids_by_key(
        connection,
        {f"PERSON::{k.match_key}" for k in missing if k.type == "PERSON" and not k.surname_only},
    )
    new: list[ActorKey] = []
    for key in missing:
        actor_id: int | None = None
        if key.surname_only:
            actor_id = _best_for_surname(connection, key)
        elif f"PERSON::{key.match_key}" in surname_only:
            actor_id = _promote_surname_only(connection, key)
        if actor_id is None:
            new.append(key)
        else:
            by_key[key.key] = actor_id
    if new:
        connection.execute(
            ADD_ACTOR,
            [{"key": k.key, "type": k.type, "name": k.name, "match_key": k.match_key} for k in new],
        )
        by_key.update(_ids_by_key(connection, {k.key for k in new}))
    return {local_id: by_key[key.key] for local_id, key in keys.items()}


def count_variants(
    connection: Connection,
    rows: ReportRows,
    actor_ids: dict[str, int],
    *,
    sign: int,
    outlet: str | None = None,
) -> None:
    """Add (``sign`` 1) or take back (-1) the variants a document's actors were named by, per
    outlet."""
    outlet = (rows.document["outlet"] or "") if outlet is None else outlet
    counts: dict[tuple[int, str], int] = {}
    for (local_id, variant), n in rows.variants.items():
        if local_id in actor_ids:
            key = (actor_ids[local_id], variant[:300])
            counts[key] = counts.get(key, 0) + n
    if counts:
        connection.execute(
            COUNT_VARIANT,
            [
                {
                    "actor_id": actor_id,
                    "variant": variant,
                    "outlet": outlet[:300],
                    "folded": " ".join(fold(variant).split()),
                    "count": sign * n,
                }
                for (actor_id, variant), n in sorted(counts.items())
            ],
        )
    if sign < 0:
        connection.execute(delete(t.actor_variants).where(t.actor_variants.c.count <= 0))


def _ids_by_key(connection: Connection, keys: set[str]) -> dict[str, int]:
    if not keys:
        return {}
    query = select(t.actors.c.key, t.actors.c.id).where(t.actors.c.key.in_(sorted(keys)))
    return {key: int(actor_id) for key, actor_id in connection.execute(query)}


def _best_for_surname(connection: Connection, key: ActorKey) -> int | None:
    """The person most often seen with this surname, for a mention by surname alone."""
    seen = (
        select(t.actors.c.id)
        .join(t.actor_variants, t.actor_variants.c.actor_id == t.actors.c.id, isouter=True)
        .where(t.actors.c.type == "PERSON", t.actors.c.match_key == key.match_key)
        .group_by(t.actors.c.id)
        .order_by(func.coalesce(func.sum(t.actor_variants.c.count), 0).desc(), t.actors.c.id)
        .limit(1)
    )
    return connection.execute(seen).scalar()


def _promote_surname_only(connection: Connection, key: ActorKey) -> int | None:
    """A person first seen by surname alone ("Zelenskiy") becomes the actor of the first full
    name with that surname ("Volodymyr Zelenskyy"): it keeps its id and takes the full name."""
    if key.type != "PERSON":
        return None
    a = t.actors.c
    surname_only = f"PERSON::{key.match_key}"
    try:
        with connection.begin_nested():
            promoted = connection.execute(
                update(t.actors)
                .where(a.key == surname_only)
                .values(key=key.key, name=key.name)
                .returning(a.id)
            ).scalar()
    except IntegrityError:  # another writer gave that full name an actor meanwhile
        return None
    return None if promoted is None else int(promoted)


__all__ = ["ADD_ACTOR", "COUNT_VARIANT", "count_variants", "insert_text", "resolve_actors"]
