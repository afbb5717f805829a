"""`reportedly eval polnear`: not available yet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def command(
    data: Annotated[Path, typer.Option(help="Corpus location.")],
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Not available yet."""
    typer.echo("reportedly eval polnear: not available in this build", err=True)
    raise typer.Exit(code=2)
