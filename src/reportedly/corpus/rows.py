"""A report as table rows: pure conversion, no database.

Rows name their document's records by local id (``c1``, ``e3``); the store turns those into
database ids as it writes. Character offsets stay ``[start, end)`` into ``document.text``.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from reportedly.corpus.actors import ActorKey, actor_key
from reportedly.entities.names import fold
from reportedly.events.coding import plover_category
from reportedly.model import Claim, Event, EventActor, Report, Source, Span

Row = dict[str, Any]

#: Mentions that spell a name (not pronouns or "the minister"): the variants an actor is seen by.
NAMED = frozenset({"name", "surname", "title_name"})


def content_key(input_text: str) -> str:
    """What a document is stored once by: the SHA-256 of its text as read."""
    return hashlib.sha256(input_text.encode("utf-8", "surrogatepass")).hexdigest()


def engine_of(report: Report) -> str:
    """The engine that made a report: package version and a digest of its stages' versions
    and models, so any change to a stage marks older documents for re-analysis."""
    stages = ";".join(f"{s.name}={s.version}:{s.model or ''}" for s in report.stages)
    digest = hashlib.sha256(stages.encode()).hexdigest()[:12]
    return f"reportedly {report.reportedly_version} {digest}"


@dataclass
class ReportRows:
    document: Row
    #: Local entity id -> its corpus actor key (entities that are actors).
    actor_keys: dict[str, ActorKey] = field(default_factory=dict)
    #: (local entity id, variant as written) -> mentions in this document.
    variants: Counter[tuple[str, str]] = field(default_factory=Counter)
    entities: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    #: (claim local id, row) for each source of each claim's chain.
    sources: list[tuple[str, Row]] = field(default_factory=list)
    places: list[Row] = field(default_factory=list)
    #: (claim local id, place local id): a place named inside the claim's content.
    claim_places: set[tuple[str, str]] = field(default_factory=set)
    quantities: list[Row] = field(default_factory=list)
    times: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    #: (event local id, row) for each actor and recipient of each event.
    event_actors: list[tuple[str, Row]] = field(default_factory=list)


def report_rows(report: Report, input_text: str, ingested_at: Any) -> ReportRows:
    document = report.document
    rows = ReportRows(
        document={
            "content_key": content_key(input_text),
            "report_id": document.id,
            "origin": document.origin,
            "url": document.url,
            "outlet": document.outlet,
            "published": document.published,
            "title": document.title,
            "author": document.author,
            "language": document.language,
            "input_format": document.input_format,
            "text": document.text,
            "input_text": None if input_text == document.text else input_text,
            "report": report.to_json(),
            "engine": engine_of(report),
            "ingested_at": ingested_at,
        }
    )
    for entity in report.entities:
        key = actor_key(entity)
        if key is not None:
            rows.actor_keys[entity.id] = key
            for mention in entity.mentions:
                if mention.kind in NAMED:
                    rows.variants[(entity.id, mention.span.text)] += 1
        rows.entities.append(
            {
                "local_id": entity.id,
                "type": entity.type,
                "canonical": entity.canonical,
                "mentions": len(entity.mentions),
                "place_local_id": entity.place_id,
            }
        )
    for claim in report.claims:
        rows.claims.append(_claim_row(claim))
        for position, source in enumerate(claim.chain):
            rows.sources.append((claim.id, _source_row(source, position)))
    for place in report.places:
        rows.places.append(
            {
                "local_id": place.id,
                "name": place.name,
                "feature": place.feature,
                "geonames_id": place.geonames_id,
                "iso_code": place.iso_code,
                "country_code": place.country_code,
                "admin1": place.admin1,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "confidence": place.confidence,
                "mentions": len(place.mentions),
                "entity_local_id": place.entity_id,
            }
        )
    rows.claim_places = _claim_places(report)
    for quantity in report.quantities:
        rows.quantities.append(
            {
                "local_id": quantity.id,
                "claim": quantity.claim_id,
                **_span_columns(quantity.span),
                "value": quantity.value,
                "low": quantity.low,
                "high": quantity.high,
                "change": quantity.change,
                "approximate": quantity.approximate,
                "unit": quantity.unit,
                "concept": quantity.concept.text if quantity.concept else None,
                "qualifier": quantity.qualifier.text if quantity.qualifier else None,
            }
        )
    for time in report.times:
        rows.times.append(
            {
                "local_id": time.id,
                "claim": time.claim_id,
                **_span_columns(time.span),
                "type": time.type,
                "value": time.value,
                "granularity": time.granularity,
                "relative": time.relative,
                "anchor": time.anchor,
                "direction": time.direction,
            }
        )
    for event in report.events:
        rows.events.append(_event_row(event))
        for role, who in (("actor", event.actors), ("recipient", event.recipients)):
            for position, actor in enumerate(who):
                rows.event_actors.append((event.id, _event_actor_row(actor, role, position)))
    return rows


def _event_row(event: Event) -> Row:
    return {
        "local_id": event.id,
        "type": event.type,
        "plover_type": plover_category(event),
        "mode": event.mode,
        "modality": event.modality,
        "trigger_text": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "context": "; ".join(event.context) or None,
        "time": event.time_id,
        "place": event.place_id,
        "claim": event.claim_id,
        "confidence": event.confidence,
    }


def _event_actor_row(actor: EventActor, role: str, position: int) -> Row:
    return {
        "role": role,
        "position": position,
        "name": actor.name,
        **_span_columns(actor.span),
        "entity": actor.entity_id,
        "folded": " ".join(fold(actor.name).split())[:300],
    }


def _span_columns(span: Span) -> Row:
    return {"text": span.text, "start": span.start, "end": span.end}


def _claim_row(claim: Claim) -> Row:
    source = claim.source
    content = claim.content
    return {
        "local_id": claim.id,
        "parent_local_id": claim.parent_id,
        "cue": " ".join(cue.text for cue in claim.cues),
        "cue_start": claim.cues[0].start if claim.cues else 0,
        "cue_end": claim.cues[-1].end if claim.cues else 0,
        "form": claim.form,
        "stance": claim.stance,
        "source_kind": source.kind if source else None,
        "source_name": (source.name or (source.span.text if source.span else None))
        if source
        else None,
        "source_text": source.span.text if source and source.span else None,
        "source_start": source.span.start if source and source.span else None,
        "source_end": source.span.end if source and source.span else None,
        "entity": source.entity_id if source else None,
        "chain": " > ".join(_source_label(s) for s in claim.chain) or None,
        "content_text": " ".join(span.text for span in content),
        "content_start": content[0].start if content else None,
        "content_end": content[-1].end if content else None,
        "confidence": claim.confidence,
        "engine": claim.backend,
    }


def _source_label(source: Source) -> str:
    return source.name or (source.span.text if source.span else source.kind)


def _source_row(source: Source, position: int) -> Row:
    return {
        "position": position,
        "kind": source.kind,
        "name": source.name,
        "text": source.span.text if source.span else None,
        "start": source.span.start if source.span else None,
        "end": source.span.end if source.span else None,
        "entity": source.entity_id,
    }


def _claim_places(report: Report) -> set[tuple[str, str]]:
    """Which places each claim is about: a mention of the place inside the claim's content."""
    found: set[tuple[str, str]] = set()
    mentions = sorted((m.start, m.end, place.id) for place in report.places for m in place.mentions)
    starts = [start for start, _end, _id in mentions]
    for claim in report.claims:
        for span in claim.content:
            for start, end, place_id in mentions[bisect_left(starts, span.start) :]:
                if start >= span.end:
                    break
                if end <= span.end:
                    found.add((claim.id, place_id))
    return found
