"""The terminal view of a comparison: each story, its articles and origins, then its links
(disagreements first), each end quoted from its article.

Article text goes through ``terminal.clip`` (no control characters) into ``rich.text.Text``
objects, never into markup strings.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from reportedly.linking.records import CorpusReport, Link, LinkEnd, Story
from reportedly.outputs.terminal import clip

#: Disagreements first: they are what a reader of many outlets looks for.
KIND_ORDER = (
    "contradiction",
    "figure_conflict",
    "date_conflict",
    "attribution_shift",
    "same_claim",
)
KIND_STYLE = {
    "contradiction": "bold red",
    "figure_conflict": "bold magenta",
    "date_conflict": "bold yellow",
    "attribution_shift": "bold cyan",
    "same_claim": "bold green",
}


def render(report: CorpusReport, console: Console) -> None:
    names = {
        d.document.id: _name(d.document.origin, d.document.outlet, d.document.id)
        for d in report.documents
    }
    by_story: dict[str, list[Link]] = {s.id: [] for s in report.stories}
    story_of = {d: s.id for s in report.stories for d in s.documents}
    for link in report.links:
        by_story.setdefault(story_of.get(link.a.document, ""), []).append(link)
    console.print(
        Text(
            f"{len(report.documents)} documents, {len(report.stories)} stories, "
            f"{len(report.links)} links",
            style="bold",
        )
    )
    for warning in report.warnings:
        console.print(Text("warning: " + clip(warning), style="yellow"))
    for story in report.stories:
        _story(story, by_story.get(story.id, []), names, console)


def _name(origin: str | None, outlet: str | None, doc_id: str) -> str:
    label = origin or doc_id
    return f"{label} ({outlet})" if outlet else label


def _story(story: Story, links: list[Link], names: dict[str, str], console: Console) -> None:
    console.rule(Text(f"{story.id}: {clip(story.title or '', 100)}", style="bold"))
    dates = ""
    if story.first_published:
        dates = f", {story.first_published}"
        if story.last_published and story.last_published != story.first_published:
            dates += f" to {story.last_published}"
    console.print(
        Text(
            f"{story.articles} article{'s' if story.articles != 1 else ''}, "
            f"{len(story.origins)} independent origin{'s' if len(story.origins) != 1 else ''}"
            + dates
        )
    )
    for origin in story.origins:
        members = ", ".join(names.get(d, d) for d in origin.documents)
        console.print(Text(f"  origin {origin.id}: " + clip(members, 300), style="dim"))
    if story.actors:
        console.print(Text("  actors: " + clip(", ".join(story.actors), 200), style="dim"))
    if story.places:
        console.print(Text("  places: " + clip(", ".join(story.places), 200), style="dim"))
    if not links:
        console.print(Text("  no links", style="dim"))
        return
    ordered = sorted(links, key=lambda k: (KIND_ORDER.index(k.kind), -k.confidence, k.id))
    for link in ordered:
        head = Text("  ")
        head.append(link.kind, style=KIND_STYLE[link.kind])
        head.append(f" {link.confidence:.2f} ", style="dim")
        head.append(clip(link.explanation, 240))
        console.print(head)
        console.print(_end("a", link.a, names))
        console.print(_end("b", link.b, names))


def _end(label: str, end: LinkEnd, names: dict[str, str]) -> Text:
    text = Text(f"    {label}  ")
    text.append(
        f"{names.get(end.document, end.document)} [{end.span.start}:{end.span.end}]", style="dim"
    )
    if end.source:
        text.append(f" per {clip(end.source, 80)}", style="italic")
    text.append(": ")
    text.append(clip(end.span.text, 200))
    return text
