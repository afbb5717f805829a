"""Attributions made by layout: transcript speaker turns and quotation sign-offs."""

from __future__ import annotations

from reportedly.model import Claim, Report
from reportedly.pipeline import Analyzer

TRANSCRIPT = (
    "The interview went as follows.\n\n"
    '"HOST: Minister, will the bridge open this spring?\n\n'
    '"OKAFOR: It will open in May. The steel has arrived.\n\n'
    '"We have hired two hundred workers for the final stage.\n\n'
    '"(LAUGHTER.)\n\n'
    '"HOST: And the cost?\n\n'
    '"OKAFOR: The cost is on budget, as the auditors said last week.'
)


def turns(report: Report) -> list[Claim]:
    return [c for c in report.claims if c.cues[0].text == ":"]


def test_transcript_turns_are_claims_of_their_speakers(analyzer: Analyzer) -> None:
    report = analyzer.analyze(TRANSCRIPT, raw=True)
    found = turns(report)
    speakers = [c.source.span.text for c in found if c.source and c.source.span]
    assert speakers == ["HOST", "OKAFOR", "HOST", "OKAFOR"]
    assert all(c.parent_id is None and c.form == "lead_in" for c in found)
    assert [s.text for s in found[0].content] == ["Minister, will the bridge open this spring?"]
    # A turn runs over the next quoted paragraph and stops at the stage direction.
    assert [s.text for s in found[1].content] == [
        "It will open in May. The steel has arrived.",
        "We have hired two hundred workers for the final stage.",
    ]


def test_claim_inside_a_turn_is_nested_in_it(analyzer: Analyzer) -> None:
    report = analyzer.analyze(TRANSCRIPT, raw=True)
    last = turns(report)[-1]
    inner = [c for c in report.claims if c.cues[0].text == "said"]
    assert len(inner) == 1
    assert inner[0].parent_id == last.id


def test_a_lone_label_line_is_not_a_transcript(analyzer: Analyzer) -> None:
    text = "UPDATE: The ferry resumed service on Monday.\n\nThe port reopened after repairs."
    assert turns(analyzer.analyze(text, raw=True)) == []
    notes = "CORRECTION: An earlier version misstated a date.\n\nUPDATE: Service resumed."
    assert turns(analyzer.analyze(notes, raw=True)) == []


def test_signoffs_after_quotes(analyzer: Analyzer) -> None:
    text = (
        "Readers answered our question.\n\n"
        "“The new tram line changed my commute completely.” ― Mara Lindqvist\n"
        "“Fares are too high for students.”\u00a0―\u00a0Tomas Berg.\n\n"
        '"We waited years for this."\n\n- Councillor Ida Novak.\n\n'
        "The survey closes on Friday."
    )
    report = analyzer.analyze(text, raw=True)
    signed = [c for c in report.claims if c.cues[0].text in ("―", "-")]
    assert [c.source.span.text for c in signed if c.source and c.source.span] == [
        "Mara Lindqvist",
        "Tomas Berg",
        "Councillor Ida Novak",
    ]
    assert [c.content[0].text for c in signed] == [
        "“The new tram line changed my commute completely.”",
        "“Fares are too high for students.”",
        '"We waited years for this."',
    ]
    assert all(c.form == "direct" for c in signed)


def test_dash_after_a_quote_that_is_not_a_name(analyzer: Analyzer) -> None:
    text = (
        "Crowds shouted “Goodbye!” - Swedish for farewell, said a guide.\n\n"
        "“We will rebuild.”\n\n– A town in mourning –.\n\nThe mayor spoke later."
    )
    report = analyzer.analyze(text, raw=True)
    assert [c for c in report.claims if c.cues[0].text in ("–", "-")] == []


def test_strip_edges_takes_off_spaces_and_the_named_marks_only() -> None:
    from reportedly.attribution.spans import strip_edges

    text = ' "We will stay," she said; '
    assert strip_edges(text, 0, len(text)) == (1, len(text) - 1)
    a, b = strip_edges(text, 0, text.index(" she"), lead='"“', trail='"“,;:')
    assert text[a:b] == "We will stay"
    assert strip_edges(text, 0, 1) == (1, 1)  # nothing left
