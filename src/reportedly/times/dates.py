"""Rules for expressions that name a point on the calendar: explicit dates, weekdays, months,
seasons, years and decades, holidays, "today"/"yesterday", clock times and centuries.

Each rule takes (words, anchor, direction, lexicon) and returns a ``Timex`` or None.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from reportedly.times.values import (
    Timex,
    _clock_value,
    _day_part,
    _explicit_year,
    _month_year,
    _week,
    _weekday,
)


def _holiday(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    year = _explicit_year(words)
    names = [w for w in words if not re.fullmatch(r"\d{4}", w) and w not in ("last", "next")]
    if len(names) > 1 and names[-1] == "week":  # "Easter week": the ISO week of the holiday
        found = _holiday(words[:-1], anchor, direction, lex)
        if found is None or found.value is None or len(found.value) != 10:
            return None
        return Timex("DATE", _week(date.fromisoformat(found.value)), "week", found.relative)
    key = " ".join(names)
    if key in lex["floating_holidays"]:
        return _floating_holiday(lex["floating_holidays"][key], words, year, anchor, direction)
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


def _floating_holiday(
    rule: dict[str, int],
    words: list[str],
    year: int | None,
    anchor: date | None,
    direction: str | None,
) -> Timex | None:
    """Holidays on the n-th weekday of a month ("Thanksgiving"), or Easter: the date moves."""
    if year is None and anchor is None:
        return Timex("DATE", f"XXXX-{rule['month']:02d}" if rule["month"] else None, "day", True)
    if year is not None:
        return Timex("DATE", holiday_date(rule, year).isoformat(), "day")
    assert anchor is not None
    shift = -1 if words[0] == "last" else 1 if words[0] == "next" else None
    this_year = holiday_date(rule, anchor.year)
    found = _month_year(anchor, this_year.month, this_year.day, direction, shift)
    return Timex("DATE", holiday_date(rule, found).isoformat(), "day", True)


def holiday_date(rule: dict[str, int], year: int) -> date:
    """The day of a floating holiday in ``year``: month 0 is Easter (plus ``offset`` days);
    otherwise the ``n``-th ``weekday`` on or after day ``from`` of the month (``n`` -1: last)."""
    if rule["month"] == 0:
        return _easter(year) + timedelta(days=rule.get("offset", 0))
    if rule["n"] < 0:
        last = date(year + rule["month"] // 12, rule["month"] % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - rule["weekday"]) % 7)
    first = date(year, rule["month"], rule.get("from", 1))
    first += timedelta(days=(rule["weekday"] - first.isoweekday()) % 7)
    return first + timedelta(weeks=rule["n"] - 1)


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


_BARE_DAY_PARTS = frozenset({"morning", "afternoon", "evening"})


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
    if offset is None and part and len(words) == 1 and words[0] in _BARE_DAY_PARTS:
        offset = 0  # "(the) morning", "by mid-afternoon": of the day the report is about
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
            for i, w in enumerate(words)
            if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", w)
            and 1 <= int(re.sub(r"\D", "", w)) <= 31
            and words[i + 1 : i + 2] not in (["a"], ["p"], ["am"], ["pm"], ["o'clock"])
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
    named = next((lex["decade_words"][w] for w in words if w in lex["decade_words"]), None)
    if named is not None and len(words) <= 3:  # "the nineties", "the late sixties"
        return Timex("DATE", named, "decade")
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
    if season is None or (len(words) > 3 and year is None):
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
