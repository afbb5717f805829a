"""PolNeAR figures of an exported tagger, with the project's scorer (dev by default).

The tagger reads the raw article text, so offsets match the brat files without a spaCy pass.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from reportedly.evaluation.polnear_data import load_split
from reportedly.evaluation.polnear_score import Tally


def evaluate_onnx(data: Path, split: str, model: Path, threads: int = 1) -> dict[str, Any]:
    from reportedly.tagger.backend import OnnxTagger

    if split == "test":
        raise ValueError("the test split is measured elsewhere")
    tagger = OnnxTagger(model, threads)
    tally = Tally()
    words = pieces = 0
    seconds = 0.0
    for article in load_split(data, split):
        began = time.perf_counter()
        predicted = tagger.relations(article.text)
        seconds += time.perf_counter() - began
        tally.add(article.text, article.relations, predicted)
        words += len(article.text.split())
        pieces += len(tagger.tokenizer.encode(article.text, add_special_tokens=False).ids)
    return {
        "corpus": "PolNeAR",
        "split": split,
        "systems": {"tagger": tally.figures()},
        "speed": {
            "threads": threads,
            "seconds": round(seconds, 1),
            "words": words,
            "words_per_s": round(words / seconds),
            "pieces_per_s": round(pieces / seconds),
        },
        "model_bytes": (model / "tagger.onnx").stat().st_size,
    }
