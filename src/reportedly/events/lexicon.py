"""The event lexicon: trigger patterns, mode words, modality cues and context words.

All of it is data in ``data/events/`` (see each file's ``about``), read once per process
through ``reportedly.resources`` and compiled here into lookups keyed by lemma.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

from reportedly.resources import ResourceError, load_json
from reportedly.vocabulary import EventCategory

#: The 16 categories of the current manual, in its order (chapter 3).
CATEGORIES: tuple[str, ...] = get_args(EventCategory)

_PATTERN = re.compile(
    r"^(?P<lemma>[a-z][a-z' -]*?)(?:~(?P<particle>[a-z]+))?(?:@(?P<prep>[a-z]+))?"
    r"(?:>(?P<objects>[a-z|*-]+))?(?:<(?P<modifiers>[a-z0-9|*-]+))?"
    r"(?:\^(?P<excluded>[a-z0-9|-]+))?(?:(?P<clause>\+)(?P<clause_words>[a-z|-]*))?$"
)
_POS = {"n": "NOUN", "a": "ADJ"}


@dataclass(frozen=True)
class Pattern:
    """One trigger: a lemma with what must hang on it, and what it codes."""

    category: str
    words: tuple[str, ...]  # the lemma's words; the last one is the head token
    pos: str  # VERB, NOUN or ADJ
    particle: str | None
    prep: str | None
    objects: frozenset[str]
    modifiers: frozenset[str]
    mode: str | None
    contexts: tuple[str, ...]
    weak: bool
    reported: bool = False  # a demand told as "X said Y must ...": X acts on Y
    #: Words that must not hang on the trigger ("hit a record", "a press conference").
    excluded: frozenset[str] = frozenset()
    #: None: no clause needed; empty: a to-clause or a must-clause ("asked Russia to go");
    #: words: a clausal complement holding one of them ("warned of a strong response").
    clause: frozenset[str] | None = None

    @property
    def specificity(self) -> int:
        named = 2 * bool(self.objects) + 2 * bool(self.modifiers) + 3 * (len(self.words) - 1)
        if self.clause is not None:
            named += 2 if self.clause else 1
        return named + (self.particle is not None) + (self.prep is not None)


@dataclass(frozen=True)
class ContentModes:
    """THREATEN/REQUEST/REJECT: the mode from what the act is about."""

    categories: dict[str, str]
    words: dict[str, str]
    default: str | None
    first: tuple[str, ...]  # words that decide before any other ("stop negotiations")


@dataclass(frozen=True)
class Modality:
    negators: frozenset[str]
    negating_governors: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_governors: frozenset[str]
    future_words: frozenset[str]
    hypothetical_auxiliaries: frozenset[str]
    reported_future: frozenset[str]  # "said it would boycott": a future told in the past
    hypothetical_governors: frozenset[str]
    conditional_marks: frozenset[str]
    completion_governors: frozenset[str]
    historical_words: frozenset[str]
    historical_years: int


@dataclass(frozen=True)
class Lexicon:
    patterns: dict[tuple[str, str], tuple[Pattern, ...]]  # (pos, head lemma) -> patterns
    instruments: dict[str, tuple[tuple[str, frozenset[str]], ...]]
    content: dict[str, ContentModes]
    modality: Modality
    contexts: tuple[tuple[str, frozenset[str]], ...]
    demand_auxiliaries: frozenset[str]  # "X said Y must go": X's REQUEST of Y
    #: Sentences with one of these words tell of a game, not of politics ("the striker").
    sports: frozenset[str] = frozenset()
    #: Named-entity labels whose words name no event ("March 16", "Visit Ukraine").
    not_events: frozenset[str] = frozenset()
    #: Nouns a noun trigger may modify and still be one ("aid package", not "strike missiles").
    containers: frozenset[str] = frozenset()

    def candidates(self, pos: str, lemma: str) -> tuple[Pattern, ...]:
        return self.patterns.get((pos, lemma), ())


def parse_pattern(category: str, text: str, where: str = "data/events/triggers.json") -> Pattern:
    """One pattern string of ``triggers.json`` (syntax in that file's ``about``)."""
    body, weak = text.replace("!", ""), "!" in text
    body, *contexts = body.split("#")
    body, _, mode = body.partition("=")
    pos = "VERB"
    if len(body) > 2 and body[1] == ":" and body[0] in _POS:
        pos, body = _POS[body[0]], body[2:]
    found = _PATTERN.match(body)
    if found is None:
        raise ResourceError(
            f"{where}: {category} pattern {text!r} is not "
            "lemma~prt@prep>objects<modifiers^excluded+clause"
        )
    objects, modifiers = found["objects"], found["modifiers"]
    excluded, clause_words = found["excluded"], found["clause_words"]
    return Pattern(
        category=category,
        words=tuple(found["lemma"].split()),
        pos=pos,
        particle=found["particle"],
        prep=found["prep"],
        objects=frozenset(objects.split("|")) if objects else frozenset(),
        modifiers=frozenset(modifiers.split("|")) if modifiers else frozenset(),
        mode=mode or None,
        contexts=tuple(contexts),
        weak=weak,
        excluded=frozenset(excluded.split("|")) if excluded else frozenset(),
        clause=None
        if found["clause"] is None
        else frozenset(clause_words.split("|"))
        if clause_words
        else frozenset(),
    )


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(value) for value in values)


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon (read once per process)."""
    triggers = load_json("events/triggers.json", {"categories": dict})
    patterns: dict[tuple[str, str], list[Pattern]] = {}
    for category, entry in triggers["categories"].items():
        if category not in CATEGORIES:
            raise ResourceError(f"data/events/triggers.json: unknown category {category!r}")
        for text in entry["patterns"]:
            pattern = parse_pattern(category, text)
            patterns.setdefault((pattern.pos, pattern.words[-1]), []).append(pattern)
    modes = load_json("events/modes.json", {"instruments": dict, "content": dict})
    cues = load_json("events/modality.json", {"negators": list, "historical_years": int})
    contexts = load_json("events/contexts.json", {"contexts": dict})
    return Lexicon(
        patterns={
            key: tuple(sorted(found, key=lambda p: -p.specificity))
            for key, found in patterns.items()
        },
        instruments={
            category: tuple((mode, _words(words)) for mode, words in rows)
            for category, rows in modes["instruments"].items()
        },
        content={
            category: ContentModes(
                categories=dict(entry["categories"]),
                words=dict(entry["words"]),
                default=entry.get("default"),
                first=tuple(entry.get("first", ())),
            )
            for category, entry in modes["content"].items()
        },
        modality=Modality(
            **{
                name: _words(cues[name])
                for name in Modality.__dataclass_fields__
                if name != "historical_years"
            },
            historical_years=cues["historical_years"],
        ),
        contexts=tuple((name, _words(words)) for name, words in contexts["contexts"].items()),
        demand_auxiliaries=_words(triggers.get("demand_auxiliaries", ())),
        sports=_words(triggers.get("sports_cues", ())),
        not_events=_words(triggers.get("not_event_entities", ())),
        containers=_words(triggers.get("container_nouns", ())),
    )
