"""The data files of ``reportedly/data`` and the model files of ``reportedly/models``, read and
checked in one place.

Every runtime reader of a lexicon, pattern list or table goes through here, and so does every
reader of a model's metadata (the cue calibration, the tagger's ``tagger.json``, the encoder's
``encoder.json``: ``load_model_json``), so a malformed file
fails on load with the file and line named (``ResourceError: data/demonyms.tsv line 12:
expected 2 columns, got 3``) instead of as a ``KeyError`` deep inside a stage. The checks are
structural only (top-level keys and their types, column counts), cheap enough to run on every
load.

Nothing here caches: each module that builds a structure from a file (a lexicon, a compiled
pattern, the gazetteer) keeps what it built with ``functools.cache``, so a file is read once per
process and its raw form is not held twice.

Tables are tab-separated, one record a line; blank lines and lines starting with ``#`` are
comments. A table with a header (``load_table``) takes its first non-comment line as the column
names. Fields are not quoted (no file here contains a quotation mark in a field), so a line is
split on tabs and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

#: A JSON file's shape: top-level key -> the type (or types) its value must have.
Schema = Mapping[str, type | tuple[type, ...]]


class ResourceError(ValueError):
    """A data file that is missing, unreadable or not shaped as its reader expects."""


def data_root() -> Traversable:
    """The package's ``data`` folder."""
    return resources.files("reportedly") / "data"


def models_root() -> Traversable:
    """The package's ``models`` folder."""
    return resources.files("reportedly") / "models"


def _locate(
    name: str, root: Traversable | Path | None, folder: str = "data"
) -> tuple[Traversable | Path, str]:
    """The file and how errors name it: ``<folder>/<name>`` in the package, or its path under
    another ``root``."""
    base = (data_root() if folder == "data" else models_root()) if root is None else root
    path = base
    for part in name.split("/"):
        path = path / part
    label = f"{folder}/{name}" if root is None else str(path)
    return path, label


def read_text(name: str, *, root: Traversable | Path | None = None) -> str:
    """The text of ``data/<name>`` (``name`` uses ``/`` between folders)."""
    return _read(*_locate(name, root))


def _read(path: Traversable | Path, label: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{label}: cannot read ({exc})") from None


def load_json(
    name: str,
    schema: Schema | None = None,
    *,
    root: Traversable | Path | None = None,
    optional: Schema | None = None,
) -> Any:
    """``data/<name>`` parsed, its top level checked against ``schema`` (an object whose keys
    have values of the given types; keys not named are allowed) and ``optional`` (keys that
    may be missing, but have a value of the given type when present)."""
    return _parse_json(*_locate(name, root), schema, optional)


def load_model_json(
    name: str,
    schema: Schema | None = None,
    *,
    root: Traversable | Path | None = None,
    optional: Schema | None = None,
) -> Any:
    """``models/<name>`` (or ``name`` under ``root``, a model folder elsewhere) parsed and
    checked as ``load_json`` checks a data file."""
    return _parse_json(*_locate(name, root, "models"), schema, optional)


def _parse_json(
    path: Traversable | Path, label: str, schema: Schema | None, optional: Schema | None
) -> Any:
    text = _read(path, label)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResourceError(f"{label} line {exc.lineno}: not JSON ({exc.msg})") from None
    if schema is None and optional is None:
        return data
    if not isinstance(data, dict):
        raise ResourceError(f"{label}: expected an object, got {type(data).__name__}")
    for key, kind in (schema or {}).items():
        if key not in data:
            raise ResourceError(f"{label}: missing key {key!r}")
        _check(label, key, data[key], kind)
    for key, kind in (optional or {}).items():
        if key in data:
            _check(label, key, data[key], kind)
    return data


def _check(label: str, key: str, value: Any, kind: type | tuple[type, ...]) -> None:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # ``True`` is an int to Python, not to a file's reader.
    if not isinstance(value, kind) or (
        isinstance(value, bool) and int in kinds and bool not in kinds
    ):
        got = type(value).__name__
        raise ResourceError(f"{label}: {key!r} should be {_names(kind)}, got {got}")


def _names(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def _records(text: str) -> list[tuple[int, str]]:
    """(line number, line) of each line that is neither blank nor a comment."""
    return [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]


def load_tsv(
    name: str,
    columns: int | tuple[int, int],
    *,
    root: Traversable | Path | None = None,
) -> list[list[str]]:
    """The records of a headerless table, each split on tabs; ``columns`` is the exact count,
    or the (fewest, most) a record may have."""
    _, label = _locate(name, root)
    fewest, most = (columns, columns) if isinstance(columns, int) else columns
    rows = []
    for number, line in _records(read_text(name, root=root)):
        fields = line.split("\t")
        if not fewest <= len(fields) <= most:
            wanted = str(fewest) if fewest == most else f"{fewest} to {most}"
            raise ResourceError(
                f"{label} line {number}: expected {wanted} columns, got {len(fields)}"
            )
        rows.append(fields)
    return rows


def load_table(
    name: str,
    columns: Sequence[str],
    *,
    root: Traversable | Path | None = None,
) -> list[dict[str, str]]:
    """The records of a table whose first record is its header, as dicts by column name.

    The header must hold every name in ``columns`` (others are allowed, in any order), and
    every record as many fields as the header."""
    _, label = _locate(name, root)
    records = _records(read_text(name, root=root))
    if not records:
        raise ResourceError(f"{label}: no header line")
    header_line, header_text = records[0]
    header = header_text.split("\t")
    missing = [c for c in columns if c not in header]
    if missing:
        raise ResourceError(
            f"{label} line {header_line}: header lacks column(s) {', '.join(missing)}"
        )
    rows = []
    for number, line in records[1:]:
        fields = line.split("\t")
        if len(fields) != len(header):
            raise ResourceError(
                f"{label} line {number}: expected {len(header)} columns, got {len(fields)}"
            )
        rows.append(dict(zip(header, fields, strict=True)))
    return rows
