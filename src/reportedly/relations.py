"""One attribution as plain offsets: the type the tagger, the rules' scorer and PolNeAR share.

Each role is a tuple of ``[start, end)`` character fragments (maybe empty), so a relation can
be compared, hashed and scored without spaCy or the record model.
"""

from __future__ import annotations

from dataclasses import dataclass

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class Relation:
    """One attribution: cue, source and content fragments."""

    cue: Fragments
    source: Fragments
    content: Fragments
