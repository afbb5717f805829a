"""The quantity tables, loaded once from ``data/quantities/*.json``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportedly import resources

#: The top-level shape of each table.
SCHEMAS: dict[str, resources.Schema] = {
    "numbers": {"words": dict, "hundred": dict, "multipliers": dict, "fractions": dict},
    "qualifiers": {"before": dict, "after": dict, "up_words": list, "down_words": list},
    "units": {"units": list, "per": dict, "ages": dict},
}


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = resources.load_json(f"quantities/{name}.json", SCHEMAS[name])
    return data


@functools.cache
def numbers() -> dict[str, Any]:
    return _load("numbers")


@functools.cache
def qualifiers() -> dict[str, Any]:
    return _load("qualifiers")


@dataclass(frozen=True)
class Unit:
    key: str
    cqe: str
    kind: str


@dataclass(frozen=True)
class UnitTable:
    after: dict[tuple[str, ...], Unit]  # lower-case piece sequences written after the number
    exact: dict[tuple[str, ...], Unit]  # case-sensitive forms
    before: dict[tuple[str, ...], Unit]  # currency forms written before the number
    per: dict[str, str]
    ages: dict[str, str]
    longest: int


@functools.cache
def units() -> UnitTable:
    data = _load("units")
    after: dict[tuple[str, ...], Unit] = {}
    exact: dict[tuple[str, ...], Unit] = {}
    before: dict[tuple[str, ...], Unit] = {}
    for entry in data["units"]:
        unit = Unit(entry["key"], entry["cqe"], entry["kind"])
        for form in entry.get("forms", []):
            after.setdefault(_split(form), unit)
        for form in entry.get("exact", []):
            exact.setdefault(tuple(form.split()), unit)
        for form in entry.get("prefix", []):
            before.setdefault(_split(form), unit)
            before.setdefault(tuple(form.split()), unit)
    longest = max(len(k) for k in [*after, *before])
    per = {k: v for k, v in data["per"].items() if not k.startswith("_")}
    return UnitTable(after, exact, before, per, data["ages"], longest)


def _split(form: str) -> tuple[str, ...]:
    """Unit forms are matched piece by piece; "$" and "%" are pieces of their own."""
    out: list[str] = []
    for word in form.split():
        if len(word) > 1 and word.endswith("$") and word != "$":
            out.extend([word[:-1], "$"])
        else:
            out.append(word)
    return tuple(out)


@functools.cache
def _cqe_by_key() -> dict[str, str]:
    data = _load("units")
    return {entry["key"]: entry["cqe"] for entry in data["units"]}


def cqe_unit(key: str | None) -> str:
    """The CQE normalised name of a record's unit ("USD/share" -> "dollar per share").

    Counted nouns ("people", "cabinet minister") are their own name; no unit is "-".
    """
    if not key:
        return "-"
    names = _cqe_by_key()
    if key in names:
        return names[key]
    if "/" in key and key.split("/", 1)[0] in names:
        base, per = key.split("/", 1)
        return f"{names[base]} per {per}"
    return names.get(key, key)
