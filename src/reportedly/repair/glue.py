"""Glued words (``seizingaboutmost``, ``othersAbout``): split only when a dictionary check is sure.

Two shapes are handled. A lower-case run that is no known word splits into two or three parts
when exactly one such split exists, one part is a function word from ``data/glue.json`` (of
three letters or more in a three-way split) and the others are dictionary words (see
``Lexicon``); a run followed by ``.`` and a letter is a domain name and stays. A lower-case
word glued to a capitalised one (``includingPrime``) splits at the case change when the
lower-case part is a dictionary word of three letters or more, or a function word;
``reCaptcha``, ``iPhone``, ``eBay`` stay.
"""

from __future__ import annotations

import functools
import itertools
import re

from reportedly import resources
from reportedly.repair.edits import Edit
from reportedly.repair.lexicon import Lexicon

_BEFORE = r"(?<![\w./@#'’\-])"
_AFTER = r"(?![\w/@#'’\-]|\.\w)"
_LOWER = re.compile(_BEFORE + r"[a-z]{5,40}" + _AFTER)
_CAMEL = re.compile(_BEFORE + r"([a-z]{2,})([A-Z][a-z]{2,})" + _AFTER)
MIN_PART = 3


@functools.cache
def function_words() -> frozenset[str]:
    data = resources.load_json("glue.json", {"function_words": list})
    return frozenset(data["function_words"])


def glued_word_edits(line: str, offset: int, lexicon: Lexicon) -> list[Edit]:
    """Edits replacing each surely glued token by its words separated by spaces."""
    edits: list[Edit] = []
    for match in _LOWER.finditer(line):
        parts = split_glued(match.group(), lexicon)
        if parts:
            edits.append(
                Edit(offset + match.start(), offset + match.end(), " ".join(parts), "glued_words")
            )
    functional = function_words()
    for match in _CAMEL.finditer(line):
        head = match.group(1)
        if head in functional or (len(head) >= MIN_PART and lexicon.is_word(head)):
            at = offset + match.end(1)
            edits.append(Edit(at, at, " ", "glued_words"))
    return edits


def split_glued(token: str, lexicon: Lexicon) -> list[str] | None:
    """The one sure split of a lower-case token into 2 or 3 words, or None."""
    if lexicon.is_known(token):
        return None
    functional = function_words()

    def ok(part: str) -> bool:
        return part in functional or (len(part) >= MIN_PART and lexicon.is_word(part))

    def three_ok(parts: list[str]) -> bool:
        # "cinema|to|graphically", "ring|to|nes": short function words glue too easily.
        return any(p in functional and len(p) >= MIN_PART for p in parts)

    n = len(token)
    for count in (2, 3):
        found: list[list[str]] = []
        cuts = (
            [(i,) for i in range(2, n - 1)]
            if count == 2
            else [(i, j) for i in range(2, n - 3) for j in range(i + 2, n - 1)]
        )
        for cut in cuts:
            bounds = (0, *cut, n)
            parts = [token[a:b] for a, b in itertools.pairwise(bounds)]
            if (
                any(p in functional for p in parts)
                and all(ok(p) for p in parts)
                and (count == 2 or three_ok(parts))
            ):
                found.append(parts)
                if len(found) > 1:
                    return None
        if found:
            return found[0]
    return None
