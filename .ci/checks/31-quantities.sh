#!/usr/bin/env bash
# Quantities (CQE format): per file, value and value+unit F1 (and value+change, value+concept
# where the gold has them) must not fall more than 1 point below benchmarks/quantities-cqe.json.
set -euo pipefail
SHARED="$1"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
.venv/bin/reportedly eval quantities --data "$SHARED/corpora/quantities" --format json > "$OUT"
.venv/bin/python - "$OUT" benchmarks/quantities-cqe.json <<'PY'
import json
import sys

measured = {row["file"]: row for row in json.load(open(sys.argv[1]))["files"]}
committed = {row["file"]: row for row in json.load(open(sys.argv[2]))["files"]}
failed = False
for name, then_row in committed.items():
    now_row = measured.get(name)
    if now_row is None:
        print(f"quantities {name}: missing from the corpus")
        failed = True
        continue
    for measure in ("value", "value+unit", "value+change", "value+concept"):
        if then_row.get(measure) is None:
            continue
        now, then = now_row[measure]["F1"], then_row[measure]["F1"]
        status = "ok" if now >= then - 1.0 else "REGRESSION"
        failed |= status != "ok"
        print(f"quantities {name} {measure} F1: {now:.2f} (committed {then:.2f}) {status}")
sys.exit(1 if failed else 0)
PY
