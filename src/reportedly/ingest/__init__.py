"""Ingest: turn paths, directories and stdin into texts with metadata, or per-document errors.

Minimal version: plain-text files, directories (recursively) and ``-`` for stdin, UTF-8 only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportedly.model import DocumentError


@dataclass
class InputItem:
    """One article to analyse: its text and what is known about it."""

    origin: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def iter_inputs(paths: list[str]) -> Iterator[InputItem | DocumentError]:
    for path in paths:
        if path == "-":
            yield InputItem(origin="stdin", text=sys.stdin.read())
            continue
        p = Path(path)
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in files:
            try:
                yield InputItem(origin=str(f), text=f.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                yield DocumentError(origin=str(f), status="failed", reason=str(exc))
