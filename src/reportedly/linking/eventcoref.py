"""Cross-document event coreference over event mentions: plain features in, clusters out.

Mentions only corefer within one ``group`` (a story: documents about one real-world event).
Inside a group, mentions whose head lemmas fall in one lemma family (``event_words``:
inflections, derivations and a few near-synonyms, "shot"/"shooting"/"gunfire") start as one
cluster; clusters of different families are then merged, average-link over the pairs of
mentions in different sentences (two clusters with mentions in one sentence never merge),
while their sentence words and arguments agree enough (cosine, ``merge_threshold``). Nothing here
imports spaCy: the caller computes lemmas and argument keys (from a ``Report``'s entities,
places and times in the mention's sentence, or from anything else).

Cost: a group of m mentions costs an m x m similarity matrix and, with k lemma families, at
most k merges of O(k^2) each (numpy); groups are small (one story's mentions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reportedly.linking.event_words import family


@dataclass(frozen=True)
class EventMention:
    """One event mention and what its sentence says around it."""

    id: str
    doc: str
    group: str
    sentence: int
    lemma: str
    pos: str = ""
    text: str = ""
    #: Keys of the participants, places and times in the same sentence (any strings).
    actors: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    #: Content words of the sentence (stems), for a bag-of-words agreement.
    context: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EventSettings:
    """Thresholds chosen on ECB+ train with gold mentions (``docs/ecb.md``)."""

    #: Merge two lemma-family clusters whose average pair agreement reaches this (>1: never;
    #: on ECB+ train every threshold from 0.2 to 0.9 lost CoNLL F1, so it is off).
    merge_threshold: float = 1.01
    #: Weights of the agreement of two mentions: sentence words, actors, places, times.
    context_weight: float = 1.0
    actor_weight: float = 0.5
    place_weight: float = 0.25
    time_weight: float = 0.25
    #: Part a lemma family's documents that name different places / times near it (off:
    #: on ECB+ train it lost 1.5 to 5 CoNLL F1, the arguments found are too sparse).
    split_on_conflict: bool = False
    place_conflicts: bool = True
    time_conflicts: bool = True
    #: Lemma families never merged with another family (reporting and light verbs).
    keep_apart: frozenset[str] = field(
        default_factory=lambda: frozenset({"say", "tell", "report", "be", "have", "do"})
    )


def same_lemma(mentions: Iterable[EventMention]) -> dict[str, str]:
    """The usual floor: mentions of one group with the same head lemma corefer."""
    return {m.id: f"{m.group}|{m.lemma}" for m in mentions}


def cluster_events(
    mentions: Sequence[EventMention], settings: EventSettings | None = None
) -> dict[str, str]:
    """Mention id -> cluster id (a readable ``group|family`` of the cluster's first family)."""
    s = settings or EventSettings()
    groups: dict[str, list[EventMention]] = defaultdict(list)
    for mention in mentions:
        groups[mention.group].append(mention)
    result: dict[str, str] = {}
    for group, members in groups.items():
        for name, cluster in _cluster_group(members, s).items():
            for mention in cluster:
                result[mention.id] = f"{group}|{name}"
    return result


def _cluster_group(members: list[EventMention], s: EventSettings) -> dict[str, list[EventMention]]:
    by_family: dict[str, list[EventMention]] = defaultdict(list)
    for mention in members:
        by_family[family(mention.lemma)].append(mention)
    if s.split_on_conflict:
        by_family = _split_conflicts(by_family, s)
    names = list(by_family)
    if s.merge_threshold > 1.0 or len(names) < 2:
        return dict(by_family)
    order = [m for name in names for m in by_family[name]]
    labels = np.array([k for k, name in enumerate(names) for _ in by_family[name]])
    sim, valid = _similarity(order, s)
    onehot = np.zeros((len(order), len(names)))
    onehot[np.arange(len(order)), labels] = 1.0
    total = onehot.T @ (sim * valid) @ onehot  # summed pair similarity between clusters
    pairs = onehot.T @ valid @ onehot  # pairs that may be compared
    apart = onehot.T @ (1.0 - valid - np.eye(len(order))) @ onehot  # same-sentence pairs
    alive = np.array([name not in s.keep_apart for name in names])
    parent = list(range(len(names)))
    while True:
        with np.errstate(invalid="ignore", divide="ignore"):
            average = np.where(pairs > 0, total / np.maximum(pairs, 1e-9), -1.0)
        average[apart > 0] = -1.0
        np.fill_diagonal(average, -1.0)
        average[~alive, :] = -1.0
        average[:, ~alive] = -1.0
        i, j = np.unravel_index(int(np.argmax(average)), average.shape)
        if average[i, j] < s.merge_threshold:
            break
        a, b = min(int(i), int(j)), max(int(i), int(j))
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        pairs[a, :] += pairs[b, :]
        pairs[:, a] += pairs[:, b]
        apart[a, :] += apart[b, :]
        apart[:, a] += apart[:, b]
        alive[b] = False
        parent[b] = a
    clusters: dict[str, list[EventMention]] = {}
    for k, name in enumerate(names):
        root = k
        while parent[root] != root:
            root = parent[root]
        clusters.setdefault(names[root], []).extend(by_family[name])
    return clusters


def _split_conflicts(
    by_family: dict[str, list[EventMention]], s: EventSettings
) -> dict[str, list[EventMention]]:
    """Part a family's mentions whose documents disagree on where or when: documents are
    joined first-fit to a part whose documents' places and times do not conflict with theirs
    (both named and none shared); a document is never split."""
    out: dict[str, list[EventMention]] = {}
    for name, mentions in by_family.items():
        docs: dict[str, list[EventMention]] = defaultdict(list)
        for m in mentions:
            docs[m.doc].append(m)
        parts: list[tuple[set[str], set[str], list[EventMention]]] = []
        for members in docs.values():
            places = set().union(*(m.places for m in members)) if s.place_conflicts else set()
            times = set().union(*(m.times for m in members)) if s.time_conflicts else set()
            for part_places, part_times, part in parts:
                if (places and part_places and not places & part_places) or (
                    times and part_times and not times & part_times
                ):
                    continue
                part.extend(members)
                part_places |= places
                part_times |= times
                break
            else:
                parts.append((set(places), set(times), list(members)))
        for k, (_, _, part) in enumerate(parts):
            out[name if k == 0 else f"{name}#{k + 1}"] = part
    return out


def _similarity(order: list[EventMention], s: EventSettings) -> tuple[Any, Any]:
    """Cosine of mention profiles (sentence words and weighted argument keys), and which
    pairs count: never two mentions of one sentence, which name different happenings."""
    vocabulary: dict[str, int] = {}
    rows: list[list[tuple[int, float]]] = []
    for m in order:
        own = set(m.text.lower().split())
        keyed = [(w, s.context_weight) for w in m.context if w not in own]
        keyed += [("a:" + k, s.actor_weight) for k in m.actors]
        keyed += [("p:" + k, s.place_weight) for k in m.places]
        keyed += [("t:" + k, s.time_weight) for k in m.times]
        rows.append([(vocabulary.setdefault(k, len(vocabulary)), w) for k, w in keyed])
    x = np.zeros((len(order), max(len(vocabulary), 1)))
    for i, row in enumerate(rows):
        for j, w in row:
            x[i, j] = w
    norms = np.linalg.norm(x, axis=1)
    x /= np.where(norms > 0, norms, 1.0)[:, None]
    sim = x @ x.T
    where = np.array([hash((m.doc, m.sentence)) for m in order])
    valid = (where[:, None] != where[None, :]).astype(float)
    return sim, valid
