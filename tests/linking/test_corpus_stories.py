"""``reportedly stories`` over a stored corpus, on SQLite and PostgreSQL: incremental filing,
stable story ids, origins from stored MinHash bands, links stored and shown again."""

from __future__ import annotations

import json
from pathlib import Path

from corpus_support import database, postgres
from sqlalchemy import func, select
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.corpus import Corpus
from reportedly.corpus import tables as t
from reportedly.linking.corpus_stories import story_report, story_rows, update_stories
from reportedly.pipeline import Analyzer

__all__ = ["database", "postgres"]  # fixtures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linking"
FIRST = (("dam-herald.txt", "2023-06-07"), ("dam-wire.txt", "2023-06-06"))
LATER = (
    ("dam-herald-copy.txt", "2023-06-07"),
    ("dam-near-misses.txt", "2023-06-07"),
    ("harvest.txt", "2023-06-07"),
)


def _add(corpus: Corpus, analyzer: Analyzer, articles: tuple[tuple[str, str], ...]) -> None:
    for name, published in articles:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        report = analyzer.analyze(text, published=published)
        doc = report.document.model_copy(update={"origin": name})
        corpus.add(report.model_copy(update={"document": doc}), text)


def _membership(corpus: Corpus) -> dict[str, str]:
    with corpus.engine.connect() as connection:
        rows = connection.execute(
            select(t.documents.c.origin, t.story_documents.c.story_id).join(
                t.story_documents, t.story_documents.c.document_id == t.documents.c.id
            )
        )
        return {str(r.origin): str(r.story_id) for r in rows}


def test_incremental_stories_keep_ids_and_link_only_what_changed(
    analyzer: Analyzer, database: str
) -> None:
    with Corpus(database) as corpus:
        _add(corpus, analyzer, FIRST)
        first = update_stories(corpus)
        assert (first.filed, first.stories_changed) == (2, 1)
        before = _membership(corpus)
        assert before["dam-herald.txt"] == before["dam-wire.txt"]
        assert first.links > 0

        _add(corpus, analyzer, LATER)
        second = update_stories(corpus)
        after = _membership(corpus)
        assert second.filed == 3
        assert {k: after[k] for k in before} == before  # nobody moved
        dam = before["dam-herald.txt"]
        assert after["dam-herald-copy.txt"] == after["dam-near-misses.txt"] == dam
        assert after["harvest.txt"] != dam
        assert second.stories_changed == 2  # the dam story and the new harvest story

        third = update_stories(corpus)
        assert (third.filed, third.stories_changed, third.links) == (0, 0, 0)

        rows = {r["id"]: r for r in story_rows(corpus)}
        assert (rows[dam]["articles"], rows[dam]["origins"]) == (4, 3)  # herald = its copy
        record = story_report(corpus, dam)
        assert record is not None
        kinds = {link.kind for link in record.links}
        assert {"figure_conflict", "date_conflict", "same_claim", "contradiction"} <= kinds
        texts = {d.document.id: d.document.text for d in record.documents}
        for link in record.links:
            for end in (link.a, link.b):
                assert texts[end.document][end.span.start : end.span.end] == end.span.text
        with corpus.engine.connect() as connection:
            stored = connection.execute(select(func.count()).select_from(t.links)).scalar()
        assert stored == sum(r["links"] for r in rows.values())


def test_reanalysed_document_leaves_and_rejoins_its_story(
    analyzer: Analyzer, database: str
) -> None:
    with Corpus(database) as corpus:
        _add(corpus, analyzer, FIRST + LATER)
        update_stories(corpus)
        before = _membership(corpus)
        with corpus.engine.connect() as connection:
            wire_id, report_json = connection.execute(
                select(t.documents.c.id, t.documents.c.report).where(
                    t.documents.c.origin == "dam-wire.txt"
                )
            ).one()
        from reportedly.model import Report

        corpus.replace(int(wire_id), Report.model_validate_json(report_json))
        assert "dam-wire.txt" not in _membership(corpus)
        again = update_stories(corpus)
        assert again.filed == 1
        assert _membership(corpus) == before


def test_stories_command_lists_and_shows(analyzer: Analyzer, database: str, tmp_path: Path) -> None:
    with Corpus(database) as corpus:
        _add(corpus, analyzer, FIRST + LATER)
    runner = CliRunner()
    result = runner.invoke(app, ["stories", "--db", database, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["articles"] for r in rows] == [4, 1]
    story = rows[0]["id"]
    out = tmp_path / "story.json"
    result = runner.invoke(
        app, ["stories", "--db", database, "--story", story, "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "reportedly-corpus/1" and len(data["documents"]) == 4
    result = runner.invoke(app, ["stories", "--db", database, "--story", "s999"])
    assert result.exit_code == 1 and "no story" in result.output


def test_export_carries_stories_membership_and_links(
    analyzer: Analyzer, database: str, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    with Corpus(database) as corpus:
        _add(corpus, analyzer, FIRST + LATER)
        update_stories(corpus)
        rows = {r["id"]: r for r in story_rows(corpus)}
        membership = _membership(corpus)
    result = CliRunner().invoke(
        app, ["export", "--db", database, "--format", "parquet", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    stories = pq.read_table(tmp_path / "stories.parquet").to_pylist()
    assert {s["id"]: s["articles"] for s in stories} == {k: r["articles"] for k, r in rows.items()}
    members = pq.read_table(tmp_path / "story_documents.parquet")
    assert "features" not in members.column_names  # the filer's own state stays in
    assert sorted(members.column("story_id").to_pylist()) == sorted(membership.values())
    links = pq.read_table(tmp_path / "links.parquet").to_pylist()
    assert len(links) == sum(r["links"] for r in rows.values())
    assert {"figure_conflict", "same_claim"} <= {link["kind"] for link in links}
    assert not (tmp_path / "origin_bands.parquet").exists()


def test_query_lists_stories_and_links_with_filters(analyzer: Analyzer, database: str) -> None:
    with Corpus(database) as corpus:
        _add(corpus, analyzer, FIRST + LATER)
        update_stories(corpus)
        membership = _membership(corpus)
    runner = CliRunner()

    def query(*args: str) -> list[dict[str, object]]:
        result = runner.invoke(app, ["query", *args, "--db", database, "-f", "jsonl"])
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]

    stories = query("stories")
    assert [s["articles"] for s in stories] == [4, 1]  # the largest first
    dam = membership["dam-herald.txt"]
    assert stories[0]["story"] == dam and isinstance(stories[0]["actors"], list)
    conflicts = query("links", "--link", "figure_conflict")
    assert conflicts and {row["kind"] for row in conflicts} == {"figure_conflict"}
    assert {row["story"] for row in conflicts} == {dam}
    every = query("links", "--story", dam)
    assert len(every) == stories[0]["links"]
    for row in every:  # each end names its document and carries its span's text
        assert row["a_document"] and row["b_document"] and row["a_text"] and row["b_text"]
    assert query("links", "--story", "s999") == []
    word = str(every[0]["a_text"]).split()[-1]
    assert every[0]["link_id"] in {row["link_id"] for row in query("links", "--text", word)}
    assert query("stories", "--text", "no such title words") == []
    bad = runner.invoke(app, ["query", "claims", "--db", database, "--link", "same_claim"])
    assert bad.exit_code == 2 and "do not apply" in bad.output
    bad = runner.invoke(app, ["query", "links", "--db", database, "--link", "agreement"])
    assert bad.exit_code == 2 and "same_claim" in bad.output


def test_stories_on_a_missing_database_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["stories", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no corpus" in result.output
