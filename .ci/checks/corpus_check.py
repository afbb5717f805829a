"""The corpus check of ``.ci/run`` (see 70-corpus.sh), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from corpus_support import assert_whole
from fixtures.postgres import new_database, postgres_server

from reportedly.corpus import Corpus

ARTICLES = sys.argv[1]
INGEST = [sys.executable, "-m", "reportedly", "ingest", ARTICLES, "--jobs", "2"]


def ingest(db: str) -> str:
    run = subprocess.run([*INGEST, "--db", db], capture_output=True, text=True, timeout=1800)
    summary = run.stderr.strip().splitlines()[-1]
    if run.returncode != 0 or "Traceback" in run.stderr:
        sys.exit(f"ingest failed ({run.returncode}): {run.stderr[-3000:]}")
    return summary


def documents(db: str) -> int:
    try:
        with Corpus(db, create=False) as corpus:
            return int(corpus.stats()["tables"]["documents"])
    except Exception:
        return 0


def check_queries(corpus: Corpus) -> None:
    with corpus.engine.connect() as connection:
        reports = [
            json.loads(r) for (r,) in connection.exec_driver_sql("SELECT report FROM documents")
        ]
    claims = [c for r in reports for c in r["claims"]]
    for kind in ("anonymous", "government", "person"):
        expected = sum(1 for c in claims if (c.get("source") or {}).get("kind") == kind)
        got = len(list(corpus.claims(source_kind=kind)))
        assert got == expected and got > 0, (kind, got, expected)
    for stance in ("denial", "threat"):
        expected = sum(1 for c in claims if c["stance"] == stance)
        got = len(list(corpus.claims(stance=stance)))
        assert got == expected and got > 0, (stance, got, expected)
    events = [e for r in reports for e in r["events"]]
    for modality in ("future", "negated"):
        expected = sum(1 for e in events if e["modality"] == modality)
        got = len(list(corpus.events(modality=modality)))
        assert got == expected and got > 0, (modality, got, expected)
    putin = list(corpus.claims(actor="Putin"))
    assert putin and all(
        "putin" in (r["source_name"] or r["chain"] or "").lower() or r["actor"] for r in putin
    ), putin[:3]
    assert list(corpus.actors(actor="Zelenskiy")), "no actor for Zelenskiy"
    ukraine = list(corpus.claims(place="UA"))
    assert ukraine, "no claims about Ukraine"
    dated = sorted(r["document"]["published"] for r in reports if r["document"]["published"])
    if dated:
        middle = dated[len(dated) // 2]
        expected = sum(
            len(r["claims"])
            for r in reports
            if r["document"]["published"] and r["document"]["published"] >= middle
        )
        got = len(list(corpus.claims(since=middle)))
        assert got == expected, ("since", middle, got, expected)
    print(
        f"  queries: {len(claims)} claims, {len(events)} events; anonymous, government, "
        "person, denial, threat, future and negated events, "
        f"Putin ({len(putin)}), place UA ({len(ukraine)}), since ({len(dated)} dated documents)"
    )


def check(db: str, fresh: str, out: Path) -> None:
    first = ingest(db)
    stored = documents(db)
    again = ingest(db)
    print(f"  first run: {first}\n  re-run:    {again}")
    assert stored > 300 and ", 0 done," in again, again
    with Corpus(db) as corpus:
        with corpus.engine.connect() as connection:
            assert assert_whole(connection) == stored
        check_queries(corpus)
        from reportedly.corpus.export import export

        written = export(corpus.engine, out, "parquet")
        assert pq.read_table(out / "claims.parquet").num_rows == written["claims"] > 0
        assert pq.read_table(out / "documents.parquet").num_rows == stored
    # Killed in the middle, then run again.
    process = subprocess.Popen([*INGEST, "--db", fresh], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while documents(fresh) < 40 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    killed_at = documents(fresh)
    resumed = ingest(fresh)
    with Corpus(fresh) as corpus, corpus.engine.connect() as connection:
        whole = assert_whole(connection)
    print(f"  killed at {killed_at} documents; resumed: {resumed}")
    assert 0 < killed_at < stored and whole == stored, (killed_at, whole, stored)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="reportedly-corpus-check-"))
    print("corpus check: SQLite")
    check(str(work / "war.db"), str(work / "killed.db"), work / "sqlite-parquet")
    print("corpus check: PostgreSQL")
    with postgres_server() as server:
        check(new_database(server, "war"), new_database(server, "killed"), work / "pg-parquet")
    print("corpus check: passed")


if __name__ == "__main__":
    main()
