"""Find the figures of a document: number, bounds, change, unit, counted concept.

A left-to-right scan over pieces (``pieces.split_doc``): at each number, look back for a
currency sign and a qualifier ("up to", "more than", "rose"), read the number, look ahead for
a multiplier, a unit ("km", "per cent", "a share"), a second number making a range ("from 87%
to 98%", "eight to 10 feet") and, for plain counts, the noun counted ("300 thousand
people"). Dates, times, years, ordinals, codes and phone-like strings are skipped. The readers
live in ``measure`` (units, rates), ``bounds`` (qualifiers, ranges) and ``concepts``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from reportedly.quantities.bounds import _after_qualifier, _negative, _qualifier, _range
from reportedly.quantities.concepts import _counted, _measured
from reportedly.quantities.lexicon import Unit, numbers, units
from reportedly.quantities.measure import (
    _age,
    _currency_before,
    _per,
    _subunits,
    _unit_after,
)
from reportedly.quantities.numbers import NumberRead, read_number, starts_number
from reportedly.quantities.pieces import Piece, split_doc
from reportedly.ranges import RangeIndex

_ANCHOR_TIME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day\b|\b1[89]\d\d\b|\b20\d\d\b|:\d\d|\b[ap]\.?m\.?\b|noon|midnight",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """One figure, in character offsets; ``unit`` is a key of the unit table or a noun lemma."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    change: str = "="
    approximate: bool = False
    unit: str | None = None
    unit_cqe: str | None = None
    unit_span: tuple[int, int] | None = None
    concept: tuple[int, int] | None = None
    qualifier: tuple[int, int] | None = None


def excluded_ranges(doc: Doc, times: Iterable[object] | None) -> list[tuple[int, int]]:
    """Character ranges that are calendar times (not durations): their numbers are no figures."""
    ranges: list[tuple[int, int]] = []
    if times is not None:
        for t in times:
            kind = getattr(t, "type", None)
            span = getattr(t, "span", None)
            if kind in ("DATE", "TIME", "SET") and span is not None:
                ranges.append((span.start, span.end))
        return ranges
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and _ANCHOR_TIME.search(ent.text):
            ranges.append((ent.start_char, ent.end_char))
    return ranges


def find_quantities(
    doc: Doc, times: Iterable[object] | None = None, text: str | None = None
) -> list[Found]:
    blocked = RangeIndex((a, b, None) for a, b in excluded_ranges(doc, times))
    found: list[Found] = []
    for pieces in split_doc(doc, text):
        found.extend(_scan(doc, pieces, blocked))
    return found


def _scan(doc: Doc, pieces: list[Piece], blocked: RangeIndex[None]) -> list[Found]:
    found: list[Found] = []
    j = 0
    while j < len(pieces):
        if not starts_number(pieces, j) or (
            _inside(pieces[j], blocked) and not _counts_time_units(pieces, j)
        ):
            j += 1
            continue
        result = _read_at(doc, pieces, j)
        if result is None:
            j += 1
            continue
        figure, next_j = result
        if figure is not None:
            found.append(figure)
        j = max(next_j, j + 1)
    return found


def _inside(piece: Piece, blocked: RangeIndex[None]) -> bool:
    return bool(blocked.covering(piece.start, piece.end))


def _counts_time_units(pieces: list[Piece], j: int) -> bool:
    """ "three years ago" is a date, but "three years" in it is still a figure."""
    number = read_number(pieces, j)
    if number is None:
        return False
    after = _unit_after(pieces, number.end)
    return after is not None and after[0].kind == "duration"


# ----------------------------------------------------------------------------- one figure


def _read_at(doc: Doc, pieces: list[Piece], j: int) -> tuple[Found | None, int] | None:
    number = read_number(pieces, j)
    if number is None:
        return None
    start_piece = j
    prefix, prefix_len, scale = _currency_before(pieces, j)
    if prefix is not None:
        start_piece = j - prefix_len
    value = number.value * scale
    negative = _negative(pieces, start_piece)
    if negative:
        start_piece -= 1
        value = -value
    k = number.end
    # "$5m", "1.8M dollars": m and b are multipliers only next to a currency
    scale_word = pieces[k].lower.rstrip(".") if k < len(pieces) else ""
    if scale_word in numbers()["currency_multipliers"]:
        after_unit = _unit_after(pieces, k + 1)
        if prefix is not None or (after_unit and after_unit[0].kind == "currency"):
            value *= float(numbers()["currency_multipliers"][scale_word])
            k += 1
    unit: Unit | None = prefix
    unit_span: tuple[int, int] | None = None
    if prefix is not None:
        unit_span = (pieces[j - prefix_len].start, pieces[j - 1].end)
    after = _unit_after(pieces, k)
    if after is not None and prefix is None:
        unit, unit_end = after
        unit_span = (pieces[k].start, pieces[unit_end - 1].end)
        k = unit_end
    elif after is not None and after[0] == prefix:  # "$10 dollars"
        k = after[1]
    elif prefix is None and k < len(pieces):
        scaled = re.fullmatch(r"m(usd|eur|gbp|aud)", pieces[k].lower)
        if scaled:
            unit = units().before.get((scaled[1],))
            value *= 1e6
            unit_span = (pieces[k].start, pieces[k].end)
            k += 1
    if unit is not None and unit.key == "lb" and number.end > j + 1 and value >= 1e6:
        unit = next(u for u in units().after.values() if u.key == "GBP")  # "361 million pounds"
    # "75 USD million"
    if (
        unit is not None
        and k < len(pieces)
        and pieces[k].lower in numbers()["multipliers"]
        and len(pieces[k].lower) > 2
    ):
        value *= float(numbers()["multipliers"][pieces[k].lower])
        k += 1
    if unit is not None and unit.kind == "currency":
        value, k = _subunits(pieces, k, value)
    low = high = None
    range_end = _range(pieces, j, k, unit, value)
    if range_end is not None:
        low, high, k, range_unit = range_end
        if unit is None and range_unit is not None:
            unit, unit_span_end = range_unit
            unit_span = unit_span_end
    if unit is None and _is_year_like(pieces, j, number) and low is None:
        return None, number.end
    if unit is None and _is_identifier(doc, pieces, j, number):
        return None, number.end
    if (
        unit is None
        and k < len(pieces)
        and pieces[k].text == ")"
        and not any(p.text == "(" for p in pieces[max(0, j - 3) : j])
    ):
        return None, number.end
    unit_key = unit.key if unit else None
    unit_cqe = unit.cqe if unit else None
    if unit is not None:
        per = _per(pieces, k)
        if per is not None:
            per_name, k2 = per
            unit_key = f"{unit.key}/{per_name}"
            unit_cqe = f"{unit.cqe} per {per_name}"
            unit_span = (unit_span[0] if unit_span else pieces[k].start, pieces[k2 - 1].end)
            k = k2
        age = _age(pieces, k, unit, j, start_piece)
        if age is not None:
            unit_cqe = age[0]
            unit_key = unit_cqe
            k = max(k, age[1])
    elif start_piece > 0 and pieces[start_piece - 1].lower in ("age", "aged"):
        unit_key = unit_cqe = "year of age"
    elif k < len(pieces) and pieces[k].lower == "yo":
        unit_key = unit_cqe = "year of age"
        unit_span = (pieces[k].start, pieces[k].end)
        k += 1
    change, qualifier, q_start = _qualifier(pieces, start_piece)
    if change == "=":
        change, k = _after_qualifier(pieces, k)
    if q_start is not None:
        qualifier = (pieces[q_start].start, qualifier[1]) if qualifier else None
    last_token = doc[pieces[max(k - 1, j)].token]
    concept = None
    if unit is None and unit_key is None:
        counted = _counted(doc, last_token, number)
        if counted is not None:
            unit_key = unit_cqe = counted[0]
            concept = counted[1]
            unit_span = concept
    else:
        concept = _measured(doc, last_token)
    if low is None:
        if change == "<":
            high = value
        elif change == ">":
            low = value
    start_char = pieces[start_piece].start
    end_char = pieces[k - 1].end
    figure = Found(
        start=start_char,
        end=end_char,
        value=None if low is not None and high is not None and range_end is not None else value,
        low=low,
        high=high,
        change=change,
        approximate=change == "~" or number.approximate,
        unit=unit_key,
        unit_cqe=unit_cqe,
        unit_span=unit_span,
        concept=concept,
        qualifier=qualifier,
    )
    if range_end is not None and figure.value is None:
        figure = replace(figure, low=low, high=high)
    return figure, k


def _is_year_like(pieces: list[Piece], j: int, number: NumberRead) -> bool:
    low, high = numbers()["year_like"]
    text = pieces[j].text
    return (
        not number.spelled
        and re.fullmatch(r"\d{4}", text) is not None
        and low <= int(text) <= high
        and number.end == j + 1
    )


def _is_identifier(doc: Doc, pieces: list[Piece], j: int, number: NumberRead) -> bool:
    """ "No. 5", "Highway 35", "123 Random Street", "PA 23456": labels, not amounts."""
    if number.spelled:
        return False
    before = pieces[j - 1] if j >= 1 else None
    if before is not None and before.lower in numbers()["identifier_words"]:
        return True
    if before is not None and re.fullmatch(r"[A-Z]{2}", before.text):
        return True
    token = doc[pieces[number.end - 1].token]
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return bool(
        nxt is not None
        and nxt.pos_ == "PROPN"
        and nxt.text[:1].isupper()
        and nxt.text.lower() not in units().per
    )
