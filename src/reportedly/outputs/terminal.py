"""The terminal report (minimal version): claims, then numbers, dates and places."""

from __future__ import annotations

from rich.console import Console

from reportedly.model import Report


def render(report: Report, console: Console) -> None:
    doc = report.document
    console.rule(doc.title or doc.origin or doc.id)
    for claim in report.claims:
        source = claim.source.span.text if claim.source and claim.source.span else "?"
        cue = " / ".join(c.text for c in claim.cues)
        content = " … ".join(c.text for c in claim.content)
        console.print(f"[bold]{source}[/] [cyan]{cue}[/] ({claim.form}, {claim.stance}): {content}")
    for q in report.quantities:
        console.print(f"number: {q.span.text} = {q.value}")
    for t in report.times:
        console.print(f"time: {t.span.text} = {t.value}")
    for p in report.places:
        console.print(f"place: {p.name} ({p.country_code})")
