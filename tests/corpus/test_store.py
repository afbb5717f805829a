"""The corpus on both back ends: ingest once, query by what users filter on, export, and
survive kills, concurrent writers, hostile query strings and database faults."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from corpus_support import ARTICLES, OUTLETS, assert_whole, database, postgres, write_batch
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.corpus import ALREADY_STORED, Corpus, CorpusError
from reportedly.corpus import tables as t
from reportedly.ingest import IngestOptions, iter_inputs
from reportedly.model import DocumentError, Report
from reportedly.pipeline import Analyzer

__all__ = ["database", "postgres"]  # fixtures
runner = CliRunner()


def ingest_articles(analyzer: Analyzer, db: str) -> list[Report | DocumentError]:
    results: list[Report | DocumentError] = []
    with Corpus(db) as corpus:
        for name, published, outlet in OUTLETS:
            items = iter_inputs([str(ARTICLES / name)], IngestOptions())
            overrides = {"published": published, "outlet": outlet}
            results += corpus.ingest(
                items, lambda stream, o=overrides: analyzer.analyze_items(stream, overrides=o)
            )
    return results


@pytest.fixture
def corpus(analyzer: Analyzer, database: str) -> Corpus:
    results = ingest_articles(analyzer, database)
    assert all(isinstance(r, Report) for r in results)
    return Corpus(database, create=False)


def sources(rows: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(row["outlet"], row["source_name"]) for row in rows]


def test_ingest_stores_each_document_once_and_whole(analyzer: Analyzer, database: str) -> None:
    first = ingest_articles(analyzer, database)
    again = ingest_articles(analyzer, database)
    assert [type(r) for r in first] == [Report] * 3
    assert [(r.status, r.reason) for r in again] == [("skipped", ALREADY_STORED)] * 3  # type: ignore[union-attr]
    with Corpus(database) as corpus, corpus.engine.connect() as connection:
        assert assert_whole(connection) == 3
        stats = corpus.stats()
    assert stats["tables"]["documents"] == 3
    assert stats["tables"]["claims"] == sum(len(r.claims) for r in first)  # type: ignore[union-attr]
    assert list(stats["engines"].values()) == [3]


def test_actor_variants_across_outlets_are_one_actor(corpus: Corpus) -> None:
    found = list(corpus.actors(actor="Zelenskiy"))
    assert [a["name"] for a in found] == ["Volodymyr Zelenskyy"]
    seen = {(v["variant"], v["outlet"]) for v in found[0]["variants"]}
    assert {("Volodymyr Zelenskyy", "Northern Wire"), ("Zelensky", "River Post")} <= seen
    # Any spelling finds the same claims: the president's, in two outlets.
    by_spelling = {
        name: sources(list(corpus.claims(actor=name)))
        for name in ("Zelensky", "Zelenskyy", "ZELENSKIY")
    }
    assert by_spelling["Zelensky"] == by_spelling["Zelenskyy"] == by_spelling["ZELENSKIY"]
    assert ("Northern Wire", "Volodymyr Zelenskyy") in by_spelling["Zelensky"]
    assert ("River Post", "Zelensky") in by_spelling["Zelensky"]
    putin = list(corpus.actors(actor="President Vladimir Putin"))
    assert [a["name"] for a in putin] == ["Vladimir Putin"]


def test_filters_compose(corpus: Corpus) -> None:
    anonymous = list(corpus.claims(source_kind="anonymous"))
    assert sources(anonymous) == [
        ("Northern Wire", "officials familiar with the matter"),
        ("River Post", "Sources close to the Kremlin"),
    ]
    kremlin_sources = list(corpus.claims(source_kind="anonymous", actor="Kremlin"))
    assert sources(kremlin_sources) == [("River Post", "Sources close to the Kremlin")]
    threats = list(corpus.claims(stance="threat"))
    assert [(r["source_name"], r["content_text"]) for r in threats] == [
        ("Gazprom", "to cut gas supplies to Moldova")
    ]
    assert [r["outlet"] for r in corpus.claims(stance="denial")] == ["River Post"]
    since = {r["outlet"] for r in corpus.claims(since="2024-03-05")}
    assert since == {"River Post", "Harbour Times"}
    until = {r["outlet"] for r in corpus.claims(until="2024-03-04")}
    assert until == {"Northern Wire"}
    assert {r["outlet"] for r in corpus.claims(outlet="river post")} == {"River Post"}
    # Places by name, GeoNames id or ISO code; claims by a place named in their content.
    kharkiv = {r["outlet"] for r in corpus.claims(place="Kharkiv")}
    assert kharkiv == {"Northern Wire", "River Post"}
    moldova = list(corpus.query("places", place="MD"))
    assert [p["name"] for p in moldova] == ["Moldova"]
    by_id = list(corpus.query("places", place=str(moldova[0]["geonames_id"])))
    assert [p["name"] for p in by_id] == ["Moldova"]
    assert [r["outlet"] for r in corpus.query("documents", place="Odesa")] == ["Harbour Times"]


def test_rows_carry_their_document_and_span(corpus: Corpus) -> None:
    with corpus.engine.connect() as connection:
        texts = dict(connection.execute(select(t.documents.c.id, t.documents.c.text)).all())
    claims = list(corpus.claims())
    assert claims
    for row in claims:
        text = texts[row["document_id"]]
        assert text[row["cue_start"] : row["cue_end"]].startswith(row["cue"].split()[0])
        if row["content_start"] is not None:
            assert text[row["content_start"] : row["content_end"]].startswith(
                row["content_text"][:10]
            )
    quantities = list(corpus.query("quantities"))
    for row in quantities:
        assert texts[row["document_id"]][row["start"] : row["end"]] == row["text"]
    killed = [q for q in quantities if q["value"] == 12 and q["source_name"]]
    assert {q["outlet"] for q in killed} >= {"Northern Wire"}


def test_full_text_search_and_hostile_strings(corpus: Corpus) -> None:
    found = list(corpus.claims(text="offensive"))
    assert {r["outlet"] for r in found} == {"Northern Wire", "River Post"}
    assert list(corpus.claims(text="offensive Moscow")) == [
        r for r in found if "Moscow" in str(r["content_text"])
    ]
    assert [r["outlet"] for r in corpus.query("documents", text="grain tonnes")] == [
        "Harbour Times"
    ]
    hostile = [
        'offensive" OR "grain',
        "NEAR(offensive grain)",
        "content_text: grain",
        "offensive*",
        "' OR 1=1 --",
        "100%",
        "Kremlin'; DROP TABLE claims; --",
        '"',
        "-grain",
    ]
    for query in hostile:
        rows = list(corpus.claims(text=query))  # never a syntax error, never everything
        assert len(rows) < len(list(corpus.claims())), query
    for name in ("O'Brien", "%", "_", "Kremlin' --", "\\"):
        assert list(corpus.claims(actor=name)) == [], name
        assert list(corpus.claims(outlet=name)) == []
    with corpus.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(t.claims)).scalar_one() > 0


def test_reanalysis_redoes_only_older_engines_keeping_ids(corpus: Corpus, database: str) -> None:
    with corpus.engine.begin() as connection:
        ids = dict(connection.execute(select(t.documents.c.outlet, t.documents.c.id)).all())
        actors_before = dict(connection.execute(select(t.actors.c.key, t.actors.c.id)).all())
        connection.execute(
            update(t.documents)
            .where(t.documents.c.outlet == "River Post")
            .values(engine="reportedly 0.0.1 old")
        )
    result = runner.invoke(app, ["ingest", "--reanalyze", "--db", database])
    assert result.exit_code == 0, result.output
    assert "1 document(s) by an older engine" in result.output
    with corpus.engine.connect() as connection:
        after = dict(connection.execute(select(t.documents.c.outlet, t.documents.c.id)).all())
        engines = {e for (e,) in connection.execute(select(t.documents.c.engine))}
        actors_after = dict(connection.execute(select(t.actors.c.key, t.actors.c.id)).all())
        assert assert_whole(connection) == 3
    assert after == ids
    assert len(engines) == 1 and "old" not in next(iter(engines))
    assert actors_after == actors_before
    # The variants seen were counted once, not twice.
    putin = next(corpus.actors(actor="Putin"))
    assert sum(v["count"] for v in putin["variants"]) == 2


def test_export_opens_in_pyarrow_and_csv(corpus: Corpus, database: str, tmp_path: Path) -> None:
    for fmt in ("parquet", "csv", "jsonl"):
        result = runner.invoke(
            app, ["export", "--db", database, "--format", fmt, "-o", str(tmp_path / fmt)]
        )
        assert result.exit_code == 0, result.output
    claims = pq.read_table(tmp_path / "parquet" / "claims.parquet")
    assert claims.num_rows == len(list(corpus.claims()))
    assert {"document_id", "cue", "content_start", "content_end", "source_kind"} <= set(
        claims.column_names
    )
    documents = pq.read_table(tmp_path / "parquet" / "documents.parquet").to_pylist()
    assert sorted(d["outlet"] for d in documents) == [
        "Harbour Times",
        "Northern Wire",
        "River Post",
    ]
    with (tmp_path / "csv" / "places.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(list(corpus.query("places")))
    lines = (tmp_path / "jsonl" / "actors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(list(corpus.actors()))


def test_query_command_formats_and_usage_errors(corpus: Corpus, database: str) -> None:
    result = runner.invoke(
        app, ["query", "claims", "--db", database, "--stance", "threat", "-f", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source_name"] for r in rows] == ["Gazprom"]
    result = runner.invoke(app, ["query", "claims", "--db", database, "--limit", "2", "-f", "csv"])
    assert result.exit_code == 0 and len(list(csv.DictReader(result.stdout.splitlines()))) == 2
    table = runner.invoke(
        app, ["query", "claims", "--db", database, "-f", "table"], env={"COLUMNS": "250"}
    )
    assert table.exit_code == 0 and "Gazprom" in table.stdout
    for args, message in (
        (["--stance", "angry"], "--stance 'angry': one of"),
        (["--since", "yesterday"], "is not a date"),
        (["--text", "  "], "--text is empty"),
        (["--offset", str(2**64)], "--offset 18446744073709551616: from 0 to"),
    ):
        bad = runner.invoke(app, ["query", "claims", "--db", database, *args])
        assert bad.exit_code == 2 and message in bad.output, bad.output
    bad = runner.invoke(app, ["query", "actors", "--db", database, "--text", "x"])
    assert bad.exit_code == 2 and "--text do not apply to actors" in bad.output
    stats = runner.invoke(app, ["db", "stats", "--db", database, "--format", "json"])
    assert json.loads(stats.stdout)["tables"]["documents"] == 3


def test_query_on_a_missing_database_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "claims", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no corpus in" in result.output


def test_a_locked_database_fails_the_document_and_keeps_the_committed(
    analyzer: Analyzer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import reportedly.corpus.database as database_module

    db = str(tmp_path / "locked.db")
    ingest_articles(analyzer, db)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_S", 0.2)
    report = analyzer.analyze("The minister said on Friday that 40 schools had reopened.")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Corpus(db) as corpus, pytest.raises(CorpusError, match="busy"):
            corpus.add(report)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Corpus(db) as corpus, corpus.engine.connect() as connection:
        assert assert_whole(connection) == 3


def _ingest_process(folder: Path, db: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reportedly", "ingest", str(folder), "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _documents(db: str) -> int:
    try:
        with Corpus(db, create=False) as corpus:
            return int(corpus.stats()["tables"]["documents"])
    except CorpusError:
        return 0


@pytest.mark.slow
def test_killed_ingest_resumes_with_every_document_once(database: str, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    write_batch(folder, 60)
    process = _ingest_process(folder, database)
    deadline = time.monotonic() + 120
    while _documents(database) < 5 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the batch ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored = _documents(database)
    assert 5 <= stored < 60
    rerun = _ingest_process(folder, database)
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert f"{stored} skipped (already in the corpus {stored})" in err.decode()
    with Corpus(database) as corpus, corpus.engine.connect() as connection:
        assert assert_whole(connection) == 60


@pytest.mark.slow
def test_two_concurrent_writers_store_every_document_once(database: str, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    write_batch(folder, 24, seed=11)
    Corpus(database).close()  # the schema first: two migrations at once is not the test
    writers = [_ingest_process(folder, database) for _ in range(2)]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err.decode()
    with Corpus(database) as corpus, corpus.engine.connect() as connection:
        assert assert_whole(connection) == 24
        keys = connection.execute(select(func.count(func.distinct(t.actors.c.key)))).scalar_one()
        assert keys == connection.execute(select(func.count()).select_from(t.actors)).scalar_one()


def test_ingest_leaves_sqlite_the_statistics_it_plans_with(
    analyzer: Analyzer, tmp_path: Path
) -> None:
    # Without them SQLite read every claim of a stance to page an outlet's few documents.
    db = str(tmp_path / "corpus.db")
    ingest_articles(analyzer, db)  # three runs, one article each: refreshed after each
    with Corpus(db) as corpus, corpus.engine.connect() as connection:
        claims = connection.execute(select(func.count()).select_from(t.claims)).scalar_one()
        stats = dict(
            connection.exec_driver_sql(
                "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'claims'"
            ).fetchall()
        )
    assert claims > 0
    assert {"ix_claims_stance", "ix_claims_document_id"} <= set(stats)
    assert {int(stat.split()[0]) for stat in stats.values()} == {claims}


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_build_exactly_the_tables_the_code_writes(database: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with Corpus(database) as corpus, corpus.engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), t.metadata)
    full_text = ("_fts", "search")  # made by the migration alone, on purpose
    assert [d for d in drift if not any(name in str(d) for name in full_text)] == []


@pytest.mark.slow
def test_ingest_on_two_workers_stores_what_one_process_stores(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    write_batch(folder, 12, seed=3)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    stored = {}
    for jobs in ("1", "2"):
        db = str(tmp_path / f"jobs{jobs}.db")
        result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--jobs", jobs])
        assert result.exit_code == 0, result.output
        assert "13 inputs, 12 done, 1 skipped" in result.output
        with Corpus(db) as corpus:
            stored[jobs] = [
                (row["origin"], row["cue_start"], row["content_text"]) for row in corpus.claims()
            ]
    assert stored["1"] == stored["2"] and stored["1"]


def test_batched_commits_store_what_one_commit_per_document_stores(
    analyzer: Analyzer, database: str, tmp_path: Path
) -> None:
    """``commit_every`` (the single writer of a cluster run): the same documents, actors and
    rows, and each result only once its batch is committed."""
    folder = tmp_path / "batch"
    write_batch(folder, 7, seed=11)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    single = str(tmp_path / "single.db")
    got = {}
    for name, db, every in (("single", single, 1), ("batched", database, 3)):
        with Corpus(db) as corpus:
            stream = corpus.ingest(
                iter_inputs([str(folder)]),
                lambda items: analyzer.analyze_items(items, skip_duplicates=True),
                commit_every=every,
            )
            results = []
            for result in stream:
                if isinstance(result, Report):  # committed before it is handed on
                    with corpus.engine.connect() as connection:
                        query = select(func.count()).where(
                            t.documents.c.report_id == result.document.id
                        )
                        assert connection.execute(query).scalar_one() == 1
                results.append(result)
            with corpus.engine.connect() as connection:
                assert assert_whole(connection) == 7
            claims = [
                (r["origin"], r["cue_start"], r["content_text"], r["source_name"])
                for r in corpus.claims()
            ]
            actors = [(r["name"], r["type"]) for r in corpus.actors()]
        got[name] = ([type(r).__name__ for r in results], claims, actors)
    assert got["batched"] == got["single"]
    assert got["single"][0].count("Report") == 7
    with pytest.raises(ValueError, match="at least 1"):
        next(Corpus(single).ingest([], lambda items: items, commit_every=0))
