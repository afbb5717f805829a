"""Quotation marks: which stretches of the text are quoted.

Curly quotes pair by direction; straight quotes pair by alternation within a paragraph. A quote
that runs over several paragraphs (an opening mark on each, one closing mark at the end) is one
``Quote`` with one piece per paragraph. Single quotes count only as a whole quoted word or phrase
(``‘in their heads’``), never as apostrophes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“«„"
CLOSE_DOUBLE = "”»"
_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=\w)([^‘’'\n]{1,80}?)(?<=[\w.,!?])[’'](?!\w)")


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


def find_quotes(text: str) -> list[Quote]:
    """All double-quoted stretches, then single-quoted phrases outside them, in text order."""
    quotes = _double_quotes(text)
    covered = [(q.start, q.end) for q in quotes]
    for match in _SINGLE.finditer(text):
        if not any(a <= match.start() < b for a, b in covered):
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
