"""Text repair, never silent: every change is a recorded ``Repair`` that maps back to the input.

Passes, all proposing edits against the decoded input (see ``edits``): site clutter lines are
removed whole (``clutter``); on every other line, mojibake, HTML entities and control
characters are fixed (``mojibake``), missing spaces after sentence ends inserted (``spacing``),
and, when a ``Lexicon`` is given, surely glued words split (``glue``). Where two passes touch
the same input, the earlier pass wins.
"""

from __future__ import annotations

from reportedly.model import Repair
from reportedly.repair.clutter import is_clutter
from reportedly.repair.edits import (
    Edit,
    apply_edits,
    apply_repairs,
    overlaps,
    to_input_offset,
    to_input_span,
)
from reportedly.repair.glue import glued_word_edits
from reportedly.repair.lexicon import Lexicon
from reportedly.repair.mojibake import mojibake_edits
from reportedly.repair.spacing import sentence_space_edits

__all__ = [
    "Lexicon",
    "apply_repairs",
    "repair_text",
    "to_input_offset",
    "to_input_span",
]


def repair_text(text: str, lexicon: Lexicon | None = None) -> tuple[str, list[Repair]]:
    """The repaired text and the repairs that turn ``text`` into it."""
    edits: list[Edit] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        if is_clutter(body):
            edits.append(Edit(offset, offset + len(line), "", "clutter"))
        else:
            line_edits = mojibake_edits(body, offset)
            for extra in (
                sentence_space_edits(body, offset),
                glued_word_edits(body, offset, lexicon) if lexicon else [],
            ):
                line_edits.extend(e for e in extra if not any(overlaps(e, k) for k in line_edits))
            edits.extend(line_edits)
        offset += len(line)
    return apply_edits(text, edits)
