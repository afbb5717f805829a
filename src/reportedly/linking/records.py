"""The cross-outlet record (schema ``reportedly-corpus/1``): the reports compared, the stories
they form, and the links between their items, every link end resolvable to a span.

JSON Schema: ``schema/reportedly-corpus-1.schema.json`` (``python -m reportedly.linking.records``
writes it; a test keeps the committed file equal to this model).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from reportedly.linking.kinds import ItemKind, LinkKind
from reportedly.model import Record, Report, Span

CORPUS_SCHEMA_ID: Literal["reportedly-corpus/1"] = "reportedly-corpus/1"


class LinkEnd(Record):
    """One end of a link: an item of one report, and the span it is about."""

    document: str = Field(description="The report's document.id.")
    origin: str | None = Field(default=None, description="Input path or URL of the report.")
    item: ItemKind
    id: str | None = Field(
        default=None, description="The item's id in its report; none for a statement."
    )
    span: Span = Field(
        description="What the end is about: a claim's content, a figure, a date, or for a "
        "statement the sentence in which the outlet says it in its own voice."
    )
    source: str | None = Field(
        default=None, description="Who the end's report attributes it to; none for the outlet."
    )


class Link(Record):
    id: str
    kind: LinkKind
    confidence: float = Field(ge=0.0, le=1.0)
    explanation: str = Field(description="One line a person can check against both ends.")
    rule: str = Field(description="Which rule decided, e.g. 'ceilings a factor 3.3 apart'.")
    a: LinkEnd
    b: LinkEnd


class Origin(Record):
    """Articles that are one text (wire copy, small edits): one independent origin."""

    id: str
    documents: list[str]


class ClaimGroup(Record):
    """One proposition from one source, as carried by several articles (``same_claim``)."""

    id: str
    story: str
    claims: list[LinkEnd]
    articles: int
    origins: int


class Story(Record):
    id: str
    title: str | None = None
    documents: list[str]
    first_published: date | None = None
    last_published: date | None = None
    actors: list[str] = Field(default_factory=list, description="Most named actors first.")
    places: list[str] = Field(default_factory=list, description="Most named places first.")
    articles: int
    origins: list[Origin] = Field(
        default_factory=list, description="The independent origins of the story's articles."
    )


class CorpusReport(Record):
    schema_id: Literal["reportedly-corpus/1"] = Field(default=CORPUS_SCHEMA_ID, alias="schema")
    reportedly_version: str
    documents: list[Report]
    stories: list[Story] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    claim_groups: list[ClaimGroup] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self, indent: int | None = None) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)


def json_schema() -> dict[str, object]:
    """The JSON Schema checked in as ``schema/reportedly-corpus-1.schema.json``."""
    schema = CorpusReport.model_json_schema(by_alias=True)
    schema["$id"] = "https://reportedly.dev/schema/reportedly-corpus-1.schema.json"
    schema["title"] = "reportedly-corpus/1: stories and links across reports"
    return schema


if __name__ == "__main__":  # python -m reportedly.linking.records > src/reportedly/schema/...
    import json

    print(json.dumps(json_schema(), indent=2))
