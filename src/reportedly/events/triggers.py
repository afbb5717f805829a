"""Finding triggers in a parsed ``Doc``: which tokens name an event, and which pattern."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from reportedly.events.lexicon import Lexicon, Pattern

#: Dependency labels of a verb's object, or of the subject of its passive.
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"})
#: Categories whose complement is the content of the act: "threatened to stop transit" is one
#: THREATEN (its mode from "stop"), not a THREATEN and a SANCTION.
FOLDING = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"})
_POS = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}


@dataclass
class Trigger:
    """A matched trigger: its head token, the pattern, the tokens it spans."""

    head: Token
    pattern: Pattern
    tokens: list[Token]  # head, particle, object: the span is their extent
    folded: list[Trigger]

    @property
    def start(self) -> int:
        return min(token.idx for token in self.tokens)

    @property
    def end(self) -> int:
        return max(token.idx + len(token.text) for token in self.tokens)


def _objects(token: Token, pattern: Pattern) -> list[Token]:
    if pattern.prep is not None:
        return [
            grandchild
            for child in token.children
            if child.dep_ in ("prep", "agent") and child.lower_ == pattern.prep
            for grandchild in child.children
            if grandchild.dep_ in ("pobj", "pcomp")
        ]
    return [child for child in token.children if child.dep_ in OBJECT_DEPS]


def _match(token: Token, pattern: Pattern) -> list[Token] | None:
    """The extra tokens ``pattern`` needs on ``token``, or None when it does not match."""
    extra: list[Token] = []
    words = pattern.words
    if len(words) > 1:
        before = [t.lemma_.lower() for t in token.doc[max(0, token.i - len(words) + 1) : token.i]]
        if before != list(words[:-1]):
            return None
        extra.extend(token.doc[token.i - len(words) + 1 : token.i])
    if pattern.particle is not None:
        particles = [c for c in token.children if c.dep_ == "prt" and c.lower_ == pattern.particle]
        if not particles:
            return None
        extra.extend(particles)
    if pattern.prep is not None:
        preps = [
            c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ == pattern.prep
        ]
        if not preps:
            return None
        if not pattern.objects:
            extra.extend(preps)
    if pattern.objects:
        objects = [o for o in _objects(token, pattern) if o.lemma_.lower() in pattern.objects]
        if not objects:
            return None
        extra.append(objects[0])
    return extra


def find_triggers(doc: Doc, lexicon: Lexicon) -> list[Trigger]:
    """Every trigger in ``doc``, most specific pattern per token, folded complements inside
    the trigger that holds them."""
    found: dict[int, Trigger] = {}
    consumed: set[int] = set()
    for token in doc:
        pos = _POS.get(token.pos_)
        if pos is None or (pos == "VERB" and token.dep_ == "amod"):
            continue  # "the occupied regions" names a state, not an event
        for pattern in lexicon.candidates(pos, token.lemma_.lower()):
            extra = _match(token, pattern)
            if extra is not None:
                found[token.i] = Trigger(token, pattern, [token, *extra], [])
                consumed.update(t.i for t in extra)
                break
    triggers = [trigger for i, trigger in sorted(found.items()) if i not in consumed]
    return _fold(triggers)


def _complement_heads(trigger: Trigger) -> list[Token]:
    head = trigger.head
    heads = [c for c in head.children if c.dep_ in ("xcomp", "ccomp", "acl", "advcl", "relcl")]
    heads = [c for c in heads if c.dep_ != "advcl" or c.tag_ in ("VB", "TO")]
    if head.pos_ in ("NOUN", "PROPN") or trigger.pattern.prep is not None:
        heads += [
            grandchild
            for child in head.children
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "to", "on", "against")
            for grandchild in child.children
            if grandchild.dep_ in ("pobj", "pcomp")
        ]
    heads += [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
    return [h for h in heads if h.i not in {t.i for t in trigger.tokens}]


def _fold(triggers: list[Trigger]) -> list[Trigger]:
    """Put each trigger inside the complement of a folding trigger into that trigger."""
    by_token = {trigger.head.i: trigger for trigger in triggers}
    folded: set[int] = set()
    for trigger in triggers:
        if trigger.pattern.category not in FOLDING or trigger.head.i in folded:
            continue
        for complement in _complement_heads(trigger):
            for token in complement.subtree:
                inner = by_token.get(token.i)
                if inner is not None and inner is not trigger and token.i not in folded:
                    trigger.folded.append(inner)
                    folded.add(token.i)
        trigger.folded.sort(key=lambda t: t.head.i)
    return [trigger for trigger in triggers if trigger.head.i not in folded]
