"""Figures and dates go to the innermost claim that holds them, so their source is the right one."""

from __future__ import annotations

from reportedly.model import Claim, Quantity, Span, TimeExpression
from reportedly.stages.links import link_to_claims

TEXT = (
    "The agency reports that, according to official figures, up to 300 thousand people "
    "will be called up on Friday."
)


def _span(fragment: str) -> Span:
    start = TEXT.index(fragment)
    return Span.of(TEXT, start, start + len(fragment))


def test_quantity_and_time_link_to_innermost_claim() -> None:
    outer = Claim(
        id="c1", cues=[_span("reports")], content=[_span(TEXT[TEXT.index("according") : -1])]
    )
    inner = Claim(
        id="c2",
        cues=[_span("according to")],
        content=[_span("up to 300 thousand people will be called up on Friday")],
        form="according_to",
    )
    figure = Quantity(id="q1", span=_span("300 thousand"), high=300000, change="<")
    friday = TimeExpression(id="t1", span=_span("Friday"), type="DATE", value="2022-09-30")
    store = {"claims": [outer, inner], "quantities": [figure], "times": [friday]}
    link_to_claims(store)
    assert figure.claim_id == "c2"
    assert friday.claim_id == "c2"


def test_items_outside_any_claim_stay_unlinked() -> None:
    claim = Claim(id="c1", cues=[_span("reports")], content=[_span("official figures")])
    friday = TimeExpression(id="t1", span=_span("Friday"), type="DATE")
    store = {"claims": [claim], "times": [friday]}
    link_to_claims(store)
    assert friday.claim_id is None
