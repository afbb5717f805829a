"""The terminal report: who claims what (grouped by source), then numbers, dates and places.

Everything taken from the article goes into ``rich.text.Text`` objects, never into markup
strings, so article text such as ``[bold]`` or ``:smile:`` prints literally.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from reportedly.model import Claim, Event, EventActor, Quantity, Report, Source, Span

#: Longest claim content shown before it is cut with an ellipsis (characters).
CONTENT_CHARS = 320
#: Longest cell text in the number/date/place tables.
CELL_CHARS = 60
#: Control characters (C0, DEL, C1) and bidi overrides, which would act on the terminal.
CONTROL = dict.fromkeys(
    [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
#: What stands between two sources of the same level in a chain: "officials and sources ...".
COORDINATION = re.compile(r"\s*(?:,|;|and|or|as well as|, and|, as well as)\s*", re.IGNORECASE)


def render(report: Report, console: Console) -> None:
    """Print one report; safe on empty reports and hostile article text."""
    _header(report, console)
    _claims(report, console)
    _events(report, console)
    _quantities(report, console)
    _times(report, console)
    _places(report, console)
    _scare_quotes(report, console)
    _entities(report, console)
    _footer(report, console)


def clip(text: str, limit: int = CONTENT_CHARS) -> str:
    """Collapse whitespace, drop control characters (no terminal escape sequences from an
    article reach the terminal) and cut at a word boundary so long quotes stay readable."""
    flat = " ".join(text.split()).translate(CONTROL)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def source_label(source: Source | None) -> str:
    """The resolved name when known, else the source as written, else a placeholder."""
    if source is None:
        return "(no source)"
    if source.name:
        return clip(source.name, CELL_CHARS)
    if source.span is not None and source.span.text.strip():
        return clip(source.span.text, CELL_CHARS)
    return f"({source.kind} source)"


def source_detail(source: Source | None) -> str:
    """What the label leaves out: the role, the stated access, and the span behind a name."""
    if source is None:
        return ""
    parts = []
    if source.role is not None and source.role.text not in source_label(source):
        parts.append(clip(source.role.text, 40))
    if source.access is not None:
        parts.append(clip(source.access.text, 60))
    if source.name and source.span is not None and source.span.text != source.name:
        how = f" ({source.resolved_from})" if source.resolved_from else ""
        parts.append(f"written {clip(source.span.text, 40)!r}{how}")
    return "; ".join(parts)


def chain_label(claim: Claim, text: str) -> str:
    """The chain from the outer reporter inwards: 'Bloomberg → officials; sources close to X'.

    Sources written side by side ("officials and sources close to X") share a level and are
    joined with ';'; the claim's own source is added at the end unless the chain holds it.
    """
    if not claim.chain:
        return source_label(claim.source) if claim.source is not None else ""
    out = source_label(claim.chain[0])
    for before, after in itertools.pairwise(claim.chain):
        out += ("; " if _coordinated(before, after, text) else " → ") + source_label(after)
    own = claim.source
    if own is not None and not any(_same(own, s) for s in claim.chain):
        out += " → " + source_label(own)
    return out


def _coordinated(a: Source, b: Source, text: str) -> bool:
    if a.span is None or b.span is None or a.span.end > b.span.start:
        return False
    return COORDINATION.fullmatch(text[a.span.end : b.span.start]) is not None


def _same(a: Source, b: Source) -> bool:
    if a.span is not None and b.span is not None:
        return a.span.start < b.span.end and b.span.start < a.span.end
    return source_label(a) == source_label(b)


def spans_text(spans: Iterable[Span], sep: str = " … ", limit: int = CONTENT_CHARS) -> str:
    return clip(sep.join(s.text for s in spans), limit)


def number(value: float | None) -> str:
    """Whole numbers with thousands separators, others with six significant digits."""
    if value is None:
        return ""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return f"{value:,.0f}"
    return f"{value:,.6g}"


def _header(report: Report, console: Console) -> None:
    doc = report.document
    title = doc.title or doc.origin or doc.id
    console.rule(Text(clip(title, 200), style="bold"))
    meta = [
        part
        for part in (
            doc.origin if doc.title else None,
            doc.outlet,
            f"published {doc.published.isoformat()}" if doc.published else "no publication date",
            f"{len(doc.text.split()):,} words",
        )
        if part
    ]
    console.print(Text(clip(" · ".join(meta), 400), style="dim"))


def _section(console: Console, title: str, count: int) -> None:
    console.print()
    console.print(Text.assemble((title, "bold underline"), (f" ({count})", "dim")))


def _claims(report: Report, console: Console) -> None:
    _section(console, "Claims", len(report.claims))
    if not report.claims:
        console.print(Text("  none found", style="dim"))
        return
    groups: dict[str, list[Claim]] = {}
    for claim in report.claims:
        groups.setdefault(source_label(claim.source).casefold(), []).append(claim)
    for claims in groups.values():
        first = claims[0].source
        head = Text(source_label(first), style="bold blue")
        head.append(f"  [{first.kind if first else 'unknown'}]", style="dim")
        detail = source_detail(first)
        if detail:
            head.append("  " + detail, style="dim")
        _hanging(console, "  ", head)
        for claim in claims:
            _claim(claim, report.document.text, console)


#: Claim lines: the bullet's column, and where the text after it (and each wrapped line) starts.
BULLET, BODY_INDENT = "    • ", 6


def _indented(console: Console, text: Text, indent: int) -> None:
    """Print ``text`` wrapped so that every line, not only the first, starts at ``indent``."""
    console.print(Padding(text, (0, 0, 0, indent), expand=False))


def _hanging(console: Console, lead: str, text: Text) -> None:
    """``lead`` then ``text``, whose wrapped lines line up under its first character."""
    grid = Table.grid(padding=0)
    grid.add_column(width=len(lead), no_wrap=True)
    grid.add_column()
    grid.add_row(lead, text)
    console.print(grid)


def _claim(claim: Claim, text: str, console: Console) -> None:
    line = Text(" / ".join(clip(c.text, 40) for c in claim.cues) or "(no cue)", style="bold red")
    line.append(f"  {claim.form}, {claim.stance}", style="magenta")
    line.append(f"  {claim.id}", style="dim")
    _hanging(console, BULLET, line)
    chain = chain_label(claim, text)
    if claim.chain:
        _indented(console, Text.assemble(("chain: ", "dim"), (chain, "cyan")), BODY_INDENT)
    content = spans_text(claim.content)
    if content:
        _indented(console, Text(content), BODY_INDENT)


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _cell(text: str | None) -> Text:
    return Text(clip(text or "", CELL_CHARS))


def bounds(q: Quantity) -> str:
    if q.low is None and q.high is None:
        return ""
    return f"{number(q.low)}..{number(q.high)}"


def _quantities(report: Report, console: Console) -> None:
    _section(console, "Numbers", len(report.quantities))
    if not report.quantities:
        return
    sources = {c.id: source_label(c.source) for c in report.claims}
    table = _table("number", "value", "bounds", "chg", "unit", "concept", "according to")
    for q in report.quantities:
        value = number(q.value) + (" ~" if q.approximate else "")
        table.add_row(
            _cell(q.span.text),
            _cell(value),
            _cell(bounds(q)),
            _cell(q.change if q.change != "=" else ""),
            _cell(q.unit),
            _cell(q.concept.text if q.concept else None),
            _cell(sources.get(q.claim_id, q.claim_id) if q.claim_id else None),
        )
    console.print(table)


def actor_names(actors: list[EventActor]) -> str:
    return ", ".join(actor.name for actor in actors)


def event_kind(event: Event) -> str:
    """'THREATEN/restrict': the PLOVER category, and its mode when there is one."""
    return event.type + (f"/{event.mode}" if event.mode else "")


def event_details(report: Report) -> list[tuple[str, str, str]]:
    """Per event, in order: who (actor → recipient), when and where, and whose word it rests
    on (the source of the claim holding it, else the outlet), from lookups built once."""
    times = {t.id: t.span.text for t in report.times}
    places = {p.id: p.name for p in report.places}
    sources = {c.id: source_label(c.source) for c in report.claims}
    outlet = report.document.outlet or "the article"
    details = []
    for event in report.events:
        who = actor_names(event.actors) or "?"
        if event.recipients:
            who += " → " + actor_names(event.recipients)
        found = (times.get(event.time_id or ""), places.get(event.place_id or ""))
        per = outlet if event.claim_id is None else sources.get(event.claim_id, event.claim_id)
        details.append((who, ", ".join(x for x in found if x), per))
    return details


def _events(report: Report, console: Console) -> None:
    _section(console, "Events", len(report.events))
    for event, (who, where, per) in zip(report.events, event_details(report), strict=True):
        line = Text(event_kind(event), style="bold red")
        line.append(f"  {clip(event.trigger.text, 60)}")
        line.append(f"  {event.modality}", style="magenta")
        line.append(f"  {event.id}", style="dim")
        _hanging(console, BULLET, line)
        detail = Text(clip(who, 160), style="cyan")
        if where:
            detail.append("  ·  " + where)
        detail.append("  ·  per " + clip(per, 80), style="dim")
        _indented(console, detail, BODY_INDENT)


def _times(report: Report, console: Console) -> None:
    _section(console, "Dates and times", len(report.times))
    if not report.times:
        return
    table = _table("text", "type", "TIMEX value", "anchor")
    for t in report.times:
        anchor = t.anchor.isoformat() if t.anchor else ("relative" if t.relative else "")
        table.add_row(_cell(t.span.text), _cell(t.type), _cell(t.value or "?"), _cell(anchor))
    console.print(table)


def _places(report: Report, console: Console) -> None:
    _section(console, "Places", len(report.places))
    if not report.places:
        return
    table = _table("name", "kind", "country", "lat, lon", "mentions")
    for p in report.places:
        where = (
            f"{p.latitude:.3f}, {p.longitude:.3f}"
            if p.latitude is not None and p.longitude is not None
            else ""
        )
        table.add_row(
            _cell(p.name),
            _cell(p.feature),
            _cell(p.country_code or p.iso_code),
            _cell(where),
            _cell(str(len(p.mentions))),
        )
    console.print(table)


def _scare_quotes(report: Report, console: Console) -> None:
    if not report.scare_quotes:
        return
    _section(console, "Scare quotes", len(report.scare_quotes))
    quoted = ", ".join(clip(s.span.text, CELL_CHARS) for s in report.scare_quotes)
    _indented(console, Text(quoted), 2)


def entity_groups(report: Report) -> dict[str, list[str]]:
    """Entity names by type, most mentioned first: 'Jake Sullivan (3)'."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for entity in report.entities:
        groups.setdefault(entity.type, []).append((len(entity.mentions), entity.canonical))
    return {
        kind: [f"{clip(name, CELL_CHARS)} ({n})" for n, name in sorted(items, key=lambda i: -i[0])]
        for kind, items in sorted(groups.items())
    }


def _entities(report: Report, console: Console) -> None:
    if not report.entities:
        return
    _section(console, "Entities", len(report.entities))
    for kind, names in entity_groups(report).items():
        _hanging(console, "  ", Text.assemble((kind + ": ", "bold"), ", ".join(names)))


def _footer(report: Report, console: Console) -> None:
    doc = report.document
    console.print()
    kinds: dict[str, int] = {}
    for repair in doc.repairs:
        kinds[repair.kind] = kinds.get(repair.kind, 0) + 1
    detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    summary = Text.assemble(
        (f"{len(doc.repairs)} text repair(s)", "yellow" if doc.repairs else "dim"),
        (f" ({detail})" if detail else "", "dim"),
        ("  ·  ", "dim"),
        (f"{len(report.warnings)} warning(s)", "yellow" if report.warnings else "dim"),
    )
    console.print(summary)
    for warning in report.warnings:
        _hanging(console, "  ! ", Text(clip(warning, 200), style="yellow"))
