"""Export a trained tagger to ONNX and quantise it (int8 dynamic) for onnxruntime.

The folder written is what inference needs: ``tagger.onnx`` (int8), ``tokenizer.json`` and
``tagger.json`` (roles, tags, window size). The float model is kept beside it as
``tagger.fp32.onnx`` only when asked.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import torch

from reportedly.tagger.labels import ROLES, TAGS
from reportedly.tagger.windows import MAX_TOKENS
from reportedly.training.tagger.model import BertConfig, Tagger

OPSET = 17


def trained_steps(path: Path) -> int:
    """Optimizer steps behind a ``best.pt`` or ``last.pt`` checkpoint."""
    saved = torch.load(path, weights_only=False)
    return int(saved["step"] if "step" in saved else saved["state"]["step"])


def steps_info(run: Path, checkpoint: str) -> dict[str, object]:
    """Steps behind ``run/checkpoint``, counting the run it was initialised from (``--init-from``,
    found as written, or relative to the folder holding the runs' folder)."""
    own = trained_steps(run / checkpoint)
    config = run / "config.json"
    base = json.loads(config.read_text("utf-8")).get("init_from") if config.is_file() else None
    if not base:
        return {"checkpoint": checkpoint, "steps": own}
    found = next((p for p in (Path(base), run.parent.parent / base) if p.is_file()), None)
    if found is None:
        raise FileNotFoundError(f"{run} was initialised from {base}, which is not there")
    before = trained_steps(found)
    return {
        "checkpoint": checkpoint,
        "steps": before + own,
        "steps_note": f"{before + own:,}: {before:,} in {base} + {own:,} in {run.name}",
    }


def load_trained(path: Path) -> Tagger:
    """A tagger from ``best.pt`` (weights and encoder config) or ``last.pt``."""
    saved = torch.load(path, weights_only=False)
    state = saved["model"]
    config = BertConfig(**saved["config"]) if "vocab_size" in saved.get("config", {}) else None
    model = Tagger(config or BertConfig())
    model.load_state_dict(state)
    return model.eval()


def quantize(
    source: Path,
    target: Path,
    *,
    per_channel: bool = False,
    float_head: bool = False,
    reduce_range: bool = False,
) -> None:
    """int8 dynamic quantisation of ``source`` (an exported float tagger) into ``target``.

    ``reduce_range`` keeps weights to 7 bits. CPUs without VNNI multiply uint8 by int8 in pairs
    summed into int16, which saturates with full-range weights; with 7-bit weights no sum can,
    so every CPU kind computes the same integers and the file scores alike everywhere."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    skip = []
    if float_head:
        graph = onnx.load(str(source), load_external_data=False).graph
        skip = [node.name for node in graph.node if node.name.startswith("/head/")]
    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=per_channel,
        nodes_to_exclude=skip,
        reduce_range=reduce_range,
    )


def export(
    model: Tagger,
    tokenizer: Path,
    out: Path,
    *,
    keep_float: bool = False,
    max_tokens: int = MAX_TOKENS,
    per_channel: bool = True,
    float_head: bool = False,
    reduce_range: bool = True,
    info: dict[str, object] | None = None,
) -> Path:
    """Write the inference folder; returns the path of the int8 model.

    ``per_channel`` (default: it kept dev F1 within 1 point of float where one scale per
    tensor lost up to 2.8) gives each output channel its own int8 scale; ``float_head`` keeps the
    small tagging layer in float (both trade size or speed for fidelity to the float model);
    ``reduce_range`` (default) makes the figures independent of the CPU's int8 kernels.
    """
    out.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    float_path = out / "tagger.fp32.onnx"
    ids = torch.ones(2, 16, dtype=torch.long)
    mask = torch.ones(2, 16, dtype=torch.long)
    torch.onnx.export(
        model,
        (ids, mask),
        str(float_path),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "pieces"},
            "attention_mask": {0: "batch", 1: "pieces"},
            "logits": {0: "batch", 1: "pieces"},
        },
        opset_version=OPSET,
        dynamo=False,
    )
    final = out / "tagger.onnx"
    quantize(
        float_path,
        final,
        per_channel=per_channel,
        float_head=float_head,
        reduce_range=reduce_range,
    )
    if not keep_float:
        float_path.unlink()
    shutil.copyfile(tokenizer, out / "tokenizer.json")
    meta = {
        "roles": list(ROLES),
        "tags": list(TAGS),
        "max_tokens": max_tokens,
        "format": "reportedly-tagger/1",
        "date": date.today().isoformat(),
        "quantisation": {
            "per_channel": per_channel,
            "float_head": float_head,
            "reduce_range": reduce_range,
        },
        **(info or {}),
    }
    (out / "tagger.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return final
