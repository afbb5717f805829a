"""The word lists the time modules read, loaded once from ``data/times/lexicon.json``."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


@functools.cache
def lexicon() -> dict[str, Any]:
    path = resources.files("reportedly").joinpath("data/times/lexicon.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@functools.cache
def word_set(key: str) -> frozenset[str]:
    return frozenset(lexicon()[key])
