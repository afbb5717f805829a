"""Finding triggers in a parsed ``Doc``: which tokens name an event, and which pattern."""

from __future__ import annotations

import re
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
        c.dep_ in ("amod", "compound", "poss", "nmod")
        and (
            c.lemma_.lower() in pattern.modifiers or ("*" in pattern.modifiers and c.dep_ == "poss")
        )
        for c in token.children
    ):
        return None  # '<*': any possessor ("Russia's threat")
    if pattern.excluded and _excluded(token, pattern.excluded):
        return None
    if pattern.clause is not None and not _has_clause(token, pattern.clause):
        return None
    if pattern.objects == _ANY:
        if not _objects(token, pattern):
            return None
    elif pattern.objects:
        objects = [o for o in _objects(token, pattern) if o.lemma_.lower() in pattern.objects]
        if not objects:
            return None
        extra.append(objects[0])
        extra.extend(c for c in objects[0].children if c.dep_ == "compound")
    return extra


_ANY = frozenset({"*"})
#: Auxiliaries of a clause that is what someone is asked or told to do.
_CLAUSE_AUXILIARIES = frozenset({"to", "must", "should", "shall"})


def _excluded(token: Token, words: frozenset[str]) -> bool:
    """One of ``words`` hangs on the trigger (its objects, subject, modifiers, the objects of
    its prepositions) or is the noun the trigger modifies ("hit a record", "press
    conference", "release dates")."""
    near = list(token.children)
    near += [g for c in token.children if c.dep_ in ("prep", "agent") for g in c.children]
    near += [  # "allowed themselves to be dragged": the subject of its clause
        g
        for c in token.children
        if c.dep_ in ("ccomp", "xcomp")
        for g in c.children
        if g.dep_ in ("nsubj", "nsubjpass")
    ]
    if token.dep_ in ("compound", "amod", "nmod") and token.head.i != token.i:
        near.append(token.head)
    return any(  # a dependency label excludes any word with it ('^dobj|ccomp')
        t.lemma_.lower() in words or t.lower_ in words or t.dep_ in words for t in near
    )


def _has_clause(token: Token, words: frozenset[str]) -> bool:
    """A clausal complement: any that holds one of ``words``, or without words a to-clause or
    a must-clause ("asked Russia to withdraw", "insisted that talks must resume")."""
    clauses = [c for c in token.children if c.dep_ in ("xcomp", "ccomp", "acl")]
    if words:
        return any(t.lemma_.lower() in words for c in clauses for t in c.subtree)
    return any(
        (c.dep_ == "xcomp" and token.pos_ == "VERB")
        or any(a.dep_ in ("aux", "mark") and a.lower_ in _CLAUSE_AUXILIARIES for a in c.children)
        for c in clauses
    )


def _no_event(token: Token, lexicon: Lexicon, sports: set[int], sentence: list[int]) -> bool:
    """A word in a name or date ("March 16", "Visit Ukraine"), a noun modifying a noun that is
    no act ("strike missiles", "meeting points"), or a word of a sports report."""
    if token.ent_type_ in lexicon.not_events:
        return True
    if sentence[token.i] in sports:
        return True
    return (
        bool(lexicon.containers)
        and token.pos_ in ("NOUN", "PROPN")
        and token.dep_ in ("compound", "nmod")
        and token.head.i != token.i
        and token.head.pos_ in ("NOUN", "PROPN")
        and token.head.lemma_.lower() not in lexicon.containers
    )


_SCORE = re.compile(r"^\d{1,2}-\d{1,2}$")
_GOALS = re.compile(r"^\d{1,2}$")


def _is_score(doc: Doc, token: Token) -> bool:
    """A score, "2-0" as one token or three, not followed by a noun ("10-15 people")."""
    if _SCORE.match(token.text):
        end = token.i + 1
    elif (
        _GOALS.match(token.text)
        and token.i + 2 < len(doc)
        and doc[token.i + 1].text == "-"
        and _GOALS.match(doc[token.i + 2].text)
        and token.whitespace_ == ""
        and doc[token.i + 1].whitespace_ == ""
    ):
        end = token.i + 3
    else:
        return False
    return end == len(doc) or doc[end].pos_ not in ("NOUN", "ADJ", "NUM", "PROPN")


def sentence_starts(doc: Doc) -> list[int]:
    """The start of each token's sentence, computed once (``Token.sent`` walks the parse on
    every call)."""
    starts = [0] * len(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            starts[i] = sent.start
    return starts


def _sports_sentences(doc: Doc, lexicon: Lexicon, sentence: list[int]) -> set[int]:
    """The starts of the sentences that report a game: a sports word or a score ("won 2-0",
    not "10-15 people"), and every sentence of a document with three sports words."""
    if not lexicon.sports:
        return set()
    found: set[int] = set()
    words = 0
    for token in doc:
        if token.lemma_.lower() in lexicon.sports:
            found.add(sentence[token.i])
            words += 1
        elif token.text[:1].isdigit() and _is_score(doc, token):
            found.add(sentence[token.i])
    if words >= _SPORTS_DOCUMENT:
        return set(sentence)
    return found


_SPORTS_DOCUMENT = 3


def find_triggers(doc: Doc, lexicon: Lexicon) -> list[Trigger]:
    """Every trigger in ``doc``, most specific pattern per token, folded complements inside
    the trigger that holds them."""
    found: dict[int, Trigger] = {}
    consumed: set[int] = set()
    sentence = sentence_starts(doc)
    sports = _sports_sentences(doc, lexicon, sentence)
    for token in doc:
        pos = _POS.get(token.pos_)
        if pos is None or (pos == "VERB" and token.dep_ == "amod"):
            continue  # "the occupied regions" names a state, not an event
        candidates = lexicon.candidates(pos, token.lemma_.lower())
        if not candidates or _no_event(token, lexicon, sports, sentence):
            continue
        if pos == "VERB" and token.tag_ == "VBN" and token.dep_ in _NOMINAL:
            continue
        for pattern in candidates:
            extra = _match(token, pattern)
            if extra is not None:
                found[token.i] = Trigger(token, pattern, [token, *extra], [])
                consumed.update(t.i for t in extra)
                break
    for token in doc:
        if sentence[token.i] not in sports and _demand(token, lexicon):
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
    if _own_duty(token):
        return False
    return any(
        c.dep_ == "aux" and c.lemma_.lower() in lexicon.demand_auxiliaries for c in token.children
    )


def _own_duty(token: Token) -> bool:
    """A duty the speakers put on themselves, not a demand of anyone else: "we must be
    prepared", "Ukrainians feel that they must fight"."""
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    subject = subjects[0].lower_
    if subject in ("i", "we"):
        return True
    speakers = [c for c in token.head.children if c.dep_ == "nsubj"]
    if not speakers:
        return False
    if subject == "they":  # "Ukrainians feel that they must fight"
        return speakers[0].tag_ in ("NNS", "NNPS")
    return subject in ("he", "she") and speakers[0].tag_ in ("NNP", "NN")


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
