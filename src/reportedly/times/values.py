"""Pieces the normalisation rules share: the ``Timex`` record, counts and years written in
words, and calendar arithmetic (ISO weeks, quarters, which Friday, which year a month is in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from reportedly.times.lexicon import lexicon, word_set

_PERIOD_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter"}


_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}


@dataclass(frozen=True)
class Timex:
    """A normalised time expression; ``value`` is None when nothing sensible can be said."""

    type: str
    value: str | None
    granularity: str | None = None
    relative: bool = False


def number(words: list[str], lex: dict[str, Any]) -> float | None:
    """A count written in digits or words ("24", "twenty four", "a"); None when absent."""
    total = 0.0
    seen = False
    vague = word_set("vague_numbers")
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in ("a", "an") and (nxt in lex["numbers"] or nxt in vague or nxt[:1].isdigit()):
            continue
        if w in ("a", "an") and seen:  # "half an hour": the article is not a second count
            break
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            total += float(w)
            seen = True
        elif w == "1/2" and seen:  # "2 1/2 years"
            total += 0.5
        elif w in lex["numbers"]:
            n = float(lex["numbers"][w])
            total = total * n if n == 100 and total else total + n
            seen = True
        elif seen:
            break
        elif w in vague:
            return None
    if seen and total == int(total) and "and a half" in " ".join(words):  # "a minute and a half"
        total += 0.5
    return total if seen else None


def spoken_year(words: list[str], lex: dict[str, Any]) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand" -> 2000 (broadcast transcripts)."""
    numbers = lex["numbers"]
    values = [numbers.get(w) for w in words]
    if (
        len(words) >= 2
        and words[0] in ("nineteen", "eighteen", "twenty")
        and all(isinstance(v, int) and v < 100 for v in values[1:3])
        and words[1] not in ("hundred",)
    ):
        century = numbers[words[0]]
        rest = sum(v for v in values[1:3] if isinstance(v, int))
        if 10 <= rest < 100 and century in (18, 19):
            return century * 100 + rest
    if words[:2] == ["two", "thousand"]:
        extra = sum(v for v in values[2:] if isinstance(v, int) and v < 100)
        return 2000 + extra
    return None


def _vague(words: list[str]) -> bool:
    vague = word_set("vague_numbers")
    return any(w in vague for w in words)


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _forward(direction: str | None) -> bool:
    return direction in ("future", "present")


def _weekday(anchor: date, weekday: int, direction: str | None, shift: int | None) -> date:
    delta = weekday - anchor.isoweekday()
    if shift == -1:
        delta = delta - 7 if delta >= 0 else delta
    elif shift == 1:
        delta = delta + 7 if delta <= 0 else delta
    elif _forward(direction):
        delta = delta + 7 if delta < 0 else delta
    else:
        delta = delta - 7 if delta > 0 else delta
    return anchor + timedelta(days=delta)


def _month_year(
    anchor: date, month: int, day: int, direction: str | None, shift: int | None
) -> int:
    later = (month, day) > (anchor.month, anchor.day)
    earlier = (month, day) < (anchor.month, anchor.day)
    if shift == -1:
        return anchor.year - 1 if (month, day) >= (anchor.month, anchor.day) else anchor.year
    if shift == 1:
        return anchor.year + 1 if (month, day) <= (anchor.month, anchor.day) else anchor.year
    if shift == 0:  # "this September"
        return anchor.year
    if _forward(direction):
        return anchor.year + 1 if earlier and anchor.month - month > 2 else anchor.year
    # a day a month or two ahead ("payable Dec. 7") is news of what is coming, even in a
    # past-tense report; a bare month ahead in the past tense is last year's (day 0 = no day)
    slack = 2 if day else 1
    return anchor.year - 1 if later and month - anchor.month > slack else anchor.year


def _explicit_year(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if w in ("nineteen", "eighteen", "two"):
            spoken = spoken_year(words[i : i + 4], lexicon())
            if spoken:
                return spoken
        if re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", w):
            return int(w)
        m = re.fullmatch(r"'(\d\d)", w)
        if m:
            yy = int(m.group(1))
            return 1900 + yy if yy > 30 else 2000 + yy
    return None


def _day_part(words: list[str], lex: dict[str, Any]) -> str | None:
    for w in words:
        if w in lex["day_parts"]:
            part: str = lex["day_parts"][w]
            return part if part.startswith("T") else "T" + part
    return None


def _clock_value(words: list[str]) -> str | None:
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        m = re.fullmatch(r"(\d{1,2})(?::(\d\d))?", w)
        if not m:
            continue
        hour, minute = int(m[1]), int(m[2] or 0)
        if nxt in ("pm", "p", "p.m") and hour < 12:
            hour += 12
        elif nxt in ("am", "a", "a.m") and hour == 12:
            hour = 0
        elif (
            nxt not in ("am", "a", "pm", "p", "o'clock", "gmt", "utc", "est", "edt", "bst")
            and m[2] is None
        ):
            continue
        if hour > 24 or minute > 59:
            continue
        return f"T{hour:02d}:{minute:02d}"
    return None


def _duration_granularity(value: str) -> str | None:
    last = value[-1]
    if "T" in value:  # "PT5H", "P2DT12H": the finest unit is a clock unit
        return {"H": "hour", "M": "minute", "S": "second"}.get(last)
    return {"Y": "year", "M": "month", "W": "week", "D": "day", "E": "decade", "Q": "quarter"}.get(
        last
    )
