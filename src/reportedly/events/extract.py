"""From a parsed ``Doc`` and the earlier stages' records to ``Event`` records.

Per trigger (``triggers``): its category and mode (the pattern's, else from the words around
it or from the folded-in complement), actors and recipients (``actors``) tied to the
document's entities, the time and place of its clause, the innermost claim whose content holds
it, its modality (``modality``) and a confidence. A hypothetical use of force inside
someone's claim ("Russia has the right to use nuclear weapons if necessary") is that
speaker's THREATEN, as the manual folds THREATEN = ASSAULT + hypothetical (section 2.3).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.tokens import Doc, Token

from reportedly.events.actors import PEOPLE, content_recipients, participants
from reportedly.events.lexicon import Lexicon, lexicon
from reportedly.events.modality import governors, modality_of
from reportedly.events.triggers import FOLDING, Trigger, complement_heads, find_triggers
from reportedly.model import Claim, Entity, Event, EventActor, Place, Span, TimeExpression
from reportedly.ranges import RangeIndex

_PLACE_PREPS = frozenset(
    {"in", "at", "near", "outside", "across", "inside", "into", "throughout", "around", "on"}
)
_MAX_CONTEXTS = 3
_CONVERTED = {"ASSAULT": "violence", "COERCE": "restrict", "MOBILIZE": "violence"}
#: What an AGREE trigger may promise that makes it a threat ("vowed to strike"): force and
#: coercion, not a protest postponed or exercises held.
_CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION"})
#: Categories whose recipient, when no one is named, is the place it happens to ("the
#: curfew in Abidjan"): the coding the PLOVER gold records follow for cities and countries.
_AT_A_PLACE = frozenset(
    {"COERCE", "SANCTION", "THREATEN", "ASSAULT", "AID", "CONCEDE", "RETREAT", "MOBILIZE"}
    | {"AGREE"}
)
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "him", "her", "them"})


class _Mentions(RangeIndex[Any]):
    """Which record a character offset falls in, or a phrase holds (``ranges.RangeIndex``)."""

    def at(self, offset: int) -> tuple[int, int, Any] | None:
        """The record whose span holds ``offset`` (of nested ones, the latest to start)."""
        holding = self.covering(offset, offset + 1)
        return max(holding, key=lambda span: span[0]) if holding else None

    def within(self, start: int, end: int) -> tuple[int, int, Any] | None:
        """Of the spans inside ``[start, end)``, the one ending last (a phrase's head name)."""
        inside = [s for s in self.overlapping(start, end) if start <= s[0] and s[1] <= end]
        return max(inside, key=lambda span: span[1]) if inside else None


def find_events(
    doc: Doc, store: dict[str, list[Any]], published: date | None = None
) -> list[Event]:
    """The events of ``doc``, in text order, ids ``ev1``, ``ev2``, ..."""
    lex = lexicon()
    entities: list[Entity] = store.get("entities", [])
    places: list[Place] = store.get("places", [])
    claims: list[Claim] = store.get("claims", [])
    times: list[TimeExpression] = store.get("times", [])
    context = _Context(
        doc,
        lex,
        _Mentions([(m.span.start, m.span.end, e) for e in entities for m in e.mentions]),
        _Mentions([(m.start, m.end, p) for p in places for m in p.mentions]),
        RangeIndex((piece.start, piece.end, c) for c in claims for piece in c.content),
        _Mentions([(t.span.start, t.span.end, t) for t in times]),
        published,
    )
    triggers = find_triggers(doc, lex)
    context.heads = frozenset(trigger.head.i for trigger in triggers)
    cue_tokens = {
        claim.id: [
            token.i
            for cue in claim.cues
            for token in (doc.char_span(cue.start, cue.end, alignment_mode="expand") or ())
        ]
        for claim in claims
    }
    context.all_cues = frozenset(i for tokens in cue_tokens.values() for i in tokens)
    context.cues = frozenset(  # "Putin intends to": he acts, so his verb is no reporter's
        i
        for claim in claims
        if claim.stance not in ("intention", "threat")
        for i in cue_tokens[claim.id]
    )
    events = [context.event(trigger) for trigger in triggers]
    for number, event in enumerate(events, start=1):
        event.id = f"ev{number}"
    return events


class _Context:
    def __init__(
        self,
        doc: Doc,
        lex: Lexicon,
        entities: _Mentions,
        places: _Mentions,
        claims: RangeIndex[Claim],
        times: _Mentions,
        published: date | None,
    ) -> None:
        self.doc, self.lex, self.text = doc, lex, doc.text
        self.entities, self.places, self.claims, self.times = entities, places, claims, times
        self.published = published
        self.heads: frozenset[int] = frozenset()  # every trigger's head token
        self.all_cues: frozenset[int] = frozenset()  # every attribution cue's tokens
        self.cues: frozenset[int] = frozenset()  # those of cues that report, not intend

    def event(self, trigger: Trigger) -> Event:
        pattern = trigger.pattern
        head = trigger.head
        tokens = list(trigger.tokens)
        complement = trigger.folded[0].head if trigger.folded else None
        if complement is not None and complement.dep_ == "xcomp" and complement.head.i == head.i:
            tokens.append(complement)  # "threatened to stop"
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        used = {t.i for t in trigger.tokens}
        actor_tokens, recipient_tokens = participants(
            head, pattern.category, used, self.cues, pattern.reported
        )
        claim = self._claim(start, end)
        others = self.heads - {head.i}
        clause = governors(head, others)
        chain = frozenset(t.i for t in clause)
        inside = clause_tokens(clause[-1], chain)
        time = self._time(inside, head)
        category = pattern.category
        mode = pattern.mode or self._mode(trigger, inside)
        modality = modality_of(
            head, self.lex.modality, others=others, time=time, published=self.published
        )
        if category == "AGREE" and trigger.folded:
            inner = trigger.folded[0].pattern.category
            if inner in _CONFLICT:  # "prepared to impose martial law", "vowed to fight"
                category, mode = "THREATEN", self._content_mode("THREATEN", trigger)
            elif inner == "REJECT":  # "pledged to oppose the bill": a refusal to come
                category, mode = "REJECT", self._content_mode("REJECT", trigger)
        if category == "PROTEST" and pattern.pos == "VERB" and head.i in self.all_cues:
            category, mode = "ACCUSE", "disapprove"  # "a rights group protested": in words
        if (
            category in _CONVERTED
            and modality == "hypothetical"
            and claim is not None
            and claim.stance in ("assertion", "threat")
        ):
            category, mode, modality = "THREATEN", _CONVERTED[category], "asserted"
        actors = self._actors(actor_tokens)
        folding = pattern.category in FOLDING
        recipient_tokens = [t for t in recipient_tokens if self._participant(t, folding)]
        if folding and not recipient_tokens:
            folded = {t.head.i: t.pattern.category for t in trigger.folded}
            recipient_tokens = content_recipients(
                head,
                pattern.category,
                [(c, folded.get(c.i, "")) for c in complement_heads(trigger)]
                + [(t.head, t.pattern.category) for t in trigger.folded],
                self.cues,
            )
            recipient_tokens = [t for t in recipient_tokens if self._participant(t, True)]
        recipients = self._actors(recipient_tokens)
        if not recipients and category in _AT_A_PLACE:
            recipients = self._actors(self._locative(inside))
        taken = used | {t.i for t in actor_tokens} | {t.i for t in recipient_tokens}
        confidence = 0.45 if pattern.weak else 0.7
        confidence += 0.15 if actors else 0.0
        confidence -= 0.1 if pattern.pos == "NOUN" else 0.0
        return Event(
            id="",
            trigger=Span.of(self.text, start, end),
            type=category,  # type: ignore[arg-type]
            mode=mode,
            context=self._contexts(trigger, inside),
            modality=modality,  # type: ignore[arg-type]
            actors=actors,
            recipients=recipients,
            time_id=None if time is None else time.id,
            place_id=self._place(inside, head, taken, actors + recipients),
            claim_id=None if claim is None else claim.id,
            confidence=round(min(confidence, 0.95), 2),
        )

    # --- what the trigger's words say -------------------------------------------------------

    def _mode(self, trigger: Trigger, inside: list[Token]) -> str | None:
        category = trigger.pattern.category
        if category in self.lex.content:
            return self._content_mode(category, trigger)
        instruments = self.lex.instruments.get(category)
        if instruments:
            words = {t.lemma_.lower() for t in inside}
            for mode, cues in instruments:
                if words & cues:
                    return mode
        return None

    def _content_mode(self, category: str, trigger: Trigger) -> str | None:
        """THREATEN/REQUEST/REJECT: the mode from what the act is about."""
        content = self.lex.content[category]
        inside = [t for c in _content_tokens(trigger) for t in c.subtree]
        lemmas = [t.lemma_.lower() for t in inside]
        decisive = next((w for w in content.first if w in lemmas), None)
        if decisive is not None:
            return content.words[decisive]
        for inner in trigger.folded:
            named = content.categories.get(inner.pattern.category)
            word = content.words.get(inner.head.lemma_.lower())
            if word or named:
                return word or named
        for lemma in lemmas:
            if lemma in content.words:
                return content.words[lemma]
        return content.default

    def _contexts(self, trigger: Trigger, inside: list[Token]) -> list[str]:
        found = list(trigger.pattern.contexts)
        words = {t.lemma_.lower() for t in inside} | {trigger.head.lemma_.lower()}
        for name, cues in self.lex.contexts:
            if words & cues and name not in found:
                found.append(name)
        return found[:_MAX_CONTEXTS]

    # --- links to the other stages' records --------------------------------------------------

    def _claim(self, start: int, end: int) -> Claim | None:
        """The innermost claim whose content holds the trigger and that reports it: an
        intention or threat ("Putin intends to ...") is the actor's own, which the modality
        says, so the claim around it is the one that reports the event."""
        holders = sorted(
            ((b - a, i, c) for i, (a, b, c) in enumerate(self.claims.covering(start, end))),
            key=lambda h: (h[0], h[1]),
        )
        for _, _, claim in holders:
            if claim.stance not in ("intention", "threat"):
                return claim
        return None

    def _actors(self, tokens: list[Token]) -> list[EventActor]:
        actors: list[EventActor] = []
        seen: set[str] = set()
        for token in tokens:
            actor = self._actor(token)
            key = actor.entity_id or actor.span.text.lower()
            if key not in seen:
                seen.add(key)
                actors.append(actor)
        return actors

    def _locative(self, inside: list[Token]) -> list[Token]:
        """Named places the clause puts its event in or takes it from ("in Abidjan")."""
        return [
            token
            for token in inside
            if token.dep_ == "pobj"
            and token.head.lower_ in _PLACE_PREPS | {"from"}
            and self.places.at(token.idx) is not None
        ][:1]

    def _participant(self, token: Token, folding: bool = False) -> bool:
        """Not a date ("on Tuesday"); after "to", a named or referring word ("to the bitter
        end" is no recipient); the object of a demand, refusal or promise only when it is
        someone ("rejected the calls" names what, not whom)."""
        if token.ent_type_ in ("DATE", "TIME") or self.times.at(token.idx) is not None:
            return False
        if folding and token.dep_ in ("dobj", "nsubjpass"):
            return (
                self.entities.at(token.idx) is not None
                or token.pos_ in ("PROPN", "PRON")
                or token.lemma_.lower() in PEOPLE
            )
        if token.head.lower_ == "to" and token.dep_ == "pobj":
            named = any(self.entities.at(t.idx) is not None for t in token.lefts)
            return (
                named
                or self.entities.at(token.idx) is not None
                or token.pos_ in ("PROPN", "PRON")
                or token.tag_ == "NNS"  # "to Albanian rebels", not "to the bitter end"
            )
        return True

    def _actor(self, token: Token) -> EventActor:
        mention = self.entities.at(token.idx)
        if mention is not None:
            start, end, entity = mention
            return EventActor(
                span=Span.of(self.text, start, end), name=entity.canonical, entity_id=entity.id
            )
        if token.lower_ in _PRONOUNS:
            speaker = _reporting_subject(token)
            if speaker is not None:  # "Nigeria announced that it will ...": Nigeria
                return self._actor(speaker)
        start, end = _phrase(token)
        inside = self.entities.within(start, end)
        if inside is not None and inside[1] == end:  # "President of Belarus Alexander
            # Lukashenko" is the person; "Afghan guerillas" are not Afghanistan
            mention_start, mention_end, entity = inside
            return EventActor(
                span=Span.of(self.text, mention_start, mention_end),
                name=entity.canonical,
                entity_id=entity.id,
            )
        return EventActor(span=Span.of(self.text, start, end), name=self.text[start:end])

    def _time(self, inside: list[Token], head: Token) -> TimeExpression | None:
        best: tuple[int, TimeExpression] | None = None
        for token in inside:
            found = self.times.at(token.idx)
            if found is not None:
                distance = abs(token.i - head.i)
                if best is None or distance < best[0]:
                    best = (distance, found[2])
        return None if best is None else best[1]

    def _place(
        self, inside: list[Token], head: Token, skip: set[int], actors: list[EventActor]
    ) -> str | None:
        """The place the clause says it happened in ("in Kharkiv"), not a participant's."""
        taken = [(a.span.start, a.span.end) for a in actors]
        best: tuple[int, str] | None = None
        for token in inside:
            if token.i in skip:
                continue
            if any(start <= token.idx < end for start, end in taken):
                continue
            found = self.places.at(token.idx)
            if found is None:
                continue
            locative = token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPS
            modifier = token.head.i == head.i and token.dep_ in ("compound", "amod")
            if locative or modifier:
                distance = abs(token.i - head.i)
                if best is None or distance < best[0]:
                    best = (distance, found[2].id)
        return None if best is None else best[1]


def _reporting_subject(pronoun: Token) -> Token | None:
    """The subject of the verb that reports the pronoun's clause, when it is no pronoun."""
    clause = pronoun.head
    while clause.dep_ in ("xcomp", "conj", "aux") and clause.head.i != clause.i:
        clause = clause.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
        return None
    subjects = [c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and subjects[0].lower_ not in _PRONOUNS and subjects[0].pos_ != "PRON":
        return subjects[0]
    return None


def _content_tokens(trigger: Trigger) -> list[Token]:
    """The words an act is about: its folded triggers, else what hangs on its head."""
    if trigger.folded:
        return [inner.head for inner in trigger.folded]
    own = {t.i for t in trigger.tokens}
    return [c for c in trigger.head.children if c.i not in own and c.dep_ != "nsubj"]


_OWN_CLAUSE = frozenset({"ccomp", "advcl", "relcl", "parataxis", "appos"})


def clause_tokens(clause_head: Token, chain: frozenset[int]) -> list[Token]:
    """The words of the clause under ``clause_head``, in one walk: not those of a clause or
    aside of their own (a that-clause, an adverbial clause, an apposition), nor of a conjunct
    off the trigger's own ``chain``."""
    found: list[Token] = []
    stack = [clause_head]
    while stack:
        token = stack.pop()
        found.append(token)
        stack.extend(
            child
            for child in token.children
            if child.dep_ not in _OWN_CLAUSE and (child.dep_ != "conj" or child.i in chain)
        )
    return sorted(found, key=lambda t: t.i)


def _phrase(token: Token) -> tuple[int, int]:
    """The noun phrase a participant token heads, without determiners and clauses."""
    left = [
        c
        for c in token.lefts
        if c.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "quantmod")
    ]
    first = min([token, *[t for c in left for t in c.subtree]], key=lambda t: t.i)
    end = token.idx + len(token.text)
    for child in token.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of"):
            end = max(end, max(t.idx + len(t.text) for t in child.subtree))
    return first.idx, end
