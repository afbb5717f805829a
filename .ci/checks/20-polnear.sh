#!/usr/bin/env bash
# Attribution on PolNeAR dev, both modes (rules, and accurate with the shipped tagger): recompute
# the figures and fail if any drops more than 1 point below the committed ones in
# docs/attribution-polnear-dev.json.
set -euo pipefail
SHARED="$1"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
.venv/bin/reportedly eval polnear --data "$SHARED/corpora/polnear" --split dev --format json \
  > "$OUT/dev.json"
.venv/bin/python - "$OUT/dev.json" docs/attribution-polnear-dev.json <<'PY'
import json
import sys

now = json.load(open(sys.argv[1]))["systems"]
committed = json.load(open(sys.argv[2]))["systems"]
SYSTEMS = ("rules", "accurate")


def figures(f):
    for role in ("source", "cue", "content"):
        for kind in ("exact", "begin"):
            for k in ("p", "r", "f1"):
                yield f"{role}.{kind}.{k}", f[role][kind][k]
        yield f"{role}.jaccard", f[role]["jaccard"]
    for k in ("p", "r", "f1", "source_exact", "source_overlap"):
        yield f"relation.{k}", f["relation"][k]


failed = False
for system in SYSTEMS:
    if system not in now:
        print(f"polnear: no figures for {system}")
        failed = True
        continue
    old = dict(figures(committed[system]))
    for name, value in figures(now[system]):
        if value < old[name] - 1.0:
            print(f"polnear {system}: {name} dropped to {value} (committed {old[name]})")
            failed = True
    print(f"polnear dev {system}:", {k: v for k, v in figures(now[system]) if k.endswith("f1")})
sys.exit(1 if failed else 0)
PY
