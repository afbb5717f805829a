"""The word lists the rules read, loaded once from ``data/lexicons/attribution*``."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from reportedly import resources
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


#: The shape of ``attribution.json``: the word lists the rules read, and the pronoun table.
WORDS_SCHEMA: resources.Schema = {
    **dict.fromkeys(
        (
            "according_to",
            "chain_links",
            "statement_nouns",
            "anonymous_heads",
            "anonymous_markers",
            "document_heads",
            "government_heads",
            "outlets",
            "outlet_nouns",
            "person_titles",
            "male_words",
            "female_words",
            "back_reference_nouns",
            "cue_statement_nouns",
            "cue_prepositions",
            "object_infinitive_cues",
            "manner_nouns",
            "headline_cues",
            "light_verbs",
            "cue_adverbs",
            "not_speakers",
        ),
        list,
    ),
    "pronouns": dict,
}


@functools.cache
def lexicon() -> Lexicon:
    """The attribution lexicon (``attribution.json`` + ``attribution_cues.tsv`` +
    ``attribution_noun_cues.tsv``)."""
    cues: dict[str, CueVerb] = {}
    verb_rows = resources.load_table(
        "lexicons/attribution_cues.tsv", ("lemma", "stance", "frames", "derived")
    )
    for row in verb_rows:
        both = f"{row['frames']},{row.get('derived') or ''}"
        frames = frozenset(f for f in both.split(",") if f)
        cues[row["lemma"]] = CueVerb(row["lemma"], row["stance"], frames)  # type: ignore[arg-type]
    noun_rows = resources.load_table(
        "lexicons/attribution_noun_cues.tsv", ("lemma", "frame", "stance")
    )
    nouns = {(r["lemma"], r["frame"]): r["stance"] for r in noun_rows}
    words = resources.load_json("lexicons/attribution.json", WORDS_SCHEMA)
    return Lexicon(cues, words, nouns)  # type: ignore[arg-type]
