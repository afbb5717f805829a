"""Text repair: not implemented yet, returns the text unchanged."""

from __future__ import annotations

from reportedly.model import Repair


def repair_text(text: str) -> tuple[str, list[Repair]]:
    return text, []
