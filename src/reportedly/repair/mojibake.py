"""Mojibake, HTML entities and control characters, fixed by ftfy one line at a time.

ftfy is configured to leave typography alone: curly quotes stay curly, dashes and full-width
characters stay as written, line breaks and Unicode normalisation are untouched (each would
shift offsets for no gain). A character diff of each changed line turns ftfy's result into
small edits, so each fixed sequence is its own recorded repair.
"""

from __future__ import annotations

import difflib
import functools
import html
import re

import ftfy

from reportedly.model import RepairKind
from reportedly.repair.edits import Edit, overlaps

_SUSPECT = re.compile(r"[^\x20-\x7e\t\n\r]|&")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@functools.cache
def _config() -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        unescape_html=False,  # done here, so each entity is one whole repair
        uncurl_quotes=False,
        fix_character_width=False,
        fix_line_breaks=False,
        normalization=None,
        explain=False,
    )


def mojibake_edits(line: str, offset: int) -> list[Edit]:
    """Edits (in input offsets, ``offset`` being where ``line`` starts) that ftfy makes."""
    if not _SUSPECT.search(line):
        return []
    edits = [
        Edit(offset + m.start(), offset + m.end(), html.unescape(m.group()), "html_entity")
        for m in _ENTITY.finditer(line)
        if html.unescape(m.group()) != m.group()
    ]
    fixed = ftfy.fix_text(line, _config())
    if fixed == line:
        return edits
    matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
    pending: list[int] | None = None  # [i1, i2, j1, j2] of a run of non-equal opcodes
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            if pending:
                edits.append(_edit(line, fixed, pending, offset))
            pending = None
        elif pending is None:
            pending = [i1, i2, j1, j2]
        else:
            pending[1], pending[3] = i2, j2
    if pending:
        edits.append(_edit(line, fixed, pending, offset))
    return _without_overlaps(edits)


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    """Entity edits come first; a ftfy edit touching one is dropped, not half-applied."""
    kept: list[Edit] = []
    for edit in edits:
        if not any(overlaps(edit, other) for other in kept):
            kept.append(edit)
    return sorted(kept)


def _edit(line: str, fixed: str, span: list[int], offset: int) -> Edit:
    i1, i2, j1, j2 = span
    original = line[i1:i2]
    return Edit(offset + i1, offset + i2, fixed[j1:j2], _kind(original, fixed[j1:j2]))


def _kind(original: str, replacement: str) -> RepairKind:
    if not replacement and any(not c.isprintable() for c in original):
        return "control_character"
    return "mojibake"
