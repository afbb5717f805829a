"""When two figures for the same quantity disagree, and when they only look different.

Each figure becomes the interval its own words allow: "about 100,000" is 90,000–110,000,
"more than 90,000" is 90,000 and up, "up to 300 thousand" is at most 300,000, "87% to 98%" is
that range, a bare "7,000" is 7,000 give or take rounding. Two figures conflict when their
intervals do not meet, or when both are ceilings (or both floors) a factor apart: "up to 300
thousand" against "up to a million" is two sources' different estimates of one maximum. Every
verdict names the rule that decided it; the tolerances are data (``data/linking/figures.json``).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from reportedly.entities.names import fold
from reportedly.linking.text import stem
from reportedly.model import Quantity
from reportedly.resources import load_json


@functools.cache
def settings() -> dict[str, object]:
    data: dict[str, object] = load_json(
        "linking/figures.json",
        {
            "approximate": float,
            "exact": float,
            "bound_factor": float,
            "qualifier_shapes": dict,
        },
    )
    return data


@dataclass(frozen=True)
class Bounds:
    low: float
    high: float
    #: ceiling | floor | approximate | range | exact
    shape: str
    value: float


def bounds(quantity: Quantity) -> Bounds | None:
    """The interval a figure's own words allow, or None for changes ("rose 5%")."""
    tolerance = settings()
    approximate = float(tolerance["approximate"])  # type: ignore[arg-type]
    exact = float(tolerance["exact"])  # type: ignore[arg-type]
    qualifier = fold(quantity.qualifier.text) if quantity.qualifier else ""
    shape_of = tolerance["qualifier_shapes"]
    assert isinstance(shape_of, dict)
    if quantity.change in ("up", "down"):
        return None
    if quantity.low is not None and quantity.high is not None and quantity.change == "=":
        return Bounds(quantity.low, quantity.high, "range", (quantity.low + quantity.high) / 2)
    value = quantity.value
    if value is None:
        value = quantity.high if quantity.high is not None else quantity.low
    if value is None:
        return None
    shape = shape_of.get(qualifier) or {"<": "ceiling", ">": "floor", "~": "approximate"}.get(
        quantity.change, "exact"
    )
    if shape == "ceiling":
        return Bounds(0.0, value, shape, value)
    if shape == "floor":
        return Bounds(value, math.inf, shape, value)
    if shape == "near_below":  # "nearly", "almost", "just under"
        return Bounds(value * (1 - approximate), value, "approximate", value)
    if shape == "approximate" or quantity.approximate:
        return Bounds(value * (1 - approximate), value * (1 + approximate), "approximate", value)
    return Bounds(value * (1 - exact), value * (1 + exact), "exact", value)


def concept_key(quantity: Quantity) -> str | None:
    """What is counted, comparable across articles: the concept's head word, else the unit."""
    if quantity.concept is not None:
        words = [w for w in fold(quantity.concept.text).split() if w.isalpha()]
        if words:
            return stem(words[-1])
    return quantity.unit


def same_measure(a: Quantity, b: Quantity) -> bool:
    """Same unit (or none) and the same concept, where both name one."""
    if (a.unit or None) != (b.unit or None):
        return False
    concept_a, concept_b = concept_key(a), concept_key(b)
    return concept_a is not None and concept_a == concept_b


@dataclass(frozen=True)
class Verdict:
    conflict: bool
    rule: str
    confidence: float


def _number(value: float) -> str:
    if math.isinf(value):
        return "no limit"
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def compare(a: Quantity, b: Quantity) -> Verdict | None:
    """Whether two figures for one quantity conflict, and by which rule; None if they cannot
    be compared (a change, no value)."""
    bounds_a, bounds_b = bounds(a), bounds(b)
    if bounds_a is None or bounds_b is None:
        return None
    factor = float(settings()["bound_factor"])  # type: ignore[arg-type]
    for shape, word in (("ceiling", "ceilings"), ("floor", "floors")):
        if bounds_a.shape == shape and bounds_b.shape == shape:
            small, large = sorted((bounds_a.value, bounds_b.value))
            ratio = large / small if small > 0 else math.inf
            if ratio >= factor:
                return Verdict(True, f"{word} a factor {ratio:.1f} apart (>= {factor:g})", 0.8)
            return Verdict(False, f"{word} within a factor {factor:g}", 0.0)
    if bounds_a.high < bounds_b.low or bounds_b.high < bounds_a.low:
        first, second = sorted((bounds_a, bounds_b), key=lambda x: x.low)
        gap = second.low / first.high if first.high > 0 else math.inf
        confidence = min(0.95, 0.6 + 0.1 * math.log2(max(gap, 1.0)) * 4)
        return Verdict(
            True,
            f"intervals do not meet ({_number(first.low)}–{_number(first.high)} vs "
            f"{_number(second.low)}–{_number(second.high)})",
            round(confidence, 2),
        )
    return Verdict(False, "intervals meet", 0.0)
