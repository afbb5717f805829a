"""``reportedly compare``: a handful of articles side by side, with no database: their
stories, independent origins, and the links between their claims, figures and dates.
A thin shell over ``reportedly.linking.compare``.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class CompareFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    html = "html"


class Mode(StrEnum):
    fast = "fast"
    accurate = "accurate"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"reportedly: {message}", err=True)
    return typer.Exit(code=code)


def compare(
    inputs: Annotated[
        list[str], typer.Argument(help="Article files or directories (text, HTML, JSON, JSONL).")
    ],
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CompareFormat.terminal,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    ] = None,
    mode: Annotated[Mode, typer.Option(help="Attribution engine (see `analyze`).")] = Mode.fast,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")
    ] = 1,
) -> None:
    """Compare articles: stories, wire copies, and where their accounts agree or disagree.

    JSON output is one `reportedly-corpus/1` object (schema: `reportedly schema --corpus`).
    Exit status: 0 when every input was analysed, 1 when some failed, 2 on a usage error.
    """
    from rich.console import Console

    from reportedly.ingest import IngestOptions, iter_inputs, missing_paths
    from reportedly.ingest.item import InputItem
    from reportedly.linking.compare import compare as compare_reports
    from reportedly.model import DocumentError, Report
    from reportedly.outputs import stories_html, stories_terminal
    from reportedly.parallel import ParallelAnalyzer, available_cores
    from reportedly.pipeline import Analyzer
    from reportedly.settings import Settings

    missing = missing_paths(inputs)
    if missing:
        raise _fail(f"no such file or directory: {', '.join(missing)}")
    if published is not None:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise _fail(f"--published {published!r} is not a date (YYYY-MM-DD)") from None
    settings = Settings(mode=mode.value)
    workers = jobs or available_cores()
    analyzer: Analyzer | ParallelAnalyzer
    if workers > 1:
        analyzer = ParallelAnalyzer(settings, workers)
        analyzer.start()
    else:
        analyzer = Analyzer(settings)
    reports: list[Report] = []
    failed = 0
    items = list(iter_inputs(inputs, IngestOptions(max_chars=settings.max_chars)))
    for item in items:
        if published and isinstance(item, InputItem):
            item.metadata.setdefault("published", published)
    try:
        for result in analyzer.analyze_items(items):
            if isinstance(result, DocumentError):
                failed += result.status == "failed"
                typer.echo(f"{result.origin}: {result.status}: {result.reason}", err=True)
            else:
                reports.append(result)
    finally:
        if isinstance(analyzer, ParallelAnalyzer):
            analyzer.close()
    comparison = compare_reports(reports)
    try:
        out = output.open("w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    if fmt is CompareFormat.json:
        out.write(comparison.to_json(indent=1) + "\n")
    elif fmt is CompareFormat.html:
        out.write(stories_html.render(comparison))
    else:
        stories_terminal.render(comparison, Console(file=out) if output else Console())
    if output:
        out.close()
    raise typer.Exit(code=1 if failed else 0)


def register(app: typer.Typer) -> None:
    app.command()(compare)
