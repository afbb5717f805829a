"""The ``reportedly`` command line: a thin shell over the library."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from reportedly import __version__
from reportedly.evaluation.cli import app as eval_app

app = typer.Typer(
    help="reportedly: who claims what, on whose authority, how sure, about whom, where and when.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(eval_app, name="eval")


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    html = "html"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportedly {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """reportedly reads news and says who claims what, on whose authority."""


@app.command()
def analyze(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.terminal,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for all inputs.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for all inputs.")] = None,
    title: Annotated[str | None, typer.Option(help="Title for all inputs.")] = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="No text repair: document.text equals the decoded input.")
    ] = False,
) -> None:
    """Analyse articles and report claims, sources, numbers, dates and places."""
    from reportedly.ingest import InputItem, iter_inputs
    from reportedly.model import DocumentError
    from reportedly.outputs import html as html_out
    from reportedly.outputs import terminal
    from reportedly.pipeline import default_analyzer

    analyzer = default_analyzer()
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    console = Console(file=out) if output else Console()
    reports = []
    errors: list[DocumentError] = []
    for item in iter_inputs(inputs):
        if isinstance(item, DocumentError):
            errors.append(item)
            continue
        assert isinstance(item, InputItem)
        overrides = {
            k: v for k, v in {"published": published, "outlet": outlet, "title": title}.items() if v
        }
        document = analyzer.prepare(
            item.text, raw=raw, origin=item.origin, **{**item.metadata, **overrides}
        )
        for report in analyzer.analyze_documents([document]):
            if fmt is OutputFormat.terminal:
                terminal.render(report, console)
            elif fmt is OutputFormat.jsonl:
                out.write(report.to_json() + "\n")
            else:
                reports.append(report)
    if fmt is OutputFormat.json:
        json.dump([json.loads(r.to_json()) for r in reports], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt is OutputFormat.html:
        out.write(html_out.render(reports))
    for error in errors:
        typer.echo(f"{error.status}: {error.origin}: {error.reason}", err=True)
    raise typer.Exit(code=1 if any(e.status == "failed" for e in errors) else 0)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a report (reportedly/1)."""
    from reportedly.model import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))
