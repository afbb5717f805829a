"""Finding triggers in a parsed ``Doc``: which tokens name an event, and which pattern."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from reportedly.events.lexicon import Lexicon, Pattern

#: Dependency labels of a verb's object, or of the subject of its passive.
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"})
#: Categories whose complement is the content of the act: "threatened to stop transit" is one
#: THREATEN (its mode from "stop"), not a THREATEN and a SANCTION.
FOLDING = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE", "CONCEDE"})
#: A protest folds in only what it demands or denounces (manual 3.12.2: the topic of a
#: protest is not coded apart), not the events that set it off.
PROTEST_FOLDS = frozenset({"REQUEST", "ACCUSE"})
#: Nominal uses of a participle ("the wounded", "the detained") name people, not events.
_NOMINAL = frozenset({"dobj", "nsubj", "nsubjpass", "pobj"})
_PARTITIVE = frozenset({"part", "some", "all", "most", "much", "portion", "half", "rest"})
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
    objects = [child for child in token.children if child.dep_ in OBJECT_DEPS]
    return objects + [  # "suspended part of a military aid program": the program
        pobj
        for obj in objects
        if obj.lemma_.lower() in _PARTITIVE
        for prep in obj.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


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
    if pattern.modifiers and not any(
        c.dep_ in ("amod", "compound", "poss", "nmod") and c.lemma_.lower() in pattern.modifiers
        for c in token.children
    ):
        return None
    if pattern.objects:
        objects = [o for o in _objects(token, pattern) if o.lemma_.lower() in pattern.objects]
        if not objects:
            return None
        extra.append(objects[0])
        extra.extend(c for c in objects[0].children if c.dep_ == "compound")
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
        if pos == "VERB" and token.tag_ == "VBN" and token.dep_ in _NOMINAL:
            continue
        for pattern in lexicon.candidates(pos, token.lemma_.lower()):
            extra = _match(token, pattern)
            if extra is not None:
                found[token.i] = Trigger(token, pattern, [token, *extra], [])
                consumed.update(t.i for t in extra)
                break
    for token in doc:
        if _demand(token, lexicon):
            inner = found.pop(token.i, None)
            auxiliaries = [
                c for c in token.children if c.lemma_.lower() in lexicon.demand_auxiliaries
            ]
            found[token.i] = Trigger(token, _DEMAND, [*auxiliaries, token], [])
            if inner is not None:
                found[token.i].folded.append(inner)
    triggers = [trigger for i, trigger in sorted(found.items()) if i not in consumed]
    return _fold(triggers)


_DEMAND = Pattern(
    "REQUEST", ("must",), "VERB", None, None, frozenset(), frozenset(), None, (), False, True
)


def _demand(token: Token, lexicon: Lexicon) -> bool:
    """A verb with a demand auxiliary in a clause that someone reports ("said Y must go")."""
    if token.dep_ not in ("ccomp", "acl") or token.head.pos_ not in ("VERB", "NOUN"):
        return False
    return any(
        c.dep_ == "aux" and c.lemma_.lower() in lexicon.demand_auxiliaries for c in token.children
    )


def complement_heads(trigger: Trigger) -> list[Token]:
    """Where the content of a folding trigger is: its clauses ("threatened to stop"), its
    object's ("reached a consensus to exchange"), and for a noun the clause of the verb that
    has it as object ("reiterated its demand that Israel ease ...")."""
    head = trigger.head
    own = {t.i for t in trigger.tokens}
    holders = [head, *(t for t in trigger.tokens if t.i != head.i)]
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "dobj":
        holders.append(head.head)
    heads = [
        c
        for holder in holders
        for c in holder.children
        if c.dep_ in ("xcomp", "ccomp", "acl", "relcl")
        or (c.dep_ == "advcl" and c.tag_ in ("VB", "TO"))
    ]
    if head.pos_ in ("NOUN", "PROPN") or trigger.pattern.prep is not None:
        heads += [
            grandchild
            for child in head.children
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "to", "on", "against")
            for grandchild in child.children
            if grandchild.dep_ in ("pobj", "pcomp")
        ]
    return [h for h in heads if h.i not in own]


def _fold(triggers: list[Trigger]) -> list[Trigger]:
    """Put each trigger inside the complement of a folding trigger into that trigger."""
    by_token = {trigger.head.i: trigger for trigger in triggers}
    folded: set[int] = set()
    for trigger in triggers:
        category = trigger.pattern.category
        if (category not in FOLDING and category != "PROTEST") or trigger.head.i in folded:
            continue
        for complement in complement_heads(trigger):
            for token in complement.subtree:
                inner = by_token.get(token.i)
                if inner is None or inner is trigger or token.i in folded:
                    continue
                if category == "PROTEST" and inner.pattern.category not in PROTEST_FOLDS:
                    continue
                trigger.folded.append(inner)
                folded.add(token.i)
        trigger.folded.sort(key=lambda t: t.head.i)
    return [trigger for trigger in triggers if trigger.head.i not in folded]
