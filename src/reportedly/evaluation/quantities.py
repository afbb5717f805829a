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

Value = float | tuple[float, float]


@dataclass(frozen=True)
class Figure:
    value: Value
    unit: str
    change: str | None = None
    concepts: frozenset[str] = frozenset()


def parse_value(raw: Any) -> Value:
    text = str(raw).strip()
    m = re.fullmatch(r"(-?[\d.]+(?:[eE][-+]?\d+)?)-([\d.]+(?:[eE][-+]?\d+)?)", text)
    if m:
        return float(m[1]), float(m[2])
    return float(text)


def _concepts(raw: Any) -> frozenset[str]:
    if not raw or raw == "-":
        return frozenset()
    return frozenset(w.lower() for w in re.split(r"[,\s]+", str(raw)) if w)


def gold_figures(item: dict[str, Any]) -> list[Figure]:
    return [
        Figure(
            parse_value(q["value"]),
            str(q.get("normalized_unit", "-")).lower(),
            q.get("change"),
            _concepts(q.get("referred_concepts")) if "referred_concepts" in q else frozenset(),
        )
        for q in item.get("quantities", [])
    ]


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


def evaluate_file(path: Path) -> dict[str, Any]:
    items = json.loads(path.read_text(encoding="utf-8"))
    texts = [str(item["text"]) for item in items]
    tally = Tally()
    has_change = any("change" in q for item in items for q in item["quantities"])
    has_concept = any("referred_concepts" in q for item in items for q in item["quantities"])
    for item, text, predicted in zip(items, texts, predict(texts), strict=True):
        tally.add(text, gold_figures(item), predicted, has_change, has_concept)
    return {
        "file": path.name,
        "sentences": len(items),
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
    results = [evaluate_file(path) for path in data_files(data)]
    if fmt == "json":
        typer.echo(json.dumps({"corpus": str(data), "files": results}, indent=2))
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
