"""Bounds and change of a figure: its qualifier ("up to", "more than", "rose"), a sign, and a
second number that makes it a range ("from 87% to 98%", "eight to 10 feet").
"""

from __future__ import annotations

from reportedly.quantities.lexicon import Unit, numbers, qualifiers
from reportedly.quantities.measure import _unit_after
from reportedly.quantities.numbers import read_number, starts_number
from reportedly.quantities.pieces import Piece


def _negative(pieces: list[Piece], start: int) -> bool:
    if start < 1 or pieces[start - 1].text not in ("-", "−"):
        return False
    before = pieces[start - 2] if start >= 2 else None
    return before is None or (
        not before.is_digits
        and before.text not in ("-", "–")
        and before.lower.isalpha()
        and before.lower not in ("to", "and")
    )


def _range(
    pieces: list[Piece], j: int, k: int, unit: Unit | None, value: float
) -> tuple[float, float, int, tuple[Unit, tuple[int, int]] | None] | None:
    if k + 1 >= len(pieces):
        return None
    joiner = pieces[k].lower
    before = pieces[j - 1].lower if j >= 1 else ""
    before2 = pieces[j - 2].lower if j >= 2 else ""
    ok = joiner in ("-", "–", "to") or (joiner == "and" and "between" in (before, before2))
    if not ok:
        return None
    if joiner == "to" and unit is not None and "from" not in (before, before2):
        return None
    m = k + 1
    if pieces[m].lower in ("$", "€", "£") and unit is not None and unit.kind == "currency":
        m += 1
    if not starts_number(pieces, m):
        return None
    second = read_number(pieces, m)
    if second is None:
        return None
    high = second.value
    n = second.end
    if n < len(pieces) and pieces[n].lower in numbers()["multipliers"]:
        high *= float(numbers()["multipliers"][pieces[n].lower])
        n += 1
    after = _unit_after(pieces, n)
    range_unit = None
    if after is not None:
        if unit is not None and after[0] != unit:
            return None
        if unit is None:
            range_unit = (after[0], (pieces[n].start, pieces[after[1] - 1].end))
        n = after[1]
    elif unit is None and joiner == "to" and "from" not in (before, before2):
        return None
    if high <= value and not (joiner in ("-", "–") and unit is None and high > value / 1000):
        return None
    return value, high, n, range_unit


def _qualifier(pieces: list[Piece], start: int) -> tuple[str, tuple[int, int] | None, int | None]:
    data = qualifiers()
    before = data["before"]
    for length in (4, 3, 2, 1):
        if start - length < 0:
            continue
        window = pieces[start - length : start]
        phrase = " ".join(p.lower for p in window)
        if phrase in before:
            return before[phrase], (window[0].start, window[-1].end), start - length
    # a trend word just before: "rose 5%", "up 0.95", "fell by 500,000"
    m = start - 1
    if m >= 0 and pieces[m].lower in ("by", "another", "a", "an"):
        m -= 1
    if m >= 0:
        word = pieces[m].lower
        if word in data["up_words"]:
            return "up", (pieces[m].start, pieces[m].end), m
        if word in data["down_words"]:
            return "down", (pieces[m].start, pieces[m].end), m
    return "=", None, None


def _after_qualifier(pieces: list[Piece], k: int) -> tuple[str, int]:
    after = qualifiers()["after"]
    for length in (3, 2, 1):
        if k + length > len(pieces):
            continue
        phrase = " ".join(p.lower for p in pieces[k : k + length])
        if phrase in after:
            return after[phrase], k + length
    return "=", k
