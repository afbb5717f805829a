"""PolNeAR figures of an exported tagger, with the project's scorer (dev by default).

The tagger reads the raw article text, so offsets match the brat files without a spaCy pass.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from reportedly.evaluation.polnear_data import load_split
from reportedly.evaluation.polnear_score import Tally


def evaluate_onnx(
    data: Path, split: str, model: Path, threads: int = 1, file: str = "tagger.onnx"
) -> dict[str, Any]:
    from reportedly.tagger.backend import OnnxTagger

    if split == "test":
        raise ValueError("the test split is measured elsewhere")
    tagger = OnnxTagger(model, threads, file)
    tally = Tally()
    words = pieces = 0
    seconds = cpu = 0.0
    for article in load_split(data, split):
        began, began_cpu = time.perf_counter(), time.process_time()
        predicted = tagger.relations(article.text)
        seconds += time.perf_counter() - began
        cpu += time.process_time() - began_cpu
        tally.add(article.text, article.relations, predicted)
        words += len(article.text.split())
        pieces += len(tagger.tokenizer.encode(article.text, add_special_tokens=False).ids)
    return {
        "corpus": "PolNeAR",
        "split": split,
        "systems": {"tagger": tally.figures()},
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
    }
