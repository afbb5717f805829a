"""Turn the words of a time expression into a TIMEX3 value.

``normalise(text, anchor, direction)`` is a rule cascade in the spirit of HeidelTime: explicit
calendar dates first, then expressions relative to the anchor (the publication date), then
durations and sets. ``direction`` is the tense of the governing verb ("past", "future",
"present" or None); it decides which Friday "Friday" is. Without an anchor, relative
expressions keep an underspecified value (``XXXX-WXX-5``) or none, never today's date.
The rules live in ``dates`` (points on the calendar) and ``periods`` (units of time);
``values`` holds the records and calendar arithmetic they share.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from reportedly.times.dates import _calendar, _clock, _deictic, _holiday, _reference
from reportedly.times.lexicon import lexicon, word_set
from reportedly.times.periods import _duration, _offset, _ordinal_period, _set, _shifted
from reportedly.times.values import Timex, _add_months, _clock_value, _explicit_year, _week

__all__ = ["Timex", "normalise", "words_of"]

_TOKEN = re.compile(r"\d+(?:[.:/]\d+)*(?:s|st|nd|rd|th)?|'\d\ds?|[a-z]+(?:'s)?\.?|&")
_KEEP_LEADING = frozenset({"earlier", "later", "before", "after"})


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
    text: str,
    anchor: date | None,
    direction: str | None = None,
    quarter: str | None = None,
    *,
    before: str = "",
    after: str = "",
    mentioned: str | None = None,
) -> Timex:
    """The TIMEX3 reading of ``text`` (a detected expression) relative to ``anchor``.

    ``quarter`` is the fiscal quarter the text was just talking about ("1989-Q3"), if any:
    "the quarter" and "a year earlier" then mean that quarter and the same one a year before.
    ``before`` and ``after`` are the words next to the expression, lower case: "the year
    ended June 30" is a span of a year (P1Y), "until Friday" looks forward, "Friday's
    decision" in a present-tense sentence is a Friday already past. ``mentioned`` is the last
    calendar date the text named ("1998-06"): "later that year" and "the following month"
    point back to it rather than to the publication date.
    """
    words = words_of(text)
    if not words:
        return Timex("DATE", None)
    joined = " ".join(words)
    lex = lexicon()
    if joined in lex["references"]:
        value = lex["references"][joined]
        if before == "then" and value == "PRESENT_REF":  # "the then current price"
            value = "PAST_REF"
        return Timex("DATE", value, "other", True)
    core = _strip_leading(words)
    if not core:
        return Timex("DATE", None)
    if after in ("ended", "ending") and core in (["year"], ["fiscal", "year"]):
        return Timex("DURATION", "P1Y", "year")
    direction = _context_direction(direction, before, after, core, lex)
    if mentioned is not None:
        found = _anaphoric(core, words[0] == "the", mentioned)
        if found is not None:
            return found
    if quarter is not None:
        found = _in_quarter_context(core, quarter, lex)
        if found is not None:
            return found
    for start in range(min(_MAX_STRAY_WORDS, len(core) - 1) + 1):
        # the model sometimes takes in a word before the expression ("coup d'etat last
        # year", "a 20th century democrat"): read on without it when nothing matched
        found = _cascade(core[start:], anchor, direction, lex)
        if found is not None:
            return found
    return Timex("DATE", None)


_RULES = (
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
)
_MAX_STRAY_WORDS = 2
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _cascade(
    words: list[str], anchor: date | None, direction: str | None, lex: dict[str, Any]
) -> Timex | None:
    if words[-2:] == ["or", "so"] and len(words) > 2:  # "the next year or so"
        words = words[:-2]
    if words[:2] == ["week", "of"] and len(words) > 2:  # "the week of March 6": its ISO week
        day = _cascade(words[2:], anchor, direction, lex)
        if day is None or day.value is None or not _DAY.fullmatch(day.value):
            return None
        return Timex("DATE", _week(date.fromisoformat(day.value)), "week", day.relative)
    for rule in _RULES:
        found = rule(words, anchor, direction, lex)
        if found is not None:
            return found
    return None


def _context_direction(
    direction: str | None, before: str, after: str, words: list[str], lex: dict[str, Any]
) -> str | None:
    """The verb's direction, corrected by the words around the expression."""
    if after in ("'s", "\u2019s") and direction == "present":
        return None  # "follows Tuesday's vote": the possessed event has happened
    # "effective Feb. 1", "loans through January" look ahead even in a past-tense report;
    # "had not called him a suspect until Thursday" is last Thursday, but a deadline at a clock
    # time ("extended the deadline until 9 a.m. Tuesday") is still ahead
    weekday = any(w in lex["weekdays"] for w in words)
    deadline = _clock_value(words) is not None or "noon" in words or "midnight" in words
    if (
        before in word_set("forward_prepositions")
        and direction != "future"
        and (direction != "past" or not weekday or deadline)
    ):
        return "future"
    return direction


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
    if "latest" in words and "period" not in words:
        return None  # the last quarter reported: read off the date, not the fiscal talk
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


_ANAPHORIC_UNITS = {"year": 4, "month": 7, "day": 10}
_ANAPHORIC_SHIFTS = {"that": 0, "same": 0, "following": 1, "next": 1, "previous": -1}


def _anaphoric(words: list[str], the: bool, mentioned: str) -> Timex | None:
    """ "that year", "later that day", "the following month": the date named before, not the
    publication date ("next year" without "the" still counts from the publication date)."""
    if words[0] in ("earlier", "later"):
        words = words[1:]
    if len(words) != 2 or words[0] not in _ANAPHORIC_SHIFTS or words[1] not in _ANAPHORIC_UNITS:
        return None
    shift = _ANAPHORIC_SHIFTS[words[0]]
    if shift and not the:
        return None
    size = _ANAPHORIC_UNITS[words[1]]
    if len(mentioned) < size:
        return None
    year, month, day = (int(x) for x in (mentioned + "-01-01")[:10].split("-"))
    if words[1] == "year":
        return Timex("DATE", str(year + shift), "year", True)
    if words[1] == "month":
        y, m = _add_months(year, month, shift)
        return Timex("DATE", f"{y}-{m:02d}", "month", True)
    found = date(year, month, day) + timedelta(days=shift)
    return Timex("DATE", found.isoformat(), "day", True)


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
