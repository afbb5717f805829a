"""Cross-outlet links on the project's own articles (tests/fixtures/linking): each link kind
found where it should be, and the near-misses that must not link."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import reportedly
from reportedly.cli import app
from reportedly.linking.compare import compare
from reportedly.linking.figures import compare as compare_figures
from reportedly.linking.origins import OriginIndex
from reportedly.linking.records import CorpusReport, json_schema
from reportedly.linking.text import content_words, negated
from reportedly.model import Quantity, Report, Span
from reportedly.pipeline import Analyzer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linking"
SCHEMA_FILE = Path(reportedly.__file__).parent / "schema" / "reportedly-corpus-1.schema.json"
ARTICLES = {
    "dam-herald.txt": ("2023-06-07", "Northern Herald"),
    "dam-herald-copy.txt": ("2023-06-07", "Lakeside Post"),
    "dam-wire.txt": ("2023-06-06", "Eastern Wire"),
    "dam-near-misses.txt": ("2023-06-07", "River Gazette"),
    "harvest.txt": ("2023-06-07", "Farm Weekly"),
}


@pytest.fixture(scope="module")
def comparison(analyzer: Analyzer) -> CorpusReport:
    reports = []
    for name, (published, outlet) in ARTICLES.items():
        report = analyzer.analyze(
            (FIXTURES / name).read_text(encoding="utf-8"), published=published, outlet=outlet
        )
        doc = report.document.model_copy(update={"origin": name})
        reports.append(report.model_copy(update={"document": doc}))
    return compare(reports)


def _pairs(report: CorpusReport, kind: str) -> set[frozenset[str]]:
    return {frozenset((str(k.a.origin), str(k.b.origin))) for k in report.links if k.kind == kind}


def _figure(text: str, value: float, change: str = "=", qualifier: str | None = None) -> Quantity:
    full = f"{qualifier} {text}" if qualifier else text
    span = Span(start=0, end=len(full), text=full)
    qualifier_span = Span(start=0, end=len(qualifier), text=qualifier) if qualifier else None
    high = value if change == "<" else None
    return Quantity(
        id="q1",
        span=span,
        value=value,
        high=high,
        change=change,  # type: ignore[arg-type]
        approximate=change == "~",
        unit="people",
        qualifier=qualifier_span,
    )


def test_committed_corpus_schema_matches_the_model() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema(), (
        "run `python -m reportedly.linking.records > "
        "src/reportedly/schema/reportedly-corpus-1.schema.json`"
    )


@pytest.mark.parametrize(
    ("a", "b", "conflict", "rule"),
    [
        (("100,000", 100_000), ("130,000", 130_000), True, "intervals do not meet"),
        (("about 100,000", 100_000, "~"), ("90,000", 90_000, ">", "more than"), False, "meet"),
        (("7,000", 7_000), ("seven thousand", 7_000), False, "intervals meet"),
        (("300 thousand", 300_000, "<", "up to"), ("a million", 1e6, "<", "up to"), True, "ceil"),
        (("300 thousand", 300_000, "<", "up to"), ("400,000", 4e5, "<", "up to"), False, "ceil"),
        (("100,000", 100_000), ("102,000", 102_000), False, "intervals meet"),
        (("824", 824), ("nearly 1,000", 1_000, "~", "nearly"), True, "do not meet"),
        (("12,000", 12_000), ("nearly 13,000", 13_000, "~", "nearly"), False, "intervals meet"),
    ],
)
def test_figures_conflict_only_beyond_their_hedges(
    a: tuple, b: tuple, conflict: bool, rule: str
) -> None:
    verdict = compare_figures(_figure(*a), _figure(*b))
    assert verdict is not None
    assert verdict.conflict is conflict
    assert rule in verdict.rule


def test_words_and_negation() -> None:
    assert content_words("Russian forces blew up the dam") == content_words(
        "the Russian force has blown up dams"
    )
    assert negated("Moscow has no plans to attack")
    assert negated("The ministry denied it")
    assert not negated("Moscow plans to attack")


def test_wire_copy_is_one_origin_and_another_telling_is_not() -> None:
    index = OriginIndex()
    herald = (FIXTURES / "dam-herald.txt").read_text(encoding="utf-8")
    copy = (FIXTURES / "dam-herald-copy.txt").read_text(encoding="utf-8")
    wire = (FIXTURES / "dam-wire.txt").read_text(encoding="utf-8")
    assert index.add("h", herald) == "h"
    assert index.add("c", copy) == "h"
    assert index.add("w", wire) == "w"
    assert index.groups() == [["h", "c"], ["w"]]


def test_stories_and_origins(comparison: CorpusReport) -> None:
    names = {d.document.id: d.document.origin for d in comparison.documents}
    stories = [sorted(str(names[d]) for d in s.documents) for s in comparison.stories]
    assert sorted(stories) == [
        ["dam-herald-copy.txt", "dam-herald.txt", "dam-near-misses.txt", "dam-wire.txt"],
        ["harvest.txt"],
    ]
    dam = next(s for s in comparison.stories if s.articles == 4)
    assert len(dam.origins) == 3
    assert sorted(sorted(str(names[d]) for d in o.documents) for o in dam.origins) == [
        ["dam-herald-copy.txt", "dam-herald.txt"],
        ["dam-near-misses.txt"],
        ["dam-wire.txt"],
    ]


def test_each_kind_where_it_should_be(comparison: CorpusReport) -> None:
    herald_wire = frozenset(("dam-herald.txt", "dam-wire.txt"))
    assert herald_wire in _pairs(comparison, "figure_conflict")  # 12,000 vs 40,000 evacuated
    assert herald_wire in _pairs(comparison, "date_conflict")  # destroyed 6 June vs 5 June
    assert herald_wire in _pairs(comparison, "same_claim")  # the mayor, spelt two ways
    assert herald_wire in _pairs(comparison, "attribution_shift")  # officials vs sources
    # one article reports both sides: the accusation and the denial
    assert frozenset(("dam-herald.txt",)) in _pairs(comparison, "contradiction")
    mayor = [
        k
        for k in comparison.links
        if k.kind == "same_claim" and {k.a.origin, k.b.origin} == set(herald_wire)
    ]
    assert mayor and all("Hnat" in str(k.a.source) and "Hnat" in str(k.b.source) for k in mayor)


def test_near_misses_do_not_link_as_conflicts(comparison: CorpusReport) -> None:
    near = frozenset(("dam-herald.txt", "dam-near-misses.txt"))
    # "about 12,500" agrees with "12,000"; "yesterday" on 7 June is 6 June
    assert near not in _pairs(comparison, "figure_conflict")
    assert near not in _pairs(comparison, "date_conflict")
    assert near in _pairs(comparison, "same_claim")
    # two copies of one text: nothing but the claims they share
    copies = frozenset(("dam-herald.txt", "dam-herald-copy.txt"))
    assert all(
        k.kind == "same_claim" for k in comparison.links if {k.a.origin, k.b.origin} == copies
    )
    harvest = {d.document.id for d in comparison.documents if d.document.origin == "harvest.txt"}
    assert not [k for k in comparison.links if {k.a.document, k.b.document} & harvest]


def test_claim_groups_count_articles_and_origins(comparison: CorpusReport) -> None:
    melnyk = [
        g for g in comparison.claim_groups if any("Melnyk" in str(e.source) for e in g.claims)
    ]
    assert len(melnyk) == 1
    assert (melnyk[0].articles, melnyk[0].origins) == (3, 2)
    corroborated = [
        k for k in comparison.links if k.kind == "same_claim" and "Melnyk" in str(k.a.source)
    ]
    assert all("3 articles, 2 independent origins" in k.explanation for k in corroborated)


def test_every_end_resolves_to_its_span(comparison: CorpusReport) -> None:
    data = json.loads(comparison.to_json())
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    texts = {d["document"]["id"]: d["document"]["text"] for d in data["documents"]}
    items = {
        (d["document"]["id"], kind, item["id"])
        for d in data["documents"]
        for kind, key in (("claim", "claims"), ("quantity", "quantities"), ("time", "times"))
        for item in d[key]
    }
    assert data["links"]
    for link in data["links"]:
        for end in (link["a"], link["b"]):
            span = end["span"]
            assert texts[end["document"]][span["start"] : span["end"]] == span["text"]
            if end["item"] != "statement":
                assert (end["document"], end["item"], end["id"]) in items


def test_one_article_with_official_and_unofficial_figures(analyzer: Analyzer) -> None:
    report = analyzer.analyze(
        "The call-up, according to official figures, will affect up to 300 thousand people, "
        "and according to unofficial data, up to a million. The ministry did not comment.",
        published="2022-09-28",
    )
    links = compare([report]).links
    figures = [k for k in links if k.kind == "figure_conflict"]
    assert len(figures) == 1
    assert {figures[0].a.span.text, figures[0].b.span.text} == {"300 thousand", "a million"}
    assert "ceilings a factor 3.3 apart" in figures[0].rule


def test_identical_inputs_keep_distinct_ids(analyzer: Analyzer) -> None:
    text = (FIXTURES / "harvest.txt").read_text(encoding="utf-8")
    first, second = analyzer.analyze(text), analyzer.analyze(text)
    result = compare([first, second])
    ids = [d.document.id for d in result.documents]
    assert len(set(ids)) == 2 and ids[1] == ids[0] + "-2"
    assert result.warnings and "the same text" in result.warnings[0]
    assert len(result.stories) == 1 and len(result.stories[0].origins) == 1


def test_compare_command_json_and_html(tmp_path: Path) -> None:
    runner = CliRunner()
    files = [str(FIXTURES / n) for n in ("dam-herald.txt", "dam-wire.txt", "harvest.txt")]
    result = runner.invoke(app, ["compare", *files, "--published", "2023-06-07", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "reportedly-corpus/1"
    assert {k["kind"] for k in data["links"]} >= {"figure_conflict", "same_claim"}
    out = tmp_path / "compare.html"
    result = runner.invoke(app, ["compare", *files, "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "figure_conflict" in page and "class='hl link'" in page
    assert "Content-Security-Policy" in page


def test_compare_escapes_article_text(analyzer: Analyzer) -> None:
    from reportedly.outputs import stories_html

    hostile = "<script>alert(1)</script> The mayor said 12,000 people had been evacuated."
    report = analyzer.analyze(hostile, published="2023-06-07")
    page = stories_html.render(compare([report]))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_report_round_trip_keeps_links(comparison: CorpusReport) -> None:
    again = CorpusReport.model_validate_json(comparison.to_json())
    assert again == comparison
    assert isinstance(again.documents[0], Report)


def test_one_event_told_two_ways_links_by_category_and_actor() -> None:
    """Event ends: a strike said to happen and not to happen, and one placed on two days."""
    told = [
        (
            "Russia attacked the port of Odesa with drones on Tuesday night, the Ukrainian "
            "navy said in a statement.",
            "2023-07-19",
        ),
        (
            "Russia did not attack the port of Odesa on Tuesday, the Russian defence ministry "
            "said, calling the reports a provocation.",
            "2023-07-19",
        ),
        (
            "Russia shelled the city of Kharkiv on 3 June 2023, the regional governor told "
            "reporters in a morning briefing.",
            "2023-06-05",
        ),
        (
            "Residents of Kharkiv said Russia shelled their city on 4 June 2023 and again "
            "overnight.",
            "2023-06-05",
        ),
    ]
    reports = [reportedly.analyze(text, published=day) for text, day in told]
    ids = [r.document.id for r in reports]
    events = {
        (link.kind, frozenset((link.a.document, link.b.document))): link
        for link in compare(reports).links
        if link.a.item == link.b.item == "event"
    }
    denial = events[("contradiction", frozenset(ids[:2]))]
    assert denial.a.document == ids[0]  # the side that says it happened comes first
    assert "ASSAULT by Russia" in denial.explanation
    assert "Russian defence ministry" in denial.explanation
    dates = events[("date_conflict", frozenset(ids[2:]))]
    assert "2023-06-03" in dates.explanation and "2023-06-04" in dates.explanation
    assert {key[0] for key in events} == {"contradiction", "date_conflict"}
    for link in events.values():
        for end in (link.a, link.b):
            report = reports[ids.index(end.document)]
            assert report.document.text[end.span.start : end.span.end] == end.span.text
