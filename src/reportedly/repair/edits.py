"""Edits in input coordinates, applied in one go, recorded as ``Repair``s that map offsets back.

Every repair pass proposes ``Edit``s against the *decoded input*, never against another pass's
output, so composing passes is just sorting non-overlapping edits. ``apply_repairs`` and
``to_input_offset`` need only the records, so any consumer can map a span back to the input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from reportedly.model import Repair, RepairKind


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``input[start:end]`` by ``replacement`` (``start == end`` inserts)."""

    start: int
    end: int
    replacement: str
    kind: RepairKind


def overlaps(a: Edit, b: Edit) -> bool:
    """Whether two edits touch the same input: two insertions at one point also clash."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    return a.start < b.end and b.start < a.end


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, list[Repair]]:
    """Apply non-overlapping edits to ``text``; return the new text and one record per edit."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    pieces: list[str] = []
    repairs: list[Repair] = []
    consumed = 0
    out = 0
    for edit in ordered:
        if edit.start < consumed:
            raise ValueError(f"overlapping repair edits at input offset {edit.start}")
        pieces.append(text[consumed : edit.start])
        out += edit.start - consumed
        pieces.append(edit.replacement)
        repairs.append(
            Repair(
                kind=edit.kind,
                input_start=edit.start,
                input_end=edit.end,
                start=out,
                end=out + len(edit.replacement),
                original=text[edit.start : edit.end],
                replacement=edit.replacement,
            )
        )
        out += len(edit.replacement)
        consumed = edit.end
    pieces.append(text[consumed:])
    return "".join(pieces), repairs


def apply_repairs(original: str, repairs: Sequence[Repair]) -> str:
    """Rebuild ``Document.text`` from the decoded input and the recorded repairs."""
    pieces: list[str] = []
    consumed = 0
    for repair in sorted(repairs, key=lambda r: (r.input_start, r.input_end)):
        pieces.append(original[consumed : repair.input_start])
        pieces.append(repair.replacement)
        consumed = repair.input_end
    pieces.append(original[consumed:])
    return "".join(pieces)


def to_input_offset(
    repairs: Sequence[Repair], offset: int, side: Literal["start", "end"] = "start"
) -> int:
    """Map an offset in ``Document.text`` to the decoded input.

    Outside repaired text the mapping is exact. Inside a replacement there is no exact
    counterpart, so a span start maps to the start of the replaced input and a span end to its
    end: the mapped span always covers what produced the text.
    """
    shift = 0
    for repair in sorted(repairs, key=lambda r: (r.start, r.end)):
        if offset < repair.start:
            break
        if offset == repair.start and (repair.end > repair.start or side == "end"):
            break  # the start of a replacement, or an end just before a deletion
        if offset < repair.end:
            return repair.input_start if side == "start" else repair.input_end
        shift = repair.input_end - repair.end
    return offset + shift


def to_input_span(repairs: Sequence[Repair], start: int, end: int) -> tuple[int, int]:
    """Map a ``[start, end)`` span of ``Document.text`` to the decoded input."""
    return to_input_offset(repairs, start, "start"), to_input_offset(repairs, end, "end")
