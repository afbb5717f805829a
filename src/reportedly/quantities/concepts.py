"""The counted concept of a figure: the noun a count counts ("300 thousand people") or the
thing a measure measures ("a $300 million contract", "16,000 tonnes of copper").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from reportedly.quantities.lexicon import units
from reportedly.quantities.numbers import NumberRead

_COUNTED_POS = frozenset({"NOUN", "ADJ", "PROPN"})


_SKIP_ADVERBS = frozenset({"most", "least", "very", "more"})


def _counted(doc: Doc, last: Token, number: NumberRead) -> tuple[str, tuple[int, int]] | None:
    """The noun a plain count counts: "300 thousand people", "dozens of homes"."""
    i = last.i + 1
    if i < len(doc) and doc[i].text == "-":
        i += 1
    if i + 1 < len(doc) and doc[i].lower_ == "of":
        i += 1
        while i < len(doc) and doc[i].pos_ in ("DET", "PRON") and doc[i].lower_ != "us":
            if doc[i].pos_ == "PRON":
                return None
            i += 1
    words: list[Token] = []
    while i < len(doc):
        token = doc[i]
        if token.lower_ in _SKIP_ADVERBS and not words and token.pos_ == "ADV":
            i += 1
            continue
        if (token.pos_ in _COUNTED_POS and not any(c.isdigit() for c in token.text)) or (
            token.text == "-" and words
        ):
            words.append(token)
            i += 1
            if token.pos_ == "NOUN" and (
                i >= len(doc) or (doc[i].pos_ not in ("NOUN", "PROPN") and doc[i].text != "-")
            ):
                break
            continue
        break
    while words and (words[-1].pos_ != "NOUN" or words[-1].text == "-"):
        words.pop()
    if not words:
        return None
    lemma = " ".join(_lemma(t) for t in words if t.text != "-")
    return lemma, (words[0].idx, words[-1].idx + len(words[-1].text))


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower() if token.lemma_ else token.lower_
    return lemma if lemma != "-pron-" else token.lower_


def _measured(doc: Doc, last: Token) -> tuple[int, int] | None:
    """What a measure is of: "16,000 tonnes of copper", "a $300 million contract"."""
    i = last.i + 1
    if i < len(doc) and doc[i].lower_ == "of":
        i += 1
        while i < len(doc) and doc[i].pos_ == "DET":
            i += 1
    start = i
    while i < len(doc) and doc[i].pos_ in ("NOUN", "ADJ", "PROPN") and not doc[i].like_num:
        i += 1
        if doc[i - 1].pos_ == "NOUN" and (i >= len(doc) or doc[i].pos_ not in ("NOUN",)):
            break
    while i > start and doc[i - 1].pos_ != "NOUN":
        i -= 1
    if i == start or doc[i - 1].lower_ in units().per:  # "$5m a year": a rate, not a thing
        return None
    return doc[start].idx, doc[i - 1].idx + len(doc[i - 1].text)
