"""Find the figures of a document: number, bounds, change, unit, counted concept.

A left-to-right scan over pieces (``pieces.split_doc``): at each number, look back for a
currency sign and a qualifier ("up to", "more than", "rose"), read the number, look ahead for
a multiplier, a unit ("km", "per cent", "a share"), a second number making a range ("from 87%
to 98%", "eight to 10 feet") and, for plain counts, the noun counted ("300 thousand
people"). Dates, times, years, ordinals, codes and phone-like strings are skipped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from reportedly.quantities.lexicon import Unit, numbers, qualifiers, units
from reportedly.quantities.numbers import NumberRead, read_number, starts_number
from reportedly.quantities.pieces import Piece, split_doc

_OPENING = {"(": ")", "[": "]", "{": "}", "<": ">"}
_PER_WORDS = frozenset({"per", "a", "an", "/", "each", "every"})
_COUNTED_POS = frozenset({"NOUN", "ADJ", "PROPN"})
_SKIP_ADVERBS = frozenset({"most", "least", "very", "more"})
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
    blocked = excluded_ranges(doc, times)
    found: list[Found] = []
    for pieces in split_doc(doc, text):
        found.extend(_scan(doc, pieces, blocked))
    return found


def _scan(doc: Doc, pieces: list[Piece], blocked: list[tuple[int, int]]) -> list[Found]:
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


def _inside(piece: Piece, blocked: list[tuple[int, int]]) -> bool:
    return any(s <= piece.start and piece.end <= e for s, e in blocked)


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


def _counted(doc: Doc, last: Token, number: NumberRead) -> tuple[str, tuple[int, int]] | None:
    """The noun a plain count counts: "300 thousand people", "dozens of homes"."""
    i = last.i + 1
    if i < len(doc) and doc[i].text == "-":
        i += 1
    if i + 1 < len(doc) and doc[i].lower_ == "of":
        i += 1
        while i < len(doc) and doc[i].pos_ in ("DET", "PRON") and doc[i].lower_ != "us":
            if doc[i].pos_ == "PRON":
                return None
            i += 1
    words: list[Token] = []
    while i < len(doc):
        token = doc[i]
        if token.lower_ in _SKIP_ADVERBS and not words and token.pos_ == "ADV":
            i += 1
            continue
        if (token.pos_ in _COUNTED_POS and not any(c.isdigit() for c in token.text)) or (
            token.text == "-" and words
        ):
            words.append(token)
            i += 1
            if token.pos_ == "NOUN" and (
                i >= len(doc) or (doc[i].pos_ not in ("NOUN", "PROPN") and doc[i].text != "-")
            ):
                break
            continue
        break
    while words and (words[-1].pos_ != "NOUN" or words[-1].text == "-"):
        words.pop()
    if not words:
        return None
    lemma = " ".join(_lemma(t) for t in words if t.text != "-")
    return lemma, (words[0].idx, words[-1].idx + len(words[-1].text))


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower() if token.lemma_ else token.lower_
    return lemma if lemma != "-pron-" else token.lower_


def _measured(doc: Doc, last: Token) -> tuple[int, int] | None:
    """What a measure is of: "16,000 tonnes of copper", "a $300 million contract"."""
    i = last.i + 1
    if i < len(doc) and doc[i].lower_ == "of":
        i += 1
        while i < len(doc) and doc[i].pos_ == "DET":
            i += 1
    start = i
    while i < len(doc) and doc[i].pos_ in ("NOUN", "ADJ", "PROPN") and not doc[i].like_num:
        i += 1
        if doc[i - 1].pos_ == "NOUN" and (i >= len(doc) or doc[i].pos_ not in ("NOUN",)):
            break
    while i > start and doc[i - 1].pos_ != "NOUN":
        i -= 1
    if i == start or doc[i - 1].lower_ in units().per:  # "$5m a year": a rate, not a thing
        return None
    return doc[start].idx, doc[i - 1].idx + len(doc[i - 1].text)
