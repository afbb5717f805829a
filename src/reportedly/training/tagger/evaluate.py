"""PolNeAR figures of an exported tagger, with the project's scorer (dev by default), for
each decoding of the same logits (the timed one is the backend's).

The tagger reads the raw article text, so offsets match the brat files without a spaCy pass.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from reportedly.evaluation.polnear_data import load_split
from reportedly.evaluation.polnear_score import Tally
from reportedly.tagger.predict import DECODINGS, article_spans, relations
from reportedly.tagger.windows import windows


def evaluate_onnx(
    data: Path,
    split: str,
    model: Path,
    threads: int = 1,
    file: str = "tagger.onnx",
    train_sample: int = 0,
) -> dict[str, Any]:
    from reportedly.tagger.backend import OnnxTagger

    if split == "test":
        raise ValueError("the test split is measured elsewhere")
    tagger = OnnxTagger(model, threads, file)
    tallies = {d: Tally() for d in DECODINGS}
    words = pieces = 0
    seconds = cpu = 0.0
    for article in load_split(data, split):
        began, began_cpu = time.perf_counter(), time.process_time()
        text = article.text
        wins = windows(tagger.tokenizer, text, None, tagger.max_tokens)
        logits = tagger.logits(wins)
        timed = relations(text, article_spans(text, wins, logits, tagger.decoding))
        seconds += time.perf_counter() - began
        cpu += time.process_time() - began_cpu
        for decoding, tally in tallies.items():
            if decoding == tagger.decoding:
                tally.add(text, article.relations, timed)
            else:
                spans = article_spans(text, wins, logits, decoding)
                tally.add(text, article.relations, relations(text, spans))
        words += len(article.text.split())
        pieces += len(tagger.tokenizer.encode(article.text, add_special_tokens=False).ids)
    sample: dict[str, Any] | None = None
    if train_sample:
        tally = Tally()
        for article in load_split(data, "train")[:train_sample]:
            tally.add(article.text, article.relations, tagger.relations(article.text))
        sample = {
            "articles": train_sample,
            "systems": {f"tagger/{tagger.decoding}": tally.figures()},
        }
    return {
        "corpus": "PolNeAR",
        "split": split,
        "train_sample": sample,
        "systems": {f"tagger/{d}": t.figures() for d, t in tallies.items()},
        "timed_decoding": tagger.decoding,
        "speed": {
            "threads": threads,
            "words": words,
            "pieces": pieces,
            "seconds": round(seconds, 1),
            "words_per_s": round(words / seconds),
            "pieces_per_s": round(pieces / seconds),
            "cpu_seconds": round(cpu, 1),
            "words_per_cpu_s": round(words / cpu),
            "pieces_per_cpu_s": round(pieces / cpu),
        },
        "model": file,
        "model_bytes": (model / file).stat().st_size,
        "int8_kernels": int8_kernels(),
    }


#: CPU features that select onnxruntime's int8 matrix kernels, best first. With full-range int8
#: weights the kernels compute differently (AVX2's 16-bit sums can saturate, VNNI's and AMX's
#: cannot), so such a file's figures repeat only on CPUs of one kind; 7-bit weights
#: (``export --reduce-range``, the default) avoid the saturation.
INT8_KERNELS = ("amx_int8", "avx512_vnni", "avx_vnni", "avx2")


def int8_kernels(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The best int8 kernel family this CPU offers, or "other" when it cannot be told."""
    try:
        flags = set(cpuinfo.read_text(errors="replace").split())
    except OSError:
        return "other"
    return next((kind for kind in INT8_KERNELS if kind in flags), "other")
