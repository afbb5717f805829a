"""Noun cues and cue boundaries, on sentences written for these tests."""

from __future__ import annotations

from reportedly.attribution.lexicon import lexicon
from reportedly.model import Claim, Report
from reportedly.pipeline import Analyzer


def analyse(analyzer: Analyzer, text: str) -> Report:
    return analyzer.analyze(text, raw=True)


def with_cue(report: Report, cue: str) -> Claim:
    found = [c for c in report.claims if any(s.text == cue for s in c.cues)]
    assert len(found) == 1, [[s.text for s in c.cues] for c in report.claims]
    return found[0]


def test_noun_cues_are_data() -> None:
    nouns = lexicon().nouns
    assert nouns[("defense", "of")] == "assertion"
    assert nouns[("complaint", "that")] == "assertion"
    assert ("defense", "that") not in nouns


def test_possessor_noun_cue_with_preposition(analyzer: Analyzer) -> None:
    text = "Voters welcomed the governor's defense of the new housing plan."
    claim = with_cue(analyse(analyzer, text), "defense of")
    assert claim.content[0].text == "the new housing plan"
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "the governor's"


def test_light_verb_joins_noun_cue(analyzer: Analyzer) -> None:
    text = "The mayor made no mention of the budget gap during the meeting."
    claim = with_cue(analyse(analyzer, text), "made no mention of")
    assert claim.content[0].text.startswith("the budget gap")
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "The mayor"


def test_noun_cue_with_that_clause(analyzer: Analyzer) -> None:
    text = "The union filed a complaint that the company had broken the contract."
    claim = with_cue(analyse(analyzer, text), "complaint")
    assert claim.content[0].text == "that the company had broken the contract"


def test_noun_without_content_is_no_cue(analyzer: Analyzer) -> None:
    report = analyse(analyzer, "The defense arrived late on Friday.")
    assert not any(s.text.startswith("defense") for c in report.claims for s in c.cues)


def test_statement_that_clause_is_content(analyzer: Analyzer) -> None:
    text = "The director said in a statement that the museum would close for repairs."
    claim = with_cue(analyse(analyzer, text), "said in a statement")
    assert claim.content[0].text == "that the museum would close for repairs"


def test_adverb_after_cue_joins_it(analyzer: Analyzer) -> None:
    text = "The minister has said repeatedly that the border would stay open."
    claim = with_cue(analyse(analyzer, text), "has said repeatedly")
    assert claim.content[0].text == "that the border would stay open"


def test_preposition_after_cue_joins_it(analyzer: Analyzer) -> None:
    text = "The senator railed against the new tax on fuel."
    claim = with_cue(analyse(analyzer, text), "railed against")
    assert claim.content[0].text == "the new tax on fuel"


def test_later_before_cue_joins_it(analyzer: Analyzer) -> None:
    text = "The coach later said that the team had played badly."
    claim = with_cue(analyse(analyzer, text), "later said")
    assert claim.content[0].text == "that the team had played badly"


def test_copula_joins_according_to(analyzer: Analyzer) -> None:
    text = "Turnout rose sharply. That's according to the county election office."
    claim = with_cue(analyse(analyzer, text), "'s according to")
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "the county election office"
