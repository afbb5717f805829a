"""The self-contained HTML view (minimal version)."""

from __future__ import annotations

import html

from reportedly.model import Report


def render(reports: list[Report]) -> str:
    body = "".join(f"<article><pre>{html.escape(r.document.text)}</pre></article>" for r in reports)
    head = "<meta charset='utf-8'><title>reportedly</title>"
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"
