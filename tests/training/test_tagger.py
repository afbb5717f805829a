"""Accurate mode with torch and onnxruntime: resumable training and the exported model.

A tiny random encoder, a ten-word tokenizer and a made-up PolNeAR folder keep this fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("tokenizers")
pytest.importorskip("safetensors")

ARTICLES = {
    "a": "The mayor said the council will vote.\n\n“It will pass,” she added.",
    "b": "Aides warned that the plan was dead.\nThe clerk said nothing.",
    "c": "According to the memo, the vote is on Tuesday.",
}
GOLD = {  # (source, cue, content) as words of the text
    "a": [("The mayor", "said", "the council will vote"), ("she", "added", "“It will pass,”")],
    "b": [("Aides", "warned", "the plan was dead"), ("The clerk", "said", "nothing")],
    "c": [("the memo", "According to", "the vote is on Tuesday")],
}


def _encoder(folder: Path) -> None:
    from safetensors.torch import save_file
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    from reportedly.training.tagger.model import BertConfig, Tagger

    words = sorted(
        {
            w
            for text in ARTICLES.values()
            for w in text.lower()
            .replace(".", " . ")
            .replace(",", " , ")
            .replace("“", " “ ")
            .replace("”", " ” ")
            .split()
        }
    )
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *words])}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    folder.mkdir()
    tok.save(str(folder / "tokenizer.json"))
    config = {
        "vocab_size": len(vocab),
        "hidden_size": 16,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "intermediate_size": 32,
        "max_position_embeddings": 64,
    }
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    torch.manual_seed(0)
    save_file(Tagger(BertConfig(**config)).bert.state_dict(), str(folder / "model.safetensors"))


def _corpus(root: Path) -> None:
    for split in ("train", "dev"):
        (root / split / "text").mkdir(parents=True)
        (root / split / "attributions").mkdir()
        for name, text in ARTICLES.items():
            (root / split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
            lines, n = [], 0
            for k, rel in enumerate(GOLD[name], 1):
                ids = []
                for kind, words in zip(("Source", "Cue", "Content"), rel, strict=True):
                    n += 1
                    a = text.index(words)
                    lines.append(f"T{n}\t{kind} {a} {a + len(words)}\t{words}")
                    ids.append(f"{kind}:T{n}")
                lines.append(f"E{k}\tAttribution:T{n - 1} {' '.join(ids)}")
            (root / split / "attributions" / f"{name}_x.ann").write_text(
                "\n".join(lines) + "\n", encoding="utf-8"
            )


@pytest.fixture()
def setup(tmp_path: Path) -> tuple[Path, Path]:
    _encoder(tmp_path / "enc")
    _corpus(tmp_path / "polnear")
    return tmp_path / "enc", tmp_path / "polnear"


def _config(max_steps: int, epochs: int = 3):
    from reportedly.training.tagger.train import TrainConfig

    return TrainConfig(
        epochs=epochs,
        batch_size=2,
        max_tokens=12,
        lr=1e-3,
        checkpoint_every=1,
        log_every=1,
        max_steps=max_steps,
    )


def test_resume_continues_exactly(setup: tuple[Path, Path], tmp_path: Path) -> None:
    from reportedly.training.tagger.train import train

    enc, data = setup
    straight = train(data, tmp_path / "straight", _config(5), enc)
    first = train(data, tmp_path / "resumed", _config(2), enc)
    assert first.step == 2 and first.done
    again = train(data, tmp_path / "resumed", _config(5), enc)
    assert again.step == straight.step == 5
    a = torch.load(tmp_path / "straight" / "last.pt", weights_only=False)
    b = torch.load(tmp_path / "resumed" / "last.pt", weights_only=False)
    for key, value in a["model"].items():
        assert torch.equal(value, b["model"][key]), key
    assert a["scheduler"]["last_epoch"] == b["scheduler"]["last_epoch"]
    assert a["state"]["epoch"] == b["state"]["epoch"] and a["state"]["batch"] == b["state"]["batch"]
    log = [json.loads(line) for line in (tmp_path / "resumed" / "log.jsonl").open()]
    assert [r["step"] for r in log if r["event"] == "step"] == [1, 2, 3, 4, 5]
    assert any(r["event"] == "epoch" and "dev" in r for r in log)


def _losses_of_30_steps(setup: tuple[Path, Path], run: Path, precision: str) -> list[float]:
    from reportedly.training.tagger.train import train

    enc, data = setup
    cfg = _config(30, epochs=10)
    cfg.precision = precision
    cfg.patience = 10  # all 30 steps: the tiny dev set would stop the run early
    train(data, run, cfg, enc)
    log = [json.loads(line) for line in (run / "log.jsonl").open()]
    return [r["loss"] for r in log if r["event"] == "step"]


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_training_lowers_the_loss(setup: tuple[Path, Path], tmp_path: Path, precision: str) -> None:
    losses = _losses_of_30_steps(setup, tmp_path / "run", precision)
    assert len(losses) == 30
    assert losses[-1] < losses[0] * 0.7
    saved = torch.load(tmp_path / "run" / "last.pt", weights_only=False)
    assert saved["config"]["precision"] == precision
    # bfloat16 runs only the forward pass: weights stay float32
    assert {v.dtype for v in saved["model"].values() if v.is_floating_point()} == {torch.float32}


def test_train_command_refuses_an_unknown_precision(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reportedly.cli import app

    result = CliRunner().invoke(
        app, ["train", "attribution", "--data", str(tmp_path), "--precision", "fp8"]
    )
    assert result.exit_code == 2
    assert "fp32 or bf16" in result.output


def test_layer_decay_gives_lower_layers_lower_rates() -> None:
    from reportedly.training.tagger.model import BertConfig, Tagger
    from reportedly.training.tagger.train import TrainConfig, make_optimizer

    model = Tagger(
        BertConfig(
            vocab_size=8,
            hidden_size=4,
            num_hidden_layers=3,
            num_attention_heads=1,
            intermediate_size=8,
        )
    )
    cfg = TrainConfig(lr=1e-4, head_lr=1e-3, layer_decay=0.5)
    opt, _ = make_optimizer(model, cfg, total=100)
    rate = {id(p): group["initial_lr"] for group in opt.param_groups for p in group["params"]}
    named = dict(model.named_parameters())

    def of(name: str) -> float:
        return rate[id(named[name])]

    assert of("head.weight") == pytest.approx(1e-3)
    assert of("bert.encoder.layer.2.attention.self.query.weight") == pytest.approx(1e-4)
    assert of("bert.encoder.layer.1.output.dense.weight") == pytest.approx(5e-5)
    assert of("bert.encoder.layer.0.intermediate.dense.bias") == pytest.approx(2.5e-5)
    assert of("bert.embeddings.word_embeddings.weight") == pytest.approx(1.25e-5)
    plain, _ = make_optimizer(model, TrainConfig(lr=1e-4), total=100)
    encoder = {g["initial_lr"] for g in plain.param_groups} - {TrainConfig().head_lr}
    assert encoder == {1e-4}


def test_train_command_refuses_a_layer_decay_above_one(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reportedly.cli import app

    result = CliRunner().invoke(
        app, ["train", "attribution", "--data", str(tmp_path), "--layer-decay", "1.5"]
    )
    assert result.exit_code == 2
    assert "(0, 1]" in result.output


def test_onnx_export_matches_torch(setup: tuple[Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    import numpy as np

    from reportedly.tagger.backend import OnnxTagger
    from reportedly.tagger.predict import article_spans
    from reportedly.tagger.windows import windows
    from reportedly.training.tagger.export import export, load_trained
    from reportedly.training.tagger.train import predict_logits, train

    enc, data = setup
    train(data, tmp_path / "run", _config(30, epochs=10), enc)
    model = load_trained(tmp_path / "run" / "best.pt")
    export(model, enc / "tokenizer.json", tmp_path / "onnx", keep_float=True, max_tokens=12)
    tagger = OnnxTagger(tmp_path / "onnx")
    text = ARTICLES["a"]
    wins = windows(tagger.tokenizer, text, None, 12)
    ours = predict_logits(model, wins)
    # the float graph is the same function; the int8 one is checked by its decisions
    import onnxruntime as ort

    fp32 = ort.InferenceSession(str(tmp_path / "onnx" / "tagger.fp32.onnx"))
    for w, expected in zip(wins, ours, strict=True):
        ids = np.array([w.ids], dtype=np.int64)
        (got,) = fp32.run(["logits"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        assert np.allclose(got[0], expected, atol=1e-4)
    # the backend's batching and decoding give exactly the torch spans on the float graph
    for decoding in ("argmax", "viterbi"):
        exact = OnnxTagger(tmp_path / "onnx", file="tagger.fp32.onnx", decoding=decoding)
        assert exact.spans(text) == article_spans(text, wins, ours, decoding)
    # the int8 graph decides on its own (a random tiny model sits near ties): spans stay valid
    for spans in tagger.spans(text).values():
        assert all(0 <= a < b <= len(text) and not text[a].isspace() for a, b in spans)
    import onnx

    graph = onnx.load(str(tmp_path / "onnx" / "tagger.onnx")).graph
    ops = {node.op_type for node in graph.node}
    assert "MatMulInteger" in ops or "DynamicQuantizeMatMul" in ops
    # 7-bit weights by default: no int16 saturation on CPUs without VNNI
    from onnx import numpy_helper

    weights = [
        numpy_helper.to_array(t) for t in graph.initializer if t.data_type == onnx.TensorProto.INT8
    ]
    assert weights and max(int(abs(w.astype(int)).max()) for w in weights) <= 64
    meta = json.loads((tmp_path / "onnx" / "tagger.json").read_text(encoding="utf-8"))
    assert meta["quantisation"]["reduce_range"] is True


def test_tagger_backend_in_the_pipeline(setup: tuple[Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from reportedly.pipeline import Analyzer
    from reportedly.tagger.backend import TaggerBackend, use_tagger
    from reportedly.training.tagger.export import export, load_trained
    from reportedly.training.tagger.train import train

    enc, data = setup
    train(data, tmp_path / "run", _config(30, epochs=10), enc)
    export(load_trained(tmp_path / "run" / "best.pt"), enc / "tokenizer.json", tmp_path / "onnx")
    analyzer = Analyzer()
    use_tagger(analyzer.nlp, tmp_path / "onnx")
    assert isinstance(analyzer.nlp.get_pipe("reportedly_attribution").backend, TaggerBackend)
    report = analyzer.analyze(ARTICLES["b"])
    backend = analyzer.nlp.get_pipe("reportedly_attribution").backend
    text = report.document.text
    cued = [r for r in backend.tagger.relations(text) if r.cue]
    assert sorted(tuple((s.start, s.end) for s in c.cues) for c in report.claims) == sorted(
        r.cue for r in cued
    )
    assert all(c.backend == "tagger" for c in report.claims)


def test_init_from_starts_at_the_given_weights(setup: tuple[Path, Path], tmp_path: Path) -> None:
    from dataclasses import replace

    from reportedly.training.tagger.train import train

    enc, data = setup
    train(data, tmp_path / "first", _config(3), enc)
    frozen = replace(_config(1), lr=0.0, head_lr=0.0, init_from=str(tmp_path / "first" / "best.pt"))
    train(data, tmp_path / "second", frozen, enc)
    a = torch.load(tmp_path / "first" / "best.pt", weights_only=False)["model"]
    b = torch.load(tmp_path / "second" / "last.pt", weights_only=False)["model"]
    for key, value in a.items():
        assert torch.equal(value, b[key]), key
    from reportedly.training.tagger.export import steps_info

    info = steps_info(tmp_path / "second", "last.pt")
    assert info["steps"] == 3 + 1
    assert info["steps_note"] == f"4: 3 in {tmp_path / 'first' / 'best.pt'} + 1 in second"
