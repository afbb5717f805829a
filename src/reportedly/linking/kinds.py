"""The names of link and item kinds, apart from the record models: a command that only
lists or checks kinds (``eval links --help``, reading a gold file) need not build them."""

from __future__ import annotations

from typing import Literal

LinkKind = Literal[
    "same_claim", "contradiction", "figure_conflict", "date_conflict", "attribution_shift"
]
LINK_KINDS: tuple[str, ...] = LinkKind.__args__  # type: ignore[attr-defined]
ItemKind = Literal["claim", "quantity", "time", "event", "statement"]
