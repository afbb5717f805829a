"""``--jobs``: worker processes give the same results as one process, in order, and survive a
worker that dies."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixtures.hostile import GOOD
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.ingest.item import InputItem
from reportedly.model import DocumentError, Report
from reportedly.parallel import ParallelAnalyzer
from reportedly.pipeline import Analyzer, Settings

#: Every test here but one starts worker processes (seconds each).
pytestmark = pytest.mark.slow


def comparable(result: Report | DocumentError) -> dict[str, object]:
    """A result without its timings, which differ from run to run."""
    data = json.loads(result.model_dump_json())
    for stage in data.get("stages", []):
        stage.pop("seconds", None)
    return data


def inputs() -> list[InputItem]:
    texts = [*GOOD, GOOD[0], "", *GOOD[::-1]]
    return [InputItem(origin=f"in{n}", text=t) for n, t in enumerate(texts)]


@pytest.fixture(scope="module")
def parallel() -> ParallelAnalyzer:
    with ParallelAnalyzer(Settings(), 2) as analyzer:
        yield analyzer


def test_two_workers_give_what_one_process_gives_in_input_order(
    parallel: ParallelAnalyzer,
) -> None:
    one = list(Analyzer().analyze_items(inputs(), skip_duplicates=True))
    two = list(parallel.analyze_items(inputs(), skip_duplicates=True))
    assert [comparable(r) for r in two] == [comparable(r) for r in one]
    assert [getattr(r, "status", "done") for r in two][5:7] == ["skipped", "skipped"]
    assert two[5].reason == "duplicate of in0"  # type: ignore[union-attr]


def test_a_killed_worker_is_replaced_and_nothing_is_lost(parallel: ParallelAnalyzer) -> None:
    assert parallel._pool is not None
    victim = next(iter(parallel._pool._processes))  # a worker's pid
    os.kill(victim, signal.SIGKILL)
    results = list(parallel.analyze_items(inputs()))
    assert len(results) == len(inputs())
    assert [r.document.origin for r in results if isinstance(r, Report)] == [
        f"in{n}"
        for n in range(len(inputs()))
        if n != 6  # in6 is the empty text
    ]
    assert victim not in (parallel._pool._processes or {})


def test_jobs_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ParallelAnalyzer(Settings(), 0)


def test_cli_jobs_two_writes_what_jobs_one_writes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n, text in enumerate(GOOD):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        result = runner.invoke(
            app, ["analyze", str(folder), "-f", "jsonl", "-o", str(out), "-j", jobs]
        )
        assert result.exit_code == 0, result.output
        outputs.append(
            [comparable(Report.model_validate_json(line)) for line in out.read_text().splitlines()]
        )
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == len(GOOD)


def test_a_pool_broken_before_the_run_is_replaced(parallel: ParallelAnalyzer) -> None:
    assert parallel._pool is not None
    for pid in list(parallel._pool._processes):
        os.kill(pid, signal.SIGKILL)
    for _ in range(200):  # until the pool has noticed, so that submitting itself fails
        if parallel._pool._broken:
            break
        time.sleep(0.05)
    assert parallel._pool._broken
    results = list(parallel.analyze_items(inputs()[:3]))
    assert [r.document.origin for r in results] == ["in0", "in1", "in2"]  # type: ignore[union-attr]


def test_the_parent_of_workers_loads_no_spacy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD[0], encoding="utf-8")
    script = (
        "import sys\n"
        "from reportedly.cli import app\n"
        "try:\n"
        f"    app(['analyze', {str(tmp_path / 'a.txt')!r}, '-j', '2', '-f', 'jsonl',"
        f" '-o', {str(tmp_path / 'out.jsonl')!r}])\n"
        "except SystemExit as exit:\n"
        "    print('exit', exit.code, 'spacy', 'spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert "exit 0 spacy False" in done.stdout, done.stderr
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a parent that is not reaping it."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
def test_workers_end_when_their_parent_is_killed() -> None:
    script = (
        "import sys, time\n"
        "from reportedly.parallel import ParallelAnalyzer\n"
        "from reportedly.settings import Settings\n"
        "pool = ParallelAnalyzer(Settings(), 2)\n"
        "pool.start()\n"
        "print(' '.join(str(pid) for pid in pool._pool._processes), flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
