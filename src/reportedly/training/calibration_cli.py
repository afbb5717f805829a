"""``reportedly train cue-calibration``: the command over ``training.calibration``."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Annotated

import typer

#: The file the package ships; written only when ``--out`` names it.
SHIPPED_PATH = Path(__file__).resolve().parents[1] / "models" / "cue-calibration.json"


def train_cue_calibration(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder (train/ is read).")],
    out: Annotated[
        Path,
        typer.Option(
            help="The calibration file to write (to ship it: src/reportedly/models/"
            "cue-calibration.json)."
        ),
    ] = Path("runs/cue-calibration.json"),
    limit_articles: Annotated[int, typer.Option(help="Smoke runs: first N articles.")] = 0,
) -> None:
    """Learn the fast mode's cue calibration (cue edges, confidence) from PolNeAR train.

    Needs scikit-learn (the ``train`` extra). Writes to a run folder unless --out
    names the shipped file.
    """
    if importlib.util.find_spec("sklearn") is None:
        raise typer.BadParameter("scikit-learn is not installed: install the train extra")
    from reportedly.training.calibration import train

    summary = train(data, out, limit_articles)
    typer.echo(json.dumps(summary, indent=2))
