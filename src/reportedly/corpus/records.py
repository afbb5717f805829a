"""A report's rows with their ids: the one mapping from ``ReportRows`` (local ids) to table
rows (integer ids, foreign keys), shared by the store, which inserts them into a database,
and ``corpus.dataset``, which numbers them itself and writes Parquet.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Table

from reportedly.corpus import tables as t
from reportedly.corpus.rows import ReportRows, Row


class Sink(Protocol):
    """Where a document's rows go, table by table, in the order a store inserts them."""

    def insert(self, table: Table, rows: list[Row]) -> None:
        """Add ``rows`` to ``table``."""

    def insert_returning(self, table: Table, rows: list[Row]) -> dict[str, int]:
        """Add ``rows`` to ``table``; the integer id each was given, by its ``local_id``."""


def write_records(
    sink: Sink, document_id: int, rows: ReportRows, actor_ids: dict[str, int]
) -> None:
    """Hand ``sink`` every record row of document ``document_id``: entities, claims, sources,
    places, claim places, quantities, times, events, event actors; ``actor_ids`` are the
    corpus actors of its entities, by local id."""
    entity_rows = [
        {
            "document_id": document_id,
            "actor_id": actor_ids.get(row["local_id"]),
            **row,
        }
        for row in rows.entities
    ]
    sink.insert(t.entities, entity_rows)
    claim_ids = sink.insert_returning(
        t.claims,
        [
            {
                "document_id": document_id,
                "actor_id": actor_ids.get(row["entity"]) if row["entity"] else None,
                **{k: v for k, v in row.items() if k != "entity"},
            }
            for row in rows.claims
        ],
    )
    sink.insert(
        t.sources,
        [
            {
                "claim_id": claim_ids[claim],
                "actor_id": actor_ids.get(row["entity"]) if row["entity"] else None,
                **{k: v for k, v in row.items() if k != "entity"},
            }
            for claim, row in rows.sources
        ],
    )
    place_ids = sink.insert_returning(
        t.places, [{"document_id": document_id, **row} for row in rows.places]
    )
    sink.insert(
        t.claim_places,
        [
            {"claim_id": claim_ids[claim], "place_id": place_ids[place]}
            for claim, place in sorted(rows.claim_places)
        ],
    )

    def figures(records: list[Row]) -> list[Row]:
        return [
            {
                "document_id": document_id,
                "claim_id": claim_ids.get(row["claim"]) if row["claim"] else None,
                **{k: v for k, v in row.items() if k != "claim"},
            }
            for row in records
        ]

    sink.insert(t.quantities, figures(rows.quantities))
    time_ids = sink.insert_returning(t.times, figures(rows.times))
    event_ids = sink.insert_returning(
        t.events,
        [
            {
                "time_id": time_ids.get(row["time"]) if row["time"] else None,
                "place_id": place_ids.get(row["place"]) if row["place"] else None,
                **{k: v for k, v in row.items() if k not in ("time", "place")},
            }
            for row in figures(rows.events)
        ],
    )
    sink.insert(
        t.event_actors,
        [
            {
                "event_id": event_ids[event],
                "entity_local_id": row["entity"],
                "actor_id": actor_ids.get(row["entity"]) if row["entity"] else None,
                **{k: v for k, v in row.items() if k != "entity"},
            }
            for event, row in rows.event_actors
        ],
    )
