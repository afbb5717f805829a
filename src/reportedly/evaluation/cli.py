"""The ``reportedly eval`` commands; each corpus scorer lives in its own module.

Each module exposes ``command``, a typer command function; heavy imports happen inside it.
"""

from __future__ import annotations

import typer

from reportedly.evaluation import ecb, geo, links, plover, polnear, quantities, timeml

app = typer.Typer(
    help="Measure accuracy on standard corpora (a table, or JSON with --format json).",
    no_args_is_help=True,
    # Plain help: rich's help layout costs a quarter of a second at every start.
    rich_markup_mode=None,
)
app.command("polnear")(polnear.command)
app.command("timeml")(timeml.command)
app.command("quantities")(quantities.command)
app.command("geo")(geo.command)
app.command("links")(links.command)
app.command("ecb")(ecb.command)
app.command("plover")(plover.command)
