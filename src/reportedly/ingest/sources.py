"""Where inputs come from: files, directories (recursively, hidden entries left out) and stdin.

Each file is read once. The format comes from ``--input-format`` or, by default, the suffix
(``.html``/``.htm``, ``.json``, ``.jsonl``/``.ndjson``, anything else is text unless it starts
like an HTML page); stdin is sniffed from its first bytes. Every problem becomes one
``DocumentError`` for that input and the iteration goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from reportedly.ingest.decoding import decode_bytes, encoding_warning
from reportedly.ingest.errors import DocumentProblem, DocumentSkipped
from reportedly.ingest.html import extract_html, looks_like_html
from reportedly.ingest.item import InputItem
from reportedly.ingest.records import parse_json, parse_jsonl_line
from reportedly.model import DocumentError

FormatChoice = Literal["auto", "text", "html", "json", "jsonl"]
_SUFFIXES: dict[str, FormatChoice] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
#: Worst case of bytes per character (UTF-32): a file this much over the limit is not read.
_MAX_BYTES_PER_CHAR = 4


@dataclass(frozen=True)
class IngestOptions:
    max_chars: int = 5_000_000
    input_format: FormatChoice = "auto"


def missing_paths(paths: list[str]) -> list[str]:
    """Command-line paths that do not exist (a usage error, checked before any work)."""
    return [p for p in paths if p != "-" and not Path(p).exists()]


def iter_files(path: Path) -> Iterator[Path]:
    """A file itself, or a directory's files in sorted order, skipping hidden names."""
    if not path.is_dir():
        yield path
        return
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def count_documents(paths: list[str]) -> int | None:
    """How many documents ``paths`` hold, when that is known without reading them (for a
    progress bar): None when stdin or a JSON/JSONL file is among them."""
    count = 0
    for path in paths:
        if path == "-":
            return None
        for file in iter_files(Path(path)):
            if _SUFFIXES.get(file.suffix.lower()) in ("json", "jsonl"):
                return None
            count += 1
    return count


def iter_inputs(
    paths: list[str], options: IngestOptions | None = None, stdin: BinaryIO | None = None
) -> Iterator[InputItem | DocumentError]:
    """Every article in ``paths`` (``-`` is stdin), in order, or the reason it was not read."""
    options = options or IngestOptions()
    for path in paths:
        if path == "-":
            yield from _read_stream(stdin or sys.stdin.buffer, "stdin", options)
            continue
        for file in iter_files(Path(path)):
            try:
                yield from _read_file(file, options)
            except Exception as exc:  # a reader bug must cost one input, not the batch
                reason = f"internal error reading it: {type(exc).__name__}: {exc}"[:500]
                yield DocumentError(origin=str(file), status="failed", reason=reason)


def _read_file(path: Path, options: IngestOptions) -> Iterator[InputItem | DocumentError]:
    origin = str(path)
    fmt = options.input_format
    if fmt == "auto":
        fmt = _SUFFIXES.get(path.suffix.lower(), "auto")
    try:
        if fmt == "jsonl":
            with path.open("rb") as fh:
                yield from _jsonl(fh, origin)
            return
        size = path.stat().st_size
        if fmt != "json" and size > options.max_chars * _MAX_BYTES_PER_CHAR:
            raise DocumentSkipped(
                f"too large: {size:,} bytes, over the limit of {options.max_chars:,} characters"
            )
        data = path.read_bytes()
    except OSError as exc:
        yield DocumentError(origin=origin, status="failed", reason=f"cannot read: {exc.strerror}")
        return
    except DocumentProblem as problem:
        yield problem.error(origin)
        return
    yield from _decoded(data, origin, fmt)


def _read_stream(
    stream: BinaryIO, origin: str, options: IngestOptions
) -> Iterator[InputItem | DocumentError]:
    fmt = options.input_format
    first = _peek(stream).lstrip()[:1]
    if fmt == "jsonl" or (fmt == "auto" and first == b"{"):
        yield from _jsonl(stream, origin)
        return
    yield from _decoded(stream.read(), origin, "json" if fmt == "auto" and first == b"[" else fmt)


def _peek(stream: BinaryIO) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(64)[:64] if peek is not None else b""


def _decoded(data: bytes, origin: str, fmt: FormatChoice) -> Iterator[InputItem | DocumentError]:
    try:
        decoded = decode_bytes(data)
    except DocumentProblem as problem:
        yield problem.error(origin)
        return
    warning = encoding_warning(decoded.encoding, decoded.text)
    warnings = [warning] if warning else []
    text = decoded.text
    if fmt == "auto":
        fmt = "html" if looks_like_html(text) else "text"
    if fmt == "json":
        for item in parse_json(text, origin):
            if isinstance(item, InputItem):
                item.encoding, item.warnings = decoded.encoding, list(warnings)
            yield item
        return
    item = InputItem(origin=origin, text=text, encoding=decoded.encoding, warnings=warnings)
    if fmt == "html":
        try:
            item.text, item.metadata, notes = extract_html(text)
            item.warnings.extend(notes)
        except DocumentProblem as problem:
            yield problem.error(origin)
            return
        item.input_format = "html"
    yield item


def _jsonl(stream: BinaryIO, origin: str) -> Iterator[InputItem | DocumentError]:
    """Stream JSON Lines; a UTF-16/32 file (BOM) is decoded whole, UTF-8 line by line."""
    head = _peek(stream)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            lines = decode_bytes(stream.read()).text.splitlines()
        except DocumentProblem as problem:
            yield problem.error(origin)
            return
        raw_lines: list[bytes] | BinaryIO = [line.encode("utf-8") for line in lines]
    else:
        raw_lines = stream
    for n, raw in enumerate(raw_lines, 1):
        name = f"{origin}:line {n}"
        try:
            decoded = decode_bytes(raw.lstrip(b"\xef\xbb\xbf") if n == 1 else raw)
        except DocumentProblem as problem:
            yield problem.error(name)
            continue
        item = parse_jsonl_line(decoded.text, name)
        if isinstance(item, InputItem):
            item.encoding = decoded.encoding
            warning = encoding_warning(decoded.encoding, decoded.text)
            item.warnings = [warning] if warning else []
        if item is not None:
            yield item
