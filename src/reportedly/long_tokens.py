"""A guard in front of spaCy's tokenizer for runs of text with no space in them.

spaCy strips prefixes and suffixes off a whitespace-delimited chunk one at a time, searching
the rest of the chunk each time, so a chunk of n strippable characters (a line of 16,000
quotation marks, a row of dashes) costs n² (measured: 6,000 marks, 10 s in ``find_suffix``).
Chunks longer than ``LONG`` characters are cut into pieces of ``PIECE`` characters, each
tokenized on its own, and the pieces joined with no space between, so the ``Doc`` text is the
input exactly and every other chunk is tokenized as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc
from spacy.vocab import Vocab

#: A chunk this long is no word: cut it.
LONG = 1000
#: Characters per piece of a long chunk.
PIECE = 64

_LONG_RUN = re.compile(rf"\S{{{LONG},}}")


class LongTokenGuard:
    """Wraps a spaCy tokenizer; long spaceless runs are tokenized in pieces."""

    def __init__(self, tokenizer: Callable[[str], Doc], vocab: Vocab) -> None:
        self.tokenizer = tokenizer
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        runs = list(_LONG_RUN.finditer(text))
        if not runs:
            return self.tokenizer(text)
        docs: list[Doc] = []
        at = 0
        for run in runs:
            if run.start() > at:
                docs.append(self.tokenizer(text[at : run.start()]))
            for start in range(run.start(), run.end(), PIECE):
                docs.append(self.tokenizer(text[start : min(start + PIECE, run.end())]))
            at = run.end()
        if at < len(text):
            docs.append(self.tokenizer(text[at:]))
        doc = Doc.from_docs([d for d in docs if len(d)], ensure_whitespace=False)
        if doc.text != text:  # never expected; a tokenizer that drops text must not pass
            raise RuntimeError("long-token guard changed the text")
        return doc

    def __getattr__(self, name: str) -> object:
        # Everything else (``pipe``, ``to_bytes``, rules) is the wrapped tokenizer's.
        if name == "tokenizer":
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
