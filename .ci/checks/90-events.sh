#!/usr/bin/env bash
# Events: the seed article's events (issue 18's list) come out with their category, actors and
# modality, and on the PLOVER gold's held-out split category macro-F1, mode accuracy and actor
# and recipient F1 must not fall more than 1 point below benchmarks/plover-heldout.json.
set -euo pipefail
SHARED="$1"
SEED="$(mktemp)"
OUT="$(mktemp)"
trap 'rm -f "$SEED" "$OUT"' EXIT
.venv/bin/reportedly analyze "$SHARED"/seed/*.txt --published 2022-09-28 -f json > "$SEED"
.venv/bin/reportedly eval plover --data "$SHARED/corpora/events/PLOVER_GSR_CAMEO.json" \
    --split heldout --format json > "$OUT"
.venv/bin/python - "$SEED" "$OUT" benchmarks/plover-heldout.json <<'PY'
import json
import sys

data = json.load(open(sys.argv[1]))
report = data[0] if isinstance(data, list) else data
claims = {c["id"]: c for c in report["claims"]}


def reporter(event):
    claim = claims.get(event["claim_id"] or "")
    return (claim or {}).get("source") or {}


def names(actors):
    return " ".join(a["name"] for a in actors)


def has(label, test):
    found = any(test(e) for e in report["events"])
    print(f"events seed: {label}: {'found' if found else 'MISSING'}")
    return found


ok = all(
    [
        has("the mobilisation, MOBILIZE", lambda e: e["type"] == "MOBILIZE"
            and "mobiliz" in e["trigger"]["text"] and "Putin" in names(e["actors"])),
        has("Putin's address to the Federal Assembly, future CONSULT reported by officials",
            lambda e: e["type"] == "CONSULT" and "Federal Assembly" in e["trigger"]["text"]
            and e["modality"] == "future" and "officials" in (reporter(e).get("name") or "")),
        has("the annexation, future", lambda e: "annexation" in e["trigger"]["text"]
            and e["modality"] == "future"),
        has("the referendums, historical", lambda e: "referendum" in e["trigger"]["text"]
            and e["modality"] == "historical"),
        has("Gazprom's threat to stop transit", lambda e: e["type"] == "THREATEN"
            and names(e["actors"]) == "Gazprom"),
        has("Medvedev's nuclear threat, THREATEN reported by him", lambda e: e["type"]
            == "THREATEN" and "Medvedev" in (reporter(e).get("name") or "")),
        has("US talks with Russia, CONSULT", lambda e: e["type"] == "CONSULT"
            and "United States" in names(e["actors"]) and "Russia" in names(e["recipients"])),
        has("the US warning, THREATEN", lambda e: e["type"] == "THREATEN"
            and "warned" in e["trigger"]["text"] and "United States" in names(e["actors"])),
    ]
)
measured = json.load(open(sys.argv[2]))["systems"]["engine"]
committed = json.load(open(sys.argv[3]))["engine"]
for key, now in (
    ("macro_F1", measured["macro_F1"]),
    ("category_accuracy", measured["category_accuracy"]),
    ("mode_accuracy", measured["mode_accuracy"]),
    ("actor_F1", measured["actor"]["F1"]),
    ("recipient_F1", measured["recipient"]["F1"]),
):
    then = committed[key]
    status = "ok" if now >= then - 1.0 else "REGRESSION"
    ok &= status == "ok"
    print(f"events plover heldout {key}: {now:.2f} (committed {then:.2f}) {status}")
sys.exit(0 if ok else 1)
PY
