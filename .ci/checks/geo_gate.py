"""Geo regression gate: rerun `reportedly eval geo` and compare with benchmarks/geo.json.

    python .ci/checks/geo_gate.py check SHARED_DIR    # fail if a figure drops > 1 point
    python .ci/checks/geo_gate.py record SHARED_DIR   # rewrite the committed figures

Runs the product command itself (``python -m reportedly eval geo``) on each corpus: resolution
with the default gazetteer (cities >= 500, also the largest) and the smallest (>= 15000), and end
to end with the default.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "benchmarks" / "geo.json"
CORPORA = ("lgl.xml", "TR-News.xml", "GeoVirus.xml")
RUNS = (("resolution", 15000), ("resolution", 500), ("end-to-end", 500))
GATED = (
    "accuracy_exact_id",
    "accuracy_161km",
    "overlap_precision",
    "overlap_recall",
    "overlap_f1",
    "exact_f1",
)
TOLERANCE = 1.0


def measure(shared: Path) -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, float]] = {}
    for corpus in CORPORA:
        for mode, population in RUNS:
            command = [
                sys.executable, "-m", "reportedly", "eval", "geo",
                "--data", str(shared / "corpora" / "geo" / corpus),
                "--mode", mode, "--min-population", str(population), "--format", "json",
            ]  # fmt: skip
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            result = json.loads(out)
            part = result["resolution" if mode == "resolution" else "end_to_end"]
            figures[f"{corpus} {mode} min_population={population}"] = part
            print(f"geo: {corpus} {mode} {population}: {json.dumps(part)}", flush=True)
    return figures


def main() -> int:
    action, shared = sys.argv[1], Path(sys.argv[2])
    figures = measure(shared)
    if action == "record":
        COMMITTED.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return 0
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    failures = []
    for run, old in committed.items():
        new = figures.get(run, {})
        for key in GATED:
            if old.get(key) is None:
                continue
            if new.get(key) is None or new[key] < old[key] - TOLERANCE:
                failures.append(f"{run}: {key} {old[key]} -> {new.get(key)}")
    for failure in failures:
        print(f"geo: REGRESSION {failure}")
    print("geo: " + ("failed" if failures else "all figures within 1 point of benchmarks/geo.json"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
