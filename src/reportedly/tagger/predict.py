"""From logits to spans and relations, shared by training (torch) and inference (onnxruntime).

Only numpy-like arrays are needed: ``logits[piece, role, tag]`` for each window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from reportedly.relations import Relation
from reportedly.tagger.labels import ROLES, CharSpan, decode, viterbi
from reportedly.tagger.link import link
from reportedly.tagger.windows import Window

Spans = dict[str, list[CharSpan]]
#: Characters that open a direct quotation.
QUOTE_OPENERS = "\"“‘'«"


def whole_words(text: str, span: CharSpan) -> CharSpan:
    """A span widened to whole words: the tagger decides per word piece, and a span that
    stops inside a word ("Gazpro|m") is never what a reader means."""
    a, b = span
    while a > 0 and text[a - 1].isalnum() and text[a].isalnum():
        a -= 1
    while b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
        b += 1
    return a, b


def without_trailing_comma(text: str, span: CharSpan) -> CharSpan:
    """A reported content out of quotation marks ends before a comma that closes the clause
    ("..., that the talks would resume, he said"): PolNeAR train gold ends there 19 times in 20
    where the tagger takes the comma."""
    a, b = span
    if b - a > 1 and text[b - 1] == "," and text[a] not in QUOTE_OPENERS:
        return strip(text, (a, b - 1)) or span
    return span


def strip(text: str, span: CharSpan) -> CharSpan | None:
    """A span without white space at its edges (None if nothing is left)."""
    a, b = span
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


#: Characters that end a sentence or announce what follows: a span ending in one is complete.
SPAN_FINAL = ".!?\"”'’:"


def join_adjacent(text: str, spans: Sequence[CharSpan]) -> list[CharSpan]:
    """Spans of one role that touch, or stand one space apart on the same line after an open
    end ("the bill | would"), joined into one: the tagger sometimes restarts a span with a
    second B where the reader sees one. On PolNeAR train such neighbours are almost never two
    gold spans (17 of 23,224 contents, 34 of 17,215 sources, 3 of 19,830 cues)."""
    out: list[CharSpan] = []
    for span in sorted(spans):
        if out and out[-1][1] <= span[0]:
            end = out[-1][1]
            gap = text[end : span[0]]
            if not gap or (not gap.strip(" ") and text[end - 1] not in SPAN_FINAL):
                out[-1] = (out[-1][0], span[1])
                continue
        out.append(span)
    return out


DECODINGS = ("argmax", "viterbi")


def _log_softmax(rows: Any) -> Any:
    shifted = rows - rows.max(-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))


def window_spans(text: str, window: Window, logits: Any, decoding: str = "argmax") -> Spans:
    """Spans per role in one window; ``logits`` has a row per piece of ``window.ids``."""
    n = len(window.offsets)
    tags = logits.argmax(-1)  # [pieces, role]
    out: Spans = {}
    for r, role in enumerate(ROLES):
        if decoding == "viterbi":
            seq = viterbi(_log_softmax(logits[1 : n + 1, r]).tolist())
        else:
            seq = [int(t) for t in tags[1 : n + 1, r]]
        found = (strip(text, whole_words(text, s)) for s in decode(window.offsets, seq))
        spans = {s for s in found if s is not None}
        if role == "content":
            spans = {without_trailing_comma(text, s) for s in spans}
        out[role] = sorted(spans)
    return out


def article_spans(
    text: str, windows: Sequence[Window], logits: Sequence[Any], decoding: str = "argmax"
) -> Spans:
    """All spans of an article, per role, in text order, neighbours joined."""
    out: Spans = {role: [] for role in ROLES}
    for window, rows in zip(windows, logits, strict=True):
        for role, spans in window_spans(text, window, rows, decoding).items():
            out[role].extend(spans)
    return {role: join_adjacent(text, spans) for role, spans in out.items()}


def relations(text: str, spans: Spans) -> list[Relation]:
    return link(text, spans["cue"], spans["source"], spans["content"])


def gold_fragments(text: str, rels: Sequence[Relation]) -> Spans:
    """Gold fragments per role, white space cut off their edges (as the scorer does)."""
    out: Spans = {role: [] for role in ROLES}
    for rel in rels:
        for role in ROLES:
            for frag in getattr(rel, role):
                s = strip(text, frag)
                if s is not None:
                    out[role].append(s)
    return out
