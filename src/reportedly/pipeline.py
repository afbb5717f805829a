"""The one pipeline: text repair, then one spaCy pass with the reportedly stages, then a record.

The spaCy pipeline is heavy (about half a second to load), so an ``Analyzer`` loads it on first
use and keeps it; ``default_analyzer()`` gives the process one shared, lazily built instance.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from reportedly import __version__
from reportedly.contract import PARTS, ensure_extensions, parts
from reportedly.ingest.decoding import encoding_warning
from reportedly.ingest.errors import DocumentFailed, DocumentProblem, DocumentSkipped
from reportedly.ingest.item import InputItem
from reportedly.ingest.language import non_english_reason
from reportedly.loading import load_pipeline
from reportedly.long_tokens import PARSE_PIECE, LongTokenGuard, split_for_parse
from reportedly.model import Document, DocumentError, Report, Span, StageInfo
from reportedly.repair import Lexicon, repair_text
from reportedly.settings import GAZETTEER_STAGES, MODES, SPACY_PIPELINE, STAGE_ORDER, Settings
from reportedly.stages import STAGE_MODULES
from reportedly.stages.budget import DocumentTimeout, set_budget
from reportedly.stages.headline import mark_headline_end, mark_paragraph_starts


def load_spacy(
    name: str = SPACY_PIPELINE,
    stages: Iterable[str] = (),
    config: dict[str, dict[str, Any]] | None = None,
) -> Language:
    """Load the pinned English pipeline from the installed package (never from the network)."""
    nlp = load_pipeline(name)
    config = config or {}
    for stage in stages:
        nlp.add_pipe(stage, config=config.get(stage, {}))
    return nlp


#: The components ``Analyzer`` adds around the stages: the headline's sentence end before the
#: parser, the figures' and dates' claims after the attribution stage.
HEADLINE, CLAIM_LINKS = "reportedly_headline", "reportedly_claim_links"


class Analyzer:
    """Turns documents into reports; holds the loaded pipeline for reuse."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._nlp: Language | None = None
        self._lexicon: Lexicon | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            ordered = [name for name in STAGE_ORDER if name in self.settings.stages]
            nlp = load_spacy(self.settings.spacy_pipeline, ordered, self._stage_config())
            nlp.add_pipe(HEADLINE, first=True)
            nlp.add_pipe(CLAIM_LINKS)
            nlp.max_length = max(nlp.max_length, self.settings.max_chars + 1)
            nlp.tokenizer = LongTokenGuard(nlp.tokenizer, nlp.vocab)
            _set_error_handler(nlp)
            self._nlp = nlp
        return self._nlp

    @property
    def lexicon(self) -> Lexicon:
        """The word check behind glued-word repair, built from the loaded pipeline."""
        if self._lexicon is None:
            self._lexicon = Lexicon(self.nlp)
        return self._lexicon

    def prepare(
        self,
        text: str,
        *,
        published: date | datetime | str | None = None,
        outlet: str | None = None,
        title: str | None = None,
        url: str | None = None,
        doc_id: str | None = None,
        raw: bool = False,
        strict: bool = True,
        **metadata: Any,
    ) -> Document:
        """Repair the text (unless ``raw``) and wrap it with its metadata.

        Raises ``DocumentSkipped`` for a text over ``Settings.max_chars`` and, when ``strict``
        (the batch default), for one that is empty or not English; ``DocumentFailed`` for an
        unreadable ``published`` date. Not strict, such a text is prepared anyway and
        ``Document.language`` stays None.
        """
        if len(text) > self.settings.max_chars:
            raise DocumentSkipped(
                f"too large: {len(text):,} characters, over the limit of "
                f"{self.settings.max_chars:,}"
            )
        if strict and not text.strip():
            raise DocumentSkipped("empty text" if not text else "text is only whitespace")
        repaired, repairs = (text, []) if raw else repair_text(text, self.lexicon)
        if strict and not repaired.strip():
            raise DocumentSkipped("no text left once site clutter is removed")
        language = None
        if self.settings.check_language and repaired.strip():
            reason = non_english_reason(repaired)
            if reason and strict:
                raise DocumentSkipped(reason)
            language = None if reason else "en"
        return Document(
            id=doc_id
            or "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16],
            text=repaired,
            title=title,
            published=parse_published(published),
            outlet=outlet,
            url=url,
            language=language,
            raw=raw or not repairs,
            repairs=repairs,
            **metadata,
        )

    def analyze(self, text: str, **kwargs: Any) -> Report:
        """Analyse one text; keyword arguments are those of ``prepare``.

        Unlike a batch, an empty or non-English text is analysed anyway, with a warning in
        the report. Raises ``DocumentSkipped``/``DocumentFailed`` (both ``ValueError``) for an
        over-size text or a bad ``published`` date.
        """
        document = self.prepare(text, **{"strict": False, **kwargs})
        result = next(self.analyze_items([document]))
        if isinstance(result, DocumentError):
            raise DocumentFailed(result.reason)
        return result

    def analyze_documents(self, documents: Iterable[Document]) -> Iterator[Report]:
        """Analyse prepared documents in batches, yielding reports in input order."""
        for result in self.analyze_items(documents):
            if isinstance(result, DocumentError):
                raise DocumentFailed(f"{result.origin}: {result.reason}")
            yield result

    def analyze_items(
        self,
        items: Iterable[InputItem | Document | DocumentError],
        *,
        raw: bool = False,
        overrides: dict[str, Any] | None = None,
        skip_duplicates: bool = False,
    ) -> Iterator[Report | DocumentError]:
        """Analyse a stream of inputs in ``nlp.pipe`` batches: one result per input, in order.

        An input that cannot be analysed (already a ``DocumentError``, rejected by ``prepare``,
        or broken inside a stage) yields a ``DocumentError`` in its place and the stream goes
        on. ``overrides`` (``published``, ``outlet``, ``title``) win over each item's metadata.
        """
        nlp = self.nlp
        ensure_extensions()
        queue: deque[_Pending] = deque()
        seen: dict[str, str] = {}

        def feed() -> Iterator[tuple[Doc, _Pending]]:
            for n, item in enumerate(items, 1):
                pending = _Pending(origin=_origin(item, n))
                queue.append(pending)
                if isinstance(item, DocumentError):
                    pending.error = item
                    continue
                try:
                    pending.document = self._document(item, raw, overrides or {})
                    pending.warnings = self._warnings(item, pending.document)
                    if skip_duplicates:
                        key = hashlib.sha1(pending.document.text.encode("utf-8", "replace"))
                        first = seen.setdefault(key.hexdigest(), pending.origin)
                        if first != pending.origin:
                            raise DocumentSkipped(f"duplicate of {first}")
                    if len(pending.document.text) > self.parse_piece:
                        pending.long = True  # parsed in pieces when its turn comes (_settle)
                        continue
                    doc = nlp.make_doc(pending.document.text)
                except DocumentProblem as problem:
                    pending.error = problem.error(pending.origin)
                    continue
                except Exception as exc:  # one broken input must not stop the batch
                    pending.error = _internal_error(pending.origin, "preparing", exc)
                    continue
                set_budget(doc, self.settings.budget(len(pending.document.text)))
                doc._.published = pending.document.published
                doc._.outlet = pending.document.outlet
                yield doc, pending

        started = time.perf_counter()
        stages = self.stage_infos()
        for doc, pending in nlp.pipe(feed(), as_tuples=True, batch_size=self.settings.batch_size):
            while queue and queue[0] is not pending:
                yield self._settle(queue.popleft(), stages)
            queue.popleft()
            assert pending.document is not None
            try:
                report = build_report(pending.document, doc, stages, time.perf_counter() - started)
                report.warnings.extend(pending.warnings)
            except Exception as exc:
                yield _internal_error(pending.origin, "building the report", exc)
            else:
                yield report
            started = time.perf_counter()
        while queue:
            yield self._settle(queue.popleft(), stages)

    #: Documents longer than this are parsed in pieces (``long_tokens.split_for_parse``).
    parse_piece = PARSE_PIECE

    def _settle(self, pending: _Pending, stages: list[StageInfo]) -> Report | DocumentError:
        """The result of an input that left the ``nlp.pipe`` stream: an error, or a long
        document, analysed now."""
        if pending.error is not None or not pending.long or pending.document is None:
            return pending.failure()
        started = time.perf_counter()
        document = pending.document
        try:
            doc = self._parse_in_pieces(document.text)
        except Exception as exc:
            return _internal_error(pending.origin, "parsing", exc)
        doc._.published, doc._.outlet = document.published, document.outlet
        set_budget(doc, self.settings.budget(len(document.text)))
        for name, stage in self.nlp.pipeline:
            if name not in (*STAGE_ORDER, CLAIM_LINKS):
                continue
            try:
                doc = stage(doc)
            except DocumentTimeout as exc:
                return DocumentError(
                    origin=pending.origin, status="failed", reason=f"{exc} (in stage {name})"
                )
            except Exception as exc:
                return _internal_error(pending.origin, f"stage {name}", exc)
        try:
            report = build_report(document, doc, stages, time.perf_counter() - started)
        except Exception as exc:
            return _internal_error(pending.origin, "building the report", exc)
        report.warnings.extend(pending.warnings)
        return report

    def _parse_in_pieces(self, text: str) -> Doc:
        """spaCy's own components over pieces of ``text``, joined into one ``Doc``."""
        nlp = self.nlp
        pieces = [nlp.make_doc(piece) for piece in split_for_parse(text, self.parse_piece)]
        mark_headline_end(pieces[0])
        for piece in pieces[1:]:
            mark_paragraph_starts(piece)
        ours = [name for name, _ in nlp.pipeline if name in (*STAGE_ORDER, HEADLINE, CLAIM_LINKS)]
        parsed = list(nlp.pipe(pieces, batch_size=1, disable=ours))
        if len(parsed) != len(pieces):
            raise RuntimeError("the parser failed on a piece of the document")
        doc = Doc.from_docs(parsed, ensure_whitespace=False)
        if doc.text != text:
            raise RuntimeError("joining the parsed pieces changed the text")
        return doc

    def _document(
        self, item: InputItem | Document, raw: bool, overrides: dict[str, Any]
    ) -> Document:
        if isinstance(item, Document):
            return item
        metadata = {**item.metadata, **overrides}
        return self.prepare(
            item.text,
            raw=raw,
            origin=item.origin,
            input_format=item.input_format,
            encoding=item.encoding,
            **metadata,
        )

    def _warnings(self, item: InputItem | Document, document: Document) -> list[str]:
        """What a reader of the report should know about its input."""
        if isinstance(item, InputItem):
            warnings = list(item.warnings)
        else:
            warning = encoding_warning(document.encoding, document.text)
            warnings = [warning] if warning else []
        if self.settings.check_language and document.language is None:
            reason = non_english_reason(document.text)
            if reason:
                warnings.append(f"{reason}; analysed anyway")
        words = len(document.text.split())
        if words < SHORT_TEXT_WORDS:
            warnings.append(f"very short text ({words} words): a headline or a near-empty page?")
        return warnings

    def _stage_config(self) -> dict[str, dict[str, Any]]:
        """The settings' stage config, with the mode's attribution backend and the settings'
        gazetteer size unless it names them itself."""
        config = {name: dict(values) for name, values in self.settings.stage_config.items()}
        attribution = config.setdefault("reportedly_attribution", {})
        attribution.setdefault("backend", MODES[self.settings.mode])
        for name in GAZETTEER_STAGES:
            config.setdefault(name, {}).setdefault("min_population", self.settings.min_population)
        sizes = {config[name]["min_population"] for name in GAZETTEER_STAGES}
        if len(sizes) > 1:
            raise ValueError(
                "reportedly_entities and reportedly_places read one gazetteer: give one "
                "min_population (Settings.min_population), not two"
            )
        return config

    def stage_infos(self) -> list[StageInfo]:
        infos = []
        for name in STAGE_ORDER:
            if name not in self.settings.stages:
                continue
            model = getattr(self.nlp.get_pipe(name), "model", None) if self._nlp else None
            infos.append(
                StageInfo(
                    name=name,
                    version=getattr(STAGE_MODULES[name], "VERSION", "0"),
                    model=model if isinstance(model, str) else None,
                )
            )
        return infos


@dataclass
class _Pending:
    """One input on its way through ``nlp.pipe``, carried as the spaCy context."""

    origin: str
    document: Document | None = None
    warnings: list[str] = field(default_factory=list)
    error: DocumentError | None = None
    #: Too long for one parse: analysed in pieces, outside the ``nlp.pipe`` stream.
    long: bool = False

    def failure(self) -> DocumentError:
        return self.error or DocumentError(
            origin=self.origin, status="failed", reason="internal error: no result from spaCy"
        )


def _set_error_handler(nlp: Language) -> None:
    """Let a failing stage fail its documents, not the batch (``Language.set_error_handler``
    cannot be used: the Cython parser raises on it)."""
    nlp.default_error_handler = _record_stage_error
    for _name, component in nlp.pipeline:
        with contextlib.suppress(AttributeError):
            component.set_error_handler(_record_stage_error)  # type: ignore[attr-defined]


def _record_stage_error(name: str, proc: Any, docs: list[Doc], exc: Exception) -> None:
    """spaCy error handler: mark the documents of a failing batch, let the others go on."""
    for doc in docs:
        pending = getattr(doc, "_context", None)
        if not isinstance(pending, _Pending):
            continue
        if isinstance(exc, DocumentTimeout):
            pending.error = DocumentError(
                origin=pending.origin, status="failed", reason=f"{exc} (in stage {name})"
            )
        else:
            pending.error = _internal_error(pending.origin, f"stage {name}", exc)


def _internal_error(origin: str, where: str, exc: Exception) -> DocumentError:
    message = str(exc).splitlines()[0] if str(exc) else ""
    return DocumentError(
        origin=origin,
        status="failed",
        reason=f"internal error in {where}: {type(exc).__name__}: {message}"[:500],
    )


def _origin(item: InputItem | Document | DocumentError, n: int) -> str:
    if isinstance(item, Document):
        return item.origin or item.id
    return item.origin or f"item {n}"


#: Fewer words than this is a headline or a near-empty page: analysed, but flagged.
SHORT_TEXT_WORDS = 25


def parse_published(value: date | datetime | str | None) -> date | None:
    """A publication date from a ``date``, a ``datetime`` or an ISO string (time ignored)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise DocumentFailed(f"published date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def build_report(document: Document, doc: Doc, stages: list[StageInfo], seconds: float) -> Report:
    """Gather what the stages put on the ``Doc`` into one validated record."""
    store = parts(doc)
    unknown = set(store) - set(PARTS)
    if unknown:
        raise RuntimeError(f"stage wrote unknown part(s): {sorted(unknown)}")
    text = document.text
    sentences = [Span.of(text, sent.start_char, sent.end_char) for sent in doc.sents]
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


@functools.cache
def default_analyzer() -> Analyzer:
    """The process-wide analyzer behind ``reportedly.analyze``; built on first call."""
    return Analyzer()
