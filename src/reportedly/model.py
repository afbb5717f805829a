"""The document model: one typed, versioned record per analysed article (schema ``reportedly/1.1``).

Every span is a ``[start, end)`` pair of Python string indices into ``Document.text`` and carries
the text it covers, so a consumer never needs the tokenizer to read a record. ``Report`` checks
that invariant when it is built, so a stage that computes a wrong offset fails loudly.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reportedly.vocabulary import EventCategory, Modality

#: The record's schema: major 1, minor 1 (1.1 gave ``Event`` its PLOVER fields; 1.0 records,
#: whose events were always empty, read as 1.1 records). The file is ``reportedly-1.schema.json``.
SCHEMA_ID: Literal["reportedly/1.1"] = "reportedly/1.1"
SchemaId = Literal["reportedly/1.1", "reportedly/1"]


class Record(BaseModel):
    """Base for all records: unknown fields are errors, so typos in stages surface at once."""

    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """A piece of ``Document.text``: ``text == document.text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span text {self.text!r} does not fit [{self.start}, {self.end})")
        return self

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build a span over ``text`` (the document text) so its ``text`` field cannot drift."""
        return cls(start=start, end=end, text=text[start:end])


RepairKind = Literal[
    "decoding",
    "mojibake",
    "html_entity",
    "sentence_space",
    "glued_words",
    "clutter",
    "whitespace",
    "control_character",
]


class Repair(Record):
    """One change made to the input text; together they map any span back to the input.

    ``input_start``/``input_end`` index the decoded input, ``start``/``end`` index
    ``Document.text``. ``original`` is the input text replaced, ``replacement`` the new text.
    """

    kind: RepairKind
    input_start: int = Field(ge=0)
    input_end: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    original: str
    replacement: str


class Document(Record):
    """The analysed text and what is known about where it came from."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    origin: str | None = Field(default=None, description="File path, 'stdin', or 'text'.")
    input_format: Literal["text", "html", "json", "jsonl"] = "text"
    encoding: str | None = Field(default=None, description="How the bytes were decoded.")
    language: str | None = None
    raw: bool = Field(default=False, description="True when no repair was applied to the text.")
    repairs: list[Repair] = Field(default_factory=list)


EntityType = Literal[
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "LAW",
    "PRODUCT",
    "WORK_OF_ART",
    "LANGUAGE",
    "OTHER",
]
MentionKind = Literal["name", "surname", "title_name", "pronoun", "nominal", "possessive"]


class Mention(Record):
    span: Span
    kind: MentionKind = "name"


class Entity(Record):
    """One actor, group or place, with all the ways the article refers to it."""

    id: str
    type: EntityType
    canonical: str
    variants: list[str] = Field(default_factory=list)
    roles: list[str] = Field(
        default_factory=list, description="Titles and roles, e.g. 'President'."
    )
    mentions: list[Mention] = Field(default_factory=list)
    place_id: str | None = None
    country_code: str | None = Field(default=None, description="For NORP: the country it names.")


class PlaceCandidate(Record):
    geonames_id: int | None = None
    name: str
    country_code: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    score: float = 0.0


class Place(Record):
    """A resolved location: a country, subdivision, city or larger region."""

    id: str
    name: str = Field(description="Canonical name.")
    mentions: list[Span] = Field(default_factory=list)
    feature: Literal["country", "subdivision", "city", "region", "union", "other"] = "other"
    geonames_id: int | None = None
    iso_code: str | None = Field(default=None, description="ISO 3166-1 or 3166-2 code.")
    country_code: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    alternatives: list[PlaceCandidate] = Field(default_factory=list)
    entity_id: str | None = None


SourceKind = Literal[
    "person",
    "organisation",
    "outlet",
    "government",
    "document",
    "anonymous",
    "unknown",
]


class Source(Record):
    """Who a claim is attributed to, as written, and who that refers to."""

    span: Span | None = Field(default=None, description="The source as written (may be a pronoun).")
    kind: SourceKind = "unknown"
    name: str | None = Field(default=None, description="Resolved name, e.g. 'Jake Sullivan'.")
    entity_id: str | None = None
    role: Span | None = Field(default=None, description="Title or role kept apart from the name.")
    access: Span | None = Field(default=None, description="Stated access: 'familiar with ...'.")
    resolved_from: Literal["pronoun", "short_name", "nominal", "previous_claim"] | None = None


ClaimForm = Literal["direct", "indirect", "mixed", "according_to", "lead_in", "inherited"]
Stance = Literal["assertion", "belief", "intention", "threat", "denial", "doubt"]


class Claim(Record):
    """One attribution: a cue links a source (through a chain of sources) to some content."""

    id: str
    cues: list[Span] = Field(description="The attribution cue(s): 'said', 'according to', ...")
    source: Source | None = Field(default=None, description="The innermost, closest source.")
    chain: list[Source] = Field(
        default_factory=list,
        description="Sources from the outer reporter (the outlet) to the inner ones.",
    )
    content: list[Span] = Field(default_factory=list)
    form: ClaimForm = "indirect"
    stance: Stance = "assertion"
    parent_id: str | None = Field(
        default=None, description="The claim whose content holds this one."
    )
    backend: str = Field(default="rules", description="Which attribution engine produced it.")
    confidence: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description="How likely this is an attribution: the cue calibration's estimate in fast "
        "mode; 1.0 where nothing judged it (nested and layout claims, accurate mode).",
    )


class ScareQuote(Record):
    """A quoted word or short phrase with no speaker: the writer keeps a distance from it."""

    span: Span


Change = Literal["=", "~", "<", ">", "up", "down"]


class Quantity(Record):
    id: str
    span: Span
    value: float | None = None
    low: float | None = None
    high: float | None = None
    change: Change = "="
    approximate: bool = False
    unit: str | None = Field(default=None, description="Normalised unit: percent, people, USD ...")
    unit_span: Span | None = None
    concept: Span | None = Field(default=None, description="What is counted: 'people', 'soldiers'.")
    qualifier: Span | None = Field(default=None, description="'up to', 'at least', 'nearly' ...")
    claim_id: str | None = None


class TimeExpression(Record):
    id: str
    span: Span
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str | None = Field(default=None, description="TIMEX3 value, e.g. 2022-09-30, P2W.")
    granularity: (
        Literal[
            "century",
            "decade",
            "year",
            "quarter",
            "month",
            "week",
            "day",
            "hour",
            "minute",
            "second",
            "other",
        ]
        | None
    ) = None
    relative: bool = False
    anchor: date | None = Field(default=None, description="The date a relative value hangs on.")
    direction: Literal["past", "future", "present"] | None = None
    claim_id: str | None = None


class EventActor(Record):
    """One entity taking part in an event, as written, and who that is in the article."""

    span: Span
    name: str = Field(description="The entity's canonical name, or the span's text.")
    entity_id: str | None = None


class Event(Record):
    """One PLOVER event: who did what to whom, where, when, and on whose word."""

    id: str
    trigger: Span = Field(description="The words that say what happened: 'threatened to stop'.")
    type: EventCategory = Field(description="PLOVER category.")
    mode: str | None = Field(default=None, description="PLOVER mode: how, e.g. 'troops', 'visit'.")
    context: list[str] = Field(
        default_factory=list, description="PLOVER contexts: what about, e.g. 'military'."
    )
    modality: Modality = "asserted"
    actors: list[EventActor] = Field(
        default_factory=list, description="Who acts (PLOVER 'actor', the gold's 'source')."
    )
    recipients: list[EventActor] = Field(
        default_factory=list, description="At whom (PLOVER 'recipient', the gold's 'target')."
    )
    time_id: str | None = Field(default=None, description="The TimeExpression it happened at.")
    place_id: str | None = Field(default=None, description="The Place it happened in.")
    claim_id: str | None = Field(
        default=None, description="The innermost claim whose content reports it: not a fact."
    )
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)


class StageInfo(Record):
    name: str
    version: str
    seconds: float | None = None
    model: str | None = Field(
        default=None, description="The trained model the stage ran, if any (accurate mode)."
    )


class Report(Record):
    """Everything reportedly says about one document."""

    schema_id: SchemaId = Field(default=SCHEMA_ID, alias="schema")
    reportedly_version: str
    document: Document
    sentences: list[Span] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    scare_quotes: list[ScareQuote] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    stages: list[StageInfo] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _spans_match_text(self) -> Report:
        text = self.document.text
        for span in iter_spans(self):
            if span.end > len(text) or text[span.start : span.end] != span.text:
                raise ValueError(
                    f"span [{span.start}, {span.end}) {span.text!r} does not match document.text"
                )
        return self

    def to_json(self, indent: int | None = None) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)


def iter_spans(record: BaseModel) -> Iterator[Span]:
    """Every ``Span`` inside a record, however deeply nested (document.repairs excluded)."""
    for name in type(record).model_fields:
        value = getattr(record, name)
        yield from _spans_in(value)


def _spans_in(value: object) -> Iterator[Span]:
    if isinstance(value, Span):
        yield value
    elif isinstance(value, BaseModel):
        yield from iter_spans(value)
    elif isinstance(value, list):
        for item in value:
            yield from _spans_in(item)


class DocumentError(Record):
    """Why one input could not be analysed: the batch reports it and goes on."""

    origin: str
    status: Literal["skipped", "failed"]
    reason: str


def json_schema() -> dict[str, object]:
    """The JSON Schema of a report, as checked into ``schema/reportedly-1.schema.json``."""
    schema = Report.model_json_schema(by_alias=True)
    schema["$id"] = "https://reportedly.dev/schema/reportedly-1.schema.json"
    schema["title"] = f"{SCHEMA_ID} report"
    return schema


if __name__ == "__main__":  # python -m reportedly.model > src/reportedly/schema/reportedly-1...
    import json

    print(json.dumps(json_schema(), indent=2))
