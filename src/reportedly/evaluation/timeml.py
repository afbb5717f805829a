"""`reportedly eval timeml`: TempEval-3 scores of the times stage on TimeML (.tml) files.

Each file gives the text (TIMEX3 tags stripped), the gold expressions and the document creation
time (DCT), which becomes the publication date. Extraction is scored strict (same span) and
relaxed (overlap); value is scored as TempEval-3 does: a relaxed match whose normalised value
equals the gold value counts, giving P (over predictions), R (over gold) and F1.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from reportedly.evaluation.metrics import prf
from reportedly.evaluation.unreadable import Unreadable


@dataclass(frozen=True)
class Timex3:
    start: int
    end: int
    type: str
    value: str | None


@dataclass(frozen=True)
class TimeMLDocument:
    name: str
    text: str
    dct: date | None
    gold: list[Timex3]


def read_tml(path: Path) -> TimeMLDocument:
    """Text, DCT and gold TIMEX3s of one TimeML file (offsets into the stripped text)."""
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT/TIMEX3")
    dct = None
    if dct_el is not None and dct_el.get("value"):
        raw_dct = str(dct_el.get("value"))
        try:
            dct = date.fromisoformat(raw_dct[:10])
        except ValueError:
            raise ValueError(f"document creation time {raw_dct!r} is not a date") from None
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError("no TEXT element")
    pieces: list[str] = []
    gold: list[Timex3] = []
    length = 0

    def walk(element: ET.Element) -> None:
        nonlocal length
        if element.text:
            pieces.append(element.text)
            length += len(element.text)
        for child in element:
            start = length
            walk(child)
            if child.tag == "TIMEX3":
                gold.append(Timex3(start, length, child.get("type", ""), child.get("value")))
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)

    walk(text_el)
    return TimeMLDocument(path.stem, "".join(pieces), dct, gold)


def tml_files(data: Path) -> list[Path]:
    return [data] if data.is_file() else sorted(data.rglob("*.tml"))


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, gold: Sequence[Timex3], predicted: Sequence[Timex3]) -> None:
        """One document: pair each gold with the first unused overlapping prediction."""
        self.predicted += len(predicted)
        self.gold += len(gold)
        used: set[int] = set()
        for g in gold:
            for i, p in enumerate(predicted):
                if i in used or not (p.start < g.end and g.start < p.end):
                    continue
                used.add(i)
                self.relaxed += 1
                self.strict += p.start == g.start and p.end == g.end
                self.value += p.value is not None and p.value == g.value
                self.type += p.type == g.type
                break


def figures(counts: Counts) -> dict[str, dict[str, float]]:
    return {
        "strict": prf(counts.strict, counts.predicted, counts.gold),
        "relaxed": prf(counts.relaxed, counts.predicted, counts.gold),
        "value": prf(counts.value, counts.predicted, counts.gold),
        "type": prf(counts.type, counts.predicted, counts.gold),
    }


def predict(documents: Iterable[TimeMLDocument]) -> Iterable[list[Timex3]]:
    """Run the pipeline with the times stage only, the DCT as publication date."""
    from reportedly.pipeline import Analyzer, Settings

    analyzer = Analyzer(Settings(stages=("reportedly_times",)))
    prepared = [
        analyzer.prepare(d.text, published=d.dct, raw=True, strict=False, doc_id=d.name)
        for d in documents
    ]
    for report in analyzer.analyze_documents(prepared):
        yield [Timex3(t.span.start, t.span.end, t.type, t.value) for t in report.times]


def read_documents(files: Iterable[Path], unreadable: Unreadable) -> list[TimeMLDocument]:
    """The files that can be read; each other one is noted with why."""
    documents = []
    for path in files:
        try:
            documents.append(read_tml(path))
        except ET.ParseError as exc:
            unreadable.note(str(path), f"not well-formed XML ({exc})")
        except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
            unreadable.note(str(path), str(exc))
    return documents


def evaluate(data: Path, unreadable: Unreadable | None = None) -> dict[str, object]:
    unreadable = unreadable if unreadable is not None else Unreadable()
    documents = read_documents(tml_files(data), unreadable)
    counts = Counts()
    for document, predicted in zip(documents, predict(documents), strict=True):
        counts.add(document.gold, predicted)
    return {
        "corpus": str(data),
        "documents": len(documents),
        "unreadable": len(unreadable),
        "gold": counts.gold,
        "predicted": counts.predicted,
        **figures(counts),
    }


def command(
    data: Annotated[Path, typer.Option(help="A .tml file or a folder of them (searched deeply).")],
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """TempEval-3 extraction (strict, relaxed) and value P/R/F1 of the times stage."""
    if not data.exists():
        raise typer.BadParameter(f"{data} does not exist", param_hint="--data")
    unreadable = Unreadable()
    result = evaluate(data, unreadable)
    summary = unreadable.summary()
    if fmt == "json":
        typer.echo(json.dumps(result, indent=2))
        if summary:
            typer.echo(summary, err=True)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"TimeML: {data}",
        caption=f"{result['documents']} documents, {result['gold']} gold TIMEX3, "
        f"{result['predicted']} predicted",
        min_width=64,
    )
    for column in ("measure", "P", "R", "F1"):
        table.add_column(column, justify="right" if column != "measure" else "left")
    for measure in ("strict", "relaxed", "value", "type"):
        row = result[measure]
        assert isinstance(row, dict)
        table.add_row(measure, *(f"{row[k]:.2f}" for k in ("P", "R", "F1")))
    Console().print(table)
    if summary:
        typer.echo(summary, err=True)
