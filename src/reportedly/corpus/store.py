"""The corpus: documents and their records in a database, written one document per
transaction, so a crash or a kill loses at most the document being written (or, with
``commit_every``, a few documents per transaction: the batch being written).

``Corpus.ingest`` wraps an analyser's stream: inputs already stored are skipped before they
are analysed, each report is written as it comes, and one result per input comes back, in
order, for the caller's progress and summary.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from reportedly.corpus import tables as t
from reportedly.corpus.database import (
    connect,
    current_revision,
    has_schema,
    head_revision,
    is_sqlite,
)
from reportedly.corpus.database import upgrade as upgrade_schema
from reportedly.corpus.query import Filters, participants, variants
from reportedly.corpus.query import rows as query_rows
from reportedly.corpus.records import write_records
from reportedly.corpus.registry import count_variants, insert_text, resolve_actors
from reportedly.corpus.rows import ReportRows, Row, content_key, engine_of, report_rows
from reportedly.ingest.item import InputItem
from reportedly.model import Document, DocumentError, Report

Item = InputItem | Document | DocumentError
Result = Report | DocumentError
ALREADY_STORED = "already in the corpus"
#: Rows of each index SQLite's ``ANALYZE`` samples: enough for its estimates, quick on any size.
ANALYSIS_LIMIT = 1000


class CorpusError(Exception):
    """A database fault, said once and plainly; the document being written was rolled back."""


def describe(exc: SQLAlchemyError) -> str:
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"the database is busy (another process held its lock too long): {message}"
    if "full" in lowered or "no space" in lowered:
        return f"the disk is full: {message}"
    if isinstance(exc, OperationalError | DBAPIError) and getattr(
        exc, "connection_invalidated", False
    ):
        return f"the connection to the database was lost: {message}"
    return message


class Corpus:
    """A corpus database at ``target``: a SQLite path or a SQLAlchemy URL."""

    def __init__(self, target: str = "reportedly.db", *, create: bool = True) -> None:
        self.target = target
        self.engine: Engine = connect(target)
        try:
            if create:
                if current_revision(self.engine) != head_revision():
                    upgrade_schema(self.engine)
            elif not has_schema(self.engine):
                raise CorpusError(f"no corpus in {target} (make one with: reportedly ingest)")
        except SQLAlchemyError as exc:
            raise CorpusError(f"cannot open {target}: {describe(exc)}") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                connection.execution_options(writing=True)
                with connection.begin():
                    yield connection
        except SQLAlchemyError as exc:
            raise CorpusError(describe(exc)) from None

    # -- writing -------------------------------------------------------------------------

    def contains(self, key: str) -> bool:
        with self.engine.connect() as connection:
            query = select(t.documents.c.id).where(t.documents.c.content_key == key)
            return connection.execute(query).first() is not None

    def add(self, report: Report, input_text: str | None = None) -> int | None:
        """Store one report with all its rows, in one transaction; None when a document with
        the same input text is there already."""
        with self._transaction() as connection:
            return self._add(connection, report, input_text)

    def add_many(self, reports: Sequence[tuple[Report, str | None]]) -> list[int | None]:
        """Store several reports in one transaction (one commit, one sync to disk: the single
        writer of a cluster run keeps up with many workers); each id or None as ``add``."""
        with self._transaction() as connection:
            return [self._add(connection, report, text) for report, text in reports]

    def _add(self, connection: Connection, report: Report, input_text: str | None) -> int | None:
        rows = report_rows(
            report, report.document.text if input_text is None else input_text, _now()
        )
        document_id = connection.execute(_ADD_DOCUMENT, rows.document).scalar()
        if document_id is None:
            return None
        self._write_records(connection, document_id, rows)
        return int(document_id)

    def replace(self, document_id: int, report: Report) -> None:
        """Re-analysis: the document keeps its id, its records are rewritten."""
        with self._transaction() as connection:
            old = connection.execute(
                select(
                    t.documents.c.report, t.documents.c.input_text, t.documents.c.content_key
                ).where(t.documents.c.id == document_id)
            ).one()
            input_text = old.input_text if old.input_text is not None else report.document.text
            old_rows = report_rows(Report.model_validate_json(old.report), input_text, None)
            count_variants(
                connection, old_rows, old_rows_actor_ids(connection, document_id), sign=-1
            )
            _delete_records(connection, document_id)
            _leave_story(connection, document_id)
            rows = report_rows(report, input_text, _now())
            document = dict(rows.document, content_key=old.content_key)
            connection.execute(
                update(t.documents).where(t.documents.c.id == document_id).values(document)
            )
            self._write_records(connection, document_id, rows)

    def ingest(
        self,
        items: Iterable[Item],
        analyze: Callable[[Iterable[Item]], Iterable[Result]],
        *,
        commit_every: int = 1,
        commit_after_s: float = 2.0,
    ) -> Iterator[Result]:
        """Analyse and store ``items``: one result per input, in order. Inputs already stored
        come back as skipped without being analysed.

        Each document is its own transaction unless ``commit_every`` > 1: then up to that many
        go in one (and no report waits more than ``commit_after_s`` for its commit), and a
        result comes back once its document is committed, so a crash loses at most one batch,
        which a rerun stores."""
        if commit_every < 1:
            raise ValueError(f"commit_every must be at least 1, not {commit_every}")
        pending: deque[str | None] = deque()

        def unseen() -> Iterator[Item]:
            for item in items:
                if isinstance(item, DocumentError):
                    pending.append(None)
                    yield item
                    continue
                text = item.text
                if self.contains(content_key(text)):
                    pending.append(None)
                    yield DocumentError(
                        origin=_origin(item), status="skipped", reason=ALREADY_STORED
                    )
                    continue
                pending.append(text)
                yield item

        held: list[tuple[Result, str | None]] = []
        reports = stored = 0
        first_held = 0.0
        for result in analyze(unseen()):
            input_text = pending.popleft()
            if isinstance(result, Report) and input_text is not None:
                stored += 1
            if commit_every == 1:
                if isinstance(result, Report) and input_text is not None:
                    result = self._stored(result, input_text)
                yield result
                continue
            if not held:
                first_held = time.monotonic()
            held.append((result, input_text))
            if isinstance(result, Report) and input_text is not None:
                reports += 1
            if reports >= commit_every or time.monotonic() - first_held > commit_after_s:
                yield from self._commit(held)
                held, reports = [], 0
        yield from self._commit(held)
        if stored:
            self.refresh_statistics()

    def refresh_statistics(self) -> None:
        """Give SQLite's planner the table statistics it plans with (``ANALYZE``, sampled).

        Without them SQLite guesses, and for an outlet and a claim filter together it read
        every claim of that stance instead of the outlet's few documents (67 ms against
        10 ms at 1.5 M claims). Run after each ingest, so they follow the corpus as it grows;
        a sampled pass takes about half a second there. PostgreSQL's autovacuum keeps its
        own statistics."""
        if not is_sqlite(self.engine):
            return
        with self._transaction() as connection:
            connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            connection.exec_driver_sql("ANALYZE")

    def _commit(self, held: list[tuple[Result, str | None]]) -> list[Result]:
        """Store the reports among ``held`` in one transaction; the results, in order."""
        batch = [
            (result, input_text)
            for result, input_text in held
            if isinstance(result, Report) and input_text is not None
        ]
        ids = iter(self.add_many(batch) if batch else [])
        out: list[Result] = []
        for result, input_text in held:
            if isinstance(result, Report) and input_text is not None and next(ids) is None:
                result = _meanwhile(result)
            out.append(result)
        return out

    def _stored(self, report: Report, input_text: str) -> Result:
        return report if self.add(report, input_text) is not None else _meanwhile(report)

    def stale(self, engine: str) -> Iterator[tuple[int, InputItem]]:
        """Documents analysed by another engine than ``engine``, as inputs to analyse again
        (read one at a time: a large corpus is never held in memory)."""
        with self.engine.connect() as connection:
            ids = list(
                connection.execute(
                    select(t.documents.c.id)
                    .where(t.documents.c.engine != engine)
                    .order_by(t.documents.c.id)
                ).scalars()
            )
        for document_id in ids:
            with self.engine.connect() as connection:
                row = connection.execute(
                    select(t.documents).where(t.documents.c.id == document_id)
                ).one()
            yield document_id, _as_input(row)

    def stale_count(self, engine: str) -> int:
        with self.engine.connect() as connection:
            return connection.execute(
                select(func.count()).where(t.documents.c.engine != engine)
            ).scalar_one()

    # -- rows ----------------------------------------------------------------------------

    def _write_records(self, connection: Connection, document_id: int, rows: ReportRows) -> None:
        actor_ids = resolve_actors(connection, rows.actor_keys)
        count_variants(connection, rows, actor_ids, sign=1, outlet=rows.document["outlet"] or "")
        write_records(_Inserts(connection), document_id, rows, actor_ids)

    # -- reading -------------------------------------------------------------------------

    def query(self, kind: str, filters: Filters | None = None, **given: Any) -> Iterator[Row]:
        """Rows of ``kind`` (claims, actors, documents, quantities, places, events) passing
        the filters, streamed; actors come with the variants they were seen by, per outlet,
        and events with the names of their actors and recipients."""
        filters = filters or Filters(**given)
        try:
            with self.engine.connect() as connection:
                found = query_rows(connection, kind, filters)
                if kind not in ("actors", "events"):
                    yield from found
                    return
                while batch := list(islice(found, 500)):
                    if kind == "events":
                        who = participants(connection, [row["event_id"] for row in batch])
                        for row in batch:
                            roles = who.get(row["event_id"], {})
                            row["actors"] = roles.get("actor", [])
                            row["recipients"] = roles.get("recipient", [])
                            yield row
                        continue
                    seen = variants(connection, [row["actor_id"] for row in batch])
                    for row in batch:
                        row["variants"] = [
                            {"variant": v, "outlet": o or None, "count": n}
                            for v, o, n in seen.get(row["actor_id"], [])
                        ]
                        yield row
        except SQLAlchemyError as exc:
            raise CorpusError(describe(exc)) from None

    def claims(self, **filters: Any) -> Iterator[Row]:
        return self.query("claims", **filters)

    def actors(self, **filters: Any) -> Iterator[Row]:
        return self.query("actors", **filters)

    def documents(self, **filters: Any) -> Iterator[Row]:
        return self.query("documents", **filters)

    def events(self, **filters: Any) -> Iterator[Row]:
        return self.query("events", **filters)

    def stats(self) -> dict[str, Any]:
        """Rows per table, documents per engine, schema revision."""
        try:
            with self.engine.connect() as connection:
                counts = {
                    table.name: connection.execute(
                        select(func.count()).select_from(table)
                    ).scalar_one()
                    for table in t.TABLES
                }
                engines = {
                    row.engine: row.n
                    for row in connection.execute(
                        select(t.documents.c.engine, func.count().label("n"))
                        .group_by(t.documents.c.engine)
                        .order_by(t.documents.c.engine)
                    )
                }
        except SQLAlchemyError as exc:
            raise CorpusError(describe(exc)) from None
        return {
            "database": self.engine.url.render_as_string(hide_password=True),
            "backend": self.engine.dialect.name,
            "revision": current_revision(self.engine),
            "tables": counts,
            "engines": engines,
        }


_ADD_DOCUMENT = insert_text(t.documents, "ON CONFLICT (content_key) DO NOTHING RETURNING id")


def old_rows_actor_ids(connection: Connection, document_id: int) -> dict[str, int]:
    """The actor ids a stored document's entities were given, by local id."""
    return {
        row.local_id: row.actor_id
        for row in connection.execute(
            select(t.entities.c.local_id, t.entities.c.actor_id).where(
                t.entities.c.document_id == document_id, t.entities.c.actor_id.is_not(None)
            )
        )
    }


def _delete_records(connection: Connection, document_id: int) -> None:
    claim_ids = select(t.claims.c.id).where(t.claims.c.document_id == document_id)
    connection.execute(delete(t.sources).where(t.sources.c.claim_id.in_(claim_ids)))
    connection.execute(delete(t.claim_places).where(t.claim_places.c.claim_id.in_(claim_ids)))
    event_ids = select(t.events.c.id).where(t.events.c.document_id == document_id)
    connection.execute(delete(t.event_actors).where(t.event_actors.c.event_id.in_(event_ids)))
    for table in (t.events, t.quantities, t.times, t.places, t.claims, t.entities):
        connection.execute(delete(table).where(table.c.document_id == document_id))


def _leave_story(connection: Connection, document_id: int) -> None:
    """A re-analysed document leaves its story (its items changed): the next ``stories``
    run files it again and links the story it left."""
    story = connection.execute(
        select(t.story_documents.c.story_id).where(t.story_documents.c.document_id == document_id)
    ).scalar()
    connection.execute(
        delete(t.links).where(
            (t.links.c.a_document_id == document_id) | (t.links.c.b_document_id == document_id)
        )
    )
    connection.execute(delete(t.origin_bands).where(t.origin_bands.c.document_id == document_id))
    connection.execute(
        delete(t.story_documents).where(t.story_documents.c.document_id == document_id)
    )
    if story is not None:
        connection.execute(update(t.stories).where(t.stories.c.id == story).values(linked=False))


class _Inserts:
    """A document's rows into the database, ids as the database gives them."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def insert(self, table: t.Table, rows: list[Row]) -> None:
        if rows:
            self.connection.execute(table.insert(), rows)

    def insert_returning(self, table: t.Table, rows: list[Row]) -> dict[str, int]:
        if not rows:
            return {}
        result = self.connection.execute(
            table.insert().returning(table.c.id, table.c.local_id, sort_by_parameter_order=True),
            rows,
        )
        return {row.local_id: int(row.id) for row in result}


def _as_input(row: Any) -> InputItem:
    metadata = {
        key: value
        for key, value in {
            "published": row.published,
            "outlet": row.outlet,
            "title": row.title,
            "url": row.url,
            "author": row.author,
            "doc_id": row.report_id,
        }.items()
        if value is not None
    }
    return InputItem(
        origin=row.origin or row.report_id,
        text=row.input_text if row.input_text is not None else row.text,
        metadata=metadata,
        input_format=row.input_format or "text",
    )


def _origin(item: InputItem | Document) -> str:
    return item.origin or (item.id if isinstance(item, Document) else "") or "input"


def _meanwhile(report: Report) -> DocumentError:
    """A report whose text another writer stored since it was checked (or earlier in its own
    batch)."""
    origin = report.document.origin or report.document.id
    return DocumentError(
        origin=origin, status="skipped", reason=f"{ALREADY_STORED} (stored meanwhile)"
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


__all__ = ["ALREADY_STORED", "Corpus", "CorpusError", "engine_of"]
