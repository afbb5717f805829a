"""``--dask``: a Dask cluster gives the records one process gives, in order, each once, and
survives a worker process that is killed in the middle of a run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from corpus_support import assert_whole, write_batch
from fixtures.hostile import GOOD, write_hostile
from sqlalchemy import select
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.cluster import DaskAnalyzer, Target, parse_target
from reportedly.corpus import Corpus
from reportedly.corpus import tables as t
from reportedly.ingest.item import InputItem
from reportedly.model import DocumentError, Report
from reportedly.pipeline import Analyzer, Settings

runner = CliRunner()


def comparable(result: Report | DocumentError) -> dict[str, object]:
    """A result without its timings, which differ from run to run."""
    data = json.loads(result.model_dump_json())
    for stage in data.get("stages", []):
        stage.pop("seconds", None)
    return data


def batch(tmp_path: Path, count: int) -> list[InputItem]:
    """Project-written reports, a repeat of the first and an empty text among them."""
    texts = [p.read_text(encoding="utf-8") for p in write_batch(tmp_path / "batch", count)]
    texts[3:3] = [texts[0], ""]
    return [InputItem(origin=f"in{n}", text=text) for n, text in enumerate(texts)]


def test_targets_parse_and_nonsense_is_refused() -> None:
    assert parse_target("local:3") == Target(workers=3)
    assert parse_target("local", cores=2) == Target(workers=2)
    assert parse_target("tcp://10.0.0.5:8786") == Target(address="tcp://10.0.0.5:8786")
    assert parse_target("scheduler:8786") == Target(address="tcp://scheduler:8786")
    for nonsense in ("local:0", "local:two", "tcp://nowhere", "ftp://host:21", "8786"):
        with pytest.raises(ValueError, match="--dask"):
            parse_target(nonsense)


def test_cli_refuses_dask_with_jobs_and_a_bad_target(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD[0], encoding="utf-8")
    both = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--dask", "local:1", "-j", "2"])
    assert both.exit_code == 2 and "not both" in both.output
    bad = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--dask", "local:0"])
    assert bad.exit_code == 2 and "local:N" in bad.output
    ingest = runner.invoke(
        app, ["ingest", str(tmp_path), "--db", str(tmp_path / "c.db"), "--dask", "x", "-j", "2"]
    )
    assert ingest.exit_code == 2 and "not both" in ingest.output


@pytest.fixture(scope="module")
def two_workers() -> Iterator[DaskAnalyzer]:
    with DaskAnalyzer(Settings(), "local:2") as analyzer:
        yield analyzer


@pytest.mark.slow
def test_two_dask_workers_give_what_one_process_gives_in_input_order(
    two_workers: DaskAnalyzer, analyzer: Analyzer, tmp_path: Path
) -> None:
    items = batch(tmp_path, 10)
    one = list(analyzer.analyze_items(items, skip_duplicates=True))
    two = list(two_workers.analyze_items(items, skip_duplicates=True))
    assert [comparable(r) for r in two] == [comparable(r) for r in one]
    assert isinstance(two[3], DocumentError) and two[3].reason == "duplicate of in0"
    assert isinstance(two[4], DocumentError) and two[4].status == "skipped"
    assert len(two_workers.worker_pids()) == 2


def _worker_settings() -> tuple[str | None, bool]:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), dask.config.get(
        "distributed.worker.profile.enabled"
    )


@pytest.mark.slow
def test_local_workers_run_without_the_settings_that_slow_them(two_workers: DaskAnalyzer) -> None:
    # Dask's memory trimming and stack profiler cost a worker 10-13% of its CPU.
    assert two_workers.client is not None
    seen = two_workers.client.run(_worker_settings)
    assert list(seen.values()) == [(None, False), (None, False)]
    assert dask.config.get("distributed.worker.profile.enabled") is True  # ours untouched


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_nothing_and_repeats_nothing(
    two_workers: DaskAnalyzer, analyzer: Analyzer, tmp_path: Path
) -> None:
    items = batch(tmp_path, 40)
    client = two_workers.client
    assert client is not None
    pids = two_workers.worker_pids()
    results = []
    victim = None
    for result in two_workers.analyze_items(items, skip_duplicates=True):
        results.append(result)
        if victim is None:  # one result in: kill a worker that has tasks on it
            busy = [address for address, keys in client.processing().items() if keys]
            victim = pids[(busy or list(pids))[0]]
            os.kill(victim, signal.SIGKILL)
    one = list(analyzer.analyze_items(items, skip_duplicates=True))
    assert [comparable(r) for r in results] == [comparable(r) for r in one]
    origins = [r.document.origin for r in results if isinstance(r, Report)]
    assert len(origins) == len(set(origins)) == len(items) - 2
    client.wait_for_workers(2, timeout=120)  # the nanny started a new worker in its place
    assert victim not in two_workers.worker_pids().values()


@pytest.mark.slow
def test_a_chunk_whose_worker_died_is_retried_one_document_at_a_time(
    analyzer: Analyzer, tmp_path: Path
) -> None:
    """With no failures allowed, a kill makes the scheduler give up on the chunks that were on
    the worker (KilledWorker); each of their documents runs again alone and none is lost."""
    items = batch(tmp_path, 16)
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        DaskAnalyzer(Settings(), "local:1") as one_worker,
    ):
        (pid,) = one_worker.worker_pids().values()
        stream = one_worker.analyze_items(items, skip_duplicates=True)
        results = [next(stream)]
        os.kill(pid, signal.SIGKILL)
        results += list(stream)
    one = list(analyzer.analyze_items(items, skip_duplicates=True))
    assert [comparable(r) for r in results] == [comparable(r) for r in one]


def stored(db: str) -> list[tuple[str, dict[str, object]]]:
    """Every stored document (origin, report without timings), in the order of their ids."""
    with Corpus(db, create=False) as corpus, corpus.engine.connect() as connection:
        assert_whole(connection)
        rows = connection.execute(
            select(t.documents.c.origin, t.documents.c.report).order_by(t.documents.c.id)
        ).all()
    return [(origin, comparable(Report.model_validate_json(report))) for origin, report in rows]


@pytest.mark.slow
def test_cli_ingest_on_dask_stores_what_one_process_stores(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paths = write_batch(folder, 12, seed=5)
    (folder / "repeat.txt").write_text(paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "lines.jsonl").write_text(
        json.dumps({"text": GOOD[1], "id": "g1"}) + "\n{broken\n", encoding="utf-8"
    )
    runs = {}
    for name, extra in (("plain", []), ("dask", ["--dask", "local:2"])):
        db = str(tmp_path / f"{name}.db")
        result = runner.invoke(app, ["ingest", str(folder), "--db", db, *extra])
        assert result.exit_code == 1, result.output  # the broken line failed
        problems = [
            line for line in result.stderr.splitlines() if line.startswith(("skipped:", "failed:"))
        ]
        runs[name] = (stored(db), sorted(problems), result.stderr.splitlines()[-1])
        if name == "dask":
            assert "dashboard: http://" in result.stderr
            again = runner.invoke(app, ["ingest", str(folder), "--db", db, *extra])
            assert "16 inputs, 0 done, 15 skipped (already in the corpus 14" in again.stderr
            assert stored(db) == runs["dask"][0]
    assert runs["dask"] == runs["plain"]
    documents, problems, summary = runs["plain"]
    assert len(documents) == 13 == len({origin for origin, _ in documents})
    assert summary.startswith("reportedly: 16 inputs, 13 done, 2 skipped")
    assert len(problems) == 3 and sum("failed:" in line for line in problems) == 1


@pytest.mark.slow
def test_cli_analyze_on_dask_reports_each_problem_once_as_one_process_does(
    tmp_path: Path,
) -> None:
    write_hostile(tmp_path / "in")
    runs = {}
    for name, extra in (("plain", []), ("dask", ["--dask", "local:1"])):
        out = tmp_path / f"{name}.jsonl"
        result = runner.invoke(
            app, ["analyze", str(tmp_path / "in"), "-f", "jsonl", "-o", str(out), *extra]
        )
        assert result.exit_code == 1, result.output
        problems = [
            line for line in result.stderr.splitlines() if not line.startswith("reportedly:")
        ]
        records = [
            comparable(Report.model_validate_json(line)) for line in out.read_text().splitlines()
        ]
        runs[name] = (records, problems, result.stderr.splitlines()[-1])
    assert runs["dask"] == runs["plain"]
    assert len(runs["plain"][0]) == 6 and len(runs["plain"][1]) == 9


@pytest.mark.slow
def test_the_client_of_a_dask_cluster_loads_no_spacy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD[0], encoding="utf-8")
    script = (
        "import sys\n"
        "from reportedly.cli import app\n"
        "if __name__ == '__main__':\n"
        "    try:\n"
        f"        app(['analyze', {str(tmp_path / 'a.txt')!r}, '--dask', 'local:1', '-f',"
        f" 'jsonl', '-o', {str(tmp_path / 'out.jsonl')!r}])\n"
        "    except SystemExit as exit:\n"
        "        print('exit', exit.code, 'spacy', 'spacy' in sys.modules)\n"
    )
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(tmp_path / "run.py")], capture_output=True, text=True, timeout=300
    )
    assert "exit 0 spacy False" in done.stdout, done.stderr
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


STORIES = Path(__file__).resolve().parent / "fixtures" / "linking"


def story_state(db: str) -> dict[str, list[tuple[object, ...]]]:
    """What ``stories`` wrote: memberships, stories and links, without ids of rows or times."""
    with Corpus(db, create=False) as corpus, corpus.engine.connect() as connection:
        members = connection.execute(
            select(
                t.story_documents.c.document_id,
                t.story_documents.c.story_id,
                t.story_documents.c.origin_document_id,
                t.story_documents.c.features,
            ).order_by(t.story_documents.c.seq)
        ).all()
        stories = connection.execute(select(t.stories).order_by(t.stories.c.id)).mappings()
        story_rows = [tuple(v for k, v in row.items() if k != "updated_at") for row in stories]
        links = connection.execute(select(t.links).order_by(t.links.c.id)).mappings()
        link_rows = [tuple(v for k, v in row.items() if k != "id") for row in links]
    return {"members": [tuple(m) for m in members], "stories": story_rows, "links": link_rows}


@pytest.mark.slow
def test_stories_on_dask_file_and_link_what_one_process_does(
    analyzer: Analyzer, tmp_path: Path
) -> None:
    plain, clustered = str(tmp_path / "plain.db"), str(tmp_path / "dask.db")
    with Corpus(plain) as corpus:
        for name in sorted(p.name for p in STORIES.glob("*.txt")):
            text = (STORIES / name).read_text(encoding="utf-8")
            report = analyzer.analyze(text, published="2023-06-07")
            doc = report.document.model_copy(update={"origin": name})
            corpus.add(report.model_copy(update={"document": doc}), text)
        for path in write_batch(tmp_path / "batch", 30, seed=2):
            corpus.add(analyzer.analyze(path.read_text(encoding="utf-8")))
    shutil.copy(plain, clustered)
    one = runner.invoke(app, ["stories", "--db", plain, "-f", "json"])
    two = runner.invoke(app, ["stories", "--db", clustered, "-f", "json", "--dask", "local:2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert "dashboard: http://" in two.stderr
    assert two.stdout == one.stdout
    state = story_state(plain)
    assert story_state(clustered) == state
    assert len(state["stories"]) > 2 and state["links"]
