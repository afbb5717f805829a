"""The gazetteer's index: parallel columns, one slot per place, and a name map.

``sources.build`` fills it with lists and a dict; ``packed.read`` gives the same columns as
views over a memory-mapped file. Readers only index the columns and call ``lookup``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

_PUNCT = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Fold case, accents, apostrophes and punctuation: 'Odesa', 'ODESA', 'Odésa' are one key."""
    text = unicodedata.normalize("NFKD", name.replace("’", "").replace("'", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCT.sub(" ", text)
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


@dataclass
class Gazetteer:
    """Parallel columns (one slot per place) plus a name -> place indices map."""

    gid: Sequence[int] = field(default_factory=lambda: array("q"))
    name: Sequence[str] = field(default_factory=list)
    feature: Sequence[str] = field(default_factory=list)
    cc: Sequence[str] = field(default_factory=list)
    admin1: Sequence[str] = field(default_factory=list)
    iso: Sequence[str] = field(default_factory=list)
    lat: Sequence[float | None] = field(default_factory=list)
    lon: Sequence[float | None] = field(default_factory=list)
    population: Sequence[int] = field(default_factory=lambda: array("q"))
    members: Sequence[tuple[str, ...]] = field(default_factory=list)
    index: Mapping[str, int | tuple[int, ...]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    by_iso: dict[str, int] = field(default_factory=dict)
    capitals: frozenset[int] = frozenset()

    def lookup(self, name: str) -> tuple[int, ...]:
        found = self.index.get(normalize(name), ())
        return (found,) if isinstance(found, int) else found

    def __len__(self) -> int:
        return len(self.gid)
