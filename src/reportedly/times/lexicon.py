"""The word lists the time modules read, loaded once from ``data/times/lexicon.json``."""

from __future__ import annotations

import functools
from typing import Any

from reportedly import resources

#: Top-level keys the time modules read, by type.
SCHEMA: resources.Schema = {
    **dict.fromkeys(("months", "weekdays", "units", "numbers", "ordinals", "holidays"), dict),
    **dict.fromkeys(("leading_words", "not_times", "future_auxiliaries"), list),
}


@functools.cache
def lexicon() -> dict[str, Any]:
    data: dict[str, Any] = resources.load_json("times/lexicon.json", SCHEMA)
    return data


@functools.cache
def word_set(key: str) -> frozenset[str]:
    return frozenset(lexicon()[key])
