"""The corpus tables (SQLAlchemy Core): one row per document, its full report, and the
normalised rows users filter on. The column layout is documented in ``docs/corpus.md``;
migrations (``corpus/migrations``) create and change it.

Record ids inside a report are document-local (``c1``, ``e3``); the tables keep them as
``local_id`` next to a database-wide integer ``id``, so a row names its document and its
record. Character offsets are ``[start, end)`` into the document's analysed text.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _document_fk() -> Column[int]:
    return Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _claim_fk() -> Column[int]:
    return Column(
        "claim_id", Integer, ForeignKey("claims.id", ondelete="SET NULL"), nullable=True, index=True
    )


def _figure_columns() -> list[Column[Any]]:
    """What a quantity and a time expression both have: their document, claim and span."""
    return [
        Column("id", Integer, primary_key=True),
        _document_fk(),
        Column("local_id", String(32), nullable=False),
        _claim_fk(),
        Column("text", Text, nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
    ]


documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("content_key", String(64), nullable=False, unique=True),  # SHA-256 of the input text
    Column("report_id", String(200), nullable=False),  # Document.id in the report
    Column("origin", Text),
    Column("url", Text),
    Column("outlet", String(300), index=True),
    Column("published", Date, index=True),
    Column("title", Text),
    Column("author", Text),
    Column("language", String(16)),
    Column("input_format", String(16)),
    Column("text", Text, nullable=False),
    Column("input_text", Text),  # the input as read, when repair changed it; else NULL
    Column("report", Text, nullable=False),  # the full reportedly/1 record, as JSON
    Column("engine", String(300), nullable=False, index=True),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("type", String(16), nullable=False),
    Column("name", String(300), nullable=False),
    # What a name typed by a user is matched on: a person's surname key, else the folded name.
    Column("match_key", String(300), nullable=False, index=True),
)

actor_variants = Table(
    "actor_variants",
    metadata,
    Column(
        "actor_id",
        Integer,
        ForeignKey("actors.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("variant", String(300), primary_key=True),
    Column("outlet", String(300), primary_key=True),  # "" when the outlet is unknown
    Column("folded", String(300), nullable=False, index=True),  # lower case, no accents
    Column("count", Integer, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_fk(),
    Column("local_id", String(32), nullable=False),
    Column("type", String(16), nullable=False),
    Column("canonical", String(300), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), index=True),
    Column("mentions", Integer, nullable=False),
    Column("place_local_id", String(32)),
    UniqueConstraint("document_id", "local_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_fk(),
    Column("local_id", String(32), nullable=False),
    Column("parent_local_id", String(32)),
    Column("cue", Text, nullable=False),
    Column("cue_start", Integer, nullable=False),
    Column("cue_end", Integer, nullable=False),
    Column("form", String(16), nullable=False, index=True),
    Column("stance", String(16), nullable=False, index=True),
    Column("source_kind", String(16), index=True),
    Column("source_name", Text),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("actor_id", Integer, ForeignKey("actors.id"), index=True),
    Column("chain", Text),  # outer to inner source names, " > " between them
    Column("content_text", Text, nullable=False),
    Column("content_start", Integer),
    Column("content_end", Integer),
    Column("confidence", Float, nullable=False),
    Column("engine", String(32), nullable=False),
    UniqueConstraint("document_id", "local_id"),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), index=True),
    Column("position", Integer, nullable=False),  # 0: the outer reporter; last: the innermost
    Column("kind", String(16), nullable=False),
    Column("name", Text),
    Column("text", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("actor_id", Integer, ForeignKey("actors.id"), index=True),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_fk(),
    Column("local_id", String(32), nullable=False),
    Column("name", String(300), nullable=False, index=True),
    Column("feature", String(16), nullable=False),
    Column("geonames_id", Integer, index=True),
    Column("iso_code", String(16), index=True),
    Column("country_code", String(8), index=True),
    Column("admin1", String(32)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("confidence", Float, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("entity_local_id", String(32)),
    UniqueConstraint("document_id", "local_id"),
)

claim_places = Table(
    "claim_places",
    metadata,
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", Integer, ForeignKey("places.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_claim_places_place_id", "place_id"),
)

quantities = Table(
    "quantities",
    metadata,
    *_figure_columns(),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("change", String(8), nullable=False),
    Column("approximate", Boolean, nullable=False),
    Column("unit", String(64), index=True),
    Column("concept", Text),
    Column("qualifier", Text),
    UniqueConstraint("document_id", "local_id"),
)

times = Table(
    "times",
    metadata,
    *_figure_columns(),
    Column("type", String(16), nullable=False),
    Column("value", String(64), index=True),
    Column("granularity", String(16)),
    Column("relative", Boolean, nullable=False),
    Column("anchor", Date),
    Column("direction", String(16)),
    UniqueConstraint("document_id", "local_id"),
)

# -- events (PLOVER): who did what to whom, where, when, on whose word -------------------

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_fk(),
    Column("local_id", String(32), nullable=False),
    Column("type", String(16), nullable=False, index=True),  # the category the trigger names
    Column("plover_type", String(16), nullable=False, index=True),  # as a PLOVER coder codes it
    Column("mode", String(64)),
    Column("modality", String(16), nullable=False, index=True),
    Column("trigger_text", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("context", Text),  # PLOVER contexts, "; " between them
    Column("time_id", Integer, ForeignKey("times.id", ondelete="SET NULL"), index=True),
    Column("place_id", Integer, ForeignKey("places.id", ondelete="SET NULL"), index=True),
    _claim_fk(),  # the claim whose content reports it
    Column("confidence", Float, nullable=False),
    UniqueConstraint("document_id", "local_id"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "event_id",
        Integer,
        ForeignKey("events.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("role", String(16), nullable=False),  # actor or recipient
    Column("position", Integer, nullable=False),  # order within its role, as the event lists them
    Column("name", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("entity_local_id", String(32)),
    Column("actor_id", Integer, ForeignKey("actors.id"), index=True),
    # lower case, no accents: what --actor matches when no corpus actor does
    Column("folded", String(300), nullable=False, index=True),
)

# -- across documents: stories, origins, links (``reportedly stories``) ---------------------

#: Each clustered document: its story, its origin (the first document of the same text), the
#: order it was clustered in (replayed in that order) and its story features (JSON).
story_documents = Table(
    "story_documents",
    metadata,
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("seq", Integer, nullable=False, unique=True),
    Column("story_id", String(32), nullable=False, index=True),
    Column("origin_document_id", Integer, nullable=False, index=True),
    Column("features", Text, nullable=False),
)

#: MinHash band keys of each document's text: candidate near-duplicates by index lookup.
origin_bands = Table(
    "origin_bands",
    metadata,
    Column("band", String(40), primary_key=True),
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text),
    Column("first_published", Date, index=True),
    Column("last_published", Date, index=True),
    Column("articles", Integer, nullable=False),
    Column("origins", Integer, nullable=False),
    Column("actors", Text, nullable=False),  # JSON list, most named first
    Column("places", Text, nullable=False),  # JSON list of GeoNames ids
    Column("links", Integer, nullable=False),
    # False when a document joined or changed since its links were computed
    Column("linked", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def _link_end(side: str) -> list[Column[Any]]:
    return [
        Column(
            f"{side}_document_id",
            Integer,
            ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        Column(f"{side}_item", String(16), nullable=False),
        Column(f"{side}_local_id", String(32)),  # the item's id in its report; none for a statement
        Column(f"{side}_start", Integer, nullable=False),
        Column(f"{side}_end", Integer, nullable=False),
        Column(f"{side}_text", Text, nullable=False),
        Column(f"{side}_source", Text),
    ]


links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "story_id",
        String(32),
        ForeignKey("stories.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("kind", String(32), nullable=False, index=True),
    Column("confidence", Float, nullable=False),
    Column("rule", Text, nullable=False),
    Column("explanation", Text, nullable=False),
    *_link_end("a"),
    *_link_end("b"),
)

# Case-blind lookups (``--outlet``, ``--place NAME``) by index.
Index("ix_documents_outlet_lower", func.lower(documents.c.outlet))
Index("ix_places_name_lower", func.lower(places.c.name))

#: Every table, in the order rows are written (and exported).
TABLES = (
    documents,
    actors,
    actor_variants,
    entities,
    claims,
    sources,
    places,
    claim_places,
    quantities,
    times,
    events,
    event_actors,
    story_documents,
    origin_bands,
    stories,
    links,
)
