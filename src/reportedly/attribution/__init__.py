"""Attribution: who says what, on whose authority.

A backend turns a parsed ``Doc`` into ``Claim`` and ``ScareQuote`` records. The rule backend
(``RuleBackend``) is the default; a learned tagger can plug in by implementing
``AttributionBackend`` and being named in the stage config.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from reportedly.model import Claim, ScareQuote


class AttributionBackend(Protocol):
    """What the attribution stage needs from an engine."""

    name: str

    def extract(self, doc: Doc) -> tuple[list[Claim], list[ScareQuote]]:
        """Claims (ids c1.. in document order) and scare quotes found in ``doc``."""
        ...
