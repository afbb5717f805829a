"""Which of many ``[start, end)`` ranges cover or overlap a given one, without a full scan.

Claims' contents, entity mentions, quotes and figures are ranges over one document; asking,
for each of them, which of the others hold it is quadratic when done by scanning, and long
documents (transcripts, feeds pasted into one file) hold thousands. ``RangeIndex`` files each
range under the fixed-size cells of text it touches, so a question looks only at the ranges
filed under the cells it touches. Answers come in the order the ranges were added, exactly as
a scan of the whole list would give them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

#: Characters per cell: about a sentence, so most ranges sit in one or two cells.
CELL = 256


class RangeIndex(Generic[T]):
    """Ranges with a value each; ``add`` keeps order, queries answer in that order."""

    def __init__(self, ranges: Iterable[tuple[int, int, T]] = (), cell: int = CELL) -> None:
        self.cell = cell
        self.ranges: list[tuple[int, int, T]] = []
        self._cells: defaultdict[int, list[int]] = defaultdict(list)
        for start, end, value in ranges:
            self.add(start, end, value)

    def add(self, start: int, end: int, value: T) -> None:
        n = len(self.ranges)
        self.ranges.append((start, end, value))
        for cell in range(start // self.cell, max(start, end - 1) // self.cell + 1):
            self._cells[cell].append(n)

    def _candidates(self, first: int, last: int) -> list[int]:
        """Indices filed under cells ``first`` .. ``last``, in order, once each."""
        if first == last:
            return self._cells.get(first, [])
        found: set[int] = set()
        for cell in range(first, last + 1):
            found.update(self._cells.get(cell, ()))
        return sorted(found)

    def covering(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """Ranges with ``range.start <= start`` and ``end <= range.end``."""
        # A range that holds [start, end) holds the character at start (or ends at it, when
        # the question is empty), so it is filed under that character's cell.
        cell = start // self.cell
        first = cell - 1 if end <= start and start % self.cell == 0 else cell
        return [
            self.ranges[n]
            for n in self._candidates(first, cell)
            if self.ranges[n][0] <= start and end <= self.ranges[n][1]
        ]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """Ranges with ``range.start < end`` and ``start < range.end``."""
        first, last = start // self.cell, max(start, end - 1) // self.cell
        return [
            self.ranges[n]
            for n in self._candidates(first, last)
            if self.ranges[n][0] < end and start < self.ranges[n][1]
        ]
