"""Derive the ``derived`` column of ``src/reportedly/data/lexicons/attribution_cues.tsv``.

The hand-checked rows name the frames (content dependents) a cue verb takes. Since the cue
calibration (``attribution/calibration.py``) judges each find in its context, the rules can
propose more: every verb + dependent pair that heads a PolNeAR train cue at least ``MIN_HITS``
times and in at least ``MIN_SHARE`` of its occurrences. Those frames go in the ``derived``
column (new verbs get the stance "assertion" unless a hand has set another since); the
hand-checked columns are left as they are.
Rerunning replaces the derived column, so the file is the same after each run.

    python tools/derive_cue_candidates.py --data ../shared/corpora/polnear

Retrain the calibration after a change: ``reportedly train cue-calibration --data ...``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import spacy

from reportedly.attribution.cues import CONTENT_DEPS
from reportedly.evaluation.polnear_data import load_split
from reportedly.pipeline import SPACY_PIPELINE

MIN_HITS = 4
MIN_SHARE = 0.2
TSV = Path(__file__).resolve().parents[1] / "src/reportedly/data/lexicons/attribution_cues.tsv"


def count(data: Path) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """Per (verb lemma, dependent): occurrences on train, and how many head a gold cue."""
    nlp = spacy.load(SPACY_PIPELINE)
    seen: Counter[tuple[str, str]] = Counter()
    heads: Counter[tuple[str, str]] = Counter()
    articles = load_split(data, "train")
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        cue_heads = set()
        for relation in article.relations:
            for a, b in relation.cue:
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is not None:
                    cue_heads.add(span.root.i)
        for token in doc:
            if token.pos_ != "VERB":
                continue
            for dep in {c.dep_ for c in token.children} & set(CONTENT_DEPS):
                key = (token.lemma_.lower(), dep)
                seen[key] += 1
                heads[key] += token.i in cue_heads
    return seen, heads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the PolNeAR folder")
    args = parser.parse_args()
    seen, heads = count(args.data)
    lines = TSV.read_text("utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    header, *rows = [line.split("\t") for line in lines if not line.startswith("#")]
    columns = header[:5]
    hand = {row[0]: row[:5] for row in rows if row[2]}  # derived-only rows have no frames
    # A derived-only row's stance may have been set by hand since: a rerun keeps it.
    stances = {row[0]: row[1] for row in rows if not row[2]}
    derived: dict[str, set[str]] = {}
    for (lemma, dep), n in seen.items():
        if heads[(lemma, dep)] >= MIN_HITS and heads[(lemma, dep)] / n >= MIN_SHARE:
            frames = set(hand[lemma][2].split(",")) if lemma in hand else set()
            if dep not in frames:
                derived.setdefault(lemma, set()).add(dep)
    out = [*comments, "\t".join([*columns, "derived"])]
    for lemma, row in hand.items():
        out.append("\t".join([*row, ",".join(sorted(derived.pop(lemma, set())))]))
    for lemma in sorted(derived):
        hits = sum(heads[(lemma, d)] for d in derived[lemma])
        share = hits / sum(seen[(lemma, d)] for d in derived[lemma])
        row = [lemma, stances.get(lemma, "assertion"), "", str(hits), f"{share:.2f}"]
        out.append("\t".join([*row, ",".join(sorted(derived[lemma]))]))
    TSV.write_text("\n".join(out) + "\n", encoding="utf-8")
    with_derived = sum(1 for line in out[len(comments) + 1 :] if line.split("\t")[-1])
    print(f"{len(out) - len(comments) - 1} rows, {with_derived} with derived frames")


if __name__ == "__main__":
    main()
