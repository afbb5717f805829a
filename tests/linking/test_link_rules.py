"""The linker's rules on short articles the project writes: what must link, which kind, and
the look-alikes that must not (see docs/linking.md, "Method")."""

from __future__ import annotations

from collections.abc import Sequence

from reportedly.linking.compare import compare
from reportedly.model import Report
from reportedly.pipeline import Analyzer


def _one_story(reports: Sequence[Report]) -> list[list[str]]:
    return [[r.document.id for r in reports]]


#: Other news around each article's lines: word weights are inverse frequencies over the
#: story, so a story of two sentences would make every shared word common.
AROUND = (
    "Elsewhere, the city museum opened a new wing devoted to medieval maps.",
    "A heatwave is expected to bring temperatures above 35 degrees by the weekend.",
    "The football club confirmed that its captain will miss the cup final with an injury.",
    "Train drivers in the south voted to accept the pay offer after months of talks.",
    "A rare white stork was seen nesting on the church tower in Breznik.",
    "The central bank left its main interest rate unchanged for the third month.",
)


def _links(analyzer: Analyzer, *texts: str, published: str = "2023-06-07") -> list[tuple]:
    reports = []
    for n, lines in enumerate(texts):
        text = "\n\n".join([lines, *AROUND[n * 3 : n * 3 + 3]])
        report = analyzer.analyze(text, published=published)
        doc = report.document.model_copy(update={"origin": f"article-{n}.txt"})
        reports.append(report.model_copy(update={"document": doc}))
    result = compare(reports, grouping=_one_story)
    return [(k.kind, k.rule, k.a.span.text, k.b.span.text) for k in result.links]


def test_a_quote_carried_whole_is_one_claim_when_one_account_only_describes_the_speaker(
    analyzer: Analyzer,
) -> None:
    links = _links(
        analyzer,
        'Marta Kovalenko, who runs the Delta grain exchange, wrote: "Nobody wins when the '
        "silos burn. The traders lose, the farmers lose, and the bakers lose too. We need the "
        'corridor back before the harvest rots."',
        'The founder of the Delta exchange wrote that "nobody wins when the silos burn. The '
        'traders lose, the farmers lose, and the bakers lose too."',
    )
    kinds = {kind for kind, *_ in links}
    assert "same_claim" in kinds
    assert "attribution_shift" not in kinds  # one speaker, named once and described once


def test_a_quote_with_several_figures_carried_twice_is_linked(analyzer: Analyzer) -> None:
    quote = (
        '"About 10% of the members back the merger and 90% of them are against it, so the '
        'board should drop the plan," the union leader Petra Sommer said.'
    )
    links = _links(analyzer, quote, "In other news, the canal reopened.\n\n" + quote)
    assert any(kind == "same_claim" for kind, *_ in links)


def test_claims_that_share_only_how_they_were_attributed_do_not_link(
    analyzer: Analyzer,
) -> None:
    links = _links(
        analyzer,
        "VARNA, 3 May (Coastwire) – The port will double its container traffic within five "
        "years, Harbour Minister Ivo Dragnev said in an interview with Coastwire in Varna.",
        "VARNA, 3 May (Coastwire) – Fishermen must be compensated for the closed quays before "
        "autumn, Harbour Minister Ivo Dragnev said in an interview with Coastwire in Varna.",
    )
    assert not [link for link in links if link[0] == "same_claim"]


def test_a_part_is_not_a_rival_figure_for_the_total(analyzer: Analyzer) -> None:
    links = _links(
        analyzer,
        "The aid package includes more than 400 vehicles, including 160 armoured vehicles, "
        "and 60 patrol boats for the coast guard.",
        "The aid package includes more than 400 vehicles and 60 patrol boats for the coast "
        "guard, the ministry said.",
    )
    assert not [link for link in links if link[0] == "figure_conflict"]


def test_a_claim_with_no_source_is_no_attribution_shift(analyzer: Analyzer) -> None:
    links = _links(
        analyzer,
        "The regional council will reopen the northern bridge to lorries on Monday after "
        "engineers finished the repairs.",
        "Engineers finished the repairs, and the regional council will reopen the northern "
        "bridge to lorries on Monday.",
    )
    assert not [link for link in links if link[0] == "attribution_shift"]


def test_officials_against_anonymous_sources_stays_a_shift_of_attribution(
    analyzer: Analyzer,
) -> None:
    links = _links(
        analyzer,
        "Coastal officials said that saboteurs had cut the undersea power cable near Orlovo.",
        "Saboteurs had cut the undersea power cable near Orlovo, according to sources close "
        "to the coast guard.",
    )
    kinds = {kind for kind, *_ in links}
    assert "attribution_shift" in kinds
    assert "same_claim" not in kinds


def test_one_speaker_in_two_spellings_is_one_source(analyzer: Analyzer) -> None:
    """'Lukashenko' and 'Lukashenka' (one letter apart), 'Petroff' and 'Petrov' (the old
    French -off): the same claim, not one content from two sources."""
    links = _links(
        analyzer,
        "Alexander Lukashenka said the border crossing at Brest would stay closed to lorries "
        "until the end of the harvest.",
        "Alexander Lukashenko said the border crossing at Brest would stay closed to lorries "
        "until the end of the harvest season.",
    )
    assert [(kind, rule) for kind, rule, _, _ in links] == [
        ("same_claim", "same source, shared content")
    ]
    links = _links(
        analyzer,
        "Ivan Petroff said the distillery in Tambov would double its output of rye spirit.",
        "Ivan Petrov said the distillery in Tambov would double its output of rye spirit "
        "next year.",
    )
    assert [(kind, rule) for kind, rule, _, _ in links] == [
        ("same_claim", "same source, shared content")
    ]
