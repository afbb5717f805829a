"""Inference with onnxruntime and tokenizers only (no torch): the ``tagger`` attribution
backend, producing the same ``Claim`` records as the rule backend.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportedly.evaluation.polnear_data import GoldRelation
from reportedly.model import Claim, ScareQuote, Source
from reportedly.model import Span as TextSpan
from reportedly.tagger.labels import ROLES
from reportedly.tagger.predict import Spans, article_spans, relations
from reportedly.tagger.windows import MAX_TOKENS, Window, load_tokenizer, windows

_BATCH = 8
#: Where the package keeps its trained tagger (``tagger.onnx`` and the files beside it).
SHIPPED = "models/attribution-tagger"


class AccurateModeUnavailable(RuntimeError):
    """Accurate mode was asked for but cannot run here (missing extra or model files)."""


def shipped_model() -> Path:
    """The tagger folder inside the installed package."""
    return Path(__file__).resolve().parent.parent / SHIPPED


def model_name(folder: Path) -> str:
    """What a report names as the model: format, training steps and export date."""
    meta = json.loads((folder / "tagger.json").read_text(encoding="utf-8"))
    name = str(meta.get("format", "reportedly-tagger"))
    if meta.get("steps"):
        name += f", {meta['steps']} steps"
    if meta.get("date"):
        name += f", exported {meta['date']}"
    return name


class OnnxTagger:
    """The exported tagger in ``folder`` (``tagger.onnx``, ``tokenizer.json``, ``tagger.json``)."""

    def __init__(
        self, folder: Path, threads: int = 1, file: str = "tagger.onnx", decoding: str = "viterbi"
    ) -> None:
        try:
            import onnxruntime as ort
            import tokenizers  # noqa: F401
        except ImportError as exc:
            raise AccurateModeUnavailable(
                f"accurate mode needs onnxruntime and tokenizers ({exc.name} is missing): "
                "pip install 'reportedly[accurate]'"
            ) from None
        missing = [n for n in (file, "tokenizer.json", "tagger.json") if not (folder / n).is_file()]
        if missing:
            raise AccurateModeUnavailable(
                f"no trained tagger at {folder} (missing {', '.join(missing)})"
            )
        self.decoding = decoding
        meta = json.loads((folder / "tagger.json").read_text(encoding="utf-8"))
        if tuple(meta["roles"]) != ROLES:
            raise ValueError(f"tagger roles {meta['roles']} differ from {ROLES}")
        self.max_tokens = int(meta.get("max_tokens", MAX_TOKENS))
        self.tokenizer = load_tokenizer(str(folder / "tokenizer.json"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(folder / file), options, providers=["CPUExecutionProvider"]
        )

    def logits(self, items: Sequence[Window]) -> list[Any]:
        """One ``[pieces, role, tag]`` array per window, run in length-sorted batches."""
        import numpy as np

        order = sorted(range(len(items)), key=lambda i: len(items[i].ids))
        out: list[Any] = [None] * len(items)
        for j in range(0, len(order), _BATCH):
            idx = order[j : j + _BATCH]
            width = max(len(items[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for k, i in enumerate(idx):
                n = len(items[i].ids)
                ids[k, :n] = items[i].ids
                mask[k, :n] = 1
            (result,) = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
            for k, i in enumerate(idx):
                out[i] = result[k, : len(items[i].ids)]
        return out

    def spans(self, text: str) -> Spans:
        wins = windows(self.tokenizer, text, None, self.max_tokens)
        return article_spans(text, wins, self.logits(wins), self.decoding)

    def relations(self, text: str) -> list[GoldRelation]:
        return relations(text, self.spans(text))


def to_claims(text: str, rels: Sequence[GoldRelation], backend: str = "tagger") -> list[Claim]:
    """Claims (ids c1.. in text order) from linked relations; cue-less ones are dropped."""
    claims: list[Claim] = []
    for rel in rels:
        if not rel.cue:
            continue
        content = [TextSpan.of(text, a, b) for a, b in rel.content]
        source = Source(span=TextSpan.of(text, *rel.source[0])) if rel.source else None
        quoted = bool(content) and all(s.text[:1] in "\"“'‘" for s in content)
        claims.append(
            Claim(
                id=f"c{len(claims) + 1}",
                cues=[TextSpan.of(text, a, b) for a, b in rel.cue],
                source=source,
                chain=[source] if source is not None else [],
                content=content,
                form="direct" if quoted else "indirect",
                backend=backend,
            )
        )
    for claim in claims:
        cue = claim.cues[0]
        for other in claims:
            if other is not claim and any(
                s.start <= cue.start and cue.end <= s.end for s in other.content
            ):
                claim.parent_id = other.id
                break
    return claims


class TaggerBackend:
    """``AttributionBackend`` over the exported tagger; scare quotes as the rule engine finds
    them, outside the tagger's contents."""

    name = "tagger"

    def __init__(self, folder: Path, threads: int = 1) -> None:
        self.tagger = OnnxTagger(folder, threads)

    def extract(self, doc: Any) -> tuple[list[Claim], list[ScareQuote]]:
        from reportedly.attribution.engine import scare_quotes
        from reportedly.attribution.quotes import find_quotes

        claims = to_claims(doc.text, self.tagger.relations(doc.text))
        return claims, scare_quotes(doc, find_quotes(doc.text), claims)


def use_tagger(nlp: Any, folder: Path, threads: int = 1) -> None:
    """Swap the attribution stage of a loaded pipeline to the tagger (accurate mode) until
    the stage config names it; the stage itself is untouched."""
    nlp.get_pipe("reportedly_attribution").backend = TaggerBackend(folder, threads)
