"""Which way the verb governing a time expression points: past, present or future.

HeidelTime's news mode resolves "Friday" with the tense of the sentence; we read the verb the
expression hangs on in the dependency parse, its auxiliaries, and the verb above it when that
one is an intention or plan ("intends to address" points forward, "said" points back).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from reportedly.times.lexicon import word_set

_MODALS_FORWARD = frozenset({"would", "could", "may", "might", "should", "must", "can", "ought"})


def governing_verb(span: Span) -> Token | None:
    """The nearest verb above the expression's root, at most a few steps up."""
    token = span.root
    for _ in range(6):
        if token.head is token:
            return token if token.pos_ in ("VERB", "AUX") else None
        token = token.head
        if token.pos_ in ("VERB", "AUX") and not (token.i >= span.start and token.i < span.end):
            return token
    return None


def direction(span: Span) -> str | None:
    """ "past", "present", "future", or None when no verb says."""
    verb = governing_verb(span)
    if verb is None:
        return None
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in ("until", "till", "to") and verb.lemma_.lower() in word_set("delaying_verbs"):
        return "future"  # "postponed until Tuesday": put off to a day still ahead
    return verb_direction(verb)


def verb_direction(verb: Token) -> str | None:
    forward = word_set("forward_verbs")
    future_aux = word_set("future_auxiliaries")
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowered = [a.lower_ for a in aux]
    if _arranged(verb, aux) or (
        verb.dep_ == "xcomp" and verb.head is not verb and _arranged(verb.head, None)
    ):
        return "future"  # "planned to leave on Thursday", "has scheduled a talk Monday"
    if _perfect_or_past_aux(verb, aux):  # "may have been", "did not plan", "had been due"
        return "past"
    if any(a in future_aux for a in lowered):
        return "future"
    if any(a.tag_ == "MD" and a.lower_ in _MODALS_FORWARD for a in aux):
        return "future"
    past = verb.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" for a in aux)
    if verb.lemma_.lower() in forward and not past:
        return "future"
    head = verb.head
    if (
        verb.dep_ in ("xcomp", "ccomp", "advcl")
        and head is not verb
        and head.pos_ in ("VERB", "AUX", "ADJ")
    ):
        head_aux = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
        head_past = head.tag_ in ("VBD", "VBN") or _perfect_or_past_aux(head, head_aux)
        if head.pos_ == "ADJ" and head.dep_ == "acomp":  # "had been due to expire Friday"
            copula = head.head
            copula_aux = [c for c in copula.children if c.dep_ in ("aux", "auxpass")]
            head_past = head_past or _perfect_or_past_aux(copula, copula_aux)
        if (head.lemma_.lower() in forward and not head_past) or any(
            c.lower_ in future_aux for c in head.children if c.dep_ == "aux"
        ):
            return "future"
        if verb.dep_ == "xcomp" and verb.tag_ == "VB":
            return verb_direction(head) if head.pos_ in ("VERB", "AUX") else None
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in aux):
        if any(a.lower_ == "going" for a in verb.children):
            return "future"
        return "present"
    if verb.tag_ == "VBG" and aux:
        return "present"
    return None


def _arranged(verb: Token, aux: list[Token] | None) -> bool:
    """A plan or schedule told in the past or perfect, not negated and not with "did"/"had":
    what was planned still lies ahead of the report."""
    if verb.lemma_.lower() not in word_set("arranging_verbs"):
        return False
    if aux is None:
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("did", "had", "'d") for a in aux):
        return False
    return not any(c.dep_ == "neg" for c in verb.children)


def _perfect_or_past_aux(verb: Token, aux: list[Token]) -> bool:
    """A past-tense auxiliary ("did", "had", "was") or a perfect ("have been", "has said")."""
    if any(a.tag_ == "VBD" for a in aux):
        return True
    return (
        verb.tag_ == "VBN"
        and any(a.lemma_ == "have" for a in aux)
        and not any(a.lower_ in ("will", "'ll", "shall") for a in aux)
    )
