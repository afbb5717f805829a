"""RangeIndex answers as a scan of all ranges would, in the same order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportedly.ranges import RangeIndex

RANGE = st.tuples(st.integers(0, 1200), st.integers(0, 400)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(RANGE, max_size=60),
    st.lists(RANGE, min_size=1, max_size=20),
    st.sampled_from([1, 7, 64, 256]),
)
def test_answers_equal_a_full_scan(
    ranges: list[tuple[int, int]], questions: list[tuple[int, int]], cell: int
) -> None:
    index = RangeIndex(((a, b, n) for n, (a, b) in enumerate(ranges)), cell=cell)
    for start, end in questions:
        covering = [(a, b, n) for n, (a, b) in enumerate(ranges) if a <= start and end <= b]
        overlapping = [(a, b, n) for n, (a, b) in enumerate(ranges) if a < end and start < b]
        assert index.covering(start, end) == covering
        assert index.overlapping(start, end) == overlapping


def test_ranges_added_later_are_found_in_order() -> None:
    index: RangeIndex[str] = RangeIndex(cell=10)
    index.add(0, 100, "outer")
    index.add(20, 30, "inner")
    assert [v for _, _, v in index.covering(22, 25)] == ["outer", "inner"]
    assert [v for _, _, v in index.overlapping(95, 120)] == ["outer"]
    assert index.covering(99, 101) == []
