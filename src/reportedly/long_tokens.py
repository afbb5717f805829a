"""Long inputs in front of spaCy: runs of text with no space in them, and long documents.

``split_for_parse`` cuts a long document into pieces at paragraph breaks, which the parser
reads one at a time (its memory grows with the text it reads at once: 16 GB for a 5 MB
document read whole); the pieces are joined back into one ``Doc`` before the stages run, so
no claim is cut where a piece ends.

The rest of this module is a guard in front of spaCy's tokenizer for spaceless runs.

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


#: Characters the parser reads at once, at most: about 600 MB of memory at its peak.
PARSE_PIECE = 100_000
_BREAKS = ("\n\n", "\n", ". ", " ")


def split_for_parse(text: str, size: int = PARSE_PIECE) -> list[str]:
    """``text`` in pieces of at most about ``size`` characters that join back into it.

    Each cut is at the last paragraph break of the stretch (else a line break, a sentence
    end, a space), after the whitespace that follows it, so that every piece but the first
    starts a paragraph and tokenizes as it would inside the whole.
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = -1
        for mark in _BREAKS:
            at = text.rfind(mark, start + size // 2, end)
            if at != -1:
                cut = at + len(mark)
                break
        if cut == -1:
            cut = end
        while cut < len(text) and text[cut].isspace():
            cut += 1
        pieces.append(text[start:cut])
        start = cut
    if start < len(text):
        pieces.append(text[start:])
    return pieces
