"""Filters over the corpus that compose: each one narrows the rows, all reach SQL as bound
parameters, and full-text queries are matched word by word, literally (FTS syntax typed by
a user is searched for, never run).

Rows come in storage order (documents as they were ingested, a document's rows as its
report lists them), which the primary key serves, so a first page is quick however many
rows match.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, get_args

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy import column as column_clause
from sqlalchemy import table as table_clause

from reportedly.corpus import tables as t
from reportedly.corpus.actors import match_keys
from reportedly.entities.names import fold
from reportedly.linking.kinds import LinkKind
from reportedly.model import ClaimForm, EventCategory, Modality, SourceKind, Stance

CHOICES = {
    "source_kind": get_args(SourceKind),
    "stance": get_args(Stance),
    "form": get_args(ClaimForm),
    "type": get_args(EventCategory),
    "modality": get_args(Modality),
    "link": get_args(LinkKind),
}
#: Claims about a place from which a scan in claim order beats collecting them first.
COMMON_PLACE = 2_000
#: A walk in claim order is tried for documents filters matching this many times the share
#: where walking and collecting cost the same (a claim walked costs more than one collected)...
WALK_FROM = 3
#: ... and goes this many times the distance that share predicts before the claims of the
#: matching documents are collected instead.
WALK_BUDGET = 2
#: The largest limit or offset (what a 64-bit database integer and a double both hold).
BIGGEST = 2**53
KINDS = ("claims", "actors", "documents", "quantities", "places", "events", "stories", "links")


class QueryError(ValueError):
    """A filter that cannot be applied: said as a usage error."""


@dataclass(frozen=True)
class Filters:
    actor: str | None = None
    source_kind: str | None = None
    stance: str | None = None
    form: str | None = None
    type: str | None = None
    modality: str | None = None
    link: str | None = None
    story: str | None = None
    outlet: str | None = None
    place: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value: Any = getattr(self, name)
            if isinstance(value, str):
                try:
                    object.__setattr__(self, name, dt.date.fromisoformat(value))
                except ValueError:
                    raise QueryError(f"--{name} {value!r} is not a date (YYYY-MM-DD)") from None
        for name in ("limit", "offset"):  # a database integer holds them
            value = getattr(self, name)
            if value is not None and not 0 <= value <= BIGGEST:
                raise QueryError(f"--{name} {value}: from 0 to {BIGGEST}")
        for name in ("type", "modality"):  # PLOVER categories are upper case, modalities lower
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, value.upper() if name == "type" else value.lower())

    def given(self) -> set[str]:
        skip = {"limit", "offset"}
        return {k for k, v in vars(self).items() if k not in skip and v is not None}


#: Which filters each kind of row takes.
ACCEPTS = {
    "claims": {
        "actor",
        "source_kind",
        "stance",
        "form",
        "outlet",
        "place",
        "since",
        "until",
        "text",
    },
    "quantities": {"actor", "source_kind", "stance", "outlet", "place", "since", "until", "text"},
    "documents": {"actor", "outlet", "place", "since", "until", "text"},
    "actors": {"actor", "outlet", "since", "until"},
    "places": {"place", "outlet", "since", "until"},
    "events": {
        "type",
        "modality",
        "actor",
        "source_kind",
        "outlet",
        "place",
        "since",
        "until",
        "text",
    },
    "stories": {"story", "since", "until", "text"},
    "links": {"link", "story", "outlet", "since", "until", "text"},
}


def rows(connection: Connection, kind: str, filters: Filters) -> Iterator[dict[str, Any]]:
    """The rows of ``kind`` that pass ``filters``, streamed."""
    check(kind, filters)
    statement = BUILDERS[kind](connection, filters)
    if kind != "claims":  # claims choose their page inside
        statement = _page(statement, filters)
    result = connection.execution_options(stream_results=True, yield_per=500).execute(statement)
    for row in result:
        found = dict(row._mapping)
        if kind == "stories":  # stored as JSON lists
            found["actors"], found["places"] = (
                json.loads(found["actors"]),
                json.loads(found["places"]),
            )
        yield found


def count(connection: Connection, kind: str, filters: Filters, cap: int) -> int:
    """How many rows of ``kind`` pass ``filters``, counting no further than ``cap`` (a
    result count stays quick on a corpus of millions)."""
    check(kind, filters)
    capped = dataclasses.replace(filters, limit=cap, offset=0)
    statement = BUILDERS[kind](connection, capped)
    if kind != "claims":
        statement = _page(statement, capped)
    return int(
        connection.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    )


def check(kind: str, filters: Filters) -> None:
    """Raise ``QueryError`` for an unknown kind, a filter it does not take, or a bad value."""
    if kind not in ACCEPTS:
        raise QueryError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    extra = filters.given() - ACCEPTS[kind]
    if extra:
        flags = ", ".join("--" + name.replace("_", "-") for name in sorted(extra))
        raise QueryError(f"{flags} do not apply to {kind}")
    for name, allowed in CHOICES.items():
        value = getattr(filters, name)
        if value is not None and value not in allowed:
            flag = "--" + name.replace("_", "-")
            raise QueryError(f"{flag} {value!r}: one of {', '.join(allowed)}")
    if filters.text is not None and not filters.text.split():
        raise QueryError("--text is empty")
    for name, value in vars(filters).items():
        if isinstance(value, str) and "\x00" in value:  # neither database stores or finds NUL
            raise QueryError(f"--{name.replace('_', '-')} holds a NUL character")


# -- shared conditions ----------------------------------------------------------------------


def _document_conditions(
    filters: Filters, documents: Any = t.documents
) -> list[ColumnElement[bool]]:
    d = documents.c
    conditions: list[ColumnElement[bool]] = []
    if filters.outlet is not None:
        conditions.append(func.lower(d.outlet) == filters.outlet.lower())
    if filters.since is not None:
        conditions.append(d.published >= filters.since)
    if filters.until is not None:
        conditions.append(d.published <= filters.until)
    return conditions


def actor_ids(name: str) -> Select[Any]:
    """Actors a typed name may mean: by surname or folded name key, or any variant seen;
    ``#12`` is the actor with id 12 (as ``query actors`` lists them)."""
    if name.startswith("#") and name[1:].isdigit() and len(name) <= 16:
        return select(t.actors.c.id).where(t.actors.c.id == int(name[1:]))
    folded = " ".join(fold(name).split())
    return select(t.actors.c.id).where(
        or_(
            t.actors.c.match_key.in_(sorted(match_keys(name))),
            t.actors.c.id.in_(
                select(t.actor_variants.c.actor_id).where(t.actor_variants.c.folded == folded)
            ),
        )
    )


def found_actors(connection: Connection, name: str) -> list[int]:
    """The ids of the actors a typed name may mean, looked up before the rows are: a few
    bound ids let each back end's planner read them off its statistics and indexes (a
    subquery in their place was guessed to match half the actors, and PostgreSQL then
    scanned every source once per claim)."""
    return sorted(int(i) for i in connection.execute(actor_ids(name)).scalars())


def place_condition(value: str) -> ColumnElement[bool]:
    """A place by name (any case), GeoNames id (digits) or ISO code (``UA``, ``UA-63``)."""
    p = t.places.c
    options: list[ColumnElement[bool]] = [func.lower(p.name) == value.lower()]
    if value.isdigit():
        options.append(p.geonames_id == int(value))
    if 2 <= len(value) <= 6 and value.replace("-", "").isalnum():
        options.append(p.iso_code == value.upper())
        if len(value) == 2:
            options.append(p.country_code == value.upper())
    return or_(*options)


def _claim_conditions(connection: Connection, filters: Filters) -> list[ColumnElement[bool]]:
    c = t.claims.c
    conditions: list[ColumnElement[bool]] = []
    if filters.actor is not None:
        ids = found_actors(connection, filters.actor)
        # IN over indexed columns, not a correlated EXISTS: the planner can then start from
        # the actor's few rows instead of testing every claim.
        in_chain = select(t.sources.c.claim_id).where(t.sources.c.actor_id.in_(ids))
        conditions.append(or_(c.actor_id.in_(ids), c.id.in_(in_chain)))
    for name in ("source_kind", "stance", "form"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(getattr(c, name) == value)
    if filters.place is not None:
        about = (
            select(t.claim_places.c.claim_id)
            .join(t.places, t.places.c.id == t.claim_places.c.place_id)
            .where(place_condition(filters.place))
        )
        # A place named in many claims: walk the claims in order and stop at the page's end;
        # a rare one: start from its few claims.
        common = connection.execute(
            select(func.count()).select_from(about.limit(COMMON_PLACE).subquery())
        ).scalar_one()
        if common >= COMMON_PLACE:
            conditions.append(about.where(t.claim_places.c.claim_id == c.id).exists())
        else:
            conditions.append(c.id.in_(about))
    if filters.text is not None:
        conditions.append(full_text(connection, "claims", filters.text))
    return conditions


def full_text(connection: Connection, table: str, query: str) -> ColumnElement[bool]:
    """Rows of ``table`` whose indexed text holds every word of ``query``."""
    column = t.metadata.tables[table].c.id
    if connection.dialect.name == "sqlite":
        # Each word a quoted FTS5 string: operators, parentheses and column filters a user
        # types are searched for as words, never interpreted.
        words = " ".join('"' + word.replace('"', '""') + '"' for word in query.split())
        name = f"{table}_fts"
        index = table_clause(name, column_clause("rowid"))
        matched: ColumnElement[bool] = literal_column(name).op("MATCH")(words)
        return column.in_(select(index.c.rowid).where(matched))
    if connection.dialect.name == "postgresql":
        search: ColumnElement[Any] = literal_column(f"{table}.search")
        return search.op("@@")(func.websearch_to_tsquery("english", query))
    raise QueryError(f"full-text search is not available on {connection.dialect.name}")


def _page(statement: Select[Any], filters: Filters) -> Select[Any]:
    if filters.limit is not None:
        statement = statement.limit(filters.limit)
    if filters.offset:
        statement = statement.offset(filters.offset)
    return statement


# -- one builder per kind -----------------------------------------------------------------


def _claims(connection: Connection, filters: Filters) -> Select[Any]:
    c, d = t.claims.c, t.documents.c
    # The page is chosen on ids alone (narrow rows, covering indexes), then its rows are
    # fetched whole: sorting every match with its text is what made wide filters slow.
    conditions = _claim_conditions(connection, filters)
    page: Select[Any] | list[int]
    if _document_conditions(filters):
        page = _page_by_documents(connection, filters, conditions)
    else:
        page = _page(select(c.id).where(and_(true(), *conditions)).order_by(c.id), filters)
    return (
        select(
            c.id.label("claim_id"),
            c.document_id,
            d.report_id.label("document"),
            d.origin,
            d.outlet,
            d.published,
            c.local_id,
            c.cue,
            c.cue_start,
            c.cue_end,
            c.source_kind,
            c.source_name,
            c.source_start,
            c.source_end,
            c.chain,
            c.stance,
            c.form,
            c.content_text,
            c.content_start,
            c.content_end,
            c.confidence,
            t.actors.c.name.label("actor"),
        )
        .join(t.documents, d.id == c.document_id)
        .outerjoin(t.actors, t.actors.c.id == c.actor_id)
        .where(c.id.in_(page))
        .order_by(c.id)
    )


def _page_by_documents(
    connection: Connection, filters: Filters, conditions: list[ColumnElement[bool]]
) -> Select[Any] | list[int]:
    """The page of claims whose documents pass the outlet and date filters.

    Collecting the claims of every matching document and sorting them costs what they are
    many; walking the claims in id order and testing each one's document costs about the
    page over the documents' share. A filter that matches few documents is collected; a
    wide one is walked, but only so far (``WALK_BUDGET`` times the predicted distance): if
    the matching documents are bunched later in the corpus (an outlet ingested last), the
    rest of the page is collected from where the walk stopped. Either way the page is the
    same, in claim order.

    The choice is made here, on both back ends: SQLite plans without statistics and always
    collects; PostgreSQL's planner walks the primary key whenever the share is wide, and
    read 1.5 M claims to reach an outlet ingested last. Collecting is therefore ordered by
    ``id + 0``, which no index serves, so that it is never turned into an unbounded walk.
    """
    c, d = t.claims.c, t.documents.c
    chosen = select(d.id).where(*_document_conditions(filters))
    matching = select(c.id).where(*conditions, c.document_id.in_(chosen))
    if filters.limit is None:
        return _page(matching.order_by(c.id), filters)
    collect = matching.order_by(c.id + 0)
    need = filters.offset + filters.limit
    # Each bound alone, so that both back ends read it off the primary key.
    low, high, documents = connection.execute(
        select(
            select(func.min(c.id)).scalar_subquery(),
            select(func.max(c.id)).scalar_subquery(),
            select(func.max(d.id)).scalar_subquery(),
        )
    ).one()
    if low is None or not documents or need == 0:
        return _page(collect, filters)
    claims = high - low + 1
    # A walk reads about need * documents / matched claims, collecting matched * claims /
    # documents: they cost the same at matched = documents * sqrt(need / claims).
    enough = math.ceil(WALK_FROM * documents * math.sqrt(need / claims))
    matched = connection.execute(
        select(func.count()).select_from(chosen.limit(enough).subquery())
    ).scalar_one()
    if matched < enough:
        return _page(collect, filters)
    end = low + WALK_BUDGET * math.ceil(need * documents / matched)
    document = t.documents.alias("document")
    walk = (
        select(c.id)
        .where(
            c.id < end,
            *conditions,
            select(document.c.id)
            .where(document.c.id == c.document_id, *_document_conditions(filters, document))
            .exists(),
        )
        .order_by(c.id)
        .limit(need)
    )
    ids = list(connection.execute(walk).scalars())
    if len(ids) < need and end <= high:
        ids += connection.execute(collect.where(c.id >= end).limit(need - len(ids))).scalars()
    return ids[filters.offset :]


def _quantities(connection: Connection, filters: Filters) -> Select[Any]:
    q, c, d = t.quantities.c, t.claims.c, t.documents.c
    claim_filters = Filters(
        actor=filters.actor,
        source_kind=filters.source_kind,
        stance=filters.stance,
        place=filters.place,
    )
    claim_conditions = _claim_conditions(connection, claim_filters)
    conditions = [*_document_conditions(filters), *claim_conditions]
    if claim_conditions:
        conditions.append(q.claim_id.is_not(None))
    if filters.text is not None:
        conditions.append(full_text(connection, "documents", filters.text))
    return (
        select(
            q.id.label("quantity_id"),
            q.document_id,
            d.report_id.label("document"),
            d.outlet,
            d.published,
            q.local_id,
            q.text,
            q.start,
            q.end,
            q.value,
            q.low,
            q.high,
            q.change,
            q.approximate,
            q.unit,
            q.concept,
            q.qualifier,
            c.local_id.label("claim"),
            c.source_name,
            c.source_kind,
        )
        .join(t.documents, d.id == q.document_id)
        .outerjoin(t.claims, c.id == q.claim_id)
        .where(and_(true(), *conditions))
        .order_by(q.id)
    )


def _documents(connection: Connection, filters: Filters) -> Select[Any]:
    d = t.documents.c
    conditions = _document_conditions(filters)
    if filters.actor is not None:
        conditions.append(
            exists().where(
                t.entities.c.document_id == d.id,
                t.entities.c.actor_id.in_(found_actors(connection, filters.actor)),
            )
        )
    if filters.place is not None:
        conditions.append(
            exists().where(t.places.c.document_id == d.id).where(place_condition(filters.place))
        )
    if filters.text is not None:
        conditions.append(full_text(connection, "documents", filters.text))
    claims = (
        select(func.count())
        .where(t.claims.c.document_id == d.id)
        .correlate(t.documents)
        .scalar_subquery()
    )
    return (
        select(
            d.id.label("document_id"),
            d.report_id.label("document"),
            d.origin,
            d.outlet,
            d.published,
            d.title,
            d.url,
            claims.label("claims"),
            d.engine,
            d.ingested_at,
        )
        .where(and_(true(), *conditions))
        .order_by(d.id)
    )


def _actors(connection: Connection, filters: Filters) -> Select[Any]:
    a, v = t.actors.c, t.actor_variants.c
    conditions: list[ColumnElement[bool]] = []
    if filters.actor is not None:
        conditions.append(a.id.in_(found_actors(connection, filters.actor)))
    document_conditions = _document_conditions(filters)
    if filters.outlet is not None:
        conditions.append(
            exists().where(v.actor_id == a.id, func.lower(v.outlet) == filters.outlet.lower())
        )
    if filters.since is not None or filters.until is not None:
        conditions.append(
            exists()
            .where(t.entities.c.actor_id == a.id, t.entities.c.document_id == t.documents.c.id)
            .where(*document_conditions)
        )
    documents = (
        select(func.count(func.distinct(t.entities.c.document_id)))
        .where(t.entities.c.actor_id == a.id)
        .correlate(t.actors)
        .scalar_subquery()
    )
    mentions = (
        select(func.coalesce(func.sum(v.count), 0))
        .where(v.actor_id == a.id)
        .correlate(t.actors)
        .scalar_subquery()
    )
    return (
        select(
            a.id.label("actor_id"),
            a.type,
            a.name,
            a.key,
            documents.label("documents"),
            mentions.label("mentions"),
        )
        .where(and_(true(), *conditions))
        .order_by(mentions.desc(), a.id)
    )


def _places(connection: Connection, filters: Filters) -> Select[Any]:
    p, d = t.places.c, t.documents.c
    conditions = _document_conditions(filters)
    if filters.place is not None:
        conditions.append(place_condition(filters.place))
    return (
        select(
            p.id.label("place_id"),
            p.document_id,
            d.report_id.label("document"),
            d.outlet,
            d.published,
            p.local_id,
            p.name,
            p.feature,
            p.geonames_id,
            p.iso_code,
            p.country_code,
            p.latitude,
            p.longitude,
            p.confidence,
            p.mentions,
        )
        .join(t.documents, d.id == p.document_id)
        .where(and_(true(), *conditions))
        .order_by(p.id)
    )


def _events(connection: Connection, filters: Filters) -> Select[Any]:
    e, d, c = t.events.c, t.documents.c, t.claims.c
    who = t.event_actors.c
    conditions = _document_conditions(filters)
    if filters.type is not None:  # the category named, or the one a PLOVER coder records
        conditions.append(or_(e.type == filters.type, e.plover_type == filters.type))
    if filters.modality is not None:
        conditions.append(e.modality == filters.modality)
    if filters.actor is not None:
        folded = " ".join(fold(filters.actor).split())
        taking_part = select(who.event_id).where(
            or_(
                who.actor_id.in_(found_actors(connection, filters.actor)),
                and_(who.actor_id.is_(None), who.folded == folded),
            )
        )
        conditions.append(e.id.in_(taking_part))
    if filters.source_kind is not None:
        conditions.append(e.claim_id.in_(select(c.id).where(c.source_kind == filters.source_kind)))
    if filters.place is not None:
        conditions.append(
            e.place_id.in_(select(t.places.c.id).where(place_condition(filters.place)))
        )
    if filters.text is not None:
        conditions.append(
            e.document_id.in_(select(d.id).where(full_text(connection, "documents", filters.text)))
        )
    return (
        select(
            e.id.label("event_id"),
            e.document_id,
            d.report_id.label("document"),
            d.origin,
            d.outlet,
            d.published,
            e.local_id,
            e.trigger_text.label("trigger"),
            e.trigger_start,
            e.trigger_end,
            e.type,
            e.plover_type,
            e.mode,
            e.modality,
            e.context,
            t.times.c.text.label("time"),
            t.times.c.value.label("time_value"),
            t.places.c.name.label("place"),
            t.places.c.geonames_id,
            c.local_id.label("claim"),
            c.source_name,
            c.source_kind,
            e.confidence,
        )
        .join(t.documents, d.id == e.document_id)
        .outerjoin(t.times, t.times.c.id == e.time_id)
        .outerjoin(t.places, t.places.c.id == e.place_id)
        .outerjoin(t.claims, c.id == e.claim_id)
        .where(and_(true(), *conditions))
        .order_by(e.id)
    )


def participants(connection: Connection, event_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """The names of each event's actors and recipients, in the order the event lists them."""
    found: dict[int, dict[str, list[str]]] = {}
    if not event_ids:
        return found
    a = t.event_actors.c
    for row in connection.execute(
        select(a.event_id, a.role, a.name)
        .where(a.event_id.in_(event_ids))
        .order_by(a.event_id, a.role, a.position)
    ):
        roles = found.setdefault(row.event_id, {"actor": [], "recipient": []})
        roles.setdefault(row.role, []).append(row.name)
    return found


def variants(
    connection: Connection, actor_ids_: list[int]
) -> dict[int, list[tuple[str, str, int]]]:
    """(variant, outlet, count) per actor, most seen first."""
    found: dict[int, list[tuple[str, str, int]]] = {}
    if not actor_ids_:
        return found
    v = t.actor_variants.c
    for row in connection.execute(
        select(v.actor_id, v.variant, v.outlet, v.count)
        .where(v.actor_id.in_(actor_ids_))
        .order_by(v.actor_id, v.count.desc(), v.variant)
    ):
        found.setdefault(row.actor_id, []).append((row.variant, row.outlet, int(row[3])))
    return found


def _stories(connection: Connection, filters: Filters) -> Select[Any]:
    """Stories (as ``reportedly stories`` files them), the largest first; the dates filter on
    the span of the story's articles, ``--text`` on its title."""
    s = t.stories.c
    conditions: list[ColumnElement[bool]] = []
    if filters.story is not None:
        conditions.append(s.id == filters.story)
    if filters.since is not None:
        conditions.append(s.last_published >= filters.since)
    if filters.until is not None:
        conditions.append(s.first_published <= filters.until)
    if filters.text is not None:
        conditions.append(func.lower(s.title).contains(filters.text.lower(), autoescape=True))
    return (
        select(
            s.id.label("story"),
            s.title,
            s.first_published,
            s.last_published,
            s.articles,
            s.origins,
            s.links,
            s.actors,
            s.places,
        )
        .where(and_(true(), *conditions))
        .order_by(s.articles.desc(), s.id)
    )


def _links(connection: Connection, filters: Filters) -> Select[Any]:
    """Links between the items of a story's articles; outlet and dates filter on either
    end's document, ``--text`` on either end's words."""
    link, d = t.links.c, t.documents.c
    first, second = t.documents.alias("a_document"), t.documents.alias("b_document")
    conditions: list[ColumnElement[bool]] = []
    if filters.link is not None:
        conditions.append(link.kind == filters.link)
    if filters.story is not None:
        conditions.append(link.story_id == filters.story)
    documents = _document_conditions(filters)
    if documents:
        chosen = select(d.id).where(*documents)
        conditions.append(or_(link.a_document_id.in_(chosen), link.b_document_id.in_(chosen)))
    if filters.text is not None:
        words = filters.text.lower()
        conditions.append(
            or_(
                func.lower(link.a_text).contains(words, autoescape=True),
                func.lower(link.b_text).contains(words, autoescape=True),
            )
        )
    ends = [
        column.label(column.name)
        for column in t.links.columns
        if column.name.startswith(("a_", "b_")) and not column.name.endswith("document_id")
    ]
    return (
        select(
            link.id.label("link_id"),
            link.story_id.label("story"),
            link.kind,
            link.confidence,
            link.rule,
            link.explanation,
            first.c.report_id.label("a_document"),
            second.c.report_id.label("b_document"),
            *ends,
        )
        .join(first, first.c.id == link.a_document_id)
        .join(second, second.c.id == link.b_document_id)
        .where(and_(true(), *conditions))
        .order_by(link.id)
    )


BUILDERS = {
    "claims": _claims,
    "quantities": _quantities,
    "documents": _documents,
    "actors": _actors,
    "places": _places,
    "events": _events,
    "stories": _stories,
    "links": _links,
}

__all__ = [
    "ACCEPTS",
    "KINDS",
    "Filters",
    "QueryError",
    "check",
    "count",
    "false",
    "participants",
    "rows",
    "variants",
]
