"""`reportedly eval polnear`: attribution accuracy on the PolNeAR corpus.

Each article goes through the product pipeline (``Analyzer``, raw text so offsets match the
brat files). PolNeAR is univocal (a token belongs to at most one attribution), so only
top-level claims are scored; claims nested in another claim's content are left out. Where
several annotators marked an article, the file whose annotator code sorts first is the gold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reportedly.evaluation.polnear_data import Article, GoldRelation, load_annotators, load_split
from reportedly.evaluation.polnear_score import Tally
from reportedly.evaluation.unreadable import Unreadable

if TYPE_CHECKING:
    from reportedly.model import Claim
SPLITS = ("dev", "train", "annotator-training")


def claims_to_relations(claims: list[Claim], text: str = "") -> list[GoldRelation]:
    """Top-level claims as scorer relations (cue, written source, content fragments).

    One PolNeAR convention is applied here rather than in the product, where it would look
    odd: a source closing with an appositive takes its comma ("Jane Doe, an aide to X,").
    """
    out = []
    for claim in claims:
        if claim.parent_id is not None:
            continue
        source = claim.source.span if claim.source is not None else None
        end = source.end if source is not None else 0
        if source is not None and ", " in source.text and text[end : end + 1] == ",":
            end += 1
        out.append(
            GoldRelation(
                cue=tuple((s.start, s.end) for s in claim.cues),
                source=((source.start, end),) if source is not None else (),
                content=tuple((s.start, s.end) for s in claim.content),
            )
        )
    return out


def _parsed(
    articles: list[Article], mode: str = "fast"
) -> Iterator[tuple[Article, Any, list[Claim]]]:
    """Each article's spaCy doc and claims, through the product pipeline in ``mode``."""
    from reportedly.contract import ensure_extensions
    from reportedly.pipeline import Analyzer, Settings, build_report

    analyzer = Analyzer(Settings(mode=mode))
    nlp = analyzer.nlp
    ensure_extensions()

    def docs() -> Iterator[tuple[Any, tuple[Article, Any]]]:
        for article in articles:
            document = analyzer.prepare(article.text, raw=True, doc_id=article.name)
            doc = nlp.make_doc(document.text)
            doc._.published = document.published
            doc._.outlet = document.outlet
            yield doc, (article, document)

    for doc, (article, document) in nlp.pipe(docs(), as_tuples=True, batch_size=8):
        report = build_report(document, doc, analyzer.stage_infos(), 0.0)
        yield article, doc, report.claims


def textacy_relations(doc: Any) -> list[GoldRelation]:
    """textacy's ``direct_quotations`` as scorer relations (the baseline)."""
    from textacy.extract.triples import direct_quotations

    out: list[GoldRelation] = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy gives up on unbalanced quotation marks
        return out
    for triple in triples:
        speaker = [(t.idx, t.idx + len(t)) for t in triple.speaker]
        cue = [(t.idx, t.idx + len(t)) for t in triple.cue]
        content = triple.content
        out.append(
            GoldRelation(
                cue=((cue[0][0], cue[-1][1]),) if cue else (),
                source=((speaker[0][0], speaker[-1][1]),) if speaker else (),
                content=((content.start_char, content.end_char),),
            )
        )
    return out


_QUOTE_MARKS = ("“", '"', "''", "‘", "«")


def _quoted(text: str, relations: list[GoldRelation]) -> list[GoldRelation]:
    """The direct quotations: relations whose content opens with a quotation mark."""
    return [
        r
        for r in relations
        if r.content and text[min(a for a, _ in r.content) :].lstrip().startswith(_QUOTE_MARKS)
    ]


#: System names in the results, per product mode.
SYSTEMS = {"fast": "rules", "accurate": "accurate"}


def evaluate(
    data: Path,
    split: str,
    baseline: str | None = None,
    modes: tuple[str, ...] = ("fast",),
    unreadable: Unreadable | None = None,
) -> dict[str, Any]:
    """Figures for each product mode (rules, accurate), the baseline, and humans on
    annotator-training; every system reads the same gold. Unreadable articles are left out
    and noted in ``unreadable``."""
    unreadable = unreadable if unreadable is not None else Unreadable()
    articles = load_split(data, split, unreadable)
    result: dict[str, Any] = {
        "corpus": "PolNeAR",
        "split": split,
        "gold": "first annotator file in sorted order per article",
        "articles": len(articles),
        "unreadable": len(unreadable),
        "systems": {},
    }
    for mode in modes:
        system, system_direct, base, base_direct = Tally(), Tally(), Tally(), Tally()
        with_baseline = baseline == "textacy" and mode == modes[0]
        for article, doc, claims in _parsed(articles, mode):
            text, expected = article.text, article.relations
            predicted = claims_to_relations(claims, text)
            system.add(text, expected, predicted)
            system_direct.add(text, _quoted(text, expected), _quoted(text, predicted))
            if with_baseline:
                found = textacy_relations(doc)
                base.add(text, expected, found)
                base_direct.add(text, _quoted(text, expected), _quoted(text, found))
        result["systems"][SYSTEMS[mode]] = system.figures()
        result["systems"][f"{SYSTEMS[mode]}-direct"] = system_direct.figures()
        if with_baseline:
            result["systems"]["textacy"] = base.figures()
            result["systems"]["textacy-direct"] = base_direct.figures()
    if split == "annotator-training":
        human = Tally()
        for versions in load_annotators(data, split, Unreadable()).values():
            for gold in versions:
                for other in versions:
                    if other is not gold:
                        human.add(gold.text, gold.relations, other.relations)
        result["systems"]["human"] = human.figures()
    return result


def render_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"PolNeAR {result['split']}: attribution (micro-averaged, %)")
    for col in ("system", "level", "P", "R", "F1", "begin F1", "Jaccard", "gold", "pred"):
        table.add_column(col, justify="left" if col in ("system", "level") else "right")
    for name, figs in result["systems"].items():
        for role in ("source", "cue", "content"):
            r = figs[role]
            table.add_row(
                name,
                role,
                *(f"{r['exact'][k]:.1f}" for k in ("p", "r", "f1")),
                f"{r['begin']['f1']:.1f}",
                f"{r['jaccard']:.1f}",
                str(r["gold"]),
                str(r["predicted"]),
            )
        rel = figs["relation"]
        table.add_row(
            name,
            "relation",
            *(f"{rel[k]:.1f}" for k in ("p", "r", "f1")),
            "",
            "",
            str(rel["gold"]),
            str(rel["predicted"]),
        )
        table.add_row(
            name,
            "  source right",
            "",
            "",
            "",
            f"exact {rel['source_exact']:.1f}",
            f"overlap {rel['source_overlap']:.1f}",
            "",
            "",
            end_section=True,
        )
    Console().print(table)
    typer.echo(f"gold: {result['gold']}; articles: {result['articles']}")


def _accurate_unavailable() -> str | None:
    """Why the shipped tagger cannot run here, or None."""
    from reportedly.tagger.backend import AccurateModeUnavailable, check_available, shipped_model

    try:
        check_available(shipped_model())
    except AccurateModeUnavailable as exc:
        return str(exc)
    return None


def command(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder (with dev/, train/ ...).")],
    split: Annotated[str, typer.Option(help="dev, train or annotator-training")] = "dev",
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    baseline: Annotated[
        str | None, typer.Option(help="Also score a baseline: textacy (if installed).")
    ] = None,
    mode: Annotated[
        str,
        typer.Option(
            help="fast (rules), accurate (the shipped tagger), or both, side by side "
            "(both by default; accurate is left out, with a note, where it cannot run)."
        ),
    ] = "both",
) -> None:
    """Score attribution (source, cue, content; relations) against PolNeAR."""
    if split not in SPLITS:
        raise typer.BadParameter(f"split must be one of {', '.join(SPLITS)}")
    if fmt not in ("table", "json"):
        raise typer.BadParameter("format must be table or json")
    if not (data / split / "attributions").is_dir():
        typer.echo(f"no PolNeAR split at {data / split}", err=True)
        raise typer.Exit(code=2)
    if baseline not in (None, "textacy"):
        raise typer.BadParameter("the only baseline is textacy")
    if baseline == "textacy":
        try:
            import textacy  # noqa: F401
        except ImportError:
            typer.echo("textacy is not installed: baseline skipped", err=True)
            baseline = None
    if mode not in ("fast", "accurate", "both"):
        raise typer.BadParameter("mode must be fast, accurate or both")
    modes = ("fast", "accurate") if mode == "both" else (mode,)
    if "accurate" in modes:
        reason = _accurate_unavailable()
        if reason and mode == "accurate":
            typer.echo(f"error: {reason}", err=True)
            raise typer.Exit(code=2)
        if reason:
            typer.echo(f"accurate mode skipped: {reason}", err=True)
            modes = ("fast",)
    unreadable = Unreadable()
    result = evaluate(data, split, baseline, modes, unreadable)
    if fmt == "json":
        typer.echo(json.dumps(result, indent=2))
    else:
        render_table(result)
    summary = unreadable.summary()
    if summary:
        typer.echo(summary, err=True)
