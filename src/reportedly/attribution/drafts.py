"""The working record the rules fill in before it becomes a ``Claim``."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from reportedly.attribution.spans import CharRange, TokRange
from reportedly.model import ClaimForm, Stance


@dataclass
class Draft:
    """One attribution found by a rule: token ranges for sources, characters for the rest."""

    head: Token
    cues: list[CharRange]
    source: TokRange | None
    content: list[CharRange]
    form: ClaimForm = "indirect"
    stance: Stance = "assertion"
    outer: list[TokRange] = field(default_factory=list)
    """Outer reporters, outermost first (``Bloomberg`` in "reports Bloomberg, citing ...")."""
    source_chars: CharRange | None = None
    """The source as another engine wrote it, where it need not fall on token edges."""
    confidence: float = 1.0
    """How likely this is an attribution, where a model says (cue calibration, the tagger)."""
    engine: str | None = None
    """The engine that found it, where it differs from the one building the claims."""
    fixed: bool = False
    """Content read off the layout (speaker turns, sign-offs): quotation handling keeps it."""
    judged: bool = True
    """Whether the cue calibration judges it: False for a narrow rule whose shape train never
    shows the calibration (a speech verb tagged as a noun after a quote, ``speech.py``)."""

    @property
    def start(self) -> int:
        return min(a for a, _ in [*self.cues, *self.content])

    def cue_tokens(self) -> set[int]:
        doc = self.head.doc
        out: set[int] = set()
        for a, b in self.cues:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                out.update(t.i for t in span)
        return out
