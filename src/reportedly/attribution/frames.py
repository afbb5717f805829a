"""Which dependents of a cue verb carry its content, beyond the frames of the cue lexicon.

- "warned the rebels not to cross the river": after an object, the infinitive clause is what
  was said; the object is whom it was said to (verbs in ``object_infinitive_cues``).
- "called on the West to send more air defence": after a cue with a preposition, the content
  runs on through the infinitive (as "urged NATO to close the sky" does).
- "asked in a bewildered tone": a phrase of manner (``manner_nouns``) says how, not what.
- "said the minister should sit and think": a cue word coordinated inside the content, with no
  subject of its own, goes on with that content rather than starting a claim of its own.
"""

from __future__ import annotations

from spacy.tokens import Token

from reportedly.attribution.lexicon import Lexicon

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")


def infinitive_over_object(verb: Token, kids: list[Token], lex: Lexicon) -> list[Token]:
    """``kids`` with an object replaced by the to-infinitive after it ('warned X not to Y')."""
    if verb.lemma_.lower() not in lex.set("object_infinitive_cues"):
        return kids
    objects = [k for k in kids if k.dep_ == "dobj"]
    clause = to_infinitive_after(verb, objects[0]) if objects else None
    if clause is None:
        return kids
    return [*(k for k in kids if k.dep_ != "dobj"), clause]


def to_infinitive_after(verb: Token, addressee: Token) -> Token | None:
    """The to-infinitive clause of ``verb`` after the one it is said to ('warned the rebels
    not to cross', 'called on the West to send'), or None."""
    return next(
        (
            c
            for c in verb.rights
            if c.dep_ == "xcomp"
            and c.i > addressee.i
            and c.pos_ in ("VERB", "AUX")
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.lefts)
        ),
        None,
    )


def is_manner(token: Token, lex: Lexicon) -> bool:
    """'in a bewildered tone', 'in a low voice': how it was said, not what."""
    if token.dep_ != "prep" or token.lower_ not in ("in", "with"):
        return False
    objects = [c for c in token.children if c.dep_ == "pobj"]
    return bool(objects) and objects[0].lemma_.lower() in lex.set("manner_nouns")


def is_addressee(token: Token, verb: Token, lex: Lexicon) -> bool:
    """'spoke to reporters', 'talked with his aides': whom it was said to, not what."""
    return (
        token.dep_ == "prep"
        and token.lower_ in lex.set("addressee_prepositions")
        and verb.lemma_.lower() in lex.set("addressee_verbs")
    )


def continues_content(token: Token, verb: Token) -> bool:
    """A coordinated cue word that shares its subject with the content around it ('should
    sit and think about it'): no subject of its own, the form of the verb it is coordinated
    with (in 'said he would order X and warned Y', 'warned' goes with 'said'), and not a
    second use of the cue verb ('says X and says Y')."""
    return (
        token.dep_ == "conj"
        and token.tag_ == token.head.tag_
        and token.lemma_.lower() != verb.lemma_.lower()
        and not any(c.dep_ in _SUBJECTS for c in token.children)
        and not any(c.dep_ == "ccomp" for c in token.children)
    )
