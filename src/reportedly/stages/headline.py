"""Component `reportedly_headline`: a first line without end punctuation is a sentence, and
a blank line (a paragraph break) always ends one.

News files often open with their title on its own line; the parser would otherwise read it
and the first sentence as one ("Moscow signals ... deal\\nThe Kremlin has ..."), and attach
the first claim's content to the title. The same holds inside an article: a photo credit, a
subheading or a byline on its own paragraph ("(Anthony Kwan/Getty Images)\n\nRussian
billionaire ...") would join the next paragraph's sentence and lend it its names. It must
run before the parser (``nlp.add_pipe("reportedly_headline", first=True)``), which keeps
sentence starts set before it.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

VERSION = "1.1.0"

_SENTENCE_END = frozenset(".!?:;…\"'”’)")


def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence at the first word after each blank line."""
    after_break = False
    for token in doc:
        if token.is_space:
            after_break = after_break or token.text.count("\n") >= 2
        elif after_break:
            token.is_sent_start = True
            after_break = False
    return doc


def mark_headline_end(doc: Doc) -> Doc:
    """Start a sentence after a first line that ends without punctuation (a headline) and
    after every blank line."""
    mark_paragraph_starts(doc)
    text = doc.text
    end = text.find("\n")
    if end <= 0 or not text[:end].strip() or text[:end].rstrip()[-1] in _SENTENCE_END:
        return doc
    for token in doc:
        if token.idx > end and not token.is_space:
            if token.i > 0:
                token.is_sent_start = True
            return doc
    return doc


@Language.factory("reportedly_headline", assigns=["token.is_sent_start"])
def make_headline_stage(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return mark_headline_end
