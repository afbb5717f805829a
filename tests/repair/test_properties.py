"""Property: applying the recorded repairs to the input gives document.text, and offsets map."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportedly.repair import apply_repairs, repair_text, to_input_offset

PIECES = [
    "The port was shut",
    ".",
    ".He said",
    "?Officials",
    " U.S.",
    "Army",
    "â€™",
    "&amp;",
    "&quot;",
    "“",
    "”",
    "\n",
    "ADVERTISEMENT\n",
    "Read more: this\n",
    "\x1b[0m",
    " 3.5 ",
    "Mr.Novak",
    " ",
    "caf\u00c3\u00a9",
    "\r\n",
    "\u2028",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_repairs_rebuild_the_text_and_map_offsets_back(text: str) -> None:
    out, repairs = repair_text(text)
    assert apply_repairs(text, repairs) == out
    for repair in repairs:
        assert text[repair.input_start : repair.input_end] == repair.original
        assert out[repair.start : repair.end] == repair.replacement
    inside = {o for r in repairs for o in range(r.start, r.end)}
    for offset in range(len(out)):
        if offset not in inside:
            assert text[to_input_offset(repairs, offset)] == out[offset]
    assert to_input_offset(repairs, len(out)) == len(text)
