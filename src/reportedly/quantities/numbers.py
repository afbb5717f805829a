"""Read a written number starting at a piece: "300 thousand", "a million", "1.5bn",
"ninety five", "10 1/2", "three quarters billion", "dozens", "tens of thousands"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportedly.quantities.lexicon import numbers
from reportedly.quantities.pieces import Piece


@dataclass(frozen=True)
class NumberRead:
    value: float
    end: int  # index of the first piece after the number
    approximate: bool = False  # "dozens", "thousands": an order of magnitude, not a count
    spelled: bool = False  # written in words only


def starts_number(pieces: list[Piece], j: int) -> bool:
    p = pieces[j]
    lower = p.lower
    table = numbers()
    if p.code:
        return False
    if p.is_digits or p.is_fraction or lower in table["unicode_fractions"]:
        return True
    if lower in table["words"] or lower in table["vague"]:
        return True
    if lower in ("a", "an", "half", "quarter", "one") and j + 1 < len(pieces):
        nxt = pieces[j + 1].lower
        return nxt in table["multipliers"] or nxt in ("dozen", "hundred", "half", "quarter")
    return False


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def read_number(pieces: list[Piece], j: int, glued_multiplier: bool = True) -> NumberRead | None:
    """The number written from piece ``j`` on, or None when there is none."""
    table = numbers()
    p = pieces[j]
    lower = p.lower
    if p.code:
        return None
    if lower in table["unicode_fractions"]:
        return _multiplied(pieces, j + 1, float(table["unicode_fractions"][lower]), False)
    if p.is_fraction:
        num, den = (int(x) for x in p.text.split("/"))
        return _multiplied(pieces, j + 1, num / den, False) if den else None
    if p.is_digits:
        value = _float(p.text)
        k = j + 1
        if (
            k + 1 < len(pieces)
            and pieces[k].text == ","
            and re.fullmatch(r"\d{3}", pieces[k + 1].text)
            and re.fullmatch(r"\d{1,3}", p.text)
            and pieces[k + 1].start - pieces[k].end <= 1
        ):
            value = value * 1000 + float(pieces[k + 1].text)  # "80, 000": a stray space
            k += 2
        if k < len(pieces) and pieces[k].is_fraction and pieces[k].start > p.end:
            num, den = (int(x) for x in pieces[k].text.split("/"))
            if den and num < den:
                value += num / den
                k += 1
        return _multiplied(pieces, k, value, False)
    if lower in table["vague"]:
        return _vague(pieces, j)
    return _spelled(pieces, j)


def _multiplied(pieces: list[Piece], k: int, value: float, spelled: bool) -> NumberRead:
    table = numbers()
    if k < len(pieces):
        word = pieces[k].lower
        glued = pieces[k].start == pieces[k - 1].end
        if word in table["multipliers"] and (glued or len(word) > 2):
            return NumberRead(value * float(table["multipliers"][word]), k + 1, False, spelled)
    return NumberRead(value, k, False, spelled)


def _vague(pieces: list[Piece], j: int) -> NumberRead:
    """ "dozens" (of), "tens of thousands", "hundreds of millions", "thousands"."""
    table = numbers()
    value = float(table["vague"][pieces[j].lower])
    k = j + 1
    if k + 1 < len(pieces) and pieces[k].lower == "of" and pieces[k + 1].lower in table["vague"]:
        value *= float(table["vague"][pieces[k + 1].lower])
        k += 2
    return NumberRead(value, k, True, True)


def _spelled(pieces: list[Piece], j: int) -> NumberRead | None:
    """Number words: "three hundred and five", "a million", "three quarters billion"."""
    table = numbers()
    words, multipliers, fractions = table["words"], table["multipliers"], table["fractions"]
    total = 0.0
    current = 0.0
    seen = False
    k = j
    while k < len(pieces):
        w = pieces[k].lower
        nxt = pieces[k + 1].lower if k + 1 < len(pieces) else ""
        if (
            w in ("a", "an")
            and not seen
            and (nxt in multipliers or nxt in fractions or nxt in ("hundred", "dozen"))
        ):
            current = 1.0
        elif w in words and not (w == "dozen" and seen and current == 0):
            if w == "dozen":
                current = (current or 1.0) * 12
            else:
                current += float(words[w])
            seen = True
        elif w in fractions and (
            (seen or current or nxt in multipliers)
            and (w == "half" or nxt in multipliers or nxt == "of")
        ):
            current = (current or 1.0) * float(fractions[w])
            seen = True
        elif w == "hundred" and (seen or current):
            current = (current or 1.0) * 100
            seen = True
        elif w in multipliers and (seen or current) and w not in ("k", "m", "b"):
            total += (current or 1.0) * float(multipliers[w])
            current = 0.0
            seen = True
        elif w in ("-", "and") and seen and nxt in words and not _ends_scale(pieces, k):
            pass
        else:
            break
        k += 1
    if not seen:
        return None
    return NumberRead(total + current, k, False, True)


def _ends_scale(pieces: list[Piece], k: int) -> bool:
    """ "and" after "thousand" joins ("a thousand and five"); after a plain word it does not."""
    return pieces[k].lower == "and" and pieces[k - 1].lower not in ("hundred", "thousand")
