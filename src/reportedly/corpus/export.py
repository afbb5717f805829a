"""Export: one file per table (Parquet, CSV or JSONL), written in batches, readable by
pandas, pyarrow or DuckDB without the project installed. Column layout: ``docs/corpus.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from sqlalchemy import Boolean, Date, DateTime, Engine, Float, Integer, Table, select

from reportedly.corpus import tables as t

FORMATS = ("parquet", "csv", "jsonl")
BATCH = 5_000
#: What is exported, in this order: the records, then the cross-outlet layer (stories, which
#: document is in which story, links).
EXPORTED = (
    t.documents,
    t.claims,
    t.sources,
    t.quantities,
    t.times,
    t.events,
    t.event_actors,
    t.places,
    t.claim_places,
    t.entities,
    t.actors,
    t.actor_variants,
    t.stories,
    t.story_documents,
    t.links,
)
#: Columns kept back: the story filer's own state (its features, for replaying assignments),
#: which means nothing outside it. ``origin_bands`` (MinHash bands) is not exported at all.
INTERNAL = {"story_documents": frozenset({"features"})}


def columns(table: Table) -> list[Any]:
    """The exported columns of ``table``."""
    hidden = INTERNAL.get(table.name, frozenset())
    return [c for c in table.columns if c.name not in hidden]


def arrow_schema(table: Table) -> pa.Schema:
    def kind(column: Any) -> pa.DataType:
        type_ = column.type
        if isinstance(type_, Boolean):
            return pa.bool_()
        if isinstance(type_, Integer):
            return pa.int64()
        if isinstance(type_, Float):
            return pa.float64()
        if isinstance(type_, DateTime):
            return pa.timestamp("us", tz="UTC")
        if isinstance(type_, Date):
            return pa.date32()
        return pa.string()

    return pa.schema([pa.field(c.name, kind(c), nullable=bool(c.nullable)) for c in columns(table)])


def batches(engine: Engine, table: Table) -> Iterator[list[dict[str, Any]]]:
    """The exported columns of ``table``, in primary-key order, ``BATCH`` rows at a time."""
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
            select(*columns(table)).order_by(*table.primary_key.columns)
        )
        for part in result.partitions(BATCH):
            yield [dict(row._mapping) for row in part]


def export(engine: Engine, directory: Path, fmt: str) -> dict[str, int]:
    """Write every exported table to ``directory``; rows written per table."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table in EXPORTED:
        path = directory / f"{table.name}.{fmt}"
        partial = path.with_name(path.name + ".partial")
        schema = arrow_schema(table)
        count = 0
        if fmt == "jsonl":
            with partial.open("w", encoding="utf-8") as out:
                for batch in batches(engine, table):
                    for row in batch:
                        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                    count += len(batch)
        else:
            writer: Any = (
                pq.ParquetWriter(partial, schema, compression="zstd")
                if fmt == "parquet"
                else pa_csv.CSVWriter(partial, schema)
            )
            with writer:
                for batch in batches(engine, table):
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    count += len(batch)
                if count == 0 and fmt == "csv":
                    writer.write_table(schema.empty_table())
        partial.replace(path)  # a file is there whole or not at all
        written[table.name] = count
    return written
