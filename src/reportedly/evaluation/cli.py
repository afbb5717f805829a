"""The ``reportedly eval`` commands; each corpus scorer lives in its own module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Measure accuracy on standard corpora (figures as a table, or JSON).", no_args_is_help=True
)

FormatOption = Annotated[str, typer.Option("--format", help="table or json")]


@app.command("polnear")
def polnear(
    data: Annotated[Path, typer.Option(help="PolNeAR folder (with train/, dev/ ...)")],
    split: Annotated[str, typer.Option(help="train, dev or annotator-training")] = "dev",
    fmt: FormatOption = "table",
) -> None:
    """Attribution: source, cue and content spans, and whole relations, on PolNeAR."""
    raise typer.Exit(code=_not_ready("polnear"))


def _not_ready(name: str) -> int:
    typer.echo(f"reportedly eval {name}: not available in this build", err=True)
    return 2
