"""Query latency on a large corpus: p50/p95 of indexed filters and full-text search.

The corpus is built from real reports: ``--docs`` articles of a folder are analysed and
ingested, then every table is copied onto itself ``--doublings`` times with new ids (and
new content keys), so 300 BBC articles doubled 8 times give about a million claims; the
last-ingested 1.7% of documents then get an outlet of their own ("Late Wire"). Each
query asks for its first page (``--limit``, 50) through ``Corpus.query``, ``--repeat`` times.

``--db`` is a SQLite path or a PostgreSQL URL (an empty database). On PostgreSQL the copies
take a bulk path: the secondary indexes (GIN included) are dropped before the first copy and
built again after the last, foreign-key triggers are off while copying (it needs a
superuser), the id sequences are moved past the copies, and the tables are analysed. The
database size is the files' size on SQLite, ``pg_database_size`` on PostgreSQL.

    python benchmarks/corpus_query.py --data ../shared/corpora/news/bbc --db /tmp/big.db \
        [--docs 300] [--doublings 8] [--repeat 20] [--json]
    python benchmarks/corpus_query.py --data ../shared/corpora/news/bbc \
        --db postgresql+psycopg://user@127.0.0.1:5432/big [...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, literal, select, text

from reportedly.corpus import Corpus
from reportedly.corpus import tables as t

QUERIES: list[tuple[str, str, dict[str, Any]]] = [
    ("indexed", "claims", {"source_kind": "anonymous"}),
    ("indexed", "claims", {"stance": "denial"}),
    ("indexed", "claims", {"actor": "Brown"}),
    ("indexed", "claims", {"outlet": "Wire 3", "since": "2004-09-01"}),
    ("indexed", "claims", {"place": "GB"}),
    ("indexed", "claims", {"outlet": "Late Wire"}),
    ("indexed", "claims", {"outlet": "Late Wire", "stance": "denial"}),
    ("indexed", "actors", {"actor": "Brown"}),
    ("full text", "claims", {"text": "election"}),
    ("full text", "claims", {"text": "interest rates"}),
    ("full text", "documents", {"text": "champions league"}),
]


def build(corpus: Corpus, data: Path, docs: int) -> None:
    from reportedly.ingest import IngestOptions, iter_inputs
    from reportedly.pipeline import Analyzer

    analyzer = Analyzer()
    files = sorted(str(p) for p in data.rglob("*.txt"))[:docs]
    for _result in corpus.ingest(iter_inputs(files, IngestOptions()), analyzer.analyze_items):
        pass  # each report is stored as it comes
    with corpus.engine.begin() as connection:  # outlets and dates to filter on
        for n in range(10):
            connection.execute(
                t.documents.update()
                .where(t.documents.c.id % 10 == n)
                .values(
                    outlet=f"Wire {n}", published=dt.date(2004, 6, 1) + dt.timedelta(days=n * 40)
                )
            )


def _offset(connection: Connection, table: t.Table) -> int:
    return int(connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())


COPIED = (
    t.documents,
    t.entities,
    t.claims,
    t.sources,
    t.places,
    t.claim_places,
    t.quantities,
    t.times,
)


def double(corpus: Corpus, round_: int) -> None:
    """Copy every row once more, with ids shifted past the current largest."""
    with corpus.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        offsets = {
            table.name: _offset(connection, table)
            for table in (t.documents, t.claims, t.places, t.sources, t.entities)
        }
        for table in (t.quantities, t.times):
            offsets[table.name] = _offset(connection, table)
        shifted = {"document_id": "documents", "claim_id": "claims", "place_id": "places"}
        for table in COPIED:
            columns = []
            for column in table.columns:
                if column.name == "id":
                    columns.append(column + offsets[table.name])
                elif column.name in shifted:
                    columns.append(column + offsets[shifted[column.name]])
                elif column.name == "content_key":
                    suffix = literal(f"{round_:02d}")
                    columns.append(func.substr(column, 3) + suffix)  # still unique, same width
                else:
                    columns.append(column)
            connection.execute(
                table.insert().from_select([c.name for c in table.columns], select(*columns))
            )


def _secondary_indexes(connection: Connection) -> list[tuple[str, str]]:
    """(name, definition) of the PostgreSQL indexes that back no constraint."""
    names = [table.name for table in COPIED]
    found = connection.execute(
        text(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() "
            "AND tablename = ANY(:names) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        ),
        {"names": names},
    )
    return [(row[0], row[1]) for row in found]


def replicate(corpus: Corpus, doublings: int) -> None:
    if corpus.engine.dialect.name != "postgresql":
        for round_ in range(doublings):
            double(corpus, round_)
        return
    with corpus.engine.begin() as connection:
        indexes = _secondary_indexes(connection)
        for name, _definition in indexes:
            connection.execute(text(f'DROP INDEX "{name}"'))
    for round_ in range(doublings):
        double(corpus, round_)
    with corpus.engine.begin() as connection:
        connection.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
        for _name, definition in indexes:
            connection.execute(text(definition))
        for table in COPIED:
            if "id" in table.c:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))"
                    )
                )
    with corpus.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


LATE_SHARE = 0.017


def bunch_at_end(corpus: Corpus) -> None:
    """Give the last-ingested 1.7% of documents an outlet of their own, "Late Wire".

    A filter whose matches all lie at the end of the id order is the worst case for a
    walk in id order; the outlets of ``build`` are spread evenly.
    """
    with corpus.engine.begin() as connection:
        last = _offset(connection, t.documents)
        connection.execute(
            t.documents.update()
            .where(t.documents.c.id > int(last * (1 - LATE_SHARE)))
            .values(outlet="Late Wire")
        )
    if corpus.engine.dialect.name == "postgresql":
        with corpus.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("ANALYZE documents"))
    corpus.refresh_statistics()  # SQLite's: the copies bypass ingest, which refreshes them


def database_bytes(corpus: Corpus, db: str) -> int:
    if corpus.engine.dialect.name == "sqlite":
        with corpus.engine.connect() as connection:  # the WAL's pages into the file first
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    with corpus.engine.connect() as connection:
        size = connection.execute(text("SELECT pg_database_size(current_database())"))
        return int(size.scalar_one())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--db", required=True, help="A new SQLite path or PostgreSQL URL.")
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--doublings", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    corpus = Corpus(args.db)
    started = time.perf_counter()
    if not corpus.stats()["tables"]["documents"]:
        build(corpus, args.data, args.docs)
        replicate(corpus, args.doublings)
        bunch_at_end(corpus)
    built = time.perf_counter() - started
    stats = corpus.stats()
    results = []
    for group, kind, filters in QUERIES:
        list(corpus.query(kind, limit=args.limit, **filters))  # warm
        times = []
        for _ in range(args.repeat):
            begun = time.perf_counter()
            rows = list(corpus.query(kind, limit=args.limit, **filters))
            times.append((time.perf_counter() - begun) * 1000)
        times.sort()
        results.append(
            {
                "group": group,
                "kind": kind,
                "filters": filters,
                "rows": len(rows),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            }
        )
    size = database_bytes(corpus, args.db)
    summary = {
        "backend": stats["backend"],
        "documents": stats["tables"]["documents"],
        "claims": stats["tables"]["claims"],
        "build_s": round(built, 1),
        "mib_per_1000_documents": round(size / 2**20 * 1000 / stats["tables"]["documents"], 1)
        if size
        else None,
        "queries": results,
    }
    if args.json:
        print(json.dumps(summary, indent=1))
        return
    print(
        f"{summary['backend']}: {summary['documents']:,} documents, {summary['claims']:,} "
        f"claims (built in {summary['build_s']} s); "
        f"{summary['mib_per_1000_documents']} MiB per 1,000 documents"
    )
    for r in results:
        print(
            f"  {r['group']:<9} {r['kind']:<9} {json.dumps(r['filters']):<45} "
            f"{r['rows']:>3} rows  p50 {r['p50_ms']:>7.1f} ms  p95 {r['p95_ms']:>7.1f} ms"
        )


if __name__ == "__main__":
    main()
