"""Find time expressions: spaCy's DATE/TIME entities, trimmed and filtered, plus patterns.

The small English model tags ages ("52-year-old") and bare numbers as DATE and misses
"now", "recently" or "daily"; the patterns in ``data/times/patterns.json`` add those, and the
filters drop what TimeML would not call a time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from reportedly import resources
from reportedly.times.lexicon import lexicon, word_set

_AGE = re.compile(
    r"\d+\s*-?\s*(?:year|month|week|day)s?\s*-?\s*old|years? old|\bold\b|\baged?\b", re.I
)
_TRIM_START = frozenset({"ADP", "CCONJ", "PUNCT", "SCONJ", "PART"})
_TRIM_END = frozenset({"ADP", "CCONJ", "PUNCT", "SCONJ", "PART", "VERB", "AUX"})
_TRIM_WORDS_START = frozenset(
    {
        "its",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "about",
        "around",
        "nearly",
        "almost",
        "roughly",
        "some",
        "approximately",
        "over",
        "than",
        "more",
        "less",
        "only",
        "just",
        "within",
        "as",
        "at",
        "least",
        "for",
        "until",
        "through",
        "by",
        "since",
        "from",
        "to",
        "of",
        "in",
        "on",
        "during",
        "'s",
        "and",
    }
)


@functools.cache
def _patterns() -> dict[str, Any]:
    schema = dict.fromkeys(("REFERENCE", "SET", "DATE", "DURATION"), list)
    data: dict[str, Any] = resources.load_json("times/patterns.json", schema)
    return data


@dataclass(frozen=True)
class _Pattern:
    label: str
    regex: re.Pattern[str]
    pos: frozenset[str] | None
    next_pos: frozenset[str] | None
    over: frozenset[str] = frozenset()


class PatternFinder:
    """Regex patterns over the text, mapped to tokens: cheaper than a spaCy Matcher here."""

    def __init__(self) -> None:
        self.patterns: list[_Pattern] = []
        for label, entries in _patterns().items():
            if label.startswith("_"):
                continue
            for entry in entries:
                self.patterns.append(
                    _Pattern(
                        label,
                        re.compile(rf"\b(?:{entry['regex']})\b", re.IGNORECASE),
                        frozenset(entry["pos"]) if "pos" in entry else None,
                        frozenset(entry["next_pos"]) if "next_pos" in entry else None,
                        frozenset(entry.get("over", ())),
                    )
                )

    def __call__(self, doc: Doc, text: str | None = None) -> list[tuple[str, Span, frozenset[str]]]:
        """(label, span, entity labels the match may overlap), by start, longest first."""
        found: list[tuple[str, Span, frozenset[str]]] = []
        if text is None:
            text = doc.text  # a property that joins every token: read it once
        for pattern in self.patterns:
            for m in pattern.regex.finditer(text):
                span = doc.char_span(m.start(), m.end())
                if span is None:
                    continue
                if pattern.pos is not None and span[0].pos_ not in pattern.pos:
                    continue
                if pattern.next_pos is not None and (
                    span.end >= len(doc) or doc[span.end].pos_ not in pattern.next_pos
                ):
                    continue
                found.append((pattern.label, span, pattern.over))
        found.sort(key=lambda item: (item[1].start, -item[1].end))
        return found


def build_matcher(vocab: Vocab | None = None) -> PatternFinder:
    return PatternFinder()


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while (
        start < end
        and (doc[start].pos_ in _TRIM_START or doc[start].lower_ in _TRIM_WORDS_START)
        and not _keep_start(doc, start, end)
    ):
        start += 1
    while (
        end > start
        and (doc[end - 1].pos_ in _TRIM_END or doc[end - 1].lower_ == "'s")
        and doc[end - 1].lower_ not in ("ago", "earlier", "later", "now")
    ):
        end -= 1
    return doc[start:end] if end > start else None


def _keep_start(doc: Doc, start: int, end: int) -> bool:
    """Keep "more than" (a modifier TimeML includes) and the single word of a reference."""
    word = doc[start].lower_
    if end - start == 1:
        return True
    return word in ("earlier", "later") and doc[start + 1].lower_ == "this"


def _is_time(span: Span) -> bool:
    text = span.text
    lower = text.lower()
    if lower in word_set("not_times"):
        return False
    doc = span.doc
    if _FRACTION.fullmatch(lower) and span.end < len(doc) and doc[span.end].lower_ == "of":
        return False  # "a quarter of the market" is a share, not three months
    if _AGE.search(text):
        return False
    if re.fullmatch(r"\d{1,3}|\d{5,}|\d+(?:[.,]\d+)+", text.strip()):
        return False
    glued = re.search(r"\d[a-z]", lower)
    if glued and not re.search(r"\d(?:s|st|nd|rd|th|am|pm|a\.m|p\.m|h|hrs?)\b", lower):
        return False
    if not any(_DIGIT.search(t.text) or t.lower_.rstrip(".") in _time_words() for t in span):
        return False  # "Stauber", "seasonally", "Olympic": the model's guesses with no time word
    return any(t.pos_ not in ("DET", "PUNCT", "ADP", "CCONJ") for t in span)


_DIGIT = re.compile(r"\d")


@functools.cache
def _time_words() -> frozenset[str]:
    """Every word of the time lexicon (months, units, day parts, holidays, references...)."""
    lex = lexicon()
    words: set[str] = set()
    for key in (
        "months",
        "weekdays",
        "units",
        "numbers",
        "ordinals",
        "decade_words",
        "seasons",
        "day_parts",
        "references",
        "sets",
        "holidays",
        "floating_holidays",
        "deictic_days",
        "shifts",
        "offsets",
    ):
        for entry in lex[key]:
            words.update(entry.replace("-", " ").split())
    words.update(word_set("vague_numbers"))
    words.update(("ago", "century", "centuries", "am", "pm", "a.m", "p.m", "fiscal", "period"))
    return frozenset(words)


_FRACTION = re.compile(r"(?:a|one|two|three) (?:quarters?|half)")
_CLOCK = re.compile(r"\d(?::\d\d)?\s*[ap]\.?m\b|\d:\d\d|\bnoon\b|\bmidnight\b", re.IGNORECASE)
_DAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|tomorrow|yesterday)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d",
    re.IGNORECASE,
)


def _join_clock_dates(found: list[tuple[Span, str | None]]) -> list[tuple[Span, str | None]]:
    """ "5 p.m. EST, Nov. 9", "noon Thursday": a clock time and the day it falls on are one
    expression (TimeML annotates them together), so the day gives the clock its date."""
    joined: list[tuple[Span, str | None]] = []
    for span, label in found:
        if joined:
            prev, prev_label = joined[-1]
            gap = span.doc[prev.end : span.start]
            if (
                len(gap) <= 1
                and all(t.text == "," for t in gap)
                and _CLOCK.search(prev.text)
                and not _CLOCK.search(span.text)
                and _DAY.search(span.text)
            ):
                joined[-1] = (span.doc[prev.start : span.end], prev_label)
                continue
        joined.append((span, label))
    return joined


def _drop_overlaps(found: list[tuple[Span, str | None]]) -> list[tuple[Span, str | None]]:
    kept: list[tuple[Span, str | None]] = []
    for span, label in found:
        if kept and span.start < kept[-1][0].end:
            continue
        kept.append((span, label))
    return kept


_EXTEND_WORDS = frozenset({"morning", "afternoon", "evening", "night", "period", "quarter"})


def _pieces(ent: Span) -> list[Span]:
    """Split "the quarter ended Sept. 30" at the verb and "1994 and 1997" at the conjunction."""
    doc = ent.doc
    pieces: list[Span] = []
    start = ent.start
    for token in ent:
        joins_dates = (
            token.lower_ in ("and", "or", "to", "through")
            and token.i + 1 < ent.end
            and token.i > ent.start
            and not _count_range(doc[start : token.i])
            and (
                (
                    (doc[token.i + 1].like_num or doc[token.i + 1].ent_iob_ == "B")
                    and doc[token.i - 1].like_num
                )
                # "from Sept. 14 to Thursday", "from today through Nov. 17": two days
                or (_names_day(doc[token.i - 1]) and _names_day(doc[token.i + 1]))
            )
        )
        if token.pos_ == "VERB" or joins_dates:
            if token.i > start:
                pieces.append(doc[start : token.i])
            start = token.i + 1
    if start < ent.end:
        pieces.append(doc[start : ent.end])
    return pieces


def _names_day(token: Token) -> bool:
    """A token that names or ends a day: a day number, a weekday, a month, "today"."""
    word = token.lower_.rstrip(".")
    return (token.like_num and not re.fullmatch(r"\d{4}", token.text)) or word in _DAY_WORDS


def _count_range(left: Span) -> bool:
    """ "two to three weeks", "12 to 18 months": the left side is a bare count, not a year
    or a date, so the range is one duration (TimeML reads its lower bound)."""
    if not left[-1].like_num or re.fullmatch(r"\d{4}", left[-1].text):
        return False
    if any(t.lower_.rstrip(".") in _MONTHS for t in left):
        return False
    return not any(t.lower_ in _UNIT_WORDS for t in left)


_MONTHS = frozenset(lexicon()["months"])
_DAY_WORDS = frozenset([*lexicon()["months"], *lexicon()["weekdays"], *lexicon()["deictic_days"]])
_UNIT_WORDS = frozenset(lexicon()["units"])


def _extend(span: Span) -> Span:
    """Take in a following "night" or "period" the model left out ("Wednesday night"), and a
    leading "each" or "every"."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 0 and doc[start - 1].lower_ in ("each", "every"):
        start -= 1  # "each Thursday", "every July": a set, not one day
    if end < len(doc) and doc[end].lower_ in _EXTEND_WORDS:
        end += 1
        if (
            doc[end - 1].lower_ in ("period", "quarter")
            and start > 0
            and doc[start - 1].lower_ == "the"
        ):
            start -= 1
    return doc[start:end]


def find(
    doc: Doc, matcher: PatternFinder, text: str | None = None
) -> list[tuple[Span, str | None]]:
    """Candidate spans in document order, each with the pattern label that found it (or None)."""
    found: list[tuple[Span, str | None]] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        for piece in _pieces(ent):
            span = _trim(piece)
            if span is not None and _is_time(span):
                found.append((_extend(span), None))
    found = _drop_overlaps(found)
    taken = {i for span, _ in found for i in range(span.start, span.end)}
    entity_tokens = {
        i: ent.label_
        for ent in doc.ents
        for i in range(ent.start, ent.end)
        if ent.label_ not in ("DATE", "TIME")
    }
    for label, span, over in matcher(doc, text):
        if label == "REFERENCE":
            trimmed = _trim(span)
            if trimmed is None:
                continue
            span = trimmed
        if any(
            i in taken or entity_tokens.get(i, "DATE") not in over | {"DATE"}
            for i in range(span.start, span.end)
        ):
            continue
        found.append((span, label))
        taken.update(range(span.start, span.end))
    found.sort(key=lambda item: item[0].start)
    return _join_clock_dates(found)
