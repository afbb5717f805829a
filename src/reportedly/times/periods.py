"""Rules for expressions built on a unit of time: quarters and halves, offsets ("two years
ago"), shifted periods ("last week", "this year"), durations ("five years") and sets ("every
week").

Each rule takes (words, anchor, direction, lexicon) and returns a ``Timex`` or None.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from reportedly.times.lexicon import word_set
from reportedly.times.values import (
    _PERIOD_UNITS,
    _TIME_UNITS,
    Timex,
    _add_months,
    _duration_granularity,
    _explicit_year,
    _fmt,
    _forward,
    _quarter,
    _vague,
    _week,
    number,
)

#: TIMEX3 units for "decades", "centuries": counted ones become years ("two decades": P20Y).
_VAGUE_UNITS = {"DE": "E", "CE": "C"}
_PERIOD_AFTER = (["quarter"], ["half"])
#: Units whose "N later/earlier" is a length of time rather than a date.
_SPAN_UNITS = frozenset({"D", "W", "H", "MIN", "S", "NIGHT"})
#: Half of a unit in the next smaller one: "2 1/2 years" is P2Y6M, "a minute and a half" PT1M30S.
_HALVES = {"Y": "6M", "M": "15D", "D": "T12H", "H": "30M", "MIN": "30S"}


def _plural(words: list[str], lex: dict[str, Any]) -> bool:
    """A unit in the plural ("weeks"), not a possessive ("year's end")."""
    return any(w in lex["units"] and w[-1] == "s" and w[-2:] != "'s" for w in words)


def _set(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    joined = " ".join(words)
    if joined in lex["sets"]:
        value = lex["sets"][joined]
        return Timex("SET", value, _duration_granularity(value))
    if words[0] in ("every", "each", "per") and len(words) > 1:
        rest = words[1:]
        if rest[-1] in lex["weekdays"]:
            return Timex("SET", f"XXXX-WXX-{lex['weekdays'][rest[-1]]}", "day")
        if rest[-1] in lex["months"] and len(rest) == 1:  # "each July"
            return Timex("SET", f"XXXX-{lex['months'][rest[-1]]:02d}", "month")
        found = _duration(rest if number(rest, lex) else ["1", *rest], None, None, lex)
        if found is not None and found.value:
            return Timex("SET", found.value, found.granularity)
    return None


def _ordinal_period(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    """Quarters and halves: "the third quarter", "fiscal 1998's first half", "the quarter"."""
    if "quarter" in words or words == ["latest", "period"]:  # a company's latest period
        unit, count = "Q", 4
    elif "half" in words and not any(w in lex["units"] and w[-2:] != "'s" for w in words):
        unit, count = "H", 2
    else:
        return None
    ordinals = lex["ordinals"]
    # "last" counts only before the period: "the last quarter", not "last year's third quarter"
    ordinal = next(
        (
            ordinals[w]
            for i, w in enumerate(words)
            if w in ordinals and (ordinals[w] > 0 or words[i + 1 : i + 2] in _PERIOD_AFTER)
        ),
        None,
    )
    year = _explicit_year(words)
    shift = next((lex["shifts"][w] for w in words if w in lex["shifts"]), 0)
    if any(w in ("ago", "earlier") for w in words):
        shift = -1 if year is None else 0
        if ordinal is None and anchor is not None:
            ordinal = _quarter(anchor) - 1 or 4
    if ordinal is None:
        if unit != "Q" or anchor is None:
            return None if unit != "Q" else Timex("DATE", None, "quarter", True)
        if words[0] in ("latest", "recent", "last", "past", "previous", "quarter") or (
            "latest" in words
        ):
            # the last quarter reported on: the one before the publication date's
            q = _quarter(anchor) - 1
            y = anchor.year if q else anchor.year - 1
            return Timex("DATE", f"{y}-Q{q or 4}", "quarter", True)
        if shift == 0 and words[0] in ("this", "current"):
            return Timex("DATE", f"{anchor.year}-Q{_quarter(anchor)}", "quarter", True)
        q = _quarter(anchor) + shift
        y = anchor.year + (q - 1) // 4
        q = (q - 1) % 4 + 1
        return Timex("DATE", f"{y}-Q{q}", "quarter", True)
    if ordinal == -1:
        ordinal = count
    if year is not None:
        return Timex("DATE", f"{year}-{unit}{ordinal}", "quarter" if unit == "Q" else "other")
    if anchor is None:
        return Timex("DATE", f"XXXX-{unit}{ordinal}", "quarter" if unit == "Q" else "other", True)
    y = anchor.year + (shift or 0)
    current = _quarter(anchor) if unit == "Q" else (anchor.month - 1) // 6 + 1
    named_year = any(w in lex["shifts"] for w in words)
    if not named_year and not _forward(direction) and ordinal > current:
        y -= 1
    return Timex("DATE", f"{y}-{unit}{ordinal}", "quarter" if unit == "Q" else "other", True)


def _unit_of(words: list[str], lex: dict[str, Any]) -> str | None:
    """The first unit word after a count ("nine months of the year": months), else the last."""
    numbers, units = lex["numbers"], lex["units"]
    counted = False
    for w in words:
        if w in numbers or w[:1].isdigit() or w in word_set("vague_numbers"):
            counted = True
        elif counted and w in units:
            unit: str = units[w]
            return unit
    for w in reversed(words):
        if w in units:
            last: str = units[w]
            return last
    return None


def _offset(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    """ "two years ago", "a week earlier", "year-earlier": a date at the unit's granularity."""
    at = next((i for i, w in enumerate(words) if i and w in lex["offsets"]), None)
    if at is not None and any(w in lex["units"] for w in words[at + 1 :]):
        return None  # "the year-earlier nine months": nine months, placed a year back
    sign = None if at is None else lex["offsets"][words[at]]
    if sign is None and len(words) == 2 and words[1] in ("earlier", "ago") and words[0] == "year":
        sign = -1
    if sign is None:
        return None
    unit = _unit_of(words, lex)
    if unit is None:
        return None
    if unit in _SPAN_UNITS and words[-1] in ("later", "earlier"):
        # "three days later", "a day earlier": TimeML reads the length of time (P3D), the
        # signal word only places it; "a year earlier" stays a date (the year before)
        return _duration(words[:-1], anchor, direction, lex)
    n = number(words, lex)
    if n is None:
        plural = _plural(words, lex)
        if _vague(words) or plural:
            return Timex("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "other", True)
        n = 1
    if anchor is None:
        return Timex("DATE", None, _PERIOD_UNITS.get(unit), True)
    return _shift_anchor(anchor, unit, int(n) * sign)


def _shift_anchor(anchor: date, unit: str, k: int) -> Timex | None:
    if unit == "Y":
        return Timex("DATE", str(anchor.year + k), "year", True)
    if unit == "DE":
        return Timex("DATE", str(anchor.year + 10 * k), "year", True)
    if unit == "M":
        y, m = _add_months(anchor.year, anchor.month, k)
        return Timex("DATE", f"{y}-{m:02d}", "month", True)
    if unit == "W":
        return Timex("DATE", _week(anchor + timedelta(weeks=k)), "week", True)
    if unit == "D":
        return Timex("DATE", (anchor + timedelta(days=k)).isoformat(), "day", True)
    if unit == "Q":
        q = _quarter(anchor) + k
        y = anchor.year + (q - 1) // 4
        return Timex("DATE", f"{y}-Q{(q - 1) % 4 + 1}", "quarter", True)
    if unit == "WE":
        return Timex("DATE", _week(anchor + timedelta(weeks=k)) + "-WE", "week", True)
    return None


def _shifted(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    """ "last year", "this week", "next month", "the weekend", "the year-ago period"."""
    shifts = lex["shifts"]
    shift = next((shifts[w] for w in words if w in shifts), None)
    unit = _unit_of(words, lex)
    if unit is None or number(words, lex) is not None:
        return None
    plural = _plural(words, lex)
    if shift in (-1, 1) and plural and not _vague(words) and words[0] in shifts:
        return Timex("DATE", "PAST_REF" if shift < 0 else "FUTURE_REF", "other", True)
    if _vague(words) or plural:
        return None
    if shift is None:
        if unit == "WE" and len(words) <= 2:
            shift = 0
        elif words[0] == "year" and len(words) > 1 and words[1] in ("earlier", "ago"):
            shift = -1
        elif words in (["year"], ["fiscal", "year"], ["day"]) or words[:2] in (
            ["year", "end"],
            ["year's", "end"],
        ):
            shift = 0
        elif words == ["week"]:  # "for the week": a week of the year the text does not pin down
            year = "XXXX" if anchor is None else str(anchor.year)
            return Timex("DATE", f"{year}-WXX", "week", True)
        else:
            return None
    if len(words) > 3:
        return None
    if unit in ("H", "MIN", "S", "NIGHT", "CE", "FN"):
        return None
    if anchor is None:
        return Timex("DATE", None, _PERIOD_UNITS.get(unit), True)
    if unit == "WE" and shift == 0 and not _forward(direction) and anchor.isoweekday() < 6:
        shift = -1
    if unit == "DE":  # "the last decade": the 1980s (198), not the year ten years back
        return Timex("DATE", str(anchor.year // 10 + shift), "decade", True)
    return _shift_anchor(anchor, unit, shift)


def _duration(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    """ "five years", "the past two months", "24-hour", "a few days", "decades"."""
    unit = _unit_of(words, lex)
    if unit is None:
        return None
    n = number(words, lex)
    plural = _plural(words, lex)
    if n is None:
        if _vague(words) or (plural and len(words) == 1):
            amount = "X"
            unit = _VAGUE_UNITS.get(unit, unit)
        elif words[0] in ("the", "a") or len(words) == 1:
            return None
        else:
            return None
    else:
        if unit == "DE":
            unit, n = "Y", n * 10
        elif unit == "CE":
            unit, n = "Y", n * 100
        elif unit == "FN":
            unit, n = "W", n * 2
        elif unit == "Q":
            unit, n = "M", n * 3
        amount = _fmt(n)
    if amount.endswith(".5") and unit in _HALVES:
        whole = "" if amount == "0.5" else amount[:-2] + _TIME_UNITS.get(unit, unit)
        value = ("PT" if unit in _TIME_UNITS else "P") + whole + _HALVES[unit]
    elif unit in _TIME_UNITS:
        value = f"PT{amount}{_TIME_UNITS[unit]}"
    elif unit == "NIGHT":
        value = f"P{amount}D"
    elif unit == "FN":
        value = f"P{amount}W"
    else:
        value = f"P{amount}{unit}"
    return Timex("DURATION", value, _duration_granularity(value))
