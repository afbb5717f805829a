"""Coreference and clustering scores: MUC, B-cubed, CEAF-e, CoNLL F1, and the adjusted Rand index.

Written after the reference scorer (Pradhan et al. 2014, ``scorer.pl`` v8): a clustering is a
mapping from mention (any hashable id) to cluster id; a mention of the key missing from the
response (or the other way round) counts for nothing on the side that lacks it. Singletons
count in B-cubed and CEAF-e and add no links in MUC. Scores are fractions (0..1).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

Clustering = Mapping[Any, Hashable]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def percent(self) -> dict[str, float]:
        return {
            "P": round(100 * self.precision, 2),
            "R": round(100 * self.recall, 2),
            "F1": round(100 * self.f1, 2),
        }


def clusters(assignment: Clustering) -> list[frozenset[Any]]:
    """The clusters of an assignment, as sets of mentions, in first-seen order."""
    grouped: dict[Hashable, set[Any]] = defaultdict(set)
    for mention, cluster in assignment.items():
        grouped[cluster].add(mention)
    return [frozenset(c) for c in grouped.values()]


def _muc_side(key: list[frozenset[Any]], response: Clustering) -> tuple[int, int]:
    num = den = 0
    for cluster in key:
        if len(cluster) < 2:
            continue
        parts = {response[m] for m in cluster if m in response}
        missing = sum(1 for m in cluster if m not in response)
        num += len(cluster) - len(parts) - missing
        den += len(cluster) - 1
    return num, den


def muc(key: Clustering, response: Clustering) -> PRF:
    """Vilain et al. 1995: links kept (recall) and links right (precision)."""
    r_num, r_den = _muc_side(clusters(key), response)
    p_num, p_den = _muc_side(clusters(response), key)
    return PRF(p_num / p_den if p_den else 0.0, r_num / r_den if r_den else 0.0)


def _b3_side(key: list[frozenset[Any]], response: Clustering) -> tuple[float, int]:
    total, count = 0.0, 0
    for cluster in key:
        overlap = Counter(response[m] for m in cluster if m in response)
        total += sum(n * n for n in overlap.values()) / len(cluster)
        count += len(cluster)
    return total, count


def b_cubed(key: Clustering, response: Clustering) -> PRF:
    """Bagga & Baldwin 1998: per-mention overlap of its key and response clusters."""
    r_num, r_den = _b3_side(clusters(key), response)
    p_num, p_den = _b3_side(clusters(response), key)
    return PRF(p_num / p_den if p_den else 0.0, r_num / r_den if r_den else 0.0)


def ceaf_e(key: Clustering, response: Clustering) -> PRF:
    """Luo 2005, entity-based: the best one-to-one alignment of clusters by phi4."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    gold, system = clusters(key), clusters(response)
    if not gold or not system:
        return PRF(0.0, 0.0)
    where = {m: j for j, c in enumerate(system) for m in c}
    similarity = np.zeros((len(gold), len(system)))
    for i, cluster in enumerate(gold):
        for j, n in Counter(where[m] for m in cluster if m in where).items():
            similarity[i, j] = 2.0 * n / (len(cluster) + len(system[j]))
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    best = float(similarity[rows, cols].sum())
    return PRF(best / len(system), best / len(gold))


def conll(key: Clustering, response: Clustering) -> dict[str, dict[str, float]]:
    """MUC, B-cubed and CEAF-e in percent, and CoNLL F1 (their mean F1)."""
    scores = {
        "MUC": muc(key, response),
        "B3": b_cubed(key, response),
        "CEAF-e": ceaf_e(key, response),
    }
    result = {name: s.percent() for name, s in scores.items()}
    result["CoNLL"] = {"F1": round(100 * sum(s.f1 for s in scores.values()) / 3, 2)}
    return result


def adjusted_rand(key: Clustering, response: Clustering) -> float:
    """Hubert & Arabie 1985, over the mentions both clusterings hold."""
    shared = [m for m in key if m in response]
    n = len(shared)
    if n < 2:
        return 1.0
    pairs = Counter((key[m], response[m]) for m in shared)
    a = Counter(key[m] for m in shared)
    b = Counter(response[m] for m in shared)
    index = sum(math.comb(c, 2) for c in pairs.values())
    sum_a = sum(math.comb(c, 2) for c in a.values())
    sum_b = sum(math.comb(c, 2) for c in b.values())
    expected = sum_a * sum_b / math.comb(n, 2)
    maximum = (sum_a + sum_b) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)
