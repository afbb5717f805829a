"""``reportedly gazetteer build|path|info``: the gazetteer's on-disk cache, made explicit.

The pipeline builds a missing index itself when it is constructed (seconds); ``build`` does it
ahead of time (an image build, a deploy step), ``path`` says where the index is cached and
``info`` what is there. Where the cache lives and what invalidates it:
``reportedly.gazetteer.cache``.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer

app = typer.Typer(
    help="The offline gazetteer: build its cached index, show where it is.",
    no_args_is_help=True,
)

Population = Annotated[
    int,
    typer.Option("--min-population", help="Smallest city in the index: 500, 1000, 5000 or 15000."),
]


def _checked(min_population: int) -> int:
    from reportedly.gazetteer import POPULATIONS

    if min_population not in POPULATIONS:
        raise typer.BadParameter(
            f"must be one of {', '.join(map(str, POPULATIONS))}", param_hint="--min-population"
        )
    return min_population


@app.command()
def build(min_population: Population = 500) -> None:
    """Build the index from its sources and write it into the cache (replacing a cached one)."""
    from reportedly import gazetteer

    size = _checked(min_population)
    started = time.perf_counter()
    index = gazetteer.build(size)
    try:
        path = gazetteer.save(index, size)
    except OSError as exc:
        typer.echo(f"error: cannot write the cache: {exc}", err=True)
        raise typer.Exit(code=1) from None
    seconds = time.perf_counter() - started
    typer.echo(
        f"{path}\n{len(index):,} places, {len(index.index):,} names, "
        f"{path.stat().st_size / 1e6:.1f} MB, built in {seconds:.1f} s"
    )


@app.command()
def path(min_population: Population = 500) -> None:
    """Print where the index of this size is (or would be) cached."""
    from reportedly import gazetteer

    typer.echo(gazetteer.cache_path(_checked(min_population)))


@app.command()
def info(min_population: Population = 500) -> None:
    """Where the index is cached, its fingerprint, whether it is built, and older ones."""
    from reportedly import gazetteer

    size = _checked(min_population)
    found = gazetteer.info(size)
    typer.echo(f"cache folder: {found.path.parent}")
    typer.echo(f"fingerprint:  {gazetteer.fingerprint(size)}")
    state = f"built, {found.bytes / 1e6:.1f} MB" if found.cached else "not built yet"
    typer.echo(f"index:        {found.path.name} ({state})")
    for other in found.others:
        typer.echo(f"other:        {other.name} (another fingerprint)")
