"""Where reportedly's time goes: repair, spaCy parse, each stage, report building and JSON.

Run by ``throughput.py --profile`` in a child process of its own (it keeps every parsed ``Doc``
in memory, which would spoil side (b)'s peak RSS). Stages run one after another over all the
parsed docs, in pipeline order, so each sees what earlier stages wrote, as in a normal run.
Each stage's cost is given as a share of the spaCy parse time of the same texts: the project's
budget is about 5% per stage, and (b)/(a) >= 0.8 overall.
"""

from __future__ import annotations

import time
from typing import Any


def run_profile(texts: list[str], batch_size: int) -> dict[str, Any]:
    from reportedly.pipeline import Analyzer, build_report
    from reportedly.stages import ensure_extensions

    analyzer = Analyzer()
    nlp = analyzer.nlp
    ensure_extensions()
    stages = [name for name in nlp.pipe_names if name.startswith("reportedly_")]
    seconds: dict[str, float] = {}

    clock = time.process_time()
    documents = [
        analyzer.prepare(text, doc_id=f"bench-{i}", strict=False) for i, text in enumerate(texts)
    ]
    seconds["repair"] = time.process_time() - clock

    def fresh() -> Any:
        for document in documents:
            doc = nlp.make_doc(document.text)
            doc._.published = document.published
            doc._.outlet = document.outlet
            yield doc

    clock = time.process_time()
    docs = list(nlp.pipe(fresh(), batch_size=batch_size, disable=stages))
    seconds["spacy"] = time.process_time() - clock

    for name in stages:
        component = nlp.get_pipe(name)
        clock = time.process_time()
        for doc in docs:
            component(doc)
        seconds[name] = time.process_time() - clock

    infos = analyzer.stage_infos()
    clock = time.process_time()
    reports = [build_report(d, doc, infos, 0.0) for d, doc in zip(documents, docs, strict=True)]
    seconds["report"] = time.process_time() - clock
    clock = time.process_time()
    for report in reports:
        report.to_json()
    seconds["json"] = time.process_time() - clock

    parse = seconds["spacy"] or 1e-9
    return {
        "cpu_seconds": seconds,
        "share_of_parse": {k: v / parse for k, v in seconds.items() if k != "spacy"},
        "batch_size": batch_size,
    }
