"""Ingest against analyse: ``reportedly ingest`` into a fresh SQLite database
against ``reportedly analyze --format jsonl`` on the same files, alternately, in one run.

Each command runs as a whole process; wall and CPU seconds (``resource`` child usage) are
taken per run and the ratio ingest/analyse pair by pair, so a drift of the machine's speed
between runs does not skew it. The database size per 1,000 documents is printed too.

    python benchmarks/corpus_ingest.py --data ../shared/corpora/news/bbc [--files 1000] \
        [--rounds 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPORTEDLY = [sys.executable, "-m", "reportedly"]


def timed(command: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="A folder of .txt articles.")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.data.rglob("*.txt"))[: args.files]
    work = Path(tempfile.mkdtemp(prefix="reportedly-bench-"))
    listing = work / "inputs"
    listing.mkdir()
    for n, path in enumerate(files):  # one folder of links: the same inputs for both commands
        os.symlink(path, listing / f"{n:05d}.txt")
    runs: list[dict[str, float]] = []
    for round_ in range(args.rounds):
        db = str(work / f"round{round_}.db")
        analyse = timed([*REPORTEDLY, "analyze", str(listing), "-f", "jsonl", "-o", os.devnull])
        ingest = timed([*REPORTEDLY, "ingest", str(listing), "--db", db])
        size = sum(p.stat().st_size for p in work.glob(f"round{round_}.db*"))
        runs.append(
            {
                "analyze_wall_s": analyse[0],
                "ingest_wall_s": ingest[0],
                "analyze_cpu_s": analyse[1],
                "ingest_cpu_s": ingest[1],
                "throughput_ratio": analyse[0] / ingest[0],
                "db_mib_per_1000_docs": size / 2**20 * 1000 / len(files),
            }
        )
    summary = {
        "files": len(files),
        "rounds": runs,
        "median_throughput_ratio": statistics.median(r["throughput_ratio"] for r in runs),
    }
    if args.json:
        print(json.dumps(summary, indent=1))
        return
    for r in runs:
        print(
            f"analyze {r['analyze_wall_s']:.1f} s, ingest {r['ingest_wall_s']:.1f} s: "
            f"ingest throughput {r['throughput_ratio']:.3f}x of analyze; "
            f"{r['db_mib_per_1000_docs']:.1f} MiB per 1,000 documents"
        )
    print(f"median ingest/analyze throughput: {summary['median_throughput_ratio']:.3f}x")


if __name__ == "__main__":
    main()
