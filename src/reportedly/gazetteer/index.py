"""The gazetteer's in-memory index: parallel arrays, one slot per place, and a name map."""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
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
    """Parallel arrays (one slot per place) plus a name -> place indices map."""

    gid: array[int] = field(default_factory=lambda: array("q"))
    name: list[str] = field(default_factory=list)
    feature: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    iso: list[str] = field(default_factory=list)
    lat: list[float | None] = field(default_factory=list)
    lon: list[float | None] = field(default_factory=list)
    population: array[int] = field(default_factory=lambda: array("q"))
    members: list[tuple[str, ...]] = field(default_factory=list)
    index: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    by_iso: dict[str, int] = field(default_factory=dict)
    by_gid: dict[int, int] = field(default_factory=dict)
    capitals: frozenset[int] = frozenset()

    def lookup(self, name: str) -> tuple[int, ...]:
        found = self.index.get(normalize(name), ())
        return (found,) if isinstance(found, int) else found

    def __len__(self) -> int:
        return len(self.gid)
