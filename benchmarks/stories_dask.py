"""``reportedly stories`` on a stored corpus, one process against ``--dask local:1`` and
``local:2``, at each size, side by side in one run: time, the client's and each worker's
peak memory, and whether every side filed the same stories and found the same links.

    python benchmarks/stories_dask.py --reports bbc.jsonl --sizes 10000 --work /tmp/sd

``--reports`` is ``reportedly analyze ... -f jsonl`` output. The corpus of each size is built
once (replicas as in ``stories_corpus.py``: replica ``r`` of report ``i`` dated ``r`` x 400
days on, so more documents make more stories, not bigger ones) and copied for each side, so
every side starts from the same file; storing it is set-up, timed apart. Each side runs in its
own process. The machine should be otherwise idle: the sides share its cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from stories_corpus import _replica, print_table

SIDES = ("plain", "local:1", "local:2")


def build(reports_path: Path, size: int, db: Path) -> float:
    """Store ``size`` replicas in a new SQLite corpus at ``db``; the seconds it took."""
    from reportedly.corpus import Corpus
    from reportedly.model import Report

    base = [Report.model_validate_json(line) for line in reports_path.open(encoding="utf-8")]
    started = time.perf_counter()
    with Corpus(str(db)) as corpus:
        for start in range(0, size, 50):  # 50 a transaction, as ``ingest --dask`` commits
            replicas = [_replica(base, n) for n in range(start, min(start + 50, size))]
            corpus.add_many([(r, f"{r.document.text}\n{r.document.id}") for r in replicas])
        corpus.refresh_statistics()
    return time.perf_counter() - started


def _peak_mib(pid: int) -> float:
    """A live process's peak resident memory (``VmHWM``), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _fingerprint(db: Path) -> tuple[str, str]:
    """Digests of which documents share a story and of the links found, independent of
    the order ids were given in."""
    from sqlalchemy import text

    from reportedly.corpus import Corpus

    with Corpus(str(db), create=False) as corpus, corpus.engine.connect() as connection:
        members: dict[int, list[int]] = {}
        for story, document in connection.execute(
            text("SELECT story_id, document_id FROM story_documents")
        ):
            members.setdefault(story, []).append(document)
        groups = sorted(sorted(m) for m in members.values())
        links = sorted(
            tuple(str(v) for v in row)
            for row in connection.execute(
                text("SELECT kind, a_document_id, a_start, b_document_id, b_start, rule FROM links")
            )
        )
    digest = hashlib.sha256
    return (
        digest(json.dumps(groups).encode()).hexdigest()[:16],
        digest(json.dumps(links).encode()).hexdigest()[:16],
    )


def side(db: Path, name: str) -> dict[str, Any]:
    """One side on its own copy of the corpus, in this (fresh) process."""
    from reportedly.corpus import Corpus
    from reportedly.linking.corpus_stories import serial_map, update_stories

    cluster = None
    mapper = serial_map
    started = time.perf_counter()
    if name != "plain":
        from reportedly.cluster import DaskCluster

        cluster = DaskCluster(name)
        cluster.start()
        mapper = cluster.map
    up = time.perf_counter()
    try:
        with Corpus(str(db), create=False) as corpus:
            summary = update_stories(corpus, mapper=mapper)
        done = time.perf_counter()
        workers = [_peak_mib(pid) for pid in cluster.worker_pids().values()] if cluster else []
    finally:
        if cluster is not None:
            cluster.close()
    groups, links = _fingerprint(db)
    return {
        "side": name,
        "start_s": round(up - started, 1),
        "stories_s": round(done - up, 1),
        "filed": summary.filed,
        "links": summary.links,
        "client_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_mib": workers,
        "stories_digest": groups,
        "links_digest": links,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--sides", nargs="+", default=list(SIDES), choices=SIDES)
    parser.add_argument("--work", type=Path, required=True, help="A folder for the corpora.")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps({"store_s": round(build(args.reports, args.build, args.db), 1)}))
        return
    if args.side:
        print(json.dumps(side(args.db, args.side)))
        return

    def child(*extra: str) -> dict[str, Any]:
        command = [sys.executable, __file__, "--reports", str(args.reports)]
        out = subprocess.run(
            [*command, "--work", str(args.work), *extra],
            capture_output=True,
            text=True,
        )
        if out.returncode:
            sys.exit(out.stderr)
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))

    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        base = args.work / f"corpus-{size}.db"
        if not base.exists():
            built = child("--build", str(size), "--db", str(base) + ".part")
            Path(str(base) + ".part").rename(base)
            print(json.dumps({"documents": size, **built}), flush=True)
        for name in args.sides:
            copy = args.work / f"corpus-{size}-{name.replace(':', '-')}.db"
            shutil.copyfile(base, copy)
            row = {"documents": size, **child("--side", name, "--db", str(copy))}
            copy.unlink()
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")
    print_table(rows, list(rows[0]))


if __name__ == "__main__":
    main()
