"""``reportedly stories`` on a stored corpus: the first run over N documents, then an
incremental run after 10% more arrive (it must cost in proportion to the new documents, not
the corpus), side by side for each N, each in its own process with its own SQLite file.

    python benchmarks/stories_corpus.py --reports bbc.jsonl --sizes 1000 10000

Replicas as in ``stories_scale.py``: replica ``r`` of report ``i`` is dated ``r`` x 400 days on.
Storing the reports (``Corpus.add``) is set-up and is timed apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _replica(base: list, n: int):  # type: ignore[no-untyped-def]
    replica, index = divmod(n, len(base))
    original = base[index]
    day = dt.date(2004, 1, 1) + dt.timedelta(days=(index * 7) % 365 + 400 * replica)
    doc = original.document.model_copy(
        update={"id": f"{original.document.id}-r{replica}", "published": day}
    )
    return original.model_copy(update={"document": doc})


def print_table(rows: list[dict[str, Any]], header: list[str]) -> None:
    """``rows`` as a Markdown table of the ``header`` columns, for BENCHMARKS.md."""
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(row[h]) for h in header) + " |")


def run(reports_path: Path, size: int) -> dict[str, float]:
    from reportedly.corpus import Corpus
    from reportedly.linking.corpus_stories import update_stories
    from reportedly.model import Report

    base = [Report.model_validate_json(line) for line in reports_path.open(encoding="utf-8")]
    extra = size // 10
    with tempfile.TemporaryDirectory() as folder, Corpus(str(Path(folder) / "c.db")) as corpus:
        started = time.perf_counter()
        for n in range(size):
            report = _replica(base, n)
            corpus.add(report, f"{report.document.text}\n{report.document.id}")
        stored = time.perf_counter()
        first = update_stories(corpus)
        first_done = time.perf_counter()
        for n in range(size, size + extra):
            report = _replica(base, n)
            corpus.add(report, f"{report.document.text}\n{report.document.id}")
        added = time.perf_counter()
        second = update_stories(corpus)
        second_done = time.perf_counter()
    return {
        "documents": size,
        "store_s": round(stored - started, 1),
        "stories_first_s": round(first_done - stored, 1),
        "first_ms_per_doc": round(1000 * (first_done - stored) / size, 2),
        "links": first.links,
        "added": extra,
        "stories_incremental_s": round(second_done - added, 1),
        "incremental_ms_per_new_doc": round(1000 * (second_done - added) / max(extra, 1), 2),
        "stories_relinked": second.stories_changed,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.reports, args.one)))
        return
    rows = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--reports", str(args.reports), "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    print_table(rows, list(rows[0]))


if __name__ == "__main__":
    main()
