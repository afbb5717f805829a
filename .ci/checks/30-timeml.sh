#!/usr/bin/env bash
# TimeML (TBAQ): the times stage must not fall more than 1 point below the committed figures
# in benchmarks/timeml-tbaq.json (strict, relaxed and value F1).
set -euo pipefail
SHARED="$1"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
.venv/bin/reportedly eval timeml --data "$SHARED/corpora/timeml/tbaq" --format json > "$OUT"
.venv/bin/python - "$OUT" benchmarks/timeml-tbaq.json <<'PY'
import json
import sys

measured = json.load(open(sys.argv[1]))
committed = json.load(open(sys.argv[2]))
failed = False
for measure in ("strict", "relaxed", "value"):
    now, then = measured[measure]["F1"], committed[measure]["F1"]
    status = "ok" if now >= then - 1.0 else "REGRESSION"
    failed |= status != "ok"
    print(f"timeml {measure} F1: {now:.2f} (committed {then:.2f}) {status}")
sys.exit(1 if failed else 0)
PY
