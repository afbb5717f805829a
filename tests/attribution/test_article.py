"""A whole article in the seed's style, written for this test: layered sources, inherited
chains, official vs unofficial figures, a mixed quote, a trailing cue, scare quotes.
Then the real seed article (skipped when ../shared is absent; its text is not copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.model import Claim, Report
from reportedly.pipeline import Analyzer

ARTICLE = (
    "Border crossings in the north stayed shut on Monday as the standoff with Minsk deepened.\n"
    "Having sealed the crossings, the first such step since 1995, which, according to official "
    "figures, will strand up to 4 thousand lorries, and according to unofficial data – up to 10 "
    "thousand, the government does not intend to reopen them this month, reports Reuters with "
    "reference to officials and sources close to the cabinet.\n"
    "According to them, on Thursday, the prime minister intends to address parliament.\n"
    "Reuters sources close to the cabinet believe that the closure will last until spring. This "
    "will hurt exporters most, the sources say.\n"
    "Sources BBC, familiar with the negotiations, claim that the talks have stalled. According to "
    "them, this is “a deliberate delay” by the ministry.\n"
    "On Tuesday, the customs agency threatened to stop all transit through the region, and former "
    "Prime Minister Anna Kovacs said the country “has the right to protect its borders by any "
    "means.”\n"
    "The European Union held urgent talks with the government at the “highest level” and warned "
    "that the move would meet a “firm response”, EU foreign policy adviser Mark Olsen said on "
    "Sunday.\n"
    "Olsen said he would travel to the region next week. He added that the “consultations” would "
    "go on.\n"
)


@pytest.fixture(scope="module")
def report(analyzer: Analyzer) -> Report:
    return analyzer.analyze(ARTICLE, raw=True)


def claim(report: Report, cue: str, nth: int = 0) -> Claim:
    return [c for c in report.claims if c.cues[0].text == cue][nth]


def chain(c: Claim) -> list[str]:
    return [s.span.text for s in c.chain if s.span is not None]


def test_reporter_with_reference_to_officials(report: Report) -> None:
    c = claim(report, "reports")
    assert [s.text for s in c.cues] == ["reports", "with reference to"]
    assert chain(c) == ["Reuters", "officials and sources close to the cabinet"]
    assert c.chain[0].kind == "outlet"
    assert c.source is not None and c.source.kind == "anonymous"
    assert c.source.access is not None and c.source.access.text == "close to the cabinet"
    assert c.content[0].text.startswith("Having sealed the crossings")
    assert c.content[0].text.endswith("reopen them this month")
    assert c.parent_id is None


def test_official_and_unofficial_figures(report: Report) -> None:
    outer = claim(report, "reports")
    official, unofficial = claim(report, "according to", 0), claim(report, "according to", 1)
    assert official.source is not None and official.source.span is not None
    assert official.source.span.text == "official figures"
    assert official.source.kind == "document"
    assert official.content[0].text == "will strand up to 4 thousand lorries"
    assert unofficial.source is not None and unofficial.source.span is not None
    assert unofficial.source.span.text == "unofficial data"
    assert unofficial.content[0].text == "up to 10 thousand"
    assert official.parent_id == outer.id and unofficial.parent_id == outer.id


def test_government_intention_nested(report: Report) -> None:
    c = claim(report, "does not intend")
    assert c.stance == "intention"
    assert c.content[0].text == "to reopen them this month"
    assert c.parent_id == claim(report, "reports").id


def test_according_to_them_leans_on_reuters_sources(report: Report) -> None:
    c = claim(report, "According to", 0)
    assert c.source is not None and c.source.resolved_from == "previous_claim"
    assert c.source.span is not None and c.source.span.text == "them"
    assert c.source.name == "officials and sources close to the cabinet"
    assert chain(c) == ["Reuters", "them"]
    assert c.content[0].text == "on Thursday, the prime minister intends to address parliament"
    inner = claim(report, "intends")
    assert inner.parent_id == c.id and inner.stance == "intention"


def test_outlet_sources_believe(report: Report) -> None:
    c = claim(report, "believe")
    assert c.stance == "belief"
    assert chain(c) == ["Reuters", "Reuters sources close to the cabinet"]
    assert c.source is not None and c.source.kind == "anonymous"
    assert c.content[0].text == "that the closure will last until spring"


def test_the_sources_say(report: Report) -> None:
    c = claim(report, "say")
    assert c.content[0].text == "This will hurt exporters most"
    assert c.source is not None and c.source.resolved_from == "previous_claim"
    assert chain(c) == ["Reuters", "the sources"]


def test_sources_outlet_familiar_with(report: Report) -> None:
    c = claim(report, "claim")
    assert chain(c) == ["BBC", "Sources BBC, familiar with the negotiations"]
    assert c.source is not None and c.source.access is not None
    assert c.source.access.text == "familiar with the negotiations"
    assert c.content[0].text == "that the talks have stalled"
    later = claim(report, "According to", 1)
    assert chain(later) == ["BBC", "them"]
    assert later.content[0].text == "this is “a deliberate delay” by the ministry"


def test_threat_and_mixed_quote(report: Report) -> None:
    threat = claim(report, "threatened")
    assert threat.stance == "threat"
    assert threat.content[0].text == "to stop all transit through the region"
    assert threat.source is not None and threat.source.span is not None
    assert threat.source.span.text == "the customs agency"
    mixed = claim(report, "said", 0)
    assert mixed.form == "mixed"
    assert mixed.source is not None and mixed.source.name == "Anna Kovacs"
    assert mixed.source.role is not None and mixed.source.role.text == "former Prime Minister"
    assert (
        mixed.content[0].text == "the country “has the right to protect its borders by any means.”"
    )


def test_trailing_adviser_said_on_sunday(report: Report) -> None:
    outer = claim(report, "said", 1)
    assert outer.source is not None and outer.source.span is not None
    assert outer.source.span.text == "EU foreign policy adviser Mark Olsen"
    assert outer.source.role is not None
    assert outer.source.role.text == "EU foreign policy adviser"
    assert outer.source.name == "Mark Olsen"
    assert outer.content[0].text.startswith("The European Union held urgent talks")
    assert outer.content[0].text.endswith("a “firm response”")
    warned = claim(report, "warned")
    assert warned.parent_id == outer.id
    assert warned.stance == "threat"
    assert warned.content[0].text == "that the move would meet a “firm response”"


def test_short_name_and_pronoun(report: Report) -> None:
    short = claim(report, "said", 2)
    assert short.source is not None and short.source.resolved_from == "short_name"
    assert short.source.name == "Mark Olsen"
    added = claim(report, "added")
    assert added.source is not None and added.source.resolved_from == "pronoun"
    assert added.source.name == "Mark Olsen"


def test_scare_quotes_only(report: Report) -> None:
    assert [s.span.text for s in report.scare_quotes] == ["“consultations”"]


def test_every_cue_gives_one_claim_in_text_order(report: Report) -> None:
    """Which claims the article holds, not only how many: each cue once, nothing else."""
    assert [c.cues[0].text for c in report.claims] == [
        "reports",
        "according to",
        "according to",
        "does not intend",
        "According to",
        "intends",
        "believe",
        "say",
        "claim",
        "According to",
        "threatened",
        "said",
        "said",
        "warned",
        "said",
        "added",
    ]


def test_seed_article_reads(analyzer: Analyzer, shared: Path) -> None:
    """The seed article: every layered source, chain and scare quote where it belongs."""
    text = (shared / "seed" / "000_38209af840808af7.txt").read_text(encoding="utf-8")
    r = analyzer.analyze(text, published="2022-09-28")
    by_cue: dict[str, list[Claim]] = {}
    for c in r.claims:
        by_cue.setdefault(c.cues[0].text, []).append(c)
    reports = by_cue["reports"][0]
    assert chain(reports) == ["Bloomberg", "officials and sources close to the Kremlin"]
    assert [s.text for s in reports.cues] == ["reports", "with reference to"]
    figures = by_cue["according to"]
    assert [c.source.span.text for c in figures if c.source and c.source.span] == [
        "official figures",
        "unofficial data",
    ]
    assert all(c.source and c.source.kind == "document" for c in figures)
    assert all(c.parent_id == reports.id for c in figures)
    them = by_cue["According to"]
    assert [chain(c) for c in them] == [["Bloomberg", "them"], ["CNN", "them"]]
    assert all(c.source and c.source.resolved_from == "previous_claim" for c in them)
    believe = by_cue["believe"]
    assert chain(believe[0]) == ["Bloomberg", "Bloomberg sources close to the Kremlin"]
    assert believe[0].stance == "belief"
    say = by_cue["say"][0]
    assert chain(say) == ["Bloomberg", "the sources"]
    claim_cnn = by_cue["claim"][0]
    assert chain(claim_cnn)[0] == "CNN"
    assert claim_cnn.source and claim_cnn.source.access
    assert claim_cnn.source.access.text == "familiar with US intelligence"
    assert by_cue["threatened"][0].stance == "threat"
    assert by_cue["doubt"][0].stance == "doubt"
    medvedev, sullivan = by_cue["said"]
    assert medvedev.form == "mixed"
    assert medvedev.source and medvedev.source.role and medvedev.source.name == "Dmitry Medvedev"
    assert medvedev.source.role.text == "former President"
    assert sullivan.source and sullivan.source.name == "Jake Sullivan"
    assert sullivan.source.role and sullivan.source.role.text == (
        "White House national security adviser"
    )
    assert by_cue["warned"][0].parent_id == sullivan.id
    assert [s.span.text for s in r.scare_quotes] == ["“register”", "“for”", "“referendums”"]
