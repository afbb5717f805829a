"""Cue calibration: where a rule-found cue begins and ends, and how sure the rules can be.

The rules find cues by lexicon and parse, but where PolNeAR puts a cue's edges ("said
Tuesday", "went on to say", "has long argued") and which finds are no attribution at all turn
on context that no single rule sees. Two logistic models over sparse features of each draft and
its neighbouring tokens, learned on PolNeAR train (``reportedly train cue-calibration``),
answer that:

- ``moves``: which small move of the cue's edges (a token more or fewer on either side, or
  none) gives the cue;
- ``keep``: the chance that the draft is an attribution at all; it becomes the claim's
  ``confidence``, and drafts under the model's threshold are dropped.

Claims nested in another claim's content and those read off the layout are not judged.

The weights are a JSON file (``models/cue-calibration.json``), read and checked through
``reportedly.resources`` once per process.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from reportedly import resources
from reportedly.attribution.drafts import Draft
from reportedly.attribution.spans import CharRange, chars, doc_text, strip_edges
from reportedly.ranges import RangeIndex

#: Edge moves, as (tokens added on the left, tokens added on the right); negative trims.
MOVES: tuple[tuple[int, int], ...] = (
    (0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (2, 0), (1, 1), (0, -1), (-1, 0),
)  # fmt: skip
SHIPPED = "cue-calibration.json"
#: The shape of a calibration file (``Calibration.to_json``).
SCHEMA: resources.Schema = {
    "moves": list,
    "threshold": (int, float),
    "move_bias": list,
    "keep_bias": (int, float),
    "move_weights": dict,
    "keep_weights": dict,
}
OPTIONAL: resources.Schema = {"format": str, "info": dict}
_OPENING_QUOTES = '“"'


@dataclass(frozen=True)
class Calibration:
    """The two linear models: feature weights per move, and for keeping a draft."""

    move_weights: dict[str, list[float]]
    move_bias: list[float]
    keep_weights: dict[str, float]
    keep_bias: float
    threshold: float
    info: dict[str, Any]

    def move(self, features: list[str]) -> tuple[int, int]:
        scores = list(self.move_bias)
        for feature in features:
            weights = self.move_weights.get(feature)
            if weights is not None:
                scores = [s + w for s, w in zip(scores, weights, strict=True)]
        return MOVES[max(range(len(scores)), key=scores.__getitem__)]

    def keep(self, features: list[str]) -> float:
        score = self.keep_bias + sum(self.keep_weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def apply(self, doc: Doc, drafts: list[Draft]) -> list[Draft]:
        """Move each draft's cue edges, set its confidence, drop those under the threshold.

        A draft nested only in drafts that were dropped stands on its own and is judged in
        the next round."""
        done: set[int] = set()
        for _ in range(3):
            kept = []
            for draft, judged in zip(drafts, judged_drafts(drafts), strict=True):
                span = cue_span(doc, draft) if judged and id(draft) not in done else None
                if span is None:
                    kept.append(draft)
                    continue
                done.add(id(draft))
                if self._judge(doc, draft, span):
                    kept.append(draft)
            if len(kept) == len(drafts):
                return kept
            drafts = kept
        return drafts

    def _judge(self, doc: Doc, draft: Draft, span: Span) -> bool:
        found = features(doc, draft, span)
        draft.confidence = round(self.keep(found), 3)
        if draft.confidence < self.threshold:
            return False
        moved = moved_cue(doc, draft, span, self.move(found))
        if moved is not None:
            draft.cues[0] = moved
            draft.content = _without(doc, draft.content, moved)
        return True

    @property
    def name(self) -> str:
        """How reports name it: what it was trained on."""
        trained = self.info.get("split", "?")
        return f"cue-calibration ({self.info.get('corpus', '?')} {trained})"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "reportedly-cue-calibration/1",
            "moves": [list(m) for m in MOVES],
            "threshold": self.threshold,
            "info": self.info,
            "move_bias": self.move_bias,
            "keep_bias": self.keep_bias,
            "move_weights": self.move_weights,
            "keep_weights": self.keep_weights,
        }


def load(path: Path | None = None) -> Calibration:
    """A calibration file (the shipped one by default)."""
    if path is None:
        return shipped()
    data = resources.load_model_json(path.name, SCHEMA, root=path.parent, optional=OPTIONAL)
    return _parse(data, str(path))


@functools.cache
def shipped() -> Calibration:
    """The calibration shipped in the package, read once per process."""
    data = resources.load_model_json(SHIPPED, SCHEMA, optional=OPTIONAL)
    return _parse(data, f"models/{SHIPPED}")


def _parse(data: dict[str, Any], label: str) -> Calibration:
    if [tuple(m) for m in data["moves"]] != list(MOVES):
        raise resources.ResourceError(f"{label}: made for other cue moves; retrain it")
    if len(data["move_bias"]) != len(MOVES):
        raise resources.ResourceError(
            f"{label}: 'move_bias' has {len(data['move_bias'])} values, not {len(MOVES)}"
        )
    return Calibration(
        move_weights=data["move_weights"],
        move_bias=data["move_bias"],
        keep_weights=data["keep_weights"],
        keep_bias=data["keep_bias"],
        threshold=data["threshold"],
        info=data.get("info", {}),
    )


def judged_drafts(drafts: list[Draft]) -> list[bool]:
    """Which drafts the calibration judges: not those read off the layout or marked unjudged
    (``Draft.judged``), and not those nested in another draft's content (PolNeAR marks no
    nested attributions, so train has nothing to say about them; the report keeps them,
    linked to their parent)."""
    contents = RangeIndex((a, b, id(d)) for d in drafts for a, b in d.content)
    return [
        not draft.fixed
        and draft.judged
        and not any(owner != id(draft) for _, _, owner in contents.covering(*draft.cues[0]))
        for draft in drafts
    ]


def cue_span(doc: Doc, draft: Draft) -> Span | None:
    a, b = draft.cues[0]
    return doc.char_span(a, b, alignment_mode="expand")


def moved_cue(doc: Doc, draft: Draft, span: Span, move: tuple[int, int]) -> CharRange | None:
    """The cue's first fragment after ``move``, or None when it stays or cannot move there."""
    if move == (0, 0):
        return None
    start, end = span.start - move[0], span.end + move[1]
    if start < 0 or end > len(doc) or end <= start:
        return None
    if any(t.is_space or "\n" in t.text for t in doc[start:end]):
        return None
    if draft.source is not None and start <= draft.source[1] and draft.source[0] < end:
        return None  # the cue may not eat its own source
    return chars(doc, (start, end - 1))


def _without(doc: Doc, content: list[CharRange], cue: CharRange) -> list[CharRange]:
    """Content pieces with the cue's characters taken out (it grew into them)."""
    text = doc_text(doc)
    out = []
    for a, b in content:
        if cue[1] <= a or b <= cue[0]:
            out.append((a, b))
            continue
        a, b = strip_edges(text, *((cue[1], b) if cue[0] <= a else (a, cue[0])))
        if b > a:
            out.append((a, b))
    return out


def _token(token: Token, name: str, head: Token) -> list[str]:
    return [
        f"{name}w={token.lower_}",
        f"{name}p={token.pos_}",
        f"{name}d={token.dep_}",
        f"{name}e={token.ent_type_}",
        f"{name}h={token.head.i == head.i}",
        f"{name}wd={token.lower_}|{token.dep_}",
    ]


def features(doc: Doc, draft: Draft, span: Span) -> list[str]:
    """What the models read: the cue, its head's parse, the draft's shape, the tokens around."""
    head = span.root
    lemma = head.lemma_.lower()
    text = doc_text(doc)
    out = [
        f"hl={lemma}",
        f"hp={head.pos_}",
        f"ht={head.tag_}",
        f"hd={head.dep_}",
        f"cue={span.text.lower()}",
        f"len={len(span)}",
        f"first={span[0].lower_}",
        f"last={span[-1].lower_}",
        f"nfrag={len(draft.cues)}",
        f"src={draft.source is not None}",
        f"ncont={len(draft.content)}",
        f"form={draft.form}",
    ]
    if draft.content:
        a = min(a for a, _ in draft.content)
        b = max(b for _, b in draft.content)
        after = a >= span.end_char
        out += [
            f"cafter={after}",
            f"cq={text[a] in _OPENING_QUOTES}",
            f"l_cafter={lemma}|{after}",
            f"clen={min(5, (b - a) // 40)}",
        ]
    if draft.source is not None:
        out.append(f"safter={draft.source[0] >= span.end}")
    for k in (1, 2, 3):
        j = span.end - 1 + k
        if j < len(doc):
            out += _token(doc[j], f"n{k}", head)
            if k == 1:
                out.append(f"l_n1={lemma}|{doc[j].lower_}")
    for k in (1, 2):
        j = span.start - k
        if j >= 0:
            out += _token(doc[j], f"p{k}", head)
            if k == 1:
                out.append(f"l_p1={lemma}|{doc[j].lower_}")
    out += [f"k={child.dep_}" for child in head.children]
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects:
        kind = subjects[0].ent_type_ or subjects[0].pos_
        out += [f"se={kind}", f"lse={lemma}|{kind}"]
    return out
