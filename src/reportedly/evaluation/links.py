"""`reportedly eval links`: cross-outlet links against a gold set (``reportedly-links-gold/1``).

The gold names articles by file name and marks each link end by character offsets into the
file's bytes decoded as UTF-8 (never by copied text); the shipped dev gold is
``data/gold/links/ukraine-war-dev.json`` (its README gives the format). Every article of the
gold's stories is analysed (published = the date in its file name) and compared as one set,
as ``reportedly compare`` would; predicted ends are mapped back to input offsets through the
document's repairs. A predicted link matches a gold one of the same kind when each end lies
in the same article as a gold end (or in an exact copy of it: the same text under another
file name, where the same offsets mark the same words) and overlaps it (either orientation).
Scored per kind:
precision over predicted links whose two articles share a gold story (the gold is complete
only inside its stories), recall over gold links; the near-misses listed as ``non_links``
must not be predicted, and how many were is printed beside.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reportedly.evaluation.metrics import scores
from reportedly.linking.kinds import LINK_KINDS

if TYPE_CHECKING:
    from reportedly.linking.records import CorpusReport, Link, LinkEnd

GOLD_FORMAT = "reportedly-links-gold/1"


@dataclass(frozen=True)
class GoldEnd:
    article: str
    start: int
    end: int


@dataclass(frozen=True)
class GoldLink:
    id: str
    kind: str
    story: str
    a: GoldEnd
    b: GoldEnd


@dataclass
class Gold:
    stories: dict[str, list[str]]
    links: list[GoldLink]
    non_links: list[GoldLink]


def default_gold() -> Path:
    return Path(
        str(resources.files("reportedly") / "data" / "gold" / "links" / "ukraine-war-dev.json")
    )


def read_gold(path: Path) -> Gold:
    """Raises ``ValueError`` on a file that is not the gold format."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != GOLD_FORMAT:
        raise ValueError(f"{path}: not a {GOLD_FORMAT} file")

    def links(key: str) -> list[GoldLink]:
        out = []
        for raw in data.get(key, []):
            if raw["kind"] not in LINK_KINDS:
                raise ValueError(f"{path}: {raw['id']}: unknown kind {raw['kind']!r}")
            ends = [
                GoldEnd(raw[s]["article"], int(raw[s]["start"]), int(raw[s]["end"])) for s in "ab"
            ]
            out.append(GoldLink(raw["id"], raw["kind"], raw["story"], ends[0], ends[1]))
        return out

    stories = {s["id"]: list(s["articles"]) for s in data["stories"]}
    return Gold(stories, links("links"), links("non_links"))


def published_from_name(name: str) -> date | None:
    """GDELT-style names begin with the first-seen time: ``20220126T083000Z_...``."""
    try:
        return date(int(name[:4]), int(name[4:6]), int(name[6:8]))
    except ValueError:
        return None


def analyse(data: Path, articles: list[str], mode: str) -> tuple[CorpusReport, dict[str, Any]]:
    from reportedly.linking.compare import compare
    from reportedly.pipeline import Analyzer
    from reportedly.settings import Settings

    analyzer = Analyzer(Settings(mode=mode))
    reports = []
    started = time.perf_counter()
    progress = sys.stderr.isatty()
    for n, name in enumerate(articles, 1):
        text = (data / name).read_bytes().decode("utf-8")
        report = analyzer.analyze(text, published=published_from_name(name))
        doc = report.document.model_copy(update={"origin": name})
        reports.append(report.model_copy(update={"document": doc}))
        if progress:
            typer.echo(f"\ranalysed {n}/{len(articles)}", err=True, nl=False)
    if progress:
        typer.echo("", err=True)
    analysed = time.perf_counter() - started
    result = compare(reports)
    timing = {
        "analysis_s": round(analysed, 1),
        "linking_s": round(time.perf_counter() - started - analysed, 2),
    }
    return result, timing


def _input_end(end: LinkEnd, repairs: dict[str, Any]) -> GoldEnd:
    from reportedly.repair.edits import to_input_span

    start, stop = to_input_span(repairs[end.document], end.span.start, end.span.end)
    return GoldEnd(str(end.origin), start, stop)


def _meets(predicted: GoldEnd, gold: GoldEnd, copies: dict[str, str] | None = None) -> bool:
    same = copies or {}
    return (
        same.get(predicted.article, predicted.article) == same.get(gold.article, gold.article)
        and predicted.start < gold.end
        and gold.start < predicted.end
    )


def _matches(
    link: tuple[str, GoldEnd, GoldEnd], gold: GoldLink, copies: dict[str, str] | None = None
) -> bool:
    kind, a, b = link
    if kind != gold.kind:
        return False
    return (_meets(a, gold.a, copies) and _meets(b, gold.b, copies)) or (
        _meets(a, gold.b, copies) and _meets(b, gold.a, copies)
    )


def exact_copies(result: CorpusReport) -> dict[str, str]:
    """Each article whose text another article repeats exactly -> the first such article."""
    first: dict[str, str] = {}
    out = {}
    for report in result.documents:
        name = str(report.document.origin)
        out[name] = first.setdefault(report.document.text, name)
    return out


def score(gold: Gold, result: CorpusReport) -> dict[str, Any]:
    repairs = {d.document.id: d.document.repairs for d in result.documents}
    stories_of: dict[str, set[str]] = {}
    for story, articles in gold.stories.items():
        for article in articles:
            stories_of.setdefault(article, set()).add(story)
    origin_of = {d: o.id for s in result.stories for o in s.origins for d in o.documents}
    same_text = exact_copies(result)
    predicted: list[tuple[str, GoldEnd, GoldEnd, Link]] = []
    outside = copies = repeats = 0
    seen: set[tuple[str, GoldEnd, GoldEnd]] = set()
    for link in result.links:
        a, b = _input_end(link.a, repairs), _input_end(link.b, repairs)
        if not stories_of.get(a.article, set()) & stories_of.get(b.article, set()):
            outside += 1
            continue
        one_origin = origin_of.get(link.a.document) == origin_of.get(link.b.document)
        if (
            link.kind == "same_claim"
            and one_origin
            and link.a.document != link.b.document
            and not any(_matches((link.kind, a, b), g, same_text) for g in gold.links)
        ):
            copies += 1  # between two copies of one text the gold lists the main claims only
            continue
        canonical = _canonical((link.kind, a, b), same_text)
        if canonical in seen:
            repeats += 1  # one link between the same two texts, found again in their copies
            continue
        seen.add(canonical)
        predicted.append((link.kind, a, b, link))
    per_kind: dict[str, Any] = {}
    for kind in LINK_KINDS:
        mine = [p for p in predicted if p[0] == kind]
        golds = [g for g in gold.links if g.kind == kind]
        correct = sum(any(_matches(p[:3], g, same_text) for g in golds) for p in mine)
        found = sum(any(_matches(p[:3], g, same_text) for p in mine) for g in golds)
        near = [g for g in gold.non_links if g.kind == kind]
        violated = sum(any(_matches(p[:3], g, same_text) for p in mine) for g in near)
        p, r, f = scores(correct, len(mine), len(golds), found)
        per_kind[kind] = {
            "gold": len(golds),
            "predicted": len(mine),
            "P": round(100 * p, 1),
            "R": round(100 * r, 1),
            "F1": round(100 * f, 1),
            "non_links": len(near),
            "non_links_predicted": violated,
        }
    return {
        "per_kind": per_kind,
        "predicted_outside_gold_stories": outside,
        "same_claim_between_copies_unscored": copies,
        "repeated_in_copies_counted_once": repeats,
    }


def _canonical(
    link: tuple[str, GoldEnd, GoldEnd], copies: dict[str, str]
) -> tuple[str, GoldEnd, GoldEnd]:
    """A link with each end moved to the first of its article's exact copies (same text, same
    offsets), ends in a fixed order: one link, however many copies carry its two texts."""
    kind, a, b = link
    ends = sorted(
        (GoldEnd(copies.get(e.article, e.article), e.start, e.end) for e in (a, b)),
        key=lambda e: (e.article, e.start, e.end),
    )
    return kind, ends[0], ends[1]


def story_scores(gold: Gold, result: CorpusReport) -> dict[str, float]:
    """B-cubed of the predicted stories against the gold's; an article in two gold stories
    counts in the first."""
    from reportedly.evaluation.coref_metrics import b_cubed

    name = {d.document.id: str(d.document.origin) for d in result.documents}
    key: dict[Hashable, Hashable] = {}
    for story, articles in gold.stories.items():
        for article in articles:
            key.setdefault(article, story)
    response: dict[Hashable, Hashable] = {
        name[d]: s.id for s in result.stories for d in s.documents if name[d] in key
    }
    return b_cubed(key, response).percent()


def command(
    data: Annotated[Path, typer.Option(help="Folder of the gold's articles.")],
    gold_file: Annotated[
        Path | None, typer.Option("--gold", help="Gold file (default: the shipped dev gold).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    mode: Annotated[str, typer.Option(help="Attribution engine: fast or accurate.")] = "fast",
) -> None:
    """Score cross-outlet links per kind against a gold set (character offsets)."""
    if fmt not in ("table", "json"):
        raise typer.BadParameter("format must be table or json")
    path = gold_file or default_gold()
    try:
        gold = read_gold(path)
    except (OSError, ValueError, KeyError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    articles = sorted({a for arts in gold.stories.values() for a in arts})
    missing = [a for a in articles if not (data / a).is_file()]
    if missing:
        typer.echo(f"error: {len(missing)} gold articles not in {data}: {missing[0]} ...", err=True)
        raise typer.Exit(code=1)
    result, timing = analyse(data, articles, mode)
    out: dict[str, Any] = {
        "gold": path.name,
        "stories": len(gold.stories),
        "articles": len(articles),
        "mode": mode,
        **score(gold, result),
        "story_b_cubed": story_scores(gold, result),
        **timing,
    }
    if fmt == "json":
        typer.echo(json.dumps(out, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"links: {out['gold']} ({out['stories']} stories, {out['articles']} articles, {mode})"
    )
    for column in ("kind", "gold", "predicted", "P", "R", "F1", "near-misses predicted"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, row in out["per_kind"].items():
        table.add_row(
            kind,
            str(row["gold"]),
            str(row["predicted"]),
            str(row["P"]),
            str(row["R"]),
            str(row["F1"]),
            f"{row['non_links_predicted']}/{row['non_links']}",
        )
    Console().print(table)
    b3 = out["story_b_cubed"]
    typer.echo(
        f"stories B-cubed P/R/F1 {b3['P']}/{b3['R']}/{b3['F1']}; predicted links outside gold "
        f"stories: {out['predicted_outside_gold_stories']}; analysis {out['analysis_s']} s, "
        f"linking {out['linking_s']} s. Targets: P >= 85, R >= 75 per kind."
    )
