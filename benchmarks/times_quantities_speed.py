"""How much the times and quantities stages add to spaCy parsing, on a folder of articles.

    PYTHONPATH=src python benchmarks/times_quantities_speed.py ../shared/corpora/news/bbc 200

Parses the first N .txt files (sorted) once with the plain spaCy pipeline, timing it, then runs
the two stages over the parsed docs, timing them alone; prints both and their ratio. Repeats
three times and keeps the fastest run of each, to damp the noise of a shared machine.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from reportedly.pipeline import SPACY_PIPELINE, load_spacy
from reportedly.stages import ensure_extensions, times
from reportedly.stages import quantities as quantity_stage


def main(folder: Path, count: int) -> None:
    files = sorted(folder.rglob("*.txt"))[:count]
    texts = [f.read_bytes().decode("utf-8", "replace") for f in files]
    nlp = load_spacy(SPACY_PIPELINE)
    ensure_extensions()
    times_stage = times.TimesStage(nlp)
    quantities_stage = quantity_stage.QuantitiesStage()
    list(nlp.pipe(texts[:10]))  # warm up
    parse_best = stage_best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=16))
        parse_best = min(parse_best, time.perf_counter() - started)
        started = time.perf_counter()
        for doc in docs:
            doc._.published = date(2005, 3, 16)
            doc._.reportedly = None
            times_stage(doc)
            quantities_stage(doc)
        stage_best = min(stage_best, time.perf_counter() - started)
    words = sum(len(doc) for doc in docs)
    found_times = sum(len(doc._.reportedly["times"]) for doc in docs)
    found_quantities = sum(len(doc._.reportedly["quantities"]) for doc in docs)
    print(
        f"{len(texts)} articles, {words} tokens, {found_times} times, {found_quantities} quantities"
    )
    print(
        f"spaCy parse: {parse_best:.2f} s; times + quantities: {stage_best:.3f} s; "
        f"overhead {100 * stage_best / parse_best:.1f}%"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 200)
