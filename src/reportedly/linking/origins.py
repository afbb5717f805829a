"""Wire copy and near-duplicates: articles that are one text are one independent origin.

Each text becomes the set of its word 5-grams (shingles); MinHash signatures, banded for
locality-sensitive hashing, propose candidate pairs without comparing all pairs, and a pair
is one origin when the Jaccard similarity of its shingle sets is at least ``threshold``
(0.5: a wire story with a new lead paragraph, a changed headline and clutter still meets it;
two articles about the same event written apart score far below, typically under 0.1).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from reportedly.linking.text import tokens

SHINGLE = 5
PERMUTATIONS = 64
BANDS = 16
THRESHOLD = 0.5


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    words = tokens(text)
    if len(words) < size:
        return {_hash(" ".join(words))} if words else set()
    return {_hash(" ".join(words[i : i + size])) for i in range(len(words) - size + 1)}


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little") >> 4


@dataclass
class _Hasher:
    a: np.ndarray
    b: np.ndarray

    @classmethod
    def seeded(cls, count: int = PERMUTATIONS) -> _Hasher:
        rng = np.random.default_rng(20221)
        info = np.iinfo(np.uint64)
        return cls(
            a=rng.integers(0, info.max, size=count, dtype=np.uint64, endpoint=True) | np.uint64(1),
            b=rng.integers(0, info.max, size=count, dtype=np.uint64, endpoint=True),
        )

    def signature(self, values: set[int]) -> np.ndarray:
        """One minimum per hash function ``(a*x + b) mod 2^64``, bits mixed by a shift."""
        if not values:
            return np.full(len(self.a), np.iinfo(np.uint64).max, dtype=np.uint64)
        x = np.fromiter(values, dtype=np.uint64, count=len(values))
        hashed = np.outer(self.a, x) + self.b[:, None]  # wraps modulo 2^64 (arrays do not warn)
        hashed ^= hashed >> np.uint64(29)
        signature: np.ndarray = hashed.min(axis=1)
        return signature


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _packed(values: set[int]) -> np.ndarray:
    return np.sort(np.fromiter(values, dtype=np.uint64, count=len(values)))


def packed_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two sorted unique arrays."""
    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


class OriginIndex:
    """Incremental: each added text joins the origin of a near-duplicate already seen."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._hasher = _Hasher.seeded()
        self._buckets: dict[str, list[str]] = defaultdict(list)
        #: each text's shingles as a sorted array (8 bytes a shingle, not a Python int's 36)
        self._shingles: dict[str, np.ndarray] = {}
        self._parent: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def add(self, doc_id: str, text: str) -> str:
        """Adds a text; returns its origin id (the first document of its origin)."""
        if doc_id in self._parent:
            return self.origin(doc_id)
        values = shingles(text)
        packed = _packed(values)
        self._shingles[doc_id] = packed
        self._parent[doc_id] = doc_id
        self._order[doc_id] = len(self._order)
        candidates: set[str] = set()
        for key in self.band_keys(values):
            candidates.update(self._buckets[key])
            self._buckets[key].append(doc_id)
        for other in sorted(candidates):
            if packed_jaccard(packed, self._shingles[other]) >= self.threshold:
                self._union(other, doc_id)
        return self.origin(doc_id)

    def band_keys(self, values: set[int]) -> list[str]:
        """The LSH keys of a shingle set: ``<band>:<hash of its rows>``, storable."""
        signature = self._hasher.signature(values)
        rows = len(signature) // BANDS
        return [
            f"{band}:"
            + hashlib.blake2b(
                signature[band * rows : (band + 1) * rows].tobytes(), digest_size=8
            ).hexdigest()
            for band in range(BANDS)
        ]

    def origin(self, doc_id: str) -> str:
        root = doc_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[doc_id] != root:  # path compression
            self._parent[doc_id], doc_id = root, self._parent[doc_id]
        return root

    def _union(self, a: str, b: str) -> None:
        root_a, root_b = self.origin(a), self.origin(b)
        if root_a != root_b:
            first, second = sorted((root_a, root_b), key=self._order.__getitem__)
            self._parent[second] = first

    def groups(self, doc_ids: Iterable[str] | None = None) -> list[list[str]]:
        """Origins as lists of document ids, in the order their first documents were added."""
        wanted = list(self._parent) if doc_ids is None else list(doc_ids)
        grouped: dict[str, list[str]] = defaultdict(list)
        for doc_id in wanted:
            grouped[self.origin(doc_id)].append(doc_id)
        return list(grouped.values())


def origins_of(texts: Sequence[tuple[str, str]]) -> OriginIndex:
    index = OriginIndex()
    for doc_id, text in texts:
        index.add(doc_id, text)
    return index
