"""The self-contained HTML view: the article with its spans highlighted, claims in a side panel.

One file, no network: the stylesheet and the script are package data inlined at render time, and
a Content-Security-Policy forbids every other load (and any script but ours, by hash). Spans may
overlap or nest in any way, so the text is cut at every span boundary and each piece becomes one
``<span>`` carrying the classes of all spans that cover it: the markup nests by construction.
Every piece of article text and metadata goes through ``html.escape``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from importlib import resources

from reportedly.model import Claim, Event, Report
from reportedly.outputs.terminal import (
    bounds,
    chain_label,
    clip,
    entity_groups,
    event_details,
    event_kind,
    number,
    source_detail,
    source_label,
    spans_text,
)

#: Highlight kinds, their CSS class and the legend label, in legend order.
KINDS = {
    "source": "source",
    "cue": "cue",
    "content": "content",
    "scare": "scare quote",
    "qty": "number",
    "time": "date/time",
    "place": "place",
    "event": "event",
    "actor": "event actor",
    "repair": "repaired text",
    "link": "link end",
}
#: Kinds the single-article legend shows (link ends belong to the comparison view).
ARTICLE_KINDS = [k for k in KINDS if k != "link"]


@dataclass(frozen=True)
class Mark:
    """One highlighted span: ``kind`` is a key of ``KINDS``; ``claim`` a panel token or ''."""

    start: int
    end: int
    kind: str
    note: str
    claim: str = ""


@functools.cache
def _asset(name: str) -> str:
    return (resources.files("reportedly.outputs") / name).read_text(encoding="utf-8")


def render(reports: list[Report]) -> str:
    """One HTML page for one or many reports."""
    title = "reportedly" if len(reports) != 1 else "reportedly: " + _doc_title(reports[0])
    parts = [legend()]
    if not reports:
        parts.append("<p class='empty'>No documents.</p>")
    if len(reports) > 1:
        parts.append(_contents(reports))
    parts.extend(document_section(i, report) for i, report in enumerate(reports))
    return page(title, "".join(parts))


def page(title: str, body: str) -> str:
    """A self-contained page: our stylesheet and script inlined, every other load forbidden."""
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; form-action 'none'; base-uri 'none'"
    )
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{csp}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_asset('report.css')}</style></head><body>"
        f"{body}<script>{script}</script></body></html>\n"
    )


def _doc_title(report: Report) -> str:
    doc = report.document
    return doc.title or doc.origin or doc.id


def legend(kinds: Iterable[str] = ARTICLE_KINDS) -> str:
    items = "".join(f"<span class='hl {k}'>{escape(KINDS[k])}</span> " for k in kinds)
    return f"<header class='legend'><b>reportedly</b> {items}</header>"


def _contents(reports: list[Report]) -> str:
    rows = "".join(
        f"<li><a href='#doc{i}'>{escape(clip(_doc_title(r), 120))}</a> "
        f"<span class='dim'>{len(r.claims)} claims</span></li>"
        for i, r in enumerate(reports)
    )
    return f"<nav class='contents'><h2>{len(reports)} documents</h2><ol>{rows}</ol></nav>"


def document_section(index: int, report: Report) -> str:
    """One article: its text with every span highlighted, and the panel of what it says."""
    doc = report.document
    marks = collect_marks(report, prefix=f"d{index}-")
    return (
        f"<section class='doc' id='doc{index}'>"
        f"<h1>{escape(_doc_title(report))}</h1>{_metadata(report)}"
        f"<div class='columns'><div class='text'>{highlight(doc.text, marks)}</div>"
        f"<aside class='panel'>{_panel(report, prefix=f'd{index}-')}</aside></div></section>"
    )


def _metadata(report: Report) -> str:
    doc = report.document
    fields = [
        ("origin", doc.origin if doc.title else None),
        ("outlet", doc.outlet),
        ("published", doc.published.isoformat() if doc.published else None),
        ("author", doc.author),
        ("url", doc.url),
        ("format", doc.input_format),
        ("encoding", doc.encoding),
        ("language", doc.language),
        ("id", doc.id),
        ("words", f"{len(doc.text.split()):,}"),
        ("repairs", str(len(doc.repairs))),
        ("warnings", str(len(report.warnings))),
    ]
    cells = "".join(
        f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in fields if v is not None
    )
    warnings = "".join(f"<li>{escape(w)}</li>" for w in report.warnings)
    return f"<dl class='meta'>{cells}</dl>" + (
        f"<ul class='warnings'>{warnings}</ul>" if warnings else ""
    )


def collect_marks(report: Report, prefix: str = "") -> list[Mark]:
    """Every span worth highlighting; claim spans carry the claim's panel token."""
    marks: list[Mark] = []
    for n, claim in enumerate(report.claims):
        token = f"{prefix}k{n}"
        label = f"{claim.id}: {source_label(claim.source)}"
        if claim.source is not None and claim.source.span is not None:
            span = claim.source.span
            marks.append(Mark(span.start, span.end, "source", f"source of {label}", token))
        for outer in claim.chain:
            if outer.span is not None and outer.span != getattr(claim.source, "span", None):
                note = f"chain of {label}: {source_label(outer)}"
                marks.append(Mark(outer.span.start, outer.span.end, "source", note, token))
        marks.extend(Mark(c.start, c.end, "cue", f"cue of {label}", token) for c in claim.cues)
        marks.extend(
            Mark(c.start, c.end, "content", f"content of {label}", token) for c in claim.content
        )
    marks.extend(
        Mark(s.span.start, s.span.end, "scare", "scare quote") for s in report.scare_quotes
    )
    for q in report.quantities:
        note = f"{q.id}: {number(q.value)} {q.unit or ''}".strip()
        marks.append(Mark(q.span.start, q.span.end, "qty", note))
    for t in report.times:
        marks.append(Mark(t.span.start, t.span.end, "time", f"{t.id}: {t.type} {t.value or '?'}"))
    for p in report.places:
        note = f"{p.id}: {p.name}" + (f" ({p.country_code})" if p.country_code else "")
        marks.extend(Mark(m.start, m.end, "place", note) for m in p.mentions)
    for n, event in enumerate(report.events):
        token = f"{prefix}v{n}"
        label = f"{event.id}: {event_kind(event)}, {event.modality}"
        trigger = event.trigger
        marks.append(Mark(trigger.start, trigger.end, "event", label, token))
        for role, actors in (("actor", event.actors), ("recipient", event.recipients)):
            marks.extend(
                Mark(a.span.start, a.span.end, "actor", f"{role} of {label}: {a.name}", token)
                for a in actors
            )
    for r in report.document.repairs:
        marks.append(Mark(r.start, r.end, "repair", f"{r.kind}: was {r.original!r}"))
    return marks


def segments(length: int, marks: Iterable[Mark]) -> list[tuple[int, int, list[Mark]]]:
    """Cut ``[0, length)`` at every mark boundary: ``(start, end, marks covering it)``."""
    starts: dict[int, list[Mark]] = {}
    ends: dict[int, list[Mark]] = {}
    for mark in marks:
        start, end = max(0, mark.start), min(length, mark.end)
        if start < end:
            starts.setdefault(start, []).append(mark)
            ends.setdefault(end, []).append(mark)
    cuts = sorted({0, length, *starts, *ends})
    active: dict[Mark, int] = {}
    out: list[tuple[int, int, list[Mark]]] = []
    for here, there in itertools.pairwise(cuts):
        for mark in ends.get(here, ()):
            active[mark] -= 1
            if not active[mark]:
                del active[mark]
        for mark in starts.get(here, ()):
            active[mark] = active.get(mark, 0) + 1
        out.append((here, there, list(active)))
    return out


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """The escaped text with one ``<span>`` per covered segment (never nested, always closed)."""
    out: list[str] = []
    for start, end, covering in segments(len(text), marks):
        piece = escape(text[start:end])
        if not covering:
            out.append(piece)
            continue
        kinds = sorted({m.kind for m in covering}, key=list(KINDS).index)
        claims = sorted({m.claim for m in covering if m.claim})
        notes = "; ".join(dict.fromkeys(m.note for m in covering))
        attrs = f" class='hl {' '.join(kinds)}' title='{escape(notes)}'"
        if claims:
            attrs += f" data-claims='{' '.join(claims)}'"
        out.append(f"<span{attrs}>{piece}</span>")
    return "".join(out)


def _panel(report: Report, prefix: str) -> str:
    parts = [f"<h2>Claims <span class='dim'>({len(report.claims)})</span></h2>"]
    if report.claims:
        parts.append("<ol class='claims'>")
        for n, claim in enumerate(report.claims):
            parts.append(_claim_item(claim, report.document.text, f"{prefix}k{n}"))
        parts.append("</ol>")
    else:
        parts.append("<p class='dim'>No claims found.</p>")
    parts.append(f"<h2>Events <span class='dim'>({len(report.events)})</span></h2>")
    if report.events:
        parts.append("<ol class='claims events'>")
        details = event_details(report)
        for n, (event, detail) in enumerate(zip(report.events, details, strict=True)):
            parts.append(_event_item(event, detail, f"{prefix}v{n}"))
        parts.append("</ol>")
    else:
        parts.append("<p class='dim'>No events found.</p>")
    parts.append(_lists(report))
    return "".join(parts)


def _event_item(event: Event, detail: tuple[str, str, str], token: str) -> str:
    """One event in the panel; clicking it (like a claim) lights its trigger and actors."""
    who, where, per = detail
    return (
        f"<li class='claim event' data-claim='{token}' tabindex='0'>"
        f"<span class='hl event'>{escape(event_kind(event))}</span> "
        f"{escape(clip(event.trigger.text, 80))} — <span class='hl actor'>{escape(who)}</span>"
        f"<div class='tags'><span>{escape(event.modality)}</span>"
        + (f"<span>{escape(', '.join(event.context))}</span>" if event.context else "")
        + (f"<span>{escape(where)}</span>" if where else "")
        + f"<span>per {escape(clip(per, 80))}</span>"
        f"<span class='dim'>{escape(event.id)}</span></div></li>"
    )


def _claim_item(claim: Claim, text: str, token: str) -> str:
    kind = claim.source.kind if claim.source else "unknown"
    cues = " / ".join(c.text for c in claim.cues) or "(no cue)"
    chain = chain_label(claim, text) if claim.chain else ""
    content = spans_text(claim.content, limit=400)
    return (
        f"<li class='claim' data-claim='{token}' tabindex='0'>"
        f"<span class='hl source'>{escape(source_label(claim.source))}</span>"
        f" <span class='dim'>[{escape(kind)}] {escape(source_detail(claim.source))}</span> → "
        f"<span class='hl cue'>{escape(cues)}</span> → "
        f"<span class='hl content'>{escape(content) or '…'}</span>"
        f"<div class='tags'><span>{escape(claim.form)}</span><span>{escape(claim.stance)}</span>"
        f"<span class='dim'>{escape(claim.id)}</span></div>"
        + (f"<div class='chain'>chain: {escape(chain)}</div>" if chain else "")
        + "</li>"
    )


def _lists(report: Report) -> str:
    sources = {c.id: source_label(c.source) for c in report.claims}
    quantities = [
        f"{q.span.text} = {number(q.value)}"
        + (f" [{bounds(q)}]" if bounds(q) else "")
        + (f" {q.change}" if q.change != "=" else "")
        + (f" {q.unit}" if q.unit else "")
        + (f" of {q.concept.text}" if q.concept else "")
        + (f" (per {sources.get(q.claim_id, q.claim_id)})" if q.claim_id else "")
        for q in report.quantities
    ]
    times = [f"{t.span.text} → {t.value or '?'} ({t.type})" for t in report.times]
    places = [
        f"{p.name}"
        + (f", {p.country_code}" if p.country_code else "")
        + (
            f" ({p.latitude:.3f}, {p.longitude:.3f})"
            if p.latitude is not None and p.longitude is not None
            else ""
        )
        for p in report.places
    ]
    scare = [s.span.text for s in report.scare_quotes]
    entities = [f"{kind}: {', '.join(names)}" for kind, names in entity_groups(report).items()]
    repairs = [f"{r.kind}: {r.original!r} → {r.replacement!r}" for r in report.document.repairs]
    return "".join(
        _details(title, items)
        for title, items in (
            ("Numbers", quantities),
            ("Dates and times", times),
            ("Places", places),
            ("Scare quotes", scare),
            ("Entities", entities),
            ("Repairs", repairs),
        )
    )


def _details(title: str, items: list[str]) -> str:
    rows = "".join(f"<li>{escape(clip(item, 300))}</li>" for item in items)
    opened = " open" if items and title != "Repairs" else ""
    return (
        f"<details{opened}><summary>{escape(title)} <span class='dim'>({len(items)})</span>"
        f"</summary><ul>{rows}</ul></details>"
    )
