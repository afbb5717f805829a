"""Linking tagged spans into attributions by nearness (the rule engine links over its own
parse, not over free spans, so its linking cannot be reused here).

Every cue opens an attribution. Each source joins the nearest free cue of its paragraph
(closest pairs first, one source per cue). Each content joins the nearest cue outside it in
its paragraph, or else a cue ending the paragraph before ("X said:" then the quote). Spans that
find no cue stay as cue-less relations so role-level scores still count them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from reportedly.evaluation.polnear_data import GoldRelation
from reportedly.tagger.labels import CharSpan

_PARAGRAPH = re.compile(r"[^\n]+")


def _gap(a: CharSpan, b: CharSpan) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _inside(inner: CharSpan, outer: CharSpan) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def link(
    text: str,
    cues: Sequence[CharSpan],
    sources: Sequence[CharSpan],
    contents: Sequence[CharSpan],
) -> list[GoldRelation]:
    """Relations (cue, source, content fragments) in text order."""
    starts = [m.start() for m in _PARAGRAPH.finditer(text)] or [0]

    def para(span: CharSpan) -> int:
        return bisect_right(starts, span[0]) - 1

    cue_list = sorted(set(cues))
    source_of: dict[int, CharSpan] = {}
    free_sources: list[CharSpan] = []
    pairs = sorted(
        (_gap(s, c), si, ci)
        for si, s in enumerate(sources)
        for ci, c in enumerate(cue_list)
        if para(s) == para(c) and not _inside(c, s)
    )
    used: set[int] = set()
    for _, si, ci in pairs:
        if si in used or ci in source_of:
            continue
        used.add(si)
        source_of[ci] = sources[si]
    free_sources = [s for i, s in enumerate(sources) if i not in used]

    contents_of: dict[int, list[CharSpan]] = {i: [] for i in range(len(cue_list))}
    free_contents: list[CharSpan] = []
    for content in contents:
        here = [
            (_gap(content, c), i)
            for i, c in enumerate(cue_list)
            if para(c) == para(content) and not _inside(c, content)
        ]
        before = [
            (content[0] - c[1], i)
            for i, c in enumerate(cue_list)
            if para(c) == para(content) - 1 and c[1] <= content[0]
        ]
        best = (
            min(here)
            if here
            else (max(before, key=lambda x: cue_list[x[1]][1]) if before else None)
        )
        if best is None:
            free_contents.append(content)
        else:
            contents_of[best[1]].append(content)

    out = [
        GoldRelation(
            cue=(cue,),
            source=(source_of[i],) if i in source_of else (),
            content=tuple(sorted(contents_of[i])),
        )
        for i, cue in enumerate(cue_list)
    ]
    out += [GoldRelation(cue=(), source=(s,), content=()) for s in free_sources]
    out += [GoldRelation(cue=(), source=(), content=(c,)) for c in free_contents]
    return sorted(out, key=lambda r: min(a for a, _ in (*r.cue, *r.source, *r.content)))
