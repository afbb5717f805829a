"""How the cross-outlet work scales with the number of articles: origins, stories and links
over 1k, 10k, 100k documents (replicas of analysed reports), time and peak memory, each size
in its own process, side by side in one run.

    python benchmarks/stories_scale.py --reports bbc.jsonl --sizes 1000 10000 100000

``--reports`` is ``reportedly analyze ... -f jsonl`` output. Replica ``r`` of report ``i`` gets
its own id and is dated ``r`` x 400 days after the original (originals spread over a year), so
replicas of one article fall in different time windows: more documents make more stories,
not bigger ones, as a growing archive does. Replicas keep their text, so each text's replicas
are one origin (the LSH index finds them all: the origin check's cost is part of what is
measured). The baseline row is the same pipeline on the originals alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from stories_corpus import print_table


def run(reports_path: Path, size: int) -> dict[str, float]:
    from reportedly.linking.compare import link_reports
    from reportedly.linking.origins import OriginIndex
    from reportedly.linking.stories import StoryClusterer
    from reportedly.linking.story_features import story_doc
    from reportedly.model import Report

    base = [Report.model_validate_json(line) for line in reports_path.open(encoding="utf-8")]
    start_day = dt.date(2004, 1, 1)
    loaded_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    origins = OriginIndex()
    clusterer = StoryClusterer()
    replicas: dict[str, Report] = {}
    for n in range(size):
        replica, index = divmod(n, len(base))
        original = base[index]
        day = start_day + dt.timedelta(days=(index * 7) % 365 + 400 * replica)
        doc = original.document.model_copy(
            update={"id": f"{original.document.id}-r{replica}", "published": day}
        )
        report = original.model_copy(update={"document": doc})
        replicas[doc.id] = report
        origins.add(doc.id, doc.text)
        clusterer.add(story_doc(report))
    clustered = time.perf_counter()
    stories = clusterer.stories()
    origin_of = {d: origins.origin(d) for d in replicas}
    links = 0
    for story in stories:
        links += len(link_reports([replicas[d] for d in story.docs], origin_of))
    linked = time.perf_counter()
    return {
        "documents": size,
        "stories": len(stories),
        "links": links,
        "cluster_s": round(clustered - started, 1),
        "link_s": round(linked - clustered, 1),
        "total_s": round(linked - started, 1),
        "ms_per_doc": round(1000 * (linked - started) / size, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "rss_after_load_mib": round(loaded_rss),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.reports, args.one)))
        return
    originals = sum(1 for _ in args.reports.open(encoding="utf-8"))
    rows = []
    for size in [originals, *args.sizes]:
        out = subprocess.run(
            [sys.executable, __file__, "--reports", str(args.reports), "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["run"] = "baseline (originals)" if size == originals else "replicated"
        rows.append(row)
        print(json.dumps(row), flush=True)
    header = ["run", "documents", "stories", "links", "cluster_s", "link_s", "total_s"]
    header += ["ms_per_doc", "peak_rss_mib", "rss_after_load_mib"]
    print_table(rows, header)


if __name__ == "__main__":
    main()
