"""Stage `reportedly_attribution`: claims, their sources and chains, and scare quotes.

The work is done by a backend (``reportedly.attribution``): ``rules`` (the default, fast, with
the learned cue calibration unless ``calibration`` is None) or
``tagger`` (accurate mode: the trained tagger shipped in the package, or the exported model
folder named by ``model``).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.attribution import AttributionBackend
from reportedly.attribution.engine import RuleBackend
from reportedly.attribution.spans import forget
from reportedly.contract import ASSIGNS, parts
from reportedly.stages.budget import budgeted

VERSION = "0.1.0"


class AttributionStage:
    def __init__(self, backend: AttributionBackend, model: str | None = None) -> None:
        self.backend = backend
        #: The trained model the backend runs, if any (named in the report's stage list).
        self.model = model

    @budgeted
    def __call__(self, doc: Doc) -> Doc:
        try:
            claims, scare = self.backend.extract(doc)
        finally:
            forget(doc)  # its caches hold spaCy spans, which a serialised Doc cannot carry
        store = parts(doc)
        store["claims"] = claims
        store["scare_quotes"] = scare
        return doc


BACKENDS = ("rules", "tagger")


@Language.factory(
    "reportedly_attribution",
    default_config={"backend": "rules", "model": None, "calibration": "shipped"},
    assigns=ASSIGNS,
    # token.pos too: set by the attribute ruler, which declares no assigns
    requires=["doc.ents", "doc.sents", "token.dep", "token.lemma", "token.tag"],
)
def make_attribution_stage(
    nlp: Language, name: str, backend: str, model: str | None, calibration: str | None
) -> AttributionStage:
    """``calibration`` (rules only): "shipped", a calibration file's path, or None for the
    rules alone."""
    if backend == "rules":
        if calibration is None:
            return AttributionStage(RuleBackend(nlp))
        from reportedly.attribution.calibration import load

        learned = load(None if calibration == "shipped" else Path(calibration))
        return AttributionStage(RuleBackend(nlp, learned), learned.name)
    if backend == "tagger":
        from reportedly.tagger.backend import TaggerBackend, model_name, shipped_model

        folder = Path(model) if model else shipped_model()
        return AttributionStage(TaggerBackend(folder, RuleBackend(nlp)), model_name(folder))
    raise ValueError(f"unknown attribution backend {backend!r}; known: {', '.join(BACKENDS)}")
