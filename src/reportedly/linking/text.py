"""Words for comparing propositions across articles, without spaCy: folded, stemmed content
words, negation cues, and a weighted overlap score.

Linking works on ``Report`` records (layer 4), so it cannot ask spaCy for lemmas; a light
suffix stemmer makes "attacks"/"attacked"/"attacking" meet, and the stop and negation lists
are data files (``data/linking/words.json``). Weights are inverse document frequencies over
the texts being compared, so names and rare words count and "said" does not.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from reportedly.entities.names import fold
from reportedly.resources import load_json

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?", re.UNICODE)


@functools.cache
def words_data() -> dict[str, frozenset[str]]:
    raw = _words_file()
    return {key: frozenset(value) for key, value in raw.items() if isinstance(value, list)}


@functools.cache
def _words_file() -> dict[str, Any]:
    data: dict[str, Any] = load_json(
        "linking/words.json",
        {"stop": list, "negation": list, "negation_phrases": list, "irregular": dict},
    )
    return data


@functools.cache
def irregular() -> dict[str, str]:
    table: dict[str, str] = _words_file()["irregular"]
    return table


def stem(word: str) -> str:
    """A light English suffix stemmer: enough for inflections, not for derivations."""
    base = irregular().get(word)
    if base is not None:
        word = base
    if len(word) <= 3 or word.isdigit():
        return word
    return _without_e(_stripped(word))


def _without_e(word: str) -> str:
    """ "include" and "including" both end as "includ" (a Porter-style final e)."""
    return word[:-1] if len(word) > 3 and word.endswith("e") and not word.endswith("ee") else word


def _stripped(word: str) -> str:
    if word.endswith(("eed", "ees")) and len(word) > 4:
        return word[:-1]  # "agreed" -> "agree"
    for suffix, keep in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)] + keep
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]  # "stopped" -> "stop"
            if suffix == "es" and not base.endswith(("ch", "sh", "x", "s", "z")):
                base = word[:-1]  # "measures" -> "measure"
            return base
    return word


def tokens(text: str) -> list[str]:
    """Folded words of a text, in order (apostrophe-joined words kept whole)."""
    return [fold(m.group(0)) for m in _WORD.finditer(text)]


def content_words(text: str) -> list[str]:
    """Stemmed words that carry the proposition: no stop words, no negation cues, no digits
    (figures are compared as figures, by ``linking.figures``)."""
    data = words_data()
    stop, negations = data["stop"], data["negation"]
    return [
        stem(w)
        for w in tokens(text)
        if w not in stop and w not in negations and len(w) > 1 and not w.isdigit()
    ]


def negated(text: str) -> bool:
    """Whether the text carries a negation cue ("not", "no plans", "denied", "never")."""
    data = words_data()
    words = tokens(text)
    if any(w in data["negation"] for w in words):
        return True
    joined = " " + " ".join(words) + " "
    return any(f" {phrase} " in joined for phrase in data["negation_phrases"])


class Weights:
    """Inverse document frequencies over a set of texts (each text a bag of content words)."""

    def __init__(self, bags: Iterable[Iterable[str]]) -> None:
        frequency: Counter[str] = Counter()
        count = 0
        for bag in bags:
            frequency.update(set(bag))
            count += 1
        self.count = max(count, 1)
        self._frequency = frequency

    def __call__(self, word: str) -> float:
        return math.log((1 + self.count) / (1 + self._frequency.get(word, 0))) + 1.0

    def rare(self, word: str, share: float = 0.2) -> bool:
        """Whether fewer than ``share`` of the texts hold the word (a blocking key)."""
        return self._frequency.get(word, 0) <= max(1, share * self.count)


def overlap(a: Iterable[str], b: Iterable[str], weight: Mapping[str, float] | Weights) -> float:
    """Weighted overlap of two bags, by the smaller one: 1.0 when one says all the other does.

    A paraphrase that adds context ("in the east", "on Tuesday") to the same proposition
    still scores high; the caller asks for a minimum shared weight against short matches.
    """
    set_a, set_b = set(a), set(b)
    if not set_a or not set_b:
        return 0.0
    w = weight if isinstance(weight, Weights) else weight.__getitem__
    shared = sum(w(x) for x in set_a & set_b)
    smaller = min(sum(w(x) for x in set_a), sum(w(x) for x in set_b))
    return shared / smaller if smaller else 0.0


def shared_weight(a: Iterable[str], b: Iterable[str], weight: Weights) -> float:
    return sum(weight(x) for x in set(a) & set(b))
