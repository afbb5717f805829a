"""The tagger network: a small BERT encoder (all-MiniLM-L6-v2 shape) and one O/B/I head per
role. Written out here (parameter names as in the published weights) so training needs torch
alone and export sees plain matmuls.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from reportedly.tagger.labels import ROLES, TAGS


@dataclass
class BertConfig:
    vocab_size: int = 30522
    hidden_size: int = 384
    num_hidden_layers: int = 6
    num_attention_heads: int = 12
    intermediate_size: int = 1536
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1

    @classmethod
    def from_file(cls, path: Path) -> BertConfig:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: raw[k] for k in asdict(cls()) if k in raw})


class Embeddings(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=0)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, ids: Tensor) -> Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.word_embeddings(ids) + self.position_embeddings(positions)
        x = x + self.token_type_embeddings.weight[0]
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.heads = c.num_attention_heads
        self.size = c.hidden_size // c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout = nn.Dropout(c.attention_probs_dropout_prob)

    def _split(self, x: Tensor) -> Tensor:
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.size).transpose(1, 2)

    def forward(self, x: Tensor, bias: Tensor) -> Tensor:
        q, k, v = self._split(self.query(x)), self._split(self.key(x)), self._split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.size) + bias
        ctx = self.dropout(scores.softmax(-1)) @ v
        b, _, t, _ = ctx.shape
        return ctx.transpose(1, 2).reshape(b, t, self.heads * self.size)


class DenseNorm(nn.Module):
    """``dense`` then dropout, residual and ``LayerNorm`` (BERT's output blocks)."""

    def __init__(self, c: BertConfig, inner: int) -> None:
        super().__init__()
        self.dense = nn.Linear(inner, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, x: Tensor, residual: Tensor) -> Tensor:
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class Attention(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.self = SelfAttention(c)
        self.output = DenseNorm(c, c.hidden_size)

    def forward(self, x: Tensor, bias: Tensor) -> Tensor:
        return self.output(self.self(x, bias), x)


class Intermediate(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)

    def forward(self, x: Tensor) -> Tensor:
        return F.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = DenseNorm(c, c.intermediate_size)

    def forward(self, x: Tensor, bias: Tensor) -> Tensor:
        x = self.attention(x, bias)
        return self.output(self.intermediate(x), x)


class Encoder(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.layer = nn.ModuleList(Layer(c) for _ in range(c.num_hidden_layers))

    def forward(self, x: Tensor, bias: Tensor) -> Tensor:
        for layer in self.layer:
            x = layer(x, bias)
        return x


class Bert(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Encoder(c)

    def forward(self, ids: Tensor, mask: Tensor) -> Tensor:
        bias = (1.0 - mask[:, None, None, :].to(torch.float32)) * -1e4
        return self.encoder(self.embeddings(ids), bias)


class Tagger(nn.Module):
    """Encoder plus a linear head: logits ``[batch, pieces, role, tag]``."""

    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.config = c
        self.bert = Bert(c)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)
        self.head = nn.Linear(c.hidden_size, len(ROLES) * len(TAGS))

    def forward(self, ids: Tensor, mask: Tensor) -> Tensor:
        h = self.dropout(self.bert(ids, mask))
        b, t, _ = h.shape
        return self.head(h).view(b, t, len(ROLES), len(TAGS))


def load_bert_weights(bert: nn.Module, folder: Path) -> None:
    """Put ``folder/model.safetensors`` (a sentence-transformers BERT) into ``bert``; the
    pooler and position-id buffers are not used."""
    from safetensors.torch import load_file

    weights = {
        k: v
        for k, v in load_file(str(folder / "model.safetensors")).items()
        if not k.startswith("pooler.") and k != "embeddings.position_ids"
    }
    missing, unexpected = bert.load_state_dict(weights, strict=False)
    if missing or unexpected:
        raise ValueError(f"encoder weights do not fit: missing {missing}, extra {unexpected}")


def from_pretrained(folder: Path) -> Tagger:
    """A tagger whose encoder holds the weights in ``folder/model.safetensors``."""
    model = Tagger(BertConfig.from_file(folder / "config.json"))
    load_bert_weights(model.bert, folder)
    return model
