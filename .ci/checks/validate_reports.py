"""Check a robustness run: no failure or traceback, every input accounted for, reports valid."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema

import reportedly

reports_file, errors_file, corpus, status = sys.argv[1:5]
schema = json.loads(
    (Path(reportedly.__file__).parent / "schema" / "reportedly-1.schema.json").read_text()
)
validator = jsonschema.Draft202012Validator(schema)
inputs = sum(
    1
    for p in Path(corpus).rglob("*")
    if p.is_file() and p.suffix in {".txt", ".html", ".htm", ".json", ".jsonl", ""}
)
errors = Path(errors_file).read_text(encoding="utf-8", errors="replace")
count = 0
with open(reports_file, encoding="utf-8") as fh:
    for line in fh:
        data = json.loads(line)
        validator.validate(data)
        text = data["document"]["text"]
        count += 1
skipped = sum(1 for line in errors.splitlines() if line.startswith("skipped:"))
failed = sum(1 for line in errors.splitlines() if line.startswith("failed:"))
print(
    f"{corpus}: {inputs} inputs, {count} reports, {skipped} skipped, {failed} failed, exit {status}"
)
if "Traceback" in errors or failed or status != "0":
    print(errors[-3000:])
    sys.exit(1)
if count + skipped < inputs:
    sys.exit(f"{inputs - count - skipped} inputs unaccounted for")
summary = [line for line in errors.splitlines() if line.startswith("reportedly: ")]
if not summary or f", {count} done, " not in summary[-1]:
    sys.exit(f"summary line missing or wrong: {summary[-1:]} for {count} reports")
