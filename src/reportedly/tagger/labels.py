"""BIO labels for the three attribution roles, one tag sequence per role.

Roles overlap (a source sits inside another claim's content), so each role has its own
O/B/I sequence instead of one joint tag set. A token is in a fragment when their characters
overlap; nested fragments of one role collapse into the outermost one.
"""

from __future__ import annotations

from collections.abc import Sequence

ROLES = ("source", "cue", "content")
O, B, I = 0, 1, 2  # noqa: E741
TAGS = ("O", "B", "I")
IGNORE = -100
"""Label of padding and special tokens: the loss skips it."""

Offsets = Sequence[tuple[int, int]]
CharSpan = tuple[int, int]


def outermost(fragments: Sequence[CharSpan]) -> list[CharSpan]:
    """Fragments sorted, with those inside an earlier one dropped."""
    out: list[CharSpan] = []
    for a, b in sorted(set(fragments), key=lambda f: (f[0], -f[1])):
        if a >= b:
            continue
        if out and a >= out[-1][0] and b <= out[-1][1]:
            continue
        out.append((a, b))
    return out


def encode(offsets: Offsets, fragments: Sequence[CharSpan]) -> list[int]:
    """One tag per token: B on the first token overlapping a fragment, I on the rest."""
    tags = [O] * len(offsets)
    for a, b in outermost(fragments):
        first = True
        for i, (s, e) in enumerate(offsets):
            if s < b and a < e and s < e:
                if first and tags[i] == O:
                    tags[i] = B
                elif tags[i] == O:
                    tags[i] = I
                first = False
    return tags


def decode(offsets: Offsets, tags: Sequence[int]) -> list[CharSpan]:
    """Character spans from one role's tags: a span starts at B (or at I after O)."""
    spans: list[CharSpan] = []
    start = end = -1
    for (s, e), tag in zip(offsets, tags, strict=True):
        if tag == B or (tag == I and start < 0):
            if start >= 0:
                spans.append((start, end))
            start, end = s, e
        elif tag == I:
            end = e
        elif start >= 0:
            spans.append((start, end))
            start = -1
    if start >= 0:
        spans.append((start, end))
    return spans


def viterbi(scores: Sequence[Sequence[float]]) -> list[int]:
    """The best O/B/I path under the rule that I follows only B or I.

    ``scores[i][tag]`` are log-probabilities; unlike a per-piece argmax, one doubtful piece in
    the middle of a span does not split it when the pieces around it are sure. O and B may
    follow any tag, I only B or I; the loop is written out for speed (it runs per piece).
    """
    if not scores:
        return []
    o, b, i = scores[0][O], scores[0][B], float("-inf")
    back: list[tuple[int, int, int]] = []
    for row in scores[1:]:
        best_any = O if o >= b and o >= i else (B if b >= i else I)
        best_in = B if b >= i else I
        top = (o, b, i)[best_any]
        o, b, i = top + row[O], top + row[B], (b if best_in == B else i) + row[I]
        back.append((best_any, best_any, best_in))
    tag = O if o >= b and o >= i else (B if b >= i else I)
    path = [tag]
    for came in reversed(back):
        tag = came[tag]
        path.append(tag)
    return path[::-1]
