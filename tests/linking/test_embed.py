"""The packaged sentence encoder (``reportedly.linking.embed``): paraphrases closer than
unrelated sentences, unit rows, order kept through length-sorted batches, empty input,
determinism. Skipped where onnxruntime, tokenizers or the model files are missing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reportedly.linking import embed

if not embed.available():
    pytest.skip(
        "no sentence encoder here (onnxruntime/tokenizers or models/sentence-encoder missing)",
        allow_module_level=True,
    )

AID = "The president said aid would be sent quickly."
AID_PARAPHRASE = "He promised to move fast on sending military aid."
BARLEY = "Farmers began the barley harvest early."

PAIRS = [
    (
        "The central bank raised interest rates by a quarter point.",
        "Policymakers lifted borrowing costs by 25 basis points.",
        "The museum reopened its Egyptian gallery after renovation.",
    ),
    (
        "Police arrested three men over the robbery.",
        "Three suspects were detained in connection with the heist.",
        "The orchestra announced its summer concert programme.",
    ),
    (
        "The minister denied she had been asked to resign.",
        "She rejected reports that she was told to step down.",
        "Heavy rain flooded several roads in the valley.",
    ),
]

TEXTS = [
    AID,
    BARLEY,
    "ok",
    "",
    "Officials confirmed that at least 42 people were killed in the flooding on Sunday night.",
    "Is the ceasefire going to hold?",
    AID_PARAPHRASE,
    " ".join(["The committee's report, which runs to more than 400 pages, concludes"] * 40),
]


@pytest.fixture(scope="module")
def encoder() -> embed.SentenceEncoder:
    loaded = embed.default_encoder()
    assert loaded is not None
    return loaded


def test_default_encoder_loads_once(encoder: embed.SentenceEncoder) -> None:
    assert embed.default_encoder() is encoder
    assert encoder.dims == 384


def test_paraphrases_score_higher_than_unrelated(encoder: embed.SentenceEncoder) -> None:
    rows = encoder.encode([AID, AID_PARAPHRASE, BARLEY])
    assert rows[0] @ rows[1] > rows[0] @ rows[2] + 0.2
    assert rows[1] @ rows[0] > rows[1] @ rows[2] + 0.2
    for claim, paraphrase, unrelated in PAIRS:
        a, b, c = encoder.encode([claim, paraphrase, unrelated])
        assert a @ b > a @ c + 0.2, (claim, paraphrase)
        assert b @ a > b @ c + 0.2, (claim, paraphrase)


def test_rows_are_unit_length_float32(encoder: embed.SentenceEncoder) -> None:
    rows = encoder.encode(TEXTS)
    assert rows.dtype == np.float32
    assert rows.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)


def test_order_is_kept_through_batches(encoder: embed.SentenceEncoder) -> None:
    """Rows come back in input order whatever the batch size (texts are sorted by length
    inside). int8 activations are scaled per batch, so rows of different batchings agree
    closely rather than exactly: each is still nearest its own text."""
    alone = np.stack([encoder.encode([t])[0] for t in TEXTS])
    for batch_size in (1, 3, 32):
        rows = encoder.encode(TEXTS, batch_size=batch_size)
        similarity = rows @ alone.T
        assert list(similarity.argmax(axis=1)) == list(range(len(TEXTS)))
        assert np.diag(similarity).min() > 0.93
    assert np.array_equal(encoder.encode(TEXTS, batch_size=1), alone)
    reversed_rows = encoder.encode(TEXTS[::-1], batch_size=1)
    assert np.array_equal(reversed_rows[::-1], alone)


def test_empty_input(encoder: embed.SentenceEncoder) -> None:
    rows = encoder.encode([])
    assert rows.shape == (0, 384)
    assert rows.dtype == np.float32


def test_deterministic(encoder: embed.SentenceEncoder) -> None:
    first = encoder.encode(TEXTS)
    assert np.array_equal(encoder.encode(TEXTS), first)
    fresh = embed.SentenceEncoder.load(threads=1)
    assert fresh is not None
    assert np.array_equal(fresh.encode(TEXTS), first)


def test_long_texts_are_cut(encoder: embed.SentenceEncoder) -> None:
    long = TEXTS[-1]
    assert len(encoder.tokenizer.encode(long).ids) == encoder.max_tokens
    assert encoder.encode([long]).shape == (1, 384)


def test_missing_model_gives_none(tmp_path: Path) -> None:
    assert embed.SentenceEncoder.load(folder=tmp_path) is None
