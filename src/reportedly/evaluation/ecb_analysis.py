"""Running the pipeline over ECB+ documents: reports, and the head lemma of each gold mention.

Kept apart from the scorer so the expensive step can be cached (``--cache DIR``, off by
default; one JSON file per document, keyed by the SHA-1 of the text and the version) and
shows its progress on stderr. spaCy is imported inside the functions (layer 4).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportedly import __version__
from reportedly.evaluation.ecb_data import EcbDocument, GoldMention
from reportedly.model import Report

#: Stages whose records stories and event arguments read (no attribution, no quantities).
STAGES = ("reportedly_entities", "reportedly_places", "reportedly_times")


@dataclass(frozen=True)
class MentionWords:
    """What spaCy says about a gold mention's head: lemma and part of speech."""

    lemma: str
    pos: str


def _key(document: EcbDocument) -> str:
    digest = hashlib.sha1(document.text.encode("utf-8")).hexdigest()[:16]
    return f"{document.name}.{digest}.{__version__}.json"


def _progress(label: str, done: int, total: int, started: float) -> None:
    if done == total or done % 25 == 0:
        seconds = time.perf_counter() - started
        print(f"\r{label}: {done}/{total} ({seconds:.0f} s)", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr, flush=True)


def analyse(
    documents: Sequence[EcbDocument],
    mentions: Sequence[GoldMention],
    cache: Path | None = None,
) -> tuple[dict[str, Report], dict[str, MentionWords]]:
    """Reports by document name, and head words by mention id, from one pipeline load."""
    from reportedly.pipeline import Analyzer, Settings

    analyzer = Analyzer(Settings(stages=STAGES, check_language=False))
    reports: dict[str, Report] = {}
    words: dict[str, MentionWords] = {}
    todo: list[EcbDocument] = []
    by_doc: dict[str, list[GoldMention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc, []).append(mention)
    for document in documents:
        path = cache / _key(document) if cache else None
        if path is not None and path.is_file():
            stored = json.loads(path.read_text(encoding="utf-8"))
            reports[document.name] = Report.model_validate(stored["report"])
            words.update({k: MentionWords(*v) for k, v in stored["words"].items()})
        else:
            todo.append(document)
    if not todo:
        return reports, words
    prepared = [
        analyzer.prepare(d.text, doc_id=d.name, raw=True, strict=False, title=_title(d))
        for d in todo
    ]
    started = time.perf_counter()
    label = "analysing ECB+ documents"
    stream = analyzer.analyze_documents(prepared)
    ours = [name for name in analyzer.nlp.pipe_names if name.startswith("reportedly")]
    parsed = analyzer.nlp.pipe((d.text for d in todo), disable=ours, batch_size=16)
    for n, (document, report, doc) in enumerate(zip(todo, stream, parsed, strict=True), 1):
        reports[document.name] = report
        found = {m.id: _head(doc, document, m) for m in by_doc.get(document.name, [])}
        words.update(found)
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            record: dict[str, Any] = {
                "report": report.model_dump(mode="json", by_alias=True),
                "words": {k: [v.lemma, v.pos] for k, v in found.items()},
            }
            (cache / _key(document)).write_text(json.dumps(record), encoding="utf-8")
        _progress(label, n, len(todo), started)
    return reports, words


def _title(document: EcbDocument) -> str | None:
    """The first sentence that is not a URL: ECB+ articles open with their headline."""
    for start, end in document.sentences.values():
        line = document.text[start:end]
        if "http" not in line and "www" not in line and len(line.split()) >= 3:
            return line[:200]
    return None


def _head(doc: Any, document: EcbDocument, mention: GoldMention) -> MentionWords:
    """The mention's syntactic head (the token whose head lies outside the mention)."""
    spans = [document.tokens[(mention.sentence, n)] for n in mention.tokens]
    tokens = [t for t in doc if any(t.idx < end and t.idx + len(t) > start for start, end in spans)]
    if not tokens:
        return MentionWords(mention.head.lower(), "X")
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    content = [t for t in heads if t.pos_ in ("VERB", "NOUN", "PROPN", "ADJ")]
    head = (content or heads or tokens)[0]
    return MentionWords(head.lemma_.lower(), head.pos_)
