"""Cost against document length: words per second on one document of 10 KB ... 5 MB.

Each document is real news text: articles of a corpus folder (the BBC one), in file order,
joined with blank lines until the size is reached (then cut at a paragraph end). Each size and
mode runs in a fresh process (spawn), so its peak RSS is its own; the pipeline is loaded before
the clock starts. CPU time (``time.process_time``) is the measure; a linear engine keeps
words/s flat across sizes. Per-stage CPU seconds come from timing each component apart
(the parse, then each reportedly stage, over the same ``Doc``).

    python benchmarks/long_documents.py --data ../shared/corpora/news/bbc \
        [--sizes 10k,100k,1m,5m] [--modes fast,accurate] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import time
from pathlib import Path

UNITS = {"k": 1_000, "m": 1_000_000}


def size_of(label: str) -> int:
    label = label.strip().lower()
    return int(float(label[:-1]) * UNITS[label[-1]]) if label[-1] in UNITS else int(label)


def build_text(folder: Path, chars: int) -> str:
    """Articles joined by blank lines up to ``chars`` characters, cut at a paragraph end."""
    pieces: list[str] = []
    total = 0
    files = sorted(p for p in folder.rglob("*.txt"))
    while total < chars:
        for path in files:
            text = path.read_bytes().decode("utf-8", errors="replace").strip()
            pieces.append(text)
            total += len(text) + 2
            if total >= chars:
                break
    joined = "\n\n".join(pieces)
    cut = joined.rfind("\n\n", 0, chars)
    return joined[: cut if cut > chars // 2 else chars]


def _measure(text: str, mode: str, stages_apart: bool, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from reportedly.pipeline import Analyzer, Settings

    analyzer = Analyzer(Settings(mode=mode))
    nlp = analyzer.nlp
    analyzer.analyze("Warm-up: the minister said on Tuesday that 300 troops had left.")
    started, cpu = time.perf_counter(), time.process_time()
    report = analyzer.analyze(text, raw=True)
    whole_cpu, wall = time.process_time() - cpu, time.perf_counter() - started
    # Per stage, apart: the parse, then each reportedly component over the same Doc.
    stages: dict[str, float] = {}
    if stages_apart:
        doc = nlp.make_doc(text)
        for name, component in nlp.pipeline:
            cpu = time.process_time()
            doc = component(doc)
            stages[name] = round(time.process_time() - cpu, 2)
    queue.put(
        {
            "chars": len(text),
            "words": len(text.split()),
            "cpu_s": round(whole_cpu, 2),
            "wall_s": round(wall, 2),
            "words_per_cpu_s": round(len(text.split()) / whole_cpu),
            "claims": len(report.claims),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "stages_cpu_s": stages,
        }
    )


def measure(text: str, mode: str, stages_apart: bool) -> dict[str, object]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_measure, args=(text, mode, stages_apart, queue))
    child.start()
    result = queue.get()
    child.join()
    return dict(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="A folder of .txt articles.")
    parser.add_argument("--sizes", default="10k,100k,1m,5m")
    parser.add_argument("--modes", default="fast")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--stages", action="store_true", help="Also time each component apart (a second parse)."
    )
    args = parser.parse_args()
    rows = []
    for mode in args.modes.split(","):
        for label in args.sizes.split(","):
            text = build_text(args.data, size_of(label))
            row = {"mode": mode, "size": label, **measure(text, mode, args.stages)}
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print()
    print("| mode | size | words | CPU s | words/CPU s | claims | peak RSS MiB | slowest stages |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for row in rows:
        stages = sorted(row["stages_cpu_s"].items(), key=lambda kv: -kv[1])[:3]  # type: ignore[attr-defined]
        slow = ", ".join(f"{name.removeprefix('reportedly_')} {s:.1f}" for name, s in stages)
        slow = slow or "-"
        print(
            f"| {row['mode']} | {row['size']} | {row['words']:,} | {row['cpu_s']} | "
            f"{row['words_per_cpu_s']:,} | {row['claims']} | {row['peak_rss_mib']} | {slow} |"
        )


if __name__ == "__main__":
    main()
