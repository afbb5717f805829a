"""Lemma families of event words: inflections the lemmatiser leaves apart, derivations, and a
few near-synonyms that news uses for one happening ("quake"/"earthquake", "shot"/"shooting").

General English, written by hand (not read off a corpus); a family is named by its first
word. Words that name different happenings in different stories ("fire": a gun, a coach)
are left out: within a story, the same lemma already meets itself.
"""

from __future__ import annotations

import functools

from reportedly.linking.text import stem

FAMILIES: tuple[tuple[str, ...], ...] = (
    ("shoot", "shooting", "shot", "gunfire", "gunshot"),
    ("kill", "killing", "slay", "slaying"),
    ("die", "death", "dead", "dying"),
    ("murder", "homicide"),
    ("arrest", "apprehend", "detain", "detention"),
    ("earthquake", "quake", "tremor"),
    ("injure", "injury", "wound", "injured", "wounded"),
    ("announce", "announcement"),
    ("appoint", "appointment"),
    ("elect", "election"),
    ("acquire", "acquisition", "purchase", "buy"),
    ("attack", "assault"),
    ("explode", "explosion", "blast"),
    ("crash", "collision", "collide"),
    ("rob", "robbery", "heist", "steal", "theft"),
    ("convict", "conviction"),
    ("resign", "resignation"),
    ("retire", "retirement"),
    ("win", "victory", "triumph"),
    ("lose", "loss", "defeat"),
    ("investigate", "investigation", "probe"),
    ("evacuate", "evacuation"),
    ("nominate", "nomination"),
    ("perform", "performance"),
    ("release", "releasing"),
    ("dismiss", "dismissal", "sack", "oust", "ouster"),
    ("hire", "hiring"),
    ("sign", "signing"),
    ("trade", "trading"),
    ("strike", "striking"),
    ("protest", "demonstration"),
    ("capture", "seize", "seizure"),
    ("rescue", "save"),
    ("discover", "discovery"),
    ("sentence", "sentencing"),
    ("marry", "marriage", "wedding", "wed"),
    ("divorce", "split"),
    ("found", "founding"),
    ("introduce", "introduction", "unveil"),
    ("merge", "merger"),
    ("fall", "plunge"),
    ("treat", "treatment"),
    ("visit", "trip"),
    ("meet", "meeting"),
    ("speak", "speech"),
    ("fight", "battle", "clash"),
    ("flee", "escape"),
)


def base(word: str) -> str:
    """An inflection-free key: what a lemmatiser missed ("checks", "shooting" as a noun,
    "dies") meets the lemma; a final "e" is dropped so "driving" meets "drive"."""
    word = word.lower().strip()
    if len(word) == 4 and word.endswith("ies"):
        return word[:-2]  # "dies", "lies", "ties"
    return stem(word).removesuffix("e") or word


@functools.cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for words in FAMILIES:
        for word in words:
            index.setdefault(base(word), words[0])
    return index


@functools.lru_cache(maxsize=65536)
def family(lemma: str) -> str:
    """The family name of a head lemma: its family's first word, or its inflection-free key."""
    key = base(lemma)
    return _index().get(key, key)
