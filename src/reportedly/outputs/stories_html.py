"""The HTML view of a comparison: per story, its links (disagreements first) and its
articles side by side, both ends of every link highlighted in their articles.

Built on the single-article view (``outputs.html``): the same page shell and Content-Security-
Policy, the same highlighting (``highlight``, ``collect_marks``) and script, where a link
plays the part of a claim: clicking it in the list (or an end in the text) lights up both
ends. Every piece of article text goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from reportedly.linking.records import CorpusReport, Link, LinkEnd, Story
from reportedly.model import Report
from reportedly.outputs.html import KINDS, Mark, collect_marks, highlight, legend, page
from reportedly.outputs.stories_terminal import KIND_ORDER
from reportedly.outputs.terminal import clip


def render(report: CorpusReport) -> str:
    documents = {d.document.id: d for d in report.documents}
    story_of = {d: s.id for s in report.stories for d in s.documents}
    links: dict[str, list[Link]] = {s.id: [] for s in report.stories}
    for link in report.links:
        links.setdefault(story_of.get(link.a.document, ""), []).append(link)
    body = [
        legend([*(k for k in KINDS if k != "repair")]),
        f"<nav class='contents'><h2>{len(report.documents)} documents, "
        f"{len(report.stories)} stories, {len(report.links)} links</h2><ol>",
        *(
            f"<li><a href='#{escape(s.id)}'>{escape(clip(s.title or s.id, 120))}</a> "
            f"<span class='dim'>{s.articles} articles, {len(s.origins)} origins, "
            f"{len(links.get(s.id, []))} links</span></li>"
            for s in report.stories
        ),
        "</ol>",
        *(f"<p class='warnings'>{escape(w)}</p>" for w in report.warnings),
        "</nav>",
    ]
    body.extend(story_section(s, links.get(s.id, []), documents) for s in report.stories)
    return page("reportedly: compare", "".join(body))


def _name(report: Report) -> str:
    doc = report.document
    label = doc.origin or doc.title or doc.id
    return f"{label} ({doc.outlet})" if doc.outlet else label


def story_section(story: Story, links: list[Link], documents: dict[str, Report]) -> str:
    """One story: its links, disagreements first, and its articles side by side."""
    dates = ""
    if story.first_published:
        dates = f" · {story.first_published}"
        if story.last_published and story.last_published != story.first_published:
            dates += f" to {story.last_published}"
    origins = "".join(
        "<li>" + escape(", ".join(_name(documents[d]) for d in o.documents)) + "</li>"
        for o in story.origins
    )
    ordered = sorted(links, key=lambda k: (KIND_ORDER.index(k.kind), -k.confidence, k.id))
    items = "".join(_link_item(story.id, link, documents) for link in ordered)
    columns = "".join(_article(story.id, documents[d], links) for d in story.documents)
    return (
        f"<section class='doc story' id='{escape(story.id)}'>"
        f"<h1>{escape(story.id)}: {escape(clip(story.title or '', 200))}</h1>"
        f"<p class='dim'>{story.articles} articles, {len(story.origins)} independent origins"
        f"{escape(dates)}</p>"
        f"<details><summary>origins ({len(story.origins)})</summary><ul>{origins}</ul></details>"
        f"<h2>Links <span class='dim'>({len(links)})</span></h2>"
        + (f"<ol class='claims links'>{items}</ol>" if items else "<p class='dim'>No links.</p>")
        + f"<div class='side-by-side'>{columns}</div></section>"
    )


def _token(story_id: str, link: Link) -> str:
    return f"{story_id}-{link.id}"


def _link_item(story_id: str, link: Link, documents: dict[str, Report]) -> str:
    return (
        f"<li class='claim link {escape(link.kind)}' data-claim='{escape(_token(story_id, link))}'"
        f" tabindex='0'><b>{escape(link.kind)}</b> <span class='dim'>{link.confidence:.2f}"
        f" · {escape(link.rule)}</span><div>{escape(clip(link.explanation, 400))}</div>"
        f"<div class='ends'>{_end(link.a, documents)}{_end(link.b, documents)}</div></li>"
    )


def _end(end: LinkEnd, documents: dict[str, Report]) -> str:
    report = documents.get(end.document)
    where = _name(report) if report else end.document
    source = f" · per {escape(clip(end.source, 80))}" if end.source else ""
    return (
        f"<div class='end'><span class='hl link'>{escape(clip(end.span.text, 240))}</span>"
        f"<div class='dim'>{escape(where)} [{end.span.start}:{end.span.end}] "
        f"{escape(end.item)}{source}</div></div>"
    )


def _article(story_id: str, report: Report, links: list[Link]) -> str:
    doc = report.document
    marks = [
        Mark(m.start, m.end, m.kind, m.note)  # claim tokens belong to links here
        for m in collect_marks(report)
        if m.kind != "repair"
    ]
    for link in links:
        for end in (link.a, link.b):
            if end.document == doc.id:
                note = f"{link.kind} {link.id}: {clip(link.explanation, 160)}"
                marks.append(
                    Mark(end.span.start, end.span.end, "link", note, _token(story_id, link))
                )
    meta = " · ".join(
        escape(v) for v in (doc.outlet, doc.published.isoformat() if doc.published else None) if v
    )
    return (
        f"<article class='text'><h3>{escape(clip(doc.title or doc.origin or doc.id, 160))}</h3>"
        f"<p class='dim'>{escape(doc.origin or doc.id)}{' · ' + meta if meta else ''}</p>"
        f"{highlight(doc.text, marks)}</article>"
    )
