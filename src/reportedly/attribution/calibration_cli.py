"""``reportedly train cue-calibration``: the command over ``calibration_train``."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Annotated

import typer

SHIPPED_PATH = Path(__file__).resolve().parents[1] / "models" / "cue-calibration.json"


def train_cue_calibration(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder (train/ is read).")],
    out: Annotated[Path, typer.Option(help="The calibration file to write.")] = SHIPPED_PATH,
    limit_articles: Annotated[int, typer.Option(help="Smoke runs: first N articles.")] = 0,
) -> None:
    """Learn the fast mode's cue calibration (cue edges, confidence) from PolNeAR train.

    Needs scikit-learn (the ``train`` extra). The default --out is the file the package ships.
    """
    if importlib.util.find_spec("sklearn") is None:
        raise typer.BadParameter("scikit-learn is not installed: install the train extra")
    from reportedly.attribution.calibration_train import train

    summary = train(data, out, limit_articles)
    typer.echo(json.dumps(summary, indent=2))
