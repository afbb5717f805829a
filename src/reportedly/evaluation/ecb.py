"""`reportedly eval ecb`: stories and cross-document event coreference on ECB+ (train or dev).

Two figures from one run:

(a) document clustering without gold topics: every document of the split is analysed by the
    pipeline, turned into a ``StoryDoc`` and added, in a fixed shuffled order, to the
    product's ``StoryClusterer``; B-cubed and the adjusted Rand index against the gold
    seminal events (topic and ecb/ecbplus half), as filed (what ``compare`` and ``stories``
    give) and after ``refine`` re-files every document (which the event figures use).
(b) cross-document event coreference on the gold event mentions: MUC, B-cubed, CEAF-e and
    CoNLL F1 of ``linking.eventcoref`` and of the same-head-lemma baseline, within the
    predicted stories of (a) and within the gold topics.

The dev key (``keys/``) is read and checked against the JSON mentions, scored against itself,
and the system response can be written in the same CoNLL format (``--response FILE``).
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reportedly.evaluation import coref_metrics as cm
from reportedly.evaluation.ecb_data import (
    TOPICS,
    EcbDocument,
    GoldMention,
    read_conll_clusters,
    read_conll_key,
    read_documents,
    read_mentions,
    write_conll,
)

if TYPE_CHECKING:
    from reportedly.model import Report

#: Published CoNLL F1 on the ECB+ test split (gold mentions, predicted topics).
PUBLISHED = {"Barhom et al. 2019": 79.5, "Cattan et al. 2021": 81.0, "Held et al. 2021": 85.7}


def story_figures(
    documents: list[EcbDocument], reports: dict[str, Report], seed: int
) -> tuple[dict[str, Any], dict[str, str]]:
    """Cluster the documents into stories (shuffled with ``seed``); scores and assignment."""
    from reportedly.linking.stories import StoryClusterer, story_doc

    docs = [story_doc(reports[d.name]) for d in documents]
    random.Random(seed).shuffle(docs)
    clusterer = StoryClusterer()
    for doc in docs:
        clusterer.add(doc)
    gold = {d.name: d.seminal for d in documents}
    # as filed: what `reportedly compare` and `reportedly stories` give (a corpus keeps its
    # first filing so that stories keep their ids); then after `refine`
    as_filed = cm.b_cubed(gold, clusterer.assignment())
    moved = clusterer.refine(clusterer.settings.refine_rounds)
    assignment = clusterer.assignment()
    b3 = cm.b_cubed(gold, assignment)
    figures = {
        "documents": len(documents),
        "gold_seminal_events": len(set(gold.values())),
        "stories": len(set(assignment.values())),
        "B3_as_filed": as_filed.percent(),
        "B3": b3.percent(),
        "ARI": round(100 * cm.adjusted_rand(gold, assignment), 2),
        "order_seed": seed,
        "moved_by_refine": moved,
    }
    return figures, assignment


def event_mentions(
    mentions: list[GoldMention],
    documents: dict[str, EcbDocument],
    reports: dict[str, Report],
    lemmas: dict[str, Any],
    groups: dict[str, str],
) -> list[Any]:
    """The plain features ``eventcoref`` reads, from each mention's sentence in its report."""
    from reportedly.corpus.actors import actor_key
    from reportedly.linking.eventcoref import EventMention
    from reportedly.linking.text import content_words

    out = []
    for mention in mentions:
        document, report = documents[mention.doc], reports[mention.doc]
        lo, hi = document.sentences[mention.sentence]
        actors = set()
        for entity in report.entities:
            if any(lo <= m.span.start < hi for m in entity.mentions):
                key = actor_key(entity)
                if key is not None:
                    actors.add(f"{key.type}:{key.match_key}")
        places = {
            str(p.geonames_id)
            for p in report.places
            if p.geonames_id is not None and any(lo <= m.start < hi for m in p.mentions)
        }
        times = {t.value for t in report.times if t.value and lo <= t.span.start < hi}
        words = lemmas.get(mention.id)
        out.append(
            EventMention(
                id=mention.id,
                doc=mention.doc,
                group=groups[mention.doc],
                sentence=mention.sentence,
                lemma=words.lemma if words else mention.head.lower(),
                pos=words.pos if words else "",
                text=mention.text,
                actors=frozenset(actors),
                places=frozenset(places),
                times=frozenset(times),
                context=frozenset(content_words(document.text[lo:hi])),
            )
        )
    return out


def coref_figures(
    mentions: list[GoldMention],
    documents: dict[str, EcbDocument],
    reports: dict[str, Report],
    lemmas: dict[str, Any],
    stories: dict[str, str],
) -> tuple[dict[str, Any], dict[str, str]]:
    """Product and baseline, within predicted stories and within gold topics."""
    from reportedly.linking.eventcoref import cluster_events, same_lemma

    key = {m.id: m.chain for m in mentions}
    topics = {name: str(doc.topic) for name, doc in documents.items()}
    figures: dict[str, Any] = {}
    response: dict[str, str] = {}
    for setting, groups in (("predicted_stories", stories), ("gold_topics", topics)):
        features = event_mentions(mentions, documents, reports, lemmas, groups)
        product = cluster_events(features)
        figures[setting] = {
            "product": cm.conll(key, product),
            "same_lemma_baseline": cm.conll(key, same_lemma(features)),
        }
        if setting == "predicted_stories":
            response = product
    return figures, response


def key_check(data: Path, split: str, mentions: list[GoldMention], out: Path | None) -> Any:
    """Read the CoNLL key (dev only ships one): same clusters as the JSON, 100 against itself."""
    path = data / "keys" / f"CD_{split}_event_mention_dataset.txt"
    if not path.is_file():
        return None
    ids = read_conll_key(path)
    check: dict[str, Any] = {"key": path.name, "lines": len(ids)}
    if len(ids) != len(mentions) or any(len(i) != 1 for i in ids):
        check["same_clusters_as_json"] = False
        return check
    from_key = {m.id: i[0] for m, i in zip(mentions, ids, strict=True)}
    from_json = {m.id: m.chain for m in mentions}
    check["same_clusters_as_json"] = set(cm.clusters(from_key)) == set(cm.clusters(from_json))
    check["key_vs_itself_CoNLL"] = cm.conll(from_key, from_key)["CoNLL"]["F1"]
    if out is not None:
        numbered = {c: n for n, c in enumerate(dict.fromkeys(from_json.values()), 1)}
        write_conll(out, [numbered[m.chain] for m in mentions])
        again = dict(zip(from_json, read_conll_clusters(out), strict=True))
        check["written_key_vs_key_CoNLL"] = cm.conll(from_key, again)["CoNLL"]["F1"]
    return check


def _key_check_round_trip(data: Path, split: str, mentions: list[GoldMention]) -> Any:
    """``key_check`` with the key written out (to a temporary folder) and read back."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return key_check(data, split, mentions, Path(folder) / "key.conll")


def command(
    data: Annotated[Path, typer.Option(help="The ECB+ folder (xml/, mentions/, keys/).")],
    split: Annotated[str, typer.Option(help="train or dev (test topics are held back)")] = "dev",
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    cache: Annotated[
        Path | None, typer.Option(help="Keep analysed reports in this folder (off by default).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the order documents are added in.")] = 0,
    response: Annotated[
        Path | None,
        typer.Option(help="Write the product's clusters (predicted stories) in CoNLL format."),
    ] = None,
) -> None:
    """Score story clustering and cross-document event coreference on ECB+."""
    if split not in TOPICS:
        raise typer.BadParameter("split must be train or dev")
    if fmt not in ("table", "json"):
        raise typer.BadParameter("format must be table or json")
    mention_file = data / "mentions" / f"{split}.Event_gold_mentions.json.gz"
    if not mention_file.is_file():
        raise typer.BadParameter(f"no such file: {mention_file}")
    from reportedly.evaluation.ecb_analysis import analyse

    started = time.perf_counter()
    mentions = read_mentions(mention_file)
    documents = read_documents(data, split, {m.doc for m in mentions})
    by_name = {d.name: d for d in documents}
    missing = {m.doc for m in mentions} - set(by_name)
    if missing:
        typer.echo(f"warning: {len(missing)} documents of the mentions not in xml/", err=True)
        mentions = [m for m in mentions if m.doc in by_name]
    reports, lemmas = analyse(documents, mentions, cache)
    analysed = time.perf_counter()
    stories, assignment = story_figures(documents, reports, seed)
    coref, product = coref_figures(mentions, by_name, reports, lemmas, assignment)
    result: dict[str, Any] = {
        "corpus": "ECB+",
        "split": split,
        "documents": len(documents),
        "mentions": len(mentions),
        "machine": "2-core CPU",
        "stories": stories,
        "event_coreference": coref,
        "published_test_CoNLL_F1": PUBLISHED,
        "key_check": _key_check_round_trip(data, split, mentions),
        "seconds": {
            "analysis": round(analysed - started, 1),
            "scoring": round(time.perf_counter() - analysed, 1),
        },
    }
    if response is not None:
        numbered = {c: n for n, c in enumerate(dict.fromkeys(product.values()), 1)}
        write_conll(response, [numbered[product[m.id]] for m in mentions])
    if fmt == "json":
        typer.echo(json.dumps(result, indent=2))
    else:
        _print_table(result)


def _print_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    s = result["stories"]
    head = (
        f"ECB+ {result['split']}: {result['documents']} documents, {result['mentions']} "
        f"gold event mentions, {result['seconds']['analysis']} s analysis + "
        f"{result['seconds']['scoring']} s scoring ({result['machine']})"
    )
    table = Table(title=head)
    table.add_column("(a) stories, no gold topics")
    table.add_column("value", justify="right")
    table.add_row("gold seminal events / stories", f"{s['gold_seminal_events']} / {s['stories']}")
    table.add_row("B-cubed P / R / F1, as filed", "{P} / {R} / {F1}".format(**s["B3_as_filed"]))
    table.add_row("B-cubed P / R / F1, refined", "{P} / {R} / {F1}".format(**s["B3"]))
    table.add_row("adjusted Rand index", str(s["ARI"]))
    console.print(table)
    table = Table(title="(b) cross-document event coreference, gold mentions (F1)")
    for column in ("setting", "system", "MUC", "B3", "CEAF-e", "CoNLL"):
        table.add_column(column, justify="left" if column in ("setting", "system") else "right")
    for setting, systems in result["event_coreference"].items():
        for system, scores in systems.items():
            table.add_row(
                setting.replace("_", " "),
                system.replace("_", " "),
                *(str(scores[m]["F1"]) for m in ("MUC", "B3", "CEAF-e", "CoNLL")),
            )
    for name, value in result["published_test_CoNLL_F1"].items():
        table.add_row("published (test split)", name, "", "", "", str(value))
    console.print(table)
    check = result.get("key_check")
    if check:
        console.print(f"key check: {check}")
