#!/usr/bin/env bash
# Robustness: every article of the messy war corpus and the BBC corpus is analysed with no
# crash, and every report validates against the committed JSON Schema.
set -euo pipefail
SHARED="$1"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for corpus in news/ukraine-war/articles news/bbc; do
  name="$(basename "$corpus")"
  status=0
  # The BBC corpus on every core (--jobs 0): the worker path must read as one process does.
  jobs=1
  [ "$name" = bbc ] && jobs=0
  .venv/bin/reportedly analyze "$SHARED/corpora/$corpus" --format jsonl -o "$OUT/$name.jsonl" \
    --jobs "$jobs" 2> "$OUT/$name.err" || status=$?
  .venv/bin/python .ci/checks/validate_reports.py "$OUT/$name.jsonl" "$OUT/$name.err" "$SHARED/corpora/$corpus" "$status"
done
