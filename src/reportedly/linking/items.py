"""What can be linked in a report, as plain views: claims (with a comparable source key),
statements (sentences the outlet says in its own voice), figures and dates, each with the
content words of its proposition and the sentence it sits in.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from reportedly.corpus.actors import actor_key
from reportedly.entities.names import fold, name_key, same_key
from reportedly.events.coding import plover_category
from reportedly.linking.kinds import ItemKind
from reportedly.linking.records import LinkEnd
from reportedly.linking.text import content_words, negated, tokens
from reportedly.model import (
    Claim,
    Event,
    EventActor,
    Quantity,
    Report,
    Source,
    Span,
    TimeExpression,
)

#: Cue words that keep a distance from what is reported ("claimed", "alleged").
DISTANCING_CUES = frozenset(
    {
        "claim",
        "claims",
        "claimed",
        "claiming",
        "allege",
        "alleges",
        "alleged",
        "alleging",
        "purported",
        "purportedly",
        "insisted",
        "insists",
    }
)
#: Stances that hedge: the source does not assert the content as fact.
HEDGED_STANCES = frozenset({"belief", "doubt"})


@dataclass(frozen=True)
class SourceKey:
    """A source as comparable across articles: an actor key, or kind + folded words."""

    key: str
    label: str
    kind: str
    #: the romanisation-neutral surname when the source is named like a person
    surname: str | None = None

    def same_as(self, other: SourceKey) -> bool:
        if self.key == other.key:
            return True
        if self.surname and other.surname:
            return same_key(self.surname, other.surname)
        if self.kind == other.kind and self.kind in ("anonymous", "document", "government"):
            mine, theirs = set(self.key.split()[1:]), set(other.key.split()[1:])
            return bool(mine and theirs) and len(mine & theirs) >= 0.5 * min(len(mine), len(theirs))
        return False


@dataclass
class Item:
    """One linkable thing of one report."""

    document: str
    origin: str | None
    item: ItemKind
    id: str | None
    span: Span
    sentence: int
    words: list[str]
    negated: bool = False
    source: SourceKey | None = None
    stance: str = "assertion"
    cue: str = ""
    published: date | None = None
    extra: dict[str, object] = field(default_factory=dict)
    #: the words compared for meaning (a claim's content, a statement's sentence)
    text: str = ""

    def end(self) -> LinkEnd:
        return LinkEnd(
            document=self.document,
            origin=self.origin,
            item=self.item,
            id=self.id,
            span=self.span,
            source=self.source.label if self.source else None,
        )

    @property
    def distancing(self) -> bool:
        return any(w in DISTANCING_CUES for w in fold(self.cue).split())


@dataclass
class ReportItems:
    report: Report
    claims: list[Item]
    statements: list[Item]
    quantities: list[tuple[Item, Quantity]]
    times: list[tuple[Item, TimeExpression]]
    events: list[tuple[Item, Event]] = field(default_factory=list)


def _surname(name: str) -> str | None:
    """ "Mayor Taras Hnatyuk" -> "hnatiuk": a name of two or more capitalised words."""
    parts = [p for p in name.replace("’s", "").replace("'s", "").split() if p]
    if len(parts) < 2 or not all(p[:1].isupper() and p.replace("-", "").isalpha() for p in parts):
        return None
    return name_key(parts[-1])


def source_key(report: Report, source: Source | None) -> SourceKey | None:
    """The comparable key of a claim's source: the corpus actor key of a person or
    organisation, else its kind and words ("anonymous close kremlin source")."""
    if source is None:
        return None
    label = source.name or (source.span.text if source.span else source.kind)
    surname = _surname(label) if source.kind in ("person", "organisation", "unknown") else None
    if source.entity_id and source.kind in ("person", "organisation"):
        entity = next((e for e in report.entities if e.id == source.entity_id), None)
        key = actor_key(entity) if entity else None
        if key is not None:
            if key.type == "PERSON":
                surname = key.match_key
            return SourceKey(key=key.key, label=label, kind=source.kind, surname=surname)
    words = sorted(set(content_words(label)))
    return SourceKey(
        key=" ".join([source.kind, *words]), label=label, kind=source.kind, surname=surname
    )


def _span_of(text: str, spans: list[Span]) -> Span:
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    return Span.of(text, start, end)


def _sentence_index(report: Report) -> tuple[list[int], list[Span]]:
    sentences = report.sentences or [Span.of(report.document.text, 0, len(report.document.text))]
    return [s.start for s in sentences], sentences


#: "MINSK, 21 July (BelTA) – ": a dateline at the head of a content, not part of what is said
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+,\s+[^()\n]{0,30}?\([^()\n]{1,40}\)\s*[–—-]+\s*")


def attribution_spans(report: Report) -> list[Span]:
    """Every claim's source and cue spans: the framing ("..., the president said in an
    interview"), as against what is said."""
    return sorted(
        (
            span
            for c in report.claims
            for span in [*c.cues, *([c.source.span] if c.source and c.source.span else [])]
        ),
        key=lambda span: span.start,
    )


def proposition_text(report: Report, claim: Claim, cut: list[Span] | None = None) -> str:
    """The words a claim's content says, without the attribution inside it (its own or a
    nested claim's source and cue: a content running over "..., the president said in an
    interview") and without a leading dateline. Two claims that share only how they were
    attributed are not one proposition. ``cut``: ``attribution_spans(report)``, sorted."""
    text = report.document.text
    cut = attribution_spans(report) if cut is None else cut
    pieces = []
    for piece in claim.content:
        pos, kept = piece.start, []
        for other in cut:
            if other.end <= pos or other.start >= piece.end:
                continue
            kept.append(text[pos : max(pos, other.start)])
            pos = max(pos, other.end)
        kept.append(text[pos : piece.end] if pos < piece.end else "")
        pieces.append(" ".join(k.strip() for k in kept if k.strip()))
    return _DATELINE.sub("", " ".join(pieces).strip())


def _claim_item(
    report: Report, claim: Claim, starts: list[int], framing: list[Span]
) -> Item | None:
    if not claim.content:
        return None
    text = report.document.text
    span = _span_of(text, claim.content)
    content = proposition_text(report, claim, framing)
    as_written = " ".join(s.text for s in claim.content)
    return Item(
        document=report.document.id,
        origin=report.document.origin,
        item="claim",
        id=claim.id,
        span=span,
        sentence=max(0, bisect.bisect_right(starts, span.start) - 1),
        words=content_words(content),
        negated=claim.stance == "denial" or negated(as_written),
        source=source_key(report, claim.source),
        stance=claim.stance,
        cue=" ".join(c.text for c in claim.cues),
        published=report.document.published,
        text=content,
    )


def report_items(report: Report) -> ReportItems:
    """The linkable items of a report, in text order."""
    starts, sentences = _sentence_index(report)
    doc = report.document
    framing = attribution_spans(report)
    claims = [
        i for c in report.claims if (i := _claim_item(report, c, starts, framing)) is not None
    ]
    attributed = _sentences_touched(
        starts,
        (
            s
            for c in report.claims
            for s in [*c.content, *c.cues, *([c.source.span] if c.source and c.source.span else [])]
        ),
    )
    statements = []
    for index, sentence in enumerate(sentences):
        if index in attributed or _first_person(sentence.text):
            continue  # "We remain committed ...": someone's statement printed, not the outlet's
        words = content_words(sentence.text)
        if len(words) < 4:
            continue
        statements.append(
            Item(
                document=doc.id,
                origin=doc.origin,
                item="statement",
                id=None,
                span=sentence,
                sentence=index,
                words=words,
                negated=negated(sentence.text),
                published=doc.published,
                text=sentence.text,
            )
        )
    _attach_figures([*claims, *statements], report)
    by_claim = {c.id: c for c in claims if c.id}

    def figure_item(kind: ItemKind, record: Quantity | TimeExpression | Event) -> Item:
        """A figure or a date: its sentence's words, and the source of the claim holding it."""
        span = record.trigger if isinstance(record, Event) else record.span
        index = max(0, bisect.bisect_right(starts, span.start) - 1)
        claim_item = by_claim.get(record.claim_id or "")
        return Item(
            document=doc.id,
            origin=doc.origin,
            item=kind,
            id=record.id,
            span=span,
            sentence=index,
            words=content_words(sentences[index].text),
            source=claim_item.source if claim_item else None,
            published=doc.published,
            extra={"claim_id": record.claim_id},
        )

    quantities = [(figure_item("quantity", q), q) for q in report.quantities]
    times = [(figure_item("time", t), t) for t in report.times]
    dated = {t.id: t for t in report.times}
    events = []
    for event in report.events:
        item = figure_item("event", event)
        item.extra.update(
            category=plover_category(event),
            actors=participant_keys(event.actors),
            names=", ".join(a.name for a in event.actors),
            recipients=participant_keys(event.recipients),
            modality=event.modality,
            time=dated.get(event.time_id or ""),
        )
        events.append((item, event))
    return ReportItems(report, claims, statements, quantities, times, events)


def participant_keys(actors: list[EventActor]) -> frozenset[str]:
    """Who takes part, comparable across articles and spellings: each named participant's
    last word, romanisation-neutral ("Zelenskyy" and "Zelensky" meet; "the United States"
    and "US" do not, so an unmatched pair is a miss, not a wrong link)."""
    keys = set()
    for actor in actors:
        words = fold(actor.name).split()
        if words and actor.entity_id is not None:  # named: "their", "the troops" are no key
            keys.add(name_key(words[-1]))
    return frozenset(keys)


_FIRST_PERSON = frozenset({"i", "we", "our", "us", "my", "ours"})


def _first_person(text: str) -> bool:
    return any(w in _FIRST_PERSON for w in tokens(text))


def _attach_figures(items: list[Item], report: Report) -> None:
    """Each item's figures inside its span: ``extra["figures"]``, a list of quantities."""
    quantities = sorted(report.quantities, key=lambda q: q.span.start)
    starts = [q.span.start for q in quantities]
    for item in items:
        inside = []
        for quantity in quantities[bisect.bisect_left(starts, item.span.start) :]:
            if quantity.span.start >= item.span.end:
                break
            if quantity.span.end <= item.span.end:
                inside.append(quantity)
        if inside:
            item.extra["figures"] = inside


def _sentences_touched(starts: list[int], spans: Iterable[Span]) -> set[int]:
    """Indexes of the sentences any of the spans overlaps."""
    touched: set[int] = set()
    for span in spans:
        first = max(0, bisect.bisect_right(starts, span.start) - 1)
        last = max(first, bisect.bisect_left(starts, span.end) - 1)
        touched.update(range(first, last + 1))
    return touched
