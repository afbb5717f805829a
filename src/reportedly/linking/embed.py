"""Sentence embeddings for cross-outlet linking: the packaged all-MiniLM-L6-v2 encoder
(``models/sentence-encoder``, int8 ONNX whose graph does the mean pooling and L2
normalisation) run with onnxruntime and tokenizers only, no torch.

Two claims that state the same proposition in other words get embeddings with a high dot
product (the rows are unit length, so the dot product is the cosine).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from reportedly import resources

#: Where the package keeps the encoder (``encoder.onnx`` and the files beside it).
SHIPPED = "models/sentence-encoder"
FILES = ("encoder.onnx", "tokenizer.json", "encoder.json")
DIMS = 384
#: The shape of ``encoder.json`` (written by ``training.encoder.export``).
META_SCHEMA: resources.Schema = {"max_tokens": int}
META_OPTIONAL: resources.Schema = {"dims": int, "output": str, "format": str}
#: Padding pieces a batch may hold whatever its share.
_SLACK = 64


def shipped_model() -> Path:
    """The encoder folder inside the installed package."""
    return Path(__file__).resolve().parent.parent / SHIPPED


def available(folder: Path | None = None) -> bool:
    """Whether the runtime (onnxruntime, tokenizers) and the model files are there; cheap:
    nothing is loaded."""
    folder = folder or shipped_model()
    runtime = all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "tokenizers"))
    return runtime and all((folder / name).is_file() for name in FILES)


class SentenceEncoder:
    """The exported encoder in a folder (``encoder.onnx``, ``tokenizer.json``,
    ``encoder.json``); ``load`` finds the packaged one."""

    def __init__(self, folder: Path, threads: int = 1, file: str = "encoder.onnx") -> None:
        meta = resources.load_model_json(
            "encoder.json", META_SCHEMA, root=folder, optional=META_OPTIONAL
        )
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.meta: dict[str, Any] = meta
        self.dims = int(meta.get("dims", DIMS))
        self.max_tokens = int(meta["max_tokens"])
        self.output = str(meta.get("output", "embedding"))
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_tokens)
        self.tokenizer = tokenizer
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(
            str(folder / file), options, providers=["CPUExecutionProvider"]
        )

    @classmethod
    def load(cls, threads: int = 1, *, folder: Path | None = None) -> SentenceEncoder | None:
        """The packaged encoder (or the one in ``folder``), or None when onnxruntime,
        tokenizers or the model files are missing."""
        folder = folder or shipped_model()
        if not available(folder):
            return None
        return cls(folder, threads)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length float32 rows ``(len(texts), dims)``, in the order of ``texts``; texts
        longer than ``max_tokens`` word pieces are cut. Texts are run shortest first, in
        batches of up to ``batch_size`` that a much longer text does not pad out."""
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        if not texts:
            return out
        ids = [enc.ids for enc in (self.tokenizer.encode(t) for t in texts)]
        for idx in _batches(ids, max(1, batch_size)):
            width = len(ids[idx[-1]])
            batch = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for k, i in enumerate(idx):
                batch[k, : len(ids[i])] = ids[i]
                mask[k, : len(ids[i])] = 1
            (result,) = self.session.run(
                [self.output], {"input_ids": batch, "attention_mask": mask}
            )
            out[idx] = result
        return out


def _batches(ids: Sequence[Sequence[int]], size: int) -> list[list[int]]:
    """Indices of ``ids`` by length, cut into batches of at most ``size`` whose padding stays
    under a third of the pieces run (or under ``_SLACK`` pieces)."""
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    batches: list[list[int]] = []
    current: list[int] = []
    real = 0
    for i in order:
        n = len(ids[i])
        padded = (len(current) + 1) * n
        if current and (
            len(current) == size or (padded > 1.5 * (real + n) and padded - real - n > _SLACK)
        ):
            batches.append(current)
            current, real = [], 0
        current.append(i)
        real += n
    if current:
        batches.append(current)
    return batches


@cache
def default_encoder() -> SentenceEncoder | None:
    """The packaged encoder on one thread, loaded once per process (None where unavailable)."""
    return SentenceEncoder.load(threads=1)
