"""Speech verbs the tagger reads as nouns: '“Please,” the boy whimpers.'

Right after a closing quotation, a rarer speech verb in the present tense ("whimpers",
"replies") is often tagged as a plural noun with the words before it as its modifiers. When
such a word is a quote-only cue (frame ``quote`` in ``attribution_cues.tsv``), closes its
sentence and follows a short name phrase that follows the quote, it is read as SOURCE CUE.
The quotation is attached later, as for any cue without parsed content; the cue calibration,
which never saw this shape in train, does not judge these drafts.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from reportedly.attribution.drafts import Draft
from reportedly.attribution.lexicon import CueVerb, Lexicon
from reportedly.attribution.spans import chars

_SOURCE_POS = {"DET", "PROPN", "NOUN", "ADJ", "PRON"}
_MAX_SOURCE = 5
_TIES = {",", "?", "!"}


def present_tense_drafts(doc: Doc, lex: Lexicon) -> list[Draft]:
    drafts = []
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or not token.lower_.endswith("s"):
            continue
        cue = _quote_cue(token, lex)
        if cue is None or not _closes_sentence(doc, token):
            continue
        first = _after_quote(doc, token)
        if first is None:
            continue
        drafts.append(
            Draft(
                head=token,
                cues=[chars(doc, (token.i, token.i))],
                source=(first, token.i - 1),
                content=[],
                stance=cue.stance,
                judged=False,
            )
        )
    return drafts


def _quote_cue(token: Token, lex: Lexicon) -> CueVerb | None:
    word = token.lower_
    for lemma in (word[:-1], word[:-2], f"{word[:-3]}y"):  # whimpers, hisses, replies
        cue = lex.cues.get(lemma)
        if cue is not None and "quote" in cue.frames:
            return cue
    return None


def _closes_sentence(doc: Doc, token: Token) -> bool:
    i = token.i + 1
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    return i >= len(doc) or doc[i].text in (".", ",", "!", "?", ";") or doc[i].is_space


def _after_quote(doc: Doc, token: Token) -> int | None:
    """The first word of the name phrase between a closing quotation and ``token``."""
    i = token.i - 1
    while i >= 0 and token.i - i <= _MAX_SOURCE and doc[i].pos_ in _SOURCE_POS:
        i -= 1
    first = i + 1
    if first == token.i or i < 1 or not doc[i].is_quote:
        return None
    return first if doc[i - 1].text in _TIES else None
