"""Learning the cue calibration from PolNeAR train: ``reportedly train cue-calibration``.

The rules run uncalibrated over every train article. Each draft gives one example: its
features, the first edge move whose cue matches a gold cue exactly (if any), and whether its cue
overlaps a gold cue at all. Two scikit-learn logistic regressions are fitted on them; the keep
threshold is the one that maximises exact cue F1 on train under five-fold cross-validation, so
dev stays untouched for the report. Fixed seeds and a deterministic solver make reruns equal.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportedly.attribution.calibration import (
    MOVES,
    Calibration,
    cue_span,
    features,
    moved_cue,
)
from reportedly.attribution.engine import RuleBackend
from reportedly.attribution.spans import overlaps
from reportedly.evaluation.polnear_data import Article, load_split

_MIN_COUNT = 2  # a feature seen once in train is noise, and bloats the file
_THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 13)]


@dataclass
class Example:
    features: list[str]
    move: int | None
    """Index in MOVES of the first move that makes the cue exact, or None."""
    overlaps: bool
    exact_after: list[bool]
    """Per move: whether the cue is exact after it (False where it cannot move)."""
    other_fragments: int
    other_exact: int


def examples(articles: list[Article]) -> Iterator[list[Example]]:
    """Each article's drafts as examples, the rules running without calibration."""
    from reportedly.pipeline import Analyzer, Settings

    uncalibrated = {"reportedly_attribution": {"calibration": None}}
    nlp = Analyzer(Settings(mode="fast", stage_config=uncalibrated)).nlp
    rules = RuleBackend(nlp)
    skip = [name for name in nlp.pipe_names if name.startswith("reportedly_")]
    with nlp.select_pipes(disable=skip):
        docs = nlp.pipe((a.text for a in articles), batch_size=8)
        for article, doc in zip(articles, docs, strict=True):
            gold = {f for r in article.relations for f in r.cue}
            out = []
            # Every draft, nested ones too: once its parent is dropped a nested draft
            # stands alone and is judged like the rest.
            for draft in rules.drafts(doc)[0]:
                span = cue_span(doc, draft)
                if span is None:
                    continue
                exact = []
                for move in MOVES:
                    moved = draft.cues[0] if move == (0, 0) else moved_cue(doc, draft, span, move)
                    exact.append(moved is not None and moved in gold)
                others = draft.cues[1:]
                out.append(
                    Example(
                        features=features(doc, draft, span),
                        move=exact.index(True) if any(exact) else None,
                        overlaps=any(overlaps(c, g) for c in draft.cues for g in gold),
                        exact_after=exact,
                        other_fragments=len(others),
                        other_exact=sum(f in gold for f in others),
                    )
                )
            yield out


def fit(found: list[Example], gold_cues: int, info: dict[str, Any]) -> Calibration:
    """The two models and the keep threshold (cross-validated on these examples)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    counts = Counter(f for e in found for f in set(e.features))
    kept = {f for f, n in counts.items() if n >= _MIN_COUNT}
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([{f: 1 for f in e.features if f in kept} for e in found])
    names = list(vectorizer.get_feature_names_out())

    movable = [(i, e.move) for i, e in enumerate(found) if e.move is not None]
    move_rows, move_bias = _move_model(matrix[[i for i, _ in movable]], [m for _, m in movable])
    keep_model = LogisticRegression(C=0.3, max_iter=3000)
    labels = [e.overlaps for e in found]
    keep_model.fit(matrix, labels)

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    chance = cross_val_predict(
        LogisticRegression(C=0.3, max_iter=3000), matrix, labels, cv=folds, method="predict_proba"
    )[:, 1]
    moves = _cross_moves(matrix, found, folds)
    threshold, train_f1 = _best_threshold(found, chance, moves, gold_cues)

    move_weights = {
        name: [round(float(w), 4) for w in move_rows[:, j]]
        for j, name in enumerate(names)
        if move_rows[:, j].any()
    }
    keep_weights = {
        name: rounded
        for name, w in zip(names, keep_model.coef_[0], strict=True)
        if (rounded := round(float(w), 4))
    }
    info = {
        **info,
        "examples": len(found),
        "features": len(names),
        "train_cv_cue_exact_f1": round(100 * train_f1, 2),
    }
    return Calibration(
        move_weights=move_weights,
        move_bias=[round(float(b), 4) for b in move_bias],
        keep_weights=keep_weights,
        keep_bias=round(float(keep_model.intercept_[0]), 4),
        threshold=threshold,
        info=info,
    )


def _move_model(matrix: Any, moves: list[int]) -> tuple[Any, Any]:
    """Softmax weights and biases per move (rows in MOVES order) from a logistic regression.

    A move never seen as the right one gets a bias of -30, so it is never taken; with one
    move seen, that move is always taken; with two, the binary model's one row of weights
    scores the second against the first."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = np.zeros((len(MOVES), matrix.shape[1]))
    bias = np.full(len(MOVES), -30.0)
    classes = sorted(set(moves))
    if len(classes) == 1:
        bias[classes[0]] = 0.0
        return rows, bias
    model = LogisticRegression(C=1.0, max_iter=3000).fit(matrix, moves)
    if len(classes) == 2:
        bias[classes[0]] = 0.0
        rows[classes[1]] = model.coef_[0]
        bias[classes[1]] = model.intercept_[0]
        return rows, bias
    for k, c in enumerate(int(c) for c in model.classes_):
        rows[c] = model.coef_[k]
        bias[c] = model.intercept_[k]
    return rows, bias


def _cross_moves(matrix: Any, found: list[Example], folds: Any) -> list[int]:
    """Each example's move as a model that did not see its fold would choose it."""
    import numpy as np

    chosen = [0] * len(found)
    everyone = np.arange(len(found))
    for train_idx, test_idx in folds.split(everyone, [e.overlaps for e in found]):
        fold = [(i, m) for i in train_idx if (m := found[i].move) is not None]
        rows, bias = _move_model(matrix[[i for i, _ in fold]], [m for _, m in fold])
        scores = matrix[test_idx] @ rows.T + bias
        for i, pick in zip(test_idx, scores.argmax(axis=1), strict=True):
            chosen[i] = int(pick)
    return chosen


def _best_threshold(
    found: list[Example], chance: Any, moves: list[int], gold_cues: int
) -> tuple[float, float]:
    """The keep threshold with the best exact cue F1 (first fragments moved, the rest as is)."""
    best = (0.0, -1.0)
    for threshold in [0.0, *_THRESHOLDS]:
        exact = predicted = 0
        for example, p, move in zip(found, chance, moves, strict=True):
            if p < threshold:
                continue
            predicted += 1 + example.other_fragments
            exact += example.exact_after[move] + example.other_exact
        f1 = 2 * exact / (gold_cues + predicted) if gold_cues + predicted else 0.0
        if f1 > best[1]:
            best = (threshold, f1)
    return best


def train(data: Path, out: Path, limit: int = 0) -> dict[str, Any]:
    """Fit on PolNeAR train and write the calibration file; returns its summary."""
    articles = load_split(data, "train")
    if limit:
        articles = articles[:limit]
    found: list[Example] = []
    for batch in examples(articles):
        found.extend(batch)
    gold_cues = sum(len(r.cue) for a in articles for r in a.relations)
    info = {"corpus": "PolNeAR", "split": "train", "articles": len(articles)}
    calibration = fit(found, gold_cues, info)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(calibration.to_json(), ensure_ascii=False) + "\n", encoding="utf-8")
    return {**calibration.info, "threshold": calibration.threshold, "file": str(out)}
