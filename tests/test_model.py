"""The record model: schema file in sync, spans always match the text."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import reportedly
from reportedly.model import Document, Report, Span, iter_spans, json_schema
from reportedly.pipeline import Analyzer

SCHEMA_FILE = Path(reportedly.__file__).parent / "schema" / "reportedly-1.schema.json"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "grain-corridor.txt"


def test_committed_schema_matches_the_model() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "run `python -m reportedly.model > src/reportedly/schema/reportedly-1.schema.json`"
    )


def test_span_must_match_document_text() -> None:
    document = Document(id="d", text="Putin said no.")
    with pytest.raises(ValidationError, match="does not match"):
        Report(
            reportedly_version="x",
            document=document,
            sentences=[Span(start=0, end=5, text="Putix")],
        )


def test_span_text_length_must_fit_offsets() -> None:
    with pytest.raises(ValidationError):
        Span(start=0, end=3, text="toolong")


def test_report_of_example_validates_against_schema(analyzer: Analyzer) -> None:
    report = analyzer.analyze(EXAMPLE.read_text(encoding="utf-8"), published="2023-07-12")
    data = json.loads(report.to_json())
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert data["schema"] == "reportedly/1.1"
    assert data["document"]["published"] == "2023-07-12"
    text = data["document"]["text"]
    spans = list(iter_spans(report))
    assert spans, "the example must yield spans"
    for span in spans:
        assert text[span.start : span.end] == span.text


_article_text = st.lists(
    st.sampled_from(
        [
            "Putin said on Friday that he would not retreat.",
            "“We will win,” Zelensky told reporters.",
            "According to official figures, up to 300 thousand people will be affected.",
            "stop.He said",
            "ADVERTISEMENT",
            "caf\u00c3\u00a9",
            "&amp;",
            "\n\n",
            "  ",
            "—",
            "\u00e9\u0301",
            "The “referendums” ended on Tuesday.",
            "Sources close to the Kremlin believe it.",
        ]
    )
    | st.text(min_size=0, max_size=40),
    min_size=1,
    max_size=8,
).map(" ".join)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_article_text)
def test_every_span_indexes_document_text(analyzer: Analyzer, text: str) -> None:
    for raw in (False, True):
        report = analyzer.analyze(text, raw=raw)
        if raw:
            assert report.document.text == text
        for span in iter_spans(report):
            assert report.document.text[span.start : span.end] == span.text
