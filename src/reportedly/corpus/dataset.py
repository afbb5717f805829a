"""A Parquet dataset of analysed documents, written without a database: what
``reportedly analyze --format parquet --output DIR`` writes.

``DIR/<table>/part-NNNNN.parquet`` (zstd), one directory per table, with the column names and
Arrow types of ``reportedly export --format parquet`` (``export.arrow_schema``) and the rows
an ``ingest`` into an empty database followed by that export gives: documents numbered 1, 2,
... in input order, every other table's rows numbered on from the previous document's, in the
order the store inserts them (``records.write_records``, the store's own mapping), and the
actors resolved as the store resolves them (``registry``, run on a scratch SQLite database of
the two actor tables alone). The dataset depends on the order of the reports only, which
every analyser keeps (``--jobs`` and ``--dask`` give results in input order), not on how many
workers made them.

Part k of each per-document table holds the rows of documents ``k * part_documents + 1`` to
``(k + 1) * part_documents``: every such table has a part k, empty or not. The corpus-wide
tables (actors and their variants: a person first seen by surname alone later takes a full
name, variants are counted across documents) are written once, at the end. A part is written
to a hidden ``.part-NNNNN.parquet.partial`` and renamed, so it is there whole or not at all
(readers skip hidden names). ``_manifest.json`` is written last: without it the run stopped
before its end. Memory holds one part's rows; the scratch database is on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Self

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine, Table

from reportedly.corpus import tables as t
from reportedly.corpus.database import connect
from reportedly.corpus.export import arrow_schema, batches
from reportedly.corpus.records import write_records
from reportedly.corpus.registry import count_variants, resolve_actors
from reportedly.corpus.rows import Row, report_rows
from reportedly.ingest.item import InputItem
from reportedly.model import Document, DocumentError, Report

#: Documents per part file: a few MB of rows in memory (a news report is about 25 KB of rows).
PART_DOCUMENTS = 500
#: The tables of a document's own rows, in ``export.EXPORTED`` order.
PER_DOCUMENT = (
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
)
#: Tables across documents, written at the end.
CORPUS_WIDE = (t.actors, t.actor_variants)
TABLES = PER_DOCUMENT + CORPUS_WIDE
MANIFEST = "_manifest.json"

Item = InputItem | Document | DocumentError
Result = Report | DocumentError


class DatasetError(Exception):
    """The dataset cannot be written there."""


def check_target(directory: Path) -> None:
    """Refuse a directory that is not new or empty: parts of another run would mix in."""
    if directory.exists() and not directory.is_dir():
        raise DatasetError(f"{directory} is a file, not a directory")
    if directory.is_dir() and any(directory.iterdir()):
        raise DatasetError(f"{directory} is not empty: give a new or an empty directory")


class DatasetWriter:
    """Writes reports, in order, as a Parquet dataset in ``directory`` (see the module).
    Making one checks the directory and writes nothing yet."""

    def __init__(self, directory: Path, *, part_documents: int | None = None) -> None:
        part_documents = PART_DOCUMENTS if part_documents is None else part_documents
        if part_documents < 1:
            raise ValueError(f"part_documents must be at least 1, not {part_documents}")
        check_target(directory)
        self.directory = directory
        self.part_documents = part_documents
        self.rows = {table.name: 0 for table in TABLES}
        self._last_id = {table.name: 0 for table in PER_DOCUMENT}
        self._pending: dict[str, list[Row]] = {table.name: [] for table in PER_DOCUMENT}
        self._held = 0
        self._parts = 0
        self._scratch: Path | None = None  # the actor tables' database, made on first use
        self._actors: Engine | None = None

    @property
    def documents(self) -> int:
        return self._last_id[t.documents.name]

    def add(self, report: Report, input_text: str | None = None) -> int:
        """Write one report (``input_text``: the input as read, before repair); its
        document id."""
        text = report.document.text if input_text is None else input_text
        rows = report_rows(report, text, dt.datetime.now(dt.UTC))
        with self._registry().connect() as connection, connection.begin():
            actor_ids = resolve_actors(connection, rows.actor_keys)
            outlet = rows.document["outlet"] or ""
            count_variants(connection, rows, actor_ids, sign=1, outlet=outlet)
        (document_id,) = self._append(t.documents, [rows.document])
        write_records(self, document_id, rows, actor_ids)
        self._held += 1
        if self._held >= self.part_documents:
            self._flush()
        return document_id

    def ingest(
        self, items: Iterable[Item], analyze: Callable[[Iterable[Item]], Iterable[Result]]
    ) -> Iterator[Result]:
        """``analyze(items)`` with each report written as it comes: one result per input, in
        order (as ``Corpus.ingest``, whose input texts it keeps the same way)."""
        texts: deque[str | None] = deque()

        def kept() -> Iterator[Item]:
            for item in items:
                texts.append(None if isinstance(item, DocumentError) else item.text)
                yield item

        for result in analyze(kept()):
            text = texts.popleft()
            if isinstance(result, Report):
                self.add(result, text)
            yield result

    def close(self) -> dict[str, int]:
        """Write what is held, the actor tables and the manifest; rows written per table."""
        try:
            if self._held or not self._parts:
                self._flush()
            for table in CORPUS_WIDE:
                rows = batches(self._registry(), table)
                self.rows[table.name] = self._write(table, "part-00000", rows)
            manifest = {
                "documents": self.documents,
                "part_documents": self.part_documents,
                "parts": self._parts,
                "rows": self.rows,
            }
            self._replace(self.directory / MANIFEST, json.dumps(manifest, indent=1) + "\n")
        finally:
            self.discard()
        return dict(self.rows)

    def discard(self) -> None:
        """Drop the scratch database; the parts written stay, the manifest is not written."""
        if self._actors is not None:
            self._actors.dispose()
            self._actors = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _registry(self) -> Engine:
        if self._actors is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="reportedly-actors-"))
            self._actors = connect(str(self._scratch / "actors.db"))
            t.metadata.create_all(self._actors, tables=list(CORPUS_WIDE))
        return self._actors

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()

    # -- the sink ``records.write_records`` hands rows to ----------------------------------

    def insert(self, table: Table, rows: list[Row]) -> None:
        self._append(table, rows)

    def insert_returning(self, table: Table, rows: list[Row]) -> dict[str, int]:
        ids = self._append(table, rows)
        return {row["local_id"]: id_ for row, id_ in zip(rows, ids, strict=True)}

    def _append(self, table: Table, rows: list[Row]) -> list[int]:
        """Hold ``rows`` for the next part, numbered as a database numbers a new table's
        rows (1, 2, ... in insertion order) when the table has an ``id``."""
        pending = self._pending[table.name]
        if "id" not in table.c:
            pending.extend(rows)
            return []
        first = self._last_id[table.name] + 1
        ids = list(range(first, first + len(rows)))
        pending.extend({"id": id_, **row} for id_, row in zip(ids, rows, strict=True))
        if ids:
            self._last_id[table.name] = ids[-1]
        return ids

    # -- files -----------------------------------------------------------------------------

    def _flush(self) -> None:
        name = f"part-{self._parts:05d}"
        for table in PER_DOCUMENT:
            rows = self._pending[table.name]
            if table is t.claim_places:  # in primary-key order, as the export reads them
                rows.sort(key=lambda row: (row["claim_id"], row["place_id"]))
            self.rows[table.name] += self._write(table, name, [rows])
            rows.clear()
        self._parts += 1
        self._held = 0

    def _write(self, table: Table, name: str, parts: Iterable[list[Row]]) -> int:
        folder = self.directory / table.name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.parquet"
        partial = folder / f".{path.name}.partial"
        schema = arrow_schema(table)
        count = 0
        with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
            for rows in parts:
                if rows:
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                    count += len(rows)
        partial.replace(path)  # a part is there whole or not at all
        return count

    def _replace(self, path: Path, content: str) -> None:
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(content, encoding="utf-8")
        partial.replace(path)


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The manifest of a finished dataset; None when the run that wrote it did not finish."""
    path = directory / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


__all__ = [
    "PART_DOCUMENTS",
    "TABLES",
    "DatasetError",
    "DatasetWriter",
    "check_target",
    "read_manifest",
]
