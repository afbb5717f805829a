"""Cut spaCy tokens into pieces a number scanner can read: "10km" -> "10", "km".

spaCy keeps "200lbs", "1.5bn", "USD115" or "nzd$15" as single tokens; a piece keeps its
character offsets and the index of its token, so spans and the parse stay reachable. Tokens
that mix digits and letters in any other way ("24703L202", "scp-173m") are codes: they become
one piece marked ``code`` and are never read as numbers.
"""

from __future__ import annotations

import functools
import re

import numpy
from spacy.tokens import Doc

from reportedly.quantities.lexicon import numbers, units

_GLUED = re.compile(r"(?P<pre>[^\d\s]*?)(?P<num>\d[\d,]*(?:\.\d+)?)(?P<post>[^\d\s]*?[23²³]?)")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{2,3})*(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_FRACTION = re.compile(r"\d+/\d+")
_DIGIT = re.compile(r"\d")


class Piece:
    """A piece of a token, with what the scanner asks of it worked out once."""

    __slots__ = ("code", "end", "is_digits", "is_fraction", "lower", "start", "text", "token")

    def __init__(self, text: str, start: int, end: int, token: int, code: bool = False) -> None:
        self.text = text
        self.start = start  # character offsets in the document
        self.end = end
        self.token = token  # index of the spaCy token it comes from
        self.code = code
        self.lower = text.lower()
        digit = text[:1].isdigit() or text[:1] == "."
        self.is_digits = digit and not code and _NUMBER.fullmatch(text) is not None
        self.is_fraction = digit and not code and _FRACTION.fullmatch(text) is not None

    def __repr__(self) -> str:
        return f"Piece({self.text!r}, {self.start}, {self.end}{', code' if self.code else ''})"


#: Tokens of context kept around each number: qualifiers before, units and nouns after.
_BEFORE, _AFTER = 6, 10


@functools.cache
def _trigger() -> re.Pattern[str]:
    table = numbers()
    words = {*table["words"], *table["vague"], *table["multipliers"], *table["fractions"]}
    alternatives = "|".join(sorted((re.escape(w) for w in words if len(w) > 2), key=len))
    fractions = "".join(table["unicode_fractions"])
    return re.compile(rf"\d|[{fractions}]|\b(?:{alternatives})\b", re.IGNORECASE)


def split_doc(doc: Doc, text: str | None = None) -> list[list[Piece]]:
    """Pieces of the stretches of the document around numbers, one list per stretch.

    Only the tokens near a digit or a number word are cut into pieces: the rest of the text
    cannot hold a figure, and skipping it keeps the stage cheap.
    """
    positions = [m.start() for m in _trigger().finditer(doc.text if text is None else text)]
    if not positions:
        return []
    starts = doc.to_array("IDX")
    ranges: list[list[int]] = []
    for index in numpy.searchsorted(starts, positions, side="right") - 1:
        low, high = max(0, int(index) - _BEFORE), min(len(doc), int(index) + _AFTER)
        if ranges and low <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], high)
        else:
            ranges.append([low, high])
    segments: list[list[Piece]] = []
    for low, high in ranges:
        pieces: list[Piece] = []
        for token in doc[low:high]:
            if not token.is_space:
                pieces.extend(_split_token(token.text, token.idx, token.i))
        segments.append(_mark_codes(pieces))
    return segments


def _mark_phone_like(pieces: list[Piece]) -> None:
    """Digit groups glued by hyphens, dots or slashes ("0800-555-0199"): phone numbers, ids."""
    i = 0
    while i < len(pieces):
        j = i
        while (
            j + 2 < len(pieces)
            and pieces[j].is_digits
            and pieces[j + 1].text in ("-", ".", "/")
            and pieces[j].end == pieces[j + 1].start
            and pieces[j + 1].end == pieces[j + 2].start
            and pieces[j + 2].is_digits
        ):
            j += 2
        group = pieces[i : j + 1]
        digits = sum(len(p.text) for p in group if p.is_digits)
        leading_zero = pieces[i].is_digits and re.fullmatch(r"0\d+", pieces[i].text) is not None
        if (j > i and (digits >= 7 or j - i >= 4)) or leading_zero:
            for k in range(i, j + 1):
                p = pieces[k]
                pieces[k] = Piece(p.text, p.start, p.end, p.token, code=True)
        i = j + 1


def _mark_codes(pieces: list[Piece]) -> list[Piece]:
    """ "scp2-173", "A-4": a number glued by a hyphen to a word is part of a code."""
    out = list(pieces)
    _mark_phone_like(out)
    for i in range(2, len(out)):
        hyphen, word, number = out[i - 1], out[i - 2], out[i]
        if (
            number.is_digits
            and hyphen.text == "-"
            and word.end == hyphen.start
            and hyphen.end == number.start
            and (word.code or any(c.isdigit() for c in word.text))
        ):
            out[i] = Piece(number.text, number.start, number.end, number.token, code=True)
    return out


def _known_suffix(post: str) -> bool:
    table = units()
    lower = post.lower()
    return (
        (lower,) in table.after
        or (post,) in table.exact
        or lower in numbers()["multipliers"]
        or lower in numbers()["currency_multipliers"]
        or lower.rstrip("$") in ("usd", "eur", "gbp")
    )


def _known_prefix(pre: str) -> bool:
    table = units()
    lower = pre.lower()
    return (
        tuple(_pieces_of_prefix(lower)) in table.before
        or lower in ("-", "−")
        or re.fullmatch(r"m(usd|eur|gbp|aud)", lower) is not None
    )


def _pieces_of_prefix(lower: str) -> list[str]:
    return [lower[:-1], "$"] if len(lower) > 1 and lower.endswith("$") else [lower]


def _split_token(text: str, idx: int, i: int) -> list[Piece]:
    if not _DIGIT.search(text) or _NUMBER.fullmatch(text) or _FRACTION.fullmatch(text):
        return [Piece(text, idx, idx + len(text), i)]
    m = _GLUED.fullmatch(text)
    if m is None or ":" in text:
        return [Piece(text, idx, idx + len(text), i, code=True)]
    pre, num, post = m["pre"], m["num"], m["post"]
    if (pre and not _known_prefix(pre)) or (post and not _known_suffix(post)):
        return [Piece(text, idx, idx + len(text), i, code=True)]
    out: list[Piece] = []
    pos = idx
    if pre:
        out.append(Piece(pre, pos, pos + len(pre), i))
        pos += len(pre)
    out.append(Piece(num, pos, pos + len(num), i))
    pos += len(num)
    if post:
        out.append(Piece(post, pos, pos + len(post), i))
    return out
