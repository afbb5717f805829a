"""Scoring attributions against PolNeAR gold.

Role level (as in CofeNet, COLING 2022): every contiguous fragment of a source, cue or content
is one span; exact-span P/R/F1, begin-token P/R/F1 (a predicted span whose first token begins a
gold span of the same role) and token-Jaccard (tokens labelled with the role, |G∩P| / |G∪P|),
all micro-averaged over the split.

Relation level: a predicted attribution matches a gold one when their cues overlap and their
contents overlap (one-to-one, in text order); then the share of matched relations whose source
is also right, exactly and by overlap (no source on either side counts as right).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportedly.evaluation.metrics import percent, scores
from reportedly.evaluation.polnear_data import ROLES, Fragments, GoldRelation

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class RoleCounts:
    gold: int = 0
    pred: int = 0
    exact: int = 0
    begin_gold: int = 0
    begin_pred: int = 0
    begin_hit: int = 0
    inter: int = 0
    union: int = 0


@dataclass
class Tally:
    roles: dict[str, RoleCounts] = field(default_factory=lambda: {r: RoleCounts() for r in ROLES})
    gold_rel: int = 0
    pred_rel: int = 0
    matched: int = 0
    source_exact: int = 0
    source_overlap: int = 0
    articles: int = 0

    def add(self, text: str, gold: list[GoldRelation], pred: list[GoldRelation]) -> None:
        self.articles += 1
        starts = _token_starts(text)
        for role in ROLES:
            g = _fragments(text, gold, role)
            p = _fragments(text, pred, role)
            c = self.roles[role]
            c.gold += len(g)
            c.pred += len(p)
            c.exact += len(g & p)
            gb = {_first_token(starts, a) for a, _ in g}
            pb = {_first_token(starts, a) for a, _ in p}
            c.begin_gold += len(gb)
            c.begin_pred += len(pb)
            c.begin_hit += len(gb & pb)
            gt, pt = _tokens(starts, g), _tokens(starts, p)
            c.inter += len(gt & pt)
            c.union += len(gt | pt)
        self.gold_rel += len(gold)
        self.pred_rel += len(pred)
        used: set[int] = set()
        for g_rel in gold:
            for i, p_rel in enumerate(pred):
                if i in used:
                    continue
                if _overlap(g_rel.cue, p_rel.cue) and _overlap(g_rel.content, p_rel.content):
                    used.add(i)
                    self.matched += 1
                    gs, ps = _clean(text, g_rel.source), _clean(text, p_rel.source)
                    if gs == ps:
                        self.source_exact += 1
                    if gs == ps or _overlap(g_rel.source, p_rel.source):
                        self.source_overlap += 1
                    break

    def figures(self) -> dict[str, object]:
        """The figures as percentages, rounded to one decimal."""
        out: dict[str, object] = {"articles": self.articles}
        for role, c in self.roles.items():
            out[role] = {
                "exact": _prf(c.exact, c.pred, c.exact, c.gold),
                "begin": _prf(c.begin_hit, c.begin_pred, c.begin_hit, c.begin_gold),
                "jaccard": _pct(c.inter, c.union),
                "gold": c.gold,
                "predicted": c.pred,
            }
        out["relation"] = {
            **_prf(self.matched, self.pred_rel, self.matched, self.gold_rel),
            "gold": self.gold_rel,
            "predicted": self.pred_rel,
            "matched": self.matched,
            "source_exact": _pct(self.source_exact, self.matched),
            "source_overlap": _pct(self.source_overlap, self.matched),
        }
        return out


def _pct(num: int, den: int) -> float:
    return percent(num, den, 1)


def _prf(tp_p: int, pred: int, tp_r: int, gold: int) -> dict[str, float]:
    p, r, f = scores(tp_p, pred, gold, tp_r)
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1)}


def _clean(text: str, frags: Fragments) -> frozenset[tuple[int, int]]:
    """Fragments with surrounding white space cut off (annotators and tokenisers differ)."""
    out = set()
    for a, b in frags:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.add((a, b))
    return frozenset(out)


def _fragments(text: str, relations: list[GoldRelation], role: str) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for rel in relations:
        out |= _clean(text, getattr(rel, role))
    return out


def _overlap(a: Fragments, b: Fragments) -> bool:
    return any(x < d and c < y for x, y in a for c, d in b)


def _token_starts(text: str) -> list[int]:
    return [m.start() for m in _TOKEN.finditer(text)]


def _first_token(starts: list[int], pos: int) -> int:
    from bisect import bisect_left

    return bisect_left(starts, pos)


def _tokens(starts: list[int], frags: set[tuple[int, int]]) -> set[int]:
    from bisect import bisect_left

    out: set[int] = set()
    for a, b in frags:
        out.update(range(bisect_left(starts, a), bisect_left(starts, b)))
    return out
