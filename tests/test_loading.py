"""The pinned pipeline loads with a bare tokenizer filled from disk, and tokenizes the same."""

from __future__ import annotations

import spacy

from reportedly.loading import BARE_TOKENIZER, load_pipeline
from reportedly.settings import SPACY_PIPELINE


def test_pinned_pipeline_tokenizer_is_the_one_spacy_load_gives() -> None:
    fast = load_pipeline(SPACY_PIPELINE)
    plain = spacy.load(SPACY_PIPELINE)
    assert fast.config["nlp"]["tokenizer"]["@tokenizers"] == BARE_TOKENIZER
    assert fast.tokenizer.to_bytes() == plain.tokenizer.to_bytes()
    text = "Dr. Smith didn't say U.S. troops (2,000 of them) left e-mail@ex.org at 3 p.m.; ok?"
    assert [t.text for t in fast(text)] == [t.text for t in plain(text)]
    assert [t.dep_ for t in fast(text)] == [t.dep_ for t in plain(text)]
