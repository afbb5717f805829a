"""Commands of accurate mode: ``train attribution`` (wired in as ``reportedly train``), and
``tagger export`` / ``tagger eval`` for the exported model.

Training runs on one thread unless told otherwise (the machines it runs on are shared).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Train models.", no_args_is_help=True, rich_markup_mode=None)
tools = typer.Typer(
    help="Export and score the trained attribution tagger.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _threads(n: int) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", str(n))
    import torch

    torch.set_num_threads(n)


@app.command("attribution")
def train_attribution(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder (train/ and dev/ are read).")],
    out: Annotated[Path, typer.Option(help="Run folder: checkpoints, log.jsonl.")] = Path(
        "runs/tagger"
    ),
    epochs: int = 5,
    batch_size: int = 8,
    lr: float = 5e-5,
    seed: int = 13,
    max_steps: Annotated[int, typer.Option(help="Stop after N steps in all (0: none).")] = 0,
    checkpoint_every: int = 50,
    limit_articles: Annotated[int, typer.Option(help="Smoke runs: first N articles.")] = 0,
    threads: int = 1,
    init_from: Annotated[
        Path | None,
        typer.Option(help="Start from this checkpoint's weights (a run's best.pt)."),
    ] = None,
    warmup: Annotated[float, typer.Option(help="Share of steps with a rising rate.")] = 0.06,
    precision: Annotated[
        str,
        typer.Option(help="fp32, or bf16: CPU bfloat16 autocast (faster on AMX / AVX-512 BF16)."),
    ] = "fp32",
    layer_decay: Annotated[
        float,
        typer.Option(help="Rate factor per encoder layer down from the top (1: one rate)."),
    ] = 1.0,
) -> None:
    """Train the attribution tagger on PolNeAR train (model selection on dev); a rerun with
    the same --out resumes from its last checkpoint."""
    if precision not in ("fp32", "bf16"):
        raise typer.BadParameter("choose fp32 or bf16", param_hint="--precision")
    if not 0 < layer_decay <= 1:
        raise typer.BadParameter("choose a factor in (0, 1]", param_hint="--layer-decay")
    _threads(threads)
    from reportedly.training.tagger.train import TrainConfig, train

    cfg = TrainConfig(
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        seed=seed,
        max_steps=max_steps,
        checkpoint_every=checkpoint_every,
        limit_articles=limit_articles,
        init_from=str(init_from) if init_from else "",
        warmup=warmup,
        precision=precision,
        layer_decay=layer_decay,
    )
    state = train(data, out, cfg)
    typer.echo(
        json.dumps(
            {
                "step": state.step,
                "epoch": state.epoch,
                "best_dev_mean_f1": state.best,
                "done": state.done,
            }
        )
    )


@tools.command("export")
def export_command(
    run: Annotated[Path, typer.Option(help="The training run folder.")],
    out: Annotated[Path, typer.Option(help="Where tagger.onnx and its files go.")],
    checkpoint: str = "best.pt",
    keep_float: bool = False,
    per_channel: bool = True,
    float_head: bool = False,
    reduce_range: Annotated[
        bool,
        typer.Option(
            help="7-bit weights: no int16 saturation on CPUs without VNNI, so the same "
            "figures on every CPU kind."
        ),
    ] = True,
) -> None:
    """Export a checkpoint to ONNX and quantise it to int8."""
    _threads(1)
    from reportedly.training.tagger.export import export, load_trained, steps_info

    model = load_trained(run / checkpoint)
    path = export(
        model,
        run / "tokenizer.json",
        out,
        keep_float=keep_float,
        per_channel=per_channel,
        float_head=float_head,
        reduce_range=reduce_range,
        info=steps_info(run, checkpoint),
    )
    typer.echo(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")


@tools.command("eval")
def eval_command(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder.")],
    model: Annotated[Path, typer.Option(help="The exported tagger folder.")],
    split: str = "dev",
    threads: int = 1,
    file: Annotated[str, typer.Option(help="tagger.onnx (int8) or tagger.fp32.onnx")] = (
        "tagger.onnx"
    ),
    card_from: Annotated[
        Path | None,
        typer.Option(help="Write MODEL_CARD.md and card.json beside the model from this run."),
    ] = None,
    train_sample: Annotated[
        int, typer.Option(help="Also score the first N train articles (fit, for the card).")
    ] = 0,
    add_to_card: Annotated[
        bool,
        typer.Option(
            help="Record these figures in the model's card.json for this CPU's int8 kernels "
            "(the card's own figures stay as they are)."
        ),
    ] = False,
) -> None:
    """Score the exported tagger on a PolNeAR split (JSON: figures, speed, model size)."""
    from reportedly.training.tagger.evaluate import evaluate_onnx

    result = evaluate_onnx(data, split, model, threads, file, train_sample)
    typer.echo(json.dumps(result, indent=2))
    if add_to_card:
        path = model / "card.json"
        saved = json.loads(path.read_text("utf-8"))
        saved.setdefault("by_int8_kernels", {})[result["int8_kernels"]] = {
            "systems": result["systems"],
            "speed": result["speed"],
        }
        path.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    if card_from is not None:
        from reportedly.training.tagger.card import card

        text = card(card_from, model, result)
        (model / "MODEL_CARD.md").write_text(text, encoding="utf-8")
        # The figures the CI gate holds the shipped file to (.ci/checks/60-tagger.sh).
        (model / "card.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    root = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
    root.add_typer(app, name="train")
    root.add_typer(tools, name="tagger")
    root()
