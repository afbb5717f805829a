"""One decoded input on its way to the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

InputFormat = Literal["text", "html", "json", "jsonl"]


@dataclass
class InputItem:
    """One article to analyse: its text, what is known about it, and what went oddly so far.

    ``metadata`` holds keyword arguments for ``Analyzer.prepare`` (``published``, ``outlet``,
    ``title``, ``url``, ``doc_id``, ``author``); ``warnings`` end up in ``Report.warnings``.
    """

    origin: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    input_format: InputFormat = "text"
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
