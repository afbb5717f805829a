"""A headline on the first line is its own sentence, so claims do not swallow it."""

from __future__ import annotations

from reportedly.pipeline import Analyzer

ARTICLE = (
    "Port deal in doubt as talks stall\n"
    "The ministry has no plan to extend the agreement, reports the agency with reference to "
    "two officials.\n"
)


def test_headline_line_is_a_sentence_of_its_own(analyzer: Analyzer) -> None:
    report = analyzer.analyze(ARTICLE)
    assert report.sentences[0].text.strip() == "Port deal in doubt as talks stall"
    contents = [piece.text for claim in report.claims for piece in claim.content]
    assert not any("talks stall" in text for text in contents)
    assert any(text.startswith("The ministry has no plan") for text in contents)


def test_first_line_ending_a_sentence_is_left_to_the_parser(analyzer: Analyzer) -> None:
    report = analyzer.analyze("He said it was over.\nShe agreed.")
    assert [s.text.strip() for s in report.sentences] == ["He said it was over.", "She agreed."]


def test_a_blank_line_ends_a_sentence_even_without_punctuation(analyzer: Analyzer) -> None:
    text = (
        "Opening remarks\n\nDana Whitlow for Northgate Images\n\n"
        "The harbour master said the quay would reopen on Friday.\n\nIt did not."
    )
    report = analyzer.analyze(text)
    assert [s.text.strip() for s in report.sentences] == [
        "Opening remarks",
        "Dana Whitlow for Northgate Images",
        "The harbour master said the quay would reopen on Friday.",
        "It did not.",
    ]
    (claim,) = report.claims
    assert claim.source is not None and claim.source.name == "The harbour master"
    assert [piece.text for piece in claim.content] == ["the quay would reopen on Friday"]
