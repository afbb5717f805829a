"""Load the pinned spaCy pipeline without building its tokenizer twice.

``spacy.load`` first builds the English tokenizer from the language defaults (about 2,700
special cases, 0.2-0.4 s) and then throws all of it away when the package's own serialised
tokenizer is read from disk. For the pinned package, whose tokenizer file carries every
setting (rules, prefixes, suffixes, infixes, token and URL matches), the first build is
skipped: a bare ``Tokenizer`` is made and filled from disk. ``tests/test_loading.py`` checks
that the result serialises to the same bytes as a default load.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from reportedly.settings import SPACY_PIPELINE

BARE_TOKENIZER = "reportedly.bare_tokenizer.v1"


@spacy.registry.tokenizers(BARE_TOKENIZER)
def bare_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer with no rules, for a pipeline whose tokenizer is read from disk next."""

    def make(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return make


def load_pipeline(name: str = SPACY_PIPELINE) -> Language:
    """The installed pipeline ``name``; the pinned one skips the throw-away tokenizer build.

    Any other pipeline loads exactly as ``spacy.load`` does, since its tokenizer may be of
    another class or rely on defaults its file does not carry.
    """
    if name != SPACY_PIPELINE:
        return spacy.load(name)
    return spacy.load(name, config={"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}})
