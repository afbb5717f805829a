"""Precision, recall and F1: the one arithmetic behind every ``eval`` command.

Each command keeps its own JSON shape (key names, rounding), since committed gate files and
users read those; only the arithmetic is shared.
"""

from __future__ import annotations


def percent(num: int, den: int, digits: int = 2) -> float:
    """``num / den`` in percent, rounded; 0 when there is nothing to divide by."""
    return round(100.0 * num / den, digits) if den else 0.0


def scores(
    correct: int, predicted: int, gold: int, correct_gold: int | None = None
) -> tuple[float, float, float]:
    """Precision, recall and F1 as fractions (0 where undefined). ``correct_gold`` counts the
    gold items matched when that differs from the predicted ones matched (one-to-many)."""
    p = correct / predicted if predicted else 0.0
    r = (correct if correct_gold is None else correct_gold) / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    """``{"P", "R", "F1"}`` in percent with two decimals (the timeml and quantities tables)."""
    p, r, f = scores(correct, predicted, gold)
    return {"P": round(100 * p, 2), "R": round(100 * r, 2), "F1": round(100 * f, 2)}
