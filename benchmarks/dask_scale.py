"""One process against ``--dask local:1`` and ``--dask local:2``, on the same files, in one run.

Each side runs in a fresh process of its own (``--side``), one after another, never two at
once. A side reads the files with the CLI's reader (``iter_inputs``), analyses them as
``reportedly analyze -f jsonl`` does (duplicates skipped) and writes the JSONL. It times:

- **start**: the plain side's ``Analyzer().nlp``; a Dask side's ``DaskAnalyzer.start()`` (the
  local cluster, its workers, each loading the pipeline in the worker plugin);
- **stream**: the analysis of every file, wall and CPU seconds; a Dask side's CPU is the
  client's and every worker's (``psutil`` in each worker, before and after), so the scheduling
  cost is in it;
- **peak RSS**: the process's, and each worker's (``ru_maxrss``).

Then: the record identity check (every side's JSONL, stage timings left out, equal to the
plain side's, record by record), and the single writer's rate: the plain side's reports
stored into a fresh SQLite file, one transaction each and 50 per transaction.

Before the timed run it waits (up to ``--wait-s``) until the 1-minute load average is below
``--max-load``, and records the load before and after. ``--rounds N`` runs the three sides N
times, in reverse order every other round (plain, local:1, local:2, then local:2, local:1,
plain), so that a change in the machine's speed falls on every side; ``--keep FILE`` keeps the
plain side's JSONL (the reports ``stories_dask.py`` replicates).

    PYTHONPATH=src .venv/bin/python benchmarks/dask_scale.py \\
        --data ../shared/corpora/news/bbc --files 1000 [--rounds 2] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIDES = ("plain", "local:1", "local:2")


def pick(data: Path, count: int) -> list[Path]:
    """``count`` files spread over the corpus's folders: every k-th of the sorted list."""
    files = sorted(p for p in data.rglob("*.txt") if p.is_file())
    step = max(1, len(files) // count)
    return files[::step][:count]


def _worker_cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def _worker_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_side(side: str, files: list[str], out: Path) -> dict[str, Any]:
    """One side, in this process."""
    from reportedly.ingest import iter_inputs
    from reportedly.model import Report
    from reportedly.settings import Settings

    started = time.perf_counter()
    analyzer: Any
    if side == "plain":
        from reportedly.pipeline import Analyzer

        analyzer = Analyzer(Settings())
        analyzer.nlp  # noqa: B018
    else:
        from reportedly.cluster import DaskAnalyzer

        analyzer = DaskAnalyzer(Settings(), side)
        analyzer.start()
    start_s = time.perf_counter() - started
    before = analyzer.client.run(_worker_cpu) if side != "plain" else {}
    cpu0, wall0 = time.process_time(), time.perf_counter()
    done = failed = 0
    with out.open("w", encoding="utf-8") as sink:
        for result in analyzer.analyze_items(iter_inputs(files), skip_duplicates=True):
            if isinstance(result, Report):
                sink.write(result.to_json() + "\n")
                done += 1
            else:
                failed += 1
    wall = time.perf_counter() - wall0
    client_cpu = time.process_time() - cpu0
    result: dict[str, Any] = {"side": side, "start_s": start_s, "stream_wall_s": wall}
    result["reports"], result["not_reports"] = done, failed
    result["client_cpu_s"] = client_cpu
    result["peak_rss_mib"] = _worker_peak_mib()
    if side != "plain":
        after = analyzer.client.run(_worker_cpu)
        result["workers_cpu_s"] = sum(after[a] - before.get(a, 0.0) for a in after)
        result["worker_peak_rss_mib"] = sorted(analyzer.client.run(_worker_peak_mib).values())
        result["workers"] = len(after)
        analyzer.close()
    result["stream_cpu_s"] = client_cpu + result.get("workers_cpu_s", 0.0)
    result["whole_s"] = time.perf_counter() - started
    return result


def comparable(line: str) -> str:
    data = json.loads(line)
    for stage in data.get("stages", []):
        stage.pop("seconds", None)
    return json.dumps(data, sort_keys=True)


def write_rate(jsonl: Path, tmp: Path) -> dict[str, Any]:
    """The single writer: every report stored in a fresh SQLite file, one transaction each
    (``Corpus.add``, as plain ``ingest``) and 50 per transaction (``add_many``, as
    ``ingest --dask``)."""
    from reportedly.corpus import Corpus
    from reportedly.model import Report

    reports = [Report.model_validate_json(line) for line in jsonl.open(encoding="utf-8")]
    rates: dict[str, Any] = {"documents": len(reports)}
    for every in (1, 50):
        with Corpus(str(tmp / f"write-{every}.db")) as corpus:
            started = time.perf_counter()
            for n in range(0, len(reports), every):
                corpus.add_many([(report, None) for report in reports[n : n + every]])
            seconds = time.perf_counter() - started
        rates[f"commit_every_{every}"] = {"seconds": seconds, "per_s": len(reports) / seconds}
    return rates


def wait_for_quiet(max_load: float, wait_s: float) -> tuple[float, float]:
    """Poll until the 1-minute load is below ``max_load``; (load then, seconds waited)."""
    started = time.monotonic()
    while True:
        load = os.getloadavg()[0]
        if load < max_load or time.monotonic() - started > wait_s:
            return load, time.monotonic() - started
        time.sleep(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="A folder of articles (.txt).")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--max-load", type=float, default=0.6)
    parser.add_argument("--wait-s", type=float, default=1200.0)
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="Run the sides N times, in reverse order each other time.",
    )
    parser.add_argument("--keep", type=Path, help="Keep the plain side's JSONL here.")
    parser.add_argument("--side", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument("--list", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:  # a child: one side
        files = args.list.read_text(encoding="utf-8").splitlines()
        print(json.dumps(run_side(args.side, files, args.out)))
        return
    if args.data is None:
        parser.error("--data is required")
    files = pick(args.data, args.files)
    load, waited = wait_for_quiet(args.max_load, args.wait_s)
    print(f"load {load:.2f} after waiting {waited:.0f} s; {len(files)} files", file=sys.stderr)
    figures: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "files": len(files),
        "words": sum(len(p.read_bytes().split()) for p in files),
        "load_before": load,
        "waited_s": waited,
        "sides": [],
    }
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        listing = tmp / "files.txt"
        listing.write_text("\n".join(str(p) for p in files), encoding="utf-8")
        outputs: dict[str, list[Any]] = {}
        for round_ in range(args.rounds):
            for side in SIDES if round_ % 2 == 0 else SIDES[::-1]:
                out = tmp / f"{side.replace(':', '-')}.jsonl"
                command = [sys.executable, __file__, "--side", side, "--list", str(listing)]
                done = subprocess.run(
                    [*command, "--out", str(out)], capture_output=True, text=True, check=False
                )
                if done.returncode != 0:
                    raise SystemExit(f"side {side} failed:\n{done.stderr[-3000:]}")
                row = json.loads(done.stdout.strip().splitlines()[-1])
                row["round"] = round_ + 1
                row["load_after"] = os.getloadavg()[0]
                figures["sides"].append(row)
                records = [comparable(line) for line in out.open(encoding="utf-8")]
                if outputs.setdefault(side, records) != records:
                    raise SystemExit(f"side {side} wrote other records in round {round_ + 1}")
                print(json.dumps(row), file=sys.stderr)
        plain = outputs["plain"]
        figures["identical"] = {side: outputs[side] == plain for side in SIDES[1:]}
        figures["records"] = len(plain)
        figures["write"] = write_rate(tmp / "plain.jsonl", tmp)
        if args.keep:
            shutil.copyfile(tmp / "plain.jsonl", args.keep)
    for round_ in range(1, args.rounds + 1):
        by = {row["side"]: row for row in figures["sides"] if row["round"] == round_}
        base = by["plain"]["stream_wall_s"]
        figures[f"round_{round_}"] = {
            "speedup_vs_plain": {s: base / by[s]["stream_wall_s"] for s in SIDES[1:]},
            "speedup_2_vs_1": by["local:1"]["stream_wall_s"] / by["local:2"]["stream_wall_s"],
            "overhead_1_vs_plain": by["local:1"]["stream_wall_s"] / base - 1,
            "cpu_overhead_1_vs_plain": by["local:1"]["stream_cpu_s"] / by["plain"]["stream_cpu_s"]
            - 1,
        }
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
