"""Long documents are parsed in pieces cut at paragraph breaks, and read as one document:
the same claims as a whole parse, a quotation over the cut kept whole, offsets into the text."""

from __future__ import annotations

import itertools
import re

from fixtures.hostile import GOOD

from reportedly.long_tokens import split_for_parse
from reportedly.model import Report, iter_spans
from reportedly.pipeline import Analyzer

# A quotation that runs over two paragraphs: each opens with a mark, the last one closes it.
QUOTE = (
    "“We are not leaving,” said the harbour master, Ivan Petrenko. “The ships are loaded and"
    " the crews are ready to sail.\n\n“We will stay until the last one has gone,” he added."
)
TEXT = "\n\n".join([GOOD[0], GOOD[1], QUOTE, GOOD[2], GOOD[3]])


def test_pieces_join_back_into_the_text_and_start_paragraphs() -> None:
    pieces = split_for_parse(TEXT, 200)
    assert "".join(pieces) == TEXT
    assert len(pieces) > 2
    for piece in pieces[1:]:
        assert not piece[0].isspace()
        assert TEXT[TEXT.index(piece) - 2 : TEXT.index(piece)] == "\n\n"


def test_a_text_without_breaks_is_still_cut_and_kept() -> None:
    text = "x" * 1000
    pieces = split_for_parse(text, 300)
    assert "".join(pieces) == text and max(map(len, pieces)) <= 300


def claims(report: Report) -> list[tuple[str, str, list[str]]]:
    return [
        (c.source.span.text if c.source else "", c.cues[0].text, [p.text for p in c.content])
        for c in report.claims
    ]


def cuts(size: int) -> list[int]:
    return list(itertools.accumulate(len(p) for p in split_for_parse(TEXT, size)))[:-1]


def test_a_long_document_reads_as_it_would_whole(analyzer: Analyzer) -> None:
    second_paragraph = TEXT.index("“We will stay")
    paragraphs = {m.end() for m in re.finditer(r"\n\n", TEXT)}
    # Pieces cut only at paragraph breaks, one of them inside the quotation.
    size = next(
        n for n in range(60, 400) if second_paragraph in cuts(n) and set(cuts(n)) <= paragraphs
    )
    whole = analyzer.analyze(TEXT, raw=True)
    pieces = Analyzer(analyzer.settings)
    pieces._nlp, pieces._lexicon = analyzer.nlp, analyzer.lexicon  # one loaded pipeline
    pieces.parse_piece = size
    cut = pieces.analyze(TEXT, raw=True)
    assert len(cuts(size)) >= 3
    assert claims(cut) == claims(whole)
    quote = next(c for c in cut.claims if c.source and c.source.span.text == "he")
    assert [p.text for p in quote.content] == [
        "“The ships are loaded and the crews are ready to sail.",
        "“We will stay until the last one has gone,”",
    ]
    for span in iter_spans(cut):
        assert cut.document.text[span.start : span.end] == span.text
