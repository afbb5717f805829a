"""Token-level helpers: subtrees as contiguous stretches, trimmed the way PolNeAR marks spans.

Spans here are ``(first_token_index, last_token_index)`` pairs, inclusive, or character pairs
``(start, end)`` once turned into text offsets.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

TokRange = tuple[int, int]
CharRange = tuple[int, int]

_EDGE_PUNCT = {",", ";", "-", "–", "—", ":", "(", ")"}
_LEADING_JOIN = {"cc", "mark"}


_TEXT = "reportedly.text"
_ENTS = "reportedly.ents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token on each access)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per document."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = tuple(doc.ents)
    return tuple(ents)


_ENT_STARTS = "reportedly.ent_starts"


def ents_within(doc: Doc, start: int, end: int) -> list[Span]:
    """The entities inside tokens ``[start, end)``, in order, found by bisection."""
    ents = doc_ents(doc)
    starts = doc.user_data.get(_ENT_STARTS)
    if starts is None or len(starts) != len(ents):
        starts = doc.user_data[_ENT_STARTS] = [e.start for e in ents]
    found = []
    for n in range(bisect.bisect_left(starts, start), len(ents)):
        if ents[n].start >= end:
            break
        if ents[n].end <= end:
            found.append(ents[n])
    return found


def forget(doc: Doc) -> None:
    """Drop the cached text and entities (before and after each extraction)."""
    doc.user_data.pop(_TEXT, None)
    doc.user_data.pop(_ENTS, None)
    doc.user_data.pop(_ENT_STARTS, None)


def subtree_range(token: Token, skip: Iterable[Token] = ()) -> TokRange:
    """First and last token of ``token``'s subtree, leaving out the subtrees in ``skip``.

    Skipped subtrees cut the range only at its edges, so the result stays contiguous.
    """
    left, right = token.left_edge.i, token.right_edge.i
    for other in skip:
        a, b = other.left_edge.i, other.right_edge.i
        if a <= left <= b:
            left = b + 1
        if a <= right <= b:
            right = a - 1
        if a > token.i and a <= right:
            right = min(right, a - 1)
        if b < token.i and b >= left:
            left = max(left, b + 1)
    return left, right


def trim(doc: Doc, rng: TokRange, *, keep_quotes: bool = True) -> TokRange | None:
    """Drop edge commas, dashes, conjunctions and spaces; keep quotation marks."""
    left, right = rng
    while left <= right and (
        doc[left].text in _EDGE_PUNCT
        or doc[left].is_space
        or (doc[left].dep_ in _LEADING_JOIN and doc[left].lower_ in {"and", "but", "or"})
        or (not keep_quotes and doc[left].is_quote)
    ):
        left += 1
    while left <= right and (
        (doc[right].text in _EDGE_PUNCT and not _closes(doc, left, right))
        or doc[right].text in (".", "!", "?")
        or doc[right].is_space
        or doc[right].lower_ in {"and", "but", "or"}
        or (not keep_quotes and doc[right].is_quote)
    ):
        right -= 1
    return (left, right) if left <= right else None


def chars(doc: Doc, rng: TokRange) -> CharRange:
    return doc[rng[0]].idx, doc[rng[1]].idx + len(doc[rng[1]].text)


def strip_edges(text: str, a: int, b: int, lead: str = "", trail: str = "") -> CharRange:
    """``[a, b)`` without white space, nor the ``lead`` / ``trail`` characters, at its start /
    end; ``a == b`` when nothing is left."""
    while a < b and (text[a].isspace() or text[a] in lead):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in trail):
        b -= 1
    return a, b


def covers(outer: CharRange, inner: CharRange) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


class Cover:
    """Whether any of many ranges covers a given one, in O(log n): among the ranges starting
    at or before its start, the furthest end must reach its end."""

    def __init__(self, ranges: Iterable[CharRange]) -> None:
        ordered = sorted(ranges)
        self.starts = [a for a, _ in ordered]
        self.reach = list(itertools.accumulate((b for _, b in ordered), max))

    def covered(self, inner: CharRange) -> bool:
        k = bisect.bisect_right(self.starts, inner[0])
        return k > 0 and self.reach[k - 1] >= inner[1]


def overlaps(a: CharRange, b: CharRange) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _closes(doc: Doc, left: int, right: int) -> bool:
    """A ')' that closes a '(' inside the span stays: 'Rep. Jane Doe (D-N.Y.)'."""
    return doc[right].text == ")" and any(t.text == "(" for t in doc[left:right])
