"""`reportedly eval quantities`: the quantities stage on the CQE evaluation format.

A file is a JSON list of ``{"text", "quantities": [{"value", "normalized_unit", "change"?,
"referred_concepts"?}]}``; values are numbers as strings, ranges "low-high". Matching is done
per sentence and one to one: each gold figure takes an unused predicted figure with the same
value (a predicted unit equal to the gold one preferred), as CQE's ``evaluate_models.py``
does. value+change and value+concept are only scored where the gold has those fields.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from reportedly.evaluation.metrics import prf
from reportedly.evaluation.unreadable import Unreadable

Value = float | tuple[float, float]


@dataclass(frozen=True)
class Figure:
    value: Value
    unit: str
    change: str | None = None
    concepts: frozenset[str] = frozenset()


_NUMBER = r"[-+−]?(?:\d+(?:,\d{3})*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf(?:inity)?"
#: "3-4", "3.0 - 4.0", "3 – 4", "3 to 4", "-3 - -1": the CQE files write ranges all these ways.
_RANGE = re.compile(rf"({_NUMBER})\s*(?:-|–|—|to)\s*({_NUMBER})", re.IGNORECASE)
#: One number, perhaps with an open bound: ">5", ">= 5", "5+", "~40".
_BOUNDED = re.compile(rf"(<=|>=|<|>|≤|≥|~)?\s*({_NUMBER})\s*(\+)?", re.IGNORECASE)
_BOUND_CHANGE = {"<": "<", "<=": "<", "≤": "<", ">": ">", ">=": ">", "≥": ">", "~": "~"}
_NO_VALUE = {"", "-", "?", "n/a", "na", "none", "null"}


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def read_value(raw: Any) -> tuple[Value, str | None]:
    """A gold value and the change its own notation implies (">5" is more than 5).

    Raises ``ValueError`` naming the value when it is none of the shapes CQE files use.
    """
    if isinstance(raw, bool):
        raise ValueError(f"value {raw!r} is not a number")
    if isinstance(raw, int | float):
        return float(raw), None
    if isinstance(raw, list | tuple) and len(raw) == 2:
        low, _ = read_value(raw[0])
        high, _ = read_value(raw[1])
        if isinstance(low, tuple) or isinstance(high, tuple):
            raise ValueError(f"value {raw!r} nests a range in a range")
        return (low, high), None
    text = str(raw).strip()
    if text.lower() in _NO_VALUE:
        raise ValueError(f"no value ({raw!r})")
    m = _RANGE.fullmatch(text)
    if m:
        return (_number(m[1]), _number(m[2])), None
    m = _BOUNDED.fullmatch(text)
    if m:
        change = _BOUND_CHANGE.get(m[1] or "") or (">" if m[3] else None)
        return _number(m[2]), change
    raise ValueError(f"value {raw!r} is not a number, a range or a bound")


def parse_value(raw: Any) -> Value:
    return read_value(raw)[0]


def _concepts(raw: Any) -> frozenset[str]:
    if isinstance(raw, list | tuple | set):
        return frozenset(c for part in raw for c in _concepts(part))
    if not raw or raw == "-":
        return frozenset()
    return frozenset(w.lower() for w in re.split(r"[,\s]+", str(raw)) if w)


def gold_figures(item: dict[str, Any]) -> list[Figure]:
    """The gold figures of one item; ``ValueError`` naming the figure if one cannot be read."""
    quantities = item.get("quantities", [])
    if not isinstance(quantities, list):
        raise ValueError("'quantities' is not a list")
    figures = []
    for n, q in enumerate(quantities):
        if not isinstance(q, dict):
            raise ValueError(f"quantity {n} is not an object")
        if "value" not in q:
            raise ValueError(f"quantity {n} has no value")
        try:
            value, implied = read_value(q["value"])
        except ValueError as exc:
            raise ValueError(f"quantity {n}: {exc}") from None
        change = q.get("change")
        figures.append(
            Figure(
                value,
                str(q.get("normalized_unit") or "-").strip().lower(),
                str(change).strip().lower() if change not in (None, "") else implied,
                _concepts(q.get("referred_concepts")),
            )
        )
    return figures


def same_value(a: Value, b: Value) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, tuple)
            and isinstance(b, tuple)
            and all(
                math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-8) for x, y in zip(a, b, strict=True)
            )
        )
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    value: int = 0
    unit: int = 0
    change: int = 0
    change_gold: int = 0
    concept: int = 0
    concept_gold: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        text: str,
        gold: list[Figure],
        predicted: list[Figure],
        has_change: bool,
        has_concept: bool,
    ) -> None:
        self.gold += len(gold)
        self.predicted += len(predicted)
        free = list(predicted)
        for g in gold:
            candidates = [p for p in free if same_value(g.value, p.value)]
            if not candidates:
                self.misses.append({"text": text, "gold": str(g.value), "unit": g.unit})
                continue
            best = next((p for p in candidates if p.unit == g.unit), candidates[0])
            free.remove(best)
            self.value += 1
            self.unit += best.unit == g.unit
            if has_change:
                self.change += best.change == (g.change or "=")
            if has_concept:
                self.concept += bool(g.concepts & best.concepts) or (
                    not g.concepts and not best.concepts
                )
        if has_change:
            self.change_gold += len(gold)
        if has_concept:
            self.concept_gold += len(gold)


def predict(texts: list[str]) -> Iterable[list[Figure]]:
    """Run the times and quantities stages (times first, so dates are not figures)."""
    from reportedly.pipeline import Analyzer, Settings
    from reportedly.quantities.lexicon import cqe_unit

    analyzer = Analyzer(Settings(stages=("reportedly_times", "reportedly_quantities")))
    documents = [
        analyzer.prepare(t, raw=True, strict=False, doc_id=f"cqe{i}") for i, t in enumerate(texts)
    ]
    for report in analyzer.analyze_documents(documents):
        figures = []
        for q in report.quantities:
            if q.value is not None:
                value: Value = q.value
            elif q.low is not None and q.high is not None:
                value = (q.low, q.high)
            else:
                continue
            concept = _concepts(q.concept.text) if q.concept else frozenset()
            figures.append(Figure(value, cqe_unit(q.unit).lower(), q.change, concept))
        yield figures


GoldItem = tuple[str, list[Figure], dict[str, Any]]


def read_items(path: Path, unreadable: Unreadable) -> list[GoldItem] | None:
    """The readable items of one file (text, gold figures, the raw item); None when the file
    itself cannot be read."""
    try:
        items = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        unreadable.note(str(path), f"not a readable JSON file ({exc})")
        return None
    if not isinstance(items, list):
        unreadable.note(str(path), "not a JSON list of items")
        return None
    readable = []
    for n, item in enumerate(items):
        where = f"{path.name} item {n}"
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            unreadable.note(where, "not an object with a 'text' string")
            continue
        try:
            readable.append((item["text"], gold_figures(item), item))
        except ValueError as exc:
            unreadable.note(where, str(exc))
    return readable


def evaluate_file(path: Path, unreadable: Unreadable | None = None) -> dict[str, Any] | None:
    """Scores of one file, or None when the file itself cannot be read (noted as such)."""
    unreadable = unreadable if unreadable is not None else Unreadable()
    before = len(unreadable)
    items = read_items(path, unreadable)
    if items is None:
        return None
    texts = [text for text, _, _ in items]
    tally = Tally()
    quantities = [q for _, _, item in items for q in item.get("quantities", [])]
    has_change = any("change" in q for q in quantities)
    has_concept = any("referred_concepts" in q for q in quantities)
    for (text, gold, _), predicted in zip(items, predict(texts), strict=True):
        tally.add(text, gold, predicted, has_change, has_concept)
    return {
        "file": path.name,
        "sentences": len(items),
        "unreadable": len(unreadable) - before,
        "gold": tally.gold,
        "predicted": tally.predicted,
        "value": prf(tally.value, tally.predicted, tally.gold),
        "value+unit": prf(tally.unit, tally.predicted, tally.gold),
        "value+change": prf(tally.change, tally.predicted, tally.gold) if has_change else None,
        "value+concept": prf(tally.concept, tally.predicted, tally.gold) if has_concept else None,
    }


def data_files(data: Path) -> list[Path]:
    return [data] if data.is_file() else sorted(data.glob("*.json"))


MEASURES = ("value", "value+unit", "value+change", "value+concept")


def command(
    data: Annotated[Path, typer.Option(help="A CQE-format .json file or a folder of them.")],
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Value, value+unit, value+change and value+concept P/R/F1 per file (n/a: not in gold)."""
    if not data.exists():
        raise typer.BadParameter(f"{data} does not exist", param_hint="--data")
    unreadable = Unreadable()
    scored = [evaluate_file(path, unreadable) for path in data_files(data)]
    results = [result for result in scored if result is not None]
    summary = unreadable.summary()
    if fmt == "json":
        report = {"corpus": str(data), "files": results, "unreadable": len(unreadable)}
        typer.echo(json.dumps(report, indent=2))
        if summary:
            typer.echo(summary, err=True)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Quantities (CQE format), F1: {data}")
    table.add_column("file", no_wrap=True)
    table.add_column("gold", justify="right")
    table.add_column("pred", justify="right")
    for measure in MEASURES:
        table.add_column(measure.replace("value+", "+"), justify="right")
    for result in results:
        cells = []
        for measure in MEASURES:
            row = result[measure]
            cells.append("n/a" if row is None else f"{row['F1']:.2f}")
        name = str(result["file"]).removesuffix(".json")
        table.add_row(name, str(result["gold"]), str(result["predicted"]), *cells)
    Console().print(table)
    if summary:
        typer.echo(summary, err=True)
