"""`reportedly eval plover`: the events stage on the PLOVER gold-standard records.

Each gold record (``plover_data``) is one or two sentences with one coded event. The record's
text is analysed on its own (raw: no repairs, so offsets are the gold's) and one predicted
event is matched to the gold one: the most confident event whose trigger overlaps a gold trigger
piece, else the most confident event in the sentence of the gold trigger, else none. Measures:

* category accuracy, and macro-F1 over the 16 PLOVER categories: a record with no predicted
  event counts as a prediction "NONE", which is wrong for every category (a false negative of
  the gold category) but not a class of its own (no F1 of its own, not in the mean). The mean
  is over the categories that occur in the gold or the predictions of the split scored.
* mode accuracy, over the records whose gold has a mode after mapping: right when category and
  mode both are.
* actor (gold "source") and recipient (gold "target") P/R/F1 by span overlap, over all records,
  on the matched event: a predicted actor is right when its span overlaps a gold actor's, a gold
  actor found when some predicted one overlaps it. Gold actors not found in the text are left
  out of recall (their count is reported).

The category and mode are the ones a PLOVER coder records (``events.coding.plover_coding``:
future cooperation is AGREE, conflict announced for later a THREATEN of that conflict).
Beside the engine, the same run scores two anchors: the majority
category of the tune split, and the CAMEO verb-dictionary baseline (``data/events/
cameo_verbs.json``, derived from the CAMEO descriptions of CAMEO2PLOVER-2021.txt by
``tools/derive_cameo_verbs.py``): the first verb of the text whose lemma is in the dictionary
(else the first such noun) gives the category, its ``nsubj`` subtree the actor and its ``dobj``
subtree the recipient. No published figure on this file is known to the project.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reportedly.evaluation.metrics import percent, scores
from reportedly.evaluation.plover_data import (
    CATEGORIES,
    HELDOUT_EVERY,
    SPLITS,
    GoldEvent,
    Offsets,
    read_gold,
    select,
    split_of,
)
from reportedly.evaluation.unreadable import Unreadable
from reportedly.events.coding import plover_coding
from reportedly.resources import load_json

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from reportedly.model import Event, EventActor
    from reportedly.pipeline import Analyzer

NONE = "NONE"
SYSTEMS = ("engine", "baseline", "majority")


def _overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sentence_of(offset: int, sentences: Sequence[Offsets]) -> Offsets | None:
    return next((s for s in sentences if s[0] <= offset < s[1]), None)


def choose(
    gold: GoldEvent, events: Sequence[Event], sentences: Sequence[Offsets] = ()
) -> tuple[Event | None, str]:
    """The predicted event scored against ``gold``, and how it was chosen: ``trigger`` (its
    trigger overlaps a gold trigger piece, the earliest piece that any overlaps: the first is
    the event's main word), ``sentence`` (the most confident one in the gold trigger's
    sentence, or in the record when the trigger was not located) or ``none``."""

    def best(candidates: list[Event]) -> Event:
        return max(candidates, key=lambda e: e.confidence)  # first of equals

    for piece in gold.trigger:  # the pieces in order: the first is the event's main word
        overlapping = [e for e in events if _overlaps((e.trigger.start, e.trigger.end), piece)]
        if overlapping:
            return best(overlapping), "trigger"
    sentence = _sentence_of(gold.trigger[0][0], sentences) if gold.trigger else None
    near = [e for e in events if sentence is None or sentence[0] <= e.trigger.start < sentence[1]]
    if near:
        return best(near), "sentence"
    return None, "none"


@dataclass
class ActorCounts:
    predicted: int = 0
    gold: int = 0
    right_predicted: int = 0
    found_gold: int = 0
    not_located: int = 0

    def add(self, predicted: Sequence[EventActor], gold: Sequence[Offsets | None]) -> None:
        located = [g for g in gold if g is not None]
        spans = [(a.span.start, a.span.end) for a in predicted]
        self.not_located += len(gold) - len(located)
        self.predicted += len(spans)
        self.gold += len(located)
        self.right_predicted += sum(any(_overlaps(p, g) for g in located) for p in spans)
        self.found_gold += sum(any(_overlaps(p, g) for p in spans) for g in located)

    def figures(self) -> dict[str, Any]:
        p, r, f = scores(self.right_predicted, self.predicted, self.gold, self.found_gold)
        return {
            "P": round(100 * p, 2),
            "R": round(100 * r, 2),
            "F1": round(100 * f, 2),
            "predicted": self.predicted,
            "gold": self.gold,
            "gold_not_located": self.not_located,
        }


@dataclass
class Tally:
    """The counts behind every figure of one system on one split."""

    pairs: list[tuple[str, str]] = field(default_factory=list)  # (gold, predicted category)
    mode_gold: int = 0
    mode_right: int = 0
    matched_by: Counter[str] = field(default_factory=Counter)
    predicted_events: int = 0
    actors: ActorCounts = field(default_factory=ActorCounts)
    recipients: ActorCounts = field(default_factory=ActorCounts)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self, gold: GoldEvent, events: Sequence[Event], sentences: Sequence[Offsets] = ()
    ) -> None:
        event, how = choose(gold, events, sentences)
        category, mode = plover_coding(event) if event is not None else (NONE, None)
        self.pairs.append((gold.category, category))
        self.matched_by[how] += 1
        self.predicted_events += len(events)
        mode_wrong = False
        if gold.mode is not None:
            self.mode_gold += 1
            right = event is not None and category == gold.category and mode == gold.mode
            self.mode_right += right
            mode_wrong = not right
        self.actors.add(event.actors if event else [], [a.span for a in gold.sources])
        self.recipients.add(event.recipients if event else [], [a.span for a in gold.targets])
        if category != gold.category or mode_wrong:
            self.misses.append(miss(gold, event, category, how))

    def figures(self) -> dict[str, Any]:
        n = len(self.pairs)
        per_category = {}
        for c in CATEGORIES:
            tp = sum(g == c and p == c for g, p in self.pairs)
            support = sum(g == c for g, _ in self.pairs)
            predicted = sum(p == c for _, p in self.pairs)
            p, r, f = scores(tp, predicted, support)
            per_category[c] = {
                "P": round(100 * p, 2),
                "R": round(100 * r, 2),
                "F1": round(100 * f, 2),
                "support": support,
                "predicted": predicted,
            }
        present = [row for row in per_category.values() if row["support"] or row["predicted"]]
        macro = round(sum(row["F1"] for row in present) / len(present), 2) if present else 0.0
        return {
            "records": n,
            "category_accuracy": percent(sum(g == p for g, p in self.pairs), n),
            "macro_F1": macro,
            "macro_F1_over": len(present),
            "no_event": sum(p == NONE for _, p in self.pairs),
            "mode_accuracy": percent(self.mode_right, self.mode_gold),
            "mode_records": self.mode_gold,
            "actor": self.actors.figures(),
            "recipient": self.recipients.figures(),
            "matched_by": {k: self.matched_by.get(k, 0) for k in ("trigger", "sentence", "none")},
            "predicted_events": self.predicted_events,
            "per_category": per_category,
        }


def _span_json(text: str, span: Offsets | None) -> Any:
    return None if span is None else [span[0], span[1], text[span[0] : span[1]]]


def miss(gold: GoldEvent, event: Event | None, category: str, how: str) -> dict[str, Any]:
    """One line of ``--errors``: the record, the gold event and the event scored against it."""
    predicted = None
    if event is not None:
        predicted = {
            "category": category,
            "type": event.type,
            "modality": event.modality,
            "mode": event.mode,
            "trigger": [event.trigger.start, event.trigger.end, event.trigger.text],
            "actors": [a.span.text for a in event.actors],
            "recipients": [a.span.text for a in event.recipients],
            "confidence": event.confidence,
        }
    return {
        "id": gold.id,
        "split": split_of(gold.id),
        "text": gold.text,
        "gold": {
            "category": gold.category,
            "mode": gold.mode,
            "old": [gold.old_category, gold.old_mode],
            "trigger": [_span_json(gold.text, s) for s in gold.trigger],
            "actors": [a.text for a in gold.sources],
            "recipients": [a.text for a in gold.targets],
        },
        "predicted": predicted,
        "matched_by": how,
    }


# -- the baseline -------------------------------------------------------------------------


@cache
def cameo_dictionary() -> tuple[dict[str, str], dict[str, str]]:
    """The baseline's (verb lemma -> category, noun lemma -> category) tables."""
    data = load_json("events/cameo_verbs.json", {"verbs": dict, "nouns": dict})
    return dict(data["verbs"]), dict(data["nouns"])


def _subtree_actor(text: str, token: Token) -> EventActor:
    from reportedly.model import EventActor, Span

    start = token.left_edge.idx
    end = token.right_edge.idx + len(token.right_edge.text)
    span = Span.of(text, start, end)
    return EventActor(span=span, name=span.text)


def baseline_events(doc: Doc) -> list[Event]:
    """The CAMEO verb-dictionary lookup: at most one event, from the first verb whose lemma is
    in the dictionary (else the first such noun); actor its ``nsubj`` subtree, recipient its
    ``dobj`` subtree."""
    from reportedly.model import Event, Span

    verbs, nouns = cameo_dictionary()
    text = doc.text
    trigger = next((t for t in doc if t.pos_ == "VERB" and t.lemma_.lower() in verbs), None)
    category = verbs[trigger.lemma_.lower()] if trigger is not None else None
    if trigger is None:
        trigger = next((t for t in doc if t.pos_ == "NOUN" and t.lemma_.lower() in nouns), None)
        category = nouns[trigger.lemma_.lower()] if trigger is not None else None
    if trigger is None or category is None:
        return []
    actors = [_subtree_actor(text, c) for c in trigger.children if c.dep_ == "nsubj"]
    recipients = [_subtree_actor(text, c) for c in trigger.children if c.dep_ == "dobj"]
    return [
        Event(
            id="baseline-0",
            trigger=Span.of(text, trigger.idx, trigger.idx + len(trigger.text)),
            type=category,  # type: ignore[arg-type]  # the dictionary holds categories only
            actors=actors,
            recipients=recipients,
        )
    ]


def baseline_predictions(nlp: Language, texts: Sequence[str]) -> list[list[Event]]:
    """The baseline on each text, parsed by ``nlp`` with the project's own stages switched off."""
    stages = [name for name in nlp.pipe_names if name.startswith("reportedly_")]
    return [baseline_events(doc) for doc in nlp.pipe(texts, disable=stages)]


# -- the engine ---------------------------------------------------------------------------


def make_analyzer() -> Analyzer:
    from reportedly.pipeline import Analyzer

    return Analyzer()


def engine_predictions(
    analyzer: Analyzer, golds: Sequence[GoldEvent]
) -> tuple[list[list[Event]], list[list[Offsets]]]:
    """The engine's events and sentences for each record (each text analysed raw)."""
    documents = [analyzer.prepare(g.text, raw=True, strict=False, doc_id=g.id) for g in golds]
    events, sentences = [], []
    for report in analyzer.analyze_documents(documents):
        events.append(list(report.events))
        sentences.append([(s.start, s.end) for s in report.sentences])
    return events, sentences


# -- a run --------------------------------------------------------------------------------


def score(
    golds: Sequence[GoldEvent],
    predictions: Iterable[Sequence[Event]],
    sentences: Iterable[Sequence[Offsets]] | None = None,
) -> Tally:
    tally = Tally()
    sentence_lists = list(sentences) if sentences is not None else None
    for n, (gold, events) in enumerate(zip(golds, predictions, strict=True)):
        tally.add(gold, events, sentence_lists[n] if sentence_lists is not None else ())
    return tally


def majority_category(golds: Sequence[GoldEvent]) -> str:
    """The most frequent gold category of the tune split (ties: the manual's order)."""
    counts = Counter(g.category for g in select(golds, "tune"))
    if not counts:
        return CATEGORIES[0]
    return min(counts, key=lambda c: (-counts[c], CATEGORIES.index(c)))


def majority_predictions(golds: Sequence[GoldEvent], category: str) -> list[list[Event]]:
    """One event of ``category`` per record, on the record's first character, no actors."""
    from reportedly.model import Event, Span

    out = []
    for g in golds:
        start = g.trigger[0][0] if g.trigger else 0
        span = Span.of(g.text, start, min(start + 1, len(g.text)))
        out.append([Event(id="majority-0", trigger=span, type=category)])  # type: ignore[arg-type]
    return out


def evaluate(
    data: Path,
    split: str = "heldout",
    unreadable: Unreadable | None = None,
    analyzer: Analyzer | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Figures of the engine and both anchors on one split, and the engine's misses."""
    unreadable = unreadable if unreadable is not None else Unreadable()
    everything = read_gold(data, unreadable) or []
    golds = select(everything, split)
    analyzer = analyzer or make_analyzer()
    engine_events, sentences = engine_predictions(analyzer, golds)
    engine = score(golds, engine_events, sentences)
    baseline = score(golds, baseline_predictions(analyzer.nlp, [g.text for g in golds]))
    majority = majority_category(everything)
    trivial = score(golds, majority_predictions(golds, majority))
    result: dict[str, Any] = {
        "corpus": str(data),
        "split": split,
        "split_rule": f"heldout: id number % {HELDOUT_EVERY} == 0; tune: the rest",
        "records": len(golds),
        "records_in_file": len(everything),
        "unreadable": len(unreadable),
        "systems": {
            "engine": engine.figures(),
            "baseline": baseline.figures(),
            "majority": trivial.figures(),
        },
        "majority_category": majority,
        "published": None,
    }
    return result, engine.misses


def write_errors(path: Path, misses: Iterable[dict[str, Any]]) -> int:
    lines = [json.dumps(m, ensure_ascii=False) for m in misses]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def command(
    data: Annotated[Path, typer.Option(help="PLOVER_GSR_CAMEO.json (the PLOVER gold records).")],
    split: Annotated[
        str, typer.Option(help="heldout (id number % 5 == 0), tune (the rest) or all")
    ] = "heldout",
    errors: Annotated[
        Path | None, typer.Option(help="Write the engine's misses here, one JSON line each.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also the per-category table.")
    ] = False,
) -> None:
    """PLOVER category accuracy and macro-F1, mode accuracy, actor and recipient P/R/F1."""
    if split not in SPLITS:
        raise typer.BadParameter(f"split must be one of {', '.join(SPLITS)}", param_hint="--split")
    if fmt not in ("table", "json"):
        raise typer.BadParameter("format must be table or json", param_hint="--format")
    if not data.is_file():
        raise typer.BadParameter(f"{data} is not a file", param_hint="--data")
    unreadable = Unreadable()
    result, misses = evaluate(data, split, unreadable)
    if errors is not None:
        result["errors_written"] = write_errors(errors, misses)
    summary = unreadable.summary()
    if fmt == "json":
        typer.echo(json.dumps(result, indent=2))
    else:
        print_tables(result, verbose)
    if summary:
        typer.echo(summary, err=True)


def print_tables(result: dict[str, Any], verbose: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    systems = result["systems"]
    engine = systems["engine"]
    table = Table(
        title=f"PLOVER gold records, split {result['split']}: {result['records']} of "
        f"{result['records_in_file']} records ({result['split_rule']})",
        caption=f"engine: {engine['predicted_events']} events predicted, matched by trigger "
        f"{engine['matched_by']['trigger']}, by sentence {engine['matched_by']['sentence']}, "
        f"none {engine['matched_by']['none']}; majority = {result['majority_category']}; "
        "no published figure on this file",
    )
    labels = {
        "engine": "reportedly",
        "baseline": "CAMEO verb dictionary",
        "majority": "majority category",
    }
    for column in ("system", "cat. acc", "macro-F1", "mode acc", "actor F1", "recip. F1"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for name in SYSTEMS:
        row = systems[name]
        table.add_row(
            labels[name],
            f"{row['category_accuracy']:.2f}",
            f"{row['macro_F1']:.2f}",
            f"{row['mode_accuracy']:.2f}",
            f"{row['actor']['F1']:.2f}",
            f"{row['recipient']['F1']:.2f}",
        )
    console.print(table)
    detail = Table(title="actors (gold source) and recipients (gold target), span overlap")
    for column in ("system", "role", "P", "R", "F1", "pred", "gold", "not located"):
        detail.add_column(column, justify="left" if column in ("system", "role") else "right")
    for name in ("engine", "baseline"):
        for role in ("actor", "recipient"):
            row = systems[name][role]
            detail.add_row(
                labels[name],
                role,
                *(f"{row[k]:.2f}" for k in ("P", "R", "F1")),
                *(str(row[k]) for k in ("predicted", "gold", "gold_not_located")),
            )
    console.print(detail)
    if not verbose:
        return
    per = Table(title="per category (engine | baseline): P / R / F1")
    for column in ("category", "support", "reportedly", "CAMEO verb dictionary"):
        per.add_column(column, justify="left" if column == "category" else "right")
    for category in CATEGORIES:
        cells = []
        for name in ("engine", "baseline"):
            row = systems[name]["per_category"][category]
            cells.append(f"{row['P']:.1f} / {row['R']:.1f} / {row['F1']:.1f}")
        support = systems["engine"]["per_category"][category]["support"]
        per.add_row(category, str(support), *cells)
    console.print(per)
