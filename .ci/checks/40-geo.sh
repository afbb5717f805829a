#!/usr/bin/env bash
# Geo: toponym resolution and end-to-end geoparsing on LGL, TR-News and GeoVirus, gated against
# the committed figures in benchmarks/geo.json (fails if any drops more than 1 point).
set -euo pipefail
SHARED="$1"
.venv/bin/python .ci/checks/geo_gate.py check "$SHARED"
