"""Load on ``reportedly serve``: a fixed number of GET requests over the read endpoints, from
``--connections`` concurrent connections on loopback, against a server process started here
over an existing corpus. Reports requests/s, p50/p95/max latency, errors, and the server's
resident memory before, after the first round and after the last (stable memory: the last
rounds do not grow it).

    reportedly ingest ../shared/corpora/news/ukraine-war/articles --db /tmp/war.db
    reportedly stories --db /tmp/war.db
    python benchmarks/serve_load.py --db /tmp/war.db [--connections 100] [--requests 2000] \
        [--rounds 3] [--workers 1,2] [--json]

Each ``--workers`` value is a server of that many processes (``serve --workers N``), measured
one after the other in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx


def _paths(base: str) -> list[str]:
    """What analysts ask: pages of claims by filter, full text, stories, a story, actors,
    documents, and the pages of the web UI."""
    stories = httpx.get(f"{base}/api/v1/stories", params={"limit": 20}).json()["items"]
    actors = httpx.get(f"{base}/api/v1/actors", params={"limit": 20}).json()["items"]
    documents = httpx.get(f"{base}/api/v1/documents", params={"limit": 20}).json()["items"]
    paths = [
        "/api/v1/claims?source_kind=anonymous",
        "/api/v1/claims?stance=denial",
        "/api/v1/claims?text=missile",
        "/api/v1/claims?place=Kharkiv",
        "/api/v1/documents?text=ceasefire",
        "/api/v1/stories",
        "/api/v1/links?link=figure_conflict",
        "/?text=shelling&go=1",
    ]
    paths += [f"/api/v1/stories/{s['story']}" for s in stories[:5]]
    paths += [f"/stories/{s['story']}" for s in stories[:5]]
    paths += [f"/api/v1/actors/{a['actor_id']}" for a in actors[:5]]
    paths += [f"/actors/{a['actor_id']}" for a in actors[:5]]
    paths += [f"/documents/{d['document']}" for d in documents[:5]]
    return paths


async def _round(base: str, paths: list[str], connections: int, requests: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    queue: asyncio.Queue[str] = asyncio.Queue()
    for n in range(requests):
        queue.put_nowait(paths[n % len(paths)])
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            path = queue.get_nowait()
            started = time.perf_counter()
            try:
                answer = await client.get(path)
                if answer.status_code != 200:
                    errors[str(answer.status_code)] = errors.get(str(answer.status_code), 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(connections)))
        wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": requests,
        "seconds": round(wall, 2),
        "requests_per_s": round(requests / wall, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * len(latencies)) - 1], 1),
        "max_ms": round(1000 * latencies[-1], 1),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", default="1", help="comma-separated process counts")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [_measure(args, int(n)) for n in args.workers.split(",")]
    if args.json:
        print(json.dumps(results, indent=1))
        return
    for result in results:
        print(
            f"workers {result['workers']}: {result['paths']} paths, {args.connections} "
            f"connections, {args.requests} requests a round"
        )
        for n, r in enumerate(result["rounds"], 1):
            print(
                f"  round {n}: {r['requests_per_s']} req/s, p50 {r['p50_ms']} ms, "
                f"p95 {r['p95_ms']} ms, max {r['max_ms']} ms, errors {r['errors'] or 0}"
            )
        print("  server RSS MiB (start, after each round):", result["server_rss_mib"])


def _measure(args: argparse.Namespace, workers: int) -> dict[str, Any]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "reportedly", "serve", "--db", args.db, "--port", str(port)]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(command, env={**os.environ, "REPORTEDLY_TOKEN": ""})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/api/v1/stories", timeout=5)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        paths = _paths(base)
        memory = [_rss_mib(server.pid)]
        rounds = []
        for n in range(args.rounds):
            rounds.append(asyncio.run(_round(base, paths, args.connections, args.requests)))
            memory.append(_rss_mib(server.pid))
            print(f"workers {workers} round {n + 1}:", json.dumps(rounds[-1]), flush=True)
    finally:
        server.terminate()
        server.wait(30)
    return {
        "workers": workers,
        "connections": args.connections,
        "paths": len(paths),
        "rounds": rounds,
        "server_rss_mib": memory,
    }


def _rss_mib(pid: int) -> float:
    """Resident memory of the server: its process and, with --workers, its children."""
    total = 0.0
    for process in [pid, *_children(pid)]:
        try:
            lines = Path(f"/proc/{process}/status").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return round(total, 1)


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found] + [g for c in found for g in _children(int(c))]


if __name__ == "__main__":
    main()
