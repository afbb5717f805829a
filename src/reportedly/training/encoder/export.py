"""Export all-MiniLM-L6-v2 to ONNX with the pooling inside, quantise it to int8 (dynamic) and
check it against the torch model.

The folder written is what inference (``reportedly.linking.embed``) reads: ``encoder.onnx``
(inputs ``input_ids`` and ``attention_mask`` ``[batch, pieces]``, output ``embedding``
``[batch, 384]``, unit rows), ``tokenizer.json`` (the upstream file, unchanged; inference sets
truncation and padding), ``encoder.json`` and ``MODEL_CARD.md``. The float model is kept
beside it as ``encoder.fp32.onnx`` only when asked.
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import date
from pathlib import Path
from typing import Any

import torch

from reportedly.training.encoder.check import FRAGMENTS, SENTENCES, agreement
from reportedly.training.encoder.model import (
    DIMS,
    LICENCE,
    PACKAGE,
    PACKAGE_VERSION,
    UPSTREAM,
    SentenceEncoder,
    from_pretrained,
    load_tokenizer,
    sentence_transformers_embeddings,
    sha256,
    source_dir,
    torch_embeddings,
    verify_source,
)
from reportedly.training.tagger.export import quantize

OPSET = 17
#: The upstream model's window (``sentence_bert_config.json`` ``max_seq_length``).
MAX_TOKENS = 256


def to_onnx(model: SentenceEncoder, path: Path) -> None:
    ids = torch.ones(2, 16, dtype=torch.long)
    mask = torch.ones(2, 16, dtype=torch.long)
    torch.onnx.export(
        model,
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["embedding"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "pieces"},
            "attention_mask": {0: "batch", 1: "pieces"},
            "embedding": {0: "batch"},
        },
        opset_version=OPSET,
        dynamo=False,
    )


def _onnx_embeddings(
    folder: Path, file: str, texts: list[str], threads: int, batch_size: int = 32
) -> Any:
    """Embeddings through the inference class itself (length-sorted, padded batches of the
    default size unless told)."""
    from reportedly.linking.embed import SentenceEncoder as OnnxEncoder

    return OnnxEncoder(folder, threads, file).encode(texts, batch_size=batch_size)


def _pairwise(reference: Any, exported: Any) -> float:
    """Largest change of any pairwise cosine between the sentences (what linking compares)."""
    import numpy as np

    a, b = np.asarray(reference, np.float64), np.asarray(exported, np.float64)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    return round(float(np.abs(a @ a.T - b @ b.T).max()), 5)


def _speed(folder: Path, threads: int, rounds: int = 5) -> dict[str, Any]:
    from reportedly.linking.embed import SentenceEncoder as OnnxEncoder

    encoder = OnnxEncoder(folder, threads)
    texts = [t for t in SENTENCES if len(t) < 200]
    encoder.encode(texts)
    began = time.perf_counter()
    for _ in range(rounds):
        encoder.encode(texts)
    seconds = time.perf_counter() - began
    return {
        "threads": threads,
        "sentences": len(texts) * rounds,
        "seconds": round(seconds, 3),
        "sentences_per_s": round(len(texts) * rounds / seconds, 1),
    }


def export(
    out: Path,
    *,
    max_tokens: int = MAX_TOKENS,
    per_channel: bool = True,
    reduce_range: bool = True,
    keep_float: bool = False,
    threads: int = 1,
) -> dict[str, Any]:
    """Write the inference folder and its card; returns what ``encoder.json`` holds."""
    source = source_dir()
    verified = verify_source(source)
    out.mkdir(parents=True, exist_ok=True)
    model = from_pretrained(source)
    float_path = out / "encoder.fp32.onnx"
    to_onnx(model, float_path)
    final = out / "encoder.onnx"
    quantize(float_path, final, per_channel=per_channel, reduce_range=reduce_range)
    shutil.copyfile(source / "tokenizer.json", out / "tokenizer.json")
    meta: dict[str, Any] = {
        "format": "reportedly-sentence-encoder/1",
        "date": date.today().isoformat(),
        "dims": DIMS,
        "max_tokens": max_tokens,
        "inputs": ["input_ids", "attention_mask"],
        "output": "embedding",
        "pooling": "mean over the attention mask, in the graph",
        "normalisation": "L2, in the graph",
        "onnx_sha256": sha256(final),
        "onnx_bytes": final.stat().st_size,
        "tokenizer_sha256": sha256(out / "tokenizer.json"),
        "quantisation": {
            "kind": "int8 dynamic (onnxruntime quantize_dynamic, QInt8 weights)",
            "per_channel": per_channel,
            "reduce_range": reduce_range,
        },
        "source": {
            "package": f"{PACKAGE}=={PACKAGE_VERSION}",
            "model": UPSTREAM,
            "licence": LICENCE,
            "sha256": verified["sha256"],
            "layers": verified["layers"],
            "hidden": verified["hidden"],
        },
        "opset": OPSET,
        "torch": torch.__version__,
    }
    (out / "encoder.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    tokenizer = load_tokenizer(source / "tokenizer.json", max_tokens)
    reference = torch_embeddings(model, tokenizer, SENTENCES)
    checks: dict[str, Any] = {}
    upstream = sentence_transformers_embeddings(source, SENTENCES, max_tokens)
    if upstream is not None:
        checks["torch_vs_sentence_transformers"] = agreement(upstream, reference)
    fp32 = _onnx_embeddings(out, "encoder.fp32.onnx", SENTENCES, threads)
    int8 = _onnx_embeddings(out, "encoder.onnx", SENTENCES, threads)
    alone = _onnx_embeddings(out, "encoder.onnx", SENTENCES, threads, batch_size=1)
    checks["torch_vs_onnx_fp32"] = agreement(reference, fp32)
    checks["torch_vs_onnx_int8"] = agreement(reference, int8)
    checks["torch_vs_onnx_int8"]["pairwise_cosine_max_change"] = _pairwise(reference, int8)
    keep = [i for i, text in enumerate(SENTENCES) if text not in FRAGMENTS]
    checks["torch_vs_onnx_int8_sentences_only"] = agreement(reference[keep], int8[keep])
    checks["torch_vs_onnx_int8_one_at_a_time"] = agreement(reference, alone)
    checks["onnx_int8_batch_1_vs_32"] = agreement(alone, int8)
    if upstream is not None:
        checks["sentence_transformers_vs_onnx_int8"] = agreement(upstream, int8)
    meta["agreement"] = checks
    meta["speed"] = _speed(out, threads)
    (out / "encoder.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if not keep_float:
        float_path.unlink()
    from reportedly.training.encoder.card import card

    (out / "MODEL_CARD.md").write_text(card(meta), encoding="utf-8")
    return meta
