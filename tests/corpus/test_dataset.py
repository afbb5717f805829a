"""``analyze --format parquet``: a Parquet dataset with the rows, ids and Arrow types that an
``ingest`` into an empty database followed by ``export --format parquet`` gives, the same
however many workers made the reports, each part there whole or not at all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from corpus_support import write_batch
from fixtures.hostile import write_hostile
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.corpus import Corpus, dataset
from reportedly.corpus.dataset import PER_DOCUMENT, TABLES, DatasetError, DatasetWriter
from reportedly.corpus.export import arrow_schema, export
from reportedly.ingest.item import InputItem
from reportedly.model import Report
from reportedly.pipeline import Analyzer

runner = CliRunner()

#: Project-written: a person named by surname alone before and after the full name (the
#: actor is promoted, then joined), and an organisation met again in the batch.
SURNAMES = [
    "Bondar warned on Tuesday that the bridge near Mykolaiv would stay closed. "
    '"We cannot open it this week," Bondar told reporters in Mykolaiv.',
    "Governor Iryna Bondar said on Wednesday that 40 families had left Kherson. "
    "The Red Cross said it had sent two convoys to the city.",
    '"The ferry to Odesa will run again," Bondar said on Thursday. According to the Red '
    "Cross, 12 volunteers had joined the crews.",
]


def write_inputs(folder: Path) -> Path:
    write_batch(folder, 5, seed=3)
    for n, text in enumerate(SURNAMES):
        (folder / f"surname-{n}.txt").write_text(text, encoding="utf-8")
    (folder / "repeat.txt").write_text(SURNAMES[0], encoding="utf-8")
    # Mojibake that repair undoes: the stored input text then differs from the analysed one.
    (folder / "mojibake.txt").write_text(
        "Officials in Lviv said on Friday that the cafÃ© by the station had reopened.",
        encoding="utf-8",
    )
    return folder


def read_dataset(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, part after part; each part's schema checked against export's."""
    tables = {}
    for table in TABLES:
        parts = sorted((directory / table.name).glob("part-*.parquet"))
        assert parts, table.name
        read = [pq.read_table(part) for part in parts]
        for part in read:
            assert part.schema.equals(arrow_schema(table)), table.name
        tables[table.name] = pa.concat_tables(read).to_pylist()
    return tables


def read_export(directory: Path) -> dict[str, list[dict[str, Any]]]:
    return {
        table.name: pq.read_table(directory / f"{table.name}.parquet").to_pylist()
        for table in TABLES
    }


def without(tables: dict[str, list[dict[str, Any]]], timings: bool = False) -> dict[str, Any]:
    """The rows without ``documents.ingested_at`` (when the row was made) and, with
    ``timings``, without the stage timings inside ``documents.report``."""
    out = {name: [dict(row) for row in rows] for name, rows in tables.items()}
    for row in out["documents"]:
        row.pop("ingested_at")
        if timings:
            report = json.loads(row["report"])
            for stage in report["stages"]:
                stage.pop("seconds", None)
            row["report"] = report
    return out


@pytest.fixture(scope="module")
def reports(
    analyzer: Analyzer, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[Report, str]]:
    """Each report with its input text as read."""
    folder = write_inputs(tmp_path_factory.mktemp("inputs"))
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())]
    items = [InputItem(origin=f"in{n}", text=text) for n, text in enumerate(texts)]
    results = analyzer.analyze_items(items, skip_duplicates=True)
    return [(r, text) for r, text in zip(results, texts, strict=True) if isinstance(r, Report)]


def test_the_dataset_has_the_rows_of_ingest_then_export(
    reports: list[tuple[Report, str]], tmp_path: Path
) -> None:
    with Corpus(str(tmp_path / "c.db")) as corpus:
        for report, text in reports:
            assert corpus.add(report, text) is not None
        export(corpus.engine, tmp_path / "export", "parquet")
    with DatasetWriter(tmp_path / "ds", part_documents=3) as writer:
        ids = [writer.add(report, text) for report, text in reports]
    assert ids == list(range(1, len(reports) + 1))
    got, expected = read_dataset(tmp_path / "ds"), read_export(tmp_path / "export")
    assert without(got) == without(expected)
    assert [row["input_text"] is None for row in got["documents"]].count(False) == 1
    # What the batch holds, so that the comparison means something.
    assert len(got["documents"]) == len(reports) == 9
    for name in ("claims", "sources", "places", "claim_places", "quantities", "times"):
        assert got[name], name
    assert got["events"] and got["event_actors"] and got["actor_variants"]
    bondar = [a for a in got["actors"] if a["match_key"] == "bondar" and a["type"] == "PERSON"]
    assert [a["name"] for a in bondar] == ["Iryna Bondar"]  # promoted, then joined
    variants = {v["variant"] for v in got["actor_variants"] if v["actor_id"] == bondar[0]["id"]}
    assert variants == {"Bondar", "Iryna Bondar"}
    # Parts of three documents, aligned across tables; the manifest says what is there.
    for table in PER_DOCUMENT:
        assert len(list((tmp_path / "ds" / table.name).iterdir())) == 3
    first = pq.read_table(tmp_path / "ds" / "documents" / "part-00000.parquet")
    assert first.column("id").to_pylist() == [1, 2, 3]
    manifest = dataset.read_manifest(tmp_path / "ds")
    assert manifest is not None and manifest["documents"] == 9 and manifest["parts"] == 3
    assert manifest["rows"] == {name: len(rows) for name, rows in got.items()}
    assert (
        pq.read_metadata(tmp_path / "ds" / "claims" / "part-00000.parquet")
        .row_group(0)
        .column(0)
        .compression
        == "ZSTD"
    )


def test_a_part_is_there_whole_or_not_at_all(
    reports: list[tuple[Report, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pq.ParquetWriter.write_table
    calls = {"n": 0}

    def failing(self: pq.ParquetWriter, table: pa.Table, *args: Any, **kwargs: Any) -> None:
        if "cue" in table.column_names and calls["n"] > 0:  # the second part of claims
            raise OSError("disk full")
        calls["n"] += "cue" in table.column_names
        real(self, table, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", failing)
    with pytest.raises(OSError), DatasetWriter(tmp_path / "ds", part_documents=2) as writer:
        for report, text in reports:
            writer.add(report, text)
    claims = tmp_path / "ds" / "claims"
    assert sorted(p.name for p in claims.glob("part-*")) == ["part-00000.parquet"]
    assert pq.read_table(claims).num_rows == pq.read_table(claims / "part-00000.parquet").num_rows
    assert dataset.read_manifest(tmp_path / "ds") is None  # the run did not finish
    assert not (tmp_path / "ds" / "actors").exists()


def test_no_reports_give_empty_tables_with_their_schema(tmp_path: Path) -> None:
    DatasetWriter(tmp_path / "ds").close()
    tables = read_dataset(tmp_path / "ds")
    assert all(rows == [] for rows in tables.values())


def test_an_existing_directory_with_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    for target in ("full", "file"):
        with pytest.raises(DatasetError):
            DatasetWriter(tmp_path / target)
    (tmp_path / "empty").mkdir()
    DatasetWriter(tmp_path / "empty").close()


def test_cli_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SURNAMES[0], encoding="utf-8")
    no_output = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "-f", "parquet"])
    assert no_output.exit_code == 2 and "give --output DIR" in no_output.output
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.parquet").write_text("", encoding="utf-8")
    full = runner.invoke(
        app, ["analyze", str(tmp_path / "a.txt"), "-f", "parquet", "-o", str(tmp_path / "out")]
    )
    assert full.exit_code == 2 and "is not empty" in full.output


def analyze_to(folder: Path, out: Path, *extra: str) -> tuple[dict[str, Any], list[str]]:
    result = runner.invoke(app, ["analyze", str(folder), "-f", "parquet", "-o", str(out), *extra])
    assert result.exit_code == 1, result.output  # the hostile inputs fail some
    return without(read_dataset(out), timings=True), result.stderr.splitlines()


@pytest.mark.slow
def test_cli_dataset_equals_ingest_then_export(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in")
    write_hostile(folder / "hostile")  # repaired texts, JSON lines with metadata, failures
    got, stderr = analyze_to(folder, tmp_path / "ds")
    db = str(tmp_path / "c.db")
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 1
    exported = runner.invoke(app, ["export", "--db", db, "-f", "parquet", "-o", str(tmp_path)])
    assert exported.exit_code == 0, exported.output
    assert got == without(read_export(tmp_path), timings=True)
    assert any(row["input_text"] for row in got["documents"])  # repair changed one
    assert len(got["documents"]) == 15 and stderr[-1].startswith("reportedly: ")


@pytest.mark.slow
def test_cli_dataset_is_the_same_with_jobs_and_on_dask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(dataset, "PART_DOCUMENTS", 4)
    folder = write_inputs(tmp_path / "in")
    write_hostile(folder / "hostile")
    plain = analyze_to(folder, tmp_path / "plain")
    assert analyze_to(folder, tmp_path / "jobs", "--jobs", "2") == plain
    assert analyze_to(folder, tmp_path / "dask", "--dask", "local:2")[0] == plain[0]
    assert len(list((tmp_path / "dask" / "claims").iterdir())) == 4  # 15 documents, 4 a part


def test_the_dataset_writer_loads_no_spacy() -> None:
    """Under --jobs and --dask the writing process stays free of the pipeline."""
    code = "import sys, reportedly.corpus.dataset; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
