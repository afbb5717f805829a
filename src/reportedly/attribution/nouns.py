"""Noun cues: 'criticism of X', 'her defense of X', 'made no mention of X', 'the
complaint that X'. The noun (with its preposition) is the cue when it has the content
dependent its lexicon row names; a light verb that takes the noun as object joins the cue and
lends its subject as the source ("Trump made no mention of ..."), else a possessor is the
source ("Clinton's criticism of ...").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from reportedly.attribution.cues import cue_range, source_of
from reportedly.attribution.drafts import Draft
from reportedly.attribution.lexicon import Lexicon
from reportedly.attribution.spans import TokRange, chars, subtree_range, trim


def noun_drafts(doc: Doc, lex: Lexicon) -> list[Draft]:
    """Every lexicon noun with its content dependent (one pass over the tokens)."""
    if not lex.nouns:
        return []
    lemmas = {lemma for lemma, _ in lex.nouns}
    drafts = []
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in lemmas:
            continue
        draft = _noun_draft(doc, token, lex)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _content(noun: Token, lex: Lexicon) -> tuple[str, Token, TokRange] | None:
    """The first dependent right of the noun that its lexicon row allows: (frame, link, range)."""
    lemma = noun.lemma_.lower()
    for child in noun.rights:
        if child.dep_ == "prep" and (lemma, child.lower_) in lex.nouns:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return child.lower_, child, subtree_range(objects[0])
        elif child.dep_ in ("acl", "ccomp", "relcl"):
            marks = [m for m in child.children if m.dep_ == "mark" and m.lower_ == "that"]
            to = [m for m in child.children if m.dep_ == "aux" and m.lower_ == "to"]
            if marks and (lemma, "that") in lex.nouns:
                return "that", noun, subtree_range(child)
            if to and child.dep_ == "acl" and (lemma, "to") in lex.nouns:
                return "to", noun, subtree_range(child)
    return None


def _noun_draft(doc: Doc, noun: Token, lex: Lexicon) -> Draft | None:
    found = _content(noun, lex)
    if found is None:
        return None
    frame, link, content = found
    rng = trim(doc, content)
    if rng is None:
        return None
    verb = noun.head
    left = noun.i
    source: TokRange | None = None
    if noun.dep_ == "dobj" and verb.lemma_.lower() in lex.set("light_verbs") and verb.i < noun.i:
        left = cue_range(doc, verb, lex)[0]
        source = source_of(verb)
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if source is None and owners:
        source = trim(doc, subtree_range(owners[0]), keep_quotes=False)
    right = link.i if frame not in ("that", "to") else noun.i
    return Draft(
        head=noun,
        cues=[chars(doc, (left, right))],
        source=source,
        content=[chars(doc, rng)],
        stance=lex.nouns[(noun.lemma_.lower(), frame)],
    )
