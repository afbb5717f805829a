"""Is an event said to have happened? PLOVER's auxiliary modes from the parse.

The cues (``data/events/modality.json``) are looked for on the trigger and on the words that
govern it inside its own clause: "does not intend to retreat" is a negated RETREAT, "will
register the annexation" a future one, "the right to use nuclear weapons if necessary" a
hypothetical one. A ``that``-clause (``ccomp``) or an adverbial clause is a clause of its own,
so the negation of "Putin does not intend" does not reach "Having announced the mobilization".
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from reportedly.events.lexicon import Modality
from reportedly.model import TimeExpression

#: Dependencies that keep a word in the clause of the word it hangs on.
_SAME_CLAUSE = frozenset(
    {
        "xcomp", "acomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "acl", "compound",
        "appos", "conj", "pcomp", "oprd", "dative", "npadvmod", "amod", "poss",
    }
)  # fmt: skip
_ORDER = ("negated", "hypothetical", "future", "historical")


def governors(trigger: Token, others: frozenset[int] = frozenset()) -> list[Token]:
    """The trigger and the words above it in its clause, up to (not into) another event's
    trigger in ``others``: "does not intend to retreat from his goal of seizing" negates the
    retreat, not the seizing."""
    chain = [trigger]
    token = trigger
    while token.dep_ in _SAME_CLAUSE and token.head.i != token.i:
        if token.dep_ == "acl" and token.tag_ in ("VBN", "VBG"):
            break  # "equipment seized last year": a reduced relative clause of its own
        head = token.head
        if head.i in others:
            break
        chain.append(head)
        token = head
    return chain


def _lemmas(token: Token, deps: tuple[str, ...]) -> set[str]:
    return {c.lemma_.lower() for c in token.children if c.dep_ in deps} | {
        c.lower_ for c in token.children if c.dep_ in deps
    }


def modality_of(
    trigger: Token,
    cues: Modality,
    *,
    others: frozenset[int] = frozenset(),
    time: TimeExpression | None = None,
    published: date | None = None,
) -> str:
    """One of asserted, negated, hypothetical, future, historical (precedence in that file)."""
    found: set[str] = set()
    chain = governors(trigger, others)
    for position, token in enumerate(chain):
        lemma = token.lemma_.lower()
        if _lemmas(token, ("neg",)) & cues.negators or (
            token.pos_ in ("NOUN", "PROPN") and _lemmas(token, ("det",)) & {"no"}
        ):
            found.add("negated")
        if position and lemma in cues.negating_governors:
            found.add("negated")
        auxiliaries = _lemmas(token, ("aux", "auxpass"))
        if auxiliaries & cues.future_auxiliaries:
            found.add("future")
        if auxiliaries & cues.hypothetical_auxiliaries:
            backshifted = auxiliaries & cues.reported_future and _reported_in_past(chain[-1])
            found.add("future" if backshifted else "hypothetical")
        if lemma in cues.future_governors and (position or token.pos_ == "VERB"):
            found.add("future")  # "intends to address", "is preparing new sanctions"
        if lemma == "go" and token.tag_ == "VBG" and _lemmas(token, ("aux",)) & {"be"}:
            found.add("future")
        if position and lemma in cues.hypothetical_governors:
            found.add("hypothetical")
        if _lemmas(token, ("amod",)) & cues.future_words and token.pos_ == "NOUN":
            found.add("future")
        if _conditional(token, cues):
            found.add("hypothetical")
        if "have" in auxiliaries and token.tag_ == "VBN" and _past_perfect(token):
            found.add("historical")
        if position == 1 and lemma in cues.completion_governors and chain[0].dep_ == "nsubj":
            found.add("historical")
        if _lemmas(token, ("amod", "advmod", "prep")) & cues.historical_words:
            found.add("historical")
    if time is not None:
        found |= _from_time(time, published, cues.historical_years)
    return next((name for name in _ORDER if name in found), "asserted")


def _reported_in_past(clause_head: Token) -> bool:
    """Whether the clause is what a verb in the past tense reports ("said they would ...")."""
    return clause_head.dep_ == "ccomp" and clause_head.head.tag_ == "VBD"


def _conditional(token: Token, cues: Modality) -> bool:
    if _lemmas(token, ("mark",)) & cues.conditional_marks:
        return True
    return any(
        child.dep_ == "advcl" and _lemmas(child, ("mark",)) & cues.conditional_marks
        for child in token.children
    )


def _past_perfect(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ == "VBD" for c in token.children)


def _from_time(time: TimeExpression, published: date | None, years: int) -> set[str]:
    if time.direction == "future":
        return {"future"}
    value = time.value or ""
    year = int(value[:4]) if value[:4].isdigit() else None
    if published is not None and year is not None and year <= published.year - years:
        return {"historical"}
    return set()
