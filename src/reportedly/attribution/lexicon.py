"""The word lists the rules read, loaded once from ``data/lexicons/attribution*``."""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from reportedly.model import Stance


@dataclass(frozen=True)
class CueVerb:
    """One cue lemma: its stance and which complements carry its content."""

    lemma: str
    stance: Stance
    frames: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, CueVerb]
    words: dict[str, Any]
    nouns: dict[tuple[str, str], Stance] = field(default_factory=dict)
    """Noun cues: (lemma, frame) -> stance, frame being a preposition, "that" or "to"."""
    _sets: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def set(self, key: str) -> frozenset[str]:
        """The lower-cased word list ``key`` (built once: the rules ask for it per token)."""
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(w.lower() for w in self.words[key])
        return found

    @functools.cached_property
    def outlets(self) -> frozenset[str]:
        return self.set("outlets")


def _data(name: str) -> str:
    return (resources.files("reportedly") / "data" / "lexicons" / name).read_text("utf-8")


def _rows(name: str) -> csv.DictReader[str]:
    lines = (line for line in _data(name).splitlines() if not line.startswith("#"))
    return csv.DictReader(lines, delimiter="\t")


@functools.cache
def lexicon() -> Lexicon:
    """The attribution lexicon (``attribution.json`` + ``attribution_cues.tsv`` +
    ``attribution_noun_cues.tsv``)."""
    cues: dict[str, CueVerb] = {}
    for row in _rows("attribution_cues.tsv"):
        both = f"{row['frames']},{row.get('derived') or ''}"
        frames = frozenset(f for f in both.split(",") if f)
        cues[row["lemma"]] = CueVerb(row["lemma"], row["stance"], frames)  # type: ignore[arg-type]
    nouns = {(r["lemma"], r["frame"]): r["stance"] for r in _rows("attribution_noun_cues.tsv")}
    return Lexicon(cues, json.loads(_data("attribution.json")), nouns)  # type: ignore[arg-type]
