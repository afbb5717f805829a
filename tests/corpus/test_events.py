"""Events in the corpus, on SQLite and PostgreSQL: stored with their document, queried by
PLOVER category, modality, actor, place and claim source, replaced on re-analysis, exported."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from corpus_support import assert_whole, database, postgres
from sqlalchemy import delete, func, select, update
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.corpus import Corpus
from reportedly.corpus import tables as t
from reportedly.corpus.database import connect, current_revision, upgrade
from reportedly.ingest import IngestOptions, iter_inputs
from reportedly.model import Report
from reportedly.pipeline import Analyzer

__all__ = ["database", "postgres"]  # fixtures
runner = CliRunner()

#: Two short wire reports, written for these tests: (file, published, outlet, text).
ARTICLES = (
    (
        "marbury-wire.txt",
        "2024-05-07",
        "Marbury Wire",
        "Rebel forces shelled the city of Marbury on Tuesday, officials said.\n\n"
        "The European Union imposed new sanctions on Russia.\n\n"
        "President Anna Keller will meet Chancellor Olaf Brandt in Berlin next week.\n",
    ),
    (
        "harbour-times.txt",
        "2024-05-08",
        "Harbour Times",
        "Protesters rallied outside parliament in Berlin on Wednesday.\n\n"
        "Russia accused the European Union of economic blackmail, a Kremlin spokesman said.\n\n"
        "President Keller may send troops to the border.\n",
    ),
)


def ingest(analyzer: Analyzer, db: str, folder: Path) -> list[object]:
    folder.mkdir(exist_ok=True)
    results: list[object] = []
    with Corpus(db) as corpus:
        for name, published, outlet, text in ARTICLES:
            (folder / name).write_text(text, encoding="utf-8")
            items = iter_inputs([str(folder / name)], IngestOptions())
            overrides = {"published": published, "outlet": outlet}
            results += corpus.ingest(
                items, lambda stream, o=overrides: analyzer.analyze_items(stream, overrides=o)
            )
    return results


@pytest.fixture
def corpus(analyzer: Analyzer, database: str, tmp_path: Path) -> Corpus:
    results = ingest(analyzer, database, tmp_path / "articles")
    assert all(isinstance(r, Report) for r in results)
    return Corpus(database, create=False)


def triggers(rows: object) -> list[tuple[str, str]]:
    return [(str(r["outlet"]), str(r["trigger"])) for r in rows]  # type: ignore[attr-defined]


def stored_events(corpus: Corpus) -> list[tuple[object, ...]]:
    with corpus.engine.connect() as connection:
        events = connection.execute(
            select(t.events.c.document_id, t.events.c.local_id, t.events.c.trigger_text).order_by(
                t.events.c.document_id, t.events.c.local_id
            )
        ).all()
        participants = connection.execute(
            select(func.count()).select_from(t.event_actors)
        ).scalar_one()
    return [tuple(row) for row in events] + [("event_actors", participants)]


def test_events_are_stored_whole_with_their_references(corpus: Corpus) -> None:
    with corpus.engine.connect() as connection:
        assert assert_whole(connection) == 2
        documents = connection.execute(select(t.documents.c.id, t.documents.c.text))
        texts: dict[int, str] = {row.id: row.text for row in documents}
        # The stored trigger is the span it names; its claim, time and place rows are this
        # document's.
        rows = connection.execute(
            select(t.events, t.claims.c.document_id.label("claim_document"))
            .outerjoin(t.claims, t.claims.c.id == t.events.c.claim_id)
            .order_by(t.events.c.id)
        ).all()
        for row in rows:
            text = texts[row.document_id]
            assert text[row.trigger_start : row.trigger_end] == row.trigger_text
            assert row.claim_document in (None, row.document_id)
        for column, table in (("time_id", t.times), ("place_id", t.places)):
            linked = connection.execute(
                select(table.c.document_id, t.events.c.document_id).join(
                    t.events, t.events.c[column] == table.c.id
                )
            ).all()
            assert linked and all(a == b for a, b in linked), column
        spans = connection.execute(
            select(
                t.event_actors.c.start,
                t.event_actors.c.end,
                t.event_actors.c.text,
                t.events.c.document_id,
            ).join(t.events, t.events.c.id == t.event_actors.c.event_id)
        ).all()
        assert spans and all(texts[d][s:e] == text for s, e, text, d in spans)
    meeting = next(corpus.events(type="CONSULT"))
    assert (meeting["trigger"], meeting["type"], meeting["plover_type"]) == (
        "meet",
        "CONSULT",
        "AGREE",  # future cooperation: an intention, as PLOVER codes it
    )
    assert meeting["modality"] == "future"
    assert meeting["actors"] == ["Anna Keller"] and meeting["recipients"] == ["Olaf Brandt"]
    assert meeting["place"] == "Berlin" and meeting["time"] == "next week"


def test_query_events_by_type_modality_actor_place_and_source(corpus: Corpus) -> None:
    assert triggers(corpus.events(type="SANCTION")) == [("Marbury Wire", "imposed new sanctions")]
    assert triggers(corpus.events(type="assault")) == [("Marbury Wire", "shelled")]
    # --type matches the category the trigger names and the one PLOVER records.
    assert triggers(corpus.events(type="AGREE")) == triggers(corpus.events(type="CONSULT"))
    assert triggers(corpus.events(modality="hypothetical")) == [("Harbour Times", "send troops")]
    assert triggers(corpus.events(modality="future", type="AGREE")) == [("Marbury Wire", "meet")]
    assert list(corpus.events(modality="negated", type="SANCTION")) == []
    # An actor or a recipient, by any name the corpus knows it by.
    russia = triggers(corpus.events(actor="Russia"))
    assert russia == [("Marbury Wire", "imposed new sanctions"), ("Harbour Times", "accused")]
    keller = triggers(corpus.events(actor="Anna Keller"))
    assert keller == [("Marbury Wire", "meet"), ("Harbour Times", "send troops")]
    assert triggers(corpus.events(actor="keller", outlet="harbour times")) == [
        ("Harbour Times", "send troops")
    ]
    # An actor that is no corpus actor is matched by its name as written.
    assert triggers(corpus.events(actor="rebel forces")) == [("Marbury Wire", "shelled")]
    assert {r["trigger"] for r in corpus.events(place="Berlin")} == {"meet", "rallied"}
    assert triggers(corpus.events(since="2024-05-08", type="ACCUSE")) == [
        ("Harbour Times", "accused")
    ]
    assert list(corpus.events(until="2024-05-07", type="ACCUSE")) == []
    # Claim-bound events say who reports them.
    reported = {r["trigger"]: r for r in corpus.events(source_kind="government")}
    assert set(reported) == {"shelled", "accused"}
    assert reported["shelled"]["source_name"] == "officials"
    assert reported["shelled"]["claim"] == "c1"
    assert [r["trigger"] for r in corpus.events(text="blackmail", type="ACCUSE")] == ["accused"]
    everything = list(corpus.events())
    assert list(corpus.events(limit=2, offset=1)) == everything[1:3]


def test_reanalysis_adds_the_events_an_older_engine_did_not_make(
    corpus: Corpus, database: str
) -> None:
    before = stored_events(corpus)
    assert len(before) > 4
    # As an engine without events left the corpus: no event rows, reports without events.
    with corpus.engine.begin() as connection:
        connection.execute(delete(t.event_actors))
        connection.execute(delete(t.events))
        for document_id, report in connection.execute(
            select(t.documents.c.id, t.documents.c.report)
        ).all():
            old = json.loads(report)
            old["events"], old["schema"] = [], "reportedly/1"
            connection.execute(
                update(t.documents)
                .where(t.documents.c.id == document_id)
                .values(report=json.dumps(old), engine="reportedly 0.0.9 before-events")
            )
    assert stored_events(corpus) == [("event_actors", 0)]
    result = runner.invoke(app, ["ingest", "--reanalyze", "--db", database])
    assert result.exit_code == 0, result.output
    assert "2 document(s) by an older engine" in result.output
    assert stored_events(corpus) == before
    # Again, with the events there: replaced, one copy.
    with corpus.engine.begin() as connection:
        connection.execute(update(t.documents).values(engine="reportedly 0.0.9 again"))
    result = runner.invoke(app, ["ingest", "--reanalyze", "--db", database])
    assert result.exit_code == 0, result.output
    assert stored_events(corpus) == before
    with corpus.engine.connect() as connection:
        assert assert_whole(connection) == 2


def test_an_older_schema_gains_the_event_tables(analyzer: Analyzer, database: str) -> None:
    engine = connect(database)
    try:
        upgrade(engine, "0002")
        assert current_revision(engine) == "0002"
    finally:
        engine.dispose()
    with Corpus(database) as corpus:
        assert corpus.stats()["revision"] == "0003"
        corpus.add(analyzer.analyze(ARTICLES[0][3]))
        assert {r["trigger"] for r in corpus.events()} >= {"shelled", "imposed new sanctions"}


def test_export_writes_the_event_tables(corpus: Corpus, database: str, tmp_path: Path) -> None:
    for fmt in ("parquet", "csv", "jsonl"):
        result = runner.invoke(
            app, ["export", "--db", database, "--format", fmt, "-o", str(tmp_path / fmt)]
        )
        assert result.exit_code == 0, result.output
    with corpus.engine.connect() as connection:
        events = connection.execute(select(t.events).order_by(t.events.c.id)).all()
        participants = connection.execute(select(func.count()).select_from(t.event_actors))
        participant_count = participants.scalar_one()
    table = pq.read_table(tmp_path / "parquet" / "events.parquet")
    assert table.num_rows == len(events)
    assert table.schema.field("trigger_start").type == "int64"
    assert table.schema.field("confidence").type == "double"
    exported = table.to_pylist()
    assert [(e["local_id"], e["plover_type"], e["claim_id"]) for e in exported] == [
        (e.local_id, e.plover_type, e.claim_id) for e in events
    ]
    actors = pq.read_table(tmp_path / "parquet" / "event_actors.parquet").to_pylist()
    assert len(actors) == participant_count
    assert {a["role"] for a in actors} == {"actor", "recipient"}
    assert {a["event_id"] for a in actors} <= {e["id"] for e in exported}
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8", newline="") as handle:
        assert [r["trigger_text"] for r in csv.DictReader(handle)] == [
            e.trigger_text for e in events
        ]
    lines = (tmp_path / "jsonl" / "event_actors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == participant_count


def test_query_events_command_formats_and_usage_errors(corpus: Corpus, database: str) -> None:
    def query(*args: str) -> object:
        return runner.invoke(app, ["query", "events", "--db", database, *args])

    result = query("--type", "SANCTION", "-f", "jsonl")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    [row] = [json.loads(line) for line in result.stdout.splitlines()]  # type: ignore[attr-defined]
    assert (row["actors"], row["recipients"]) == (["European Union"], ["Russia"])
    assert row["document"] and row["origin"].endswith("marbury-wire.txt")
    result = query("--actor", "Russia", "-f", "csv")
    rows = list(csv.DictReader(result.stdout.splitlines()))  # type: ignore[attr-defined]
    assert [r["trigger"] for r in rows] == ["imposed new sanctions", "accused"]
    assert json.loads(rows[1]["actors"]) == ["Russia"]
    table = runner.invoke(
        app,
        ["query", "events", "--db", database, "--modality", "future", "-f", "table"],
        env={"COLUMNS": "250"},
    )
    assert table.exit_code == 0 and "Anna Keller" in table.stdout and "AGREE" in table.stdout
    for kind, args, message in (
        ("events", ["--type", "BOMBING"], "--type 'BOMBING': one of AGREE, CONSULT"),
        ("events", ["--modality", "maybe"], "--modality 'maybe': one of asserted"),
        ("events", ["--stance", "threat"], "--stance do not apply to events"),
        ("claims", ["--type", "ASSAULT"], "--type do not apply to claims"),
        ("places", ["--modality", "future"], "--modality do not apply to places"),
    ):
        bad = runner.invoke(app, ["query", kind, "--db", database, *args])
        assert bad.exit_code == 2 and message in bad.output, bad.output
    stats = runner.invoke(app, ["db", "stats", "--db", database, "--format", "json"])
    counts = json.loads(stats.stdout)["tables"]
    assert counts["events"] == len(list(corpus.events())) and counts["event_actors"] > 0
