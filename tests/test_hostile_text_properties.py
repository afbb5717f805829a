"""Generated hostile text: analysis always ends, within a budget proportional to its length,
and every span it reports is a slice of the analysed text.

Quote storms, mixed quotation styles, control characters, very long tokens and sentences and
markup fragments are what archives hold. The bound is the product's default per-document
budget (a minute and a second per thousand characters), far above what a linear engine needs
(milliseconds per kilobyte), so only a blow-up in cost (quadratic pairing, a scan of the whole
document per token) trips it: the document then fails with "took longer than".
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportedly.ingest.item import InputItem
from reportedly.model import Report, iter_spans
from reportedly.pipeline import Analyzer
from reportedly.settings import Settings

WORDS = ["said", "the", "minister", "Kyiv", "300", "troops", "on", "Tuesday", "according", "to"]
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(['"', "“", "”", "«", "»", "'", "‘", "’", "''", "``", "—", "-", ":", ","]),
    st.text(st.sampled_from('"“”'), min_size=1, max_size=400),  # a quote storm
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl"]), max_size=20),
    st.text(st.sampled_from("abcxyz"), min_size=200, max_size=3000),  # a very long token
    st.sampled_from(["<p>", "</p>", "<div class='x'>", "&amp;", "<br/>", "<!--", "]]>", "\n\n"]),
    st.sampled_from([". ", "! ", "? ", "\n"]),
)
TEXTS = st.lists(PIECES, min_size=1, max_size=120).map(" ".join)


analyzer = Analyzer(Settings(check_language=False))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_hostile_text_ends_within_its_budget_and_keeps_the_span_invariant(text: str) -> None:
    (result,) = list(analyzer.analyze_items([InputItem(origin="generated", text=text)]))
    if not isinstance(result, Report):
        assert result.status == "skipped", result.reason  # empty after repair: skipped, fine
        return
    document = result.document.text
    for span in iter_spans(result):
        assert 0 <= span.start <= span.end <= len(document)
        assert document[span.start : span.end] == span.text
