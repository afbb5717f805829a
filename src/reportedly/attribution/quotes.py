"""Quotation marks: which stretches of the text are quoted.

Curly quotes pair by direction; straight quotes pair by alternation within a paragraph. A quote
that runs over several paragraphs (an opening mark on each, one closing mark at the end) is one
``Quote`` with one piece per paragraph. Single quotes count as a whole quoted word or phrase
(``‘in their heads’``) or a quoted sentence (``'Yes,' she said``), never as apostrophes.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

OPEN_DOUBLE = "“«„"
CLOSE_DOUBLE = "”»"
# Single quotes: an opening mark before a word; inside, an apostrophe only within a word
# ("don't") or, in a quoted sentence, after a plural ("the workers' union"). A quoted sentence
# closes after its punctuation (`'Yes,' she said`, up to 400 characters); else a quoted word or
# phrase closes after a word (`'in their heads'`, up to 80).
_OPEN_SINGLE = r"(?<![\w’'])[‘'](?=\w)"
_IN_SINGLE = r"(?:[^‘’'\n]|(?<=\w)['’](?=\w))"
_PLURAL_POSSESSIVE = r"(?<=s)['’](?=[ \t])"
_SINGLE = re.compile(
    rf"{_OPEN_SINGLE}(?:(?:{_IN_SINGLE}|{_PLURAL_POSSESSIVE}){{1,400}}?(?<=[.,!?])[’'](?!\w)"
    rf"|{_IN_SINGLE}{{1,80}}?(?<=[\w.,!?])[’'](?!\w))"
)


@dataclass(frozen=True)
class Quote:
    """A quotation: ``pieces`` are its per-paragraph ``[start, end)`` spans, marks included."""

    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def words(self, text: str) -> int:
        return sum(len(text[a:b].split()) for a, b in self.pieces)


class QuoteIndex:
    """Quotes sorted by start, with the lookups the rules make, each in O(log n + answer).

    Quotes hardly overlap (double quotes never do; a single-quoted phrase only starts outside
    them), so the furthest end reached by the first k quotes rises with k; bisecting on it
    finds the first quote that can reach a position, and a scan from there stops at the first
    quote starting past it. The answers are those of a scan of the whole list, in list order.
    """

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q.start)
        self.starts = [q.start for q in self.quotes]
        self.reach = list(itertools.accumulate((q.end for q in self.quotes), max))

    def __iter__(self) -> Iterator[Quote]:
        return iter(self.quotes)

    def __len__(self) -> int:
        return len(self.quotes)

    def first_reaching(self, pos: int) -> int:
        """Index of the first quote whose end (or an earlier quote's end) is past ``pos``."""
        return bisect_right(self.reach, pos)

    def overlapping(self, a: int, b: int) -> list[Quote]:
        """Quotes with ``start < b`` and ``end > a``, in order."""
        stop = bisect_left(self.starts, b)
        return [q for q in self.quotes[self.first_reaching(a) : stop] if q.end > a]

    def covering(self, pos: int) -> list[Quote]:
        """Quotes with ``start <= pos < end``, in order."""
        stop = bisect_right(self.starts, pos)
        return [q for q in self.quotes[self.first_reaching(pos) : stop] if q.end > pos]

    def inside(self, pos: int) -> bool:
        """Whether ``pos`` is strictly inside a quote (``start < pos < end``)."""
        return any(q.start < pos for q in self.covering(pos))

    def first_from(self, pos: int) -> Quote | None:
        """The first quote starting at or after ``pos``."""
        i = bisect_left(self.starts, pos)
        return self.quotes[i] if i < len(self.quotes) else None


def find_quotes(text: str) -> list[Quote]:
    """All double-quoted stretches, then single-quoted phrases outside them, in text order."""
    quotes = _double_quotes(text)
    doubles = QuoteIndex(quotes)
    for match in _SINGLE.finditer(text):
        if not doubles.covering(match.start()):
            quotes.append(Quote(((match.start(), match.end()),)))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _double_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    pieces: list[tuple[int, int]] = []
    start: int | None = None
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "'" and text[i + 1 : i + 2] == "'":  # '' as a quotation mark (newswire style)
            ch = '"'
            if start is not None:
                i += 1
        elif ch == "`" and text[i + 1 : i + 2] == "`":
            ch = "“"
        if ch == "\n" and start is not None:
            # A paragraph ends inside a quote: it goes on only if the next one reopens it.
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and (text[j] in OPEN_DOUBLE or text[j] == '"' or text[j : j + 2] == "''"):
                pieces.append((start, _rstrip(text, start, i)))
                start = j
                i = j + 1
                continue
            start = None
            pieces = []
        elif start is None and (ch in OPEN_DOUBLE or (ch == '"' and _opens(text, i))):
            start = i
            if text[i : i + 2] in ("''", "``"):
                i += 1
        elif start is not None and (ch in CLOSE_DOUBLE or ch == '"'):
            pieces.append((start, i + 1))
            quotes.append(Quote(tuple(pieces)))
            pieces = []
            start = None
        i += 1
    return quotes


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when what follows it is not a space."""
    return i + 1 < len(text) and not text[i + 1].isspace()


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
