"""The long-token guard: a spaceless run is tokenized in pieces, the text is kept exactly."""

from __future__ import annotations

import spacy

from reportedly.long_tokens import LONG, PIECE, LongTokenGuard
from reportedly.pipeline import SPACY_PIPELINE, Analyzer

nlp = spacy.load(
    SPACY_PIPELINE,
    exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"],
)
guard = LongTokenGuard(nlp.tokenizer, nlp.vocab)


def test_ordinary_text_is_tokenized_as_spacy_does() -> None:
    text = "He said: “We don't know,” and left—quickly. (U.S.)\n\nNext line."
    assert [(t.text, t.whitespace_) for t in guard(text)] == [
        (t.text, t.whitespace_) for t in nlp.tokenizer(text)
    ]


def test_a_quote_storm_is_cut_into_pieces_and_keeps_its_text() -> None:
    storm = '"' * (LONG * 3 + 17)
    text = f"Officials said so.  {storm}\nThe end."
    doc = guard(text)
    assert doc.text == text
    assert all(len(t) <= PIECE for t in doc)
    assert [t.text for t in doc][:3] == ["Officials", "said", "so"]
    assert [t.text for t in doc][-3:] == ["The", "end", "."]


def test_the_analyzer_reads_a_storm_line_with_its_neighbours(analyzer: Analyzer) -> None:
    text = "The minister said on Tuesday that 300 troops had left.\n" + "”“" * 2000
    report = analyzer.analyze(text, raw=True)
    assert report.document.text == text
    assert [c.cues[0].text for c in report.claims][:1] == ["said"]
