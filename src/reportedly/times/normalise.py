"""Turn the words of a time expression into a TIMEX3 value.

``normalise(text, anchor, direction)`` is a rule cascade in the spirit of HeidelTime: explicit
calendar dates first, then expressions relative to the anchor (the publication date), then
durations and sets. ``direction`` is the tense of the governing verb ("past", "future",
"present" or None); it decides which Friday "Friday" is. Without an anchor, relative
expressions keep an underspecified value (``XXXX-WXX-5``) or none, never today's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from reportedly.times.lexicon import lexicon, word_set

_TOKEN = re.compile(r"\d+(?:[.:/]\d+)*(?:s|st|nd|rd|th)?|'\d\ds?|[a-z]+(?:'s)?\.?|&")
_KEEP_LEADING = frozenset({"earlier", "later", "before", "after"})
_PERIOD_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter"}
_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}


@dataclass(frozen=True)
class Timex:
    """A normalised time expression; ``value`` is None when nothing sensible can be said."""

    type: str
    value: str | None
    granularity: str | None = None
    relative: bool = False


def words_of(text: str) -> list[str]:
    """Lower-cased words with abbreviation dots dropped and hyphens split."""
    cleaned = (
        re.sub(r"\b(\d{4})-(\d\d)-(\d\d)\b", r"\1/\2/\3", text.lower())
        .replace("-", " ")
        .replace("\u2019", "'")
        .replace("\u2013", " ")
    )
    return [w.rstrip(".") if w[0].isalpha() else w for w in _TOKEN.findall(cleaned)]


def normalise(
    text: str, anchor: date | None, direction: str | None = None, quarter: str | None = None
) -> Timex:
    """The TIMEX3 reading of ``text`` (a detected expression) relative to ``anchor``.

    ``quarter`` is the fiscal quarter the text was just talking about ("1989-Q3"), if any:
    "the quarter" and "a year earlier" then mean that quarter and the same one a year before.
    """
    words = words_of(text)
    if not words:
        return Timex("DATE", None)
    joined = " ".join(words)
    lex = lexicon()
    if joined in lex["references"]:
        return Timex("DATE", lex["references"][joined], "other", True)
    core = _strip_leading(words)
    if not core:
        return Timex("DATE", None)
    if quarter is not None:
        found = _in_quarter_context(core, quarter, lex)
        if found is not None:
            return found
    for rule in (
        _set,
        _holiday,
        _deictic,
        _calendar,
        _ordinal_period,
        _offset,
        _shifted,
        _duration,
        _clock,
        _reference,
    ):
        found = rule(core, anchor, direction, lex)
        if found is not None:
            return found
    return Timex("DATE", None)


_QUARTER_WORDS = frozenset(
    {
        "quarter",
        "period",
        "year",
        "ago",
        "earlier",
        "yearago",
        "latest",
        "the",
        "this",
        "that",
        "same",
        "corresponding",
        "comparable",
        "last",
        "year's",
        "'s",
        "fiscal",
        "recent",
        "its",
        "a",
        "an",
    }
)


def _in_quarter_context(words: list[str], quarter: str, lex: dict[str, Any]) -> Timex | None:
    """ "the quarter", "the year-ago period", "a year earlier" right after a named quarter."""
    if not all(w in _QUARTER_WORDS or re.fullmatch(r"\d{4}", w) for w in words):
        return None
    if not any(w in ("quarter", "period", "ago", "earlier") for w in words):
        return None
    year, q = quarter.split("-")
    explicit = _explicit_year(words)
    if explicit is not None:
        return Timex("DATE", f"{explicit}-{q}", "quarter", True)
    back = any(w in ("ago", "earlier", "last", "year's") or w.startswith("year") for w in words)
    if back and "year" in " ".join(words):
        if not year.isdigit():
            return None
        return Timex("DATE", f"{int(year) - 1}-{q}", "quarter", True)
    if back:
        return None
    return Timex("DATE", quarter, "quarter", True)


def _strip_leading(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1 and words[i] in word_set("leading_words"):
        if words[i] in _KEEP_LEADING and i + 1 < len(words) and words[i + 1] in ("this", "that"):
            i += 1
            continue
        i += 1
    core = words[i:]
    while core and core[-1] in ("'s", "ago's", "&", "and", "or", "to", "of"):
        core = core[:-1]
    return core


# ----------------------------------------------------------------------------- numbers


def number(words: list[str], lex: dict[str, Any]) -> float | None:
    """A count written in digits or words ("24", "twenty four", "a"); None when absent."""
    total = 0.0
    seen = False
    vague = word_set("vague_numbers")
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in ("a", "an") and (nxt in lex["numbers"] or nxt in vague or nxt[:1].isdigit()):
            continue
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            total += float(w)
            seen = True
        elif w in lex["numbers"]:
            n = float(lex["numbers"][w])
            total = total * n if n == 100 and total else total + n
            seen = True
        elif seen:
            break
        elif w in vague:
            return None
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


# ----------------------------------------------------------------------------- calendar helpers


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


# ----------------------------------------------------------------------------- rules
# Each rule takes (words, anchor, direction, lexicon) and returns a Timex or None.


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
        found = _duration(rest if number(rest, lex) else ["1", *rest], None, None, lex)
        if found is not None and found.value:
            return Timex("SET", found.value, found.granularity)
    return None


def _holiday(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    year = _explicit_year(words)
    names = [w for w in words if not re.fullmatch(r"\d{4}", w) and w not in ("last", "next")]
    key = " ".join(names)
    if key not in lex["holidays"]:
        return None
    month_day = lex["holidays"][key]
    if year is None:
        if anchor is None:
            return Timex("DATE", f"XXXX-{month_day}", "day", True)
        month, day = (int(x) for x in month_day.split("-"))
        shift = -1 if words[0] == "last" else 1 if words[0] == "next" else None
        return Timex(
            "DATE", f"{_month_year(anchor, month, day, direction, shift)}-{month_day}", "day", True
        )
    return Timex("DATE", f"{year}-{month_day}", "day")


def _day_part(words: list[str], lex: dict[str, Any]) -> str | None:
    for w in words:
        if w in lex["day_parts"]:
            part: str = lex["day_parts"][w]
            return part if part.startswith("T") else "T" + part
    return None


def _deictic(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    days = lex["deictic_days"]
    offset: int | None = next((days[w] for w in words if w in days), None)
    part = _day_part(words, lex)
    if words == ["last", "night"]:
        offset = -1
    if offset is None and words[0] == "this" and part and len(words) == 2:
        offset = 0
    if offset is None or len(words) > 3:
        return None
    if words[0] == "tonight":
        part = "TNI"
    kind = "TIME" if part else "DATE"
    if anchor is None:
        return Timex(kind, None, "day", True)
    value = (anchor + timedelta(days=offset)).isoformat()
    if part:
        clock = _clock_value(words)
        part = clock or part
    return Timex(kind, value + (part or ""), "hour" if part else "day", True)


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


def _calendar(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    """Dates written with a month, weekday or year: "Sept. 30, 1998", "Friday", "1941"."""
    for w in words:
        m = re.fullmatch(r"(\d{4})/(\d{1,2})/(\d{1,2})", w)
        if m:
            return Timex("DATE", f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", "day")
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", w)
        if m:
            short = int(m[3])
            full = short if len(m[3]) == 4 else 1900 + short if short > 30 else 2000 + short
            return Timex("DATE", f"{full}-{int(m[1]):02d}-{int(m[2]):02d}", "day")
    months, weekdays = lex["months"], lex["weekdays"]
    month = next((months[w] for w in words if w in months), None)
    weekday = next((weekdays[w] for w in words if w in weekdays), None)
    year = _explicit_year(words)
    decade = next((w for w in words if re.fullmatch(r"1[0-9]{2}0s|20[0-9]0s|'\d0s", w)), None)
    day = next(
        (
            int(re.sub(r"\D", "", w))
            for w in words
            if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", w) and 1 <= int(re.sub(r"\D", "", w)) <= 31
        ),
        None,
    )
    shift = lex["shifts"].get(words[0]) if len(words) > 1 else None
    part = _day_part(words, lex)
    clock = _clock_value(words)
    suffix = clock or part or ""
    kind = "TIME" if suffix else "DATE"
    if month is not None:
        if day is None and year is None:
            year_found = None if anchor is None else _month_year(anchor, month, 0, direction, shift)
            prefix = "XXXX" if year_found is None else str(year_found)
            return Timex("DATE", f"{prefix}-{month:02d}", "month", True)
        if year is None:
            year_found = (
                None if anchor is None else _month_year(anchor, month, day or 1, direction, shift)
            )
            prefix = "XXXX" if year_found is None else str(year_found)
            return Timex(kind, f"{prefix}-{month:02d}-{day:02d}{suffix}", "day", True)
        if day is None:
            return Timex("DATE", f"{year}-{month:02d}", "month")
        return Timex(kind, f"{year}-{month:02d}-{day:02d}{suffix}", "day")
    if weekday is not None:
        if anchor is None:
            return Timex(kind, f"XXXX-WXX-{weekday}{suffix}", "day", True)
        found = _weekday(anchor, weekday, direction, shift if shift in (-1, 1) else None)
        return Timex(kind, found.isoformat() + suffix, "hour" if suffix else "day", True)
    season = _season(words, year, anchor, direction, shift, lex)
    if season is not None:
        return season
    if decade is not None:
        digits = decade.strip("'s")
        value = digits[:3] if len(digits) == 4 else "19" + digits[0]
        return Timex("DATE", value, "decade")
    if year is not None and not any(w in lex["units"] for w in words if w not in ("year",)):
        if "quarter" in words or "half" in words:
            return None
        return Timex("DATE", str(year), "year")
    return None


def _season(
    words: list[str],
    year: int | None,
    anchor: date | None,
    direction: str | None,
    shift: int | None,
    lex: dict[str, Any],
) -> Timex | None:
    season = next((lex["seasons"][w] for w in words if w in lex["seasons"]), None)
    if season is None or len(words) > 3:
        return None
    if year is not None:
        return Timex("DATE", f"{year}-{season}", "other")
    if anchor is None:
        return Timex("DATE", f"XXXX-{season}", "other", True)
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    current = anchor.year
    if shift == -1:  # "last spring": last year's, as the TimeBank annotators read it
        current -= 1
    elif shift == 1 and start <= anchor.month:
        current += 1
    return Timex("DATE", f"{current}-{season}", "other", True)


def _ordinal_period(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    """Quarters and halves: "the third quarter", "fiscal 1998's first half", "the quarter"."""
    if "quarter" in words:
        unit, count = "Q", 4
    elif "half" in words and not any(w in lex["units"] for w in words):
        unit, count = "H", 2
    else:
        return None
    ordinal = next((lex["ordinals"][w] for w in words if w in lex["ordinals"]), None)
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
    sign = next((lex["offsets"][w] for w in words[1:] if w in lex["offsets"]), None)
    if sign is None and len(words) == 2 and words[1] in ("earlier", "ago") and words[0] == "year":
        sign = -1
    if sign is None:
        return None
    unit = _unit_of(words, lex)
    if unit is None:
        return None
    n = number(words, lex)
    if n is None:
        plural = any(w in lex["units"] and w.endswith("s") for w in words)
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
    plural = any(w in lex["units"] and w.endswith("s") for w in words)
    if shift in (-1, 1) and plural and not _vague(words) and words[0] in shifts:
        return Timex("DATE", "PAST_REF" if shift < 0 else "FUTURE_REF", "other", True)
    if _vague(words) or plural:
        return None
    if shift is None:
        if unit == "WE" and len(words) <= 2:
            shift = 0
        elif words[0] == "year" and len(words) > 1 and words[1] in ("earlier", "ago"):
            shift = -1
        elif words == ["year"] or words[:2] in (["year", "end"], ["year's", "end"]):
            shift = 0
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
    return _shift_anchor(anchor, unit, shift)


def _duration_granularity(value: str) -> str | None:
    last = value[-1]
    if value.startswith("PT"):
        return {"H": "hour", "M": "minute", "S": "second"}.get(last)
    return {"Y": "year", "M": "month", "W": "week", "D": "day", "E": "decade", "Q": "quarter"}.get(
        last
    )


def _duration(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    """ "five years", "the past two months", "24-hour", "a few days", "decades"."""
    unit = _unit_of(words, lex)
    if unit is None:
        return None
    n = number(words, lex)
    plural = any(w in lex["units"] and w.endswith("s") for w in words)
    if n is None:
        if _vague(words) or (plural and len(words) == 1):
            amount = "X"
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
    if unit in _TIME_UNITS:
        value = f"PT{amount}{_TIME_UNITS[unit]}"
    elif unit == "NIGHT":
        value = f"P{amount}D"
    elif unit == "FN":
        value = f"P{amount}W"
    else:
        value = f"P{amount}{unit}"
    return Timex("DURATION", value, _duration_granularity(value))


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


def _clock(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    clock = _clock_value(words) or (
        lex["day_parts"][words[0]] if words[0] in ("noon", "midnight", "midday") else None
    )
    if clock is None:
        return None
    if not clock.startswith("T"):
        clock = "T" + clock
    if anchor is None:
        return Timex("TIME", f"XXXX-XX-XX{clock}", "minute", True)
    return Timex("TIME", anchor.isoformat() + clock, "minute", True)


def _reference(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    joined = " ".join(words)
    if joined in lex["references"]:
        return Timex("DATE", lex["references"][joined], "other", True)
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th) century", joined)
    if m:
        return Timex("DATE", f"{int(m[1]) - 1:02d}", "century")
    ordinal = lex["ordinals"].get(words[0])
    if ordinal and len(words) == 2 and words[1] == "century" and ordinal > 0:
        return Timex("DATE", f"{ordinal - 1:02d}", "century")
    return None
