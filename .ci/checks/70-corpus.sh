#!/usr/bin/env bash
# The corpus: the war articles ingested into SQLite and into a throwaway PostgreSQL cluster;
# a re-run adds nothing; a run killed with SIGKILL and restarted ends with every document once
# and whole; queries return the claims the stored reports hold; the Parquet export opens.
set -euo pipefail
SHARED="$1"
.venv/bin/python .ci/checks/corpus_check.py "$SHARED/corpora/news/ukraine-war/articles"
