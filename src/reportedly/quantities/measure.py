"""What stands around a number and says what it measures: a currency sign before it, a unit
after it ("km", "per cent", "(US$5m)"), sub-units ("5 feet 3 inches"), rates ("$70 a share",
"a year") and ages ("29 years old").
"""

from __future__ import annotations

import itertools
import re

from reportedly.quantities.lexicon import Unit, units
from reportedly.quantities.numbers import read_number, starts_number
from reportedly.quantities.pieces import Piece

_OPENING = {"(": ")", "[": "]", "{": "}", "<": ">"}


_PER_WORDS = frozenset({"per", "a", "an", "/", "each", "every"})


def _currency_before(pieces: list[Piece], j: int) -> tuple[Unit | None, int, float]:
    table = units()
    for length in (3, 2, 1):
        if j - length < 0:
            continue
        key = tuple(p.lower for p in pieces[j - length : j])
        if key in table.before:
            return table.before[key], length, 1.0
    if j >= 1:
        m = re.fullmatch(r"m(usd|eur|gbp|aud)", pieces[j - 1].lower)
        if m:
            unit = table.before.get((m[1],))
            if unit is not None:
                return unit, 1, 1e6
    return None, 0, 1.0


def _unit_after(pieces: list[Piece], k: int) -> tuple[Unit, int] | None:
    table = units()
    start = k
    if start < len(pieces) and pieces[start].text == "-" and start + 1 < len(pieces):
        start += 1
    if start + 2 < len(pieces) and pieces[start].text in _OPENING:
        inner = _unit_after(pieces, start + 1)
        if (
            inner is not None
            and inner[1] < len(pieces)
            and pieces[inner[1]].text == _OPENING[pieces[start].text]
        ):
            return inner[0], inner[1] + 1
        return None
    for length in range(table.longest, 0, -1):
        if start + length > len(pieces):
            continue
        window = pieces[start : start + length]
        if any(b.start - a.end > 1 for a, b in itertools.pairwise(window)):
            continue
        exact = tuple(p.text for p in window)
        if exact in table.exact:
            return table.exact[exact], start + length
        key = tuple(p.lower for p in window)
        if key in table.after:
            return table.after[key], start + length
    return None


def _subunits(pieces: list[Piece], k: int, value: float) -> tuple[float, int]:
    """ "3 dollars 50 cents", "thirteen dollars and forty-five cents", "15 dollars 50"."""
    m = k
    if m < len(pieces) and pieces[m].lower == "and":
        m += 1
    if m >= len(pieces) or not starts_number(pieces, m):
        return value, k
    cents = read_number(pieces, m)
    if cents is None or cents.value >= 100 or cents.value != int(cents.value):
        return value, k
    n = cents.end
    nxt = pieces[n].lower if n < len(pieces) else ""
    if nxt in ("cents", "cent"):
        return value + cents.value / 100, n + 1
    if nxt in ("", ".", ",", "!", "?", "more", "and") and value == int(value):
        return value + cents.value / 100, n
    return value, k


def _per(pieces: list[Piece], k: int) -> tuple[str, int] | None:
    """ "a share", "per hour", "/ms", also past an of-phrase: "tonnes of copper a year"."""
    direct = _per_at(pieces, k)
    if direct is not None or k >= len(pieces) or pieces[k].lower != "of":
        return direct
    for m in range(k + 2, min(k + 6, len(pieces))):
        if pieces[m].lower in _PER_WORDS:
            found = _per_at(pieces, m)
            if found is not None and found[0] in ("year", "day", "month", "week", "hour"):
                return found
        if not pieces[m].text.isalpha():
            break
    return None


def _per_at(pieces: list[Piece], k: int) -> tuple[str, int] | None:
    table = units()
    m = k
    if m < len(pieces) and pieces[m].text == "-":
        m += 1
    if m + 1 >= len(pieces) or pieces[m].lower not in _PER_WORDS:
        return None
    if m + 2 < len(pieces) and pieces[m + 2].lower in ("earlier", "ago", "later", "before"):
        return None
    m += 1
    if pieces[m].text == "-" and m + 1 < len(pieces):
        m += 1
    word = pieces[m].lower
    singular = word[:-1] if word.endswith("s") and word[:-1] in table.per else word
    if singular in table.per:
        return table.per[singular], m + 1
    return None


def _age(pieces: list[Piece], k: int, unit: Unit, j: int, start: int) -> tuple[str, int] | None:
    table = units()
    if unit.kind != "duration" or unit.key not in table.ages:
        return None
    m = k
    if m < len(pieces) and pieces[m].text == "-":
        m += 1
    if m < len(pieces) and pieces[m].lower in ("old", "yo"):
        return table.ages[unit.key], m + 1
    if m + 1 < len(pieces) and pieces[m].lower == "of" and pieces[m + 1].lower == "age":
        return table.ages[unit.key], m + 2
    return None
