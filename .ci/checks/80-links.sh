#!/usr/bin/env bash
# Cross-outlet links: the seed article alone yields its official-vs-unofficial figure conflict;
# on the dev gold (war articles), per-kind precision and recall and the story B-cubed F1 must
# not fall more than 1 point below benchmarks/links-dev.json, and no more near-misses may link.
set -euo pipefail
SHARED="$1"
OUT="$(mktemp)"
SEED="$(mktemp)"
trap 'rm -f "$OUT" "$SEED"' EXIT
.venv/bin/reportedly compare "$SHARED"/seed/*.txt --published 2022-09-28 -f json > "$SEED"
.venv/bin/reportedly eval links --data "$SHARED/corpora/news/ukraine-war/articles" --format json > "$OUT"
.venv/bin/python - "$SEED" "$OUT" benchmarks/links-dev.json <<'PY'
import json
import sys

seed = json.load(open(sys.argv[1]))
figures = [
    {link["a"]["span"]["text"], link["b"]["span"]["text"]}
    for link in seed["links"]
    if link["kind"] == "figure_conflict"
]
failed = not any(any("300" in t for t in f) and any("million" in t for t in f) for f in figures)
print(f"links seed: official vs unofficial figure conflict {'found' if not failed else 'MISSING'}")
measured, committed = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
for kind, then_row in committed["per_kind"].items():
    now_row = measured["per_kind"][kind]
    for measure in ("P", "R"):
        now, then = now_row[measure], then_row[measure]
        status = "ok" if now >= then - 1.0 else "REGRESSION"
        failed |= status != "ok"
        print(f"links {kind} {measure}: {now:.1f} (committed {then:.1f}) {status}")
    near_now, near_then = now_row["non_links_predicted"], then_row["non_links_predicted"]
    status = "ok" if near_now <= near_then else "REGRESSION"
    failed |= status != "ok"
    print(f"links {kind} near-misses linked: {near_now} (committed {near_then}) {status}")
now, then = measured["story_b_cubed"]["F1"], committed["story_b_cubed"]["F1"]
status = "ok" if now >= then - 1.0 else "REGRESSION"
failed |= status != "ok"
print(f"links story B-cubed F1: {now:.1f} (committed {then:.1f}) {status}")
sys.exit(1 if failed else 0)
PY
