"""JSON and JSONL inputs: one article per object, ``text`` required.

Optional fields: ``title``, ``published``, ``outlet``, ``url``, ``id``, ``author``. A JSONL file
is read line by line (it may be larger than memory); a malformed line is one failed item named
``file:line N`` and the lines after it still go through.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from reportedly.ingest.errors import DocumentFailed
from reportedly.ingest.item import InputFormat, InputItem
from reportedly.model import DocumentError

#: JSON field -> ``Analyzer.prepare`` keyword.
FIELDS = {
    "title": "title",
    "published": "published",
    "outlet": "outlet",
    "url": "url",
    "id": "doc_id",
    "author": "author",
}


def item_from_record(record: object, origin: str, input_format: InputFormat) -> InputItem:
    """One article from a decoded JSON value, or raise ``DocumentFailed``."""
    if not isinstance(record, dict):
        raise DocumentFailed(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if text is None:
        raise DocumentFailed("JSON object has no 'text' field")
    if not isinstance(text, str):
        raise DocumentFailed(f"'text' must be a string, got {type(text).__name__}")
    metadata: dict[str, Any] = {}
    for key, target in FIELDS.items():
        value = record.get(key)
        if value is None:
            continue
        if key == "id" and isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            raise DocumentFailed(f"'{key}' must be a string, got {type(value).__name__}")
        metadata[target] = value
    return InputItem(origin=origin, text=text, metadata=metadata, input_format=input_format)


def parse_json(text: str, origin: str) -> Iterator[InputItem | DocumentError]:
    """A JSON file: one article object, or a list of them (items named ``file:item N``)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield DocumentFailed(f"malformed JSON: {exc}").error(origin)
        return
    if isinstance(value, list):
        for n, record in enumerate(value, 1):
            yield _item(record, f"{origin}:item {n}", "json")
    else:
        yield _item(value, origin, "json")


def parse_jsonl_line(line: str, origin: str) -> InputItem | DocumentError | None:
    """One JSON Lines line (None when blank), the item named ``origin`` (``file:line N``)."""
    if not line.strip():
        return None
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        reason = f"malformed JSON line: {exc.msg.removesuffix(' at')} (column {exc.colno})"
        return DocumentFailed(reason).error(origin)
    return _item(value, origin, "jsonl")


def _item(value: object, origin: str, input_format: InputFormat) -> InputItem | DocumentError:
    try:
        return item_from_record(value, origin, input_format)
    except DocumentFailed as problem:
        return problem.error(origin)
