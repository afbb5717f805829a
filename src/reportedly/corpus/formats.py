"""Query rows as JSON Lines or CSV, streamed: one writer for ``reportedly query`` and the
HTTP API, so both give the same columns and the same encoding of lists and dates."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object per line; dates as ISO strings."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False, default=str) + "\n"


def csv_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A header from the first row's columns, then a line per row; lists as JSON text."""
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        flat = {k: json.dumps(v, default=str) if isinstance(v, list) else v for k, v in row.items()}
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(flat), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(flat)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
